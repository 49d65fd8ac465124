-- grain: one row per person per funnel cycle in which our definition (on either firmographics) or the CRM has an MQL
{%- set categories = [
    'high_intent_form', 'pricing_page', 'email_click', 'webinar', 'content',
    'ad_click', 'web_visit', 'email_open', 'campaign_response',
] %}
with cycles as (
    select * from {{ ref('int_funnel_cycles') }}
),

behaviour_scores as (
    select * from {{ ref('int_funnel_behaviour_scores') }}
),

person_fit as (
    select * from {{ ref('int_funnel_person_fit') }}
),

{# the first engagement in the cycle that takes the behavioural score over its threshold #}
ranked_crossings as (
    select
        cycles.cycle_number,
        behaviour_scores.*,
        row_number() over (
            partition by cycles.person_id, cycles.cycle_number
            order by behaviour_scores.engaged_at, behaviour_scores.engagement_key
        ) as crossing_rank
    from cycles
    inner join behaviour_scores
        on
            cycles.person_id = behaviour_scores.person_id
            and cycles.cycle_started_at <= behaviour_scores.engaged_at
            and (cycles.cycle_ended_at is null or cycles.cycle_ended_at > behaviour_scores.engaged_at)
    where behaviour_scores.is_behaviour_qualified
),

crossings as (
    select * from ranked_crossings
    where crossing_rank = 1
),

{# for an MQL only the CRM has: the score after the last engagement up to the CRM's MQL (why we disagree) #}
ranked_before_crm_mql as (
    select
        cycles.cycle_number,
        behaviour_scores.*,
        row_number() over (
            partition by cycles.person_id, cycles.cycle_number
            order by behaviour_scores.engaged_at desc, behaviour_scores.engagement_key desc
        ) as recency_rank
    from cycles
    inner join behaviour_scores
        on
            cycles.person_id = behaviour_scores.person_id
            and cycles.crm_mql_at >= behaviour_scores.engaged_at
    where cycles.crm_mql_at is not null
),

before_crm_mql as (
    select * from ranked_before_crm_mql
    where recency_rank = 1
),

candidates as (
    select
        cycles.person_id,
        cycles.cycle_number,
        cycles.crm_mql_at,
        crossings.engagement_key as crossing_engagement_key,
        crossings.engaged_at as behaviour_qualified_at,
        coalesce(crossings.engagement_key, before_crm_mql.engagement_key) as scored_engagement_key,
        coalesce(crossings.engagement_type, before_crm_mql.engagement_type) as scored_engagement_type,
        coalesce(crossings.form_type, before_crm_mql.form_type) as scored_form_type,
        {%- for category in categories %}
            coalesce(crossings.{{ category }}_points, before_crm_mql.{{ category }}_points, 0)
                as {{ category }}_points,
        {%- endfor %}
        coalesce(crossings.behaviour_score, before_crm_mql.behaviour_score, 0) as behaviour_score
    from cycles
    left join crossings
        on cycles.person_id = crossings.person_id and cycles.cycle_number = crossings.cycle_number
    left join before_crm_mql
        on cycles.person_id = before_crm_mql.person_id and cycles.cycle_number = before_crm_mql.cycle_number
    where crossings.engagement_key is not null or cycles.crm_mql_at is not null
)

select
    candidates.person_id,
    candidates.cycle_number,
    case when person_fit.is_fit then candidates.behaviour_qualified_at end as mql_at,
    coalesce(person_fit.is_fit and candidates.behaviour_qualified_at is not null, false) as is_mql,
    case
        when person_fit.is_fit_on_crm_firmographics then candidates.behaviour_qualified_at
    end as mql_on_crm_firmographics_at,
    coalesce(
        person_fit.is_fit_on_crm_firmographics and candidates.behaviour_qualified_at is not null, false
    ) as is_mql_on_crm_firmographics,
    candidates.crm_mql_at,
    candidates.crm_mql_at is not null as is_crm_mql,
    candidates.behaviour_qualified_at,
    candidates.scored_engagement_key,
    candidates.scored_engagement_type,
    candidates.scored_form_type,
    {%- for category in categories %}
        candidates.{{ category }}_points,
    {%- endfor %}
    candidates.behaviour_score,
    person_fit.fit_score,
    person_fit.fit_segment_points,
    person_fit.fit_employee_points,
    person_fit.fit_revenue_points,
    person_fit.fit_geography_points,
    person_fit.crm_fit_score,
    person_fit.crm_firmographics_verified_at
from candidates
inner join person_fit
    on candidates.person_id = person_fit.person_id
