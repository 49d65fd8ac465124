-- grain: one row per marketing email event id (duplicate deliveries collapsed, quarantined rows excluded)
{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
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
where
    quarantine_reason is null
    and version_rank = 1
{{ incremental_event_filter('event_id', 'occurred_at') }}
