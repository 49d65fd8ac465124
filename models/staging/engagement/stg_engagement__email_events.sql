-- grain: one row per marketing email event id (duplicate deliveries collapsed, quarantined rows excluded)
with email_events as (
    select * from {{ ref('base_engagement__email_events') }}
)

select
    event_id,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    campaign_id,
    event_type,
    occurred_at
{{ passthrough_columns('engagement', 'email_events') }}
from email_events
where quarantine_reason is null and version_rank = 1
