"""`python -m revops.dashboard up|provision|stop`: the alignment scorecard in Apache Superset."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from revops.dashboard import server
from revops.dashboard.client import SupersetClient, SupersetError
from revops.dashboard.provision import duckdb_uri, provision
from revops.dashboard.spec import SPEC_PATH, load_spec
from revops.dbt_cli import PROJECT_ROOT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m revops.dashboard",
        description="Run Apache Superset on 127.0.0.1 and provision the 'Alignment scorecard' dashboard on "
        "the marts from superset/alignment_scorecard.yml (re-running updates it in place). Secrets come "
        "from SUPERSET_SECRET_KEY and SUPERSET_ADMIN_PASSWORD (admin user: SUPERSET_ADMIN_USER, "
        "default admin).",
    )
    parser.add_argument(
        "command",
        choices=["up", "provision", "stop"],
        help="up: initialise, start (unless running) and provision; provision: a running Superset; "
        "stop: the Superset that up started",
    )
    warehouse = os.environ.get("DUCKDB_PATH", str(PROJECT_ROOT / "warehouse" / "revops.duckdb"))
    parser.add_argument(
        "--warehouse", type=Path, default=Path(warehouse), help="DuckDB warehouse (read-only)"
    )
    parser.add_argument(
        "--database-uri",
        default=os.environ.get("SUPERSET_WAREHOUSE_URI"),
        help="SQLAlchemy URI of another warehouse with the `marts` schema, e.g. the PostgreSQL target "
        "(postgresql://user:password@127.0.0.1:55432/revops); default: the DuckDB warehouse",
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(os.environ["SUPERSET_STATE_DIR"]) if os.environ.get("SUPERSET_STATE_DIR") else None,
        help="Superset's state: metadata database, log, pid (default: superset/ beside the warehouse)",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("SUPERSET_PORT", "8088")))
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="dashboard spec (YAML)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="demo data only: use public demo values for a missing secret key or admin password",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    state_dir = args.state_dir or args.warehouse.parent / "superset"
    try:
        settings = server.Settings.from_env(os.environ, state_dir, args.port, demo=args.demo)
    except server.MissingSetting as error:
        print(error, file=sys.stderr)
        return 2

    if args.command == "stop":
        pid = server.running_pid(settings)
        if pid is None:
            print(f"no Superset running from {settings.state_dir}")
            return 0
        server.stop(pid)
        settings.pid_file.unlink(missing_ok=True)
        print(f"Superset (process {pid}) stopped")
        return 0

    if args.database_uri is None and not args.warehouse.exists():
        print(f"warehouse {args.warehouse} not found: run `make build` first", file=sys.stderr)
        return 2
    for name in settings.demo_values:
        print(
            f"DEMO MODE: {name} is not set; public demo value used (demo data on 127.0.0.1 only)",
            file=sys.stderr,
        )

    if args.command == "up":
        pid = server.running_pid(settings)
        if pid is not None and server.is_healthy(settings):
            print(f"Superset already running (process {pid}) on {settings.url}")
        else:
            started = time.perf_counter()
            server.initialise(settings)
            initialised = time.perf_counter()
            pid = server.start(settings)
            print(
                f"Superset started (process {pid}) on {settings.url}: metadata database "
                f"{initialised - started:.0f}s, start-up {time.perf_counter() - initialised:.0f}s; "
                f"log {settings.log_file}"
            )

    started = time.perf_counter()
    try:
        client = SupersetClient(settings.url, settings.admin_user, settings.admin_password)
        uri = args.database_uri or duckdb_uri(args.warehouse)
        result = provision(client, load_spec(args.spec), uri, settings.url)
    except SupersetError as error:
        print(error, file=sys.stderr)
        return 1
    login = (
        f"{settings.admin_user} / {settings.admin_password} (demo password)"
        if "SUPERSET_ADMIN_PASSWORD" in settings.demo_values
        else f"{settings.admin_user} with SUPERSET_ADMIN_PASSWORD"
    )
    print(
        f"provisioned in {time.perf_counter() - started:.0f}s: {len(result.dataset_ids)} datasets, "
        f"{len(result.chart_ids)} charts\n"
        f"open {result.dashboard_url}\n"
        f"log in as {login}" + "\nstop it with `make dashboard-stop`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
