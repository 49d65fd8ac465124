-- grain: one row per person record of a resolved business: CRM contact, provider contact, discovery decision-maker
{#
  A person is keyed within the business by the normalised full name (person_key), so the same decision-maker
  found in several sources is one person. A "direct dial" equal to one of the business's own lines (main or
  location phone of any of its records) is an office line, not a direct dial.
#}
with crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

provider_contacts as (
    select * from {{ ref('stg_provider__contacts') }}
),

discovery_decision_makers as (
    select * from {{ ref('stg_discovery__decision_makers') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

account_records as (
    select * from {{ ref('int_account_records') }}
),

title_patterns as (
    select * from {{ ref('decision_maker_title_patterns') }}
),

business_lines as (
    select distinct
        matches.account_key,
        account_records.phone_e164
    from account_records
    inner join matches on account_records.record_key = matches.record_key
    where account_records.phone_e164 is not null
),

unioned as (
    select
        'crm' as source,
        crm_contacts.contact_id as source_record_id,
        matches.account_key,
        crm_contacts.full_name_key,
        crm_contacts.title,
        case when crm_contacts.is_mobile_phone_valid then crm_contacts.mobile_phone_e164 end as mobile_e164,
        case when crm_contacts.is_phone_valid then crm_contacts.phone_e164 end as phone_e164,
        crm_contacts.last_modified_at as verified_at
    from crm_contacts
    inner join matches
        on crm_contacts.account_id = matches.source_record_id and matches.source = 'crm'

    union all

    select
        'provider' as source,
        provider_contacts.provider_contact_id as source_record_id,
        matches.account_key,
        provider_contacts.full_name_key,
        provider_contacts.title,
        case when provider_contacts.is_mobile_phone_valid then provider_contacts.mobile_phone_e164 end
            as mobile_e164,
        case when provider_contacts.is_direct_dial_valid then provider_contacts.direct_dial_e164 end
            as phone_e164,
        provider_contacts.last_verified_at as verified_at
    from provider_contacts
    inner join matches
        on provider_contacts.provider_company_id = matches.source_record_id and matches.source = 'provider'

    union all

    select
        'discovery' as source,
        discovery_decision_makers.decision_maker_id as source_record_id,
        matches.account_key,
        discovery_decision_makers.full_name_key,
        discovery_decision_makers.role as title,
        case when discovery_decision_makers.is_mobile_phone_valid then discovery_decision_makers.mobile_phone_e164 end
            as mobile_e164,
        cast(null as {{ dbt.type_string() }}) as phone_e164,
        discovery_decision_makers.last_verified_at as verified_at
    from discovery_decision_makers
    inner join matches
        on discovery_decision_makers.location_id = matches.source_record_id and matches.source = 'discovery'
),

-- classify each distinct title once (a few hundred), not every record
titles as (
    select distinct lower(trim(title)) as title_key
    from unioned
    where title is not null
),

classified as (
    select
        titles.title_key,
        title_patterns.role_class,
        title_patterns.is_decision_maker,
        row_number() over (partition by titles.title_key order by title_patterns.match_order) as pattern_rank
    from titles
    inner join title_patterns on titles.title_key like title_patterns.title_pattern
)

select
    unioned.source || ':' || unioned.source_record_id as record_key,
    unioned.source,
    unioned.source_record_id,
    unioned.account_key,
    coalesce(
        unioned.account_key || ':' || unioned.full_name_key, unioned.source || ':' || unioned.source_record_id
    ) as person_key,
    unioned.full_name_key,
    unioned.title,
    classified.role_class,
    coalesce(classified.is_decision_maker, false) as is_decision_maker,
    unioned.mobile_e164,
    case when business_lines.phone_e164 is null then unioned.phone_e164 end as direct_dial_e164,
    case when business_lines.phone_e164 is not null then unioned.phone_e164 end as office_line_e164,
    unioned.verified_at
from unioned
left join classified on lower(trim(unioned.title)) = classified.title_key and classified.pattern_rank = 1
left join business_lines
    on unioned.account_key = business_lines.account_key and unioned.phone_e164 = business_lines.phone_e164
