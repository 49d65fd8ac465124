{#-
  pii_hash(expression): a salted SHA-256 of a personal value (a mobile, an email), as 64 hex characters,
  for BI-facing marts: rows can be counted and joined (e.g. to the restricted dialer export) without the
  value. The salt comes from the environment variable REVOPS_PII_SALT (never committed); see pii_salt().
  Null stays null.
-#}
{% macro pii_hash(expression) -%}
  {{ return(adapter.dispatch('pii_hash', 'revops')(expression, pii_salt())) }}
{%- endmacro %}

{% macro default__pii_hash(expression, salt) -%}
  case
    when {{ expression }} is not null
      then lower(sha256('{{ salt }}' || cast({{ expression }} as {{ dbt.type_string() }})))
  end
{%- endmacro %}

{#-
  pii_salt(): the salt of pii_hash. REVOPS_PII_SALT when set; otherwise a documented, public demo salt, but
  only when the target is named `demo` or the var `pii_demo_salt` is true (make build sets it for the
  generated demo data); otherwise the run stops with an error, so real data is never hashed with a known
  salt. Read only when a model that hashes is compiled.
-#}
{% macro pii_salt() %}
  {%- set salt = env_var('REVOPS_PII_SALT', '') | trim -%}
  {%- if salt -%}
    {%- if "'" in salt or "\\" in salt -%}
      {{ exceptions.raise_compiler_error("REVOPS_PII_SALT must not contain quotes or backslashes") }}
    {%- endif -%}
    {{ return(salt) }}
  {%- endif -%}
  {%- if target.name == 'demo' or var('pii_demo_salt', false) -%}
    {{ return('revops-public-demo-salt') }}
  {%- endif -%}
  {%- if execute -%}
    {{ exceptions.raise_compiler_error(
        "REVOPS_PII_SALT is not set: personal data in the marts is hashed with a secret salt. Set the "
        ~ "environment variable REVOPS_PII_SALT (keep it out of the repository, the same value on every run), "
        ~ "or, for the generated demo data only, pass --vars '{pii_demo_salt: true}'.") }}
  {%- endif -%}
  {{ return('') }}
{% endmacro %}
