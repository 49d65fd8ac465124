"""`python -m revops.report`: write the offline HTML alignment scorecard from the built warehouse."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from revops.dbt_cli import PROJECT_ROOT
from revops.report.page import write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m revops.report",
        description="Write the sales-and-marketing alignment scorecard as one self-contained HTML file "
        "(opens offline: styles, data, charts and the Vega JavaScript are inline).",
    )
    default_wh = os.environ.get("DUCKDB_PATH", str(PROJECT_ROOT / "warehouse" / "revops.duckdb"))
    parser.add_argument("--warehouse", type=Path, default=Path(default_wh), help="DuckDB file (read-only)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="HTML file to write (default: report/alignment_scorecard.html beside the warehouse)",
    )
    args = parser.parse_args(argv)
    out = args.out or args.warehouse.parent / "report" / "alignment_scorecard.html"
    started = time.perf_counter()
    try:
        path = write_report(args.warehouse, out)
    except (FileNotFoundError, LookupError) as error:
        print(error, file=sys.stderr)
        return 2
    size_kib = path.stat().st_size / 1024
    print(f"report: {path} ({size_kib:,.0f} KiB, {time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
