"""Append-only table sinks: one parquet (or CSV) file per table, written chunk by chunk.

Parquet files carry no time-dependent metadata, so the same input gives byte-identical files.  CSV files
render timestamps as ISO-8601 UTC strings (``2026-01-31T14:05:00Z``).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

_PARQUET_OPTS = {"compression": "zstd", "compression_level": 1, "write_statistics": True}


def _csv_ready(table: pa.Table) -> pa.Table:
    """Timestamps -> ISO-8601 strings (seconds precision, 'Z')."""
    cols = []
    fields = []
    for field, col in zip(table.schema, table.columns, strict=True):
        if pa.types.is_timestamp(field.type):
            secs = col.cast(pa.timestamp("s", tz="UTC"), safe=False)
            col = pc.strftime(secs, format="%Y-%m-%dT%H:%M:%SZ")
            field = pa.field(field.name, pa.string())
        cols.append(col)
        fields.append(field)
    return pa.Table.from_arrays(cols, schema=pa.schema(fields))


class TableSink:
    """Writes one table incrementally; the schema is fixed by the first write (or given)."""

    def __init__(self, path: Path, fmt: str, schema: pa.Schema | None = None) -> None:
        self.path = path
        self.fmt = fmt
        self.schema = schema
        self.rows = 0
        self._writer: pq.ParquetWriter | pacsv.CSVWriter | None = None

    def _open(self, schema: pa.Schema) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.fmt == "parquet":
            self._writer = pq.ParquetWriter(self.path, schema, **_PARQUET_OPTS)
        else:
            self._writer = pacsv.CSVWriter(self.path, _csv_ready(schema.empty_table()).schema)

    def write(self, table: pa.Table) -> None:
        """Append a table (cast to the sink schema)."""
        if self.schema is None:
            self.schema = table.schema
        table = table.cast(self.schema)
        if self._writer is None:
            self._open(self.schema)
        assert self._writer is not None
        if table.num_rows == 0:
            return
        self.rows += table.num_rows
        if self.fmt == "parquet":
            self._writer.write_table(table, row_group_size=1 << 20)
        else:
            self._writer.write_table(_csv_ready(table))

    def close(self) -> None:
        """Finish the file (an empty file with the schema when nothing was written)."""
        if self._writer is None and self.schema is not None:
            self._open(self.schema)
        if self._writer is not None:
            self._writer.close()
            self._writer = None
