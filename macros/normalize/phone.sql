{#-
  Phone numbers. National numbers follow the North American rule: 10 digits, the first (area code) 2-9;
  the exchange is not checked (the demo data uses the fictional 555-010x range). A number without '+' is
  national, optionally preceded by the country code `var('default_phone_country_code', '1')`. A number
  with '+' other than that code is kept as written when it has 8 to 15 digits. Separators
  (whitespace ( ) . - /) are ignored; letters or any other character make the number invalid (no vanity
  mapping). A trailing extension ('x12', 'ext. 12', 'extension 12', 'extn 12', '#12', ';ext=12') is
  split off first, and a trunk prefix written '(0)' after the country code ('+44 (0)20 ...') is dropped.
-#}

{#- phone_extension_pattern(): the regex of a trailing extension on a lowercased phone; group 1 is its digits. -#}
{% macro phone_extension_pattern() -%}
  {{ return('\\s*[,;]?\\s*(?:extension|extn|ext|x|#)\\s*[.:=]?\\s*(\\d{1,7})\\s*$') }}
{%- endmacro %}

{#- phone_compact(expr): the lowercased phone without its extension, '(0)' and separators; keeps '+' and anything unexpected. -#}
{% macro phone_compact(expr) -%}
  {{ return(adapter.dispatch('phone_compact', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__phone_compact(expr) -%}
  {{ regex_replace_all(
      regex_replace_all('lower(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ '))', phone_extension_pattern(), ''),
      '\\(0\\)|[\\s()./-]', '') }}
{%- endmacro %}

{#- phone_e164(expr): the number in E.164 ('+15550100199'), or null when it cannot be made valid (see the rules above). -#}
{% macro phone_e164(expr) -%}
  {{ return(adapter.dispatch('phone_e164', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__phone_e164(expr) -%}
  {%- set country_code = var('default_phone_country_code', '1') | string -%}
  {%- set compact = phone_compact(expr) -%}
  coalesce(
    '+{{ country_code }}' || {{ regex_extract(compact, '^(?:\\+?' ~ country_code ~ ')?([2-9]\\d{9})$', 1) }},
    case
      when not {{ regex_contains(compact, '^\\+' ~ country_code) }}
        then {{ regex_extract(compact, '^\\+[1-9]\\d{7,14}$') }}
    end
  )
{%- endmacro %}

{#- phone_extension(expr): the digits of the trailing extension ('x12', 'ext. 12', '#12' -> '12'), or null. -#}
{% macro phone_extension(expr) -%}
  {{ return(adapter.dispatch('phone_extension', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__phone_extension(expr) -%}
  {{ regex_extract('lower(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ '))', phone_extension_pattern(), 1) }}
{%- endmacro %}

{#- phone_is_valid(expr): whether phone_e164 is not null; null when the input is null or blank. -#}
{% macro phone_is_valid(expr) -%}
  {{ return(adapter.dispatch('phone_is_valid', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__phone_is_valid(expr) -%}
  case
    when {{ regex_contains('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', '\\S') }}
      then {{ phone_e164(expr) }} is not null
  end
{%- endmacro %}
