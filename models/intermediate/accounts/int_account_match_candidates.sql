-- grain: one row per candidate pair of records (left record_key < right record_key) from any blocking rule
{#-
  Blocking: only records sharing a blocking key are compared. A key shared by more records than
  var('account_match_block_cap') (a switchboard phone, a franchise brand's domain, a common name token)
  is skipped for that rule: such blocks explode quadratically and are weak evidence anyway. Records
  listing the same person (int_account_record_contacts) form one more rule, `shared_contact`.
-#}
{%- set blocking_rules = {
    'domain': ['domain'],
    'phone': ['phone_e164'],
    'phone_local7_postal_code': ['phone_local7', 'postal_code'],
    'house_number_postal_code': ['house_number', 'postal_code'],
    'name_state': ['name_key', 'state_code'],
    'name_token_postal_code': ['name_first_token', 'postal_code'],
    'name_token_city_state': ['name_first_token', 'city_key', 'state_code'],
} %}

with records as (
    select * from {{ ref('int_account_records') }}
),

record_contacts as (
    select record_contacts.*
    from {{ ref('int_account_record_contacts') }} as record_contacts
    inner join records on record_contacts.record_key = records.record_key
),

shared_contact_blocks as (
    -- a person's name alone is no blocking key: namesakes would flood the blocks
    select contact_key
    from record_contacts
    where not is_name_key
    group by contact_key
    having count(*) between 2 and {{ var('account_match_block_cap') }}
),

shared_contact_pairs as (
    select distinct
        left_contacts.record_key as left_record_key,
        right_contacts.record_key as right_record_key,
        left_contacts.record_number as left_record_number,
        right_contacts.record_number as right_record_number,
        'shared_contact' as blocking_rule
    from shared_contact_blocks as blocks
    inner join record_contacts as left_contacts on blocks.contact_key = left_contacts.contact_key
    inner join record_contacts as right_contacts
        on
            blocks.contact_key = right_contacts.contact_key
            and left_contacts.record_key < right_contacts.record_key
),

{# a person named at two sites of one brand in one city: the franchisee, which tells apart the brand's
   operators there (a name alone is no blocking key: namesakes would flood the blocks) #}
brand_people as (
    select
        record_contacts.record_key,
        record_contacts.record_number,
        records.brand_key || '|' || records.state_code || '|' || records.city_key || '|' || record_contacts.contact_key
            as brand_person_key
    from record_contacts
    inner join records on record_contacts.record_key = records.record_key
    where
        record_contacts.is_name_key
        and records.brand_key is not null
        and records.state_code is not null
        and records.city_key is not null
),

brand_person_blocks as (
    select brand_person_key
    from brand_people
    group by brand_person_key
    having count(*) between 2 and {{ var('account_match_block_cap') }}
),

brand_person_pairs as (
    select distinct
        left_people.record_key as left_record_key,
        right_people.record_key as right_record_key,
        left_people.record_number as left_record_number,
        right_people.record_number as right_record_number,
        'brand_person' as blocking_rule
    from brand_person_blocks as blocks
    inner join brand_people as left_people on blocks.brand_person_key = left_people.brand_person_key
    inner join brand_people as right_people
        on
            blocks.brand_person_key = right_people.brand_person_key
            and left_people.record_key < right_people.record_key
),

{% for rule, keys in blocking_rules.items() %}
    {{ rule }}_blocks as (
        select {{ keys | join(', ') }}
        from records
        where
            {%- for key in keys %}
                {{ 'and ' if not loop.first }}{{ key }} is not null
            {%- endfor %}
        group by {{ keys | join(', ') }}
        having count(*) between 2 and {{ var('account_match_block_cap') }}
    ),

    {{ rule }}_pairs as (
        select
            left_records.record_key as left_record_key,
            right_records.record_key as right_record_key,
            left_records.record_number as left_record_number,
            right_records.record_number as right_record_number,
            '{{ rule }}' as blocking_rule
        from {{ rule }}_blocks as blocks
        inner join records as left_records
            on
                {%- for key in keys %}
                    {{ 'and ' if not loop.first }}left_records.{{ key }} = blocks.{{ key }}
                {%- endfor %}
        inner join records as right_records
            on
                left_records.record_key < right_records.record_key
                {%- for key in keys %}
                    and right_records.{{ key }} = blocks.{{ key }}
                {%- endfor %}
    ),

{% endfor %}
all_pairs as (
    select * from shared_contact_pairs
    union all
    select * from brand_person_pairs
    union all
    {% for rule in blocking_rules %}
        select * from {{ rule }}_pairs
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    left_record_key,
    right_record_key,
    left_record_number,
    right_record_number,
    min(blocking_rule) as first_blocking_rule,
    count(*) as blocking_rule_count
from all_pairs
group by left_record_key, right_record_key, left_record_number, right_record_number
