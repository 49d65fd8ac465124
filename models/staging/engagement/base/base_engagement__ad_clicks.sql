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
        {{ row_as_json('source') }} as raw_record
    {{ passthrough_columns('engagement', 'ad_clicks') }}
    from source
)

select
    *,
    case
        when click_id is null then 'missing id'
        when clicked_at is null then 'unparseable clicked_at'
    end as quarantine_reason,
    row_number() over (
        partition by click_id order by clicked_at desc nulls last, raw_record desc
    ) as version_rank
from renamed
