-- grain: one row per segment (plus `all`), called person's role (decision_maker, other) and dialled number type
with calls as (
    select * from {{ ref('int_coverage_calls') }}
),

per_segment as (
    select
        segment,
        is_decision_maker,
        dialed_number_type,
        is_connected,
        is_wrong_number
    from calls
    union all
    select
        'all' as segment,
        is_decision_maker,
        dialed_number_type,
        is_connected,
        is_wrong_number
    from calls
)

select
    segment,
    case when is_decision_maker then 'decision_maker' else 'other' end as contact_role,
    dialed_number_type,
    count(*) as calls,
    count(case when is_connected then 1 end) as connected_calls,
    count(case when is_wrong_number then 1 end) as wrong_number_calls,
    cast(count(case when is_connected then 1 end) as double) / count(*) as connect_rate,
    cast(count(case when is_wrong_number then 1 end) as double) / count(*) as wrong_number_rate
from per_segment
group by segment, case when is_decision_maker then 'decision_maker' else 'other' end, dialed_number_type
