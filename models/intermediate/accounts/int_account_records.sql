-- grain: one row per source record to resolve: every CRM account, provider company and discovery location
{#- a trailing unit designator (suite, apartment, floor, '#12') of a street key: building-mates differ only there -#}
{%- set unit_pattern = '\\s+(ste|apt|unit|fl|rm|bldg|lot|spc)?\\s*[0-9][0-9a-z-]*$' %}
with crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

provider_companies as (
    select * from {{ ref('stg_provider__companies') }}
),

discovery_locations as (
    select * from {{ ref('stg_discovery__locations') }}
),

unioned as (
    select
        'crm' as source,
        account_id as source_record_id,
        account_name as record_name,
        account_name_key as name_key,
        domain,
        phone_raw,
        phone_e164,
        billing_street as street,
        billing_street_key as street_key,
        billing_city as city,
        billing_state_code as state_code,
        billing_postal_code as postal_code,
        cast(null as {{ dbt.type_string() }}) as brand_key,
        parent_account_id as parent_source_record_id,
        industry,
        employee_count,
        annual_revenue,
        coalesce(firmographics_verified_at, last_modified_at) as verified_at
    from crm_accounts

    union all

    select
        'provider' as source,
        provider_company_id as source_record_id,
        company_name as record_name,
        company_name_key as name_key,
        domain,
        phone_raw,
        phone_e164,
        street,
        street_key,
        city,
        state_code,
        postal_code,
        cast(null as {{ dbt.type_string() }}) as brand_key,
        cast(null as {{ dbt.type_string() }}) as parent_source_record_id,
        industry,
        employee_count,
        annual_revenue,
        last_verified_at as verified_at
    from provider_companies

    union all

    select
        'discovery' as source,
        location_id as source_record_id,
        business_name as record_name,
        business_name_key as name_key,
        domain,
        phone_raw,
        phone_e164,
        street,
        street_key,
        city,
        state_code,
        postal_code,
        brand_key,
        cast(null as {{ dbt.type_string() }}) as parent_source_record_id,
        category as industry,
        employee_estimate as employee_count,
        cast(null as double) as annual_revenue,
        last_verified_at as verified_at
    from discovery_locations
),

with_phone_digits as (
    select
        *,
        -- digits of the phone before any extension: a 7-digit local number still compares
        {{ regex_replace_all("split_part(lower(phone_raw), 'x', 1)", '[^0-9]', '') }} as phone_digits
    from unioned
),

keyed as (
    select
        source || ':' || source_record_id as record_key,
        source,
        source_record_id,
        record_name,
        name_key,
        split_part(name_key, ' ', 1) as name_first_token,
        domain,
        phone_e164,
        case
            when phone_e164 is not null then right(phone_e164, 7)
            when length(phone_digits) = 7 then phone_digits
        end as phone_local7,
        street,
        street_key,
        nullif({{ regex_extract('street_key', '^[0-9]+') }}, '') as house_number,
        nullif(trim({{ regex_replace_all(regex_replace_all('street_key', '^[0-9]+', ''), unit_pattern, '') }}), '')
            as street_name_key,
        -- the unit's number alone: `ste 591`, `#591` and `591` are one unit
        {%- set trailing_unit = regex_extract(regex_replace_all('street_key', '^[0-9]+', ''), unit_pattern) %}
        nullif({{ regex_extract(trailing_unit, '[0-9][0-9a-z-]*$') }}, '') as unit,
        city,
        lower(trim(city)) as city_key,
        state_code,
        postal_code,
        brand_key,
        case when parent_source_record_id is not null then source || ':' || parent_source_record_id end
            as parent_record_key,
        industry,
        employee_count,
        annual_revenue,
        verified_at
    from with_phone_digits
)

{# how many records carry each compared value: term frequencies for the weights and anchor rarity #}
select
    keyed.*,
    {#- an integer key for the big joins of the matcher (contacts per candidate pair) #}
    row_number() over (order by keyed.record_key) as record_number,
    case when keyed.name_key is not null then count(*) over (partition by keyed.name_key) end as name_records,
    case when keyed.domain is not null then count(*) over (partition by keyed.domain) end as domain_records,
    case
        when keyed.phone_e164 is not null then count(*) over (partition by keyed.phone_e164)
    end as phone_records,
    case
        when keyed.house_number is not null and keyed.postal_code is not null
            then count(*) over (partition by keyed.house_number, keyed.postal_code)
    end as location_records
from keyed
