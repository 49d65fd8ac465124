-- grain: one row per raw engagement.ad_clicks row (duplicate deliveries and unusable rows included)
with source as (
    select * from {{ source('engagement', 'ad_clicks') }}
),

renamed as (
    select
        {{ nonblank_string('click_id') }} as click_id,
        lower({{ nonblank_string('platform') }}) as platform,
        {{ nonblank_string('campaign_name') }} as campaign_name,
        lower({{ nonblank_string('utm_source') }}) as utm_source,
        lower({{ nonblank_string('utm_medium') }}) as utm_medium,
        lower({{ nonblank_string('utm_campaign') }}) as utm_campaign,
        {{ registrable_domain('company_domain') }} as company_domain,
        {{ email_normalized('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        {{ is_free_email_domain(email_domain('email')) }} as is_free_email,
        {{ email_is_valid('email') }} as is_email_valid,
        {{ to_utc_timestamp('clicked_at') }} as clicked_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ row_as_json('source') }} as raw_record
    {{ passthrough_columns('engagement', 'ad_clicks') }}
    from source
),

classified as (
    select
        *,
        case
            when click_id is null then 'missing id'
            when clicked_at is null then 'unparseable clicked_at'
        end as quarantine_reason
    from renamed
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
    case when quarantine_reason is not null then raw_record end as raw_record,
    quarantine_reason,
    row_number() over (
        partition by click_id order by clicked_at desc nulls last, row_fingerprint desc
    ) as version_rank
{{ passthrough_columns('engagement', 'ad_clicks') }}
from classified
