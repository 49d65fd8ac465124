"""The one place where the gate reads DuckDB: read-only, and as little as possible into pandas.

GX has no DuckDB dialect and its SQL route through duckdb-engine fails (the connection is closed before
results are read, and regex is refused), so the gate validates pandas frames. To stay within memory on
millions of rows, DuckDB does the shrinking:

* row-level checks read only the columns they need, in batches of at most `batch_rows` rows; when a suite
  has a uniqueness check the batches are hash partitions of that column, so duplicates always meet in the
  same batch and a per-batch uniqueness check is a global one;
* aggregate checks (rates, shares, freshness, row counts) and the personal-data scan are SQL aggregates:
  one small frame per suite;
* samples of failing values are fetched only for failed checks, a few rows, and masked before they leave
  this module.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

# the range of a nanosecond timestamp (pandas' datetime64[ns]), a little inside both ends
NS_MIN = pd.Timestamp("1678-01-01")
NS_MAX = pd.Timestamp("2262-01-01")

T = TypeVar("T")

# the hash partition of a row, added to a scan of a suite with a uniqueness check
PART_COLUMN = "_gate_partition"

if TYPE_CHECKING:
    from revops.quality.config import PiiConfig
    from revops.quality.server import PostgresWarehouse, SparkWarehouse


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_table(table: str) -> str:
    schema, name = table.split(".", 1)
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+'-]+@")


def mask_value(value: str) -> str:
    """Mask personal data in a value: email local parts become `x***@`, all digits but the last 3 `*`."""
    masked = _EMAIL_LOCAL.sub(lambda m: m.group(0)[0] + "***@", value)
    digits = [i for i, ch in enumerate(masked) if ch.isdigit()]
    hide = set(digits[:-3]) if len(digits) > 3 else set(digits)
    return "".join("*" if i in hide else ch for i, ch in enumerate(masked))


@dataclass(frozen=True)
class PiiHit:
    """A BI-facing column with values that look like unmasked personal data (counts and masked samples)."""

    table: str
    column: str
    phone_values: int
    email_values: int
    samples: tuple[str, ...]


class Warehouse:
    """A read-only DuckDB connection to a built warehouse.

    The gate reads every warehouse through these methods only (`server.py` has the same ones for PostgreSQL
    and Spark), SQL written in the warehouse's dialect by `quote_ident` / `quote_table` / `regex_match`."""

    pushdown = False

    def __init__(self, path: Path, memory_limit: str | None = None) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"warehouse {self.path} does not exist: run `dbt build` first")
        config = {"memory_limit": memory_limit} if memory_limit else {}
        self.con = duckdb.connect(str(self.path), read_only=True, config=config)

    def close(self) -> None:
        self.con.close()

    def reader(self) -> Warehouse:
        """The same warehouse on a cursor of its own, for reads in another thread."""
        clone = object.__new__(Warehouse)
        clone.path, clone.con = self.path, self.con.cursor()
        return clone

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- dialect ------------------------------------------------------------------------------------------
    @staticmethod
    def quote_ident(name: str) -> str:
        return quote_ident(name)

    @staticmethod
    def quote_table(table: str) -> str:
        return quote_table(table)

    # ---- catalogue ---------------------------------------------------------------------------------------
    def columns(self, table: str) -> dict[str, str] | None:
        """Column name -> DuckDB type of a table or view, or None when it does not exist."""
        schema, name = table.split(".", 1)
        rows = self.con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
        return {c: t for c, t in rows} or None

    def tables(self, schema: str) -> list[str]:
        rows = self.con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        ).fetchall()
        return [f"{schema}.{r[0]}" for r in rows]

    def empty_frame(self, table: str) -> pd.DataFrame:
        """The table's columns with no rows (what a schema check needs)."""
        return self.con.execute(f"select * from {quote_table(table)} limit 0").df()

    # ---- rows ----------------------------------------------------------------------------------------------
    def row_count(self, table: str) -> int:
        return int(self.con.execute(f"select count(*) from {quote_table(table)}").fetchone()[0])

    def batches(
        self,
        table: str,
        columns: dict[str, str],
        batch_rows: int,
        partition_column: str | None,
        rows: int | None = None,
    ) -> Iterator[pd.DataFrame]:
        """Frames of the given columns (name -> select expression), about `batch_rows` rows each.

        With a `partition_column` (a suite with a uniqueness check), batches are hash partitions of it, read
        in one scan ordered by partition, so equal values always share a batch; otherwise one scan is
        streamed in slices of `batch_rows`."""
        rows = self.row_count(table) if rows is None else rows
        select = ", ".join(f"{expr} as {quote_ident(name)}" for name, expr in columns.items()) or "1 as _one"
        yield from prefetched(self._arrow_batches(table, select, batch_rows, partition_column, rows))

    def _arrow_batches(
        self, table: str, select: str, batch_rows: int, partition_column: str | None, rows: int
    ) -> Iterator[pd.DataFrame]:
        # its own cursor: the batches are fetched in a worker thread while the gate uses `con`; read through
        # a relation (`sql`), since Arrow output of a DB-API result (`execute`) copies the rows once more
        cursor = self.con.cursor()
        query = f"select {select} from {quote_table(table)}"
        parts = max(1, math.ceil(rows / batch_rows))
        try:
            if parts == 1:
                yield self._frame(cursor.sql(query).to_arrow_table())
            elif partition_column is None:
                for rows_of_batch in gathered(cursor.sql(query).to_arrow_reader(batch_rows), batch_rows):
                    yield self._frame(rows_of_batch)
            else:
                # one scan, ordered by hash partition (DuckDB's sort spills beyond memory_limit), regrouped so
                # that a frame is exactly one partition: every row lands in one (hash(null) is a value too)
                # and equal keys share it. A scan per partition read the table `parts` times: 17 at 1M
                # accounts, 3x slower for the email events.
                key = quote_ident(partition_column)
                part_query = (
                    f"select {select}, hash({key}) % {parts} as {PART_COLUMN} "
                    f"from {quote_table(table)} order by {PART_COLUMN}"
                )
                for part in partitions_in_order(cursor.sql(part_query).to_arrow_reader(batch_rows)):
                    yield self._frame(part)
        finally:
            cursor.close()

    @staticmethod
    def _frame(rows: pa.Table) -> pd.DataFrame:
        """Arrow rows as a pandas frame (through Arrow: 2-3x faster than `.df()` on text columns), with
        timestamps in nanoseconds, the one resolution GX compares vectorised (at DuckDB's microseconds it
        calls Python per value); values beyond the nanosecond range are clipped to its ends, which keeps a
        future or ancient value future or ancient."""
        frame = rows.to_pandas()
        for name in frame.columns:
            if pd.api.types.is_datetime64_dtype(frame[name]) and frame[name].dtype != "datetime64[ns]":
                frame[name] = frame[name].clip(NS_MIN, NS_MAX).astype("datetime64[ns]")
        return frame

    def regex_match(self, column_sql: str, pattern: str) -> str:
        """SQL that is true when the column matches the regex (the dialect's spelling)."""
        return f"regexp_matches({column_sql}, {sql_string(pattern)})"

    def masked_samples(self, table: str, where_sql: str, column: str, limit: int) -> list[str]:
        """Up to `limit` distinct values of a column that satisfy `where_sql`, masked."""
        rows = self.con.execute(
            f"select distinct cast({quote_ident(column)} as varchar) from {quote_table(table)} "
            f"where {where_sql} limit {int(limit)}"
        ).fetchall()
        return sorted(mask_value(str(r[0])) for r in rows)

    # ---- aggregates ----------------------------------------------------------------------------------------
    def scalar(self, sql: str) -> float | None:
        value = self.con.execute(sql).fetchone()[0]
        return None if value is None else float(value)

    def pairs(self, sql: str) -> dict[str, float | None]:
        return {str(k): (None if v is None else float(v)) for k, v in self.con.execute(sql).fetchall()}

    def first_row(self, sql: str) -> tuple:
        return self.con.execute(sql).fetchone()


def gathered(reader: pa.RecordBatchReader, rows: int) -> Iterator[pa.Table]:
    """The reader's batches gathered into tables of at least `rows` rows (the last one may be smaller). A
    reader hands out batches far below its maximum (a raw view over Parquet: one per row group, 25k rows),
    and every frame costs the gate a GX checkpoint run: 41 of them for a table of 1M rows."""
    pending: list[pa.RecordBatch] = []
    count = 0
    for batch in reader:
        pending.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield pa.Table.from_batches(pending)
            pending, count = [], 0
    if pending:
        yield pa.Table.from_batches(pending)


def partitions_in_order(reader: pa.RecordBatchReader) -> Iterator[pa.Table]:
    """The rows of a reader ordered by `PART_COLUMN`, one table per partition value, that column dropped."""

    def runs() -> Iterator[tuple[int, pa.RecordBatch]]:
        # each batch cut where the (sorted) partition value changes: (value, slice) per run
        for batch in reader:
            values = batch.column(PART_COLUMN).to_numpy()
            cuts = [0, *(np.flatnonzero(values[1:] != values[:-1]) + 1).tolist(), len(values)]
            for start, end in itertools.pairwise(cuts):
                if end > start:
                    yield int(values[start]), batch.slice(start, end - start)

    for _, part in itertools.groupby(runs(), key=lambda run: run[0]):
        yield pa.Table.from_batches([piece for _, piece in part]).drop_columns([PART_COLUMN])


def prefetched(items: Iterator[T]) -> Iterator[T]:
    """The items of an iterator, each produced in a worker thread while the caller works on the one
    before (DuckDB runs a batch's query while GX validates the previous batch)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        upcoming = worker.submit(next, items, None)
        while (item := upcoming.result()) is not None:
            upcoming = worker.submit(next, items, None)
            yield item


class PiiScan(NamedTuple):
    hits: list[PiiHit]
    scanned_columns: int
    tables: int


def scan_schema_personal_data(
    wh: Warehouse | PostgresWarehouse | SparkWarehouse, schema: str, pii: PiiConfig, samples: int
) -> PiiScan:
    """Every table of a schema scanned for unmasked personal data, the allowed columns left out."""
    tables = wh.tables(schema)
    hits, scanned = [], 0
    for table in tables:
        skip = {k.rsplit(".", 1)[1] for k in pii.allowed_columns if k.rsplit(".", 1)[0] == table}
        scanned += sum(1 for c, t in (wh.columns(table) or {}).items() if t == "VARCHAR" and c not in skip)
        hits += scan_personal_data(wh, table, pii.phone_pattern, pii.email_pattern, skip, samples)
    return PiiScan(hits, scanned, len(tables))


def scan_personal_data(
    wh: Warehouse | PostgresWarehouse | SparkWarehouse,
    table: str,
    phone_pattern: str,
    email_pattern: str,
    skip: set[str],
    samples: int,
) -> list[PiiHit]:
    """Every text column of a table: how many values contain an unmasked phone or email pattern (in the
    warehouse's own SQL dialect, so the scan runs where the data is).

    One pass tests each column against both patterns as one regex (half the work of two; at 1M accounts
    the scan of the marts took 38 s with two); only a column with a hit is counted per pattern."""
    columns = [c for c, t in (wh.columns(table) or {}).items() if t == "VARCHAR" and c not in skip]
    if not columns:
        return []
    either = f"(?:{phone_pattern})|(?:{email_pattern})"
    aggregates = ",\n".join(
        f"count(*) filter (where {wh.regex_match(wh.quote_ident(c), either)})" for c in columns
    )
    counts = wh.first_row(f"select {aggregates} from {wh.quote_table(table)}")
    hits = []
    for column, count in zip(columns, counts, strict=True):
        if not count:
            continue
        col = wh.quote_ident(column)
        phones, emails = wh.first_row(
            f"select count(*) filter (where {wh.regex_match(col, phone_pattern)}), "
            f"count(*) filter (where {wh.regex_match(col, email_pattern)}) from {wh.quote_table(table)}"
        )
        where = f"{wh.regex_match(col, phone_pattern)} or {wh.regex_match(col, email_pattern)}"
        found = wh.masked_samples(table, where, column, samples)
        hits.append(PiiHit(table, column, int(phones), int(emails), tuple(found)))
    return hits
