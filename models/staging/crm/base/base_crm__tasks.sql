-- grain: one row per raw crm.task row (duplicates, soft-deleted and unusable rows included)
{{ config(unique_key='task_id') }}
{%- set raw_table = source('crm', 'task') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as task_id,
        {{ nonblank_string('who_id') }} as who_id,
        case left({{ nonblank_string('who_id') }}, 3)
            when '00Q' then 'lead'
            when '003' then 'contact'
        end as who_type,
        {{ nonblank_string('what_id') }} as what_id,
        case left({{ nonblank_string('what_id') }}, 3)
            when '001' then 'account'
            when '006' then 'opportunity'
        end as what_type,
        {{ nonblank_string('owner_id') }} as owner_id,
        {{ nonblank_string('type') }} as task_type,
        {{ nonblank_string('subject') }} as subject,
        {{ nonblank_string('status') }} as task_status,
        {{ nonblank_string('call_disposition') }} as call_disposition_raw,
        {{ to_number('call_duration_in_seconds', 'integer') }} as call_duration_seconds,
        {{ nonblank_string('dialed_number') }} as dialed_number_raw,
        {{ phone_e164('dialed_number') }} as dialed_number_e164,
        {{ phone_extension('dialed_number') }} as dialed_number_extension,
        {{ phone_is_valid('dialed_number') }} as is_dialed_number_valid,
        {{ to_date('activity_date') }} as activity_date,
        {{ to_utc_timestamp('created_date') }} as created_at,
        coalesce({{ to_boolean('is_deleted') }}, false) as is_deleted,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'task') }}
    from source
),

classified as (
    select
        *,
        case when task_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'task_id',
        'created_at desc nulls last, activity_date desc nulls last, row_fingerprint desc',
    ) }}
)

select
    task_id,
    who_id,
    who_type,
    what_id,
    what_type,
    owner_id,
    task_type,
    subject,
    task_status,
    call_disposition_raw,
    call_duration_seconds,
    dialed_number_raw,
    dialed_number_e164,
    dialed_number_extension,
    is_dialed_number_valid,
    activity_date,
    created_at,
    is_deleted,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'task') }}
from versions
