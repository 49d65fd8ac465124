-- grain: one row per candidate record pair, with the graded agreement of each field
{# the *_records columns: how many records carry the agreeing value (its term frequency), null unless exact #}
with candidates as (
    select * from {{ ref('int_account_match_candidates') }}
),

records as (
    select * from {{ ref('int_account_records') }}
),

record_contacts as (
    select * from {{ ref('int_account_record_contacts') }}
),

contact_levels as (
    {{ account_contact_levels('candidates', 'record_contacts') }}
)

select
    candidates.left_record_key,
    candidates.right_record_key,
    l.source as left_source,
    r.source as right_source,
    candidates.first_blocking_rule,
    l.parent_record_key is not null or r.parent_record_key is not null as has_child_account,
    {{ account_comparison_levels('l', 'r') }},
    contact_levels.people_level,
    case when l.name_key = r.name_key then l.name_records end as name_records,
    case when l.domain = r.domain then l.domain_records end as domain_records,
    case when l.phone_e164 = r.phone_e164 then l.phone_records end as phone_records,
    case
        when l.house_number = r.house_number and l.postal_code = r.postal_code then l.location_records
    end as location_records,
    contact_levels.people_records
from candidates
-- joined on the record numbers: integers hash faster than the keys
inner join records as l on candidates.left_record_number = l.record_number
inner join records as r on candidates.right_record_number = r.record_number
inner join contact_levels
    on
        candidates.left_record_number = contact_levels.left_record_number
        and candidates.right_record_number = contact_levels.right_record_number
