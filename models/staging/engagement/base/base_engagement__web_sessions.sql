-- grain: one row per raw engagement.web_sessions row (duplicate deliveries and unusable rows included)
{{ config(unique_key='session_id') }}
{%- set raw_table = source('engagement', 'web_sessions') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'session_id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

company_domains as (
    {{ value_lookup(base_lookup_relation(raw_table), 'company_domain', [
        [registrable_domain('company_domain'), 'registrable_company_domain'],
    ]) }}
),

renamed as (
    select
        {{ nonblank_string('session_id') }} as session_id,
        {{ nonblank_string('anonymous_id') }} as anonymous_id,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        company_domains.registrable_company_domain as company_domain,
        {{ nonblank_string('landing_page') }} as landing_page,
        lower({{ nonblank_string('page_category') }}) as page_category,
        {{ to_number('pages_viewed', 'integer') }} as pages_viewed,
        lower({{ nonblank_string('utm_source') }}) as utm_source,
        lower({{ nonblank_string('utm_medium') }}) as utm_medium,
        lower({{ nonblank_string('utm_campaign') }}) as utm_campaign,
        {{ to_utc_timestamp('started_at') }} as started_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('engagement', 'web_sessions') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
    left join company_domains on source.company_domain = company_domains.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when session_id is null then 'missing id'
            when started_at is null then 'unparseable started_at'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'session_id',
        'started_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    session_id,
    anonymous_id,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    company_domain,
    landing_page,
    page_category,
    pages_viewed,
    utm_source,
    utm_medium,
    utm_campaign,
    started_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('engagement', 'web_sessions') }}
from versions
