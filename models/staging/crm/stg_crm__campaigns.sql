-- grain: one row per CRM campaign id (quarantined and duplicate rows excluded)
with campaigns as (
    select * from {{ ref('base_crm__campaigns') }}
)

select
    campaign_id,
    campaign_name,
    campaign_type,
    campaign_status,
    start_date,
    end_date,
    budgeted_cost,
    actual_cost,
    created_at
{{ passthrough_columns('crm', 'campaign') }}
from campaigns
where quarantine_reason is null and version_rank = 1
