"""Check kinds -> GX expectations, and how each kind's data is read.

A suite in `thresholds.yml` is validated in up to three parts, each a GX suite of its own named
`<part>.<schema>.<table>`:

* `schema`: column checks, on a zero-row frame with the table's columns;
* `rows`: row-level checks, on frames of the needed columns (in batches, see `warehouse.py`);
* `metrics`: aggregates computed in DuckDB, on a one-row frame with one column per metric.

The personal-data scan of BI-facing schemas is one more suite, `metrics.pii.<schema>`, on a frame with one
row per scanned column. Adding a check kind means one branch here and one in `config.py`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import great_expectations.expectations as gxe

from revops.quality.config import Check, GateConfig, Suite
from revops.quality.warehouse import Warehouse, quote_ident

if TYPE_CHECKING:
    from revops.quality.server import PostgresWarehouse, SparkWarehouse

PARTS = ("schema", "rows", "metrics")
ID_NAMESPACE = uuid.UUID("5b0e3c52-6a8e-4d62-9c1e-8d9f3f0a7e21")
LATEST_ALLOWED_TIME = "latest_allowed_time"
PII_COLUMNS = ("unmasked_phone_values", "unmasked_email_values")


def part_of(check: Check) -> str:
    if check.kind == "columns_present":
        return "schema"
    return "rows" if check.is_row_level else "metrics"


def gx_suite_name(part: str, suite_name: str) -> str:
    return f"{part}.{suite_name}"


def pii_suite_name(schema: str) -> str:
    return f"metrics.pii.{schema}"


def group_column(check: Check, group: str) -> str:
    return f"{check.params['id']}__{group}"


def metric_columns(check: Check) -> list[str]:
    """Columns of the metrics frame that a metric-level check fills."""
    if check.kind == "fresh":
        return [f"age_days__{check.params['column']}"]
    if check.kind == "row_count_change":
        return ["row_count_ratio"]
    if check.kind == "metric":
        return [check.params["id"]]
    return [group_column(check, g) for g in check.params["thresholds"]]


def expectations(suite: Suite, part: str, config: GateConfig) -> list[gxe.Expectation]:
    """The GX expectations of one part of a suite, each tagged with its check id and severity."""
    out: list[gxe.Expectation] = []
    for check in suite.checks:
        if part_of(check) != part:
            continue
        for expectation in _expectations(check, config):
            expectation.meta = {**(expectation.meta or {}), "check": check.check_id}
            out.append(expectation)
    return out


def _expectations(check: Check, config: GateConfig) -> list[gxe.Expectation]:
    p, sev = check.params, check.severity
    if check.kind == "columns_present":
        return [
            gxe.ExpectTableColumnsToMatchSet(column_set=list(p["columns"]), exact_match=False, severity=sev)
        ]
    if check.kind == "not_null":
        return [
            gxe.ExpectColumnValuesToNotBeNull(column=p["column"], mostly=p.get("mostly", 1.0), severity=sev)
        ]
    if check.kind == "unique":
        return [gxe.ExpectColumnValuesToBeUnique(column=p["column"], severity=sev)]
    if check.kind == "matches_pattern":
        return [
            gxe.ExpectColumnValuesToMatchRegex(
                column=p["column"],
                regex=config.patterns[p["pattern"]],
                mostly=p.get("mostly", 1.0),
                severity=sev,
                meta={"pattern": p["pattern"]},
            )
        ]
    if check.kind == "not_in_future":
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=p["column"], max_value={"$PARAMETER": LATEST_ALLOWED_TIME}, severity=sev
            )
        ]
    if check.kind == "fresh":
        (column,) = metric_columns(check)
        return [gxe.ExpectColumnValuesToBeBetween(column=column, max_value=p["max_age_days"], severity=sev)]
    if check.kind == "row_count_change":
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column="row_count_ratio", min_value=p["min_ratio"], max_value=p["max_ratio"], severity=sev
            )
        ]
    if check.kind == "metric":
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=p["id"], min_value=p.get("min"), max_value=p.get("max"), severity=sev
            )
        ]
    out: list[gxe.Expectation] = []
    for group, bounds in p["thresholds"].items():
        column, group_sev = group_column(check, group), bounds.get("severity", sev)
        out.append(
            gxe.ExpectColumnValuesToNotBeNull(column=column, severity=group_sev, meta={"group": group})
        )
        out.append(
            gxe.ExpectColumnValuesToBeBetween(
                column=column,
                min_value=bounds.get("min"),
                max_value=bounds.get("max"),
                severity=group_sev,
                meta={"group": group},
            )
        )
    return out


def pii_expectations(schema: str, severity: str) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column,
            max_value=0,
            severity=severity,
            meta={"check": f"no_unmasked_personal_data:{column.split('_')[1]}"},
        )
        for column in PII_COLUMNS
    ]


def row_columns(suite: Suite, available: dict[str, str]) -> dict[str, str]:
    """Columns the row checks need, as name -> select expression; columns missing from the table are left
    out (their expectations then fail in GX, naming the column)."""
    out: dict[str, str] = {}
    for check in suite.row_checks:
        column = check.params.get("column")
        if column is None or column not in available:
            continue
        expr = quote_ident(column)
        if check.kind == "not_in_future":
            expr = f"cast({expr} as timestamp)"
        out.setdefault(column, expr)
    return out


@dataclass(frozen=True)
class MetricContext:
    warehouse: Warehouse | PostgresWarehouse | SparkWarehouse
    table: str
    build_time: datetime
    previous_rows: int | None
    rows: int


def timestamp_literal(value: datetime) -> str:
    return f"timestamp '{value.strftime('%Y-%m-%d %H:%M:%S')}'"


def metric_values(check: Check, ctx: MetricContext) -> dict[str, Any]:
    """The values of one metric-level check (None when there is nothing to compare)."""
    wh = ctx.warehouse
    p, table = check.params, wh.quote_table(ctx.table)
    if check.kind == "fresh":
        newest = wh.first_row(f"select max(cast({wh.quote_ident(p['column'])} as timestamp)) from {table}")[0]
        age = None if newest is None else (ctx.build_time - newest) / timedelta(days=1)
        return {metric_columns(check)[0]: age}
    if check.kind == "row_count_change":
        ratio = None if not ctx.previous_rows else ctx.rows / ctx.previous_rows
        return {"row_count_ratio": ratio}
    sql = p["sql"].format(table=table, build_time=timestamp_literal(ctx.build_time))
    if check.kind == "metric":
        return {p["id"]: ctx.warehouse.scalar(sql)}
    values = ctx.warehouse.pairs(sql)
    return {group_column(check, g): values.get(g) for g in p["thresholds"]}
