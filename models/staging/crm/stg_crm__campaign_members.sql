-- grain: one row per CRM campaign member id (quarantined and duplicate rows excluded)
with campaign_members as (
    select * from {{ ref('base_crm__campaign_members') }}
)

select
    campaign_member_id,
    campaign_id,
    lead_id,
    contact_id,
    member_type,
    member_status,
    has_responded,
    first_responded_at,
    created_at
{{ passthrough_columns('crm', 'campaign_member') }}
from campaign_members
where quarantine_reason is null and version_rank = 1
