{#-
  expression_is_true(model, expression, column_name=none): fails on every row where the SQL boolean
  expression is false (null passes). On a column, the expression is appended to the column name
  (`expression: '>= 0'`).
-#}
{% test expression_is_true(model, expression, column_name=none) -%}
  select *
  from {{ model }}
  where not ({{ column_name ~ ' ' if column_name is not none else '' }}{{ expression }})
{%- endtest %}
