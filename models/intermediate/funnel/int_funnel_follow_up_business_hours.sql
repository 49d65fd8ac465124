-- grain: one row per follow-up trigger, with the business hours from the trigger to the first touch (or the reference time)
with follow_ups as (
    select * from {{ ref('int_funnel_follow_ups') }}
),

holidays as (
    select * from {{ ref('funnel_holidays') }}
),

calendar as (
    select * from {{ business_calendar('follow_ups', 'holidays') }} as business_calendar
),

measured as (
    select
        follow_ups.trigger_key,
        (
            {{ business_seconds_until('follow_ups.end_at', 'end_day') }}
        ) - (
            {{ business_seconds_until('follow_ups.start_at', 'start_day') }}
        ) as business_seconds
    from follow_ups
    inner join calendar as start_day
        on
            follow_ups.time_zone = start_day.time_zone
            and start_day.local_date
            = cast({{ utc_to_local('follow_ups.start_at', 'follow_ups.time_zone') }} as date)
    inner join calendar as end_day
        on
            follow_ups.time_zone = end_day.time_zone
            and end_day.local_date
            = cast({{ utc_to_local('follow_ups.end_at', 'follow_ups.time_zone') }} as date)
)

select
    follow_ups.trigger_key,
    follow_ups.trigger_type,
    follow_ups.person_id,
    follow_ups.cycle_number,
    follow_ups.form_type,
    follow_ups.owner_id,
    follow_ups.time_zone,
    follow_ups.triggered_at,
    follow_ups.first_touch_task_id,
    follow_ups.first_touched_at,
    follow_ups.is_touched,
    follow_ups.reference_at,
    follow_ups.start_at,
    follow_ups.end_at,
    follow_ups.sla_business_hours,
    cast(measured.business_seconds as double) / 3600 as business_hours,
    cast({{ seconds_between('follow_ups.start_at', 'follow_ups.end_at') }} as double) / 3600 as elapsed_hours,
    measured.business_seconds > follow_ups.sla_business_hours * 3600 as is_sla_breached
from follow_ups
inner join measured
    on follow_ups.trigger_key = measured.trigger_key
