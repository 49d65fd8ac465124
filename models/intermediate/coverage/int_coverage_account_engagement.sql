-- grain: one row per resolved business with at least one engagement or sales touch in the period
{#
  Engaged in the period (var coverage_engagement_period_days before the as-of): any marketing engagement
  (web session, e-mail open or click, form submission, ad click, campaign response) or CRM activity
  attributed to the business by the shared people models (int_marketing_engagements, int_sales_activities:
  the person's business, else the company or non-personal e-mail domain).
#}
with engagements as (
    select * from {{ ref('int_marketing_engagements') }}
),

activities as (
    select * from {{ ref('int_sales_activities') }}
),

as_of as (
    select * from {{ ref('int_coverage_as_of') }}
),

touches as (
    select
        case when engagement_type = 'campaign_response' then 'campaign' else 'marketing' end as channel,
        account_key,
        engaged_at as touched_at
    from engagements

    union all

    select
        'sales_task' as channel,
        account_key,
        activity_at as touched_at
    from activities
)

select
    touches.account_key,
    count(*) as touches,
    count(case when touches.channel = 'marketing' then 1 end) as marketing_touches,
    count(case when touches.channel = 'sales_task' then 1 end) as sales_touches,
    count(case when touches.channel = 'campaign' then 1 end) as campaign_touches,
    max(touches.touched_at) as last_touched_at
from touches
cross join as_of
where
    touches.account_key is not null
    and touches.touched_at <= as_of.as_of_at
    and touches.touched_at > {{ dbt.dateadd('day', -1 * var('coverage_engagement_period_days'), 'as_of.as_of_at') }}
group by touches.account_key
