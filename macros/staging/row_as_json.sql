{#- row_as_json(relation_alias): the whole raw row as a JSON text, kept with quarantined rows. -#}
{% macro row_as_json(relation_alias) -%}
  {{ return(adapter.dispatch('row_as_json', 'revops')(relation_alias)) }}
{%- endmacro %}

{% macro default__row_as_json(relation_alias) -%}
  cast(row_to_json({{ relation_alias }}) as text)
{%- endmacro %}

{% macro duckdb__row_as_json(relation_alias) -%}
  cast(to_json({{ relation_alias }}) as varchar)
{%- endmacro %}

{#-
  row_fingerprint(relation_alias): a deterministic number computed from the whole raw row, to order rows
  that tie on every business column (two CDC versions with the same id and timestamps). Much cheaper than
  ordering by the row's JSON text, which is only built for quarantined rows.
-#}
{% macro row_fingerprint(relation_alias) -%}
  {{ return(adapter.dispatch('row_fingerprint', 'revops')(relation_alias)) }}
{%- endmacro %}

{% macro default__row_fingerprint(relation_alias) -%}
  md5({{ row_as_json(relation_alias) }})
{%- endmacro %}

{% macro duckdb__row_fingerprint(relation_alias) -%}
  hash({{ relation_alias }})
{%- endmacro %}

{#-
  raw_row(relation_alias) and raw_row_json(column): the raw row carried as one value (`raw_row(...) as
  raw_row` in the model's first select) to the last select, where `raw_row_json(raw_row)` makes the JSON text
  for the quarantined rows only (`case when quarantine_reason is not null then ... end`). On DuckDB the
  carried value is the row's struct, so the JSON is built only where it is kept (building it on every row
  was half of the email events' base table at 1M accounts: 62 s -> 31 s); elsewhere it is the JSON already.
-#}
{% macro raw_row(relation_alias) -%}
  {{ return(adapter.dispatch('raw_row', 'revops')(relation_alias)) }}
{%- endmacro %}

{% macro default__raw_row(relation_alias) -%}
  {{ row_as_json(relation_alias) }}
{%- endmacro %}

{% macro duckdb__raw_row(relation_alias) -%}
  {{ relation_alias }}
{%- endmacro %}

{% macro raw_row_json(column) -%}
  {{ return(adapter.dispatch('raw_row_json', 'revops')(column)) }}
{%- endmacro %}

{% macro default__raw_row_json(column) -%}
  {{ column }}
{%- endmacro %}

{% macro duckdb__raw_row_json(column) -%}
  cast(to_json({{ column }}) as varchar)
{%- endmacro %}
