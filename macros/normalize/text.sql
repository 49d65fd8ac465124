{#- unaccented(expr): the text with accents removed ('Café' -> 'Cafe'); unchanged where the adapter has no such function. -#}
{% macro unaccented(expr) -%}
  {{ return(adapter.dispatch('unaccented', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__unaccented(expr) -%}
  {{ expr }}
{%- endmacro %}

{% macro duckdb__unaccented(expr) -%}
  strip_accents({{ expr }})
{%- endmacro %}
