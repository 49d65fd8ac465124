-- grain: one row per person per funnel cycle (cycle 1 from the person's creation; each recycle opens the next)
with people as (
    select * from {{ ref('int_people') }}
),

status_changes as (
    select * from {{ ref('int_funnel_status_changes') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

person_lookup as (
    select * from {{ ref('int_person_lookup') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

recycles as (
    select
        person_id,
        cast(cycle_number + 1 as integer) as cycle_number,
        changed_at as cycle_started_at
    from status_changes
    where new_lead_status = 'recycled'
),

cycle_starts as (
    select
        person_id,
        1 as cycle_number,
        created_at as cycle_started_at
    from people
    union all
    select * from recycles
),

cycles as (
    select
        *,
        lead(cycle_started_at) over (partition by person_id order by cycle_number) as cycle_ended_at
    from cycle_starts
),

stage_times as (
    select
        person_id,
        cycle_number,
        min(case when new_lead_status = 'working' then changed_at end) as working_at,
        min(case when new_lead_status = 'mql' then changed_at end) as crm_mql_at,
        min(case when new_lead_status = 'sal' then changed_at end) as sal_at,
        min(case when new_lead_status = 'sql' then changed_at end) as sql_at,
        min(case when new_lead_status = 'converted' then changed_at end) as converted_status_at,
        min(case when new_lead_status = 'recycled' then changed_at end) as recycled_at,
        min(case when new_lead_status = 'disqualified' then changed_at end) as disqualified_at
    from status_changes
    group by person_id, cycle_number
),

{# conversions of the person's leads, placed in the cycle they happened in #}
conversions as (
    select
        person_lookup.person_id,
        leads.converted_at,
        leads.converted_opportunity_id,
        opportunities.created_at as opportunity_created_at,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.close_date
    from leads
    inner join person_lookup
        on leads.lead_id = person_lookup.identifier and person_lookup.identifier_type = 'lead_id'
    left join opportunities
        on leads.converted_opportunity_id = opportunities.opportunity_id
    where leads.is_converted and leads.converted_at is not null
),

cycle_conversions as (
    select
        cycles.person_id,
        cycles.cycle_number,
        min(conversions.converted_at) as converted_at,
        min(conversions.converted_opportunity_id) as opportunity_id,
        min(conversions.opportunity_created_at) as opportunity_created_at,
        min(case when conversions.is_closed and conversions.is_won then conversions.close_date end)
            as closed_won_date,
        min(case when conversions.is_closed and not conversions.is_won then conversions.close_date end)
            as closed_lost_date
    from cycles
    inner join conversions
        on
            cycles.person_id = conversions.person_id
            and cycles.cycle_started_at <= conversions.converted_at
            and (cycles.cycle_ended_at is null or cycles.cycle_ended_at > conversions.converted_at)
    group by cycles.person_id, cycles.cycle_number
)

select
    cycles.person_id,
    cycles.cycle_number,
    cycles.cycle_started_at,
    cycles.cycle_ended_at,
    stage_times.working_at,
    stage_times.crm_mql_at,
    stage_times.sal_at,
    stage_times.sql_at,
    coalesce(cycle_conversions.converted_at, stage_times.converted_status_at) as converted_at,
    cycle_conversions.opportunity_id,
    cycle_conversions.opportunity_created_at,
    cycle_conversions.closed_won_date,
    cycle_conversions.closed_lost_date,
    stage_times.recycled_at,
    stage_times.disqualified_at
from cycles
left join stage_times
    on cycles.person_id = stage_times.person_id and cycles.cycle_number = stage_times.cycle_number
left join cycle_conversions
    on cycles.person_id = cycle_conversions.person_id and cycles.cycle_number = cycle_conversions.cycle_number
