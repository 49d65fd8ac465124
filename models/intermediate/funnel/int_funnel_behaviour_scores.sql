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

{# the most specific rule wins: a rule for the form type or page category before the `*` rule #}
ranked_points as (
    select
        engagements.engagement_key,
        engagements.person_id,
        engagements.engaged_at,
        engagements.engagement_type,
        engagements.form_type,
        engagement_points.points_category,
        engagement_points.points,
        row_number() over (
            partition by engagements.engagement_key
            order by case when engagement_points.engagement_detail = '*' then 1 else 0 end
        ) as rule_rank
    from engagements
    inner join engagement_points
        on
            engagements.engagement_type = engagement_points.engagement_type
            and (
                engagement_points.engagement_detail = '*'
                or engagement_points.engagement_detail
                = coalesce(engagements.form_type, engagements.page_category)
            )
    where engagements.person_id is not null
),

scored_engagements as (
    select * from ranked_points
    where rule_rank = 1
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
        points * power(0.5, seconds_ago / {{ half_life_seconds }}.0) as decayed_points
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
