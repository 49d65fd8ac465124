-- grain: one row per raw table and quarantine reason: what to fix at the source first
-- `dbt compile --select quarantine_summary`, then run the compiled SQL against the warehouse.
with quarantined as (
    select * from {{ ref('audit_quarantined_rows') }}
),

row_counts as (
    select * from {{ ref('audit_staging_row_counts') }}
)

select
    quarantined.source_name,
    quarantined.table_name,
    quarantined.quarantine_reason,
    count(*) as quarantined_rows,
    round(100.0 * count(*) / max(row_counts.raw_rows), 2) as share_of_raw_rows_pct
from quarantined
inner join row_counts
    on
        quarantined.source_name = row_counts.source_name
        and quarantined.table_name = row_counts.table_name
group by quarantined.source_name, quarantined.table_name, quarantined.quarantine_reason
order by quarantined_rows desc
