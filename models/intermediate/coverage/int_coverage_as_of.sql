-- grain: one row: the instant the coverage and data-quality rules measure against
{# var coverage_as_of when set, else the latest CRM account change (deterministic for a given export) #}
with crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
)

select
    {% if var('coverage_as_of') %}
        cast('{{ var("coverage_as_of") }}' as timestamp) as as_of_at
    {% else %}
        max(last_modified_at) as as_of_at
    {% endif %}
from crm_accounts
