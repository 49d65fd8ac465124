-- grain: one row per record, with the resolved business (cluster) it belongs to
{#-
  The second step of clustering: site links (two discovery locations linked by the model) join the record
  groups of int_account_record_groups, by label propagation over groups (var('account_cluster_rounds')
  rounds), except that a group holding a CRM account keeps its own label: two CRM accounts become one
  business only through evidence about them (a duplicate link, the hierarchy, a shared provider company or
  location), never through a chain of sites of a brand, where one namesake franchisee would merge two
  customers. A group without a CRM account joins the CRM group it reaches (the smallest label when it
  reaches several); groups reaching none form businesses among themselves. Analyst overrides are never site
  links: a forced match always joins. A singular test checks the fixed point.
-#}
{%- set rounds = var('account_cluster_rounds') %}

with record_groups as (
    select * from {{ ref('int_account_record_groups') }}
),

links as (
    select * from {{ ref('int_account_match_edges') }}
),

site_links as (
    select
        left_groups.group_label as left_group_label,
        right_groups.group_label as right_group_label
    from links
    inner join record_groups as left_groups on links.left_record_key = left_groups.record_key
    inner join record_groups as right_groups on links.right_record_key = right_groups.record_key
    where
        left_groups.source = 'discovery'
        and right_groups.source = 'discovery'
        and links.match_method <> 'manual'
        and left_groups.group_label <> right_groups.group_label
),

group_neighbours as (
    select distinct
        left_group_label as group_label,
        right_group_label as neighbour_label
    from site_links
    union
    select distinct
        right_group_label as group_label,
        left_group_label as neighbour_label
    from site_links
),

linked_groups as (
    select distinct group_label
    from group_neighbours
),

{# a label starts with 0 for a group holding a CRM account and 1 otherwise, so a CRM group's label wins #}
group_labels_0 as (
    select
        record_groups.group_label,
        max(case when record_groups.source = 'crm' then 1 else 0 end) as has_crm_account,
        min(case when record_groups.source = 'crm' then '0' else '1' end) || record_groups.group_label
            as cluster_label
    from record_groups
    inner join linked_groups on record_groups.group_label = linked_groups.group_label
    group by record_groups.group_label
),

{# where a group takes its label from: itself, and its neighbours unless it holds a CRM account (one
   reference to the previous round per round, so engines that inline CTEs plan 8 rounds, not 2^8) #}
label_sources as (
    select
        group_label,
        group_label as source_label
    from group_labels_0
    union all
    select
        group_neighbours.group_label,
        group_neighbours.neighbour_label as source_label
    from group_neighbours
    inner join group_labels_0 on group_neighbours.group_label = group_labels_0.group_label
    where group_labels_0.has_crm_account = 0
),

{{ label_propagation_rounds('group_labels', 'label_sources', 'group_label', 'source_label', 'cluster_label', rounds) }},
final_labels as (
    select
        record_groups.record_key,
        coalesce(substr(group_labels_{{ rounds }}.cluster_label, 2), record_groups.group_label) as cluster_label
    from record_groups
    left join group_labels_{{ rounds }} on record_groups.group_label = group_labels_{{ rounds }}.group_label
)

select
    record_key,
    cluster_label,
    'acct_' || substr(md5(cluster_label), 1, 16) as account_key
from final_labels
