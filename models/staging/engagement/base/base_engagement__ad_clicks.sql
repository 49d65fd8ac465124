-- grain: one row per raw engagement.ad_clicks row (duplicate deliveries and unusable rows included)
{{ config(unique_key='click_id') }}
{%- set raw_table = source('engagement', 'ad_clicks') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'click_id') }}
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
        {{ nonblank_string('click_id') }} as click_id,
        lower({{ nonblank_string('platform') }}) as platform,
        {{ nonblank_string('campaign_name') }} as campaign_name,
        lower({{ nonblank_string('utm_source') }}) as utm_source,
        lower({{ nonblank_string('utm_medium') }}) as utm_medium,
        lower({{ nonblank_string('utm_campaign') }}) as utm_campaign,
        company_domains.registrable_company_domain as company_domain,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ to_utc_timestamp('clicked_at') }} as clicked_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('engagement', 'ad_clicks') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
    left join company_domains on source.company_domain = company_domains.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when click_id is null then 'missing id'
            when clicked_at is null then 'unparseable clicked_at'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'click_id',
        'clicked_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    click_id,
    platform,
    campaign_name,
    utm_source,
    utm_medium,
    utm_campaign,
    company_domain,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    clicked_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('engagement', 'ad_clicks') }}
from versions
