"""Compare two DuckDB warehouses built from the same raw data, relation by relation, row for row.

Usage::

    python -m revops.bench.compare LEFT.duckdb RIGHT.duckdb [--schemas staging intermediate marts audit]
        [--decimals 9] [--work DIR] [--skip-columns raw_record ...]

Used to check that a performance change keeps every output the same: build the same raw data once with the
old code (LEFT) and once with the new (RIGHT), then compare. Every table and view of the given schemas is
read whole from each warehouse (each in its own read-only connection, since both files usually carry the
same catalog name that their views refer to) into Parquet, doubles rounded to ``--decimals`` places (engines
and threads sum floats in their own order), and the two row multisets are compared with ``EXCEPT ALL`` both
ways. A relation differs when its column names or types differ, it exists on one side only, or any row is
in one side's multiset more often than in the other's. Prints one line per relation and a summary; the exit
status is 1 when anything differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

DEFAULT_SCHEMAS = ("staging", "intermediate", "marts", "audit", "reference")
FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL"}


@dataclass
class RelationDiff:
    """The comparison of one relation present in both warehouses."""

    name: str
    left_rows: int
    right_rows: int
    only_left: int = 0
    only_right: int = 0
    column_problem: str = ""
    float_noise: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.column_problem and self.only_left == 0 and self.only_right == 0


def _relations(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """Every table and view of the schemas, as schema.name -> [(column, type), ...] in column order."""
    placeholders = ", ".join("?" for _ in schemas)
    rows = con.execute(
        f"""
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = current_database() and table_schema in ({placeholders})
        order by table_schema, table_name, ordinal_position
        """,
        list(schemas),
    ).fetchall()
    relations: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        relations.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return relations


def _select_list(
    columns: list[tuple[str, str]], decimals: int, skip: set[str], aliased: bool = True
) -> list[str]:
    """Quoted column expressions, doubles rounded to `decimals` places, skipped columns left out."""
    exprs = []
    for column, data_type in columns:
        if column in skip:
            continue
        quoted = '"' + column.replace('"', '""') + '"'
        if data_type.upper() in FLOAT_TYPES:
            exprs.append(f"round({quoted}, {decimals})" + (f" as {quoted}" if aliased else ""))
        else:
            exprs.append(quoted)
    return exprs


def _fingerprints(
    warehouse: Path,
    names: list[str],
    columns: dict[str, list[tuple[str, str]]],
    decimals: int,
    skip: set[str],
) -> dict[str, tuple[int, int]]:
    """Per relation: (row count, sum of the rows' 64-bit hashes), a fingerprint of its row multiset."""
    prints: dict[str, tuple[int, int]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in names:
            schema, table = name.split(".", 1)
            exprs = _select_list(columns[name], decimals, skip, aliased=False)
            row = con.execute(
                f"select count(*), coalesce(sum(hash({', '.join(exprs)})::hugeint), 0) "
                f'from "{schema}"."{table}"'
            ).fetchone()
            prints[name] = (int(row[0]), int(row[1]))
    return prints


def _export(
    warehouse: Path,
    names: list[str],
    columns: dict[str, list[tuple[str, str]]],
    out: Path,
    decimals: int,
    skip: set[str],
) -> None:
    """Each relation to out/<name>.parquet (doubles rounded, skipped columns left out)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in names:
            schema, table = name.split(".", 1)
            exprs = _select_list(columns[name], decimals, skip)
            target = out / f"{name}.parquet"
            con.execute(
                f'copy (select {", ".join(exprs)} from "{schema}"."{table}") to \'{target}\' (format parquet)'
            )


def _unmatched_after_tolerance(
    con: duckdb.DuckDBPyConnection, only_l: str, only_r: str, columns: list[tuple[str, str]], rel_tol: float
) -> int:
    """Rows left unpaired when one side's leftover rows are paired with the other's on every non-float
    column (the n-th with the n-th, ordered by the floats) and each float is within rel_tol (plus the
    rounding step); the count of rows of both sides that find no such partner."""
    floats = ['"' + c.replace('"', '""') + '"' for c, t in columns if t.upper() in FLOAT_TYPES]
    others = ['"' + c.replace('"', '""') + '"' for c, t in columns if t.upper() not in FLOAT_TYPES]
    if not floats:
        return -1
    partition = f"partition by {', '.join(others)}" if others else ""
    order = ", ".join(floats)
    keys = [f"l.{c} is not distinct from r.{c}" for c in others] + ["l.pair_rank = r.pair_rank"]
    close = " and ".join(
        f"(l.{c} is not distinct from r.{c} "
        f"or abs(l.{c} - r.{c}) <= {rel_tol} * greatest(abs(l.{c}), abs(r.{c})) + 2e-9)"
        for c in floats
    )
    sql = f"""
        with l as (select *, row_number() over ({partition} order by {order}) as pair_rank from ({only_l})),
        r as (select *, row_number() over ({partition} order by {order}) as pair_rank from ({only_r})),
        paired as (
            select l.pair_rank as l_rank, r.pair_rank as r_rank, {close} as is_close
            from l full outer join r on {" and ".join(keys)}
        )
        select count(*) filter (where l_rank is null or r_rank is null)
            + 2 * count(*) filter (where l_rank is not null and r_rank is not null and not is_close)
        from paired
    """
    return int(con.execute(sql).fetchone()[0])


def compare(
    left: Path,
    right: Path,
    schemas: tuple[str, ...] = DEFAULT_SCHEMAS,
    decimals: int = 9,
    work: Path | None = None,
    skip_columns: tuple[str, ...] = (),
    rel_tol: float = 1e-9,
) -> tuple[list[RelationDiff], list[str], list[str]]:
    """Compare the warehouses; returns (diffs of common relations, only in left, only in right)."""
    with duckdb.connect(str(left), read_only=True) as con:
        left_cols = _relations(con, schemas)
    with duckdb.connect(str(right), read_only=True) as con:
        right_cols = _relations(con, schemas)
    common = sorted(set(left_cols) & set(right_cols))
    only_left = sorted(set(left_cols) - set(right_cols))
    only_right = sorted(set(right_cols) - set(left_cols))
    skip = set(skip_columns)

    diffs: list[RelationDiff] = []
    comparable = []
    for name in common:
        lcols = [c for c in left_cols[name] if c[0] not in skip]
        rcols = [c for c in right_cols[name] if c[0] not in skip]
        if lcols != rcols:
            diffs.append(
                RelationDiff(
                    name, -1, -1, column_problem=f"columns differ: {sorted(set(lcols) ^ set(rcols))}"
                )
            )
        else:
            comparable.append(name)

    left_prints = _fingerprints(left, comparable, left_cols, decimals, skip)
    right_prints = _fingerprints(right, comparable, right_cols, decimals, skip)
    suspects = [n for n in comparable if left_prints[n] != right_prints[n]]
    for name in comparable:
        if name not in suspects:
            diffs.append(RelationDiff(name, left_prints[name][0], right_prints[name][0]))
    if suspects:
        scratch = Path(tempfile.mkdtemp(prefix="revops_compare_", dir=work))
        try:
            (scratch / "left").mkdir()
            (scratch / "right").mkdir()
            _export(left, suspects, left_cols, scratch / "left", decimals, skip)
            _export(right, suspects, right_cols, scratch / "right", decimals, skip)
            with duckdb.connect() as con:
                for name in suspects:
                    lpath, rpath = scratch / "left" / f"{name}.parquet", scratch / "right" / f"{name}.parquet"
                    diff = RelationDiff(name, left_prints[name][0], right_prints[name][0])
                    only_l = f"select * from '{lpath}' except all select * from '{rpath}'"
                    only_r = f"select * from '{rpath}' except all select * from '{lpath}'"
                    diff.only_left = con.execute(f"select count(*) from ({only_l})").fetchone()[0]
                    diff.only_right = con.execute(f"select count(*) from ({only_r})").fetchone()[0]
                    if diff.only_left or diff.only_right:
                        unmatched = _unmatched_after_tolerance(con, only_l, only_r, left_cols[name], rel_tol)
                        if unmatched == 0:
                            diff.float_noise = diff.only_left
                            diff.only_left = diff.only_right = 0
                    if diff.only_left:
                        diff.examples += [
                            f"left only: {r}" for r in con.execute(f"{only_l} limit 2").fetchall()
                        ]
                    if diff.only_right:
                        diff.examples += [
                            f"right only: {r}" for r in con.execute(f"{only_r} limit 2").fetchall()
                        ]
                    diffs.append(diff)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return sorted(diffs, key=lambda d: d.name), only_left, only_right


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("left", type=Path, help="warehouse built with the reference code")
    parser.add_argument("right", type=Path, help="warehouse built with the changed code")
    parser.add_argument("--schemas", nargs="+", default=list(DEFAULT_SCHEMAS))
    parser.add_argument("--decimals", type=int, default=9, help="doubles rounded to this many places")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder for the Parquet copies")
    parser.add_argument("--rel-tol", type=float, default=1e-9, help="float tolerance for leftover rows")
    parser.add_argument("--skip-columns", nargs="*", default=[], help="column names left out everywhere")
    args = parser.parse_args(argv)

    diffs, only_left, only_right = compare(
        args.left,
        args.right,
        tuple(args.schemas),
        args.decimals,
        args.work,
        tuple(args.skip_columns),
        args.rel_tol,
    )
    for d in diffs:
        if d.column_problem:
            print(f"DIFF  {d.name}: {d.column_problem}")
        elif d.same and d.float_noise:
            print(f"same  {d.name}: {d.left_rows} rows ({d.float_noise} differ only in float noise)")
        elif d.same:
            print(f"same  {d.name}: {d.left_rows} rows")
        else:
            print(
                f"DIFF  {d.name}: {d.left_rows} vs {d.right_rows} rows, "
                f"{d.only_left} only left, {d.only_right} only right"
            )
            for example in d.examples:
                print(f"        {example[:300]}")
    for name in only_left:
        print(f"DIFF  {name}: only in {args.left}")
    for name in only_right:
        print(f"DIFF  {name}: only in {args.right}")
    n_diff = sum(not d.same for d in diffs) + len(only_left) + len(only_right)
    print(f"{len(diffs)} relations compared, {n_diff} differ")
    return 1 if n_diff else 0


if __name__ == "__main__":
    sys.exit(main())
