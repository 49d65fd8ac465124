"""The gate's one reviewed config (`thresholds.yml`) as typed, validated Python data.

Raw suites are not listed in the file: one is made per table of the raw contract
(`revops.generate.contract`), with the checks and severities of the file's `raw:` block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from revops.generate.contract import CONTRACT, OPTIONAL_TABLES

DEFAULT_CONFIG = Path(__file__).with_name("thresholds.yml")
SEVERITIES = ("critical", "warning")
ROW_KINDS = ("columns_present", "not_null", "unique", "matches_pattern", "not_in_future")
METRIC_KINDS = ("fresh", "row_count_change", "metric", "metric_by_group")

_REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "columns_present": ("columns",),
    "not_null": ("column",),
    "unique": ("column",),
    "matches_pattern": ("column", "pattern"),
    "not_in_future": ("column",),
    "fresh": ("column", "max_age_days"),
    "row_count_change": ("min_ratio", "max_ratio"),
    "metric": ("id", "sql"),
    "metric_by_group": ("id", "sql", "group_column", "thresholds"),
}


class ConfigError(ValueError):
    """The thresholds config is not valid; the message names the suite and check."""


@dataclass(frozen=True)
class Check:
    """One configured check of a suite; `params` holds its kind-specific keys."""

    kind: str
    severity: str
    params: dict[str, Any]

    @property
    def check_id(self) -> str:
        """Stable name of the check within its suite, e.g. `not_null:account_id`, `metric:crm_match_rate`."""
        if self.kind in ("metric", "metric_by_group"):
            return f"{self.kind}:{self.params['id']}"
        if "column" in self.params:
            return f"{self.kind}:{self.params['column']}"
        return self.kind

    @property
    def is_row_level(self) -> bool:
        return self.kind in ROW_KINDS


@dataclass(frozen=True)
class Suite:
    """The checks of one warehouse table (`schema.table`)."""

    name: str
    table: str
    layer: str
    optional: bool
    checks: tuple[Check, ...]

    @property
    def row_checks(self) -> tuple[Check, ...]:
        """Checks on the rows (columns_present is checked on the table's columns alone)."""
        return tuple(c for c in self.checks if c.is_row_level and c.kind != "columns_present")

    @property
    def metric_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.is_row_level)

    @property
    def partition_column(self) -> str | None:
        """Column that batches are hash-partitioned on, so a per-batch uniqueness check is global."""
        unique = [c.params["column"] for c in self.checks if c.kind == "unique"]
        return unique[0] if unique else None


@dataclass(frozen=True)
class PiiConfig:
    schemas: tuple[str, ...]
    severity: str
    phone_pattern: str
    email_pattern: str
    allowed_columns: dict[str, str]


@dataclass(frozen=True)
class GateConfig:
    batch_rows: int
    future_tolerance_hours: float
    masked_samples: int
    patterns: dict[str, str]
    pii: PiiConfig
    suites: tuple[Suite, ...] = field(default_factory=tuple)

    def suite(self, name: str) -> Suite:
        for suite in self.suites:
            if suite.name == name:
                return suite
        raise KeyError(name)


def _check(suite: str, raw: dict[str, Any], patterns: dict[str, str]) -> Check:
    kind = raw.get("kind")
    if kind not in _REQUIRED_KEYS:
        raise ConfigError(f"suite {suite}: unknown check kind {kind!r} (known: {', '.join(_REQUIRED_KEYS)})")
    severity = raw.get("severity")
    if kind != "metric_by_group" and severity not in SEVERITIES:
        raise ConfigError(f"suite {suite}, {kind}: severity must be one of {SEVERITIES}, got {severity!r}")
    missing = [k for k in _REQUIRED_KEYS[kind] if k not in raw]
    if missing:
        raise ConfigError(f"suite {suite}, {kind}: missing {', '.join(missing)}")
    if kind == "matches_pattern" and raw["pattern"] not in patterns:
        raise ConfigError(f"suite {suite}, {kind}: unknown pattern {raw['pattern']!r}")
    mostly = raw.get("mostly", 1.0)
    if not 0 <= mostly <= 1:
        raise ConfigError(f"suite {suite}, {kind}: mostly must be within [0, 1]")
    params = {k: v for k, v in raw.items() if k not in ("kind", "severity")}
    if kind == "metric_by_group":
        for group, bounds in params["thresholds"].items():
            if bounds.get("severity", severity) not in SEVERITIES:
                raise ConfigError(f"suite {suite}, {kind} group {group}: severity missing or unknown")
    return Check(kind=kind, severity=severity or "critical", params=params)


def _raw_suites(raw_block: dict[str, Any]) -> list[Suite]:
    suites = []
    for source, tables in CONTRACT.items():
        for table, columns in tables.items():
            required = [name for name, optional in columns if not optional]
            checks = [
                Check("columns_present", raw_block["columns_present"]["severity"], {"columns": required}),
                Check(
                    "not_null",
                    raw_block["id_not_null"]["severity"],
                    {"column": columns[0][0], "mostly": raw_block["id_not_null"].get("mostly", 1.0)},
                ),
                Check(
                    "row_count_change",
                    raw_block["row_count_change"]["severity"],
                    {k: v for k, v in raw_block["row_count_change"].items() if k != "severity"},
                ),
            ]
            name = f"raw_{source}.{table}"
            suites.append(Suite(name, name, "raw", (source, table) in OPTIONAL_TABLES, tuple(checks)))
    return suites


def load_config(path: Path = DEFAULT_CONFIG) -> GateConfig:
    """Read and validate the thresholds file; raw suites are expanded from the raw contract."""
    doc = yaml.safe_load(Path(path).read_text())
    settings, patterns = doc["settings"], dict(doc["patterns"])
    suites = _raw_suites(doc["raw"])
    for name, body in (doc.get("suites") or {}).items():
        if name.count(".") != 1:
            raise ConfigError(f"suite {name}: name must be `schema.table`")
        checks = tuple(_check(name, raw, patterns) for raw in body.get("checks", []))
        if sum(c.kind == "unique" for c in checks) > 1:
            raise ConfigError(f"suite {name}: at most one `unique` check (batches are partitioned on it)")
        ids = [c.check_id for c in checks]
        if len(ids) != len(set(ids)):
            raise ConfigError(f"suite {name}: two checks share one id: {ids}")
        layer = name.split(".")[0]
        suites.append(Suite(name, body.get("table", name), layer, bool(body.get("optional", False)), checks))
    pii = doc["pii"]
    if pii["severity"] not in SEVERITIES:
        raise ConfigError("pii: severity must be critical or warning")
    return GateConfig(
        batch_rows=int(settings["batch_rows"]),
        future_tolerance_hours=float(settings["future_tolerance_hours"]),
        masked_samples=int(settings["masked_samples"]),
        patterns=patterns,
        pii=PiiConfig(
            schemas=tuple(pii["schemas"]),
            severity=pii["severity"],
            phone_pattern=pii["phone_pattern"],
            email_pattern=pii["email_pattern"],
            allowed_columns=dict(pii.get("allowed_columns") or {}),
        ),
        suites=tuple(suites),
    )
