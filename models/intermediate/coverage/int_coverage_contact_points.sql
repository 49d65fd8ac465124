-- grain: one row per person record and dialable personal number (its mobile, its direct dial)
{#
  Usable-contact rule: a mobile or direct dial is usable when it is valid (present after normalisation),
  verified within var coverage_contact_verified_within_days of the as-of, and not proven wrong: no call to it
  ended "wrong number" unless a later call to it connected. A connected call also counts as a verification.
#}
with contact_records as (
    select * from {{ ref('int_coverage_contact_records') }}
),

call_outcomes as (
    select * from {{ ref('int_coverage_number_call_outcomes') }}
),

as_of as (
    select * from {{ ref('int_coverage_as_of') }}
),

numbers as (
    select
        record_key,
        source,
        account_key,
        person_key,
        is_decision_maker,
        'mobile' as number_type,
        mobile_e164 as phone_e164,
        verified_at
    from contact_records
    where mobile_e164 is not null

    union all

    select
        record_key,
        source,
        account_key,
        person_key,
        is_decision_maker,
        'direct_dial' as number_type,
        direct_dial_e164 as phone_e164,
        verified_at
    from contact_records
    where direct_dial_e164 is not null
),

evidence as (
    select
        numbers.*,
        case
            when call_outcomes.last_connected_at > numbers.verified_at or numbers.verified_at is null
                then call_outcomes.last_connected_at
            else numbers.verified_at
        end as last_verified_at,
        coalesce(call_outcomes.connected_calls, 0) as connected_calls,
        coalesce(call_outcomes.wrong_number_calls, 0) as wrong_number_calls,
        coalesce(
            call_outcomes.last_wrong_number_at is not null
            and (
                call_outcomes.last_connected_at is null
                or call_outcomes.last_connected_at < call_outcomes.last_wrong_number_at
            ),
            false
        ) as is_proven_wrong,
        as_of.as_of_at
    from numbers
    cross join as_of
    left join call_outcomes on numbers.phone_e164 = call_outcomes.phone_e164
)

select
    record_key,
    source,
    account_key,
    person_key,
    is_decision_maker,
    number_type,
    phone_e164,
    last_verified_at,
    connected_calls,
    wrong_number_calls,
    is_proven_wrong,
    coalesce(
        last_verified_at >= {{ dbt.dateadd('day', -1 * var('coverage_contact_verified_within_days'), 'as_of_at') }},
        false
    ) as is_recently_verified,
    coalesce(
        last_verified_at >= {{ dbt.dateadd('day', -1 * var('coverage_contact_verified_within_days'), 'as_of_at') }},
        false
    )
    and not is_proven_wrong as is_usable
from evidence
