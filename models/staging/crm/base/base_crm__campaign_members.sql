-- grain: one row per raw crm.campaign_member row (duplicates and unusable rows included)
{{ config(unique_key='campaign_member_id') }}
{%- set raw_table = source('crm', 'campaign_member') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as campaign_member_id,
        {{ nonblank_string('campaign_id') }} as campaign_id,
        {{ nonblank_string('lead_id') }} as lead_id,
        {{ nonblank_string('contact_id') }} as contact_id,
        case
            when {{ nonblank_string('contact_id') }} is not null then 'contact'
            when {{ nonblank_string('lead_id') }} is not null then 'lead'
        end as member_type,
        {{ nonblank_string('status') }} as member_status,
        coalesce({{ to_boolean('has_responded') }}, false) as has_responded,
        {{ to_utc_timestamp('first_responded_date') }} as first_responded_at,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'campaign_member') }}
    from source
),

classified as (
    select
        *,
        case
            when campaign_member_id is null then 'missing id'
            when campaign_id is null then 'missing campaign_id'
            when lead_id is null and contact_id is null then 'missing lead_id and contact_id'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'campaign_member_id',
        'created_at desc nulls last, first_responded_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    campaign_member_id,
    campaign_id,
    lead_id,
    contact_id,
    member_type,
    member_status,
    has_responded,
    first_responded_at,
    created_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'campaign_member') }}
from versions
