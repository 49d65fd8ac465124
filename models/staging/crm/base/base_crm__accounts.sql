-- grain: one row per raw crm.account row (every CDC version, soft-deleted and unusable rows included)
{{ config(unique_key='account_id') }}
{%- set raw_table = source('crm', 'account') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as account_id,
        {{ person_name_clean('name') }} as account_name,
        {{ company_name_key('name') }} as account_name_key,
        {{ nonblank_string('website') }} as website,
        {{ registrable_domain('website') }} as domain,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('billing_street') }} as billing_street,
        {{ street_key('billing_street') }} as billing_street_key,
        {{ nonblank_string('billing_city') }} as billing_city,
        {{ state_code('billing_state') }} as billing_state_code,
        {{ zip5('billing_postal_code') }} as billing_postal_code,
        {{ country_code('billing_country') }} as billing_country_code,
        {{ nonblank_string('industry') }} as industry,
        {{ to_number('number_of_employees', 'integer') }} as employee_count,
        {{ to_number('annual_revenue', 'double') }} as annual_revenue,
        {{ nonblank_string('type') }} as account_type,
        {{ nonblank_string('owner_id') }} as owner_id,
        {{ nonblank_string('parent_id') }} as parent_account_id,
        {{ to_utc_timestamp('firmographics_verified_at') }} as firmographics_verified_at,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ to_utc_timestamp('last_modified_date') }} as last_modified_at,
        coalesce({{ to_boolean('is_deleted') }}, false) as is_deleted,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'account') }}
    from source
),

classified as (
    select
        *,
        case when account_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'account_id',
        'last_modified_at desc nulls last, created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    account_id,
    account_name,
    account_name_key,
    website,
    domain,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    billing_street,
    billing_street_key,
    billing_city,
    billing_state_code,
    billing_postal_code,
    billing_country_code,
    industry,
    employee_count,
    annual_revenue,
    account_type,
    owner_id,
    parent_account_id,
    firmographics_verified_at,
    created_at,
    last_modified_at,
    is_deleted,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'account') }}
from versions
