"""CLI: ``python -m revops.generate --accounts N --seed S --out RAW_DIR --truth TRUTH_DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from revops.generate.runner import Options, run


def parse_args(argv: list[str] | None = None) -> Options:
    """Parse command-line arguments into :class:`Options`."""
    p = argparse.ArgumentParser(
        prog="python -m revops.generate", description="Generate synthetic RevOps raw data."
    )
    p.add_argument("--accounts", type=int, required=True, help="number of true businesses in the market")
    p.add_argument("--seed", type=int, default=42, help="random seed (same N + seed -> identical files)")
    p.add_argument("--out", type=Path, required=True, help="raw data directory (RAW_DIR/<source>/<table>.*)")
    p.add_argument("--truth", type=Path, required=True, help="ground-truth directory (parquet)")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="raw file format")
    p.add_argument("--no-progress", action="store_true", help="disable progress bars")
    p.add_argument(
        "--workers", type=int, default=1, help="worker processes (output is identical for any value)"
    )
    a = p.parse_args(argv)
    return Options(
        accounts=a.accounts,
        seed=a.seed,
        out=a.out,
        truth=a.truth,
        fmt=a.format,
        progress=not a.no_progress,
        workers=max(1, a.workers),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the generator and print rows per table."""
    opts = parse_args(argv)
    t0 = time.perf_counter()
    rows = run(opts)
    elapsed = time.perf_counter() - t0
    width = max(len(k) for k in rows)
    print(f"generated {opts.accounts} businesses (seed {opts.seed}) in {elapsed:.1f}s")
    for key, count in rows.items():
        print(f"  {key:<{width}}  {count:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
