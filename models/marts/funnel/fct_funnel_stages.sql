-- grain: one row per person per funnel cycle
with cycles as (
    select * from {{ ref('int_funnel_cycles') }}
),

mqls as (
    select * from {{ ref('int_funnel_mqls') }}
),

people as (
    select * from {{ ref('int_people') }}
),

person_fit as (
    select * from {{ ref('int_funnel_person_fit') }}
)

select
    cycles.person_id || ':' || cast(cycles.cycle_number as {{ dbt.type_string() }}) as funnel_cycle_key,
    cycles.person_id,
    cycles.cycle_number,
    people.person_type,
    people.account_key,
    people.owner_id,
    people.lead_source,
    person_fit.segment,
    cycles.cycle_started_at as inquiry_at,
    cycles.cycle_ended_at,
    cycles.working_at,
    mqls.mql_at,
    cycles.crm_mql_at,
    cycles.sal_at,
    cycles.sql_at,
    cycles.converted_at,
    cycles.opportunity_id,
    cycles.opportunity_created_at,
    cycles.closed_won_date,
    cycles.closed_lost_date,
    cycles.recycled_at,
    cycles.disqualified_at,
    case
        when cycles.closed_won_date is not null then 'closed_won'
        when cycles.closed_lost_date is not null then 'closed_lost'
        when cycles.opportunity_created_at is not null then 'opportunity'
        when cycles.recycled_at is not null then 'recycled'
        when cycles.disqualified_at is not null then 'disqualified'
        when cycles.converted_at is not null or cycles.sql_at is not null then 'sql'
        when cycles.sal_at is not null then 'sal'
        when mqls.mql_at is not null or cycles.crm_mql_at is not null then 'mql'
        else 'inquiry'
    end as furthest_stage
from cycles
left join mqls
    on cycles.person_id = mqls.person_id and cycles.cycle_number = mqls.cycle_number
left join people
    on cycles.person_id = people.person_id
left join person_fit
    on cycles.person_id = person_fit.person_id
