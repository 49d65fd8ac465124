{#-
  Email addresses. Normalising lowercases the address and removes all whitespace. A valid address is
  local@domain where the local part is dot-separated runs of [a-z0-9_%+'-] (no leading, trailing or double
  dot) and the domain is dot-separated labels of [a-z0-9-] that neither start nor end with '-', ending in
  an alphabetic top-level label of 2 or more letters. Quoted local parts and IP-literal domains are
  treated as invalid.
-#}

{#- email_pattern(): the regex a normalised (lowercase, no whitespace) address must fully match. -#}
{% macro email_pattern() -%}
  {{ return("^[a-z0-9_%+'-]+(?:\\.[a-z0-9_%+'-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$") }}
{%- endmacro %}

{#- email_cleaned(expr): the value lowercased with all whitespace removed, not yet validated. -#}
{% macro email_cleaned(expr) -%}
  {{ return(adapter.dispatch('email_cleaned', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__email_cleaned(expr) -%}
  lower({{ regex_replace_all('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', '\\s+', '') }})
{%- endmacro %}

{#- email_normalized(expr): the address trimmed, whitespace removed and lowercased; null when blank or invalid. -#}
{% macro email_normalized(expr) -%}
  {{ return(adapter.dispatch('email_normalized', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__email_normalized(expr) -%}
  {%- set cleaned = email_cleaned(expr) -%}
  case when {{ regex_contains(cleaned, email_pattern()) }} then {{ cleaned }} end
{%- endmacro %}

{#- email_is_valid(expr): whether email_normalized is not null; null when the input is null or blank. -#}
{% macro email_is_valid(expr) -%}
  {{ return(adapter.dispatch('email_is_valid', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__email_is_valid(expr) -%}
  {%- set cleaned = email_cleaned(expr) -%}
  case when {{ cleaned }} <> '' then {{ regex_contains(cleaned, email_pattern()) }} end
{%- endmacro %}

{#- email_domain(expr): the domain part of the normalised address ('Jo@Example.COM' -> 'example.com'); null when invalid. -#}
{% macro email_domain(expr) -%}
  {{ return(adapter.dispatch('email_domain', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__email_domain(expr) -%}
  {%- set cleaned = email_cleaned(expr) -%}
  case
    when {{ regex_contains(cleaned, email_pattern()) }}
      then substring({{ cleaned }} from position('@' in {{ cleaned }}) + 1)
  end
{%- endmacro %}

{#-
  is_free_email_domain(domain_expr): whether the domain (compared lowercased and trimmed) is a free or
  personal mailbox provider listed in the seed free_email_domains; null when the domain is null.
-#}
{% macro is_free_email_domain(domain_expr) -%}
  {{ return(adapter.dispatch('is_free_email_domain', 'revops')(domain_expr)) }}
{%- endmacro %}

{% macro default__is_free_email_domain(domain_expr) -%}
  case
    when {{ domain_expr }} is not null
      then lower(trim({{ domain_expr }})) in (select domain from {{ ref('free_email_domains') }})
  end
{%- endmacro %}
