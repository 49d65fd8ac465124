-- grain: one row per decision-maker mobile of a source record (CRM contact, provider contact, discovery decision-maker)
{#
  Mobile accuracy measured against call outcomes. A mobile is `confirmed` when a call to it connected (random
  wrong numbers never connect to anyone), `wrong_number` when a call to it ended "wrong number" and none
  connected, `contradicted` when a call to another number held as the same person's mobile (CRM contact or
  lead) connected (one person, one mobile), otherwise `unchecked`.
#}
with contact_points as (
    select * from {{ ref('int_coverage_contact_points') }}
),

calls as (
    select * from {{ ref('int_coverage_calls') }}
),

decision_makers as (
    select * from {{ ref('int_coverage_decision_makers') }}
),

dm_mobiles as (
    select contact_points.*
    from contact_points
    inner join decision_makers on contact_points.person_key = decision_makers.person_key
    where contact_points.number_type = 'mobile'
),

confirmed_crm_mobiles as (
    select distinct
        person_key,
        dialed_number_e164 as phone_e164
    from calls
    where dialed_number_type = 'mobile' and is_connected and person_key is not null
),

contradictions as (
    select
        dm_mobiles.record_key,
        count(*) as other_confirmed_mobiles
    from dm_mobiles
    inner join confirmed_crm_mobiles
        on
            dm_mobiles.person_key = confirmed_crm_mobiles.person_key
            and dm_mobiles.phone_e164 != confirmed_crm_mobiles.phone_e164
    group by dm_mobiles.record_key
)

select
    dm_mobiles.record_key,
    dm_mobiles.source,
    dm_mobiles.account_key,
    dm_mobiles.person_key,
    dm_mobiles.phone_e164,
    case
        when dm_mobiles.connected_calls > 0 then 'confirmed'
        when dm_mobiles.wrong_number_calls > 0 then 'wrong_number'
        when contradictions.other_confirmed_mobiles > 0 then 'contradicted'
        else 'unchecked'
    end as check_status
from dm_mobiles
left join contradictions on dm_mobiles.record_key = contradictions.record_key
