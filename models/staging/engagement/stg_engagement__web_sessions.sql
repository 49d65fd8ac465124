-- grain: one row per website session id (duplicate deliveries collapsed, quarantined rows excluded)
{{
    config(
        materialized='incremental',
        unique_key='session_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
with web_sessions as (
    select * from {{ ref('base_engagement__web_sessions') }}
)

select
    session_id,
    anonymous_id,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    company_domain,
    landing_page,
    page_category,
    pages_viewed,
    utm_source,
    utm_medium,
    utm_campaign,
    started_at
{{ passthrough_columns('engagement', 'web_sessions') }}
from web_sessions
where
    quarantine_reason is null
    and version_rank = 1
{{ incremental_event_filter('session_id', 'started_at') }}
