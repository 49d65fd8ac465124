{#- nonblank_string(expr): the value cast to text and trimmed; null when blank. -#}
{% macro nonblank_string(expr) -%}
  nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
