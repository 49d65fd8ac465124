-- grain: one row per CRM opportunity history row id (quarantined and duplicate rows excluded)
with opportunity_history as (
    select * from {{ ref('base_crm__opportunity_history') }}
),

opportunity_stage_map as (
    select * from {{ ref('opportunity_stage_map') }}
)

select
    opportunity_history.opportunity_history_id,
    opportunity_history.opportunity_id,
    opportunity_history.stage_name_raw,
    case
        when opportunity_history.stage_name_raw is not null
            then coalesce(opportunity_stage_map.stage, 'unknown')
    end as stage,
    opportunity_stage_map.stage_order,
    opportunity_history.amount,
    opportunity_history.close_date,
    opportunity_history.created_at
{{ passthrough_columns('crm', 'opportunity_history', 'opportunity_history') }}
from opportunity_history
left join opportunity_stage_map
    on lower(trim(opportunity_history.stage_name_raw)) = opportunity_stage_map.raw_stage
where opportunity_history.quarantine_reason is null and opportunity_history.version_rank = 1
