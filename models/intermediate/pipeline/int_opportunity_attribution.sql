-- grain: one row per opportunity, attribution model and credited touchpoint (one `no touch` row per model for an opportunity without touches)
{#
  The attribution path of an opportunity is its attributable touches from the lookback start up to its
  creation, ordered by time then touchpoint key (touches on the same instant keep a stable order).
  Weights per model, then normalised per opportunity; credits are rounded to 12 decimals and the last
  touch of the path takes the remainder, so an opportunity's credits sum to exactly 1 per model.
#}
{%- set models = var('pipeline_attribution_models') %}
with opportunities as (
    select * from {{ ref('int_opportunities') }}
),

opportunity_touchpoints as (
    select * from {{ ref('int_opportunity_touchpoints') }}
),

paths as (
    select
        opportunity_touchpoints.opportunity_id,
        opportunity_touchpoints.touchpoint_key,
        opportunity_touchpoints.touch_at,
        opportunities.lead_milestone_at,
        {{ dbt.datediff('opportunity_touchpoints.touch_at', 'opportunities.created_at', 'second') }}
            as seconds_before_creation,
        row_number() over (
            partition by opportunity_touchpoints.opportunity_id
            order by opportunity_touchpoints.touch_at, opportunity_touchpoints.touchpoint_key
        ) as touch_position,
        count(*) over (partition by opportunity_touchpoints.opportunity_id) as touch_count
    from opportunity_touchpoints
    inner join opportunities
        on opportunity_touchpoints.opportunity_id = opportunities.opportunity_id
    where opportunity_touchpoints.is_in_attribution_path
),

{# W-shaped middle milestone: the touch nearest the lead milestone (lead creation now, MQL once the funnel lands) #}
ranked_milestone_touches as (
    select
        opportunity_id,
        touchpoint_key,
        row_number() over (
            partition by opportunity_id
            order by
                abs({{ dbt.datediff('touch_at', 'lead_milestone_at', 'second') }}),
                touch_at,
                touchpoint_key
        ) as milestone_rank
    from paths
    where lead_milestone_at is not null
),

roles as (
    select
        paths.*,
        case when paths.touch_position = 1 then 1 else 0 end
        + case when milestone_touches.touchpoint_key is not null then 1 else 0 end
        + case when paths.touch_position = paths.touch_count then 1 else 0 end as w_shaped_roles
    from paths
    left join ranked_milestone_touches as milestone_touches
        on
            paths.opportunity_id = milestone_touches.opportunity_id
            and paths.touchpoint_key = milestone_touches.touchpoint_key
            and milestone_touches.milestone_rank = 1
),

counted as (
    select
        roles.*,
        sum(case when roles.w_shaped_roles = 0 then 1 else 0 end) over (
            partition by roles.opportunity_id
        ) as w_shaped_other_count
    from roles
),

weights as (
    select
        opportunity_id,
        touchpoint_key,
        touch_position,
        touch_count,
        case when touch_position = 1 then 1.0 else 0.0 end as first_touch,
        case when touch_position = touch_count then 1.0 else 0.0 end as last_touch,
        cast(1 as {{ type_double() }}) / touch_count as linear,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when touch_position = 1 or touch_position = touch_count then 0.4
            else cast(0.2 as {{ type_double() }}) / (touch_count - 2)
        end as u_shaped,
        {# 30% per role held (first touch, lead milestone, opportunity creation), 10% shared by the others #}
        0.3 * w_shaped_roles
        + case
            when w_shaped_roles = 0 then cast(0.1 as {{ type_double() }}) / w_shaped_other_count else 0.0
        end as w_shaped,
        power(
            0.5,
            cast(seconds_before_creation as {{ type_double() }})
            / (86400 * {{ var('pipeline_time_decay_half_life_days') }})
        ) as time_decay
    from counted
),

model_weights as (
    {%- for model in models %}
        select
            opportunity_id,
            touchpoint_key,
            touch_position,
            touch_count,
            '{{ model }}' as attribution_model,
            cast({{ model }} as {{ type_double() }}) as raw_weight
        from weights
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

normalised as (
    select
        opportunity_id,
        touchpoint_key,
        touch_position,
        touch_count,
        attribution_model,
        cast(
            round(raw_weight / sum(raw_weight) over (partition by opportunity_id, attribution_model), 12)
            as decimal(28, 12)
        ) as rounded_credit,
        row_number() over (
            partition by opportunity_id, attribution_model order by touch_position desc
        ) as reverse_position
    from model_weights
    where raw_weight > 0
),

credited as (
    select
        opportunity_id,
        touchpoint_key,
        touch_position,
        touch_count,
        attribution_model,
        {# the window sum cast back to (28, 12): Spark widens decimal sums and, past 38 digits, drops scale #}
        cast(
            case
                when reverse_position = 1
                    then
                        cast(1 as decimal(28, 12))
                        - (
                            cast(
                                sum(rounded_credit) over (partition by opportunity_id, attribution_model)
                                as decimal(28, 12)
                            )
                            - rounded_credit
                        )
                else rounded_credit
            end as decimal(28, 12)
        ) as credit
    from normalised
),

untouched as (
    select opportunities.opportunity_id
    from opportunities
    {# an anti join (`not exists`): a `not in` over a large table is a nested loop on Spark and PostgreSQL #}
    where not exists (
        select 1 from paths
        where paths.opportunity_id = opportunities.opportunity_id
    )
),

no_touch_rows as (
    {%- for model in models %}
        select
            opportunity_id,
            cast(null as {{ dbt.type_string() }}) as touchpoint_key,
            cast(null as {{ dbt.type_int() }}) as touch_position,
            0 as touch_count,
            '{{ model }}' as attribution_model,
            cast(1 as decimal(28, 12)) as credit
        from untouched
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    opportunity_id,
    attribution_model,
    touchpoint_key,
    cast(touch_position as {{ dbt.type_int() }}) as touch_position,
    cast(touch_count as {{ dbt.type_int() }}) as touch_count,
    cast(credit as decimal(28, 12)) as credit
from credited
union all
select
    opportunity_id,
    attribution_model,
    touchpoint_key,
    touch_position,
    cast(touch_count as {{ dbt.type_int() }}) as touch_count,
    credit
from no_touch_rows
