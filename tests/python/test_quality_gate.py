"""The data-quality gate (`python -m revops.quality`) on the demo build and on corrupted copies of it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
import yaml
from conftest import chromium_command

from revops.dbt_cli import PROJECT_ROOT
from revops.quality.config import DEFAULT_CONFIG, load_config
from revops.quality.context import DEFAULT_CONTEXT, write_context
from revops.quality.gate import GateResult, Outcome, run_gate
from revops.quality.report import write_results
from revops.quality.warehouse import PART_COLUMN, gathered, mask_value, partitions_in_order

# the demo data is dated 2026-11-30 (revops.generate.core.AS_OF_US): a fixed build time keeps the tests
# independent of the day they run on
BUILD_TIME = "2026-12-01T00:00:00"


def gate_cli(warehouse: Path, results: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "revops.quality", "--warehouse", str(warehouse), "--results", str(results)]
        + ["--build-time", BUILD_TIME, *extra],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )


def gate(warehouse: Path, results: Path, config_path: Path = DEFAULT_CONFIG, **kw: object) -> GateResult:
    result = run_gate(
        load_config(config_path),
        warehouse,
        results,
        DEFAULT_CONTEXT,
        datetime.fromisoformat(BUILD_TIME),
        **kw,
    )
    write_results(result, results)
    return result


def find(result: GateResult, suite: str, check: str) -> list[Outcome]:
    return [o for o in result.outcomes if o.suite == suite and o.check == check]


def all_text(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def corrupt(
    demo_build, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, list[str]], tuple[Path, Path]]:
    """Copy the demo warehouse, run SQL statements on the copy; returns (warehouse, results folder)."""

    def make(name: str, statements: list[str]) -> tuple[Path, Path]:
        work = tmp_path_factory.mktemp(name)
        copy = work / "warehouse.duckdb"
        shutil.copy(demo_build.warehouse, copy)
        with duckdb.connect(str(copy)) as con:
            # stg_ models that only filter their base table are views: materialise the ones a statement edits
            views = con.execute(
                "select table_schema || '.' || table_name from information_schema.tables"
                " where table_type = 'VIEW'"
            ).fetchall()
            for (view,) in views:
                if any(view in statement for statement in statements):
                    con.execute(f"create table {view}__copy as select * from {view}")
                    con.execute(f"drop view {view}")
                    con.execute(f"alter table {view}__copy rename to {view.split('.')[1]}")
            for statement in statements:
                con.execute(statement)
        return copy, work / "quality"

    return make


def test_clean_demo_passes(demo_build, tmp_path: Path) -> None:
    proc = gate_cli(demo_build.warehouse, tmp_path / "q", "--all")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "quality gate PASSED" in proc.stdout
    results = json.loads((tmp_path / "q" / "results.json").read_text())
    assert results["passed"]
    assert not [o for o in results["outcomes"] if o["status"] == "FAIL"]
    # independent oracle: the row counts GX saw are the table sizes pandas reads
    contacts = demo_build.query("select * from staging.stg_provider__contacts")
    frame = pd.DataFrame(contacts)
    (not_null,) = [
        o
        for o in results["outcomes"]
        if o["suite"] == "staging.stg_provider__contacts" and o["check"] == "not_null:mobile_phone_e164"
    ]
    cols = [r[0] for r in demo_build.query("describe staging.stg_provider__contacts")]
    nulls = int(frame[cols.index("mobile_phone_e164")].isna().sum())
    assert f"({nulls:,} of {len(frame):,} null)" in not_null["observed"]
    # every GX validation result linked from the summary exists
    linked = {f for o in results["outcomes"] for f in o["validation_results"]}
    assert linked and all((tmp_path / "q" / f).exists() for f in linked)


def test_half_the_mobiles_in_bad_format_fail_the_e164_expectation(corrupt) -> None:
    table = "staging.stg_discovery__decision_makers"
    warehouse, results = corrupt(
        "bad_mobiles",
        [
            # national format, e.g. (555) 010-0199, for every second mobile
            f"""update {table} set mobile_phone_e164 = '(' || substr(mobile_phone_e164, 3, 3) || ') '
                || substr(mobile_phone_e164, 6, 3) || '-' || substr(mobile_phone_e164, 9)
                where mobile_phone_e164 is not null and hash(decision_maker_id) % 2 = 0""",
        ],
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bad = [
            r[0]
            for r in con.execute(
                f"select mobile_phone_e164 from {table} where mobile_phone_e164 like '(%'"
            ).fetchall()
        ]
        share = len(bad) / con.execute(f"select count(mobile_phone_e164) from {table}").fetchone()[0]
        originals = [
            r[0]
            for r in con.execute(
                f"select mobile_phone_e164 from {table} where mobile_phone_e164 like '+%'"
            ).fetchall()
        ]
    assert 0.4 < share < 0.6
    proc = gate_cli(warehouse, results)
    assert proc.returncode == 1
    assert f"CRITICAL {table}.mobile_phone_e164: matches_pattern:mobile_phone_e164 failed" in proc.stdout
    assert f"observed rate {share:.2%}" in proc.stdout
    outcome = json.loads((results / "results.json").read_text())
    (failed,) = [o for o in outcome["outcomes"] if o["status"] == "FAIL"]
    assert (failed["suite"], failed["check"]) == (table, "matches_pattern:mobile_phone_e164")
    # no personal data in anything written: neither the bad values nor the good ones, masked samples only
    text = all_text(results) + proc.stdout
    assert not [v for v in bad + originals if v in text]
    assert failed["samples"] and all(re.fullmatch(r"\(\*\*\*\) \*\*\*-\*\d{3}", s) for s in failed["samples"])


def test_mostly_stale_firmographics_fail_the_stale_share(corrupt, tmp_path: Path) -> None:
    warehouse, results = corrupt(
        "stale",
        [
            "update marts.dim_accounts set employee_count_verified_at = timestamp '2021-06-01' "
            "where hash(account_key) % 10 <> 0"
        ],
    )
    result = gate(warehouse, results, suites=["marts.dim_accounts"])
    assert not result.passed
    (stale,) = find(result, "marts.dim_accounts", "metric:crm_stale_firmographics_share")
    assert not stale.passed and stale.severity == "critical"
    # oracle: the share recomputed in pandas
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = con.execute("select employee_count_verified_at from marts.dim_accounts where is_in_crm").df()
    cutoff = pd.Timestamp(BUILD_TIME) - pd.Timedelta(days=365)
    expected = (frame.employee_count_verified_at.isna() | (frame.employee_count_verified_at < cutoff)).mean()
    assert stale.rate == pytest.approx(expected)
    assert [o.check for o in result.critical_failures] == ["metric:crm_stale_firmographics_share"]


def test_a_mart_with_unmasked_phones_and_emails_fails_without_leaking_them(corrupt) -> None:
    warehouse, results = corrupt(
        "leaky_mart",
        [
            "create table marts.decision_maker_export as select full_name, mobile_phone_e164 as mobile, "
            "email, role from staging.stg_discovery__decision_makers"
        ],
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        values = [
            v
            for row in con.execute("select mobile, email from marts.decision_maker_export").fetchall()
            for v in row
            if v
        ]
    result = gate(warehouse, results, suites=["metrics.pii.marts"])
    failed = {(o.table, o.column) for o in result.critical_failures}
    assert failed == {("marts.decision_maker_export", "mobile"), ("marts.decision_maker_export", "email")}
    assert all(o.check == "no_unmasked_personal_data" for o in result.critical_failures)
    # the business main line of dim_accounts is allowed (a business number, not a person's)
    assert not find(result, "metrics.pii.marts", "no_unmasked_personal_data")[0].table.startswith(
        "marts.dim_"
    )
    text = all_text(results)
    assert not [v for v in values if v in text]
    samples = [s for o in result.critical_failures for s in o.samples]
    assert samples and all("***" in s for s in samples)


def test_warning_only_breach_passes_with_a_warning(corrupt) -> None:
    table = "staging.stg_provider__contacts"
    warehouse, results = corrupt(
        "few_mobiles",
        [f"update {table} set mobile_phone_e164 = null where hash(provider_contact_id) % 10 < 7"],
    )
    proc = gate_cli(warehouse, results)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "0 critical failures, 1 warnings" in proc.stdout
    assert f"WARNING {table}.mobile_phone_e164: not_null:mobile_phone_e164 failed" in proc.stdout


def test_duplicates_are_found_across_batches(corrupt) -> None:
    table = "staging.stg_engagement__email_events"
    warehouse, results = corrupt(
        "duplicates", [f"insert into {table} select * from {table} where hash(event_id) % 50 = 0"]
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        dup_rows = con.execute(
            f"select count(*) from {table} where event_id in "
            f"(select event_id from {table} group by 1 having count(*) > 1)"
        ).fetchone()[0]
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    config["settings"]["batch_rows"] = 2000  # about 13 hash partitions of the demo's events
    small = results.parent / "small_batches.yml"
    small.write_text(yaml.safe_dump(config))
    result = gate(warehouse, results, small, suites=[table])
    (unique,) = find(result, table, "unique:event_id")
    assert not unique.passed and unique.observed.startswith(f"{dup_rows:,} rows share a value")
    assert len(set(unique.validation_results)) > 10


def test_null_ids_are_counted_across_streamed_batches(corrupt) -> None:
    """A suite without a uniqueness check reads its table in one streamed scan, sliced into batches: every
    row is counted once (the oracle is DuckDB's own count)."""
    table = "raw_engagement.email_events"
    warehouse, results = corrupt(
        "null_raw_ids",
        # (the fixture turns the raw view over the Parquet file into a table first)
        [f"update {table} set event_id = null where hash(occurred_at) % 20 = 0"],
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows, nulls = con.execute(f"select count(*), count(*) - count(event_id) from {table}").fetchone()
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    config["settings"]["batch_rows"] = 2000
    small = results.parent / "small_batches.yml"
    small.write_text(yaml.safe_dump(config))
    result = gate(warehouse, results, small, suites=[table])
    (not_null,) = find(result, table, "not_null:event_id")
    assert nulls > 0 and f"({nulls:,} of {rows:,} null)" in not_null.observed
    assert not_null.passed == (1 - nulls / rows >= 0.99)
    assert len(set(not_null.validation_results)) >= rows // 2000


def test_timestamps_beyond_the_nanosecond_range_are_still_judged(corrupt) -> None:
    """GX compares timestamps vectorised only at nanosecond resolution, so the gate converts them, clipping
    values pandas cannot hold: year 3000 is still in the future, year 1500 still in the past."""
    table = "staging.stg_crm__accounts"
    warehouse, results = corrupt(
        "far_timestamps",
        [
            f"update {table} set created_at = timestamp '3000-01-01' where hash(account_id) % 10 = 0",
            f"update {table} set created_at = timestamp '1500-01-01' where hash(account_id) % 10 = 1",
        ],
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        future = con.execute(
            f"select count(*) from {table} where created_at > now() + interval 1 day"
        ).fetchone()
    result = gate(warehouse, results, suites=[table])
    (check,) = find(result, table, "not_in_future:created_at")
    assert future[0] > 0 and not check.passed
    assert f"{future[0]:,}" in check.observed


def test_missing_tables_fail_unless_optional(demo_build, tmp_path: Path) -> None:
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    check = {"kind": "not_null", "column": "x", "severity": "warning"}
    config["suites"]["marts.not_built_yet"] = {"checks": [check]}
    config["suites"]["marts.maybe_later"] = {"optional": True, "checks": [check]}
    path = tmp_path / "thresholds.yml"
    path.write_text(yaml.safe_dump(config))
    context = tmp_path / "ctx" / "gx"
    write_context(load_config(path), context)
    result = run_gate(
        load_config(path),
        demo_build.warehouse,
        tmp_path / "q",
        context,
        datetime.fromisoformat(BUILD_TIME),
        suites=["marts.not_built_yet", "marts.maybe_later"],
    )
    (missing,) = find(result, "marts.not_built_yet", "table_exists")
    assert (missing.passed, missing.severity, missing.observed) == (False, "critical", "missing table")
    (optional,) = find(result, "marts.maybe_later", "table_exists")
    assert optional.passed and optional.observed == "optional table absent"


def test_checked_in_context_is_what_the_config_generates(tmp_path: Path) -> None:
    out = tmp_path / "gx"
    write_context(load_config(), out)
    ours = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(DEFAULT_CONTEXT) for p in DEFAULT_CONTEXT.rglob("*") if p.is_file())
    assert ours == theirs, "run `python -m revops.quality.context` and commit gx/"
    assert all((out / p).read_bytes() == (DEFAULT_CONTEXT / p).read_bytes() for p in ours)


def test_partitions_are_regrouped_across_reader_batches() -> None:
    """A scan ordered by partition arrives in reader batches that cut partitions anywhere; every partition
    comes out whole, once, in one table (oracle: the rows grouped in Python)."""
    parts = sorted([p for p in range(7) for _ in range(1 + p * 5)] + [9] * 3)  # partition 9: 3 rows
    rows = pa.table({"key": [f"k{i}" for i in range(len(parts))], PART_COLUMN: parts})
    expected = {p: [f"k{i}" for i, q in enumerate(parts) if q == p] for p in set(parts)}
    for batch_rows in (1, 4, 13, len(parts)):
        reader = pa.RecordBatchReader.from_batches(rows.schema, rows.to_batches(max_chunksize=batch_rows))
        tables = list(partitions_in_order(reader))
        assert all(t.column_names == ["key"] for t in tables)
        assert sorted(t.column("key").to_pylist() for t in tables) == sorted(expected.values())


def test_small_reader_batches_are_gathered_into_frames_of_the_batch_size() -> None:
    """A reader over Parquet hands out a batch per row group; the gate gathers them into frames of at least
    the configured rows (each frame is a GX checkpoint run), every row once and in order."""
    rows = pa.table({"key": list(range(1000))})
    for reader_rows, frame_rows in ((7, 100), (100, 100), (250, 100), (1000, 5000)):
        reader = pa.RecordBatchReader.from_batches(rows.schema, rows.to_batches(max_chunksize=reader_rows))
        frames = list(gathered(reader, frame_rows))
        assert [k for f in frames for k in f.column("key").to_pylist()] == list(range(1000))
        assert all(f.num_rows >= frame_rows for f in frames[:-1])
        assert len(frames) == max(1, -(-1000 // max(frame_rows, reader_rows)))


def test_masking() -> None:
    assert mask_value("+15550100199") == "+********199"
    assert mask_value("jane.doe@example.com") == "j***@example.com"
    assert "5550100" not in mask_value("call (555) 010-0199")


def test_summary_page_renders_offline_in_chromium(demo_build, tmp_path: Path) -> None:
    command = chromium_command("--dump-dom")
    results = tmp_path / "q"
    outcome = gate(demo_build.warehouse, results)
    page = (results / "index.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the page must not load remote assets"
    proc = subprocess.run(
        [*command, (results / "index.html").as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = proc.stdout
    assert 'id="verdict"' in dom and "PASSED" in dom
    assert dom.count("<tr class=") == len(outcome.outcomes)
