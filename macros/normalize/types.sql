{#-
  to_utc_timestamp(expr): a timestamp without time zone, in UTC, from a timestamp, a timestamp with time
  zone or an ISO-8601 text ('2024-03-01T12:00:00+02:00', '2024-03-01T10:00:00Z', '2024-03-01 10:00:00',
  '2024-03-01'). A text with an offset or zone name is converted to UTC; one without is taken as UTC
  already, whatever the session time zone. Null when it cannot be parsed, never an error (on an adapter
  whose safe_cast is a plain cast, the default raises instead).
-#}
{% macro to_utc_timestamp(expr) -%}
  {{ return(adapter.dispatch('to_utc_timestamp', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(expr) -%}
  {{ dbt.safe_cast(dbt.safe_cast(expr, dbt.type_string()), 'timestamp with time zone') }} at time zone 'UTC'
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expr) -%}
  {#- DuckDB drops an offset when casting text to timestamp, and reads text without one in the session
      time zone when casting to timestamptz: so pick the cast by whether the text has an offset. A space
      before the offset ('10:00:00 +01:00') is removed, as DuckDB does not read it. -#}
  {#- A column that is already a timestamp or date (Parquet) is converted directly: `typeof` is resolved
      when the query is planned, so only one branch remains and no value goes through text. -#}
  {%- set text = "replace(replace(trim(cast(" ~ expr ~ " as varchar)), ' +', '+'), ' -', '-')" -%}
  case
    when typeof({{ expr }}) = 'TIMESTAMP WITH TIME ZONE' then cast({{ expr }} as timestamptz) at time zone 'UTC'
    when typeof({{ expr }}) in ('TIMESTAMP', 'DATE') then cast({{ expr }} as timestamp)
    when {{ regex_contains(text, '\\d:\\d{2}(?::\\d{2}(?:\\.\\d*)?)?\\s*[+A-Za-z-]') }}
      then try_cast({{ text }} as timestamptz) at time zone 'UTC'
    else try_cast({{ text }} as timestamp)
  end
{%- endmacro %}

{#-
  to_date(expr): a date from a date, a timestamp or an ISO-8601 text ('2024-03-01', '2024-03-01T23:30:00Z');
  the calendar date as written, without time-zone conversion (use cast(to_utc_timestamp(x) as date) for
  the UTC date). Null when it cannot be parsed.
-#}
{% macro to_date(expr) -%}
  {{ return(adapter.dispatch('to_date', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__to_date(expr) -%}
  {{ dbt.safe_cast('trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ '))', 'date') }}
{%- endmacro %}

{#-
  to_boolean(expr): a boolean from a boolean or a text or number, in any case and with surrounding spaces:
  true for 'true' 't' '1' 'yes' 'y', false for 'false' 'f' '0' 'no' 'n'; null otherwise.
-#}
{% macro to_boolean(expr) -%}
  {{ return(adapter.dispatch('to_boolean', 'revops')(expr)) }}
{%- endmacro %}

{% macro duckdb__to_boolean(expr) -%}
  {#- a Boolean column is taken as it is (`typeof` is resolved at planning, so no text round trip) -#}
  case when typeof({{ expr }}) = 'BOOLEAN' then try_cast({{ expr }} as boolean) else {{ default__to_boolean(expr) }} end
{%- endmacro %}

{% macro default__to_boolean(expr) -%}
  case lower(trim(cast({{ expr }} as {{ dbt.type_string() }})))
    when 'true' then true
    when 't' then true
    when '1' then true
    when 'yes' then true
    when 'y' then true
    when 'false' then false
    when 'f' then false
    when '0' then false
    when 'no' then false
    when 'n' then false
  end
{%- endmacro %}

{#-
  to_number(expr, type): the value cast to the numeric SQL type `type` ('integer', 'double',
  'decimal(18, 2)') with every ',' and '$' removed and spaces trimmed ('$1,234.50' -> 1234.50,
  '-$5' -> -5); null when it cannot be cast (through dbt.safe_cast). A decimal text cast to an integer
  type is rounded on DuckDB ('12.7' -> 13).
-#}
{% macro to_number(expr, type) -%}
  {{ return(adapter.dispatch('to_number', 'revops')(expr, type)) }}
{%- endmacro %}

{% macro duckdb__to_number(expr, type) -%}
  {#- an integer column is cast directly (`typeof` is resolved at planning, so no text round trip) -#}
  case
    when typeof({{ expr }}) in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') then try_cast({{ expr }} as {{ type }})
    else {{ default__to_number(expr, type) }}
  end
{%- endmacro %}

{% macro default__to_number(expr, type) -%}
  {{ dbt.safe_cast("trim(replace(replace(cast(" ~ expr ~ " as " ~ dbt.type_string() ~ "), ',', ''), '$', ''))", type) }}
{%- endmacro %}
