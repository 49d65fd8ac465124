-- grain: one row per raw crm.lead_history row (duplicates and unusable rows included)
{{ config(unique_key='lead_history_id') }}
{%- set raw_table = source('crm', 'lead_history') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as lead_history_id,
        {{ nonblank_string('lead_id') }} as lead_id,
        {{ nonblank_string('field') }} as field,
        {{ nonblank_string('old_value') }} as old_value,
        {{ nonblank_string('new_value') }} as new_value,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'lead_history') }}
    from source
),

classified as (
    select
        *,
        case
            when lead_history_id is null then 'missing id'
            when lead_id is null then 'missing lead_id'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'lead_history_id',
        'created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    lead_history_id,
    lead_id,
    field,
    old_value,
    new_value,
    created_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'lead_history') }}
from versions
