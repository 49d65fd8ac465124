"""Builds that are repeated, interrupted or incremental give the same marts as one clean full build.

- Incremental: the engagement events arrive in three batches (the raw files are cumulative logs); the later
  batches carry late events (older than the lookback window) and re-delivered duplicates. After incremental
  runs the event models equal a `--full-refresh` of the same models and the demo's one-shot full build.
- Interrupted: a copy of the demo warehouse is rebuilt and the build is killed (SIGKILL) part-way; the
  warehouse opens and its marts are the previous complete ones; the next build completes, and its marts
  are identical (content hashes) to the first build's: a rebuild on the same data gives the same answer.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import Build, dbt

from revops.dbt_cli import dbt_command, dbt_env

EVENT_TABLES = {  # raw table -> (staging model, id, time)
    "web_sessions": ("stg_engagement__web_sessions", "session_id", "started_at"),
    "email_events": ("stg_engagement__email_events", "event_id", "occurred_at"),
    "form_submissions": ("stg_engagement__form_submissions", "submission_id", "submitted_at"),
    "ad_clicks": ("stg_engagement__ad_clicks", "click_id", "clicked_at"),
}
EVENT_MODELS = [model for model, _, _ in EVENT_TABLES.values()] + ["int_marketing_engagements"]
# the base tables those staging models read (every raw row, normalised once per run), rebuilt with them
BASE_EVENT_MODELS = [f"base_{model[4:]}" for model, _, _ in EVENT_TABLES.values()]
LOOKBACK_DAYS = 3


def table_fingerprint(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, str]:
    """Row count and an order-insensitive content hash of a relation. Floating-point columns are hashed
    rounded to 9 decimals: DuckDB adds doubles in parallel, in a different order on each run, so a sum or an
    average can differ in its last bit (measured: up to 6e-16 in match probabilities) while every other
    value is identical."""
    columns = [
        f"round({name}, 9) as {name}" if data_type in ("DOUBLE", "FLOAT") else name
        for name, data_type in con.execute(
            f"select column_name, column_type from (describe {relation})"
        ).fetchall()
    ]
    return con.execute(
        f"select count(*), coalesce(md5(string_agg(row_hash, '' order by row_hash)), '')"
        " from (select md5(cast(t as varchar)) as row_hash"
        f" from (select {', '.join(columns)} from {relation}) as t)"
    ).fetchone()


def mart_fingerprints(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = [
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
                " where table_schema in ('marts', 'restricted') order by 1, 2"
            ).fetchall()
        ]
        return {relation: table_fingerprint(con, relation) for relation in relations}


# ---- incremental ------------------------------------------------------------------------------------------


def _batches(events: pa.Table, time_column: str) -> list[pa.Table]:
    """Three cumulative versions of an event log: the first 70% by time minus a few events that arrive late
    (30 days late, far beyond the lookback), then up to 85% with the late ones and duplicate deliveries,
    then everything with more duplicates."""
    times = events.column(time_column)
    cut_1, cut_2 = pc.quantile(times.cast(pa.int64()), q=[0.7, 0.85]).to_pylist()
    as_int = times.cast(pa.int64())
    early = pc.less(as_int, int(cut_1))
    late_window = int(cut_1) - int(timedelta(days=30).total_seconds() * 1_000_000)
    held_back = pc.and_(early, pc.greater(as_int, late_window))
    held_back_rows = [i for i, flag in enumerate(held_back.to_pylist()) if flag][::7]
    keep = pc.invert(pa.array([i in set(held_back_rows) for i in range(events.num_rows)]))
    batch_0 = events.filter(pc.and_(early, keep))
    upto_2 = events.filter(pc.less(as_int, int(cut_2)))
    batch_1 = pa.concat_tables([upto_2, batch_0.slice(0, 5), upto_2.slice(upto_2.num_rows - 5, 5)])
    batch_2 = pa.concat_tables([events, batch_0.slice(10, 5), events.slice(events.num_rows - 3, 3)])
    return [batch_0, batch_1, batch_2]


def _event_tables(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = [f"staging.{m}" for m, _, _ in EVENT_TABLES.values()] + [
            "intermediate.int_marketing_engagements"
        ]
        return {relation: table_fingerprint(con, relation) for relation in relations}


@pytest.fixture(scope="module")
def incremental_runs(demo_data: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("incremental")
    raw_dir = work / "raw"
    shutil.copytree(demo_data[0], raw_dir)
    batches = {
        table: _batches(pq.read_table(demo_data[0] / "engagement" / f"{table}.parquet"), time_column)
        for table, (_, _, time_column) in EVENT_TABLES.items()
    }
    warehouse = work / "incremental.duckdb"
    outputs = {}
    for number in range(3):
        for table, versions in batches.items():
            pq.write_table(versions[number], raw_dir / "engagement" / f"{table}.parquet")
        if number == 0:
            args = ["build", "--exclude-resource-type", "test", "--select", "+int_marketing_engagements"]
        else:
            args = ["run", "--select", *BASE_EVENT_MODELS, *EVENT_MODELS]
        result = dbt(args, raw_dir, warehouse, work / f"run{number}")
        assert result.returncode == 0, result.stdout[-4000:]
        outputs[number] = result.stdout
    incremental = _event_tables(warehouse)
    refreshed = work / "refreshed.duckdb"
    shutil.copy(warehouse, refreshed)
    result = dbt(
        ["run", "--full-refresh", "--select", *BASE_EVENT_MODELS, *EVENT_MODELS],
        raw_dir,
        refreshed,
        work / "refresh",
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return {
        "incremental": incremental,
        "full_refresh": _event_tables(refreshed),
        "outputs": outputs,
        "warehouse": warehouse,
        "batches": batches,
        "work": work,
    }


def test_later_runs_are_incremental(incremental_runs: dict) -> None:
    """The first run creates the tables; the later ones delete and insert the batch (dbt's run SQL)."""
    model_sql = Path("target/run/revops/models/staging/engagement/stg_engagement__email_events.sql")
    first = (incremental_runs["work"] / "run0" / model_sql).read_text().lower()
    assert "delete from" not in first
    for number in (1, 2):
        sql = (incremental_runs["work"] / f"run{number}" / model_sql).read_text().lower()
        assert "delete from" in sql and "insert into" in sql, sql[:2000]


def test_incremental_runs_equal_a_full_refresh(incremental_runs: dict) -> None:
    assert incremental_runs["incremental"] == incremental_runs["full_refresh"]


def test_incremental_runs_equal_the_one_shot_build(incremental_runs: dict, demo_build: Build) -> None:
    assert incremental_runs["incremental"] == _event_tables(demo_build.warehouse)


def test_late_and_duplicate_events_are_each_staged_once(incremental_runs: dict) -> None:
    with duckdb.connect(str(incremental_runs["warehouse"]), read_only=True) as con:
        for table, (model, id_column, _) in EVENT_TABLES.items():
            raw = incremental_runs["batches"][table][2]
            ids = {i for i in raw.column(id_column).to_pylist() if i and str(i).strip()}
            staged, distinct = con.execute(
                f"select count(*), count(distinct {id_column}) from staging.{model}"
            ).fetchone()
            assert staged == distinct
            quarantined = con.execute(
                f"select count(distinct {id_column}) from staging.base_{model[4:]}"
                f" where quarantine_reason is not null and {id_column} not in"
                f" (select {id_column} from staging.{model})"
            ).fetchone()[0]
            assert staged + quarantined == len(ids), table


# ---- interrupted builds and idempotency -------------------------------------------------------------------


@pytest.fixture(scope="module")
def interrupted(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("interrupted")
    warehouse = work / "warehouse.duckdb"
    shutil.copy(demo_build.warehouse, warehouse)
    before = mart_fingerprints(demo_build.warehouse)
    log = work / "killed" / "logs" / "dbt.log"
    process = subprocess.Popen(
        dbt_command(["build"], work / "killed"),
        env=dbt_env(demo_build.raw_dir, warehouse),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # kill it once it has rebuilt some intermediate models (well before the marts are done)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if (
            log.exists()
            and log.read_text(errors="replace").count("OK created sql table model intermediate.") >= 5
        ):
            break
        time.sleep(0.2)
    still_running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    after_kill = mart_fingerprints(warehouse)
    result = dbt(["build"], demo_build.raw_dir, warehouse, work / "next")
    return {
        "before": before,
        "after_kill": after_kill,
        "killed_mid_build": still_running,
        "next": result,
        "after_next": mart_fingerprints(warehouse) if result.returncode == 0 else {},
    }


def test_a_killed_build_leaves_the_previous_marts_readable(interrupted: dict) -> None:
    assert interrupted["killed_mid_build"]
    assert interrupted["after_kill"] == interrupted["before"]


def test_the_next_build_completes_with_identical_marts(interrupted: dict) -> None:
    assert interrupted["next"].returncode == 0, interrupted["next"].stdout[-4000:]
    assert len(interrupted["before"]) >= 14
    assert interrupted["after_next"] == interrupted["before"]
