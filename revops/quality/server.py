"""The gate on a server engine (PostgreSQL): the checks run in the database, not in pandas (issue 11).

`Warehouse` (DuckDB) feeds GX pandas frames, because GX has no DuckDB dialect. PostgreSQL has one, so here:

* row-level suites (`rows.<schema>.<table>`: not null, unique, pattern, not in the future) run through a GX
  SQL datasource on the table itself: GX compiles each expectation to SQL (`count(*) ... where col is
  null`, `group by col having count(*) > 1`, `col !~ pattern`, `col > :limit`) and only counts come back;
* aggregate checks (rates, shares, freshness) and the personal-data scan are SQL aggregates, as on DuckDB,
  in PostgreSQL's dialect (`~` for regexes, `information_schema` types);
* the schema suites read a zero-row frame, the metric suites a one-row frame, as on DuckDB.

The suites and thresholds are the same files (`gx/`, `thresholds.yml`); the GX datasource is added to the
run's copy of the context, with the password left as `${POSTGRES_PASSWORD}` (GX reads it from the
environment), so no secret is written to the results folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from revops.quality.warehouse import mask_value, quote_ident, quote_table, sql_string

TEXT_TYPES = {"text", "character varying", "character"}


@dataclass(frozen=True)
class PostgresSettings:
    """Where the PostgreSQL warehouse is: the dbt `postgres` target's environment variables."""

    host: str
    port: int
    user: str
    dbname: str

    @classmethod
    def from_env(cls) -> PostgresSettings:
        return cls(
            host=os.environ.get("POSTGRES_HOST", "127.0.0.1"),
            port=int(os.environ.get("POSTGRES_PORT", "5432")),
            user=os.environ.get("POSTGRES_USER", "revops"),
            dbname=os.environ.get("POSTGRES_DB", "revops"),
        )

    @property
    def label(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def gx_connection_string(self) -> str:
        """For GX's SQL datasource: the password stays a `${...}` reference, resolved from the environment."""
        return (
            f"postgresql+psycopg2://{self.user}:${{POSTGRES_PASSWORD}}@{self.host}:{self.port}/{self.dbname}"
            "?options=-c%20timezone%3DUTC"
        )


class _Cursor:
    """`con.execute(sql).fetchone()` as on a DuckDB connection (the registry's freshness check uses it)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, params: list[Any] | None = None) -> Any:
        cursor = self.connection.cursor()
        cursor.execute(sql.replace("?", "%s") if params else sql, params)
        return cursor


class PostgresWarehouse:
    """The gate's reads (same methods as `Warehouse`) on a PostgreSQL database; `pushdown` tells the gate
    to validate row-level suites in the database through GX's SQL datasource."""

    pushdown = True

    def __init__(self, settings: PostgresSettings) -> None:
        import psycopg2

        self.settings = settings
        self.path = settings.label
        self.connection = psycopg2.connect(
            host=settings.host,
            port=settings.port,
            user=settings.user,
            password=os.environ.get("POSTGRES_PASSWORD", ""),
            dbname=settings.dbname,
            options="-c timezone=UTC",
        )
        self.connection.autocommit = True
        self.con = _Cursor(self.connection)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> PostgresWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, params).fetchall()

    # ---- catalogue ---------------------------------------------------------------------------------------
    def columns(self, table: str) -> dict[str, str] | None:
        """Column name -> type, text types named VARCHAR as DuckDB does (the PII scan reads text columns)."""
        schema, name = table.split(".", 1)
        rows = self._rows(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        )
        return {c: ("VARCHAR" if t in TEXT_TYPES else t.upper()) for c, t in rows} or None

    def tables(self, schema: str) -> list[str]:
        rows = self._rows(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        )
        return [f"{schema}.{r[0]}" for r in rows]

    def empty_frame(self, table: str) -> pd.DataFrame:
        cursor = self.con.execute(f"select * from {quote_table(table)} limit 0")
        return pd.DataFrame(columns=[d[0] for d in cursor.description])

    # ---- rows ----------------------------------------------------------------------------------------------
    def row_count(self, table: str) -> int:
        return int(self._rows(f"select count(*) from {quote_table(table)}")[0][0])

    def batches(self, *args: object, **kwargs: object) -> Iterator[pd.DataFrame]:
        raise NotImplementedError("row-level suites run in PostgreSQL (pushdown), not on fetched batches")

    def regex_match(self, column_sql: str, pattern: str) -> str:
        return f"({column_sql} ~ {sql_string(pattern)})"

    def masked_samples(self, table: str, where_sql: str, column: str, limit: int) -> list[str]:
        rows = self._rows(
            f"select distinct cast({quote_ident(column)} as text) from {quote_table(table)} "
            f"where {where_sql} limit {int(limit)}"
        )
        return sorted(mask_value(str(r[0])) for r in rows)

    # ---- aggregates ----------------------------------------------------------------------------------------
    def scalar(self, sql: str) -> float | None:
        value = self._rows(sql)[0][0]
        return None if value is None else float(value)

    def pairs(self, sql: str) -> dict[str, float | None]:
        return {str(k): (None if v is None else float(v)) for k, v in self._rows(sql)}

    def first_row(self, sql: str) -> tuple:
        return self._rows(sql)[0]
