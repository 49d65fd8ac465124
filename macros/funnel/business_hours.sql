{#
  business_calendar(spans): SQL for one row per (time_zone, local_date) covering every day from the first
  local start date to the last local end date of `spans` (a relation or CTE name with columns time_zone,
  start_at, end_at; UTC timestamps), with the UTC instants the working day opens and closes and the working
  seconds of all earlier days of the time zone (so business seconds between two instants are a difference
  of two look-ups). Working hours come from vars `funnel_workday_start_hour` / `funnel_workday_end_hour`;
  Saturdays, Sundays and the days of the `funnel_holidays` seed are not working days. Days come from a
  five-digit number series (up to 100,000 days per time zone), so the SQL is the same on every engine.
#}
{% macro business_calendar(spans, holidays) -%}
{%- set start_hour = var('funnel_workday_start_hour') -%}
{%- set end_hour = var('funnel_workday_end_hour') -%}
(
    with digits as (
        select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    ),

    day_numbers as (
        select d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d as day_number
        from digits as d1
        cross join digits as d2
        cross join digits as d3
        cross join digits as d4
        cross join digits as d5
    ),

    zone_ranges as (
        select
            time_zone,
            cast({{ utc_to_local('min(start_at)', 'time_zone') }} as date) as first_date,
            cast({{ utc_to_local('max(end_at)', 'time_zone') }} as date) as last_date
        from {{ spans }}
        group by time_zone
    ),

    zone_days as (
        select
            zone_ranges.time_zone,
            cast({{ dbt.dateadd('day', 'day_numbers.day_number', 'zone_ranges.first_date') }} as date) as local_date
        from zone_ranges
        cross join day_numbers
        where day_numbers.day_number <= {{ dbt.datediff('zone_ranges.first_date', 'zone_ranges.last_date', 'day') }}
    ),

    local_hours as (
        select
            time_zone,
            local_date,
            {{ dbt.dateadd('hour', start_hour, 'cast(local_date as timestamp)') }} as local_opens_at,
            {{ dbt.dateadd('hour', end_hour, 'cast(local_date as timestamp)') }} as local_closes_at
        from zone_days
    ),

    working_days as (
        select
            zone_days.time_zone,
            zone_days.local_date,
            (
                {{ day_of_week('zone_days.local_date') }} not in (0, 6)
                and not exists (
                    select 1 from {{ holidays }} as holidays
                    where holidays.holiday_date = zone_days.local_date
                )
            ) as is_working_day,
            {{ local_to_utc('zone_days.local_opens_at', 'zone_days.time_zone') }} as opens_at,
            {{ local_to_utc('zone_days.local_closes_at', 'zone_days.time_zone') }} as closes_at
        from local_hours as zone_days
    ),

    day_seconds as (
        select
            *,
            case
                when is_working_day then {{ seconds_between('opens_at', 'closes_at') }} else 0
            end as working_seconds
        from working_days
    )

    select
        time_zone,
        local_date,
        is_working_day,
        opens_at,
        closes_at,
        working_seconds,
        coalesce(sum(working_seconds) over (
            partition by time_zone order by local_date rows between unbounded preceding and 1 preceding
        ), 0) as seconds_before_day
    from day_seconds
)
{%- endmacro %}

{#
  business_seconds_until(ts, calendar_alias): working seconds of the calendar row's time zone from the
  start of the calendar up to `ts`, given the calendar row of the local date of `ts` joined as
  `calendar_alias`. business_hours_between(start, end) is then the difference of two of these / 3600.
#}
{% macro business_seconds_until(ts, calendar_alias) -%}
    {{ calendar_alias }}.seconds_before_day + case
        when not {{ calendar_alias }}.is_working_day or {{ ts }} <= {{ calendar_alias }}.opens_at then 0
        when {{ ts }} >= {{ calendar_alias }}.closes_at then {{ calendar_alias }}.working_seconds
        else {{ seconds_between(calendar_alias ~ '.opens_at', ts) }}
    end
{%- endmacro %}

{# day_of_week(date_expr): 0 = Sunday ... 6 = Saturday. #}
{% macro day_of_week(date_expr) -%}
  {{ return(adapter.dispatch('day_of_week', 'revops')(date_expr)) }}
{%- endmacro %}

{% macro default__day_of_week(date_expr) -%}
  extract(dow from {{ date_expr }})
{%- endmacro %}

{% macro spark__day_of_week(date_expr) -%}
  (dayofweek({{ date_expr }}) - 1)
{%- endmacro %}
