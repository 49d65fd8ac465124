-- grain: one row per scorecard metric, month and segment (plus segment `all`) that has a value
{# Each metric is a numerator over a denominator counted per month and segment; the `all` rows count the
   whole population (not a sum of rates). The median follow-up time has no numerator or denominator. #}
with mqls as (
    select * from {{ ref('fct_mqls') }}
),

speed_to_lead as (
    select * from {{ ref('fct_speed_to_lead') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

account_coverage as (
    select * from {{ ref('fct_account_coverage') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

coverage_as_of as (
    select * from {{ ref('int_coverage_as_of') }}
),

{# one row per measured unit (an MQL, a trigger, an opportunity, an ICP business) and metric it counts for,
   with its month, segment, whether it is in the numerator and the amount it weighs #}
mql_units as (
    select
        'mql_to_sql_conversion' as metric_id,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as month_start,
        coalesce(segment, 'unknown') as segment,
        coalesce(is_sql_after_mql, false) as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from mqls
    where is_mql
    union all
    select
        'mql_definition_agreement' as metric_id,
        cast({{ dbt.date_trunc('month', 'coalesce(mql_at, crm_mql_at)') }} as date) as month_start,
        coalesce(segment, 'unknown') as segment,
        mql_agreement = 'both' as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from mqls
    where mql_agreement in ('both', 'dbt_only', 'crm_only')
),

trigger_units as (
    select
        case
            when speed_to_lead.trigger_type = 'mql' then 'mql_follow_up_within_sla'
            else 'high_intent_follow_up_within_sla'
        end as metric_id,
        cast({{ dbt.date_trunc('month', 'speed_to_lead.triggered_at') }} as date) as month_start,
        coalesce(accounts.segment, 'unknown') as segment,
        not speed_to_lead.is_sla_breached as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from speed_to_lead
    left join accounts on speed_to_lead.account_key = accounts.account_key
    where speed_to_lead.trigger_type in ('mql', 'high_intent_form')
),

opportunity_units as (
    select
        'marketing_sourced_pipeline_share' as metric_id,
        created_month as month_start,
        coalesce(segment, 'unknown') as segment,
        is_marketing_sourced as is_in_numerator,
        pipeline_amount as weight
    from opportunities
    where pipeline_amount is not null
    union all
    select
        'marketing_influenced_pipeline_share' as metric_id,
        created_month as month_start,
        coalesce(segment, 'unknown') as segment,
        is_marketing_influenced as is_in_numerator,
        pipeline_amount as weight
    from opportunities
    where pipeline_amount is not null
),

icp_accounts as (
    select
        account_coverage.*,
        cast({{ dbt.date_trunc('month', 'coverage_as_of.as_of_at') }} as date) as month_start
    from account_coverage
    cross join coverage_as_of
    where account_coverage.is_icp
),

coverage_units as (
    select
        'icp_penetration' as metric_id,
        month_start,
        segment,
        is_engaged_in_period as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from icp_accounts
    union all
    select
        'account_universe_coverage' as metric_id,
        month_start,
        segment,
        is_in_crm and has_usable_dm_contact as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from icp_accounts
    union all
    select
        'stale_firmographics_rate' as metric_id,
        month_start,
        segment,
        needs_firmographic_correction as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from icp_accounts
    where is_in_crm
    union all
    select
        'missing_dm_mobile_rate' as metric_id,
        month_start,
        segment,
        not has_usable_dm_mobile as is_in_numerator,
        cast(1 as {{ type_double() }}) as weight
    from icp_accounts
    where is_in_crm
),

ratio_units as (
    select * from mql_units
    union all
    select * from trigger_units
    union all
    select * from opportunity_units
    union all
    select * from coverage_units
),

ratio_units_with_all as (
    select
        metric_id,
        month_start,
        segment,
        is_in_numerator,
        weight
    from ratio_units
    union all
    select
        metric_id,
        month_start,
        'all' as segment,
        is_in_numerator,
        weight
    from ratio_units
),

ratios as (
    select
        metric_id,
        month_start,
        segment,
        sum(case when is_in_numerator then weight else 0 end) as numerator,
        sum(weight) as denominator
    from ratio_units_with_all
    group by metric_id, month_start, segment
),

follow_up_hours as (
    select
        cast({{ dbt.date_trunc('month', 'mqls.mql_at') }} as date) as month_start,
        coalesce(mqls.segment, 'unknown') as segment,
        mqls.follow_up_business_hours
    from mqls
    where mqls.is_mql and mqls.follow_up_business_hours is not null
),

follow_up_hours_with_all as (
    select
        month_start,
        segment,
        follow_up_business_hours
    from follow_up_hours
    union all
    select
        month_start,
        'all' as segment,
        follow_up_business_hours
    from follow_up_hours
),

medians as (
    select
        'median_follow_up_business_hours' as metric_id,
        month_start,
        segment,
        cast(null as {{ type_double() }}) as numerator,
        cast(count(*) as {{ type_double() }}) as denominator,
        percentile_cont(0.5) within group (order by follow_up_business_hours) as metric_value
    from follow_up_hours_with_all
    group by month_start, segment
)

select
    metric_id,
    month_start,
    segment,
    numerator,
    denominator,
    case when denominator > 0 then numerator / denominator end as metric_value
from ratios
where denominator > 0
union all
select
    metric_id,
    month_start,
    segment,
    numerator,
    denominator,
    metric_value
from medians
