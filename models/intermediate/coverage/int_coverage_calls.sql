-- grain: one row per logged call (CRM task with a disposition) with the business, who was called and what was dialled
{#
  Dialled number type: `mobile` when the dialled number is the called contact's or lead's mobile, `office_line`
  when it is their phone field (direct dial, location or main line), `other` otherwise or when the export has
  no dialed_number. The person is a decision-maker when their title classifies as one, or when the same person
  of the business is a decision-maker in another source.
#}
with tasks as (
    select * from {{ ref('stg_crm__tasks') }}
),

person_accounts as (
    select * from {{ ref('int_coverage_person_accounts') }}
),

decision_makers as (
    select * from {{ ref('int_coverage_decision_makers') }}
),

title_patterns as (
    select * from {{ ref('decision_maker_title_patterns') }}
),

accounts as (
    select * from {{ ref('int_coverage_accounts') }}
),

calls as (
    select
        tasks.task_id,
        tasks.who_id,
        tasks.activity_date,
        tasks.call_disposition,
        tasks.dialed_number_e164,
        coalesce(tasks.is_connected, false) as is_connected,
        coalesce(tasks.is_wrong_number, false) as is_wrong_number,
        person_accounts.person_type,
        person_accounts.account_key,
        person_accounts.account_key || ':' || person_accounts.full_name_key as person_key,
        person_accounts.title,
        case
            when tasks.dialed_number_e164 is null then 'other'
            when tasks.dialed_number_e164 = person_accounts.mobile_e164 then 'mobile'
            when tasks.dialed_number_e164 = person_accounts.phone_e164 then 'office_line'
            else 'other'
        end as dialed_number_type
    from tasks
    left join person_accounts on tasks.who_id = person_accounts.person_id
    where tasks.call_disposition is not null
),

-- classify each distinct title once, not every call
decision_maker_titles as (
    select distinct titles.title_key
    from (select distinct lower(trim(title)) as title_key from calls) as titles
    inner join title_patterns on titles.title_key like title_patterns.title_pattern
    where title_patterns.is_decision_maker
)

select
    calls.task_id,
    calls.who_id,
    calls.person_type,
    calls.account_key,
    calls.person_key,
    coalesce(accounts.segment, 'unknown') as segment,
    (decision_maker_titles.title_key is not null or decision_makers.person_key is not null) as is_decision_maker,
    calls.dialed_number_e164,
    calls.dialed_number_type,
    calls.call_disposition,
    calls.is_connected,
    calls.is_wrong_number,
    calls.activity_date
from calls
left join decision_maker_titles on lower(trim(calls.title)) = decision_maker_titles.title_key
left join decision_makers on calls.person_key = decision_makers.person_key
left join accounts on calls.account_key = accounts.account_key
