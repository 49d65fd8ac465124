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
