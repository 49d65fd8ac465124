-- grain: one row per raw engagement.email_events row (duplicate deliveries and unusable rows included)
{{ config(unique_key='event_id') }}
{%- set raw_table = source('engagement', 'email_events') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'event_id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('event_id') }} as event_id,
        {{ nonblank_string('email') }} as email_raw,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ nonblank_string('campaign_id') }} as campaign_id,
        lower({{ nonblank_string('event_type') }}) as event_type,
        {{ to_utc_timestamp('occurred_at') }} as occurred_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('engagement', 'email_events') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when event_id is null then 'missing id'
            when email_raw is null then 'missing email'
            when occurred_at is null then 'unparseable occurred_at'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'event_id',
        'occurred_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    event_id,
    email_raw,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    campaign_id,
    event_type,
    occurred_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('engagement', 'email_events') }}
from versions
