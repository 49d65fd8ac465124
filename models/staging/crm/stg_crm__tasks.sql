-- grain: one row per CRM task id (latest version, soft-deleted and quarantined rows excluded)
with tasks as (
    select * from {{ ref('base_crm__tasks') }}
),

call_disposition_map as (
    select * from {{ ref('call_disposition_map') }}
)

select
    tasks.task_id,
    tasks.who_id,
    tasks.who_type,
    tasks.what_id,
    tasks.what_type,
    tasks.owner_id,
    tasks.task_type,
    tasks.subject,
    tasks.task_status,
    tasks.call_disposition_raw,
    case
        when tasks.call_disposition_raw is not null
            then coalesce(call_disposition_map.call_disposition, 'unknown')
    end as call_disposition,
    call_disposition_map.is_connected,
    call_disposition_map.is_wrong_number,
    tasks.call_duration_seconds,
    tasks.dialed_number_raw,
    tasks.dialed_number_e164,
    tasks.dialed_number_extension,
    tasks.is_dialed_number_valid,
    tasks.activity_date,
    tasks.created_at
{{ passthrough_columns('crm', 'task', 'tasks') }}
from tasks
left join call_disposition_map
    on lower(trim(tasks.call_disposition_raw)) = call_disposition_map.raw_disposition
where tasks.quarantine_reason is null and tasks.version_rank = 1 and not tasks.is_deleted
