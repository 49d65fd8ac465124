{#-
  account_comparison_levels(l, r): the graded agreement of two account records (aliases l and r of
  int_account_records), one column per field. Higher level = stronger agreement; 0 = disagreement; null =
  a value is missing on either side (no evidence either way). Location is one graded field (same street
  address > same building > same ZIP > same city and state) rather than address and city apart, which
  would count the same evidence twice. Used for candidate pairs and for the random
  pairs the u-probabilities come from, so both are graded identically.
-#}
{% macro account_comparison_levels(l, r) -%}
    case
        when {{ l }}.name_key is null or {{ r }}.name_key is null then null
        when {{ l }}.name_key = {{ r }}.name_key then 3
        when {{ string_similarity(l ~ '.name_key', r ~ '.name_key') }} >= 0.92 then 2
        when {{ string_similarity(l ~ '.name_key', r ~ '.name_key') }} >= 0.80 then 1
        else 0
    end as name_level,
    case
        when {{ l }}.domain is null or {{ r }}.domain is null then null
        when {{ l }}.domain = {{ r }}.domain then 1
        else 0
    end as domain_level,
    case
        when {{ l }}.phone_local7 is null or {{ r }}.phone_local7 is null then null
        when {{ l }}.phone_e164 = {{ r }}.phone_e164 then 2
        when {{ l }}.phone_local7 = {{ r }}.phone_local7 then 1
        else 0
    end as phone_level,
    case
        when {{ l }}.postal_code = {{ r }}.postal_code and {{ l }}.house_number = {{ r }}.house_number
            and {{ l }}.street_name_key = {{ r }}.street_name_key then 4
        when {{ l }}.postal_code = {{ r }}.postal_code and {{ l }}.house_number = {{ r }}.house_number then 3
        when {{ l }}.postal_code = {{ r }}.postal_code then 2
        when {{ l }}.state_code = {{ r }}.state_code and {{ l }}.city_key = {{ r }}.city_key then 1
        when coalesce({{ l }}.postal_code, {{ l }}.city_key) is null
            or coalesce({{ r }}.postal_code, {{ r }}.city_key) is null then null
        else 0
    end as location_level
{%- endmacro %}

{#- The fields account_comparison_levels grades, with their top (exact) level. -#}
{% macro account_comparison_fields() %}
  {{ return({'name': 3, 'domain': 1, 'phone': 2, 'location': 4}) }}
{% endmacro %}
