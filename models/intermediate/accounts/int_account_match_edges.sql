-- grain: one row per accepted link between two records (left record_key < right record_key)
{#
  Which scored pairs become links: pairs at or above var('account_match_threshold'), then
  - a CRM account links to at most one provider company and a provider company to at most one CRM
    account (each keeps its best partner, and only mutual best pairs stay);
  - a discovery location links to at most one CRM account and at most one provider company;
  - duplicates within the CRM and an operator's discovery locations all stay; provider companies are
    distinct businesses by the provider's own resolution, so provider-provider pairs are not links;
  - a CRM child account links to its parent account (the customer's own hierarchy);
  - analyst overrides (seed account_match_overrides) win: forced pairs are added; for a forbidden pair the
    right-hand record is detached from all the matcher's links (a chain through a third record cannot
    rejoin them), and only forced links attach it again.
#}
with scores as (
    select * from {{ ref('int_account_match_scores') }}
),

records as (
    select * from {{ ref('int_account_records') }}
),

detached_records as (
    -- the right-hand record of a `no_match` override loses every model link, so no chain of other links
    -- can bring the two records back together; force its right links with `match` rows
    select distinct right_source || ':' || right_source_record_id as record_key
    from {{ ref('account_match_overrides') }}
    where lower(trim(decision)) = 'no_match'
),

overrides as (
    select
        least(left_source || ':' || left_source_record_id, right_source || ':' || right_source_record_id)
            as left_record_key,
        greatest(left_source || ':' || left_source_record_id, right_source || ':' || right_source_record_id)
            as right_record_key,
        lower(trim(decision)) as decision
    from {{ ref('account_match_overrides') }}
),

accepted as (
    select
        *,
        row_number() over (
            partition by left_record_key, right_source order by match_weight desc, right_record_key asc
        ) as rank_for_left,
        row_number() over (
            partition by right_record_key, left_source order by match_weight desc, left_record_key asc
        ) as rank_for_right
    from scores
    where match_probability >= {{ var('account_match_threshold') }}
),

kept as (
    select accepted.*
    from accepted
    left join detached_records as detached_left on accepted.left_record_key = detached_left.record_key
    left join detached_records as detached_right on accepted.right_record_key = detached_right.record_key
    where detached_left.record_key is null and detached_right.record_key is null
),

model_links as (
    select
        left_record_key,
        right_record_key,
        match_probability,
        match_weight,
        name_level,
        domain_level,
        phone_level,
        location_level,
        people_level,
        case
            when domain_level = 1 then 'domain'
            when phone_level = 2 then 'phone'
            when name_level >= 2 and location_level >= 2 then 'name_address'
            when people_level >= 1 then 'shared_contact'
            else 'combined'
        end as match_method
    from kept
    where
        (left_source = right_source and left_source in ('crm', 'discovery'))
        or (left_source = 'crm' and right_source = 'provider' and rank_for_left = 1 and rank_for_right = 1)
        or (left_source = 'crm' and right_source = 'discovery' and rank_for_right = 1)
        or (left_source = 'discovery' and right_source = 'provider' and rank_for_left = 1)
),

hierarchy_links as (
    select
        least(children.record_key, parents.record_key) as left_record_key,
        greatest(children.record_key, parents.record_key) as right_record_key,
        1.0 as match_probability,
        cast(null as double) as match_weight,
        cast(null as integer) as name_level,
        cast(null as integer) as domain_level,
        cast(null as integer) as phone_level,
        cast(null as integer) as location_level,
        cast(null as integer) as people_level,
        'hierarchy' as match_method
    from records as children
    inner join records as parents on children.parent_record_key = parents.record_key
),

manual_links as (
    select
        left_record_key,
        right_record_key,
        1.0 as match_probability,
        cast(null as double) as match_weight,
        cast(null as integer) as name_level,
        cast(null as integer) as domain_level,
        cast(null as integer) as phone_level,
        cast(null as integer) as location_level,
        cast(null as integer) as people_level,
        'manual' as match_method
    from overrides
    where decision = 'match'
),

all_links as (
    select * from manual_links
    union all
    select * from hierarchy_links
    union all
    select * from model_links
),

ranked_links as (
    select
        *,
        row_number() over (
            partition by left_record_key, right_record_key
            order by case match_method when 'manual' then 0 when 'hierarchy' then 1 else 2 end
        ) as link_rank
    from all_links
)

select
    ranked_links.left_record_key,
    ranked_links.right_record_key,
    ranked_links.match_probability,
    ranked_links.match_weight,
    ranked_links.name_level,
    ranked_links.domain_level,
    ranked_links.phone_level,
    ranked_links.location_level,
    ranked_links.people_level,
    ranked_links.match_method
from ranked_links
left join overrides as forbidden
    on
        ranked_links.left_record_key = forbidden.left_record_key
        and ranked_links.right_record_key = forbidden.right_record_key
        and forbidden.decision = 'no_match'
where ranked_links.link_rank = 1 and forbidden.decision is null
