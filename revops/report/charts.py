"""The report's charts as Vega-Lite specs, built with Altair (validated against the Vega-Lite schema)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from revops.report.data import ReportData

WIDTH = 520
STATUS_COLOURS = {"on track": "#1a9850", "at risk": "#f4a300", "off track": "#d73027"}
SOURCE_LABELS = {
    "crm": "CRM",
    "provider": "Horizontal provider",
    "discovery": "Discovery provider",
    "provider_or_discovery": "Provider or discovery",
}


@dataclass(frozen=True)
class Chart:
    """One chart of the page: its element id, title, a sentence on how to read it, and the spec."""

    chart_id: str
    title: str
    caption: str
    spec: dict[str, Any]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.configure_view(stroke=None).configure_axis(labelFontSize=11, titleFontSize=12).to_dict()


def funnel(data: ReportData) -> Chart:
    df = data["funnel"]
    base = alt.Chart(df).encode(
        y=alt.Y("stage:N", sort=alt.SortField("stage_order"), title=None),
        x=alt.X("cycles:Q", title="person funnel cycles reaching the stage"),
        tooltip=["stage:N", alt.Tooltip("cycles:Q", format=",")],
    )
    bars = base.mark_bar(color="#4c78a8")
    labels = base.mark_text(align="left", dx=3).encode(text=alt.Text("cycles:Q", format=","))
    return Chart(
        "chart-funnel",
        "Lead funnel",
        "Person funnel cycles (a recycled lead opens a new cycle) that reached each stage, all time.",
        _spec((bars + labels).properties(width=WIDTH, height=200)),
    )


def mql_to_sql_trend(data: ReportData, target: float) -> Chart:
    df = data["mql_to_sql"]
    lines = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(cohort_month):T", title="MQL cohort month"),
            y=alt.Y("mql_to_sql_rate:Q", title="MQL->SQL conversion", axis=alt.Axis(format="%")),
            color=alt.Color("definition:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                "definition:N",
                alt.Tooltip("yearmonth(cohort_month):T", title="month"),
                alt.Tooltip("mql_to_sql_rate:Q", format=".1%", title="conversion"),
                alt.Tooltip("mqls:Q", title="MQLs"),
                alt.Tooltip("sqls:Q", title="SQLs"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color="#d73027", strokeDash=[6, 4])
        .encode(y="target:Q")
    )
    label = (
        alt.Chart(pd.DataFrame({"target": [target], "text": [f"target {target:.0%}"]}))
        .mark_text(align="left", dy=-6, x=4, color="#d73027")
        .encode(y="target:Q", text="text:N")
    )
    return Chart(
        "chart-mql-to-sql",
        "MQL->SQL conversion by month",
        f"Share of each month's MQLs that became an SQL, our definition vs the CRM's status, against the "
        f"{target:.0%} target. Recent cohorts are still maturing.",
        _spec((lines + rule + label).properties(width=WIDTH, height=240)),
    )


def follow_up_distribution(data: ReportData) -> Chart:
    df = data["follow_up"].copy()
    df["hours_bin_end"] = df["hours_bin"] + 2
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "hours_bin:Q",
                title="business hours to the first sales touch (40 = 40 or more, or never touched)",
                scale=alt.Scale(domain=[0, 42]),
            ),
            x2="hours_bin_end:Q",
            y=alt.Y("sum(triggers):Q", title="triggers"),
            color=alt.Color(
                "sla_outcome:N",
                title=None,
                scale=alt.Scale(domain=["Within SLA", "SLA breached"], range=["#1a9850", "#d73027"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "trigger_label:N",
                alt.Tooltip("hours_bin:Q", title="from hour"),
                "sla_outcome:N",
                alt.Tooltip("sum(triggers):Q", title="triggers"),
            ],
        )
    )
    rule = alt.Chart().mark_rule(color="black", strokeDash=[4, 3]).encode(x="max(sla_business_hours):Q")
    chart = (
        alt.layer(bars, rule, data=df)
        .properties(width=WIDTH, height=110)
        .facet(row=alt.Row("trigger_label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
    )
    return Chart(
        "chart-follow-up",
        "Follow-up time against the SLA",
        "How many business hours (owner's time zone, 9-17, weekends and holidays excluded) sales took to "
        "first touch each MQL and high-intent form; the dashed line is the SLA.",
        _spec(chart),
    )


def coverage_by_segment(data: ReportData) -> Chart:
    df = data["coverage_by_segment"]
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", title=None),
            yOffset="measure:N",
            x=alt.X(
                "value:Q",
                title="share of ICP accounts",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["segment:N", "measure:N", alt.Tooltip("value:Q", format=".1%"), "icp_accounts:Q"],
        )
        .properties(width=WIDTH, height=alt.Step(14))
    )
    return Chart(
        "chart-coverage-segment",
        "ICP penetration and account-universe coverage by segment",
        "Penetration: ICP accounts engaged in the period. Universe coverage: ICP accounts sales can reach "
        "(in the CRM with a usable decision-maker contact).",
        _spec(chart),
    )


def provider_coverage(data: ReportData) -> Chart:
    df = data["provider_coverage"].copy()
    df["source"] = df["data_source"].map(SOURCE_LABELS).fillna(df["data_source"])
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", title=None),
            yOffset=alt.YOffset("source:N", sort=list(SOURCE_LABELS.values())),
            x=alt.X(
                "dm_mobile_coverage:Q",
                title="businesses with a decision-maker mobile",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "source:N", title=None, sort=list(SOURCE_LABELS.values()), legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                "segment:N",
                "source:N",
                alt.Tooltip("dm_mobile_coverage:Q", format=".1%", title="coverage"),
                alt.Tooltip("accounts_with_dm_mobile:Q", title="with mobile"),
                alt.Tooltip("accounts_in_segment:Q", title="businesses"),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(9))
    )
    return Chart(
        "chart-provider-coverage",
        "Decision-maker mobile coverage by segment and source",
        "Share of each segment's businesses for which a source holds a mobile of at least one "
        "decision-maker.",
        _spec(chart),
    )


def stale_firmographics(data: ReportData) -> Chart:
    df = data["stale_firmographics"]
    order = ["fresh", "stale_age", "stale_disagrees", "missing"]
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("field:N", title=None),
            x=alt.X("sum(accounts):Q", stack="normalize", title="CRM accounts", axis=alt.Axis(format="%")),
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=order, range=["#1a9850", "#f4a300", "#d73027", "#999999"]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("status_order:Q"),
            tooltip=["field:N", "status:N", alt.Tooltip("sum(accounts):Q", title="accounts")],
        )
        .transform_calculate(status_order=f"indexof({order!r}, datum.status)")
        .properties(width=WIDTH, height=alt.Step(28))
    )
    return Chart(
        "chart-stale-firmographics",
        "Stale firmographics by field",
        "Top-level CRM accounts by state of each firmographic field: fresh, stale by age, contradicted by a "
        "fresher provider value, or missing.",
        _spec(chart),
    )


def attribution(data: ReportData, currency: str) -> Chart:
    df = data["attribution"]
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("attribution_model:N", title=None),
            x=alt.X(
                "sum(pipeline_amount):Q", title=f"pipeline credited ({currency})", axis=alt.Axis(format="~s")
            ),
            color=alt.Color(
                "channel_group:N",
                title=None,
                scale=alt.Scale(
                    domain=["marketing", "sales", "other", "no touch"],
                    range=["#4c78a8", "#f58518", "#bab0ac", "#e5e5e5"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "attribution_model:N",
                "channel_group:N",
                alt.Tooltip("sum(pipeline_amount):Q", format=",.0f", title=currency),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(26))
    )
    return Chart(
        "chart-attribution",
        "Pipeline credit by attribution model",
        "All pipeline, split between marketing, sales and other touches under each attribution model.",
        _spec(chart),
    )


def sourced_influenced(data: ReportData, currency: str) -> Chart:
    df = data["sourced_influenced"].melt(
        id_vars="created_month",
        value_vars=["pipeline", "marketing_influenced", "marketing_sourced"],
        var_name="series",
        value_name="amount",
    )
    labels = {
        "pipeline": "All pipeline",
        "marketing_influenced": "Marketing-influenced",
        "marketing_sourced": "Marketing-sourced",
    }
    df["series"] = df["series"].map(labels)
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(created_month):T", title="pipeline created in"),
            y=alt.Y("amount:Q", title=currency, axis=alt.Axis(format="~s")),
            color=alt.Color(
                "series:N", title=None, sort=list(labels.values()), legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                "series:N",
                alt.Tooltip("yearmonth(created_month):T", title="month"),
                alt.Tooltip("amount:Q", format=",.0f", title=currency),
            ],
        )
        .properties(width=WIDTH, height=220)
    )
    return Chart(
        "chart-sourced-influenced",
        "Pipeline sourced and influenced by marketing",
        "Sourced: the first touch before creation was a marketing channel. Influenced: any marketing touch "
        "in the opportunity's window (not additive with sourced).",
        _spec(chart),
    )


def all_charts(data: ReportData) -> list[Chart]:
    latest = data["latest"].set_index("metric_id")
    target = (
        float(latest.loc["mql_to_sql_conversion", "target"])
        if "mql_to_sql_conversion" in latest.index
        else 0.25
    )
    currency = str(data["facts"]["reporting_currency"].iloc[0] or "")
    return [
        funnel(data),
        mql_to_sql_trend(data, target),
        follow_up_distribution(data),
        coverage_by_segment(data),
        provider_coverage(data),
        stale_firmographics(data),
        attribution(data, currency),
        sourced_influenced(data, currency),
    ]
