"""The dashboard spec: superset/alignment_scorecard.yml read into typed, checked objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from revops.dbt_cli import PROJECT_ROOT

SPEC_PATH = PROJECT_ROOT / "superset" / "alignment_scorecard.yml"
KINDS = ("tile", "line", "bar")
GRID_COLUMNS = 12
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Metric:
    label: str
    sql: str


@dataclass(frozen=True)
class Chart:
    key: str
    name: str
    kind: str
    dataset: str
    metrics: tuple[Metric, ...]
    filters: tuple[str, ...] = ()
    x: str | None = None
    group_by: tuple[str, ...] = ()
    format: str = ",.2f"
    subheader: str = ""
    stacked: bool = False
    width: int = 6
    height: int = 50


@dataclass(frozen=True)
class DashboardSpec:
    database_name: str
    schema: str
    datasets: tuple[str, ...]
    not_datasets: dict[str, str]
    title: str
    slug: str
    rows: tuple[tuple[str, ...], ...]
    charts: dict[str, Chart]


def _chart(key: str, raw: dict[str, Any]) -> Chart:
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"chart {key}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "tile" and not raw.get("x"):
        raise ValueError(f"chart {key}: a {kind} chart needs an x column")
    metrics = tuple(Metric(m["label"], m["sql"]) for m in raw["metrics"])
    if not metrics or (kind == "tile" and len(metrics) != 1):
        raise ValueError(f"chart {key}: a tile has one metric, other charts at least one")
    return Chart(
        key=key,
        name=raw["name"],
        kind=kind,
        dataset=raw["dataset"],
        metrics=metrics,
        filters=tuple(raw.get("filters", ())),
        x=raw.get("x"),
        group_by=tuple(raw.get("group_by", ())),
        format=raw.get("format", ",.2f"),
        subheader=raw.get("subheader", ""),
        stacked=bool(raw.get("stacked", False)),
        width=int(raw.get("width", 6)),
        height=int(raw.get("height", 30 if kind == "tile" else 50)),
    )


def load_spec(path: Path = SPEC_PATH) -> DashboardSpec:
    """Read and check the spec: charts read declared datasets, the grid places every chart once."""
    raw = yaml.safe_load(path.read_text())
    charts = {key: _chart(key, value) for key, value in raw["charts"].items()}
    spec = DashboardSpec(
        database_name=raw["database"]["name"],
        schema=raw["database"]["schema"],
        datasets=tuple(raw["datasets"]),
        not_datasets=dict(raw.get("not_datasets") or {}),
        title=raw["dashboard"]["title"],
        slug=raw["dashboard"]["slug"],
        rows=tuple(tuple(row) for row in raw["dashboard"]["rows"]),
        charts=charts,
    )
    problems = [f"dataset {d!r} is not an identifier" for d in spec.datasets if not IDENTIFIER.match(d)]
    problems += [
        f"chart {c.key} reads {c.dataset}, not a dataset"
        for c in charts.values()
        if c.dataset not in spec.datasets
    ]
    placed = [key for row in spec.rows for key in row]
    problems += [f"chart {k} is not in the dashboard's rows" for k in charts if k not in placed]
    problems += [f"row item {k} is not a chart" for k in placed if k not in charts]
    problems += [f"chart {k} is placed twice" for k in set(placed) if placed.count(k) > 1]
    for row in spec.rows:
        width = sum(charts[k].width for k in row if k in charts)
        if width > GRID_COLUMNS:
            problems.append(f"row {list(row)} is {width} columns wide (at most {GRID_COLUMNS})")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return spec
