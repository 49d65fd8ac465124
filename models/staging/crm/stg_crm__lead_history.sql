-- grain: one row per CRM lead field-history row id (quarantined and duplicate rows excluded)
with lead_history as (
    select * from {{ ref('base_crm__lead_history') }}
),

lead_status_map as (
    select * from {{ ref('lead_status_map') }}
),

flagged as (
    select
        *,
        coalesce(lower(field) = 'status', false) as is_status_change
    from lead_history
    where quarantine_reason is null and version_rank = 1
)

select
    flagged.lead_history_id,
    flagged.lead_id,
    flagged.field,
    flagged.old_value,
    flagged.new_value,
    flagged.is_status_change,
    case
        when flagged.is_status_change and flagged.old_value is not null
            then coalesce(old_status_map.lead_status, 'unknown')
    end as old_lead_status,
    case
        when flagged.is_status_change and flagged.new_value is not null
            then coalesce(new_status_map.lead_status, 'unknown')
    end as new_lead_status,
    flagged.created_at
{{ passthrough_columns('crm', 'lead_history', 'flagged') }}
from flagged
left join lead_status_map as old_status_map
    on flagged.is_status_change and lower(trim(flagged.old_value)) = old_status_map.raw_status
left join lead_status_map as new_status_map
    on flagged.is_status_change and lower(trim(flagged.new_value)) = new_status_map.raw_status
