-- grain: one row per raw discovery.decision_makers row (every version, unusable rows included)
-- the import CTE is not called `source`: the table has a column of that name, which would shadow it
{{ config(unique_key='decision_maker_id') }}
{%- set raw_table = source('discovery', 'decision_makers') %}
with raw_decision_makers as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'decision_maker_id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table, 'raw_decision_makers'), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('decision_maker_id') }} as decision_maker_id,
        {{ nonblank_string('location_id') }} as location_id,
        {{ person_name_clean('full_name') }} as full_name,
        {{ person_name_key('full_name') }} as full_name_key,
        lower({{ nonblank_string('role') }}) as role,
        {{ nonblank_string('mobile_phone') }} as mobile_phone_raw,
        {{ phone_e164('mobile_phone') }} as mobile_phone_e164,
        {{ phone_extension('mobile_phone') }} as mobile_phone_extension,
        {{ phone_is_valid('mobile_phone') }} as is_mobile_phone_valid,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        lower({{ nonblank_string('raw_decision_makers.source') }}) as source,
        {{ to_utc_timestamp('last_verified_at') }} as last_verified_at,
        {{ row_fingerprint('raw_decision_makers') }} as row_fingerprint,
        {{ raw_row('raw_decision_makers') }} as raw_row
    {{ passthrough_columns('discovery', 'decision_makers') }}
    from raw_decision_makers
    left join email_addresses on raw_decision_makers.email = email_addresses.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when decision_maker_id is null then 'missing id'
            when location_id is null then 'missing location_id'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'decision_maker_id',
        'last_verified_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    decision_maker_id,
    location_id,
    full_name,
    full_name_key,
    role,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    source,
    last_verified_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('discovery', 'decision_makers') }}
from versions
