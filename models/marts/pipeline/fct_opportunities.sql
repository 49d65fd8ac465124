-- grain: one row per opportunity
{%- set stages = ['prospecting', 'qualification', 'needs_analysis', 'proposal', 'negotiation'] %}
with opportunities as (
    select * from {{ ref('int_opportunities') }}
),

sourcing as (
    select * from {{ ref('int_opportunity_sourcing') }}
),

stage_visits as (
    select * from {{ ref('int_opportunity_stage_visits') }}
),

stage_facts as (
    select
        opportunity_id,
        {%- for stage in stages %}
            min(case when stage = '{{ stage }}' then entered_at end) as {{ stage }}_entered_at,
        {%- endfor %}
        count(*) as stage_visit_count,
        max(case when not is_closed_stage then stage_order end) as furthest_open_stage_order,
        sum(case when exit_type = 'moved_back' then 1 else 0 end) as moved_back_count
    from stage_visits
    group by opportunity_id
)

select
    opportunities.opportunity_id,
    opportunities.opportunity_name,
    opportunities.account_id,
    opportunities.account_key,
    opportunities.segment_family,
    opportunities.segment,
    opportunities.opportunity_type,
    opportunities.owner_id,
    opportunities.lead_source,
    opportunities.campaign_id,
    opportunities.stage,
    opportunities.stage_order,
    opportunities.forecast_category,
    opportunities.is_closed,
    opportunities.is_won,
    opportunities.is_lost,
    opportunities.created_at,
    cast({{ dbt.date_trunc('month', 'opportunities.created_at') }} as date) as created_month,
    opportunities.closed_at,
    opportunities.close_date,
    case
        when opportunities.is_closed then cast({{ dbt.date_trunc('month', 'opportunities.closed_at') }} as date)
    end as closed_month,
    {%- for stage in stages %}
        stage_facts.{{ stage }}_entered_at,
    {%- endfor %}
    cast(coalesce(stage_facts.stage_visit_count, 0) as {{ dbt.type_bigint() }}) as stage_visit_count,
    stage_facts.furthest_open_stage_order,
    cast(coalesce(stage_facts.moved_back_count, 0) as {{ dbt.type_bigint() }}) as moved_back_count,
    case
        when opportunities.is_closed
            then cast({{ dbt.datediff(
                'opportunities.created_at',
                'opportunities.closed_at',
                'second'
            ) }} as {{ type_double() }}) / 86400
    end as days_to_close,
    opportunities.amount,
    opportunities.currency_code,
    opportunities.is_default_currency,
    opportunities.is_currency_rate_missing,
    '{{ var("reporting_currency") }}' as reporting_currency,
    opportunities.pipeline_amount,
    opportunities.bookings_amount,
    sourcing.sourcing_method,
    sourcing.sourced_channel,
    sourcing.sourced_channel_group,
    sourcing.sourced_touch_type,
    sourcing.sourced_touch_at,
    sourcing.sourced_campaign_id,
    sourcing.is_marketing_sourced,
    sourcing.is_marketing_influenced,
    sourcing.path_touch_count,
    sourcing.path_marketing_touch_count,
    sourcing.path_sales_touch_count,
    sourcing.influencing_touch_count,
    opportunities.lead_milestone_at,
    opportunities.lead_milestone_type,
    opportunities.window_start_at,
    opportunities.window_end_at
from opportunities
left join sourcing
    on opportunities.opportunity_id = sourcing.opportunity_id
left join stage_facts
    on opportunities.opportunity_id = stage_facts.opportunity_id
