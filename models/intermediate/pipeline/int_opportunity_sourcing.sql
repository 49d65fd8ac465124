-- grain: one row per opportunity: who sourced it (first touch before creation, else the lead source) and whether marketing influenced it
with opportunities as (
    select * from {{ ref('int_opportunities') }}
),

opportunity_touchpoints as (
    select * from {{ ref('int_opportunity_touchpoints') }}
),

lead_source_channel_map as (
    select * from {{ ref('lead_source_channel_map') }}
),

channels as (
    select * from {{ ref('channels') }}
),

ranked_path_touches as (
    select
        opportunity_id,
        touchpoint_key,
        touch_at,
        touch_type,
        channel,
        campaign_id,
        row_number() over (partition by opportunity_id order by touch_at, touchpoint_key) as touch_position
    from opportunity_touchpoints
    where is_in_attribution_path
),

first_touches as (
    select * from ranked_path_touches
    where touch_position = 1
),

touch_counts as (
    select
        opportunity_id,
        sum(case when is_in_attribution_path then 1 else 0 end) as path_touch_count,
        sum(case when is_in_attribution_path and channel_group = 'marketing' then 1 else 0 end)
            as path_marketing_touch_count,
        sum(case when is_in_attribution_path and channel_group = 'sales' then 1 else 0 end)
            as path_sales_touch_count,
        sum(case when is_marketing_influence then 1 else 0 end) as influencing_touch_count
    from opportunity_touchpoints
    group by opportunity_id
),

sourced as (
    select
        opportunities.opportunity_id,
        first_touches.touchpoint_key as sourced_touchpoint_key,
        first_touches.touch_at as sourced_touch_at,
        first_touches.touch_type as sourced_touch_type,
        first_touches.campaign_id as sourced_campaign_id,
        coalesce(first_touches.channel, lead_source_channel_map.channel, 'no touch') as sourced_channel,
        case
            when first_touches.touchpoint_key is not null then 'first_touch'
            when lead_source_channel_map.channel is not null then 'lead_source'
            else 'none'
        end as sourcing_method
    from opportunities
    left join first_touches
        on opportunities.opportunity_id = first_touches.opportunity_id
    left join lead_source_channel_map
        on lower(trim(opportunities.lead_source)) = lead_source_channel_map.lead_source
)

select
    sourced.opportunity_id,
    sourced.sourcing_method,
    sourced.sourced_channel,
    coalesce(channels.channel_group, 'no touch') as sourced_channel_group,
    sourced.sourced_touchpoint_key,
    sourced.sourced_touch_type,
    sourced.sourced_touch_at,
    sourced.sourced_campaign_id,
    coalesce(channels.channel_group = 'marketing', false) as is_marketing_sourced,
    coalesce(touch_counts.influencing_touch_count, 0) > 0 as is_marketing_influenced,
    cast(coalesce(touch_counts.path_touch_count, 0) as {{ dbt.type_bigint() }}) as path_touch_count,
    cast(coalesce(touch_counts.path_marketing_touch_count, 0) as {{ dbt.type_bigint() }}) as path_marketing_touch_count,
    cast(coalesce(touch_counts.path_sales_touch_count, 0) as {{ dbt.type_bigint() }}) as path_sales_touch_count,
    cast(coalesce(touch_counts.influencing_touch_count, 0) as {{ dbt.type_bigint() }}) as influencing_touch_count
from sourced
left join channels
    on sourced.sourced_channel = channels.channel
left join touch_counts
    on sourced.opportunity_id = touch_counts.opportunity_id
