{#-
  value_lookup(relation, column, expressions): a select of one row per distinct non-null value of `column`
  in `relation`, the value as `lookup_value` and each [expression, alias] pair of `expressions` computed on
  it (the expressions refer to `column` by its name, exactly as they would in a per-row select).

  A base model joins it back on the raw value (`left join <cte> on source.<column> = <cte>.lookup_value`)
  instead of evaluating the expressions on every raw row: exact for expressions that depend only on the
  value and give null for null (every normalisation macro), and much cheaper where values repeat (an email
  address in tens of events) and the expression is costly (the email macros each evaluate the address
  regex; DuckDB does not share those evaluations between columns or `case` branches).
-#}
{% macro value_lookup(relation, column, expressions) -%}
select
    {{ column }} as lookup_value,
    {%- for expression, alias in expressions %}
    {{ expression }} as {{ alias }}{{ ',' if not loop.last }}
    {%- endfor %}
from (
    select distinct {{ column }}
    from {{ relation }}
    where {{ column }} is not null
) as distinct_values
{%- endmacro %}

{#-
  email_address_lookup(relation, column): value_lookup of an email column with the four staged email
  columns, as normalized_email (email_normalized), normalized_email_domain (email_domain),
  normalized_is_free_email (is_free_email_domain) and normalized_is_email_valid (email_is_valid).
-#}
{% macro email_address_lookup(relation, column) -%}
  {{ return(value_lookup(relation, column, [
      [email_normalized(column), 'normalized_email'],
      [email_domain(column), 'normalized_email_domain'],
      [is_free_email_domain(email_domain(column)), 'normalized_is_free_email'],
      [email_is_valid(column), 'normalized_is_email_valid'],
  ])) }}
{%- endmacro %}
