{#-
  company_name_key(expr): a key for matching company names: accents removed, lowercased, '&' -> ' and ',
  apostrophes removed ("Joe's" -> 'joes'), any other run of characters outside [a-z0-9] -> one space, a
  leading 'the' removed, then trailing legal-form tokens removed, repeatedly, with an 'and' just before
  them ('Smith & Co' -> 'smith'): inc incorporated llc 'l l c' ltd limited corp corporation co company
  plc llp 'l l p' pllc 'p l l c' pc 'p c' lp 'l p' gmbh pty pte bv nv sa sarl srl ag. Null when nothing is
  left. 'Joe''s Pizza, Inc.' and 'JOES PIZZA' -> 'joes pizza'; 'The Smith & Sons Co.' -> 'smith and sons'.
-#}
{% macro company_name_key(expr) -%}
  {{ return(adapter.dispatch('company_name_key', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__company_name_key(expr) -%}
  {%- set legal_forms = [
    'incorporated', 'inc', 'llc', 'l l c', 'ltd', 'limited', 'corporation', 'corp', 'company', 'co',
    'plc', 'llp', 'l l p', 'pllc', 'p l l c', 'pc', 'p c', 'lp', 'l p', 'gmbh', 'pty', 'pte', 'bv', 'nv',
    'sa', 'sarl', 'srl', 'ag'
  ] -%}
  {%- set lowered = 'lower(' ~ unaccented('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') ~ ')' -%}
  {%- set without_apostrophes = regex_replace_all("replace(" ~ lowered ~ ", '&', ' and ')", "['‘’`]", '') -%}
  {%- set words = 'trim(' ~ regex_replace_all(without_apostrophes, '[^a-z0-9]+', ' ') ~ ')' -%}
  {%- set without_the = regex_replace_all(words, '^the ', '') -%}
  nullif(trim({{ regex_replace_all("' ' || " ~ without_the, '(?: and)?(?: (?:' ~ legal_forms | join('|') ~ '))+$', '') }}), '')
{%- endmacro %}

{#- person_name_clean(expr): the name with whitespace runs collapsed to one space and trimmed, case kept; null when blank. -#}
{% macro person_name_clean(expr) -%}
  {{ return(adapter.dispatch('person_name_clean', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__person_name_clean(expr) -%}
  nullif(trim({{ regex_replace_all('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', '\\s+', ' ') }}), '')
{%- endmacro %}

{#-
  person_name_key(expr): a key for matching people's names: accents removed, lowercased, apostrophes and
  periods removed ("O'Brien" -> 'obrien', 'J.R.' -> 'jr'), any other run of characters outside [a-z0-9]
  -> one space ('Mary-Jane' -> 'mary jane'), trimmed; null when nothing is left.
-#}
{% macro person_name_key(expr) -%}
  {{ return(adapter.dispatch('person_name_key', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__person_name_key(expr) -%}
  {%- set lowered = 'lower(' ~ unaccented('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') ~ ')' -%}
  nullif(trim({{ regex_replace_all(regex_replace_all(lowered, "['‘’`.]", ''), '[^a-z0-9]+', ' ') }}), '')
{%- endmacro %}
