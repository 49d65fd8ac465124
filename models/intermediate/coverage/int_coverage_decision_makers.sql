-- grain: one row per decision-maker (person_key) of a resolved business, deduplicated across sources
{#
  A person is a decision-maker when any of their records has a decision-maker title or role (a CRM contact
  without a title still counts when the provider lists the same person as VP of Sales). Role class: from the
  CRM record when it has one, else the provider, else discovery.
#}
with contact_records as (
    select * from {{ ref('int_coverage_contact_records') }}
),

contact_points as (
    select * from {{ ref('int_coverage_contact_points') }}
),

decision_maker_people as (
    select distinct person_key
    from contact_records
    where is_decision_maker
),

records as (
    select contact_records.*
    from contact_records
    inner join decision_maker_people on contact_records.person_key = decision_maker_people.person_key
),

roles as (
    select
        person_key,
        role_class,
        row_number() over (
            partition by person_key
            order by case source when 'crm' then 1 when 'provider' then 2 else 3 end, record_key
        ) as role_rank
    from records
    where is_decision_maker
),

people as (
    select
        person_key,
        min(account_key) as account_key,
        max(case when source = 'crm' then 1 else 0 end) = 1 as is_in_crm,
        max(case when source = 'provider' then 1 else 0 end) = 1 as is_in_provider,
        max(case when source = 'discovery' then 1 else 0 end) = 1 as is_in_discovery,
        count(*) as source_records
    from records
    group by person_key
),

points as (
    select
        contact_points.person_key,
        max(case when contact_points.source = 'crm' and contact_points.is_usable then 1 else 0 end) = 1
            as has_usable_crm_contact,
        max(
            case
                when
                    contact_points.source = 'crm'
                    and contact_points.is_usable
                    and contact_points.number_type = 'mobile'
                    then 1
                else 0
            end
        ) = 1 as has_usable_crm_mobile,
        max(case when contact_points.source = 'provider' and contact_points.number_type = 'mobile' then 1 else 0 end)
        = 1 as has_provider_mobile,
        max(case when contact_points.source = 'discovery' and contact_points.number_type = 'mobile' then 1 else 0 end)
        = 1 as has_discovery_mobile,
        max(case when contact_points.source = 'crm' and contact_points.number_type = 'mobile' then 1 else 0 end)
        = 1 as has_crm_mobile
    from contact_points
    inner join decision_maker_people on contact_points.person_key = decision_maker_people.person_key
    group by contact_points.person_key
),

-- the freshest usable third-party mobile: what could fill a gap in the CRM
fill_candidates as (
    select
        contact_points.person_key,
        contact_points.phone_e164,
        contact_points.source,
        contact_points.last_verified_at,
        row_number() over (
            partition by contact_points.person_key
            order by
                contact_points.last_verified_at desc nulls last,
                contact_points.source asc,
                contact_points.record_key asc
        ) as fill_rank
    from contact_points
    inner join decision_maker_people on contact_points.person_key = decision_maker_people.person_key
    where
        contact_points.source in ('provider', 'discovery')
        and contact_points.number_type = 'mobile'
        and contact_points.is_usable
)

select
    people.person_key,
    people.account_key,
    roles.role_class,
    people.is_in_crm,
    people.is_in_provider,
    people.is_in_discovery,
    people.source_records,
    coalesce(points.has_crm_mobile, false) as has_crm_mobile,
    coalesce(points.has_provider_mobile, false) as has_provider_mobile,
    coalesce(points.has_discovery_mobile, false) as has_discovery_mobile,
    coalesce(points.has_usable_crm_contact, false) as has_usable_crm_contact,
    coalesce(points.has_usable_crm_mobile, false) as has_usable_crm_mobile,
    fill_candidates.phone_e164 as fill_mobile_e164,
    fill_candidates.source as fill_mobile_source
from people
left join roles on people.person_key = roles.person_key and roles.role_rank = 1
left join points on people.person_key = points.person_key
left join fill_candidates on people.person_key = fill_candidates.person_key and fill_candidates.fill_rank = 1
