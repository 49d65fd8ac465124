"""Everything the report reads from the warehouse: small aggregates of the marts, one query each.

This is the only module of the report that opens DuckDB (read-only, after dbt has finished)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

QUERIES: dict[str, str] = {
    # one row per metric: the latest month, all segments
    "latest": """
        select metric_id, metric_name, owner, unit, direction, month_start, metric_value, target,
               at_risk_threshold, status, previous_metric_value, change_from_previous, numerator, denominator
        from marts.fct_alignment_scorecard_latest
        order by display_order, metric_id
    """,
    # the same month per metric, per segment (the coloured segment columns of the table)
    "latest_by_segment": """
        select s.metric_id, s.segment, s.metric_value, s.status, s.denominator
        from marts.fct_alignment_scorecard as s
        inner join marts.fct_alignment_scorecard_latest as l
            on s.metric_id = l.metric_id and s.month_start = l.month_start
        where not s.is_all_segments
        order by s.segment
    """,
    # every month of every metric, all segments (trend sparklines)
    "trend": """
        select metric_id, metric_name, unit, month_start, metric_value, target, status
        from marts.fct_alignment_scorecard
        where is_all_segments
        order by display_order, month_start
    """,
    # person-cycles that reached each funnel stage
    "funnel": """
        select stage, stage_order, cycles from (
            select 'Inquiry' as stage, 1 as stage_order, count(inquiry_at) as cycles
            from marts.fct_funnel_stages
            union all select 'MQL', 2, count(mql_at) from marts.fct_funnel_stages
            union all select 'SAL', 3, count(sal_at) from marts.fct_funnel_stages
            union all select 'SQL', 4, count(sql_at) from marts.fct_funnel_stages
            union all select 'Opportunity', 5, count(opportunity_created_at) from marts.fct_funnel_stages
            union all select 'Closed won', 6, count(closed_won_date) from marts.fct_funnel_stages
        ) order by stage_order
    """,
    "mql_to_sql": """
        select case mql_definition when 'dbt' then 'Our MQL definition' else 'CRM MQL status' end
                   as definition,
               cohort_month, mqls, sqls, mql_to_sql_rate
        from marts.fct_mql_conversion_monthly
        where breakdown = 'all'
        order by definition, cohort_month
    """,
    # business hours to the first sales touch, binned (2 h bins, 40 h and more in the last bin)
    "follow_up": """
        select
            case
                when trigger_type = 'mql' then 'MQL'
                when form_type = 'demo_request' then 'Demo request'
                else 'Other high-intent form'
            end || ' (SLA ' || cast(sla_business_hours as varchar) || ' business h)' as trigger_label,
            sla_business_hours,
            floor(least(business_hours, 40) / 2) * 2 as hours_bin,
            case when is_sla_breached then 'SLA breached' else 'Within SLA' end as sla_outcome,
            count(*) as triggers
        from marts.fct_speed_to_lead
        where trigger_type in ('mql', 'high_intent_form')
        group by all
        order by trigger_label, hours_bin
    """,
    "coverage_by_segment": """
        select segment, 'ICP penetration' as measure, icp_penetration as value, icp_accounts
        from marts.fct_coverage_by_segment
        union all
        select segment, 'Account-universe coverage', account_universe_coverage, icp_accounts
        from marts.fct_coverage_by_segment
        order by segment, measure
    """,
    "provider_coverage": """
        select segment, data_source, dm_mobile_coverage, accounts_in_segment, accounts_with_dm_mobile
        from marts.fct_provider_coverage
        order by segment, data_source
    """,
    "stale_firmographics": """
        select field, status, count(*) as accounts
        from marts.fct_stale_firmographics
        group by field, status
        order by field, status
    """,
    "attribution": """
        select attribution_model, channel_group, sum(attributed_pipeline_amount) as pipeline_amount
        from marts.fct_attribution
        group by attribution_model, channel_group
        order by attribution_model, channel_group
    """,
    "sourced_influenced": """
        select created_month,
               sum(pipeline_amount) as pipeline,
               sum(case when is_marketing_sourced then pipeline_amount else 0 end) as marketing_sourced,
               sum(case when is_marketing_influenced then pipeline_amount else 0 end) as marketing_influenced
        from marts.fct_opportunities
        group by created_month
        order by created_month
    """,
    "facts": """
        select
            (select max(month_start) from marts.fct_alignment_scorecard) as latest_month,
            (select count(*) from marts.dim_accounts) as businesses,
            (select count(*) from marts.fct_mqls where is_mql) as mqls,
            (select count(*) from marts.fct_opportunities) as opportunities,
            (select max(reporting_currency) from marts.fct_opportunities) as reporting_currency
    """,
}


@dataclass(frozen=True)
class ReportData:
    """The frames the report draws, by query name (see QUERIES)."""

    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def load(warehouse: Path) -> ReportData:
    """Run every report query on the warehouse, opened read-only."""
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse {warehouse} not found: run `dbt build` first")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        missing = [
            t
            for t in ("fct_alignment_scorecard", "fct_alignment_scorecard_latest")
            if not con.execute(
                "select count(*) from information_schema.tables"
                " where table_schema = 'marts' and table_name = ?",
                [t],
            ).fetchone()[0]
        ]
        if missing:
            raise LookupError(
                f"marts.{', marts.'.join(missing)} missing in {warehouse}: run `dbt build` first"
            )
        return ReportData({name: con.execute(sql).df() for name, sql in QUERIES.items()})
