-- grain: one row per source record (every CRM account, provider company and discovery location exactly once)
with records as (
    select * from {{ ref('int_account_records') }}
),

clusters as (
    select * from {{ ref('int_account_clusters') }}
),

links as (
    select * from {{ ref('int_account_match_edges') }}
),

{# a site link between two CRM customers' sites joins nothing (int_account_clusters), so it is no evidence #}
links_within_businesses as (
    select links.*
    from links
    inner join clusters as left_clusters on links.left_record_key = left_clusters.record_key
    inner join clusters as right_clusters on links.right_record_key = right_clusters.record_key
    where left_clusters.account_key = right_clusters.account_key
),

record_links as (
    select
        left_record_key as record_key,
        right_record_key as matched_record_key,
        match_probability,
        match_weight,
        match_method,
        name_level,
        domain_level,
        phone_level,
        location_level,
        people_level
    from links_within_businesses
    union all
    select
        right_record_key as record_key,
        left_record_key as matched_record_key,
        match_probability,
        match_weight,
        match_method,
        name_level,
        domain_level,
        phone_level,
        location_level,
        people_level
    from links_within_businesses
),

best_links as (
    select
        *,
        row_number() over (
            partition by record_key
            order by
                case match_method when 'manual' then 0 else 1 end,
                match_probability desc,
                match_weight desc nulls last,
                matched_record_key asc
        ) as link_rank
    from record_links
),

crm_records_per_account as (
    select
        clusters.account_key,
        count(*) as crm_records
    from clusters
    inner join records on clusters.record_key = records.record_key
    where records.source = 'crm' and records.parent_record_key is null
    group by clusters.account_key
)

select
    clusters.account_key,
    records.source,
    records.source_record_id,
    records.record_key,
    cast(coalesce(best_links.match_probability, 0.0) as double) as match_probability,
    coalesce(best_links.match_method, 'unmatched') as match_method,
    best_links.matched_record_key,
    best_links.match_weight,
    best_links.name_level as name_agreement_level,
    best_links.domain_level as domain_agreement_level,
    best_links.phone_level as phone_agreement_level,
    best_links.location_level as location_agreement_level,
    best_links.people_level as people_agreement_level,
    coalesce(
        records.source = 'crm' and records.parent_record_key is null and crm_records_per_account.crm_records > 1,
        false
    ) as is_crm_duplicate
from records
inner join clusters on records.record_key = clusters.record_key
left join best_links on records.record_key = best_links.record_key and best_links.link_rank = 1
left join crm_records_per_account on clusters.account_key = crm_records_per_account.account_key
