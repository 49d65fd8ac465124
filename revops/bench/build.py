"""Build benchmark: full build, incremental build after a 1% append, quality gate, against the read floor.

Usage::

    python -m revops.bench.build --accounts N [--seed S] [--work DIR] [--raw DIR] [--repeat K]

Steps (everything lands in the work folder, ``/tmp/revops_bench_build/n<N>_s<S>`` by default):

1. ``generate``: ``python -m revops.generate`` writes ``raw/`` (reused when the folder already holds this N
   and seed; ``--raw DIR`` links an existing raw folder's files instead, read-only). Timed separately; the
   row count of every raw table is stated.
2. ``floor``: DuckDB reads every raw file once (each table copied whole into a scratch database), the least
   any build of this data can cost.
3. ``full build``: ``dbt build`` on a fresh warehouse, **tests included**, ``--repeat`` times (median, min,
   max). Per-model times come from ``run_results.json``; with the manifest's dependencies they give the
   model critical path, the longest chain of model times through the DAG.
4. ``append``: about 1% new engagement events (all four tables) and CRM changes (new accounts, contacts,
   leads and tasks; updated accounts, leads and opportunities with a later ``last_modified_date``) are
   written as part files ``raw/<source>/<table>/append_0001.parquet``, which the raw relations pick up
   beside ``<table>.parquet``.
5. ``incremental build``: the same ``dbt build`` on the built warehouse (incremental models merge the new
   rows; the rest rebuilds).
6. ``quality gate``: ``python -m revops.quality`` on the warehouse.

Each phase runs in its own process tree; wall time and peak memory (the largest sum of the resident sets
of the tree's processes, sampled every 0.2 s, and the kernel's peak of the largest single process) are
recorded. A table is printed; ``bench_build.json`` and ``bench_build.md`` are written to the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from revops import dbt_cli
from revops.bench.match import ensure_data, tail

APPEND_FRACTION = 0.01
# engagement tables: id column and event time column
ENGAGEMENT_APPENDS = {
    "web_sessions": ("session_id", "started_at"),
    "email_events": ("event_id", "occurred_at"),
    "form_submissions": ("submission_id", "submitted_at"),
    "ad_clicks": ("click_id", "clicked_at"),
}
# CRM tables: time columns moved past the newest change; `new` rows get new ids, `update` rows keep theirs
CRM_APPENDS = {
    "account": (("new", "update"), ("created_date", "last_modified_date")),
    "contact": (("new",), ("created_date", "last_modified_date")),
    "lead": (("new", "update"), ("created_date", "last_modified_date")),
    "task": (("new",), ("created_date",)),
    "opportunity": (("update",), ("last_modified_date",)),
}


# ------------------------------------------------------------------------------------------------------------
# processes, measured as a tree


@dataclass
class Phase:
    name: str
    returncode: int
    wall_s: float
    peak_tree_rss_mb: float
    peak_process_rss_mb: float
    log: str


def _tree_rss_kb(root: int) -> int:
    """Sum of the resident sets of `root` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_phase(name: str, cmd: list[str], log: Path, env: dict[str, str] | None = None) -> Phase:
    """Run a command; its wall time and peak memory (sampled tree sum, and the kernel's per-process peak)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = [0]
    with log.open("w") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=dbt_cli.PROJECT_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
    code = os.waitstatus_to_exitcode(status)
    return Phase(name, code, wall, peak[0] / 1024, usage.ru_maxrss / 1024, str(log))


# ------------------------------------------------------------------------------------------------------------
# raw data


def link_raw(source: Path, raw: Path) -> None:
    """A raw folder of symbolic links to the files of `source` (left untouched); parts are added here."""
    shutil.rmtree(raw, ignore_errors=True)
    for path in sorted(source.glob("*/*")):
        if path.is_file():
            (raw / path.parent.name).mkdir(parents=True, exist_ok=True)
            (raw / path.parent.name / path.name).symlink_to(path.resolve())


def raw_tables(raw: Path) -> dict[str, list[Path]]:
    """Every raw table (`source.table`) with its files: the table file and any part files beside it."""
    tables: dict[str, list[Path]] = {}
    for path in sorted(raw.glob("*/*.*")):
        key = f"{path.parent.name}.{path.name.split('.')[0]}"
        tables[key] = [path, *sorted((path.parent / path.name.split(".")[0]).glob("*.*"))]
    return tables


def reader(files: list[Path]) -> str:
    names = ", ".join(f"'{f}'" for f in files)
    if files[0].suffix == ".csv":
        return f"read_csv([{names}], header = true, all_varchar = true, union_by_name = true)"
    return f"read_parquet([{names}], union_by_name = true)"


def row_counts(raw: Path) -> dict[str, int]:
    con = duckdb.connect()
    return {
        t: con.execute(f"select count(*) from {reader(f)}").fetchone()[0] for t, f in raw_tables(raw).items()
    }


def floor_script(raw: Path, scratch: Path, threads: str, memory_limit: str) -> str:
    """A Python program that copies every raw table whole into a scratch DuckDB file (the read floor)."""
    statements = [f"create or replace table t as select * from {reader(f)}" for f in raw_tables(raw).values()]
    return (
        "import duckdb\n"
        f"con = duckdb.connect({str(scratch)!r})\n"
        f"con.execute(\"set threads = {threads}; set memory_limit = '{memory_limit}'\")\n"
        f"for sql in {statements!r}:\n"
        "    con.execute(sql)\n"
        "con.execute('drop table t')\n"
    )


def column_types(con: duckdb.DuckDBPyConnection, src: str) -> dict[str, str]:
    return {name: kind for name, kind, *_ in con.execute(f"describe select * from {src}").fetchall()}


def append_sql(
    con: duckdb.DuckDBPyConnection, raw: Path, fraction: float = APPEND_FRACTION
) -> list[tuple[str, str]]:
    """(part file, query) per table: about `fraction` of its rows as new or changed rows, same types."""
    modulus = round(1 / fraction)
    statements = []
    tables = raw_tables(raw)
    for table, (id_col, ts_col) in ENGAGEMENT_APPENDS.items():
        src = reader(tables[f"engagement.{table}"])
        ts_type = column_types(con, src)[ts_col]
        # new ids; times spread over the day after the newest event
        sql = f"""
            with src as (select * from {src}),
            newest as (select max(try_cast({ts_col} as timestamp)) as ts from src)
            select src.* replace (
                src.{id_col} || '-a1' as {id_col},
                cast(newest.ts + to_seconds(hash(src.{id_col}) % 86400) as {ts_type}) as {ts_col}
            )
            from src, newest
            where hash(src.{id_col} || 'append') % {modulus} = 0"""
        statements.append((f"engagement/{table}", sql))
    for table, (modes, ts_cols) in CRM_APPENDS.items():
        src = reader(tables[f"crm.{table}"])
        types = column_types(con, src)
        newest = ", ".join(f"max(try_cast({c} as timestamp)) as {c}" for c in ts_cols)
        moved = ", ".join(
            f"cast(newest.{c} + to_seconds(1 + hash(src.id) % 86400) as {types[c]}) as {c}" for c in ts_cols
        )
        parts = []
        if "new" in modes:
            # Salesforce-shaped new ids: the object's 3-character prefix, 15 more characters
            parts.append(f"""
                select src.* replace (
                    substr(src.id, 1, 3) || 'APP' || substr(md5(src.id), 1, 12) as id, {moved}
                )
                from src, newest where hash(src.id || 'new') % {modulus} = 0""")
        if "update" in modes:
            change = ""
            if table == "account":
                kind = types["number_of_employees"]
                change = f", cast(try_cast(src.number_of_employees as bigint) + 1 as {kind})"
                change += " as number_of_employees"
            parts.append(f"""
                select src.* replace ({moved}{change})
                from src, newest where hash(src.id || 'update') % {modulus} = 0""")
        sql = f"""
            with src as (select * from {src}),
            newest as (select {newest} from src)
            {" union all ".join(parts)}"""
        statements.append((f"crm/{table}", sql))
    return [(str(raw / f"{key}/append_0001.parquet"), sql) for key, sql in statements]


def write_append(raw: Path) -> dict[str, int]:
    """Write the ~1% append as part files; the rows written per table."""
    con = duckdb.connect()
    written = {}
    for part, sql in append_sql(con, raw):
        Path(part).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy ({sql}) to '{part}' (format parquet)")
        written[part.split("/raw/")[-1]] = con.execute(
            f"select count(*) from read_parquet('{part}')"
        ).fetchone()[0]
    return written


# ------------------------------------------------------------------------------------------------------------
# dbt runs


def model_critical_path(model_seconds: dict[str, float], parents: dict[str, list[str]]) -> dict[str, Any]:
    """The longest chain of model times through the DAG: no number of threads builds the models faster
    than this, at these model times. `parents` maps a model to the nodes it depends on (others ignored)."""
    finish: dict[str, tuple[float, str | None]] = {}

    def finished(model: str) -> tuple[float, str | None]:
        if model not in finish:
            before = [(finished(p)[0], p) for p in parents.get(model, []) if p in model_seconds]
            longest, parent = max(before, default=(0.0, None))
            finish[model] = (longest + model_seconds[model], parent)
        return finish[model]

    last = max(model_seconds, key=lambda m: finished(m)[0], default=None)
    chain: list[str] = []
    while last is not None:
        chain.append(last)
        last = finish[last][1]
    return {
        "s": round(finish[chain[0]][0], 1) if chain else 0.0,
        "models": [{"model": m.split(".")[-1], "s": round(model_seconds[m], 1)} for m in reversed(chain)],
    }


def run_results(target: Path) -> dict[str, Any]:
    if not (target / "run_results.json").exists():  # dbt stopped before writing it
        return {
            "elapsed_s": None,
            "seconds_by_resource_type": {},
            "nodes": 0,
            "failures": [],
            "skipped": 0,
            "top_models": [],
            "model_critical_path": None,
        }
    results = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    by_type: dict[str, float] = {}
    for r in results["results"]:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + r["execution_time"]
    models = sorted(
        (r for r in results["results"] if r["unique_id"].startswith("model.")),
        key=lambda r: -r["execution_time"],
    )
    return {
        "elapsed_s": results["elapsed_time"],
        "seconds_by_resource_type": {k: round(v, 1) for k, v in sorted(by_type.items())},
        "nodes": len(results["results"]),
        "failures": [r["unique_id"] for r in results["results"] if r["status"] in ("error", "fail")],
        "skipped": sum(r["status"] == "skipped" for r in results["results"]),
        "top_models": [
            {"model": r["unique_id"].split(".")[-1], "s": round(r["execution_time"], 1)} for r in models[:10]
        ],
        "model_critical_path": model_critical_path(
            {r["unique_id"]: r["execution_time"] for r in models},
            {m: node["depends_on"]["nodes"] for m, node in manifest.items() if m.startswith("model.")},
        ),
    }


def dbt_build(work: Path, name: str, raw: Path) -> tuple[Phase, dict[str, Any]]:
    target = work / "dbt" / name
    cmd = dbt_cli.dbt_command(["build", "--vars", "{pii_demo_salt: true}"], target)
    env = dbt_cli.dbt_env(raw, work / "warehouse.duckdb")
    phase = run_phase(name, cmd, work / "logs" / f"{name}.log", env)
    if phase.returncode:
        print(f"dbt build ({name}) exited {phase.returncode}:\n{tail(Path(phase.log), 20)}")
    return phase, run_results(target / "target")


# ------------------------------------------------------------------------------------------------------------
# report


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def derived_figures(
    floor_s: float, full_runs: list[Phase], incremental: Phase | None, raw_rows_total: int
) -> dict[str, Any]:
    """Ratios from the phases that succeeded: a failed dbt build (a model error skips everything
    downstream of it) is faster than a real one, so it gives no ratio."""
    succeeded = [p.wall_s for p in full_runs if p.returncode == 0]
    full_median = statistics.median(succeeded) if succeeded else None
    incremental_ok = incremental is not None and incremental.returncode == 0
    return {
        "floor_s": floor_s,
        "build_over_floor": full_median / floor_s if full_median else None,
        "rows_per_second": raw_rows_total / full_median if full_median else None,
        "incremental_over_full": (
            incremental.wall_s / full_median if incremental_ok and full_median and incremental else None
        ),
        "failed_phases": [p.name for p in [*full_runs, *filter(None, [incremental])] if p.returncode],
    }


def _failure_note(name: str, rr: dict[str, Any] | None) -> str:
    rr = rr or {}
    failures = ", ".join(f.split(".")[-1] for f in rr.get("failures", [])[:5]) or "none reported"
    return (
        f"- **{name} FAILED**: {len(rr.get('failures', []))} failing nodes ({failures}),"
        f" {rr.get('skipped', 0)} skipped; its time is not a build time and gives no ratio"
    )


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Build benchmark: {report['accounts']:,} accounts (seed {report['seed']})",
        "",
        f"{report['machine']}; DuckDB threads {report['settings']['duckdb_threads']}, memory limit "
        f"{report['settings']['duckdb_memory_limit']}, dbt threads {report['settings']['dbt_threads']}; "
        f"load average at start {report['load_average_start']}. Full builds are `dbt build` with tests.",
        "",
        "| phase | wall s (median) | min | max | runs | peak tree RSS MB | peak process RSS MB | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in report["phases"]:
        s = p["wall_s"]
        codes = p.get("returncodes", [p.get("returncode", 0)])
        status = "ok" if not any(codes) else "**FAILED** " + "/".join(str(c) for c in codes)
        lines.append(
            f"| {p['name']} | {s['median']:.1f} | {s['min']:.1f} | {s['max']:.1f} | {s['n']} | "
            f"{p['peak_tree_rss_mb']:.0f} | {p['peak_process_rss_mb']:.0f} | {status} |"
        )
    d = report["derived"]
    lines.append("")
    if d["rows_per_second"] is not None:
        lines += [
            f"- raw rows: {report['raw_rows_total']:,}; full build {d['rows_per_second']:,.0f} raw rows/s",
            f"- floor (read every raw file once): {d['floor_s']:.1f} s;"
            f" full build / floor = {d['build_over_floor']:.1f}",
        ]
    if d.get("incremental_over_full") is not None:
        lines.append(f"- incremental / full build = {d['incremental_over_full']:.2f}")
    for name in d.get("failed_phases", []):
        key = "incremental_build" if name == "incremental_build" else "full_build"
        lines.append(_failure_note(name, report.get(f"{key}_run_results")))
    for key in ("full_build", "incremental_build"):
        rr = report.get(f"{key}_run_results")
        if not rr:
            continue
        lines += [
            "",
            f"## {key.replace('_', ' ')}: top 10 models (last run)",
            "",
            "| model | s |",
            "|---|---:|",
        ]
        lines += [f"| {m['model']} | {m['s']:.1f} |" for m in rr["top_models"]]
        lines.append(f"\nseconds by resource type: {rr['seconds_by_resource_type']}")
        path = rr.get("model_critical_path")
        if path:
            model_s = rr["seconds_by_resource_type"].get("model", 0.0)
            threads = int(report["settings"]["dbt_threads"])
            chain = " -> ".join(f"{m['model']} ({m['s']:.0f})" for m in path["models"])
            lines.append(
                f"\nmodel critical path (the longest chain of model times through the DAG): {path['s']:.1f} s"
                f" of {model_s:.1f} s model time, so at these model times no build with {threads} dbt threads"
                f" is shorter than {max(path['s'], model_s / threads):.1f} s: {chain}"
            )
    lines += ["", "## raw rows per table", "", "| table | rows | appended |", "|---|---:|---:|"]
    appended = report.get("appended_rows", {})
    for t, n in report["raw_rows"].items():
        a = appended.get(t.replace(".", "/") + "/append_0001.parquet", "")
        lines.append(f"| {t} | {n:,} | {a if a == '' else format(a, ',')} |")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m revops.bench.build", description=__doc__.split("\n\n")[0])
    p.add_argument("--accounts", type=int, required=True, help="generator scale (true businesses)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--work", type=Path, help="work folder (default /tmp/revops_bench_build/n<N>_s<S>)")
    p.add_argument("--raw", type=Path, help="use this existing raw folder (read-only) instead of generating")
    p.add_argument("--repeat", type=int, default=1, help="full builds to run (median, min, max)")
    p.add_argument("--skip-incremental", action="store_true", help="no append and incremental build")
    p.add_argument("--skip-quality", action="store_true", help="no quality gate")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = (args.work or Path(f"/tmp/revops_bench_build/n{args.accounts}_s{args.seed}")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    raw = work / "raw"
    settings = {
        "duckdb_threads": os.environ.get("DUCKDB_THREADS", "2"),
        "duckdb_memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "6GB"),
        "dbt_threads": os.environ.get("DBT_THREADS", "2"),
    }
    report: dict[str, Any] = {
        "accounts": args.accounts,
        "seed": args.seed,
        "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.python_version()}",
        "settings": settings,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "phases": [],
    }
    phases: list[dict[str, Any]] = []

    def checkpoint() -> None:
        """Write what is measured so far (a long run stopped midway keeps its finished phases)."""
        (work / "bench_build.partial.json").write_text(
            json.dumps({**report, "phases": phases}, indent=2, default=str)
        )

    # 1. data
    if args.raw:
        link_raw(args.raw.resolve(), raw)
        report["generate"] = {"reused": str(args.raw)}
    else:
        info = ensure_data(work, args.accounts, args.seed)
        report["generate"] = info
        phases.append(
            {
                "name": "generate",
                "wall_s": _stats([info["wall_s"]]),
                "peak_tree_rss_mb": info["peak_rss_mb"],
                "peak_process_rss_mb": info["peak_rss_mb"],
            }
        )
        checkpoint()
    for part_dir in raw.glob("*/*/"):
        shutil.rmtree(part_dir)  # parts of an earlier append
    report["raw_rows"] = row_counts(raw)
    report["raw_rows_total"] = sum(report["raw_rows"].values())

    # 2. floor
    script = floor_script(
        raw, work / "floor.duckdb", settings["duckdb_threads"], settings["duckdb_memory_limit"]
    )
    floor = run_phase("floor", [sys.executable, "-c", script], work / "logs" / "floor.log")
    (work / "floor.duckdb").unlink(missing_ok=True)
    phases.append({**asdict(floor), "wall_s": _stats([floor.wall_s])})
    checkpoint()

    # 3. full builds
    full_runs = []
    for i in range(args.repeat):
        for leftover in work.glob("warehouse.duckdb*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        phase, rr = dbt_build(work, f"full_build_{i + 1}", raw)
        full_runs.append(phase)
        report["full_build_run_results"] = rr
        if phase.returncode and not rr["nodes"]:
            break
    phases.append(
        {
            "name": "full build (dbt build, tests included)",
            "wall_s": _stats([p.wall_s for p in full_runs]),
            "peak_tree_rss_mb": max(p.peak_tree_rss_mb for p in full_runs),
            "peak_process_rss_mb": max(p.peak_process_rss_mb for p in full_runs),
            "returncodes": [p.returncode for p in full_runs],
        }
    )
    checkpoint()

    # 4-5. append and incremental build
    incremental = None
    if not args.skip_incremental:
        t0 = time.perf_counter()
        report["appended_rows"] = write_append(raw)
        phases.append(
            {
                "name": "append ~1%",
                "wall_s": _stats([time.perf_counter() - t0]),
                "peak_tree_rss_mb": 0.0,
                "peak_process_rss_mb": 0.0,
            }
        )
        checkpoint()
        incremental, rr = dbt_build(work, "incremental_build", raw)
        report["incremental_build_run_results"] = rr
        phases.append({**asdict(incremental), "wall_s": _stats([incremental.wall_s])})
        checkpoint()

    # 6. quality gate
    if not args.skip_quality:
        cmd = [sys.executable, "-m", "revops.quality", "--warehouse", str(work / "warehouse.duckdb")]
        cmd += ["--results", str(work / "quality")]
        gate = run_phase(
            "quality gate",
            cmd,
            work / "logs" / "quality.log",
            dbt_cli.dbt_env(raw, work / "warehouse.duckdb"),
        )
        phases.append({**asdict(gate), "wall_s": _stats([gate.wall_s])})
        checkpoint()

    report["phases"] = phases
    report["derived"] = derived_figures(floor.wall_s, full_runs, incremental, report["raw_rows_total"])
    (work / "bench_build.json").write_text(json.dumps(report, indent=2, default=str))
    md = markdown(report)
    (work / "bench_build.md").write_text(md)
    print(md)
    print(f"written: {work / 'bench_build.json'}, {work / 'bench_build.md'}")
    return 1 if report["derived"]["failed_phases"] else 0


if __name__ == "__main__":
    sys.exit(main())
