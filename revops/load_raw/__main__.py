"""`python -m revops.load_raw --target spark|postgres`: land the raw contract's files on a server engine."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from revops.load_raw.contract import (
    ContractError,
    contract_tables,
    passthrough_columns,
    plan_table,
    raw_files,
)
from revops.load_raw.engines import check_file, file_columns, land_postgres, land_spark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m revops.load_raw",
        description="Land <raw-dir>/<source>/<table>.parquet|csv, with any part files "
        "<source>/<table>/*.parquet|csv, as tables raw_<source>.<table> on Spark or PostgreSQL, each file "
        "checked against the raw data contract (the sources' YAML). DuckDB needs no landing.",
    )
    parser.add_argument(
        "--target", required=True, choices=["spark", "postgres"], help="the dbt target to land on"
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=Path(os.environ.get("RAW_DATA_DIR", "data/raw")),
        help="folder of the raw files (default: $RAW_DATA_DIR, else data/raw)",
    )
    parser.add_argument(
        "--dbt-args",
        nargs=argparse.REMAINDER,
        default=[],
        help="(spark) further arguments for the dbt run-operation that lands the tables, e.g. --log-path",
    )
    args = parser.parse_args(argv)
    raw_dir = args.raw_dir.resolve()
    passthrough = passthrough_columns()
    try:
        plans, skipped = [], []
        for table in contract_tables():
            files = {}
            for path in raw_files(raw_dir, table):
                if path.stat().st_size == 0:
                    # a 0-byte file has no header: read as no rows, as DuckDB staging does
                    skipped.append(f"raw table {table.label}: {path} is an empty file (0 bytes): no rows")
                    continue
                check_file(table.label, path)
                files[path] = file_columns(path)
            plans.append(plan_table(table, files, passthrough.get(table.label, [])))
    except ContractError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for warning in skipped + [w for plan in plans for w in plan.warnings]:
        print(f"warning: {warning}", file=sys.stderr)
    started = time.monotonic()
    if args.target == "postgres":
        counts = land_postgres(plans)
        for label, rows in counts.items():
            print(f"  {label:<40} {rows:>10,}")
    else:
        land_spark(plans, args.dbt_args)
    print(
        f"landed {len(plans)} raw tables from {raw_dir} on {args.target} in {time.monotonic() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
