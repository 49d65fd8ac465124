-- grain: one row per raw crm.opportunity row (every CDC version, soft-deleted and unusable rows included)
{{ config(unique_key='opportunity_id') }}
{%- set raw_table = source('crm', 'opportunity') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as opportunity_id,
        {{ nonblank_string('account_id') }} as account_id,
        {{ nonblank_string('name') }} as opportunity_name,
        {{ nonblank_string('stage_name') }} as stage_name_raw,
        {{ to_number('amount', 'double') }} as amount,
        upper(
            coalesce({{ nonblank_string('currency_iso_code') }}, '{{ var("default_currency", "USD") }}')
        ) as currency_code,
        {{ to_date('close_date') }} as close_date,
        {{ to_boolean('is_closed') }} as is_closed,
        {{ to_boolean('is_won') }} as is_won,
        {{ nonblank_string('lead_source') }} as lead_source,
        {{ nonblank_string('campaign_id') }} as campaign_id,
        {{ nonblank_string('owner_id') }} as owner_id,
        {{ nonblank_string('type') }} as opportunity_type,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ to_utc_timestamp('last_modified_date') }} as last_modified_at,
        coalesce({{ to_boolean('is_deleted') }}, false) as is_deleted,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'opportunity') }}
    from source
),

classified as (
    select
        *,
        case when opportunity_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'opportunity_id',
        'last_modified_at desc nulls last, created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    opportunity_id,
    account_id,
    opportunity_name,
    stage_name_raw,
    amount,
    currency_code,
    close_date,
    is_closed,
    is_won,
    lead_source,
    campaign_id,
    owner_id,
    opportunity_type,
    created_at,
    last_modified_at,
    is_deleted,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'opportunity') }}
from versions
