{#- not_null_proportion(model, column_name, at_least): fails when the share of non-null values of the column is below at_least (0 to 1); an empty model passes. -#}
{% test not_null_proportion(model, column_name, at_least) -%}
  select not_null_proportion
  from (
    select sum(case when {{ column_name }} is not null then 1 else 0 end) * 1.0 / count(*) as not_null_proportion
    from {{ model }}
    having count(*) > 0
  ) as proportions
  where not_null_proportion < {{ at_least }}
{%- endtest %}
