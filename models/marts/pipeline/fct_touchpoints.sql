-- grain: one row per touchpoint (marketing engagement or sales activity)
with touchpoints as (
    select * from {{ ref('int_touchpoints') }}
)

select
    touchpoint_key,
    touch_type,
    touch_category,
    touch_at,
    person_id,
    account_key,
    is_identity_stitched,
    opportunity_id,
    campaign_id,
    campaign_name,
    campaign_type,
    utm_source,
    utm_medium,
    utm_campaign,
    channel,
    channel_rule,
    channel_group,
    is_attributable
from touchpoints
