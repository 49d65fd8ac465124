-- grain: one row per CRM task (call, email or meeting) with the person and business it touches
with tasks as (
    select * from {{ ref('stg_crm__tasks') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

person_lookup as (
    select * from {{ ref('int_person_lookup') }}
),

people as (
    select * from {{ ref('int_people') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

crm_accounts as (
    select
        source_record_id as account_id,
        account_key
    from matches
    where source = 'crm'
),

tasks_with_targets as (
    select
        tasks.*,
        person_lookup.person_id,
        case
            when tasks.what_type = 'account' then tasks.what_id
            when tasks.what_type = 'opportunity' then opportunities.account_id
        end as crm_account_id,
        case when tasks.what_type = 'opportunity' then tasks.what_id end as opportunity_id
    from tasks
    left join person_lookup
        on
            tasks.who_id = person_lookup.identifier
            and person_lookup.identifier_type = tasks.who_type || '_id'
    left join opportunities
        on tasks.what_type = 'opportunity' and tasks.what_id = opportunities.opportunity_id
)

select
    tasks_with_targets.task_id,
    tasks_with_targets.task_type,
    tasks_with_targets.task_status,
    tasks_with_targets.subject,
    tasks_with_targets.created_at as activity_at,
    tasks_with_targets.activity_date,
    tasks_with_targets.person_id,
    coalesce(crm_accounts.account_key, people.account_key) as account_key,
    tasks_with_targets.opportunity_id,
    tasks_with_targets.owner_id,
    users.department as owner_department,
    coalesce(users.department in ('Sales', 'SDR'), false) as is_sales_touch,
    tasks_with_targets.call_disposition,
    tasks_with_targets.is_connected,
    tasks_with_targets.is_wrong_number,
    tasks_with_targets.call_duration_seconds,
    tasks_with_targets.dialed_number_e164
from tasks_with_targets
left join users
    on tasks_with_targets.owner_id = users.user_id
left join crm_accounts
    on tasks_with_targets.crm_account_id = crm_accounts.account_id
left join people
    on tasks_with_targets.person_id = people.person_id
