-- grain: one row per piece of evidence (stage x criterion), each carrying the organisation's verdict
{# Places the organisation in one of the four stages of sales-and-marketing alignment from the marts:
   disconnected (no shared goals, first-in-first-out hand-off, no scoring) -> coordinated (a shared MQL
   definition and some follow-up SLA) -> aligned (shared revenue goals, an agreed account list, marketing
   measured on pipeline) -> integrated (one revenue operation on one metric sheet, data quality owned).
   A stage is reached when all its criteria and those of every earlier stage pass; the verdict is the last
   stage reached, and `holds_back` marks the failing criteria of the next stage (what would move it).
   Funnel and pipeline evidence pools the last three measured months (all segments). #}
with scorecard as (
    select * from {{ ref('fct_alignment_scorecard') }}
),

targets as (
    select * from {{ ref('scorecard_targets') }}
),

mqls as (
    select * from {{ ref('fct_mqls') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

coverage_by_segment as (
    select * from {{ ref('fct_coverage_by_segment') }}
),

all_segment_months as (
    select
        metric_id,
        month_start,
        numerator,
        denominator,
        metric_value,
        status,
        dense_rank() over (partition by metric_id order by month_start desc) as months_back
    from scorecard
    where is_all_segments
),

recent as (
    select
        metric_id,
        sum(numerator) / sum(denominator) as pooled_value
    from all_segment_months
    where months_back <= 3 and numerator is not null
    group by metric_id
),

recent_vs_target as (
    select
        targets.metric_id,
        recent.pooled_value,
        targets.at_risk_threshold,
        case
            when targets.direction = 'higher_is_better' then recent.pooled_value >= targets.at_risk_threshold
            else recent.pooled_value <= targets.at_risk_threshold
        end as is_within_risk_band
    from targets
    inner join recent on targets.metric_id = recent.metric_id
),

evidence as (
    select
        1 as stage_order,
        'coordinated' as stage,
        'lead scoring exists: MQLs are scored (our definition) and the CRM marks MQLs' as criterion,
        cast(count(case when is_mql then 1 end) as {{ type_double() }}) as evidence_value,
        'MQLs > 0 and CRM MQLs > 0' as threshold,
        count(case when is_mql then 1 end) > 0 and count(case when is_crm_mql then 1 end) > 0 as passed
    from mqls
    union all
    select
        1 as stage_order,
        'coordinated' as stage,
        'shared MQL definition: the CRM agrees with the documented definition (last 3 months)' as criterion,
        pooled_value as evidence_value,
        '>= ' || cast(at_risk_threshold as {{ dbt.type_string() }}) as threshold,
        is_within_risk_band as passed
    from recent_vs_target
    where metric_id = 'mql_definition_agreement'
    union all
    select
        1 as stage_order,
        'coordinated' as stage,
        'some follow-up SLA: share of MQLs touched within 1 business day (last 3 months)' as criterion,
        pooled_value as evidence_value,
        '>= 0.5' as threshold,
        pooled_value >= 0.5 as passed
    from recent_vs_target
    where metric_id = 'mql_follow_up_within_sla'
    union all
    select
        2 as stage_order,
        'aligned' as stage,
        'shared revenue goal: MQL->SQL conversion within its risk band (last 3 months)' as criterion,
        pooled_value as evidence_value,
        '>= ' || cast(at_risk_threshold as {{ dbt.type_string() }}) as threshold,
        is_within_risk_band as passed
    from recent_vs_target
    where metric_id = 'mql_to_sql_conversion'
    union all
    select
        2 as stage_order,
        'aligned' as stage,
        'marketing measured on pipeline: share of opportunities with a first-touch sourcing path' as criterion,
        avg(case when sourcing_method = 'first_touch' then 1.0 else 0.0 end) as evidence_value,
        '>= 0.5' as threshold,
        avg(case when sourcing_method = 'first_touch' then 1.0 else 0.0 end) >= 0.5 as passed
    from opportunities
    union all
    select
        2 as stage_order,
        'aligned' as stage,
        'agreed account list: ICP accounts on both marketing''s list and sales''s pursuable list' as criterion,
        cast(icp_accounts_marketing_and_sales as {{ type_double() }}) / icp_accounts as evidence_value,
        '>= 0.5' as threshold,
        cast(icp_accounts_marketing_and_sales as {{ type_double() }}) / icp_accounts >= 0.5 as passed
    from coverage_by_segment
    where segment = 'all'
    union all
    select
        3 as stage_order,
        'integrated' as stage,
        'one metric sheet: every target metric measured on the scorecard' as criterion,
        cast(count(distinct scorecard.metric_id) as {{ type_double() }}) as evidence_value,
        '= ' || cast((select count(*) from targets) as {{ dbt.type_string() }}) as threshold,
        count(distinct scorecard.metric_id) = (select count(*) from targets) as passed
    from scorecard
    union all
    select
        3 as stage_order,
        'integrated' as stage,
        'data quality owned: ' || metric_id || ' within its risk band' as criterion,
        metric_value as evidence_value,
        '<= ' || cast(at_risk_threshold as {{ dbt.type_string() }}) as threshold,
        status <> 'off track' as passed
    from scorecard
    where
        is_all_segments and metric_id in ('stale_firmographics_rate', 'missing_dm_mobile_rate')
        and month_start = (
            select max(s.month_start) from scorecard as s
            where s.metric_id = scorecard.metric_id
        )
),

stages_reached as (
    select
        stage_order,
        min(case when passed then 1 else 0 end) as all_passed
    from evidence
    group by stage_order
),

verdict as (
    select coalesce(min(case when all_passed = 0 then stage_order end), 4) - 1 as reached_stage_order
    from stages_reached
)

select
    evidence.stage_order,
    evidence.stage,
    evidence.criterion,
    evidence.evidence_value,
    evidence.threshold,
    evidence.passed,
    case verdict.reached_stage_order
        when 0 then 'disconnected'
        when 1 then 'coordinated'
        when 2 then 'aligned'
        else 'integrated'
    end as verdict,
    evidence.stage_order = verdict.reached_stage_order + 1 and not evidence.passed as holds_back
from evidence
cross join verdict
order by evidence.stage_order, evidence.criterion
