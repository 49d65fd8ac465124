"""Apply the dashboard spec through Superset's REST API. Every object is looked up by its name first and
updated when found, so running it again changes the dashboard in place instead of adding copies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from revops.dashboard.client import SupersetClient
from revops.dashboard.spec import Chart, DashboardSpec

VIZ_TYPES = {"tile": "big_number_total", "line": "echarts_timeseries_line", "bar": "echarts_timeseries_bar"}


@dataclass(frozen=True)
class Provisioned:
    """Ids of what the spec made or updated in Superset."""

    database_id: int
    dataset_ids: dict[str, int]
    chart_ids: dict[str, int]
    dashboard_id: int
    dashboard_url: str


def duckdb_uri(warehouse: Path) -> str:
    """The SQLAlchemy URI of the DuckDB warehouse, opened read-only (dbt stays the only writer)."""
    return f"duckdb:///{warehouse.resolve()}?access_mode=read_only"


def _metric(chart: Chart, index: int) -> dict[str, Any]:
    metric = chart.metrics[index]
    return {
        "expressionType": "SQL",
        "sqlExpression": metric.sql,
        "label": metric.label,
        "hasCustomLabel": True,
        "optionName": f"metric_{chart.key}_{index}",
    }


def _filters(chart: Chart) -> list[dict[str, Any]]:
    return [
        {
            "expressionType": "SQL",
            "sqlExpression": condition,
            "clause": "WHERE",
            "filterOptionName": f"filter_{chart.key}_{i}",
        }
        for i, condition in enumerate(chart.filters)
    ]


def form_data(chart: Chart, dataset_id: int) -> dict[str, Any]:
    """The chart's `params`: what Superset's chart editor shows and the dashboard draws from."""
    common: dict[str, Any] = {
        "datasource": f"{dataset_id}__table",
        "viz_type": VIZ_TYPES[chart.kind],
        "adhoc_filters": _filters(chart),
        "time_range": "No filter",
        "y_axis_format": chart.format,
    }
    metrics = [_metric(chart, i) for i in range(len(chart.metrics))]
    if chart.kind == "tile":
        return {
            **common,
            "metric": metrics[0],
            "subheader": chart.subheader,
            "header_font_size": 0.3,
            "subheader_font_size": 0.15,
        }
    series: dict[str, Any] = {
        **common,
        "x_axis": chart.x,
        "metrics": metrics,
        "groupby": list(chart.group_by),
        "row_limit": 10000,
        "order_desc": True,
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "top",
        "rich_tooltip": True,
        "x_axis_title_margin": 30,
        "y_axis_title_margin": 30,
        "truncateYAxis": False,
    }
    if chart.kind == "line":
        return {**series, "time_grain_sqla": "P1M", "x_axis_time_format": "%Y-%m", "markerEnabled": True}
    return {
        **series,
        "orientation": "vertical",
        "stack": "Stack" if chart.stacked else None,
        "x_axis_sort_asc": True,
        "xAxisLabelRotation": 45,
    }


def query_context(chart: Chart, dataset_id: int) -> dict[str, Any]:
    """The chart's saved query: what `/api/v1/chart/<id>/data/` answers (plain rows, no pivot)."""
    params = form_data(chart, dataset_id)
    metrics = [params["metric"]] if chart.kind == "tile" else params["metrics"]
    columns: list[Any] = []
    if chart.x:
        axis: dict[str, Any] = {
            "columnType": "BASE_AXIS",
            "sqlExpression": chart.x,
            "label": chart.x,
            "expressionType": "SQL",
        }
        if chart.kind == "line":
            axis["timeGrain"] = "P1M"
        columns = [axis, *chart.group_by]
    where = " and ".join(f"({condition})" for condition in chart.filters)
    return {
        "datasource": {"id": dataset_id, "type": "table"},
        "force": False,
        "queries": [
            {
                "columns": columns,
                "metrics": metrics,
                "filters": [],
                "extras": {"where": where, "having": ""},
                "orderby": [],
                "row_limit": 10000,
                "series_limit": 0,
                "time_range": "No filter",
            }
        ],
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }


def position_json(spec: DashboardSpec, chart_ids: dict[str, int]) -> dict[str, Any]:
    """The dashboard grid: one ROW per spec row, each chart with its width (of 12 columns) and height."""
    layout: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": spec.title}},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
    }
    for number, row in enumerate(spec.rows, start=1):
        row_id = f"ROW-{number}"
        layout["GRID_ID"]["children"].append(row_id)
        layout[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for key in row:
            chart = spec.charts[key]
            chart_id = f"CHART-{key.replace('_', '-')}"
            layout[row_id]["children"].append(chart_id)
            layout[chart_id] = {
                "type": "CHART",
                "id": chart_id,
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {
                    "chartId": chart_ids[key],
                    "width": chart.width,
                    "height": chart.height,
                    "sliceName": chart.name,
                },
            }
    return layout


def _upsert(client: SupersetClient, resource: str, found: dict[str, Any] | None, body: dict[str, Any]) -> int:
    if found is None:
        return int(client.post(f"/api/v1/{resource}/", body)["id"])
    client.put(f"/api/v1/{resource}/{found['id']}", body)
    return int(found["id"])


def provision_database(client: SupersetClient, spec: DashboardSpec, sqlalchemy_uri: str) -> int:
    extra: dict[str, Any] = {"allows_virtual_table_explore": True}
    if sqlalchemy_uri.startswith("duckdb:"):
        # read-only twice over: the URI's access_mode and the driver's connect argument
        extra["engine_params"] = {"connect_args": {"read_only": True}}
    body = {
        "database_name": spec.database_name,
        "sqlalchemy_uri": sqlalchemy_uri,
        "expose_in_sqllab": True,
        "allow_dml": False,
        "allow_file_upload": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "extra": json.dumps(extra),
    }
    found = client.find_one("database", database_name=spec.database_name)
    return _upsert(client, "database", found, body)


def provision_datasets(client: SupersetClient, spec: DashboardSpec, database_id: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    for table in spec.datasets:
        found = [
            d
            for d in client.find("dataset", table_name=table)
            if d["database"]["id"] == database_id and d["schema"] == spec.schema
        ]
        if found:
            ids[table] = int(found[0]["id"])
            # the mart's columns may have changed since the last run
            client.put(f"/api/v1/dataset/{ids[table]}/refresh", {})
        else:
            body = {"database": database_id, "schema": spec.schema, "table_name": table}
            ids[table] = int(client.post("/api/v1/dataset/", body)["id"])
    return ids


def provision(
    client: SupersetClient, spec: DashboardSpec, sqlalchemy_uri: str, base_url: str = ""
) -> Provisioned:
    """Create or update the database connection, the datasets, the charts and the dashboard."""
    database_id = provision_database(client, spec, sqlalchemy_uri)
    dataset_ids = provision_datasets(client, spec, database_id)

    dashboard = client.find_one("dashboard", slug=spec.slug)
    dashboard_id = _upsert(
        client, "dashboard", dashboard, {"dashboard_title": spec.title, "slug": spec.slug, "published": True}
    )

    chart_ids: dict[str, int] = {}
    for key, chart in spec.charts.items():
        dataset_id = dataset_ids[chart.dataset]
        body = {
            "slice_name": chart.name,
            "viz_type": VIZ_TYPES[chart.kind],
            "datasource_id": dataset_id,
            "datasource_type": "table",
            "params": json.dumps(form_data(chart, dataset_id)),
            "query_context": json.dumps(query_context(chart, dataset_id)),
            "dashboards": [dashboard_id],
        }
        chart_ids[key] = _upsert(client, "chart", client.find_one("chart", slice_name=chart.name), body)

    metadata = {
        "color_scheme": "supersetColors",
        "refresh_frequency": 0,
        "expanded_slices": {},
        "timed_refresh_immune_slices": [],
        "cross_filters_enabled": False,
        "native_filter_configuration": [],
    }
    client.put(
        f"/api/v1/dashboard/{dashboard_id}",
        {
            "dashboard_title": spec.title,
            "slug": spec.slug,
            "published": True,
            "position_json": json.dumps(position_json(spec, chart_ids)),
            "json_metadata": json.dumps(metadata),
        },
    )
    url = f"{base_url.rstrip('/')}/superset/dashboard/{spec.slug}/"
    return Provisioned(database_id, dataset_ids, chart_ids, dashboard_id, url)
