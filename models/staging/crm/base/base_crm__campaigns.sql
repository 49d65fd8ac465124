-- grain: one row per raw crm.campaign row (duplicates and unusable rows included)
{{ config(unique_key='campaign_id') }}
{%- set raw_table = source('crm', 'campaign') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as campaign_id,
        {{ nonblank_string('name') }} as campaign_name,
        {{ nonblank_string('type') }} as campaign_type,
        {{ nonblank_string('status') }} as campaign_status,
        {{ to_date('start_date') }} as start_date,
        {{ to_date('end_date') }} as end_date,
        {{ to_number('budgeted_cost', 'double') }} as budgeted_cost,
        {{ to_number('actual_cost', 'double') }} as actual_cost,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'campaign') }}
    from source
),

classified as (
    select
        *,
        case when campaign_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'campaign_id',
        'created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    campaign_id,
    campaign_name,
    campaign_type,
    campaign_status,
    start_date,
    end_date,
    budgeted_cost,
    actual_cost,
    created_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'campaign') }}
from versions
