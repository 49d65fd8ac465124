-- grain: one row per raw crm.contact row (every CDC version, soft-deleted and unusable rows included)
{{ config(unique_key='contact_id') }}
{%- set raw_table = source('crm', 'contact') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as contact_id,
        {{ nonblank_string('account_id') }} as account_id,
        {{ person_name_clean('first_name') }} as first_name,
        {{ person_name_clean('last_name') }} as last_name,
        {{ person_name_key("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }} as full_name_key,
        {{ nonblank_string('title') }} as title,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('mobile_phone') }} as mobile_phone_raw,
        {{ phone_e164('mobile_phone') }} as mobile_phone_e164,
        {{ phone_extension('mobile_phone') }} as mobile_phone_extension,
        {{ phone_is_valid('mobile_phone') }} as is_mobile_phone_valid,
        {{ nonblank_string('lead_source') }} as lead_source,
        {{ nonblank_string('owner_id') }} as owner_id,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ to_utc_timestamp('last_modified_date') }} as last_modified_at,
        coalesce({{ to_boolean('is_deleted') }}, false) as is_deleted,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'contact') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
),

classified as (
    select
        *,
        case when contact_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'contact_id',
        'last_modified_at desc nulls last, created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    contact_id,
    account_id,
    first_name,
    last_name,
    full_name_key,
    title,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    lead_source,
    owner_id,
    created_at,
    last_modified_at,
    is_deleted,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'contact') }}
from versions
