-- grain: one row per decision-maker mobile of a source record (CRM contact, provider contact, discovery decision-maker)
{#
  Mobile accuracy measured against call outcomes, anchored on the person: a call that connected on a
  contact's or lead's mobile confirms that person's mobile (random wrong numbers never connect to anyone).
  A source's mobile for that person is then `confirmed` when it is that number and `contradicted` when it is
  another (one person, one mobile). Without an anchor, a mobile is `wrong_number` when calls to it ended
  "wrong number" and none connected, else `unchecked`.
  Anchoring on the person keeps the provider and discovery checks unbiased: whether a person could be
  anchored does not depend on whether the provider's number is right. A CRM mobile is checked by its own
  calls, and wrong numbers are told apart faster than right ones connect, so the CRM's accuracy reads low.
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

confirmed_mobiles as (
    select distinct
        person_key,
        dialed_number_e164 as phone_e164
    from calls
    where dialed_number_type = 'mobile' and is_connected and person_key is not null
),

anchors as (
    select
        dm_mobiles.record_key,
        count(*) as confirmed_mobiles,
        count(case when dm_mobiles.phone_e164 = confirmed_mobiles.phone_e164 then 1 end) as matching_mobiles
    from dm_mobiles
    inner join confirmed_mobiles on dm_mobiles.person_key = confirmed_mobiles.person_key
    group by dm_mobiles.record_key
)

select
    dm_mobiles.record_key,
    dm_mobiles.source,
    dm_mobiles.account_key,
    dm_mobiles.person_key,
    dm_mobiles.phone_e164,
    case
        when anchors.matching_mobiles > 0 then 'confirmed'
        when anchors.confirmed_mobiles > 0 then 'contradicted'
        when dm_mobiles.wrong_number_calls > 0 and dm_mobiles.connected_calls = 0 then 'wrong_number'
        else 'unchecked'
    end as check_status
from dm_mobiles
left join anchors on dm_mobiles.record_key = anchors.record_key
