"""Arrow schemas for the contract tables and helpers to assemble chunk tables in contract order."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate.contract import COLUMN_TYPES, CONTRACT

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int64": pa.int64(),
    "float64": pa.float64(),
}

ColumnValue = pa.Array | pa.ChunkedArray | np.ndarray | None


def schema_for(source: str, table: str) -> pa.Schema:
    """Arrow schema of a contract table (all columns, contract order)."""
    types = COLUMN_TYPES[source][table]
    return pa.schema([pa.field(col, ARROW_TYPES[types[col]]) for col, _ in CONTRACT[source][table]])


def build_table(source: str, table: str, n: int, cols: Mapping[str, ColumnValue]) -> pa.Table:
    """Assemble a contract table from column values (missing/None columns become all-null)."""
    schema = schema_for(source, table)
    unknown = set(cols) - set(schema.names)
    if unknown:
        raise KeyError(f"{source}.{table}: unknown columns {sorted(unknown)}")
    arrays = []
    for field in schema:
        value = cols.get(field.name)
        if value is None:
            arr = pa.nulls(n, field.type)
        elif isinstance(value, np.ndarray):
            arr = pa.array(value).cast(field.type)
        else:
            arr = value.cast(field.type)
        if len(arr) != n:
            raise ValueError(f"{source}.{table}.{field.name}: {len(arr)} values, expected {n}")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)


Mutator = Callable[[np.random.Generator, pa.Array], pa.Array]


def add_cdc_duplicates(
    rng: np.random.Generator, table: pa.Table, frac: float, mutators: Mapping[str, Mutator]
) -> pa.Table:
    """Append older versions of ~``frac`` of the rows (same id, older ``last_modified_date``, changed values).

    Each mutator changes its column on about half of the duplicated rows.  Requires ``created_date`` and
    ``last_modified_date`` with ``last_modified_date > created_date``.
    """
    n = table.num_rows
    chosen = rng.random(n) < frac
    if not chosen.any():
        return table
    old = table.filter(pa.array(chosen))
    m = old.num_rows
    created = old["created_date"].combine_chunks().cast(pa.int64()).to_numpy()
    modified = old["last_modified_date"].combine_chunks().cast(pa.int64()).to_numpy()
    older = created + ((modified - created) * rng.uniform(0.0, 0.9, m)).astype(np.int64)
    older = np.minimum(older, modified - 1_000_000)
    older -= older % 1_000_000
    ts_type = table.schema.field("last_modified_date").type
    old = old.set_column(
        old.schema.get_field_index("last_modified_date"), "last_modified_date", pa.array(older).cast(ts_type)
    )
    if "is_deleted" in old.schema.names:
        old = old.set_column(
            old.schema.get_field_index("is_deleted"), "is_deleted", pa.array(np.zeros(m, bool))
        )
    for col, fn in mutators.items():
        i = old.schema.get_field_index(col)
        current = old[col].combine_chunks()
        changed = fn(rng, current).cast(current.type)
        old = old.set_column(i, col, pc.if_else(pa.array(rng.random(m) < 0.5), changed, current))
    return pa.concat_tables([table, old])
