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


def raw_file(raw_dir: Path, table: RawTable) -> Path | None:
    """`<raw_dir>/<source>/<table>.parquet`, else `.csv`, else None."""
    for suffix in ("parquet", "csv"):
        path = raw_dir / table.source / f"{table.name}.{suffix}"
        if path.exists():
            return path
    return None


@dataclass(frozen=True)
class LandingPlan:
    """What to land for one table: its file (None = an empty table) and the columns to add as nulls."""

    table: RawTable
    path: Path | None
    file_columns: list[str]
    null_columns: list[str]
    warnings: list[str]


def plan_table(
    table: RawTable, path: Path | None, file_columns: list[str], passthrough: list[str]
) -> LandingPlan:
    """Check one table's file columns against the contract: raise on a missing required column."""
    warnings: list[str] = []
    if path is None:
        if table.optional:
            warnings.append(f"raw table {table.label} is optional and missing: landed as an empty table")
        elif table.optional_for_matching:
            warnings.append(f"raw table {table.label} is missing: landed empty (a match-only build can run)")
        else:
            raise ContractError(
                f"raw table {table.label} is required but no file was found (.parquet or .csv)"
            )
        return LandingPlan(table, None, [], [*table.columns, *passthrough], warnings)
    lowered = {c.lower() for c in file_columns}
    missing = [c for c in table.columns if c.lower() not in lowered]
    required_missing = [c for c in missing if c not in table.optional_columns]
    if required_missing:
        raise ContractError(
            f"raw table {table.label} ({path}) is missing required column(s) {', '.join(required_missing)}; "
            f"the file has: {', '.join(file_columns)}"
        )
    null_columns = missing + [c for c in passthrough if c.lower() not in lowered]
    warnings += [f"raw table {table.label}: column {c} is missing; landed as null" for c in null_columns]
    return LandingPlan(table, path, file_columns, null_columns, warnings)
