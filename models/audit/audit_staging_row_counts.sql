-- grain: one row per raw table: where each raw row went (staged, quarantined, collapsed, soft-deleted)
{%- set tables = staged_raw_tables() %}

with quarantined as (
    select
        source_name,
        table_name,
        count(*) as quarantined_rows
    from {{ ref('audit_quarantined_rows') }}
    group by source_name, table_name
),

{% for t in tables %}
    {{ t.source }}__{{ t.table }} as (
        select
            '{{ t.source }}' as source_name,
            '{{ t.table }}' as table_name,
            (select count(*) from {{ source(t.source, t.table) }}) as raw_rows,
            (select count(*) from {{ ref('stg_' ~ t.model) }}) as staged_rows,
            cast(sum(case when quarantine_reason is null and version_rank > 1 then 1 else 0 end) as bigint)
                as collapsed_duplicate_rows,
            {% if t.soft_deletes -%}
                cast(
                    sum(
                        case when quarantine_reason is null and version_rank = 1 and is_deleted then 1 else 0 end
                    ) as bigint
                )
            {%- else -%}
                cast(0 as bigint)
            {%- endif %} as soft_deleted_rows
        from {{ ref('base_' ~ t.model) }}
    ),

{% endfor %}
all_tables as (
    {% for t in tables %}
        select * from {{ t.source }}__{{ t.table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    all_tables.source_name,
    all_tables.table_name,
    all_tables.raw_rows,
    all_tables.staged_rows,
    coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
    coalesce(all_tables.collapsed_duplicate_rows, 0) as collapsed_duplicate_rows,
    coalesce(all_tables.soft_deleted_rows, 0) as soft_deleted_rows,
    all_tables.raw_rows - all_tables.staged_rows - coalesce(quarantined.quarantined_rows, 0)
    - coalesce(all_tables.collapsed_duplicate_rows, 0)
    - coalesce(all_tables.soft_deleted_rows, 0) as unaccounted_rows
from all_tables
left join quarantined
    on
        all_tables.source_name = quarantined.source_name
        and all_tables.table_name = quarantined.table_name
