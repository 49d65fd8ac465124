{#-
  duckdb__safe_cast(field, type): overrides dbt's safe_cast on DuckDB (dbt-duckdb renders a plain cast,
  which raises on bad input). `dbt.safe_cast(...)` dispatches here: the value cast to `type`, or null when
  it cannot be cast.
-#}
{% macro duckdb__safe_cast(field, type) -%}
  try_cast({{ field }} as {{ type }})
{%- endmacro %}
