"""The raw data contract as the sources' YAML declares it, and the files that back it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from revops.dbt_cli import PROJECT_ROOT


@dataclass(frozen=True)
class RawTable:
    """One table of the raw contract."""

    source: str
    schema: str
    name: str
    columns: list[str]
    optional_columns: set[str] = field(default_factory=set)
    optional: bool = False
    optional_for_matching: bool = False

    @property
    def label(self) -> str:
        return f"{self.source}.{self.name}"


class ContractError(Exception):
    """The raw data does not meet the contract (names the table and the column)."""


def contract_tables(project_dir: Path = PROJECT_ROOT) -> list[RawTable]:
    """Every table of every source marked `meta.raw_contract`, in the sources' YAML order."""
    tables: list[RawTable] = []
    for path in sorted((project_dir / "models").glob("**/_*__sources.yml")):
        for source in (yaml.safe_load(path.read_text()) or {}).get("sources", []):
            if not (source.get("meta") or {}).get("raw_contract"):
                continue
            for table in source.get("tables", []):
                meta = table.get("meta") or {}
                columns = table.get("columns", [])
                tables.append(
                    RawTable(
                        source=source["name"],
                        schema=source.get("schema", source["name"]),
                        name=table["name"],
                        columns=[c["name"] for c in columns],
                        optional_columns={
                            c["name"] for c in columns if (c.get("meta") or {}).get("optional")
                        },
                        optional=bool(meta.get("optional")),
                        optional_for_matching=bool(meta.get("optional_for_matching")),
                    )
                )
    return tables


def passthrough_columns(project_dir: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """The `passthrough_columns` var of dbt_project.yml ({"crm.account": ["region__c"]})."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    return (project.get("vars") or {}).get("passthrough_columns") or {}


def raw_files(raw_dir: Path, table: RawTable) -> list[Path]:
    """The files that back a raw table, as DuckDB staging reads them (macros/raw/create_raw_relations.sql):
    `<raw_dir>/<source>/<table>.parquet` and any part files `<source>/<table>/*.parquet` (an appending
    loader's extra files), the table file first, then the parts by name; else the same in CSV; else []."""
    for suffix in ("parquet", "csv"):
        table_file = raw_dir / table.source / f"{table.name}.{suffix}"
        part_folder = raw_dir / table.source / table.name
        parts = (
            sorted(p for p in part_folder.glob(f"*.{suffix}") if p.is_file()) if part_folder.is_dir() else []
        )
        found = ([table_file] if table_file.is_file() else []) + parts
        if found:
            return found
    return []


@dataclass(frozen=True)
class LandingPlan:
    """What to land for one table: its files (none = an empty table), each file's columns, and the columns
    no file has (landed as nulls)."""

    table: RawTable
    paths: list[Path]
    file_columns: list[list[str]]
    null_columns: list[str]
    warnings: list[str]

    @property
    def path(self) -> Path | None:
        """The table's first file (the table file, else the first part), None when it has none."""
        return self.paths[0] if self.paths else None

    @property
    def columns(self) -> list[str]:
        """Every column some file has, in order of first appearance (files are combined by name)."""
        seen: dict[str, str] = {}
        for names in self.file_columns:
            for name in names:
                seen.setdefault(name.lower(), name)
        return list(seen.values())


def plan_table(table: RawTable, files: dict[Path, list[str]], passthrough: list[str]) -> LandingPlan:
    """Check each file's columns against the contract (path -> its columns; a table file and its parts are
    each checked like a table file): raise on a missing required column, naming the file."""
    warnings: list[str] = []
    if not files:
        if table.optional:
            warnings.append(f"raw table {table.label} is optional and missing: landed as an empty table")
        elif table.optional_for_matching:
            warnings.append(f"raw table {table.label} is missing: landed empty (a match-only build can run)")
        else:
            raise ContractError(
                f"raw table {table.label} is required but no file was found (.parquet or .csv)"
            )
        return LandingPlan(table, [], [], [*table.columns, *passthrough], warnings)
    in_some_file: set[str] = set()
    for path, file_columns in files.items():
        lowered = {c.lower() for c in file_columns}
        missing = [c for c in table.columns if c.lower() not in lowered]
        required_missing = [c for c in missing if c not in table.optional_columns]
        if required_missing:
            raise ContractError(
                f"raw table {table.label} ({path}) is missing required column(s) "
                f"{', '.join(required_missing)}; the file has: {', '.join(file_columns)}"
            )
        in_some_file |= lowered
        if len(files) > 1:
            warnings += [
                f"raw table {table.label}: column {c} is missing in {path.name}; its rows get null"
                for c in missing
                if any(c.lower() in {o.lower() for o in others} for others in files.values())
            ]
    null_columns = [c for c in [*table.columns, *passthrough] if c.lower() not in in_some_file]
    null_columns = list(dict.fromkeys(null_columns))
    warnings += [f"raw table {table.label}: column {c} is missing; landed as null" for c in null_columns]
    return LandingPlan(table, list(files), list(files.values()), null_columns, warnings)
