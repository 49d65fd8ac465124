{#-
  passthrough_columns(source_name, table_name, relation_alias=none): a leading-comma list of the raw
  columns a user asked to carry through staging untouched, from
  `var('passthrough_columns')` keyed by '<source>.<table>', e.g. {"crm.account": ["region__c"]}.
  Renders nothing when none are configured. Missing ones are read as null (see create_raw_relations).
-#}
{% macro passthrough_columns(source_name, table_name, relation_alias=none) -%}
  {%- for column_name in var('passthrough_columns', {}).get(source_name ~ '.' ~ table_name, []) -%}
    , {{ relation_alias ~ '.' if relation_alias else '' }}{{ column_name | lower }}
  {%- endfor -%}
{%- endmacro %}
