-- fails on every accepted link whose two records ended in different businesses (clustering not converged)
with links as (
    select * from {{ ref('int_account_match_edges') }}
),

clusters as (
    select * from {{ ref('int_account_clusters') }}
)

select
    links.left_record_key,
    links.right_record_key,
    left_clusters.account_key as left_account_key,
    right_clusters.account_key as right_account_key
from links
inner join clusters as left_clusters on links.left_record_key = left_clusters.record_key
inner join clusters as right_clusters on links.right_record_key = right_clusters.record_key
where left_clusters.account_key <> right_clusters.account_key
