"""Builds that are repeated, interrupted or incremental give the same marts as one clean full build.

- Incremental: the engagement events and two CRM tables arrive in three batches (the raw files are
  cumulative logs); the later batches carry late events (older than the lookback window), re-delivered
  duplicates, new versions of CRM records and rows without an id. After incremental runs the base tables,
  the event models and the engagements equal a `--full-refresh` of the same models, and the event models
  the demo's one-shot full build. A base table re-normalises only the ids with new raw rows: a marker put
  on a stored row survives the next run when its id got no new raw row, and is overwritten when it did.
- Interrupted: a copy of the demo warehouse is rebuilt and the build is killed (SIGKILL) part-way; the
  warehouse opens and its marts are the previous complete ones; the next build completes, and its marts
  are identical (content hashes) to the first build's: a rebuild on the same data gives the same answer.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections import Counter
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
# the base tables those staging models read (every raw row, normalised once), incremental by id
BASE_EVENT_MODELS = [f"base_{model[4:]}" for model, _, _ in EVENT_TABLES.values()]
# CRM tables with versions of a record (not upstream of the engagements: the one-shot comparison holds)
CRM_TABLES = {  # raw table -> (base model, its id, a column a new version changes)
    "opportunity": ("base_crm__opportunities", "opportunity_id", "name"),
    "task": ("base_crm__tasks", "task_id", "subject"),
}
BASE_MODELS = BASE_EVENT_MODELS + [model for model, _, _ in CRM_TABLES.values()]
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
    """Three cumulative versions of an event log (each holds every row of the one before): the first 70% by
    time minus a few events that arrive late (30 days late, far beyond the lookback), then up to 85% with the
    late ones and duplicate deliveries, then everything with more duplicates."""
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
    rest = events.filter(pc.greater_equal(as_int, int(cut_2)))
    batch_2 = pa.concat_tables([batch_1, rest, batch_0.slice(10, 5), events.slice(events.num_rows - 3, 3)])
    return [batch_0, batch_1, batch_2]


def _crm_batches(records: pa.Table, changed_column: str) -> list[pa.Table]:
    """Three cumulative versions of a CRM table: the first 80% of its rows; then every row, three rows
    delivered again unchanged, new versions of three records (one column changed) and two rows whose id is
    blank; then two more unchanged copies and one more copy of a row without an id."""
    changed = records.slice(3, 3)
    changed = changed.set_column(
        changed.schema.get_field_index(changed_column),
        changed_column,
        pc.binary_join_element_wise(changed.column(changed_column), pa.scalar(" (renamed)"), ""),
    )
    blank_ids = records.slice(6, 2)
    blank_ids = blank_ids.set_column(0, "id", pa.array(["   ", None], pa.string()))
    batch_0 = records.slice(0, int(records.num_rows * 0.8))
    batch_1 = pa.concat_tables([records, records.slice(0, 3), changed, blank_ids])
    batch_2 = pa.concat_tables([batch_1, records.slice(0, 2), blank_ids.slice(0, 1)])
    return [batch_0, batch_1, batch_2]


def _event_tables(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = [f"staging.{m}" for m, _, _ in EVENT_TABLES.values()] + [
            "intermediate.int_marketing_engagements"
        ]
        return {relation: table_fingerprint(con, relation) for relation in relations}


def _incremental_tables(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bases = {f"staging.{model}": table_fingerprint(con, f"staging.{model}") for model in BASE_MODELS}
    return {**_event_tables(warehouse), **bases}


def _rows_added(before: pa.Table, after: pa.Table) -> set[str]:
    """The ids (first column) of the rows of `after` that `before` does not hold, copies counted."""
    added = Counter(zip(*after.to_pydict().values(), strict=True)) - Counter(
        zip(*before.to_pydict().values(), strict=True)
    )
    return {row[0] for row in added}


@pytest.fixture(scope="module")
def incremental_runs(demo_data: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("incremental")
    raw_dir = work / "raw"
    shutil.copytree(demo_data[0], raw_dir)
    batches = {
        table: _batches(pq.read_table(demo_data[0] / "engagement" / f"{table}.parquet"), time_column)
        for table, (_, _, time_column) in EVENT_TABLES.items()
    }
    crm_batches = {
        table: _crm_batches(pq.read_table(demo_data[0] / "crm" / f"{table}.parquet"), column)
        for table, (_, _, column) in CRM_TABLES.items()
    }
    warehouse = work / "incremental.duckdb"
    probe = work / "probe.duckdb"
    outputs = {}
    for number in range(3):
        for table, versions in batches.items():
            pq.write_table(versions[number], raw_dir / "engagement" / f"{table}.parquet")
        for table, versions in crm_batches.items():
            pq.write_table(versions[number], raw_dir / "crm" / f"{table}.parquet")
        if number == 0:
            args = [
                "build",
                "--exclude-resource-type",
                "test",
                "--select",
                "+int_marketing_engagements",
                *BASE_MODELS,
            ]
        else:
            args = ["run", "--select", *BASE_MODELS, *EVENT_MODELS]
        result = dbt(args, raw_dir, warehouse, work / f"run{number}")
        assert result.returncode == 0, result.stdout[-4000:]
        outputs[number] = result.stdout
        if number == 1:
            shutil.copy(warehouse, probe)
    incremental = _incremental_tables(warehouse)
    refreshed = work / "refreshed.duckdb"
    shutil.copy(warehouse, refreshed)
    result = dbt(
        ["run", "--full-refresh", "--select", *BASE_MODELS, *EVENT_MODELS],
        raw_dir,
        refreshed,
        work / "refresh",
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return {
        "incremental": incremental,
        "full_refresh": _incremental_tables(refreshed),
        "outputs": outputs,
        "warehouse": warehouse,
        "probe": probe,
        "raw_dir": raw_dir,
        "batches": batches,
        "crm_batches": crm_batches,
        "work": work,
    }


@pytest.mark.parametrize(
    "model_sql",
    [
        "staging/engagement/stg_engagement__email_events.sql",
        "staging/engagement/base/base_engagement__email_events.sql",
        "staging/crm/base/base_crm__opportunities.sql",
    ],
)
def test_later_runs_are_incremental(incremental_runs: dict, model_sql: str) -> None:
    """The first run creates the tables; the later ones delete and insert the batch (dbt's run SQL)."""
    path = Path("target/run/revops/models") / model_sql
    first = (incremental_runs["work"] / "run0" / path).read_text().lower()
    assert "delete from" not in first
    for number in (1, 2):
        sql = (incremental_runs["work"] / f"run{number}" / path).read_text().lower()
        assert "delete from" in sql and "insert into" in sql, sql[:2000]


def test_incremental_runs_equal_a_full_refresh(incremental_runs: dict) -> None:
    assert len(incremental_runs["incremental"]) == len(EVENT_MODELS) + len(BASE_MODELS)
    assert incremental_runs["incremental"] == incremental_runs["full_refresh"]


def test_incremental_runs_equal_the_one_shot_build(incremental_runs: dict, demo_build: Build) -> None:
    events = _event_tables(demo_build.warehouse)
    assert {relation: incremental_runs["incremental"][relation] for relation in events} == events


@pytest.mark.parametrize(
    ("raw_table", "model", "id_column"),
    [
        ("engagement.email_events", "base_engagement__email_events", "event_id"),
        ("crm.opportunity", "base_crm__opportunities", "opportunity_id"),
    ],
)
def test_base_tables_rewrite_only_the_ids_with_new_raw_rows(
    incremental_runs: dict, raw_table: str, model: str, id_column: str
) -> None:
    """On the warehouse as it stood after the second batch, a marker goes on the stored rows of one id that
    the third batch leaves alone and of one that it delivers again; after the third run only the first
    marker is left (the oracle is the batches themselves, compared row by row in Python)."""
    source, table = raw_table.split(".")
    versions = (incremental_runs["batches"] if source == "engagement" else incremental_runs["crm_batches"])[
        table
    ]
    rewritten = _rows_added(versions[1], versions[2]) - {None}
    kept = next(
        row_id
        for row_id in versions[1].column(0).to_pylist()
        if row_id and row_id.strip() and row_id not in rewritten
    )
    delivered_again = next(
        row_id
        for row_id in sorted(rewritten)
        if row_id.strip() and row_id in set(versions[1].column(0).to_pylist())
    )
    kept, delivered_again = kept.strip(), delivered_again.strip()  # as staged
    probe = incremental_runs["probe"]
    with duckdb.connect(str(probe)) as con:
        for row_id in (kept, delivered_again):
            con.execute(f"update staging.{model} set raw_record = 'marker' where {id_column} = ?", [row_id])
    result = dbt(
        ["run", "--select", model], incremental_runs["raw_dir"], probe, incremental_runs["work"] / model
    )
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(probe), read_only=True) as con:
        markers = dict(
            con.execute(
                f"select {id_column}, count(*) filter (raw_record = 'marker') from staging.{model}"
                f" where {id_column} in (?, ?) group by 1",
                [kept, delivered_again],
            ).fetchall()
        )
    assert markers[kept] >= 1, "a row of an unchanged id was normalised again"
    assert markers[delivered_again] == 0, "a row of an id with a new raw row was not rewritten"


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
