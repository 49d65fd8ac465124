-- grain: one row per MQL definition, MQL cohort month, breakdown and breakdown value
with mqls as (
    select * from {{ ref('fct_mqls') }}
),

speed_to_lead as (
    select * from {{ ref('fct_speed_to_lead') }}
),

{# one row per MQL under each definition: ours (dbt) and the CRM's status change #}
cohort as (
    select
        'dbt' as mql_definition,
        mqls.funnel_cycle_key,
        mqls.person_id,
        mqls.cycle_number,
        mqls.mql_at,
        mqls.lead_source,
        mqls.mql_channel,
        mqls.mql_campaign,
        mqls.segment,
        mqls.sql_at
    from mqls
    where mqls.is_mql
    union all
    select
        'crm' as mql_definition,
        mqls.funnel_cycle_key,
        mqls.person_id,
        mqls.cycle_number,
        mqls.crm_mql_at as mql_at,
        mqls.lead_source,
        mqls.mql_channel,
        mqls.mql_campaign,
        mqls.segment,
        mqls.sql_at
    from mqls
    where mqls.is_crm_mql
),

with_follow_up as (
    select
        cohort.*,
        cast({{ dbt.date_trunc('month', 'cohort.mql_at') }} as date) as cohort_month,
        cohort.sql_at >= cohort.mql_at as is_converted,
        case
            when cohort.sql_at >= cohort.mql_at
                then cast({{ seconds_between('cohort.mql_at', 'cohort.sql_at') }} as double) / 86400
        end as days_to_sql,
        speed_to_lead.follow_up_band
    from cohort
    left join speed_to_lead
        on
            speed_to_lead.trigger_type = case when cohort.mql_definition = 'dbt' then 'mql' else 'crm_mql' end
            and cohort.person_id = speed_to_lead.person_id
            and cohort.cycle_number = speed_to_lead.cycle_number
),

breakdowns as (
    {%- for breakdown in ['all', 'lead_source', 'mql_channel', 'mql_campaign', 'segment', 'follow_up_band'] %}
        select
            mql_definition,
            cohort_month,
            '{{ breakdown }}' as breakdown,
            {%- if breakdown == 'all' %}
                'all' as breakdown_value,
            {%- else %}
                coalesce({{ breakdown }}, '(none)') as breakdown_value,
            {%- endif %}
            is_converted,
            days_to_sql
        from with_follow_up
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    mql_definition,
    cohort_month,
    breakdown,
    breakdown_value,
    cast(count(*) as bigint) as mqls,
    cast(sum(case when is_converted then 1 else 0 end) as bigint) as sqls,
    cast(sum(case when is_converted then 1 else 0 end) as double) / count(*) as mql_to_sql_rate,
    avg(days_to_sql) as avg_days_mql_to_sql
from breakdowns
group by mql_definition, cohort_month, breakdown, breakdown_value
