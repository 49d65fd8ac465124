{% macro mask_phone(expression) -%}
    {#- E.164 number with all but the country prefix and last four digits hidden: +1******0199 -#}
    case
        when {{ expression }} is not null
            then left({{ expression }}, 2) || repeat('*', length({{ expression }}) - 6) || right({{ expression }}, 4)
    end
{%- endmacro %}
