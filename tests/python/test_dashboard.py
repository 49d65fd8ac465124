"""The Superset dashboard on the demo warehouse: a fresh Superset (own state folder, free port) provisioned
from superset/alignment_scorecard.yml; every chart's numbers from Superset's chart-data API against the
same figures recomputed with pandas from other marts (or the same mart's rows, not Superset's SQL); the
dashboard opened logged in with headless Chromium and saved as a screenshot. Superset reads the warehouse
read-only after the shared demo build has finished, and is stopped by its process id.

Timings (metadata database, start-up, provisioning) are written to <artefacts>/superset_timings.json."""

from __future__ import annotations

import base64
import json
import math
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import requests
from conftest import Build, DevTools

from revops.dashboard import server
from revops.dashboard.client import SupersetClient, rison
from revops.dashboard.provision import Provisioned, duckdb_uri, provision
from revops.dashboard.spec import DashboardSpec, load_spec
from revops.dbt_cli import PROJECT_ROOT

ARTIFACTS = Path(os.environ.get("REVOPS_TEST_ARTIFACTS", PROJECT_ROOT / "target" / "test-artifacts"))
TARGETS = PROJECT_ROOT / "seeds" / "scorecard" / "scorecard_targets.csv"


def _superset_installed() -> None:
    if not (server.SUPERSET_VENV / "bin" / "gunicorn").exists():
        if os.environ.get("CI"):
            pytest.fail("Superset's environment is missing in CI: `make superset-venv` creates it")
        pytest.skip("Superset not installed: `make superset-venv`")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningSuperset:
    settings: server.Settings
    spec: DashboardSpec
    client: SupersetClient
    result: Provisioned
    timings: dict[str, float]


@pytest.fixture(scope="module")
def superset(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuperset]:
    _superset_installed()
    # the session's demo build has finished writing (the fixture returned): Superset may open it read-only
    settings = server.Settings.from_env(
        {
            "SUPERSET_SECRET_KEY": secrets.token_urlsafe(32),
            "SUPERSET_ADMIN_PASSWORD": secrets.token_urlsafe(12),
        },
        tmp_path_factory.mktemp("superset_state"),
        _free_port(),
    )
    timings: dict[str, float] = {}
    pid = None
    try:
        started = time.perf_counter()
        server.initialise(settings)
        timings["metadata_database_s"] = time.perf_counter() - started
        started = time.perf_counter()
        pid = server.start(settings)
        timings["start_up_s"] = time.perf_counter() - started
        started = time.perf_counter()
        client = SupersetClient(settings.url, settings.admin_user, settings.admin_password)
        spec = load_spec()
        result = provision(client, spec, duckdb_uri(demo_build.warehouse), settings.url)
        timings["provision_s"] = time.perf_counter() - started
        yield RunningSuperset(settings, spec, client, result, timings)
    finally:
        if pid is not None:
            server.stop(pid)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "superset_timings.json").write_text(json.dumps(timings, indent=2))


def marts(build: Build, table: str) -> pd.DataFrame:
    with duckdb.connect(str(build.warehouse), read_only=True) as con:
        return con.execute(f"select * from marts.{table}").df()


def chart_rows(running: RunningSuperset, key: str) -> pd.DataFrame:
    return pd.DataFrame(running.client.chart_data(running.result.chart_ids[key]))


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12)


# ---- what was provisioned -------------------------------------------------------------------------------


def test_datasets_are_exactly_the_bi_facing_marts_read_only(superset: RunningSuperset, demo_build) -> None:
    manifest = json.loads((demo_build.target_dir / "manifest.json").read_text())
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    bi_marts = {name for name, n in models.items() if n["fqn"][1] == "marts" and n["fqn"][2] != "restricted"}
    spec = superset.spec
    assert set(spec.datasets) == bi_marts - set(spec.not_datasets)
    in_superset = superset.client.get("/api/v1/dataset/", q=rison({"page_size": 100}))["result"]
    assert sorted((d["schema"], d["table_name"]) for d in in_superset) == sorted(
        ("marts", name) for name in spec.datasets
    )
    # the dbt exposure lists exactly the marts the dashboard's charts read
    exposure = next(e for e in manifest["exposures"].values() if e["name"] == "superset_alignment_scorecard")
    assert {manifest["nodes"][uid]["name"] for uid in exposure["depends_on"]["nodes"]} == {
        chart.dataset for chart in spec.charts.values()
    }
    assert exposure["url"].endswith(f"/superset/dashboard/{spec.slug}/")
    # no dataset carries a column declared personal and left in clear
    for name in spec.datasets:
        for column, node in models[name]["columns"].items():
            assert (node.get("meta") or {}).get("pii") in (None, "masked", "hashed"), f"{name}.{column}"

    database = superset.client.get(f"/api/v1/database/{superset.result.database_id}/connection")["result"]
    assert database["sqlalchemy_uri"].endswith("?access_mode=read_only")
    assert json.loads(database["extra"])["engine_params"]["connect_args"] == {"read_only": True}
    assert database["allow_dml"] is False


def test_nobody_reads_the_dashboard_without_logging_in(superset: RunningSuperset) -> None:
    url = superset.settings.url
    assert requests.get(f"{url}/api/v1/chart/", timeout=30).status_code == 401
    page = requests.get(superset.result.dashboard_url, timeout=30, allow_redirects=False)
    assert page.status_code in (301, 302) and "/login" in page.headers["Location"]


def test_reprovisioning_updates_in_place(superset: RunningSuperset, demo_build) -> None:
    client = superset.client
    again = provision(client, superset.spec, duckdb_uri(demo_build.warehouse), superset.settings.url)
    assert again == superset.result
    assert client.get("/api/v1/database/")["count"] == 1
    assert client.get("/api/v1/dataset/")["count"] == len(superset.spec.datasets)
    assert client.get("/api/v1/chart/")["count"] == len(superset.spec.charts)
    assert client.get("/api/v1/dashboard/")["count"] == 1
    dashboard = client.get(f"/api/v1/dashboard/{again.dashboard_id}")["result"]
    placed = {
        item["meta"].get("chartId")
        for item in json.loads(dashboard["position_json"]).values()
        if "meta" in item
    } - {None}
    assert placed == set(again.chart_ids.values())


# ---- the numbers ---------------------------------------------------------------------------------------


def test_chart_numbers_equal_the_marts_recomputed(superset: RunningSuperset, demo_build) -> None:
    mqls = marts(demo_build, "fct_mqls")
    mqls = mqls[mqls["is_mql"].astype(bool)].copy()
    mqls["month"] = mqls["mql_at"].dt.to_period("M").dt.to_timestamp()
    latest = mqls[mqls["month"] == mqls["month"].max()]
    opportunities = marts(demo_build, "fct_opportunities")
    month = opportunities[opportunities["created_month"] == opportunities["created_month"].max()]
    coverage = marts(demo_build, "fct_account_coverage")
    icp = coverage[coverage["is_icp"]]
    pipeline = month["pipeline_amount"].sum()

    def tile(key: str) -> float:
        rows = chart_rows(superset, key)
        assert rows.shape == (1, 1), rows
        return float(rows.iloc[0, 0])

    # headline tiles: the latest month of each metric, recomputed from the funnel, pipeline and coverage marts
    expected_tiles = {
        "mql_to_sql_tile": latest["is_sql_after_mql"].astype(bool).mean(),
        "follow_up_tile": latest["follow_up_business_hours"].median(),
        "sourced_pipeline_tile": month.loc[month["is_marketing_sourced"], "pipeline_amount"].sum() / pipeline,
        "influenced_pipeline_tile": month.loc[month["is_marketing_influenced"], "pipeline_amount"].sum()
        / pipeline,
        "icp_penetration_tile": icp["is_engaged_in_period"].mean(),
        "universe_coverage_tile": icp["has_usable_dm_contact"].mean(),
    }
    for key, expected in expected_tiles.items():
        assert close(tile(key), expected), (key, tile(key), expected)

    # MQL->SQL by month, against the target of the scorecard_targets seed
    trend = chart_rows(superset, "mql_to_sql_trend")
    trend["month"] = pd.to_datetime(trend["month_start"], unit="ms")
    by_month = mqls.groupby("month")["is_sql_after_mql"].apply(lambda s: s.astype(bool).mean())
    assert dict(zip(trend["month"], trend["MQL->SQL conversion"], strict=True)) == pytest.approx(
        by_month.to_dict(), rel=1e-9
    )
    target = pd.read_csv(TARGETS).set_index("metric_id").loc["mql_to_sql_conversion", "target"]
    assert target == 0.25 and (trend["Target"] == target).all()

    # follow-up within SLA by segment, all months: our MQLs not breached / our MQLs
    sla = chart_rows(superset, "sla_by_segment").set_index("segment")["Follow-up within SLA"]
    expected_sla = mqls.groupby(mqls["segment"].fillna("unknown"))["is_sla_breached"].apply(
        lambda s: 1 - s.astype(bool).mean()
    )
    assert sla.to_dict() == pytest.approx(expected_sla.to_dict(), rel=1e-9)

    # decision-maker mobile coverage by segment and source, from the account-grain coverage mart
    mobiles = chart_rows(superset, "dm_mobile_coverage")
    flags = coverage.assign(
        crm=coverage["has_crm_dm_mobile"],
        provider=coverage["has_provider_dm_mobile"],
        discovery=coverage["has_discovery_dm_mobile"],
        provider_or_discovery=coverage["has_provider_dm_mobile"] | coverage["has_discovery_dm_mobile"],
    )
    expected_mobiles = (
        flags.groupby("segment")[["crm", "provider", "discovery", "provider_or_discovery"]]
        .mean()
        .stack()
        .to_dict()
    )
    actual_mobiles = mobiles.set_index(["segment", "data_source"])["Decision-maker mobile coverage"].to_dict()
    assert actual_mobiles == pytest.approx(expected_mobiles, rel=1e-9)

    # CRM accounts by firmographic field and status: the mart's rows counted in pandas
    stale = chart_rows(superset, "stale_firmographics")
    expected_stale = marts(demo_build, "fct_stale_firmographics").groupby(["field", "status"]).size()
    assert stale.set_index(["field", "status"])["CRM accounts"].to_dict() == expected_stale.to_dict()

    # pipeline by attribution model: each model hands out every opportunity's pipeline exactly once
    attribution = chart_rows(superset, "pipeline_by_attribution_model")
    per_model = attribution.groupby("attribution_model")["Attributed pipeline"].sum()
    assert set(per_model.index) == {
        "first_touch",
        "last_touch",
        "linear",
        "u_shaped",
        "w_shaped",
        "time_decay",
    }
    for model, amount in per_model.items():
        assert math.isclose(amount, opportunities["pipeline_amount"].sum(), rel_tol=1e-9), model
    expected_groups = (
        marts(demo_build, "fct_attribution")
        .groupby(["attribution_model", "channel_group"])["attributed_pipeline_amount"]
        .sum()
    )
    actual_groups = attribution.set_index(["attribution_model", "channel_group"])["Attributed pipeline"]
    assert actual_groups.to_dict() == pytest.approx(expected_groups.to_dict(), rel=1e-9)


# ---- what a person sees ---------------------------------------------------------------------------------


def _log_in_and_open(browser: DevTools, running: RunningSuperset) -> None:
    """Log in through Superset's own login form (same origin, its CSRF token), then open the dashboard."""
    settings = running.settings
    browser.send("Page.navigate", url=f"{settings.url}/login/")
    deadline = time.monotonic() + 60
    while not browser.evaluate("!!document.querySelector('input[name=csrf_token]')"):
        assert time.monotonic() < deadline, "the login page did not load"
        time.sleep(0.2)
    credentials = json.dumps({"username": settings.admin_user, "password": settings.admin_password})
    status = browser.evaluate(
        "(async () => { const body = new URLSearchParams(Object.assign(" + credentials + ","
        " {csrf_token: document.querySelector('input[name=csrf_token]').value}));"
        " const r = await fetch('/login/', {method: 'POST', body, redirect: 'manual'}); return r.type; })()"
    )
    assert status == "opaqueredirect", status  # the form answers a redirect once logged in
    browser.send("Page.navigate", url=running.result.dashboard_url)


CHARTS_DRAWN = """(() => {
  const holders = Array.from(document.querySelectorAll('.dashboard-component-chart-holder'));
  return holders.map(h => {
    const canvas = h.querySelector('canvas');
    let inked = 0;
    if (canvas && canvas.width > 0) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 16) { if (data[i] > 0) inked++; }
    }
    return {title: (h.querySelector('.header-title') || {}).innerText || '', canvas: !!canvas, inked,
            text: h.innerText.slice(0, 200), loading: !!h.querySelector('.loading, [aria-label=loading]')};
  });
})()"""


def test_dashboard_renders_logged_in_in_chromium(superset: RunningSuperset, chromium: DevTools) -> None:
    for domain in ("Runtime", "Page"):
        chromium.send(f"{domain}.enable")
    _log_in_and_open(chromium, superset)
    expected = len(superset.spec.charts)
    deadline = time.monotonic() + 120
    charts: list[dict[str, Any]] = []
    while True:
        charts = chromium.evaluate(CHARTS_DRAWN) or []
        drawn = [
            c for c in charts if not c["loading"] and (c["inked"] > 100 or not c["canvas"] and c["text"])
        ]
        if len(charts) == expected and len(drawn) == expected:
            break
        assert time.monotonic() < deadline, f"charts not drawn after 120 s: {charts}"
        time.sleep(1)
    time.sleep(2)  # let the chart animations settle before the screenshot
    height = int(chromium.evaluate("document.documentElement.scrollHeight"))
    chromium.send(
        "Emulation.setDeviceMetricsOverride", width=1400, height=height, deviceScaleFactor=1, mobile=False
    )
    time.sleep(2)
    shot = base64.b64decode(chromium.send("Page.captureScreenshot", format="png")["data"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "superset_alignment_scorecard.png").write_bytes(shot)

    assert shot.startswith(b"\x89PNG") and len(shot) > 60_000, len(shot)  # a blank page is a few KiB
    canvases = [c for c in charts if c["canvas"]]
    assert len(canvases) == 5 and all(c["inked"] > 100 for c in canvases), canvases
    tiles = {c["text"] for c in charts if not c["canvas"]}
    assert len(tiles) == 6
    page_text = chromium.evaluate("document.body.innerText")
    assert "Alignment scorecard" in page_text and "MQL->SQL conversion" in page_text
    for c in charts:
        assert "error" not in c["text"].lower(), c


# ---- secrets ---------------------------------------------------------------------------------------------


def test_secrets_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(server.MissingSetting, match="SUPERSET_SECRET_KEY and SUPERSET_ADMIN_PASSWORD"):
        server.Settings.from_env({}, tmp_path, 8088)
    demo = server.Settings.from_env({"SUPERSET_ADMIN_PASSWORD": "given"}, tmp_path, 8088, demo=True)
    assert demo.demo_values == ("SUPERSET_SECRET_KEY",) and demo.admin_password == "given"
    assert "SUPERSET_ADMIN_PASSWORD" not in server.superset_env(demo)

    # Superset itself refuses to load the project's config without a key (no fallback to its public default)
    _superset_installed()
    config = PROJECT_ROOT / "superset" / "superset_config.py"
    env = {k: v for k, v in os.environ.items() if k != "SUPERSET_SECRET_KEY"} | {
        "SUPERSET_HOME": str(tmp_path)
    }
    result = subprocess.run(
        [str(server.SUPERSET_VENV / "bin" / "python"), str(config)], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SUPERSET_SECRET_KEY is not set" in result.stderr
    monkeypatch.setenv("SUPERSET_HOME", str(tmp_path))
    monkeypatch.setenv("SUPERSET_SECRET_KEY", "a-key")
    namespace: dict[str, Any] = {}
    exec(config.read_text(), namespace)
    assert namespace["PUBLIC_ROLE_LIKE"] is None
