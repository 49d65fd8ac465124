-- grain: one row per account record and personal contact key (a person's mobile, email or name) listed on it
{#
  The people a source lists on a record (CRM contacts of an account, provider contacts of a company,
  discovery decision-makers of a location), reduced to keys that identify one person: a valid mobile or a
  valid email. Office lines and direct dials are left out (a switchboard is shared by a building). Free
  mailbox addresses are kept under their own prefix (`free_email:`): namesakes can collide on a name-based
  webmail address, so sharing one counts as a weaker agreement level. So does the person's normalised full
  name (`name:`): a franchisee listed by name at each of its sites, with a mobile on one and a webmail
  address on the other, is still one person; namesakes make it weak, and it is no blocking key. Two
  records listing the same person are evidence of one business even when they are different sites
  (a franchisee listed at each of its locations).
#}
with records as (
    select
        record_key,
        record_number
    from {{ ref('int_account_records') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

provider_contacts as (
    select * from {{ ref('stg_provider__contacts') }}
),

decision_makers as (
    select * from {{ ref('stg_discovery__decision_makers') }}
),

listed_people as (
    select
        'crm:' || account_id as record_key,
        case when is_mobile_phone_valid then mobile_phone_e164 end as mobile_phone_e164,
        case when is_email_valid then email end as email,
        coalesce(is_free_email, false) as is_free_email,
        full_name_key
    from crm_contacts
    where account_id is not null
    union all
    select
        'provider:' || provider_company_id as record_key,
        case when is_mobile_phone_valid then mobile_phone_e164 end as mobile_phone_e164,
        case when is_email_valid then email end as email,
        coalesce(is_free_email, false) as is_free_email,
        full_name_key
    from provider_contacts
    where provider_company_id is not null
    union all
    select
        'discovery:' || location_id as record_key,
        case when is_mobile_phone_valid then mobile_phone_e164 end as mobile_phone_e164,
        case when is_email_valid then email end as email,
        coalesce(is_free_email, false) as is_free_email,
        full_name_key
    from decision_makers
    where location_id is not null
),

contact_keys as (
    select
        record_key,
        'mobile:' || mobile_phone_e164 as contact_key,
        2 as agreement_level,
        false as is_name_key
    from listed_people
    where mobile_phone_e164 is not null
    union all
    select
        record_key,
        case when is_free_email then 'free_email:' else 'email:' end || email as contact_key,
        case when is_free_email then 1 else 2 end as agreement_level,
        false as is_name_key
    from listed_people
    where email is not null
    union all
    select
        record_key,
        'name:' || full_name_key as contact_key,
        1 as agreement_level,
        true as is_name_key
    from listed_people
    where full_name_key is not null
),

distinct_keys as (
    select distinct
        record_key,
        contact_key,
        agreement_level,
        is_name_key
    from contact_keys
),

{# per contact key: how many records list it (its term frequency) and its number, once per key #}
contact_numbers as (
    select
        contact_key,
        count(*) as contact_key_records,
        row_number() over (order by contact_key) as contact_number
    from distinct_keys
    group by contact_key
)

select
    distinct_keys.record_key,
    records.record_number,
    distinct_keys.contact_key,
    contact_numbers.contact_number,
    distinct_keys.agreement_level,
    distinct_keys.is_name_key,
    contact_numbers.contact_key_records
from distinct_keys
inner join contact_numbers on distinct_keys.contact_key = contact_numbers.contact_key
left join records on distinct_keys.record_key = records.record_key
