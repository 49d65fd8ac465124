{#-
  matches_pattern(model, column_name, regex): fails on every non-null value the regex does not match
  somewhere (anchor it with ^ and $ for a full match). The regex is in the portable syntax of
  revops.regex_contains, which dispatches per adapter.
-#}
{% test matches_pattern(model, column_name, regex) -%}
  select *
  from {{ model }}
  where {{ column_name }} is not null
    and not {{ regex_contains('cast(' ~ column_name ~ ' as ' ~ dbt.type_string() ~ ')', regex) }}
{%- endtest %}
