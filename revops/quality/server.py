"""The gate on a server engine (PostgreSQL, Spark): the checks run in the engine, not in pandas (issue 11).

`Warehouse` (DuckDB) feeds GX pandas frames, because GX has no DuckDB dialect. PostgreSQL and Spark have GX
datasources, so here:

* row-level suites (`rows.<schema>.<table>`: not null, unique, pattern, not in the future) run through a GX
  datasource on the table itself: on PostgreSQL the SQL datasource (GX compiles each expectation to SQL:
  `count(*) ... where col is null`, `group by col having count(*) > 1`, `col !~ pattern`), on Spark the
  Spark datasource on a dataframe of the table (`spark.table(...)`: GX builds Spark column expressions,
  `rlike` for patterns); only counts come back;
* aggregate checks (rates, shares, freshness) and the personal-data scan are SQL aggregates, as on DuckDB,
  in the engine's dialect (PostgreSQL `~`, Spark `rlike` and backquoted names);
* the schema suites read a zero-row frame, the metric suites a one-row frame, as on DuckDB.

The gate (`gate.py`) is one implementation: each warehouse class has the same read methods plus
`gx_datasource` / `gx_batch`, which say how GX reaches a table on that engine.

The suites and thresholds are the same files (`gx/`, `thresholds.yml`); the GX datasource is added to the
run's copy of the context, with the PostgreSQL password left as `${POSTGRES_PASSWORD}` (GX reads it from the
environment), so no secret is written to the results folder. On Spark the gate starts its own local session
with the dbt `spark` target's settings (`profiles/profiles.yml`: warehouse dir and Derby metastore under
SPARK_STATE_DIR): embedded Derby allows one JVM at a time, so run it after dbt has finished.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import pandas as pd
import yaml

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


class _ServerWarehouse:
    """What the gate reads the same way on every server engine: counts, aggregates and masked samples in the
    engine's SQL (`_rows`, quoting, `regex_operator`, `string_literal` and `text_type` come from the engine
    class); `pushdown` tells the gate to validate row-level suites in the engine through GX."""

    pushdown = True
    engine = "the engine"
    regex_operator = "~"
    text_type = "text"

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def quote_ident(name: str) -> str:
        return quote_ident(name)

    @staticmethod
    def quote_table(table: str) -> str:
        return quote_table(table)

    @staticmethod
    def string_literal(value: str) -> str:
        return sql_string(value)

    # ---- rows ----------------------------------------------------------------------------------------------
    def row_count(self, table: str) -> int:
        return int(self._rows(f"select count(*) from {self.quote_table(table)}")[0][0])

    def batches(self, *args: object, **kwargs: object) -> Iterator[pd.DataFrame]:
        raise NotImplementedError(f"row-level suites run in {self.engine} (pushdown), not on fetched batches")

    def regex_match(self, column_sql: str, pattern: str) -> str:
        return f"({column_sql} {self.regex_operator} {self.string_literal(pattern)})"

    def masked_samples(self, table: str, where_sql: str, column: str, limit: int) -> list[str]:
        rows = self._rows(
            f"select distinct cast({self.quote_ident(column)} as {self.text_type}) "
            f"from {self.quote_table(table)} where {where_sql} limit {int(limit)}"
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


class PostgresWarehouse(_ServerWarehouse):
    """The gate's reads (same methods as `Warehouse`) on a PostgreSQL database; `pushdown` tells the gate
    to validate row-level suites in the database through GX's SQL datasource."""

    engine = "PostgreSQL"

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

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, params).fetchall()

    # ---- GX ------------------------------------------------------------------------------------------------
    def gx_datasource(self, context: Any, name: str) -> Any:
        return context.data_sources.add_postgres(
            name=name, connection_string=self.settings.gx_connection_string
        )

    def gx_batch(self, datasource: Any, name: str, table: str) -> tuple[Any, dict[str, Any] | None]:
        """A batch definition of the whole table (GX queries it in the database) and its batch parameters."""
        schema, table_name = table.split(".", 1)
        asset = datasource.add_table_asset(name, table_name=table_name, schema_name=schema)
        return asset.add_batch_definition_whole_table("whole_table"), None

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


# ---------------------------------------------------------------------------------------------------- Spark

PROFILES_DIR = Path(__file__).resolve().parents[2] / "profiles"


def _render(value: object) -> str:
    """One profile value rendered as dbt renders it (`env_var(name, default)`, `as_number`)."""
    import jinja2

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"profiles.yml needs the environment variable {name}")
        return default

    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    environment.filters["as_number"] = lambda v: v
    return environment.from_string(str(value)).render(env_var=env_var)


@dataclass(frozen=True)
class SparkSettings:
    """The local Spark session of the dbt `spark` target: its `server_side_parameters`, rendered from
    profiles/profiles.yml with the current environment (SPARK_STATE_DIR, SPARK_MASTER, ...), so the gate
    opens the same warehouse dir and Derby metastore that dbt wrote."""

    config: tuple[tuple[str, str], ...]

    @classmethod
    def from_profile(cls, profiles_dir: Path | None = None, output: str = "spark") -> SparkSettings:
        folder = profiles_dir or Path(os.environ.get("DBT_PROFILES_DIR", PROFILES_DIR))
        profile = yaml.safe_load((folder / "profiles.yml").read_text())["revops"]["outputs"][output]
        if profile.get("method") != "session":
            raise ValueError(
                f"the gate starts a local Spark session; output {output!r} has method "
                f"{profile.get('method')!r}"
            )
        parameters = profile.get("server_side_parameters") or {}
        return cls(tuple((key, _render(value)) for key, value in parameters.items()))

    @property
    def warehouse_dir(self) -> str:
        return dict(self.config).get("spark.sql.warehouse.dir", "spark-warehouse")

    @property
    def label(self) -> str:
        return f"spark:{self.warehouse_dir}"


class SparkWarehouse(_ServerWarehouse):
    """The gate's reads (same methods as `Warehouse`) in a local Spark session on the dbt `spark` target's
    metastore; `pushdown` tells the gate to validate row-level suites with GX's Spark datasource on a
    dataframe of each table (Spark does the counting)."""

    engine = "Spark"
    regex_operator = "rlike"
    text_type = "string"

    def __init__(self, settings: SparkSettings) -> None:
        from pyspark.sql import SparkSession

        # timestamps come back to Python as naive local times: the gate, like the build, works in UTC
        if os.environ.get("TZ") != "UTC":
            os.environ["TZ"] = "UTC"
            time.tzset()
        self.settings = settings
        self.path = settings.label
        builder = SparkSession.builder.appName("revops-quality").enableHiveSupport()
        for key, value in settings.config:
            builder = builder.config(key, value)
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")

    def close(self) -> None:
        self.spark.stop()

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        if params:
            raise ValueError("the Spark warehouse takes no query parameters: quote values into the SQL")
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    # ---- dialect ------------------------------------------------------------------------------------------
    @staticmethod
    def quote_ident(name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    @classmethod
    def quote_table(cls, table: str) -> str:
        schema, name = table.split(".", 1)
        return f"{cls.quote_ident(schema)}.{cls.quote_ident(name)}"

    @staticmethod
    def string_literal(value: str) -> str:
        """A Spark SQL string literal: backslashes are escapes there (a regex's `\\.` must stay `\\.`)."""
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

    # ---- GX ------------------------------------------------------------------------------------------------
    def gx_datasource(self, context: Any, name: str) -> Any:
        return context.data_sources.add_spark(name=name)

    def gx_batch(self, datasource: Any, name: str, table: str) -> tuple[Any, dict[str, Any] | None]:
        """A batch definition of a dataframe asset, and the table's Spark dataframe as its parameter."""
        asset = datasource.add_dataframe_asset(name)
        definition = asset.add_batch_definition_whole_dataframe("whole_dataframe")
        return definition, {"dataframe": self.spark.table(self.quote_table(table))}

    # ---- catalogue ---------------------------------------------------------------------------------------
    def columns(self, table: str) -> dict[str, str] | None:
        """Column name -> type, Spark's `string` named VARCHAR as DuckDB does (the PII scan reads text)."""
        if not self.spark.catalog.tableExists(table):
            return None
        fields = self.spark.table(self.quote_table(table)).schema.fields
        return {
            f.name: (
                "VARCHAR" if f.dataType.simpleString() == "string" else f.dataType.simpleString().upper()
            )
            for f in fields
        } or None

    def tables(self, schema: str) -> list[str]:
        rows = self.spark.sql(f"show tables in {self.quote_ident(schema)}").collect()
        return sorted(f"{schema}.{r['tableName']}" for r in rows if not r["isTemporary"])

    def empty_frame(self, table: str) -> pd.DataFrame:
        return pd.DataFrame(columns=self.spark.table(self.quote_table(table)).columns)
