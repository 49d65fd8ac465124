"""Drive generation: split the business universe into fixed-size chunks and stream them to the sinks."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from revops.generate.chunk import ChunkOutput, generate_chunk
from revops.generate.contract import table_names
from revops.generate.defects import planted_table
from revops.generate.dims import Dims, make_dims
from revops.generate.tables import build_table, schema_for
from revops.generate.writer import TableSink

CHUNK_SIZE = 25_000  # businesses per chunk (independent of N)
TRUTH_TABLES: tuple[str, ...] = (
    "businesses",
    "people",
    "record_links",
    "phone_claims",
    "crm_account_firmographics",
    "lead_truth",
    "call_truth",
    "opportunity_truth",
    "planted_defects",  # written once at the end (totals over all chunks)
)


@dataclass(frozen=True)
class Options:
    """Command options."""

    accounts: int
    seed: int
    out: Path
    truth: Path
    fmt: str = "parquet"
    progress: bool = True
    workers: int = 1
    chunk_size: int = CHUNK_SIZE  # changes the output; keep the default except in tests


def chunk_plan(n: int, chunk_size: int) -> list[tuple[int, int, int]]:
    """``(chunk_index, first_business, size)`` for ``n`` businesses."""
    return [(i, start, min(chunk_size, n - start)) for i, start in enumerate(range(0, n, chunk_size))]


def _job(args: tuple[int, int, int, int, Dims]) -> ChunkOutput:
    seed, index, first, size, dims = args
    return generate_chunk(seed, index, first, size, dims)


def _chunks(opts: Options, dims: Dims) -> Iterator[tuple[int, ChunkOutput]]:
    plan = chunk_plan(opts.accounts, opts.chunk_size)
    jobs = [(opts.seed, i, first, size, dims) for i, first, size in plan]
    if opts.workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield job[3], _job(job)
        return
    with ThreadPoolExecutor(max_workers=opts.workers) as pool:
        # bounded look-ahead keeps memory flat; results are consumed in chunk order (deterministic output)
        pending = []
        it = iter(jobs)
        for job in it:
            pending.append((job[3], pool.submit(_job, job)))
            if len(pending) >= opts.workers + 1:
                break
        while pending:
            size, fut = pending.pop(0)
            nxt = next(it, None)
            if nxt is not None:
                pending.append((nxt[3], pool.submit(_job, nxt)))
            yield size, fut.result()


def run(opts: Options) -> dict[str, int]:
    """Generate everything; returns rows per table (``source.table`` and ``truth.name``)."""
    if opts.accounts < 1:
        raise ValueError("--accounts must be >= 1")
    dims = make_dims(opts.seed)
    ext = "parquet" if opts.fmt == "parquet" else "csv"
    sinks = {
        (s, t): TableSink(opts.out / s / f"{t}.{ext}", opts.fmt, schema_for(s, t)) for s, t in table_names()
    }
    truth_sinks = {name: TableSink(opts.truth / f"{name}.parquet", "parquet") for name in TRUTH_TABLES}
    sinks[("crm", "user")].write(
        build_table(
            "crm",
            "user",
            dims.user_table.num_rows,
            dict(zip(dims.user_table.column_names, dims.user_table.columns, strict=True)),
        )
    )
    sinks[("crm", "campaign")].write(
        build_table(
            "crm",
            "campaign",
            dims.campaign_table.num_rows,
            dict(zip(dims.campaign_table.column_names, dims.campaign_table.columns, strict=True)),
        )
    )
    planted: dict[tuple[str, str], int] = {}
    show = opts.progress and sys.stderr.isatty()
    with tqdm(total=opts.accounts, desc="businesses", unit="biz", disable=not show) as bar:
        for size, out in _chunks(opts, dims):
            for key, table in out.raw.items():
                sinks[key].write(table)
            for name, table in out.truth.items():
                truth_sinks[name].write(table)
            for key, count in out.planted.items():
                planted[key] = planted.get(key, 0) + count
            bar.update(size)
    truth_sinks["planted_defects"].write(planted_table(planted))
    rows: dict[str, int] = {}
    for (s, t), sink in tqdm(sinks.items(), desc="closing raw tables", disable=not show):
        sink.close()
        rows[f"{s}.{t}"] = sink.rows
    for name, sink in truth_sinks.items():
        sink.close()
        rows[f"truth.{name}"] = sink.rows
    return rows
