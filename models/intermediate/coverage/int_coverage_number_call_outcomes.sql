-- grain: one row per dialled phone number (E.164) with the outcomes of the calls logged to it
with tasks as (
    select * from {{ ref('stg_crm__tasks') }}
)

select
    dialed_number_e164 as phone_e164,
    count(*) as calls,
    count(case when is_connected then 1 end) as connected_calls,
    count(case when is_wrong_number then 1 end) as wrong_number_calls,
    max(case when is_connected then cast(activity_date as timestamp) end) as last_connected_at,
    max(case when is_wrong_number then cast(activity_date as timestamp) end) as last_wrong_number_at
from tasks
where call_disposition is not null and dialed_number_e164 is not null
group by dialed_number_e164
