-- grain: one row per CRM lead status change, with the person and the funnel cycle it belongs to
with lead_history as (
    select * from {{ ref('stg_crm__lead_history') }}
),

person_lookup as (
    select * from {{ ref('int_person_lookup') }}
),

status_changes as (
    select
        lead_history.lead_history_id,
        lead_history.lead_id,
        person_lookup.person_id,
        lead_history.old_lead_status,
        lead_history.new_lead_status,
        lead_history.created_at as changed_at
    from lead_history
    inner join person_lookup
        on
            lead_history.lead_id = person_lookup.identifier
            and person_lookup.identifier_type = 'lead_id'
    where lead_history.is_status_change and lead_history.created_at is not null
),

{# a change into `recycled` closes a cycle; the next cycle starts at that instant #}
numbered as (
    select
        *,
        cast(1 + coalesce(sum(case when new_lead_status = 'recycled' then 1 else 0 end) over (
            partition by person_id
            order by changed_at, lead_history_id
            rows between unbounded preceding and 1 preceding
        ), 0) as integer) as cycle_number
    from status_changes
)

select
    lead_history_id,
    lead_id,
    person_id,
    cycle_number,
    old_lead_status,
    new_lead_status,
    changed_at
from numbered
