"""Landing on each engine: PostgreSQL through COPY, Spark through its own readers in the dbt session."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from revops.dbt_cli import PROJECT_ROOT
from revops.load_raw.contract import ContractError, LandingPlan

PARQUET_MAGIC = b"PAR1"
SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook?)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an .xls workbook",
    b"%PDF": "a PDF document",
}


def file_columns(path: Path) -> list[str]:
    """The column names of a raw file (Parquet schema or CSV header)."""
    if path.suffix == ".parquet":
        return list(pq.read_schema(path).names)
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def check_file(label: str, path: Path) -> None:
    """Raise a ContractError naming the table and file when a raw file is not what its suffix says (the
    checks DuckDB staging makes, macros/raw/create_raw_relations.sql: Parquet magic bytes, CSV in UTF-8)."""
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(0, path.stat().st_size - 4))
        tail = handle.read(4)
    looks_like = next((what for magic, what in SIGNATURES.items() if head.startswith(magic)), None)
    if path.suffix == ".parquet":
        if head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
            why = f"it looks like {looks_like}" if looks_like else "no PAR1 magic bytes at its start and end"
            raise ContractError(f"raw table {label}: {path} is not a Parquet file ({why}); re-export it")
        return
    if looks_like or head == PARQUET_MAGIC:
        raise ContractError(
            f"raw table {label}: {path} is not a CSV file (it looks like {looks_like or 'a Parquet file'})"
        )
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                raise ContractError(
                    f"raw table {label}: {path} is not UTF-8 (first at line {number}); re-export it as UTF-8"
                ) from None


def read_files(paths: list[Path]) -> pa.Table:
    """A table's files as one Arrow table, columns matched by name (a column a file lacks is null there)."""
    if not paths:
        return pa.table({})
    tables = [read_file(path) for path in paths]
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables, promote_options="permissive")


def read_file(path: Path) -> pa.Table:
    """A raw file as an Arrow table; CSV columns are all text, an empty field is null (as on DuckDB)."""
    if path.suffix == ".parquet":
        return pq.read_table(path)
    names = file_columns(path)
    return pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in names}, strings_can_be_null=True, null_values=[""]
        ),
    )


# ---------------------------------------------------------------- PostgreSQL


def postgres_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "bigint"
    if pa.types.is_floating(arrow_type):
        return "double precision"
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_timestamp(arrow_type):
        return "timestamptz" if arrow_type.tz else "timestamp"
    if pa.types.is_date(arrow_type):
        return "date"
    return "text"


def quote_pg(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def postgres_connection():  # type: ignore[no-untyped-def]
    """A psycopg2 connection with the `postgres` target's settings (same env vars and defaults)."""
    import psycopg2

    return psycopg2.connect(
        host=os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        port=int(os.environ.get("POSTGRES_PORT", "5432")),
        user=os.environ.get("POSTGRES_USER", "revops"),
        password=os.environ.get("POSTGRES_PASSWORD", ""),
        dbname=os.environ.get("POSTGRES_DB", "revops"),
    )


def land_postgres(plans: list[LandingPlan]) -> dict[str, int]:
    """Replace every raw table with the file's rows (one transaction); returns rows per table."""
    counts: dict[str, int] = {}
    with postgres_connection() as connection, connection.cursor() as cursor:
        for schema in sorted({plan.table.schema for plan in plans}):
            cursor.execute(f"create schema if not exists {quote_pg(schema)}")
        for plan in plans:
            relation = f"{quote_pg(plan.table.schema)}.{quote_pg(plan.table.name)}"
            data = read_files(plan.paths)
            columns = [(name, postgres_type(data.schema.field(name).type)) for name in data.column_names]
            columns += [(name, "text") for name in plan.null_columns]
            cursor.execute(f"drop table if exists {relation} cascade")
            cursor.execute(f"create table {relation} ({', '.join(f'{quote_pg(n)} {t}' for n, t in columns)})")
            if data.num_rows:
                buffer = io.BytesIO()
                pa_csv.write_csv(data, buffer, pa_csv.WriteOptions(include_header=False))
                buffer.seek(0)
                column_list = ", ".join(quote_pg(n) for n in data.column_names)
                cursor.copy_expert(f"copy {relation} ({column_list}) from stdin with (format csv)", buffer)
            cursor.execute(f"analyze {relation}")
            counts[plan.table.label] = data.num_rows
    return counts


# ---------------------------------------------------------------- Spark


def quote_spark(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


def spark_literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def spark_reader(plan: LandingPlan, index: int, path: Path) -> tuple[list[str], str]:
    """Statements that make one raw file readable in Spark, and the relation to select from."""
    if path.suffix == ".parquet":
        return [], f"parquet.{quote_spark(str(path))}"
    view = f"revops_load_{plan.table.source}_{plan.table.name}_{index}"
    statement = (
        f"create or replace temporary view {view} using csv options "
        f"(path {spark_literal(str(path))}, header 'true', encoding 'utf-8')"
    )
    return [statement], view


def spark_statements(plans: list[LandingPlan]) -> list[str]:
    """Spark SQL that replaces every raw table with its files' rows, read by Spark in place; a table file
    and its part files are combined by column name (`union all` of explicit column lists)."""
    statements = [
        f"create schema if not exists {quote_spark(s)}" for s in sorted({p.table.schema for p in plans})
    ]
    for plan in plans:
        relation = f"{quote_spark(plan.table.schema)}.{quote_spark(plan.table.name)}"
        statements.append(f"drop table if exists {relation}")
        nulls = [f"cast(null as string) as {quote_spark(name)}" for name in plan.null_columns]
        if not plan.paths:
            statements.append(
                f"create table {relation} using parquet as select {', '.join(nulls)} where false"
            )
            continue
        readers = []
        for index, path in enumerate(plan.paths):
            setup, reader = spark_reader(plan, index, path)
            statements += setup
            readers.append(reader)
        if len(readers) == 1:
            source = readers[0]
        else:
            branches = []
            for reader, names in zip(readers, plan.file_columns, strict=True):
                has = {n.lower(): n for n in names}
                select = ", ".join(
                    quote_spark(has[c.lower()]) if c.lower() in has else f"null as {quote_spark(c)}"
                    for c in plan.columns
                )
                branches.append(f"select {select} from {reader}")
            source = "(" + " union all ".join(branches) + ") as parts"
        select = ", ".join(["*", *nulls])
        statements.append(f"create table {relation} using parquet as select {select} from {source}")
    return statements


def land_spark(plans: list[LandingPlan], dbt_args: list[str]) -> None:
    """Run the landing statements in the `spark` target's session (dbt run-operation); it logs row counts."""
    from dbt.cli.main import dbtRunner

    count_sql = " union all ".join(
        f"select '{p.table.label}' as table_label, count(*) as row_count "
        f"from {quote_spark(p.table.schema)}.{quote_spark(p.table.name)}"
        for p in plans
    )
    args = {"statements": spark_statements(plans), "count_sql": count_sql}
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_ROOT / "profiles"))
    result = dbtRunner().invoke(
        [
            "run-operation",
            "run_landing_statements",
            "--args",
            json.dumps(args),
            "--target",
            "spark",
            "--project-dir",
            str(PROJECT_ROOT),
            *dbt_args,
        ]
    )
    if not result.success:
        raise RuntimeError(f"landing on Spark failed: {result.exception}")
