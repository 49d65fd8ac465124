-- grain: one row per candidate record pair, with the graded agreement of each field
with candidates as (
    select * from {{ ref('int_account_match_candidates') }}
),

records as (
    select * from {{ ref('int_account_records') }}
)

select
    candidates.left_record_key,
    candidates.right_record_key,
    l.source as left_source,
    r.source as right_source,
    candidates.first_blocking_rule,
    {{ account_comparison_levels('l', 'r') }},
    l.name_key as name_value,
    l.domain as domain_value,
    l.phone_e164 as phone_value,
    l.house_number || ' ' || l.postal_code as location_value
from candidates
inner join records as l on candidates.left_record_key = l.record_key
inner join records as r on candidates.right_record_key = r.record_key
