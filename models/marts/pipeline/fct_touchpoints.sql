-- grain: one row per touchpoint (marketing engagement or sales activity)
{#-
  A view: the mart is int_touchpoints' columns as they are, so a table would write the 15M touchpoints of a
  1M-account warehouse a second time (about 12 s of a 1M build, issue 10). BI reads it like a table. On Spark
  a table: a Spark view lives only in its metastore, and Spark's marts are read as the Parquet files of the
  warehouse without a session (the engine equivalence check).
-#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
with touchpoints as (
    select * from {{ ref('int_touchpoints') }}
)

select
    touchpoint_key,
    touch_type,
    touch_category,
    touch_at,
    person_id,
    account_key,
    is_identity_stitched,
    opportunity_id,
    campaign_id,
    campaign_name,
    campaign_type,
    utm_source,
    utm_medium,
    utm_campaign,
    channel,
    channel_rule,
    channel_group,
    is_attributable
from touchpoints
