{#-
  string_similarity(left_expr, right_expr): similarity of two strings between 0 (nothing alike) and 1
  (identical), used to grade fuzzy name agreement. DuckDB: Jaro-Winkler. Other engines get their own
  implementation (Spark < 4.3 and PostgreSQL have no Jaro-Winkler: a normalised Levenshtein stands in).
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
