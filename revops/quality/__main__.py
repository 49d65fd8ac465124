"""`python -m revops.quality`: the data-quality gate (run after `dbt build`)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from revops.quality.config import DEFAULT_CONFIG, load_config
from revops.quality.context import DEFAULT_CONTEXT, PROJECT_ROOT
from revops.quality.gate import run_gate
from revops.quality.report import summary_table, verdict, write_results
from revops.quality.server import PostgresSettings, SparkSettings


def _build_time(value: str | None, warehouse: Path) -> datetime:
    """The build time freshness is measured against: given, or when dbt last wrote the warehouse (UTC)."""
    if value:
        parsed = datetime.fromisoformat(value)
        return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    return datetime.fromtimestamp(warehouse.stat().st_mtime, UTC).replace(tzinfo=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m revops.quality",
        description="Data-quality gate: validate the built DuckDB warehouse with the GX suites of gx/ and "
        "the thresholds of revops/quality/thresholds.yml. Exits 1 on any critical failure. With --target "
        "postgres the same suites run in the PostgreSQL database of the dbt `postgres` target "
        "(POSTGRES_HOST/PORT/USER/PASSWORD/DB), the checks pushed down through GX's SQL datasource; with "
        "--target spark in the metastore of the dbt `spark` target (a local session with the profile's "
        "settings, SPARK_STATE_DIR; run it after dbt has finished), through GX's Spark datasource.",
    )
    parser.add_argument(
        "--target",
        choices=["duckdb", "postgres", "spark"],
        default="duckdb",
        help="the engine the warehouse was built on (default duckdb)",
    )
    default_wh = os.environ.get("DUCKDB_PATH", str(PROJECT_ROOT / "warehouse" / "revops.duckdb"))
    parser.add_argument("--warehouse", type=Path, default=Path(default_wh), help="DuckDB file (read-only)")
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="folder for results.json, index.html, the GX results and row counts (default: quality/ beside "
        "the warehouse)",
    )
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="thresholds YAML")
    parser.add_argument("--context", type=Path, default=DEFAULT_CONTEXT, help="GX file context folder")
    parser.add_argument(
        "--build-time",
        default=None,
        help="ISO timestamp freshness is measured against (default: warehouse mtime)",
    )
    parser.add_argument("--suite", action="append", help="run only this suite (repeatable)")
    parser.add_argument(
        "--memory-limit", default=os.environ.get("DUCKDB_MEMORY_LIMIT"), help="DuckDB memory limit"
    )
    parser.add_argument(
        "--all", action="store_true", help="print every check, not only failures and warnings"
    )
    args = parser.parse_args(argv)

    server: PostgresSettings | SparkSettings | None = None
    if args.target == "postgres":
        server = PostgresSettings.from_env()
    elif args.target == "spark":
        server = SparkSettings.from_profile()
        if not Path(server.warehouse_dir).is_dir():
            print(
                f"Spark warehouse {server.warehouse_dir} not found: run `dbt build --target spark` first",
                file=sys.stderr,
            )
            return 2
    if server is None and not args.warehouse.exists():
        print(f"warehouse {args.warehouse} not found: run `dbt build` first", file=sys.stderr)
        return 2
    if server is None:
        results = args.results or args.warehouse.parent / "quality"
        build_time = _build_time(args.build_time, args.warehouse)
    else:
        # a server has no file whose time says when dbt built it: the build time is given, or now
        results = args.results or PROJECT_ROOT / "warehouse" / f"quality-{args.target}"
        build_time = (
            _build_time(args.build_time, args.warehouse)
            if args.build_time
            else datetime.now(UTC).replace(tzinfo=None)
        )
    config = load_config(args.config)
    result = run_gate(
        config,
        args.warehouse,
        results,
        args.context,
        build_time,
        args.suite,
        args.memory_limit,
        server,
    )
    write_results(result, results)
    print(summary_table(result, only_problems=not args.all))
    print()
    print(verdict(result))
    print(f"results: {results / 'index.html'}")
    return 0 if result.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
