-- grain: one row per record, with its record group (the smallest record key of the group)
{#-
  The first step of clustering: record groups are the connected components of every accepted link except
  site-to-site links (two discovery locations linked by the model), found by label propagation (every
  linked record starts with its own key as label and repeatedly takes the smallest label among itself and
  its neighbours; var('account_cluster_rounds') rounds). A group is a CRM account with its duplicates,
  children, provider company and locations. int_account_clusters then joins groups over the site links.
  A table of its own, so engines that inline CTEs (Spark) plan each propagation separately.
-#}
{%- set rounds = var('account_cluster_rounds') %}

with records as (
    select
        record_key,
        source
    from {{ ref('int_account_records') }}
),

links as (
    select * from {{ ref('int_account_match_edges') }}
),

classified_links as (
    select
        links.left_record_key,
        links.right_record_key,
        coalesce(
            left_records.source = 'discovery' and right_records.source = 'discovery' and links.match_method <> 'manual',
            false
        ) as is_site_link
    from links
    inner join records as left_records on links.left_record_key = left_records.record_key
    inner join records as right_records on links.right_record_key = right_records.record_key
),

record_neighbours as (
    select
        left_record_key as record_key,
        right_record_key as neighbour_key
    from classified_links
    where not is_site_link
    union all
    select
        right_record_key as record_key,
        left_record_key as neighbour_key
    from classified_links
    where not is_site_link
),

{# only linked records take part; a record without links is a group on its own #}
record_labels_0 as (
    select distinct
        record_key,
        record_key as group_label
    from record_neighbours
),

{# where a record takes its label from: itself and its neighbours (one reference to the previous round per
   round, so engines that inline CTEs plan 8 rounds, not 2^8) #}
label_sources as (
    select
        record_key,
        record_key as source_key
    from record_labels_0
    union all
    select
        record_key,
        neighbour_key as source_key
    from record_neighbours
),

{{ label_propagation_rounds('record_labels', 'label_sources', 'record_key', 'source_key', 'group_label', rounds) }}
select
    records.record_key,
    records.source,
    coalesce(record_labels_{{ rounds }}.group_label, records.record_key) as group_label
from records
left join record_labels_{{ rounds }} on records.record_key = record_labels_{{ rounds }}.record_key
