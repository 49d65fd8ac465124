-- grain: one row per record, with the resolved business (cluster) it belongs to
{#-
  Connected components of the accepted links by label propagation: every linked record starts with its own
  key as label and repeatedly takes the smallest label among itself and its neighbours. Clusters here are
  small (a business's records across three sources, an operator's sites), so a fixed number of rounds,
  var('account_cluster_rounds'), reaches the fixed point; a test checks that no link crosses two clusters.
-#}
{%- set rounds = var('account_cluster_rounds') %}

with records as (
    select record_key from {{ ref('int_account_records') }}
),

links as (
    select * from {{ ref('int_account_match_edges') }}
),

neighbours as (
    select
        left_record_key as record_key,
        right_record_key as neighbour_key
    from links
    union all
    select
        right_record_key as record_key,
        left_record_key as neighbour_key
    from links
),

{# only linked records take part; a record without links is a business on its own #}
labels_0 as (
    select distinct
        record_key,
        record_key as cluster_label
    from neighbours
),

{% for i in range(1, rounds + 1) %}
    labels_{{ i }} as (
        select
            labels.record_key,
            least(labels.cluster_label, coalesce(min(neighbour_labels.cluster_label), labels.cluster_label))
                as cluster_label
        from labels_{{ i - 1 }} as labels
        left join neighbours on labels.record_key = neighbours.record_key
        left join labels_{{ i - 1 }} as neighbour_labels on neighbours.neighbour_key = neighbour_labels.record_key
        group by labels.record_key, labels.cluster_label
    ),

{% endfor %}
final_labels as (
    select * from labels_{{ rounds }}
)

select
    records.record_key,
    coalesce(final_labels.cluster_label, records.record_key) as cluster_label,
    'acct_' || substr(md5(coalesce(final_labels.cluster_label, records.record_key)), 1, 16) as account_key
from records
left join final_labels on records.record_key = final_labels.record_key
