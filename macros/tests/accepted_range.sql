{#-
  accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true): fails on every row
  whose value lies outside [min_value, max_value] (open bounds when inclusive is false); either bound may
  be left out, not both; nulls pass.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) -%}
  {%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range on " ~ column_name ~ ": give min_value, max_value or both") }}
  {%- endif -%}
  {%- set operator = '=' if inclusive else '' -%}
  select *
  from {{ model }}
  where
    {%- if min_value is not none %} not ({{ column_name }} >{{ operator }} {{ min_value }}){% endif %}
    {%- if min_value is not none and max_value is not none %} or{% endif %}
    {%- if max_value is not none %} not ({{ column_name }} <{{ operator }} {{ max_value }}){% endif %}
{%- endtest %}
