"""Run the data-quality gate: every suite of the config through its GX checkpoints, one summary row per
check, results written to a folder.

The checked-in context (`gx/`) is copied into the results folder and run there, so the repository is never
written and the GX validation results land beside our summary.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import pandas as pd  # noqa: E402
from great_expectations.execution_engine import pandas_execution_engine  # noqa: E402

from revops.quality.config import Check, GateConfig, Suite  # noqa: E402
from revops.quality.context import RESULT_FORMAT, open_context  # noqa: E402
from revops.quality.registry import (  # noqa: E402
    LATEST_ALLOWED_TIME,
    PII_COLUMNS,
    MetricContext,
    gx_suite_name,
    metric_columns,
    metric_values,
    part_of,
    pii_suite_name,
    row_columns,
)
from revops.quality.server import (  # noqa: E402
    PostgresSettings,
    PostgresWarehouse,
    SparkSettings,
    SparkWarehouse,
)
from revops.quality.warehouse import PiiScan, Warehouse, scan_schema_personal_data  # noqa: E402

AnyWarehouse = Warehouse | PostgresWarehouse | SparkWarehouse

# GX names every in-memory batch by an md5 of `hash_pandas_object` over all its values, unless the frame is
# larger than this many bytes; the fingerprint only labels the batch in stored results, and on the 1M tier
# it was 41% of the gate's time. Stored results still name the suite, checkpoint and run.
pandas_execution_engine.HASH_THRESHOLD = 0

ROW_COUNTS_FILE = "row_counts.json"


@dataclass
class Outcome:
    """One line of the summary: a check (or a group of a check) and what was observed."""

    suite: str
    table: str
    column: str | None
    check: str
    expectation: str
    observed: str
    threshold: str
    severity: str
    passed: bool
    rate: float | None = None
    samples: list[str] = field(default_factory=list)
    validation_results: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.passed:
            return "pass"
        return "FAIL" if self.severity == "critical" else "warn"


@dataclass
class GateResult:
    outcomes: list[Outcome]
    build_time: datetime
    warehouse: str
    seconds: float

    @property
    def critical_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "critical"]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "warning"]

    @property
    def passed(self) -> bool:
        return not self.critical_failures


def pct(value: float) -> str:
    return f"{value:.2%}"


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _bounds(min_value: Any, max_value: Any) -> str:
    if min_value is not None and max_value is not None:
        return f"between {_fmt(min_value)} and {_fmt(max_value)}"
    if min_value is not None:
        return f">= {_fmt(min_value)}"
    return f"<= {_fmt(max_value)}"


class _Run:
    """State of one gate run: the GX context copy, the warehouse, the build time, the previous row counts."""

    def __init__(
        self,
        config: GateConfig,
        warehouse: AnyWarehouse,
        results_dir: Path,
        context_dir: Path,
        build_time: datetime,
    ) -> None:
        self.config, self.wh, self.results_dir, self.build_time = config, warehouse, results_dir, build_time
        run_context = results_dir / "gx"
        shutil.rmtree(run_context, ignore_errors=True)
        shutil.copytree(context_dir, run_context)
        self.context = open_context(run_context)
        counts_file = results_dir / ROW_COUNTS_FILE
        self.previous_counts: dict[str, int] = (
            json.loads(counts_file.read_text())["row_counts"] if counts_file.exists() else {}
        )
        self.row_counts: dict[str, int] = {}
        self.engine_source: Any = None
        self.latest_allowed = build_time + timedelta(hours=config.future_tolerance_hours)

    def validate(self, name: str, frame: pd.DataFrame) -> tuple[list[Any], str]:
        """Run one checkpoint on a frame; returns the expectation results and where GX stored them."""
        checkpoint = self.context.checkpoints.get(name)
        result = checkpoint.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters={LATEST_ALLOWED_TIME: pd.Timestamp(self.latest_allowed)},
        )
        (identifier, validation), *_ = result.run_results.items()
        stored = "gx/uncommitted/validations/" + "/".join(identifier.to_tuple()) + ".json"
        return list(validation.results), stored

    def validate_in_engine(self, name: str, table: str) -> tuple[list[Any], str]:
        """Run one suite on a server engine's table through the engine's GX datasource (PostgreSQL: SQL;
        Spark: a dataframe of the table): GX builds each expectation in the engine's terms and the engine
        does the counting (see server.py)."""
        import great_expectations as gx

        if self.engine_source is None:
            self.engine_source = self.wh.gx_datasource(self.context, "engine")
        batch_definition, batch_parameters = self.wh.gx_batch(self.engine_source, name, table)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(
                name=f"engine.{name}", data=batch_definition, suite=self.context.suites.get(name)
            )
        )
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(
                name=f"engine.{name}",
                validation_definitions=[definition],
                result_format=RESULT_FORMAT,
                actions=[],
            )
        )
        result = checkpoint.run(
            batch_parameters=batch_parameters,
            expectation_parameters={LATEST_ALLOWED_TIME: self.latest_allowed},
        )
        (identifier, validation), *_ = result.run_results.items()
        stored = "gx/uncommitted/validations/" + "/".join(identifier.to_tuple()) + ".json"
        return list(validation.results), stored

    # ---- one suite --------------------------------------------------------------------------------------
    def run_suite(self, suite: Suite) -> list[Outcome]:
        columns = self.wh.columns(suite.table)
        if columns is None:
            return [
                Outcome(
                    suite.name,
                    suite.table,
                    None,
                    "table_exists",
                    "table is present",
                    "optional table absent" if suite.optional else "missing table",
                    "table exists" + (" (optional)" if suite.optional else ""),
                    "critical",
                    suite.optional,
                )
            ]
        rows = self.wh.row_count(suite.table)
        self.row_counts[suite.table] = rows
        outcomes: list[Outcome] = []
        if any(part_of(c) == "schema" for c in suite.checks):
            outcomes += self._schema_part(suite, columns)
        if suite.row_checks:
            outcomes += self._rows_part(suite, columns, rows)
        if suite.metric_checks:
            outcomes += self._metrics_part(suite, rows)
        return outcomes

    def _schema_part(self, suite: Suite, columns: dict[str, str]) -> list[Outcome]:
        name = gx_suite_name("schema", suite.name)
        results, stored = self.validate(name, self.wh.empty_frame(suite.table))
        outcomes = []
        for check, result in zip([c for c in suite.checks if part_of(c) == "schema"], results, strict=True):
            missing = [c for c in check.params["columns"] if c not in columns]
            observed = (
                f"missing: {', '.join(missing)}" if missing else f"all {len(check.params['columns'])} present"
            )
            outcomes.append(
                Outcome(
                    suite.name,
                    suite.table,
                    ", ".join(missing) or None,
                    check.check_id,
                    result.expectation_config.type,
                    observed,
                    "required columns present",
                    check.severity,
                    bool(result.success),
                    validation_results=[stored],
                )
            )
        return outcomes

    def _rows_part(self, suite: Suite, columns: dict[str, str], rows: int) -> list[Outcome]:
        name = gx_suite_name("rows", suite.name)
        select = row_columns(suite, columns)
        totals: dict[int, dict[str, Any]] = {}
        stored_files: list[str] = []
        for results, stored in self._row_results(name, suite, select, rows):
            stored_files.append(stored)
            for i, result in enumerate(results):
                total = totals.setdefault(i, {"element": 0, "unexpected": 0, "missing": 0, "error": None})
                info = result.exception_info or {}
                if info.get("raised_exception"):
                    total["error"] = info.get("exception_message") or "expectation raised an exception"
                    continue
                r = result.result or {}
                total["element"] += int(r.get("element_count", 0))
                total["unexpected"] += int(r.get("unexpected_count", 0))
                total["missing"] += int(r.get("missing_count", 0))
        return [
            self._row_outcome(suite, check, totals[i], stored_files)
            for i, check in enumerate(suite.row_checks)
        ]

    def _row_results(
        self, name: str, suite: Suite, select: dict[str, str], rows: int
    ) -> Iterator[tuple[list[Any], str]]:
        """The row suite's results: in the database on a server engine, else per batch of pandas rows."""
        if self.wh.pushdown:
            yield self.validate_in_engine(name, suite.table)
            return
        for frame in self.wh.batches(
            suite.table, select, self.config.batch_rows, suite.partition_column, rows
        ):
            yield self.validate(name, frame)
            del frame

    def _row_outcome(self, suite: Suite, check: Check, total: dict[str, Any], stored: list[str]) -> Outcome:
        p, mostly = check.params, check.params.get("mostly", 1.0)
        column = p["column"]
        base = dict(
            suite=suite.name,
            table=suite.table,
            column=column,
            check=check.check_id,
            severity=check.severity,
            validation_results=stored,
        )
        if total["error"]:
            return Outcome(
                **base,
                expectation=check.kind,
                observed=f"error: {str(total['error'])[:200]}",
                threshold="runs",
                passed=False,
            )
        element, unexpected, missing = total["element"], total["unexpected"], total["missing"]
        if check.kind == "not_null":
            rate = 1 - unexpected / element if element else 1.0
            return Outcome(
                **base,
                expectation="expect_column_values_to_not_be_null",
                observed=f"{pct(rate)} non-null ({unexpected:,} of {element:,} null)",
                threshold=f">= {pct(mostly)} non-null",
                passed=rate >= mostly - 1e-12,
                rate=rate,
            )
        nonmissing = element - missing
        rate = unexpected / nonmissing if nonmissing else 0.0
        passed = rate <= (1 - mostly) + 1e-12
        if check.kind == "unique":
            return Outcome(
                **base,
                expectation="expect_column_values_to_be_unique",
                observed=f"{unexpected:,} rows share a value ({pct(rate)})",
                threshold="no duplicates",
                passed=passed,
                rate=rate,
            )
        if check.kind == "matches_pattern":
            outcome = Outcome(
                **base,
                expectation="expect_column_values_to_match_regex",
                observed=f"{pct(rate)} not matching {p['pattern']} "
                f"({unexpected:,} of {nonmissing:,} non-null)",
                threshold=f"<= {pct(1 - mostly)} not matching",
                passed=passed,
                rate=rate,
            )
            if not passed:
                col = self.wh.quote_ident(column)
                matches = self.wh.regex_match(col, self.config.patterns[p["pattern"]])
                where = f"{col} is not null and not {matches}"
                outcome.samples = self.wh.masked_samples(
                    suite.table, where, column, self.config.masked_samples
                )
            return outcome
        # not_in_future
        return Outcome(
            **base,
            expectation="expect_column_values_to_be_between",
            observed=f"{unexpected:,} values after {self.latest_allowed:%Y-%m-%d %H:%M} ({pct(rate)})",
            threshold=f"<= build time + {self.config.future_tolerance_hours:g}h",
            passed=passed,
            rate=rate,
        )

    def _metrics_part(self, suite: Suite, rows: int) -> list[Outcome]:
        name = gx_suite_name("metrics", suite.name)
        ctx = MetricContext(
            self.wh, suite.table, self.build_time, self.previous_counts.get(suite.table), rows
        )
        values: dict[str, Any] = {}
        for check in suite.metric_checks:
            values.update(metric_values(check, ctx))
        frame = pd.DataFrame([{k: (float("nan") if v is None else v) for k, v in values.items()}])
        results, stored = self.validate(name, frame)
        outcomes = []
        cursor = 0
        for check in suite.metric_checks:
            for column in metric_columns(check):
                value = values[column]
                if check.kind == "metric_by_group":
                    group = column.split("__", 1)[1]
                    bounds = check.params["thresholds"][group]
                    not_null, between = results[cursor], results[cursor + 1]
                    cursor += 2
                    ok = bool(not_null.success and between.success)
                    sev = bounds.get("severity", check.severity)
                    threshold = _bounds(bounds.get("min"), bounds.get("max"))
                    label, observed = (
                        f"{check.check_id}[{group}]",
                        ("group absent" if value is None else _fmt(value)),
                    )
                else:
                    result = results[cursor]
                    cursor += 1
                    ok, sev, label = bool(result.success), check.severity, check.check_id
                    threshold, observed = self._metric_text(check, value)
                outcomes.append(
                    Outcome(
                        suite.name,
                        suite.table,
                        check.params.get("column"),
                        label,
                        "expect_column_values_to_be_between",
                        observed,
                        threshold,
                        sev,
                        ok,
                        rate=value,
                        validation_results=[stored],
                    )
                )
        return outcomes

    def _metric_text(self, check: Check, value: float | None) -> tuple[str, str]:
        p = check.params
        if check.kind == "fresh":
            observed = "no rows" if value is None else f"newest {value:.1f} days before build"
            return f"<= {p['max_age_days']} days old", observed
        if check.kind == "row_count_change":
            observed = "no previous run" if value is None else f"{value:.3f} x previous"
            return _bounds(p["min_ratio"], p["max_ratio"]), observed
        return _bounds(p.get("min"), p.get("max")), _fmt(value)

    # ---- personal data ---------------------------------------------------------------------------------
    def run_pii(self, schema: str, scan: PiiScan | None = None) -> list[Outcome]:
        """The personal-data outcome of a schema, from its scan (made here when not given)."""
        pii = self.config.pii
        name = pii_suite_name(schema)
        hits, scanned, tables = scan or scan_schema_personal_data(
            self.wh, schema, self.config.pii, self.config.masked_samples
        )
        frame = pd.DataFrame(
            [
                {
                    "location": f"{h.table}.{h.column}",
                    PII_COLUMNS[0]: h.phone_values,
                    PII_COLUMNS[1]: h.email_values,
                }
                for h in hits
            ]
            or [{"location": "-", PII_COLUMNS[0]: 0, PII_COLUMNS[1]: 0}]
        )
        results, stored = self.validate(name, frame)
        if not hits:
            return [
                Outcome(
                    name,
                    f"{schema}.*",
                    None,
                    "no_unmasked_personal_data",
                    results[0].expectation_config.type,
                    f"0 values in {scanned} text columns of {tables} tables",
                    "0 unmasked phones or emails",
                    pii.severity,
                    all(r.success for r in results),
                    validation_results=[stored],
                )
            ]
        outcomes = []
        for hit in hits:
            rows = self.wh.row_count(hit.table)
            rate = max(hit.phone_values, hit.email_values) / rows if rows else 0.0
            outcomes.append(
                Outcome(
                    name,
                    hit.table,
                    hit.column,
                    "no_unmasked_personal_data",
                    results[0].expectation_config.type,
                    f"{hit.phone_values:,} phone and {hit.email_values:,} email values unmasked "
                    f"({pct(rate)} of rows)",
                    "0 unmasked phones or emails",
                    pii.severity,
                    False,
                    rate=rate,
                    samples=list(hit.samples),
                    validation_results=[stored],
                )
            )
        return outcomes

    def write_row_counts(self) -> None:
        counts = {**self.previous_counts, **self.row_counts}
        payload = {"build_time": self.build_time.isoformat(), "row_counts": counts}
        (self.results_dir / ROW_COUNTS_FILE).write_text(json.dumps(payload, indent=2, sort_keys=True))


def run_gate(
    config: GateConfig,
    warehouse: Path,
    results_dir: Path,
    context_dir: Path,
    build_time: datetime,
    suites: list[str] | None = None,
    memory_limit: str | None = None,
    server: PostgresSettings | SparkSettings | None = None,
) -> GateResult:
    """Validate every configured suite (or the named ones) and the personal-data scan; on the DuckDB file
    `warehouse`, or, given `server`, in that PostgreSQL database or Spark metastore (checks pushed down,
    see server.py)."""
    started = time.perf_counter()
    results_dir.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome] = []
    opened: AnyWarehouse
    if isinstance(server, PostgresSettings):
        opened = PostgresWarehouse(server)
    elif isinstance(server, SparkSettings):
        opened = SparkWarehouse(server)
    else:
        opened = Warehouse(warehouse, memory_limit)
    with opened as wh, ThreadPoolExecutor(max_workers=1) as worker:
        run = _Run(config, wh, results_dir, context_dir, build_time)
        schemas = [s for s in config.pii.schemas if suites is None or pii_suite_name(s) in suites]
        # on DuckDB the scan (SQL only) runs on its own cursor beside the row suites (GX in this thread)
        reader = wh.reader() if isinstance(wh, Warehouse) else None
        scans = {
            s: worker.submit(scan_schema_personal_data, reader, s, config.pii, config.masked_samples)
            for s in (schemas if reader else [])
        }
        for suite in config.suites:
            if suites is None or suite.name in suites:
                outcomes += run.run_suite(suite)
        for schema in schemas:
            outcomes += run.run_pii(schema, scans[schema].result() if schema in scans else None)
        run.write_row_counts()
        if reader:
            reader.close()
    return GateResult(outcomes, build_time, str(wh.path), time.perf_counter() - started)


def outcome_dict(outcome: Outcome) -> dict[str, Any]:
    return {**asdict(outcome), "status": outcome.status}
