-- grain: one row: the instant the coverage and data-quality rules measure against
{# var coverage_as_of when set, else the latest CRM account change (deterministic for a given export) #}
with crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
)

{%- if var('coverage_as_of') %}
    {%- set as_of_expression = "cast('" ~ var('coverage_as_of') ~ "' as timestamp)" %}
{%- else %}
    {%- set as_of_expression = 'max(last_modified_at)' %}
{%- endif %}

select {{ as_of_expression }} as as_of_at
from crm_accounts
