{#-
  account_comparison_levels(l, r): the graded agreement of two account records (aliases l and r of
  int_account_records), one column per field. Higher level = stronger agreement; 0 = disagreement; null =
  a value is missing on either side (no evidence either way). Location is one graded field (same street
  address and unit > same street address, one unit missing > same building > same ZIP > same city and
  state) rather than address and city apart, which
  would count the same evidence twice. Used for candidate pairs and for the random
  pairs the u-probabilities come from, so both are graded identically.
-#}
{% macro account_comparison_levels(l, r) -%}
    case
        when {{ l }}.name_key is null or {{ r }}.name_key is null then null
        when {{ l }}.name_key = {{ r }}.name_key then 3
        {#- most pairs are far apart: ruling them out first computes the similarity once for them #}
        when {{ string_similarity(l ~ '.name_key', r ~ '.name_key') }} < 0.80 then 0
        when {{ string_similarity(l ~ '.name_key', r ~ '.name_key') }} >= 0.92 then 2
        else 1
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
            and {{ l }}.street_name_key = {{ r }}.street_name_key
            and coalesce({{ l }}.unit, '') = coalesce({{ r }}.unit, '') then 5
        when {{ l }}.postal_code = {{ r }}.postal_code and {{ l }}.house_number = {{ r }}.house_number
            and {{ l }}.street_name_key = {{ r }}.street_name_key
            and ({{ l }}.unit is null or {{ r }}.unit is null) then 4
        when {{ l }}.postal_code = {{ r }}.postal_code and {{ l }}.house_number = {{ r }}.house_number then 3
        when {{ l }}.postal_code = {{ r }}.postal_code then 2
        when {{ l }}.state_code = {{ r }}.state_code and {{ l }}.city_key = {{ r }}.city_key then 1
        when coalesce({{ l }}.postal_code, {{ l }}.city_key) is null
            or coalesce({{ r }}.postal_code, {{ r }}.city_key) is null then null
        else 0
    end as location_level
{%- endmacro %}

{#-
  account_contact_levels(pairs, record_contacts): for each pair of a relation with left_record_number and
  right_record_number (of int_account_records), whether the two records list the same person
  (int_account_record_contacts):
  people_level 2 = a shared mobile or company email, 1 = only a shared free-mailbox address or full name
  (namesakes can collide there), 0 = both list people by mobile or email but none is shared, null = either
  lists nobody that way; people_records = how
  many records list the rarest shared key of the best kind (its term frequency).
-#}
{% macro account_contact_levels(pairs, record_contacts) -%}
    with listed_records as (
        -- records listing someone by mobile or email; a name alone says too little to count as a disagreement
        select distinct record_number
        from {{ record_contacts }}
        where not is_name_key
    )

    select
        pairs.left_record_number,
        pairs.right_record_number,
        case
            when shared.people_level is not null then shared.people_level
            when left_listed.record_number is not null and right_listed.record_number is not null then 0
        end as people_level,
        shared.people_records
    from {{ pairs }} as pairs
    left join (
        select
            pairs.left_record_number,
            pairs.right_record_number,
            max(left_contacts.agreement_level) as people_level,
            min(left_contacts.contact_key_records) as people_records
        from {{ pairs }} as pairs
        inner join {{ record_contacts }} as left_contacts
            on pairs.left_record_number = left_contacts.record_number
        -- one integer key over record and contact (2^32 contact numbers per record number): joined on the
        -- contact alone first, a common name (hundreds of namesakes) would multiply out before the pair
        -- narrows it down, and a key of two strings is three times slower to build and hash
        inner join {{ record_contacts }} as right_contacts
            on
                pairs.right_record_number * 4294967296 + left_contacts.contact_number
                = right_contacts.record_number * 4294967296 + right_contacts.contact_number
        group by pairs.left_record_number, pairs.right_record_number
    ) as shared
        on
            pairs.left_record_number = shared.left_record_number
            and pairs.right_record_number = shared.right_record_number
    left join listed_records as left_listed
        on pairs.left_record_number = left_listed.record_number
    left join listed_records as right_listed
        on pairs.right_record_number = right_listed.record_number
{%- endmacro %}

{#- The fields the matcher weighs, with their top (exact) level; `people` comes from account_contact_levels. -#}
{% macro account_comparison_fields() %}
  {{ return({'name': 3, 'domain': 1, 'phone': 2, 'location': 5, 'people': 2}) }}
{% endmacro %}

{#- Fields that identify the organisation rather than the site (a multi-site operator shares them). -#}
{% macro account_organisation_fields() %}
  {{ return(['domain', 'people']) }}
{% endmacro %}
