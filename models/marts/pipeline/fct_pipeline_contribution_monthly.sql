-- grain: one row per month, contribution type (sourced or influenced), channel, campaign and segment
{#
  Pipeline counts in the month an opportunity was created, bookings in the month it was won.
  `sourced`: every opportunity once, under the channel (and campaign) of its first touch before creation,
  else its lead source: additive, the channels sum to all pipeline. `influenced`: an opportunity counts once
  under every marketing channel and campaign that touched it in its window: not additive across rows.
#}
with opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

opportunity_touchpoints as (
    select * from {{ ref('int_opportunity_touchpoints') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

sourced as (
    select
        opportunity_id,
        'sourced' as contribution_type,
        sourced_channel as channel,
        sourced_channel_group as channel_group,
        sourced_campaign_id as campaign_id
    from opportunities
),

influenced as (
    select distinct
        opportunity_id,
        'influenced' as contribution_type,
        channel,
        channel_group,
        campaign_id
    from opportunity_touchpoints
    where is_marketing_influence
),

contributions as (
    select * from sourced
    union all
    select * from influenced
),

pipeline_events as (
    select
        opportunities.created_month as contribution_month,
        contributions.contribution_type,
        contributions.channel,
        contributions.channel_group,
        contributions.campaign_id,
        opportunities.segment_family,
        opportunities.segment,
        1 as pipeline_count,
        opportunities.pipeline_amount,
        0 as bookings_count,
        cast(null as {{ type_double() }}) as bookings_amount
    from contributions
    inner join opportunities
        on contributions.opportunity_id = opportunities.opportunity_id
),

bookings_events as (
    select
        opportunities.closed_month as contribution_month,
        contributions.contribution_type,
        contributions.channel,
        contributions.channel_group,
        contributions.campaign_id,
        opportunities.segment_family,
        opportunities.segment,
        0 as pipeline_count,
        cast(null as {{ type_double() }}) as pipeline_amount,
        1 as bookings_count,
        opportunities.bookings_amount
    from contributions
    inner join opportunities
        on contributions.opportunity_id = opportunities.opportunity_id
    where opportunities.is_won and opportunities.closed_month is not null
),

events as (
    select * from pipeline_events
    union all
    select * from bookings_events
)

select
    events.contribution_month,
    events.contribution_type,
    events.channel,
    events.channel_group,
    events.campaign_id,
    campaigns.campaign_name,
    events.segment_family,
    events.segment,
    '{{ var("reporting_currency") }}' as reporting_currency,
    cast(sum(events.pipeline_count) as {{ dbt.type_bigint() }}) as pipeline_count,
    cast(coalesce(sum(events.pipeline_amount), 0) as {{ type_double() }}) as pipeline_amount,
    cast(sum(events.bookings_count) as {{ dbt.type_bigint() }}) as bookings_count,
    cast(coalesce(sum(events.bookings_amount), 0) as {{ type_double() }}) as bookings_amount
from events
left join campaigns
    on events.campaign_id = campaigns.campaign_id
group by
    events.contribution_month,
    events.contribution_type,
    events.channel,
    events.channel_group,
    events.campaign_id,
    campaigns.campaign_name,
    events.segment_family,
    events.segment
