"""Raw part files (an appending loader's extra files) and the build benchmark's ~1% append.

The benchmark links the demo raw files and writes its append as part files
`<source>/<table>/append_0001.parquet`; one `dbt build` of staging and the audit must read them beside the
table files: every raw row counted, the updated accounts' later versions winning, the new events staged.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import dbt

from revops.bench import build as bench


@pytest.fixture(scope="module")
def appended(tmp_path_factory: pytest.TempPathFactory, demo_data: tuple[Path, Path]) -> dict:
    work = tmp_path_factory.mktemp("bench_append")
    raw = work / "raw"
    bench.link_raw(demo_data[0], raw)
    written = bench.write_append(raw)
    warehouse = work / "warehouse.duckdb"
    result = dbt(["build", "--select", "+audit"], raw, warehouse, work)
    assert result.returncode == 0, result.stdout[-3000:]
    return {
        "raw": raw,
        "demo_raw": demo_data[0],
        "written": written,
        "warehouse": warehouse,
        "target": work / "target",
    }


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_append_touches_engagement_and_crm(appended: dict) -> None:
    written = appended["written"]
    for table in ("web_sessions", "email_events", "form_submissions", "ad_clicks"):
        assert written[f"engagement/{table}/append_0001.parquet"] > 0
    for table in ("account", "contact", "lead", "task"):
        assert written[f"crm/{table}/append_0001.parquet"] > 0
    # about 1% of the demo's email events
    events = pq.read_metadata(appended["demo_raw"] / "engagement" / "email_events.parquet").num_rows
    assert 0.005 * events < written["engagement/email_events/append_0001.parquet"] < 0.02 * events


def test_part_files_are_read_with_the_table_file(appended: dict) -> None:
    raw, demo_raw = appended["raw"], appended["demo_raw"]
    counts = {
        (source, table): raw_rows
        for source, table, raw_rows, unaccounted in _query(
            appended["warehouse"],
            "select source_name, table_name, raw_rows, unaccounted_rows from audit.audit_staging_row_counts",
        )
        if unaccounted == 0
    }
    for part in raw.glob("*/*/append_0001.parquet"):
        source, table = part.parent.parent.name, part.parent.name
        expected = (
            pq.read_metadata(demo_raw / source / f"{table}.parquet").num_rows
            + pq.read_metadata(part).num_rows
        )
        assert counts[(source, table)] == expected, (source, table)


def test_updated_accounts_take_their_later_version(appended: dict) -> None:
    updates = pq.read_table(appended["raw"] / "crm" / "account" / "append_0001.parquet").to_pylist()
    originals = {
        r["id"]: r for r in pq.read_table(appended["demo_raw"] / "crm" / "account.parquet").to_pylist()
    }
    once = Counter(r["id"] for r in updates)
    # CDC duplicates of one id would tie on the moved timestamps: only ids updated once are checked
    changed = {
        r["id"]: int(r["number_of_employees"])
        for r in updates
        if once[r["id"]] == 1
        and r["id"] in originals
        and r["number_of_employees"] is not None
        and not r["is_deleted"]
    }
    assert changed
    staged = dict(
        _query(
            appended["warehouse"],
            "select account_id, employee_count from staging.stg_crm__accounts where account_id in ("
            + ", ".join(f"'{i}'" for i in changed)
            + ")",
        )
    )
    assert staged == changed


def test_new_events_are_staged(appended: dict) -> None:
    new_ids = {
        r["event_id"]
        for r in pq.read_table(
            appended["raw"] / "engagement" / "email_events" / "append_0001.parquet"
        ).to_pylist()
        if r["event_id"] and r["email"] and r["occurred_at"]
    }
    staged = {
        i
        for (i,) in _query(
            appended["warehouse"],
            "select event_id from staging.stg_engagement__email_events where event_id like '%-a1'",
        )
    }
    assert new_ids and new_ids <= staged


def _longest_chain_by_enumeration(seconds: dict[str, float], parents: dict[str, list[str]]) -> float:
    """Every chain through the DAG walked one by one (exponential, fine for a few nodes): the oracle."""

    def chains_ending_at(node: str) -> list[float]:
        before = [p for p in parents.get(node, []) if p in seconds]
        if not before:
            return [seconds[node]]
        return [total + seconds[node] for p in before for total in chains_ending_at(p)]

    return max(total for node in seconds for total in chains_ending_at(node))


def test_model_critical_path_is_the_longest_chain() -> None:
    rng = random.Random(3)
    for _ in range(200):
        names = [f"model.revops.m{i}" for i in range(rng.randint(1, 9))]
        seconds = {n: round(rng.uniform(0.1, 50), 1) for n in names}
        # edges only from earlier to later names: a DAG; some parents are tests or seeds, which do not count
        parents = {
            n: [p for p in names[:i] if rng.random() < 0.35]
            + (["seed.revops.s"] if rng.random() < 0.3 else [])
            for i, n in enumerate(names)
        }
        path = bench.model_critical_path(seconds, parents)
        assert path["s"] == pytest.approx(_longest_chain_by_enumeration(seconds, parents), abs=0.051)
        chain = [f"model.revops.{m['model']}" for m in path["models"]]
        assert all(earlier in parents[later] for earlier, later in zip(chain, chain[1:], strict=False))
        assert sum(seconds[m] for m in chain) == pytest.approx(path["s"], abs=0.051)


def test_run_results_report_the_critical_path_of_a_real_build(appended: dict) -> None:
    """The demo build's run_results.json and manifest: the chain is a dependency chain of the manifest, at
    least the slowest model and at most the sum of model times."""
    target = appended["target"]
    report = bench.run_results(target)
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    times = {
        r["unique_id"]: r["execution_time"]
        for r in json.loads((target / "run_results.json").read_text())["results"]
        if r["unique_id"].startswith("model.")
    }
    path = report["model_critical_path"]
    chain = [next(u for u in times if u.split(".")[-1] == m["model"]) for m in path["models"]]
    assert len(chain) >= 3  # raw -> staging -> audit at least
    assert all(
        earlier in manifest[later]["depends_on"]["nodes"]
        for earlier, later in zip(chain, chain[1:], strict=False)
    )
    assert max(times.values()) - 0.05 <= path["s"] <= sum(times.values()) + 0.05


def test_a_failed_build_gives_no_ratio() -> None:
    """A dbt build that fails part-way (a model error skips everything downstream) is quicker than a real
    one: its time must not become the incremental ratio or the build time."""
    full = [bench.Phase("full_build_1", 0, 600.0, 1, 1, ""), bench.Phase("full_build_2", 1, 200.0, 1, 1, "")]
    ok = bench.Phase("incremental_build", 0, 60.0, 1, 1, "")
    failed = bench.Phase("incremental_build", 1, 30.0, 1, 1, "")
    assert bench.derived_figures(40.0, full, ok, 6000)["incremental_over_full"] == pytest.approx(0.1)
    assert bench.derived_figures(40.0, full, ok, 6000)["rows_per_second"] == pytest.approx(10.0)
    derived = bench.derived_figures(40.0, full, failed, 6000)
    assert derived["incremental_over_full"] is None
    assert derived["failed_phases"] == ["full_build_2", "incremental_build"]
    none_ok = bench.derived_figures(40.0, full[1:], None, 6000)
    assert none_ok["rows_per_second"] is None and none_ok["failed_phases"] == ["full_build_2"]
