-- grain: one row per raw row that could not be staged, with the reason and the raw row as JSON
{%- set tables = staged_raw_tables() %}

with
{% for t in tables %}
    {{ t.source }}__{{ t.table }} as (
        select
            '{{ t.source }}' as source_name,
            '{{ t.table }}' as table_name,
            cast({{ t.id }} as {{ dbt.type_string() }}) as record_id,
            quarantine_reason,
            raw_record
        from {{ ref('base_' ~ t.model) }}
        where quarantine_reason is not null
    ){{ ',' if not loop.last }}
{% endfor %}

{% for t in tables %}
    select * from {{ t.source }}__{{ t.table }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
