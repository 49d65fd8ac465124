-- grain: one row per candidate pair of records (left record_key < right record_key) from any blocking rule
{#-
  Blocking: only records sharing a blocking key are compared. A key shared by more records than
  var('account_match_block_cap') (a switchboard phone, a franchise brand's domain, a common name token)
  is skipped for that rule: such blocks explode quadratically and are weak evidence anyway. Each rule reads
  one relation of members (record_key, record_number and the rule's key columns): the records themselves;
  the people they list by mobile or email (int_account_record_contacts), rule `shared_contact`; and a person
  named at two sites of one brand in one city, rule `brand_person`: the franchisee, which tells the brand's
  operators there apart (a person's name alone is no blocking key: namesakes would flood the blocks).
-#}
{%- set blocking_rules = {
    'brand_person': ('brand_people', ['brand_person_key']),
    'domain': ('records', ['domain']),
    'house_number_postal_code': ('records', ['house_number', 'postal_code']),
    'name_state': ('records', ['name_key', 'state_code']),
    'name_token_city_state': ('records', ['name_first_token', 'city_key', 'state_code']),
    'name_token_postal_code': ('records', ['name_first_token', 'postal_code']),
    'phone': ('records', ['phone_e164']),
    'phone_local7_postal_code': ('records', ['phone_local7', 'postal_code']),
    'shared_contact': ('contact_people', ['contact_key']),
} %}
{#- each rule one bit, in name order, so the lowest bit set is the first rule by name #}
{%- set rule_bits = {} %}
{%- for rule in blocking_rules | sort %}{% do rule_bits.update({rule: 2 ** loop.index0}) %}{% endfor %}

with records as (
    select * from {{ ref('int_account_records') }}
),

record_contacts as (
    select
        record_contacts.*,
        records.brand_key,
        records.state_code,
        records.city_key
    from {{ ref('int_account_record_contacts') }} as record_contacts
    inner join records on record_contacts.record_number = records.record_number
),

contact_people as (
    select
        record_number,
        contact_key
    from record_contacts
    where not is_name_key
),

brand_people as (
    select
        record_number,
        brand_key || '|' || state_code || '|' || city_key || '|' || contact_key as brand_person_key
    from record_contacts
    where is_name_key and brand_key is not null and state_code is not null and city_key is not null
),

{% for rule, (members, keys) in blocking_rules.items() %}
    {{ rule }}_blocks as (
        select {{ keys | join(', ') }}
        from {{ members }}
        where
            {%- for key in keys %}
                {{ 'and ' if not loop.first }}{{ key }} is not null
            {%- endfor %}
        group by {{ keys | join(', ') }}
        having count(*) between 2 and {{ var('account_match_block_cap') }}
    ),

    {{ rule }}_pairs as (
        select
            left_members.record_number as left_record_number,
            right_members.record_number as right_record_number,
            {{ rule_bits[rule] }} as blocking_rule_bit
        from {{ rule }}_blocks as blocks
        inner join {{ members }} as left_members
            on
                {%- for key in keys %}
                    {{ 'and ' if not loop.first }}left_members.{{ key }} = blocks.{{ key }}
                {%- endfor %}
        inner join {{ members }} as right_members
            on
                left_members.record_number < right_members.record_number
                {%- for key in keys %}
                    and right_members.{{ key }} = blocks.{{ key }}
                {%- endfor %}
    ),

{% endfor %}
all_pairs as (
    {% for rule in blocking_rules %}
        select * from {{ rule }}_pairs
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

{#
  one row per pair: grouped on the two record numbers (integers, in record_key order), the pair's rules
  gathered as bits rather than counted distinct, so the aggregate hashes two integers, not two strings and a
  rule; the keys are looked up afterwards
#}
pair_rules as (
    select
        left_record_number,
        right_record_number,
        bit_or(blocking_rule_bit) as blocking_rule_bits
    from all_pairs
    group by left_record_number, right_record_number
)

select
    left_records.record_key as left_record_key,
    right_records.record_key as right_record_key,
    pair_rules.left_record_number,
    pair_rules.right_record_number,
    case
        {%- for rule, bit in rule_bits.items() %}
            when (pair_rules.blocking_rule_bits & {{ bit }}) <> 0 then '{{ rule }}'
        {%- endfor %}
    end as first_blocking_rule,
    (
        {%- for bit in rule_bits.values() %}
            {{ '+ ' if not loop.first -}}
            case when (pair_rules.blocking_rule_bits & {{ bit }}) <> 0 then 1 else 0 end
        {%- endfor %}
    ) as blocking_rule_count
from pair_rules
inner join records as left_records on pair_rules.left_record_number = left_records.record_number
inner join records as right_records on pair_rules.right_record_number = right_records.record_number
