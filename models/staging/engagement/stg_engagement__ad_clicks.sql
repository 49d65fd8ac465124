-- grain: one row per ad click id (duplicate deliveries collapsed, quarantined rows excluded)
{{
    config(
        materialized='incremental',
        unique_key='click_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
with ad_clicks as (
    select * from {{ ref('base_engagement__ad_clicks') }}
)

select
    click_id,
    platform,
    campaign_name,
    utm_source,
    utm_medium,
    utm_campaign,
    company_domain,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    clicked_at
{{ passthrough_columns('engagement', 'ad_clicks') }}
from ad_clicks
where
    quarantine_reason is null
    and version_rank = 1
{{ incremental_event_filter('click_id', 'clicked_at') }}
