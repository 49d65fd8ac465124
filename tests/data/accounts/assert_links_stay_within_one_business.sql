-- fails on every accepted link whose two records ended in different businesses (clustering not converged),
-- except a site-to-site link between two CRM customers' groups, which int_account_clusters sets aside on purpose
with links as (
    select * from {{ ref('int_account_match_edges') }}
),

records as (
    select * from {{ ref('int_account_records') }}
),

clusters as (
    select * from {{ ref('int_account_clusters') }}
),

crm_accounts as (
    select distinct clusters.account_key
    from clusters
    inner join records on clusters.record_key = records.record_key
    where records.source = 'crm'
),

crossing_links as (
    select
        links.left_record_key,
        links.right_record_key,
        links.match_method,
        left_clusters.account_key as left_account_key,
        right_clusters.account_key as right_account_key
    from links
    inner join clusters as left_clusters on links.left_record_key = left_clusters.record_key
    inner join clusters as right_clusters on links.right_record_key = right_clusters.record_key
    where left_clusters.account_key <> right_clusters.account_key
)

select crossing_links.*
from crossing_links
inner join records as left_records on crossing_links.left_record_key = left_records.record_key
inner join records as right_records on crossing_links.right_record_key = right_records.record_key
left join crm_accounts as left_crm on crossing_links.left_account_key = left_crm.account_key
left join crm_accounts as right_crm on crossing_links.right_account_key = right_crm.account_key
where not (
    left_records.source = 'discovery'
    and right_records.source = 'discovery'
    and crossing_links.match_method <> 'manual'
    and left_crm.account_key is not null
    and right_crm.account_key is not null
)
