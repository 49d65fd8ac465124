{#
  utc_to_local(ts, time_zone): the wall-clock time in `time_zone` (an IANA name such as
  `America/New_York`) of the UTC timestamp `ts` (a timestamp without time zone holding UTC), as a timestamp
  without time zone. Daylight-saving time follows the time-zone database.
#}
{% macro utc_to_local(ts, time_zone) -%}
  {{ return(adapter.dispatch('utc_to_local', 'revops')(ts, time_zone)) }}
{%- endmacro %}

{% macro default__utc_to_local(ts, time_zone) -%}
  (({{ ts }}) at time zone 'UTC') at time zone ({{ time_zone }})
{%- endmacro %}

{% macro duckdb__utc_to_local(ts, time_zone) -%}
  timezone({{ time_zone }}, timezone('UTC', {{ ts }}))
{%- endmacro %}

{% macro spark__utc_to_local(ts, time_zone) -%}
  from_utc_timestamp({{ ts }}, {{ time_zone }})
{%- endmacro %}

{#
  local_to_utc(local_ts, time_zone): the UTC timestamp (without time zone) of the wall-clock time
  `local_ts` in `time_zone`. Used for the start and end of a working day, which never fall in a DST gap.
#}
{% macro local_to_utc(local_ts, time_zone) -%}
  {{ return(adapter.dispatch('local_to_utc', 'revops')(local_ts, time_zone)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_ts, time_zone) -%}
  (({{ local_ts }}) at time zone ({{ time_zone }})) at time zone 'UTC'
{%- endmacro %}

{% macro duckdb__local_to_utc(local_ts, time_zone) -%}
  timezone('UTC', timezone({{ time_zone }}, {{ local_ts }}))
{%- endmacro %}

{% macro spark__local_to_utc(local_ts, time_zone) -%}
  to_utc_timestamp({{ local_ts }}, {{ time_zone }})
{%- endmacro %}

{# seconds_between(start_ts, end_ts): whole seconds from start_ts to end_ts (negative when end is earlier). #}
{% macro seconds_between(start_ts, end_ts) -%}
  {{ return(adapter.dispatch('seconds_between', 'revops')(start_ts, end_ts)) }}
{%- endmacro %}

{% macro default__seconds_between(start_ts, end_ts) -%}
  cast(extract(epoch from ({{ end_ts }}) - ({{ start_ts }})) as bigint)
{%- endmacro %}

{% macro duckdb__seconds_between(start_ts, end_ts) -%}
  date_diff('second', {{ start_ts }}, {{ end_ts }})
{%- endmacro %}

{% macro spark__seconds_between(start_ts, end_ts) -%}
  (unix_timestamp({{ end_ts }}) - unix_timestamp({{ start_ts }}))
{%- endmacro %}
