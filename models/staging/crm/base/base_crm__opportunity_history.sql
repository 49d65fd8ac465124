-- grain: one row per raw crm.opportunity_history row (duplicates and unusable rows included)
{{ config(unique_key='opportunity_history_id') }}
{%- set raw_table = source('crm', 'opportunity_history') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as opportunity_history_id,
        {{ nonblank_string('opportunity_id') }} as opportunity_id,
        {{ nonblank_string('stage_name') }} as stage_name_raw,
        {{ to_number('amount', 'double') }} as amount,
        {{ to_date('close_date') }} as close_date,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'opportunity_history') }}
    from source
),

classified as (
    select
        *,
        case
            when opportunity_history_id is null then 'missing id'
            when opportunity_id is null then 'missing opportunity_id'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'opportunity_history_id',
        'created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    opportunity_history_id,
    opportunity_id,
    stage_name_raw,
    amount,
    close_date,
    created_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'opportunity_history') }}
from versions
