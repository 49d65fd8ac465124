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

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

if TYPE_CHECKING:
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
        """Frames of the given columns (name -> select expression), at most about `batch_rows` rows each.

        Batches are hash partitions of `partition_column` (or of the first column), so equal values of it
        always share a batch."""
        rows = self.row_count(table) if rows is None else rows
        select = ", ".join(f"{expr} as {quote_ident(name)}" for name, expr in columns.items()) or "1 as _one"
        parts = max(1, math.ceil(rows / batch_rows))
        if parts == 1:
            yield self.con.execute(f"select {select} from {quote_table(table)}").df()
            return
        # every row lands in exactly one partition (hash(null) is a value too); equal keys share one
        key = quote_ident(partition_column) if partition_column else next(iter(columns.values()))
        for part in range(parts):
            yield self.con.execute(
                f"select {select} from {quote_table(table)} where hash({key}) % {parts} = {part}"
            ).df()

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


def scan_personal_data(
    wh: Warehouse | PostgresWarehouse | SparkWarehouse,
    table: str,
    phone_pattern: str,
    email_pattern: str,
    skip: set[str],
    samples: int,
) -> list[PiiHit]:
    """Every text column of a table: how many values contain an unmasked phone or email pattern (in the
    warehouse's own SQL dialect, so the scan runs where the data is)."""
    columns = [c for c, t in (wh.columns(table) or {}).items() if t == "VARCHAR" and c not in skip]
    if not columns:
        return []
    aggregates = ",\n".join(
        f"count(*) filter (where {wh.regex_match(wh.quote_ident(c), phone_pattern)}), "
        f"count(*) filter (where {wh.regex_match(wh.quote_ident(c), email_pattern)})"
        for c in columns
    )
    counts = wh.first_row(f"select {aggregates} from {wh.quote_table(table)}")
    hits = []
    for i, column in enumerate(columns):
        phones, emails = int(counts[2 * i]), int(counts[2 * i + 1])
        if phones or emails:
            where = (
                f"{wh.regex_match(wh.quote_ident(column), phone_pattern)} "
                f"or {wh.regex_match(wh.quote_ident(column), email_pattern)}"
            )
            found = wh.masked_samples(table, where, column, samples)
            hits.append(PiiHit(table, column, phones, emails, tuple(found)))
    return hits
