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
