"""Alignment scorecard: the mart against independent re-computations, the MetricFlow semantic layer, dbt docs,
the alignment-stage analysis, and the offline HTML report opened in headless Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import Build, DevTools, dbt

from revops.dbt_cli import PROJECT_ROOT, VENV_BIN, dbt_env
from revops.report.page import write_report

ARTIFACTS = Path(os.environ.get("REVOPS_TEST_ARTIFACTS", PROJECT_ROOT / "target" / "test-artifacts"))
STATUSES = {"on track", "at risk", "off track"}


def frame(build: Build, sql: str) -> pd.DataFrame:
    import duckdb

    with duckdb.connect(str(build.warehouse), read_only=True) as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def scorecard(demo_build: Build) -> pd.DataFrame:
    return frame(demo_build, "select * from marts.fct_alignment_scorecard")


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return pd.read_csv(PROJECT_ROOT / "seeds" / "scorecard" / "scorecard_targets.csv")


def test_every_target_metric_is_on_the_sheet_with_an_all_segments_row(scorecard, targets) -> None:
    all_rows = scorecard[scorecard["is_all_segments"]]
    assert set(all_rows["metric_id"]) == set(targets["metric_id"])
    assert set(scorecard["status"]) <= STATUSES
    assert (scorecard["segment"] == "all").equals(scorecard["is_all_segments"])


def test_status_and_previous_month_follow_the_rules(scorecard, targets) -> None:
    """Status from value, target, threshold and direction; previous = same metric and segment one month
    earlier (null when that month was not measured) -- recomputed in pandas."""
    merged = scorecard.drop(columns=["target", "at_risk_threshold", "direction"]).merge(
        targets, on="metric_id"
    )
    higher = merged["direction"] == "higher_is_better"
    value = merged["metric_value"]
    on_track = (higher & (value >= merged["target"])) | (~higher & (value <= merged["target"]))
    at_risk = (higher & (value >= merged["at_risk_threshold"])) | (
        ~higher & (value <= merged["at_risk_threshold"])
    )
    expected = on_track.map({True: "on track"}).fillna(at_risk.map({True: "at risk", False: "off track"}))
    pd.testing.assert_series_equal(merged["status"], expected, check_names=False)
    assert {"on track", "off track"} <= set(merged["status"])

    prior = scorecard[["metric_id", "segment", "month_start", "metric_value"]].copy()
    prior["month_start"] = prior["month_start"] + pd.offsets.MonthBegin(1)
    joined = scorecard.merge(
        prior, on=["metric_id", "segment", "month_start"], how="left", suffixes=("", "_oracle")
    )
    pd.testing.assert_series_equal(
        joined["previous_metric_value"], joined["metric_value_oracle"], check_names=False, check_exact=False
    )
    assert joined["previous_metric_value"].notna().sum() > 100


def test_mql_to_sql_matches_the_funnel_mart(demo_build, scorecard) -> None:
    """The scorecard's MQL->SQL rows equal fct_mql_conversion_monthly (our definition), overall and per
    segment."""
    monthly = frame(
        demo_build,
        "select cohort_month as month_start, case when breakdown = 'all' then 'all' "
        "when breakdown_value = '(none)' then 'unknown' else breakdown_value end as segment, mqls, sqls "
        "from marts.fct_mql_conversion_monthly"
        " where mql_definition = 'dbt' and breakdown in ('all', 'segment')",
    )
    ours = scorecard[scorecard["metric_id"] == "mql_to_sql_conversion"]
    joined = monthly.merge(ours, on=["month_start", "segment"], how="outer", indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"].head()
    assert (joined["mqls"] == joined["denominator"]).all()
    assert (joined["sqls"] == joined["numerator"]).all()


def test_segments_add_up_to_the_all_row(scorecard) -> None:
    ratios = scorecard[scorecard["numerator"].notna()]
    parts = (
        ratios[~ratios["is_all_segments"]]
        .groupby(["metric_id", "month_start"])[["numerator", "denominator"]]
        .sum()
    )
    whole = ratios[ratios["is_all_segments"]].set_index(["metric_id", "month_start"])[
        ["numerator", "denominator"]
    ]
    pd.testing.assert_frame_equal(parts.sort_index(), whole.sort_index(), check_exact=False, rtol=1e-9)


def test_coverage_metrics_match_the_coverage_marts(demo_build, scorecard) -> None:
    by_segment = frame(demo_build, "select * from marts.fct_coverage_by_segment").set_index("segment")
    missing = frame(
        demo_build,
        "select coalesce(segment, 'unknown') as segment, count(*) as n"
        " from marts.fct_missing_dm_mobiles group by 1",
    ).set_index("segment")["n"]
    coverage = scorecard[
        scorecard["metric_id"].isin(
            ["icp_penetration", "account_universe_coverage", "missing_dm_mobile_rate"]
        )
    ]
    assert coverage["month_start"].nunique() == 1
    for row in coverage.itertuples():
        if row.metric_id == "missing_dm_mobile_rate":
            expected = missing.sum() if row.segment == "all" else missing.get(row.segment, 0)
            assert row.numerator == expected, row
        else:
            assert row.metric_value == pytest.approx(by_segment.loc[row.segment, row.metric_id]), row


def test_latest_model_is_the_latest_all_segments_row(demo_build, scorecard) -> None:
    latest = frame(demo_build, "select * from marts.fct_alignment_scorecard_latest").set_index("metric_id")
    all_rows = scorecard[scorecard["is_all_segments"]]
    expected = all_rows.loc[all_rows.groupby("metric_id")["month_start"].idxmax()].set_index("metric_id")
    assert set(latest.index) == set(expected.index)
    for metric_id, row in expected.iterrows():
        assert latest.loc[metric_id, "metric_value"] == pytest.approx(row["metric_value"])
        assert latest.loc[metric_id, "status"] == row["status"]
        month = scorecard[
            (scorecard["metric_id"] == metric_id) & (scorecard["month_start"] == row["month_start"])
        ]
        segments = month[~month["is_all_segments"]]
        assert latest.loc[metric_id, "segments_off_track"] == (segments["status"] == "off track").sum()


# ---- semantic layer ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mf_project(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project seen through symlinks, parsed for the demo warehouse: `mf` reads
    `<project>/target/semantic_manifest.json` (fixed path), whose relations name the warehouse's database, so
    it must not share the developer's target folder."""
    project = tmp_path_factory.mktemp("mf_project")
    for name in (
        "dbt_project.yml",
        "models",
        "macros",
        "seeds",
        "snapshots",
        "analyses",
        "tests",
        "profiles",
    ):
        (project / name).symlink_to(PROJECT_ROOT / name)
    result = dbt(["parse"], demo_build.raw_dir, demo_build.warehouse, project, project_dir=project)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert (project / "target" / "semantic_manifest.json").exists()
    return project


def mf(args: list[str], build: Build, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "mf"), *args],
        cwd=project,
        # mf finds the project through DBT_PROJECT_DIR (the Makefile exports it) before the working folder
        env={
            **dbt_env(build.raw_dir, build.warehouse),
            "DBT_PROJECT_DIR": str(project),
            "DBT_LOG_PATH": str(project / "logs"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_metricflow_validate_configs(demo_build, mf_project) -> None:
    result = mf(["validate-configs"], demo_build, mf_project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Successfully validated metrics against data warehouse" in output, output[-4000:]
    assert "ERRORS: 1" not in output


def test_metricflow_query_agrees_with_the_scorecard(demo_build, scorecard, mf_project, tmp_path) -> None:
    """MetricFlow's own SQL over fct_mqls (mql_to_sql_rate) and over the scorecard (icp_penetration by
    segment) gives the scorecard's values."""
    out = tmp_path / "mf.csv"
    result = mf(
        [
            "query",
            "--metrics",
            "mql_to_sql_rate,mql_to_sql_conversion",
            "--group-by",
            "metric_time__month",
            "--csv",
            str(out),
        ],
        demo_build,
        mf_project,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    got = pd.read_csv(out, parse_dates=["metric_time__month"])
    ours = scorecard[(scorecard["metric_id"] == "mql_to_sql_conversion") & scorecard["is_all_segments"]]
    merged = got.merge(ours, left_on="metric_time__month", right_on="month_start")
    assert len(merged) == len(ours) > 12
    assert merged["mql_to_sql_rate"].to_numpy() == pytest.approx(merged["metric_value"].to_numpy())
    assert merged["mql_to_sql_conversion"].to_numpy() == pytest.approx(merged["metric_value"].to_numpy())


# ---- docs and analysis ------------------------------------------------------------------------------


def test_dbt_docs_generate_lists_the_scorecard_and_exposures(demo_build, tmp_path) -> None:
    result = dbt(["docs", "generate", "--static"], demo_build.raw_dir, demo_build.warehouse, tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    assert "model.revops.fct_alignment_scorecard" in catalog["nodes"]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {"alignment_scorecard_report", "superset_alignment_scorecard"} <= set(exposures)
    assert (
        "model.revops.fct_alignment_scorecard"
        in exposures["alignment_scorecard_report"]["depends_on"]["nodes"]
    )
    assert (tmp_path / "target" / "static_index.html").stat().st_size > 100_000


def test_alignment_stage_analysis_gives_a_verdict_from_evidence(demo_build, tmp_path) -> None:
    result = dbt(
        ["compile", "--select", "alignment_stage"], demo_build.raw_dir, demo_build.warehouse, tmp_path
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    sql = next((tmp_path / "target" / "compiled").rglob("alignment_stage.sql")).read_text()
    evidence = frame(demo_build, sql)
    assert set(evidence["stage"]) == {"coordinated", "aligned", "integrated"}
    assert evidence["verdict"].nunique() == 1
    verdict = evidence["verdict"].iloc[0]
    order = ["disconnected", "coordinated", "aligned", "integrated"]
    # the verdict is the last stage whose criteria, and every earlier stage's, all pass
    reached = 0
    for stage_order in (1, 2, 3):
        if evidence[evidence["stage_order"] == stage_order]["passed"].all() and reached == stage_order - 1:
            reached = stage_order
    assert verdict == order[reached]
    if reached < 3:
        held = evidence[evidence["holds_back"]]
        assert len(held) > 0 and (held["stage_order"] == reached + 1).all() and not held["passed"].any()


# ---- the report in a real browser ---------------------------------------------------------------------


def test_report_renders_every_chart_offline_in_chromium(demo_build, tmp_path, chromium: DevTools) -> None:
    report = write_report(demo_build.warehouse, tmp_path / "report" / "alignment_scorecard.html")
    page = report.read_text()
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None, (
        "the page links an external asset"
    )
    for domain in ("Runtime", "Log", "Page", "Network"):
        chromium.send(f"{domain}.enable")
    chromium.send("Page.navigate", url=report.as_uri())
    deadline = time.monotonic() + 60
    while not chromium.evaluate("window.reportCharts !== undefined && window.reportCharts.done === true"):
        assert time.monotonic() < deadline, "charts did not finish rendering"
        time.sleep(0.2)
    status = chromium.evaluate("JSON.parse(JSON.stringify(window.reportCharts))")
    charts = chromium.evaluate(
        "Array.from(document.querySelectorAll('div.chart')).map(d => { const s = d.querySelector('svg');"
        " const r = s ? s.getBoundingClientRect() : {width: 0, height: 0};"
        " return {id: d.id, width: r.width, height: r.height,"
        " marks: s ? s.querySelectorAll('.mark-rect path, .mark-line path, .mark-symbol path,"
        " .mark-rule line').length : 0}; })"
    )
    rows = chromium.evaluate(
        "Array.from(document.querySelectorAll('table.scorecard tbody tr')).map(r => r.dataset.status)"
    )
    height = chromium.evaluate("document.documentElement.scrollHeight")
    chromium.send(
        "Emulation.setDeviceMetricsOverride",
        width=1280,
        height=int(height),
        deviceScaleFactor=1,
        mobile=False,
    )
    shot = chromium.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "alignment_scorecard.png").write_bytes(base64.b64decode(shot["data"]))
    shutil.copy(report, ARTIFACTS / "alignment_scorecard.html")

    errors = [
        e["params"]
        for e in chromium.events
        if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    requests = [
        e["params"]["request"]["url"] for e in chromium.events if e["method"] == "Network.requestWillBeSent"
    ]
    assert errors == [], errors
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
    assert status["failed"] == [] and len(status["rendered"]) == status["expected"] == len(charts) == 8
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 100 and chart["marks"] > 0, chart
    assert len(rows) == 11 and set(rows) <= STATUSES
