-- grain: one row per person per funnel cycle in which our MQL definition (on either firmographics) or the CRM has an MQL
{%- set categories = [
    'high_intent_form', 'pricing_page', 'email_click', 'webinar', 'content',
    'ad_click', 'web_visit', 'email_open', 'campaign_response',
] %}
with mqls as (
    select * from {{ ref('int_funnel_mqls') }}
),

cycles as (
    select * from {{ ref('int_funnel_cycles') }}
),

people as (
    select * from {{ ref('int_people') }}
),

person_fit as (
    select * from {{ ref('int_funnel_person_fit') }}
),

engagements as (
    select * from {{ ref('int_marketing_engagements') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

follow_ups as (
    select * from {{ ref('int_funnel_follow_up_business_hours') }}
),

reference as (
    select max(reference_at) as reference_at from follow_ups
),

stale_cutoff as (
    select {{ dbt.dateadd('day', -var('funnel_stale_firmographics_days'), 'reference_at') }} as stale_before
    from reference
)

select
    mqls.person_id || ':' || cast(mqls.cycle_number as {{ dbt.type_string() }}) as funnel_cycle_key,
    mqls.person_id,
    mqls.cycle_number,
    people.account_key,
    people.owner_id,
    people.lead_source,
    person_fit.segment,
    mqls.is_mql,
    mqls.mql_at,
    mqls.is_crm_mql,
    mqls.crm_mql_at,
    case
        when mqls.is_mql and mqls.is_crm_mql then 'both'
        when mqls.is_mql then 'dbt_only'
        when mqls.is_crm_mql then 'crm_only'
        else 'neither'
    end as mql_agreement,
    mqls.behaviour_qualified_at,
    mqls.scored_engagement_type,
    mqls.scored_form_type,
    coalesce(engagements.utm_medium, engagements.engagement_type) as mql_channel,
    engagements.utm_source as mql_source,
    coalesce(campaigns.campaign_name, engagements.utm_campaign) as mql_campaign,
    mqls.behaviour_score,
    {%- for category in categories %}
        mqls.{{ category }}_points,
    {%- endfor %}
    mqls.fit_score,
    mqls.fit_segment_points,
    mqls.fit_employee_points,
    mqls.fit_revenue_points,
    mqls.fit_geography_points,
    mqls.crm_fit_score,
    mqls.is_mql_on_crm_firmographics,
    mqls.mql_on_crm_firmographics_at,
    mqls.crm_firmographics_verified_at,
    coalesce(
        mqls.crm_firmographics_verified_at is null
        or mqls.crm_firmographics_verified_at < stale_cutoff.stale_before,
        false
    ) as is_crm_firmographics_stale,
    mqls.is_mql_on_crm_firmographics <> mqls.is_mql as is_misscored_on_crm_firmographics,
    cycles.sal_at,
    cycles.sql_at,
    coalesce(mqls.is_mql and cycles.sql_at >= mqls.mql_at, false) as is_sql_after_mql,
    case
        when mqls.is_mql and cycles.sql_at >= mqls.mql_at
            then cast({{ seconds_between('mqls.mql_at', 'cycles.sql_at') }} as double) / 86400
    end as days_mql_to_sql,
    cycles.opportunity_id,
    cycles.closed_won_date,
    follow_ups.first_touched_at,
    follow_ups.business_hours as follow_up_business_hours,
    follow_ups.sla_business_hours,
    follow_ups.is_sla_breached
from mqls
cross join stale_cutoff
left join cycles
    on mqls.person_id = cycles.person_id and mqls.cycle_number = cycles.cycle_number
left join people
    on mqls.person_id = people.person_id
left join person_fit
    on mqls.person_id = person_fit.person_id
left join engagements
    on mqls.scored_engagement_key = engagements.engagement_key
left join campaigns
    on engagements.campaign_id = campaigns.campaign_id
left join follow_ups
    on
        follow_ups.trigger_type = 'mql'
        and mqls.person_id = follow_ups.person_id
        and mqls.cycle_number = follow_ups.cycle_number
