-- grain: one row per marketing engagement of a known person, with the person's decayed behavioural score just after it
{%- set categories = [
    'high_intent_form', 'pricing_page', 'email_click', 'webinar', 'content',
    'ad_click', 'web_visit', 'email_open', 'campaign_response',
] %}
{%- set half_life_seconds = var('funnel_behaviour_half_life_days') * 86400 %}
{%- set window_seconds = var('funnel_behaviour_window_days') * 86400 %}
with engagements as (
    select * from {{ ref('int_marketing_engagements') }}
),

engagement_points as (
    select * from {{ ref('funnel_engagement_points') }}
),

{#
  the most specific rule wins: a rule for the form type or page category before the `*` rule; the seed has one
  rule per (engagement_type, engagement_detail), so two lookups replace ranking every matching rule
#}
scored_engagements as (
    select
        engagements.engagement_key,
        engagements.person_id,
        engagements.engaged_at,
        engagements.engagement_type,
        engagements.form_type,
        case
            when detail_rules.engagement_type is not null then detail_rules.points_category
            else any_detail_rules.points_category
        end as points_category,
        case
            when detail_rules.engagement_type is not null then detail_rules.points
            else any_detail_rules.points
        end as points
    from engagements
    left join engagement_points as detail_rules
        on
            engagements.engagement_type = detail_rules.engagement_type
            and coalesce(engagements.form_type, engagements.page_category) = detail_rules.engagement_detail
    left join engagement_points as any_detail_rules
        on
            engagements.engagement_type = any_detail_rules.engagement_type
            and any_detail_rules.engagement_detail = '*'
    where
        engagements.person_id is not null
        and (detail_rules.engagement_type is not null or any_detail_rules.engagement_type is not null)
),

{# every earlier engagement (the event itself included) still inside the window, with its decayed points #}
in_window as (
    select
        scored.engagement_key,
        earlier.points_category,
        earlier.points,
        {{ seconds_between('earlier.engaged_at', 'scored.engaged_at') }} as seconds_ago
    from scored_engagements as scored
    inner join scored_engagements as earlier
        on
            scored.person_id = earlier.person_id
            and scored.engaged_at >= earlier.engaged_at
),

decayed as (
    select
        engagement_key,
        points_category,
        {#- a double exponent: Spark divides by a decimal literal in decimal, rounding it to 9 places #}
        points * power(0.5, cast(seconds_ago as {{ type_double() }}) / {{ half_life_seconds }}) as decayed_points
    from in_window
    where seconds_ago < {{ window_seconds }}
),

components as (
    select
        engagement_key,
        {%- for category in categories %}
            sum(case when points_category = '{{ category }}' then decayed_points else 0 end)
                as {{ category }}_points,
        {%- endfor %}
        sum(decayed_points) as behaviour_score
    from decayed
    group by engagement_key
)

select
    scored_engagements.engagement_key,
    scored_engagements.person_id,
    scored_engagements.engaged_at,
    scored_engagements.engagement_type,
    scored_engagements.form_type,
    scored_engagements.points_category,
    scored_engagements.points,
    {%- for category in categories %}
        components.{{ category }}_points,
    {%- endfor %}
    components.behaviour_score,
    components.behaviour_score >= {{ var('funnel_behaviour_threshold') }} as is_behaviour_qualified
from scored_engagements
inner join components
    on scored_engagements.engagement_key = components.engagement_key
