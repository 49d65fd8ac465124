"""The same project on DuckDB, PostgreSQL and Spark gives the same marts (issue 11).

One small demo data set (ENGINE_ACCOUNTS businesses) is built with `dbt build` on all three engines; every
mart (MARTS lists them all; test_every_mart_compared keeps it so) and the audit tables are then read back
whole and compared with DuckDB's: row counts exactly, every column value equal (floats within a relative
tolerance of 1e-9), and the account matches, the account universe, identical. Differences that are a matter
of dialect, not of result, are listed in EXPLAINED with their reason and compared through a normaliser.
The quality gate is also run inside PostgreSQL (GX SQL datasource) and must reach DuckDB's verdicts, and the
engines' string similarity (name agreement) must give DuckDB's Jaro-Winkler values on pairs chosen to reach
every step of it. On PostgreSQL, the incremental base tables, run again after the raw part files arrive,
must equal a full refresh.

Selected with `-m engines` (the marker); part of `make test`, which sets REVOPS_ENGINES_REQUIRED=1 so that a
missing engine (PostgreSQL 15 binaries, Java for Spark) fails instead of skipping. Build times per engine
are written to <tmp>/engine_timings.json and printed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from revops.dbt_cli import PROJECT_ROOT, dbt_command, dbt_env

pytestmark = pytest.mark.engines

ENGINE_ACCOUNTS = 300
ENGINE_SEED = 7
# CI (`make test`) sets REVOPS_ENGINES_REQUIRED=1: a missing engine is then a failure, not a skip
ENGINES_REQUIRED = os.environ.get("REVOPS_ENGINES_REQUIRED", "0") == "1"
POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))

MARTS = {
    "marts": [
        "account_matches",
        "dim_accounts",
        "fct_account_coverage",
        "fct_coverage_by_segment",
        "fct_provider_coverage",
        "fct_connect_rates",
        "fct_stale_firmographics",
        "fct_missing_dm_mobiles",
        "fct_cleanup_estimate",
        "fct_funnel_stages",
        "fct_mqls",
        "fct_speed_to_lead",
        "fct_mql_conversion_monthly",
        "fct_opportunities",
        "fct_touchpoints",
        "fct_attribution",
        "fct_opportunity_stage_history",
        "fct_pipeline_contribution_monthly",
        "fct_alignment_scorecard",
        "fct_alignment_scorecard_latest",
        "time_spine_daily",
    ],
    "restricted": ["rpt_dialer_export"],
    "audit": ["audit_staging_row_counts", "audit_quarantined_rows"],
}
# every mart is compared: a new mart under models/marts without an entry above fails test_every_mart_compared


def json_with_instants(value: object) -> object:
    """A JSON text parsed, with every timestamp-like string turned into a UTC instant."""
    if value is None:
        return None

    def instants(node: object) -> object:
        if isinstance(node, dict):
            return {k: instants(v) for k, v in node.items()}
        if isinstance(node, list):
            return [instants(v) for v in node]
        if isinstance(node, str) and len(node) >= 19 and node[4] == "-" and node[10] in " T":
            try:
                return dt.datetime.fromisoformat(node).astimezone(dt.UTC)
            except ValueError:
                return node
        return node

    return instants(json.loads(str(value)))


# (relation, column) -> (why the text may differ between engines while the result is the same, the
# normaliser both sides are compared through). Numbers shown as text need no entry: they are cast to
# decimal(18, 2) first, which every engine prints alike.
EXPLAINED: dict[tuple[str, str], tuple[str, Callable[[object], object]]] = {
    ("audit_quarantined_rows", "raw_record"): (
        "the quarantined raw row as JSON text: each engine's JSON writer prints timestamps its own way "
        "(DuckDB `2026-11-20 21:13:03+00`, PostgreSQL `2026-11-20T21:13:03+00:00`, Spark "
        "`2026-11-20T21:13:03.000Z`); compared as parsed JSON with timestamps as UTC instants",
        json_with_instants,
    ),
}


def missing_engine(reason: str) -> None:
    if ENGINES_REQUIRED:
        pytest.fail(f"{reason}; REVOPS_ENGINES_REQUIRED=1 (make test) needs every engine")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class EngineBuild:
    engine: str
    seconds: dict[str, float]
    tables: dict[str, list[dict]]
    env: dict[str, str] = field(default_factory=dict)


def run(cmd: list[str], env: dict[str, str], label: str) -> float:
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{label} failed:\n{(result.stdout + result.stderr)[-8000:]}"
    return time.monotonic() - started


def normalise(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def rows_of(cursor_rows: list[tuple], names: list[str]) -> list[dict]:
    return [{n.lower(): normalise(v) for n, v in zip(names, row, strict=True)} for row in cursor_rows]


def read_duckdb(warehouse: Path) -> dict[str, list[dict]]:
    tables = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for schema, names in MARTS.items():
            for name in names:
                cursor = con.execute(f"select * from {schema}.{name}")
                tables[name] = rows_of(cursor.fetchall(), [d[0] for d in cursor.description])
    return tables


def _postgres_connection(env: dict[str, str], dbname: str):  # type: ignore[no-untyped-def]
    import psycopg2

    return psycopg2.connect(
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        dbname=dbname,
    )


def read_postgres(env: dict[str, str]) -> dict[str, list[dict]]:
    tables = {}
    with _postgres_connection(env, env["POSTGRES_DB"]) as connection, connection.cursor() as cursor:
        for schema, names in MARTS.items():
            for name in names:
                cursor.execute(f"select * from {schema}.{name}")
                tables[name] = rows_of(cursor.fetchall(), [d[0] for d in cursor.description])
    return tables


def read_spark(state_dir: Path) -> dict[str, list[dict]]:
    """Spark's managed tables are Parquet folders of its warehouse: read them without a Spark session."""
    tables = {}
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for schema, names in MARTS.items():
            for name in names:
                folder = state_dir / "warehouse" / f"{schema}.db" / name
                cursor = con.execute(f"select * from read_parquet('{folder}/*.parquet')")
                tables[name] = rows_of(cursor.fetchall(), [d[0] for d in cursor.description])
    return tables


# raw tables split into a table file and part files `<source>/<table>/*.parquet` (the raw contract's appending
# loaders): every engine must read the parts (DuckDB staging in place, load_raw on Spark and PostgreSQL),
# combining them by column name. The task part has its columns in another order and lacks the optional
# `dialed_number` (null in its rows); the email events are split in three.
PART_FILES = {
    "crm/task": {"parts": 1, "share": 0.2, "drop": ["dialed_number"], "reverse": True},
    "engagement/email_events": {"parts": 2, "share": 0.3, "drop": [], "reverse": False},
}


def split_into_part_files(raw_dir: Path) -> dict[str, int]:
    """Move the last `share` of each PART_FILES table's rows into part files; returns rows per table."""
    import pyarrow.parquet as pq

    rows = {}
    for table, how in PART_FILES.items():
        path = raw_dir / f"{table}.parquet"
        data = pq.read_table(path)
        rows[table] = data.num_rows
        keep = data.num_rows - int(data.num_rows * how["share"])
        pq.write_table(data.slice(0, keep), path)
        rest = data.slice(keep)
        step = math.ceil(rest.num_rows / how["parts"])
        for number in range(how["parts"]):
            part = rest.slice(number * step, step).drop_columns(how["drop"])
            if how["reverse"]:
                part = part.select(list(reversed(part.column_names)))
            (raw_dir / table).mkdir(exist_ok=True)
            pq.write_table(part, raw_dir / table / f"part_{number + 1:04d}.parquet")
    return rows


@pytest.fixture(scope="module")
def engine_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("engine_data")
    raw_dir = root / "raw"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "revops.generate",
            "--accounts",
            str(ENGINE_ACCOUNTS),
            "--seed",
            str(ENGINE_SEED),
            "--out",
            str(raw_dir),
            "--truth",
            str(root / "truth"),
            "--no-progress",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    (root / "part_file_rows.json").write_text(json.dumps(split_into_part_files(raw_dir)))
    return raw_dir, root


@pytest.fixture(scope="module")
def timings(engine_data: tuple[Path, Path]) -> Iterator[dict[str, dict[str, float]]]:
    collected: dict[str, dict[str, float]] = {}
    yield collected
    path = engine_data[1] / "engine_timings.json"
    path.write_text(json.dumps(collected, indent=2))
    print(f"\nengine build times ({ENGINE_ACCOUNTS} accounts), written to {path}: {json.dumps(collected)}")


@pytest.fixture(scope="module")
def duckdb_build(engine_data: tuple[Path, Path], timings: dict) -> EngineBuild:
    raw_dir, root = engine_data
    work = root / "duckdb"
    warehouse = work / "warehouse.duckdb"
    seconds = {"dbt_build": run(dbt_command(["build"], work), dbt_env(raw_dir, warehouse), "duckdb build")}
    timings["duckdb"] = seconds
    return EngineBuild("duckdb", seconds, read_duckdb(warehouse))


@pytest.fixture(scope="module")
def postgres_env(engine_data: tuple[Path, Path]) -> Iterator[dict[str, str]]:
    if not (POSTGRES_BIN / "initdb").exists():
        missing_engine(f"PostgreSQL binaries not found in {POSTGRES_BIN} (set POSTGRES_BIN)")
    script = PROJECT_ROOT / "scripts" / "postgres_local.sh"
    port = os.environ.get("REVOPS_TEST_POSTGRES_PORT") or str(free_port())
    settings = {
        "POSTGRES_PORT": port,
        "POSTGRES_DATA_DIR": str(Path("/tmp") / "revops-test-postgres" / f"{port}-{os.getpid()}"),
        "POSTGRES_USER": "revops",
        "POSTGRES_PASSWORD": "revops",
        "POSTGRES_DB": "revops",
        "POSTGRES_HOST": "127.0.0.1",
    }
    env = {**os.environ, **settings}
    # a SIGTERM (CI's timeout, a stopped job) unwinds through `finally`, so the server never outlives the run
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        subprocess.run(["bash", str(script), "start"], env=env, check=True, capture_output=True)
        yield settings
    finally:
        subprocess.run(["bash", str(script), "clean"], env=env, capture_output=True)
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="module")
def postgres_build(
    engine_data: tuple[Path, Path], postgres_env: dict[str, str], timings: dict
) -> EngineBuild:
    raw_dir, root = engine_data
    work = root / "postgres"
    env = {**dbt_env(raw_dir, work / "unused.duckdb"), **postgres_env, "DBT_TARGET": "postgres"}
    seconds = {
        "load_raw": run(
            [sys.executable, "-m", "revops.load_raw", "--target", "postgres"], env, "postgres load"
        ),
        "dbt_build": run(dbt_command(["build", "--target", "postgres"], work), env, "postgres build"),
    }
    timings["postgres"] = seconds
    return EngineBuild("postgres", seconds, read_postgres(postgres_env), postgres_env)


@pytest.fixture(scope="module")
def spark_build(engine_data: tuple[Path, Path], timings: dict) -> EngineBuild:
    if shutil.which("java") is None:
        missing_engine("no Java runtime for local Spark (Java 17+)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing_engine("pyspark is not installed (the `engines` extra: make venv)")
    raw_dir, root = engine_data
    work = root / "spark"
    state_dir = work / "state"
    env = {
        **dbt_env(raw_dir, work / "unused.duckdb"),
        "DBT_TARGET": "spark",
        "SPARK_STATE_DIR": str(state_dir),
    }
    log_args = ["--log-path", str(work / "logs"), "--target-path", str(work / "target")]
    seconds = {
        "load_raw": run(
            [sys.executable, "-m", "revops.load_raw", "--target", "spark", "--dbt-args", *log_args],
            env,
            "spark load",
        ),
        "dbt_build": run(dbt_command(["build", "--target", "spark"], work), env, "spark build"),
    }
    timings["spark"] = seconds
    return EngineBuild("spark", seconds, read_spark(state_dir), {"SPARK_STATE_DIR": str(state_dir)})


def sort_key(row: dict) -> tuple:
    """Rows ordered by every non-float value (the grain is among them), so the engines' rows line up."""
    return tuple(
        (0, "") if v is None else (1, repr(v)) for k, v in sorted(row.items()) if not isinstance(v, float)
    )


def differences(relation: str, expected: list[dict], actual: list[dict]) -> list[str]:
    problems: list[str] = []
    if len(expected) != len(actual):
        return [f"{relation}: {len(actual)} rows, DuckDB has {len(expected)}"]
    if expected and set(expected[0]) != set(actual[0]):
        return [f"{relation}: columns {sorted(set(actual[0]) ^ set(expected[0]))} differ"]
    explained = {
        column: normalise for (table, column), (_, normalise) in EXPLAINED.items() if table == relation
    }

    def comparable(row: dict) -> dict:
        return {k: explained[k](v) if k in explained else v for k, v in row.items()}

    expected_rows = sorted((comparable(r) for r in expected), key=sort_key)
    actual_rows = sorted((comparable(r) for r in actual), key=sort_key)
    for want, got in zip(expected_rows, actual_rows, strict=True):
        for column, value in want.items():
            other = got[column]
            if isinstance(value, float) or isinstance(other, float):
                same = (value is None and other is None) or (
                    value is not None
                    and other is not None
                    and math.isclose(float(value), float(other), rel_tol=1e-9, abs_tol=1e-9)
                )
            else:
                same = value == other
            if not same:
                problems.append(f"{relation}.{column}: {other!r}, DuckDB {value!r} (row {want})")
                if len(problems) > 20:
                    return problems
    return problems


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_marts_equal_duckdb(engine: str, request: pytest.FixtureRequest, duckdb_build: EngineBuild) -> None:
    other: EngineBuild = request.getfixturevalue(f"{engine}_build")
    problems = []
    for relation, expected in duckdb_build.tables.items():
        problems += differences(relation, expected, other.tables[relation])
    assert not problems, f"{engine} differs from DuckDB:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_match_assignments_identical(
    engine: str, request: pytest.FixtureRequest, duckdb_build: EngineBuild
) -> None:
    """Every source record lands in the same resolved business, under the same key, by the same method."""
    other: EngineBuild = request.getfixturevalue(f"{engine}_build")

    def assignments(build: EngineBuild) -> dict[tuple[str, str], tuple[str, str]]:
        return {
            (r["source"], r["source_record_id"]): (r["account_key"], r["match_method"])
            for r in build.tables["account_matches"]
        }

    expected, actual = assignments(duckdb_build), assignments(other)
    assert len(expected) > 100, "the demo data should have a real account universe"
    moved = {
        k: (expected.get(k), actual.get(k))
        for k in expected.keys() | actual.keys()
        if expected.get(k) != actual.get(k)
    }
    assert not moved, f"{len(moved)} records matched differently on {engine}: {list(moved.items())[:10]}"


def test_every_mart_compared() -> None:
    """Every model under models/marts (accounts, coverage, funnel, pipeline, scorecard, restricted) is in
    MARTS, so a mart that lands later cannot silently skip the engine comparison."""
    marts = {path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql")}
    compared = {name for names in MARTS.values() for name in names}
    assert marts - compared == set(), f"marts not compared across engines: {sorted(marts - compared)}"


def test_demo_builds_are_not_empty(duckdb_build: EngineBuild) -> None:
    """Guard against a vacuous comparison: the marts compared have rows on DuckDB."""
    empty = [name for name, rows in duckdb_build.tables.items() if not rows]
    assert not empty, f"marts without rows at {ENGINE_ACCOUNTS} accounts: {empty}"


def similarity_pairs(warehouse: Path) -> list[tuple[str, str]]:
    """String pairs that exercise every step of Jaro-Winkler: neighbours in the sorted demo name keys (shared
    prefixes, near duplicates), random name pairs, random strings over three letters and a space (many
    transpositions, the match window's edges, empty strings), and pairs on which Spark's own
    jaro_winkler_similarity gave another value at 1M accounts."""
    rng = random.Random(ENGINE_SEED)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct name_key from intermediate.int_account_records where name_key is not null"
        ).fetchall()
    names = sorted(name for (name,) in rows if "'" not in name)
    pairs = list(zip(names, names[1:], strict=False))
    pairs += [(rng.choice(names), rng.choice(names)) for _ in range(300)]
    pairs += [
        (
            "".join(rng.choices("abc ", k=rng.randint(0, 12))),
            "".join(rng.choices("abc ", k=rng.randint(0, 12))),
        )
        for _ in range(600)
    ]
    pairs += [
        ("ellis accounting", "midas touch auto"),
        ("milwaukee medical clinic", "milwaukee enterprises"),
        ("gardner digital", "gardner and robinson taqueria"),
        ("lopez and silva data", "lopez pizzeria"),
    ]
    return pairs


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_string_similarity_equals_duckdb_jaro_winkler(
    engine: str, request: pytest.FixtureRequest, engine_data: tuple[Path, Path], duckdb_build: EngineBuild
) -> None:
    """string_similarity on the engine (PostgreSQL's PL/pgSQL port, Spark's higher-order-function port) gives
    DuckDB's jaro_winkler_similarity on every pair, so name agreement levels cannot move between engines. Run
    by `dbt show` on the engine the build used; the oracle is DuckDB's built-in function."""
    build: EngineBuild = request.getfixturevalue(f"{engine}_build")
    root = engine_data[1]
    pairs = similarity_pairs(root / "duckdb" / "warehouse.duckdb")
    values = ", ".join(f"({i}, '{a}', '{b}')" for i, (a, b) in enumerate(pairs))
    with duckdb.connect() as con:
        expected = dict(
            con.execute(
                "select pair_id, jaro_winkler_similarity(a, b) "
                f"from (values {values}) as pairs(pair_id, a, b)"
            ).fetchall()
        )
    query = (
        "select pairs.pair_id, {{ string_similarity('pairs.a', 'pairs.b') }} as similarity "
        f"from (values {values}) as pairs(pair_id, a, b)"
    )
    work = root / engine / "similarity"
    env = {
        **dbt_env(engine_data[0], work / "unused.duckdb"),
        **build.env,
        "DBT_TARGET": engine,
    }
    result = subprocess.run(
        dbt_command(
            ["show", "--inline", query, "--target", engine, "--output", "json", "--quiet", "--limit", "-1"],
            work,
        ),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"dbt show on {engine} failed:\n{(result.stdout + result.stderr)[-4000:]}"
    actual = {row["pair_id"]: row["similarity"] for row in json.loads(result.stdout)["show"]}
    assert actual.keys() == expected.keys()
    wrong = [
        (pairs[i], expected[i], actual[i])
        for i in expected
        if not math.isclose(actual[i], expected[i], abs_tol=1e-9)
    ]
    assert not wrong, f"{len(wrong)} of {len(pairs)} pairs differ from DuckDB on {engine}: {wrong[:10]}"


GATE_BUILD_TIME = dt.datetime(2026, 12, 31)  # one instant for every gate run, so freshness ages compare


def gate_verdicts(outcomes: list[dict]) -> dict[tuple, tuple]:
    """Each check's verdict and observed text (counts, rates), keyed by suite, check and column."""
    return {(o["suite"], o["check"], o["column"]): (o["passed"], o["observed"]) for o in outcomes}


def gate_differences(expected: dict[tuple, tuple], actual: dict[tuple, tuple]) -> dict[tuple, tuple]:
    return {
        k: (expected.get(k), actual.get(k))
        for k in expected.keys() | actual.keys()
        if expected.get(k) != actual.get(k)
    }


@pytest.fixture(scope="module")
def duckdb_gate(engine_data: tuple[Path, Path], duckdb_build: EngineBuild) -> dict[tuple, tuple]:
    """The gate on the DuckDB build: the verdicts the server engines' gates must reach."""
    from revops.quality.config import load_config
    from revops.quality.context import DEFAULT_CONTEXT
    from revops.quality.gate import outcome_dict, run_gate

    root = engine_data[1]
    result = run_gate(
        load_config(),
        root / "duckdb" / "warehouse.duckdb",
        root / "quality_duckdb",
        DEFAULT_CONTEXT,
        GATE_BUILD_TIME,
    )
    verdicts = gate_verdicts([outcome_dict(o) for o in result.outcomes])
    assert len(verdicts) > 100
    return verdicts


def test_quality_gate_pushed_down_to_postgres(
    engine_data: tuple[Path, Path],
    duckdb_gate: dict[tuple, tuple],
    postgres_build: EngineBuild,
    postgres_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The gate's suites run inside PostgreSQL (GX SQL datasource) and reach the same verdicts, with the
    same observed counts and rates, as the gate on the DuckDB build of the same data."""
    from revops.quality.config import load_config
    from revops.quality.context import DEFAULT_CONTEXT
    from revops.quality.gate import outcome_dict, run_gate
    from revops.quality.server import PostgresSettings

    root = engine_data[1]
    for name, value in postgres_env.items():
        monkeypatch.setenv(name, value)
    on_postgres = run_gate(
        load_config(),
        Path("unused.duckdb"),
        root / "quality_postgres",
        DEFAULT_CONTEXT,
        GATE_BUILD_TIME,
        server=PostgresSettings.from_env(),
    )
    outcomes = [outcome_dict(o) for o in on_postgres.outcomes]
    differing = gate_differences(duckdb_gate, gate_verdicts(outcomes))
    assert not differing, f"the gate on PostgreSQL differs from DuckDB's: {list(differing.items())[:10]}"
    # row-level suites were validated in the database (the GX SQL datasource `engine`), not on frames
    row_results = [
        path for o in on_postgres.outcomes if o.check.startswith("unique") for path in o.validation_results
    ]
    assert row_results and all("/engine-rows." in path for path in row_results), row_results[:3]


def test_quality_gate_pushed_down_to_spark(
    engine_data: tuple[Path, Path], duckdb_gate: dict[tuple, tuple], spark_build: EngineBuild
) -> None:
    """`python -m revops.quality --target spark` on the Spark demo build (after dbt, in its own process:
    embedded Derby takes one JVM at a time) runs the suites in Spark (GX Spark datasource, Spark SQL) and
    reaches the same verdicts, with the same observed counts and rates, as the gate on DuckDB."""
    root = engine_data[1]
    results = root / "quality_spark"
    env = {**os.environ, "DBT_PROFILES_DIR": str(PROJECT_ROOT / "profiles"), **spark_build.env}
    command = [sys.executable, "-m", "revops.quality", "--target", "spark", "--results", str(results)]
    command += ["--build-time", GATE_BUILD_TIME.isoformat()]
    started = time.monotonic()
    gate = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    spark_build.seconds["quality_gate"] = time.monotonic() - started
    payload = json.loads((results / "results.json").read_text())
    assert gate.returncode == (0 if payload["passed"] else 1), gate.stderr[-4000:]
    assert payload["warehouse"].startswith("spark:") and "state/warehouse" in payload["warehouse"]
    differing = gate_differences(duckdb_gate, gate_verdicts(payload["outcomes"]))
    assert not differing, f"the gate on Spark differs from DuckDB's: {list(differing.items())[:10]}"
    # row-level suites were validated in Spark (the GX Spark datasource `engine`), not on pandas frames
    row_results = [
        path
        for o in payload["outcomes"]
        if o["check"].startswith("unique")
        for path in o["validation_results"]
    ]
    assert row_results and all("/engine-rows." in path for path in row_results), row_results[:3]


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_raw_part_files_read(
    engine: str, request: pytest.FixtureRequest, engine_data: tuple[Path, Path]
) -> None:
    """Every engine reads the raw tables' part files with the table file: the raw rows it counts
    (audit_staging_row_counts) are the generator's rows before the split into part files."""
    build: EngineBuild = request.getfixturevalue(f"{engine}_build")
    generated = json.loads((engine_data[1] / "part_file_rows.json").read_text())
    counted = {
        f"{r['source_name']}/{r['table_name']}": r["raw_rows"]
        for r in build.tables["audit_staging_row_counts"]
    }
    assert {table: counted.get(table) for table in generated} == generated


# ---- incremental base tables on PostgreSQL ----------------------------------------------------------------


def _base_tables(env: dict[str, str], dbname: str) -> dict[str, list[tuple]]:
    """Every base table of staging, its rows sorted (a multiset)."""
    with _postgres_connection(env, dbname) as connection, connection.cursor() as cursor:
        cursor.execute(
            "select table_name from information_schema.tables"
            " where table_schema = 'staging' and table_name like 'base\\_%' order by 1"
        )
        tables = {}
        for (name,) in cursor.fetchall():
            cursor.execute(f"select * from staging.{name}")
            tables[name] = sorted(tuple(map(repr, row)) for row in cursor.fetchall())
        return tables


@pytest.fixture(scope="module")
def postgres_incremental(engine_data: tuple[Path, Path], postgres_env: dict[str, str]) -> dict:
    """In a database of its own: staging built from the raw table files alone, then run again after the
    part files arrive (the base tables incremental), then with --full-refresh."""
    raw_dir, root = engine_data
    work = root / "postgres_incremental"
    tables_only = work / "raw"
    for path in raw_dir.glob("*/*.*"):
        (tables_only / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, tables_only / path.parent.name / path.name)
    dbname = "revops_incremental"
    connection = _postgres_connection(postgres_env, postgres_env["POSTGRES_DB"])
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"drop database if exists {dbname}")
        cursor.execute(f"create database {dbname}")
    connection.close()
    base_env = {**postgres_env, "POSTGRES_DB": dbname, "DBT_TARGET": "postgres"}
    load = [sys.executable, "-m", "revops.load_raw", "--target", "postgres"]
    runs = {}
    for name, raw, args in [
        (
            "first",
            tables_only,
            ["build", "--select", "resource_type:seed", "staging", "--exclude-resource-type", "test"],
        ),
        ("incremental", raw_dir, ["run", "--select", "staging"]),
        ("full_refresh", raw_dir, ["run", "--full-refresh", "--select", "staging"]),
    ]:
        env = {**dbt_env(raw, work / "unused.duckdb"), **base_env}
        run(load, env, f"postgres load ({name})")
        run(dbt_command([*args, "--target", "postgres"], work / name), env, f"postgres staging ({name})")
        runs[name] = _base_tables(postgres_env, dbname)
    return {"runs": runs, "work": work}


def test_postgres_base_tables_incremental_equal_a_full_refresh(postgres_incremental: dict) -> None:
    runs = postgres_incremental["runs"]
    assert len(runs["incremental"]) == 19
    rows = {name: len(table) for name, table in runs["incremental"].items()}
    grown = [name for name in rows if rows[name] > len(runs["first"][name])]
    assert len(grown) == len(PART_FILES), (rows, grown)  # the tables with part files got their rows
    sql = (
        (
            postgres_incremental["work"]
            / "incremental"
            / "target"
            / "run"
            / "revops"
            / "models"
            / "staging"
            / "engagement"
            / "base"
            / "base_engagement__email_events.sql"
        )
        .read_text()
        .lower()
    )
    assert "delete from" in sql and "insert into" in sql
    assert runs["incremental"] == runs["full_refresh"]
