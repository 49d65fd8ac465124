-- grain: one row per follow-up trigger: our MQL, the CRM's MQL, or a high-intent form submission
with follow_ups as (
    select * from {{ ref('int_funnel_follow_up_business_hours') }}
),

cycles as (
    select * from {{ ref('int_funnel_cycles') }}
),

people as (
    select * from {{ ref('int_people') }}
),

{# the cycle a form submission fell in, for its outcome #}
form_cycles as (
    select
        follow_ups.trigger_key,
        max(cycles.cycle_number) as cycle_number
    from follow_ups
    inner join cycles
        on
            follow_ups.person_id = cycles.person_id
            and follow_ups.triggered_at >= cycles.cycle_started_at
    where follow_ups.trigger_type = 'high_intent_form'
    group by follow_ups.trigger_key
),

with_cycles as (
    select
        follow_ups.*,
        coalesce(follow_ups.cycle_number, form_cycles.cycle_number) as outcome_cycle_number
    from follow_ups
    left join form_cycles
        on follow_ups.trigger_key = form_cycles.trigger_key
)

select
    with_cycles.trigger_key,
    with_cycles.trigger_type,
    with_cycles.person_id,
    with_cycles.outcome_cycle_number as cycle_number,
    people.account_key,
    with_cycles.owner_id,
    with_cycles.time_zone,
    with_cycles.form_type,
    with_cycles.triggered_at,
    with_cycles.first_touch_task_id,
    with_cycles.first_touched_at,
    with_cycles.is_touched,
    with_cycles.reference_at,
    with_cycles.business_hours,
    with_cycles.elapsed_hours,
    with_cycles.sla_business_hours,
    with_cycles.is_sla_breached,
    case
        when not with_cycles.is_touched then 'not touched'
        when with_cycles.business_hours < 1 then '0-1 business hours'
        when with_cycles.business_hours < 4 then '1-4 business hours'
        when with_cycles.business_hours < 8 then '4-8 business hours'
        when with_cycles.business_hours < 24 then '1-3 business days'
        else '3+ business days'
    end as follow_up_band,
    coalesce(cycles.sql_at >= with_cycles.triggered_at, false) as is_sql_after_trigger
from with_cycles
left join cycles
    on with_cycles.person_id = cycles.person_id and with_cycles.outcome_cycle_number = cycles.cycle_number
left join people
    on with_cycles.person_id = people.person_id
