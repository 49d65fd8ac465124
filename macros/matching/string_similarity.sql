{#-
  string_similarity(left_expr, right_expr): similarity of two strings between 0 (nothing alike) and 1
  (identical), used to grade fuzzy name agreement: Jaro-Winkler as DuckDB's jaro_winkler_similarity defines
  it, on every engine (macros/engines: a PL/pgSQL function on PostgreSQL, higher-order functions on Spark,
  whose built-in jaro_winkler_similarity is another definition). tests/python/test_engines.py holds the
  ports to DuckDB's values.
-#}
{% macro string_similarity(left_expr, right_expr) -%}
  {{ return(adapter.dispatch('string_similarity', 'revops')(left_expr, right_expr)) }}
{%- endmacro %}

{% macro default__string_similarity(left_expr, right_expr) -%}
  {{ exceptions.raise_compiler_error("string_similarity has no implementation for " ~ target.type ~ ": add " ~ target.type ~ "__string_similarity") }}
{%- endmacro %}

{% macro duckdb__string_similarity(left_expr, right_expr) -%}
  jaro_winkler_similarity({{ left_expr }}, {{ right_expr }})
{%- endmacro %}
