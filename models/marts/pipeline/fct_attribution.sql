-- grain: one row per opportunity, attribution model and credited touchpoint (a `no touch` row when it has none)
with attribution as (
    select * from {{ ref('int_opportunity_attribution') }}
),

opportunities as (
    select * from {{ ref('int_opportunities') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints') }}
)

select
    attribution.opportunity_id || ':' || attribution.attribution_model || ':'
    || coalesce(attribution.touchpoint_key, 'no touch') as attribution_key,
    attribution.opportunity_id,
    attribution.attribution_model,
    attribution.touchpoint_key,
    touchpoints.touch_type,
    touchpoints.touch_category,
    touchpoints.touch_at,
    attribution.touch_position,
    attribution.touch_count,
    coalesce(touchpoints.channel, 'no touch') as channel,
    coalesce(touchpoints.channel_group, 'no touch') as channel_group,
    touchpoints.campaign_id,
    opportunities.segment_family,
    opportunities.segment,
    cast({{ dbt.date_trunc('month', 'opportunities.created_at') }} as date) as created_month,
    case
        when opportunities.is_closed then cast({{ dbt.date_trunc('month', 'opportunities.closed_at') }} as date)
    end as closed_month,
    opportunities.is_won,
    attribution.credit,
    attribution.credit * opportunities.pipeline_amount as attributed_pipeline_amount,
    attribution.credit * opportunities.bookings_amount as attributed_bookings_amount
from attribution
inner join opportunities
    on attribution.opportunity_id = opportunities.opportunity_id
left join touchpoints
    on attribution.touchpoint_key = touchpoints.touchpoint_key
