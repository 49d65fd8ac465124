"""The report page: one self-contained HTML file (styles, data, Vega-Lite specs and the Vega JavaScript
bundle inline; nothing is fetched), rendered in the browser by vega-embed."""

from __future__ import annotations

import html
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import vl_convert

from revops.report.charts import STATUS_COLOURS, Chart, all_charts
from revops.report.data import ReportData, load

VEGA_LITE_VERSION = "6.4"

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1180px; padding: 1.5rem; color: #222; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.facts { color: #555; margin-top: 0; }
table.scorecard { border-collapse: collapse; font-size: .9rem; width: 100%; }
table.scorecard th, table.scorecard td { border: 1px solid #ddd; padding: .3rem .45rem; text-align: right; }
table.scorecard th { background: #f3f3f3; }
table.scorecard td.name, table.scorecard th.name { text-align: left; }
td.status { font-weight: 600; color: #fff; text-align: center; }
td.cell-on-track { background: #d9f0d3; } td.cell-at-risk { background: #fee8b0; }
td.cell-off-track { background: #f8d0cc; } td.cell-empty { color: #aaa; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .4rem; border-radius: 3px;
               color: #fff; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1.5rem; }
figure { margin: 0; } figcaption { color: #555; font-size: .85rem; margin: .2rem 0 .5rem; }
figure h3 { margin: 0; font-size: 1.05rem; }
.chart { min-height: 120px; }
"""

SCRIPT = """
(function () {
  const specs = JSON.parse(document.getElementById('report-specs').textContent);
  const status = { expected: Object.keys(specs).length, rendered: [], failed: [], done: false };
  window.reportCharts = status;
  Promise.allSettled(Object.entries(specs).map(([id, spec]) =>
    vegaEmbed('#' + id, spec, { renderer: 'svg', actions: false })
      .then(() => { status.rendered.push(id); document.getElementById(id).dataset.rendered = 'true'; })
      .catch((error) => { status.failed.push(id); console.error('chart ' + id + ' failed: ' + error); })
  )).then(() => { status.done = true; document.body.dataset.chartsDone = 'true'; });
})();
"""


def _format(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "rate":
        return f"{value:.1%}"
    return f"{value:.1f} h"


def _change(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "rate":
        return f"{value * 100:+.1f} pt"
    return f"{value:+.1f} h"


def _status_class(status: str | None) -> str:
    return "cell-" + status.replace(" ", "-") if isinstance(status, str) else "cell-empty"


def scorecard_table(data: ReportData) -> str:
    """The sheet: one row per metric (latest month, all segments), then one coloured column per segment."""
    latest = data["latest"]
    by_segment = data["latest_by_segment"]
    segments = sorted(by_segment["segment"].unique(), key=lambda s: (s == "unknown", s))
    cells = {(r.metric_id, r.segment): r for r in by_segment.itertuples()}
    head = (
        "<tr><th class='name'>metric</th><th class='name'>owner</th><th>month</th><th>target</th>"
        "<th>value</th><th>status</th><th>previous month</th><th>change</th>"
        + "".join(f"<th>{html.escape(s.replace('_', ' '))}</th>" for s in segments)
        + "</tr>"
    )
    rows = []
    for r in latest.itertuples():
        colour = STATUS_COLOURS.get(r.status, "#777")
        better = "≥" if r.direction == "higher_is_better" else "≤"
        segment_cells = []
        for s in segments:
            cell = cells.get((r.metric_id, s))
            if cell is None:
                segment_cells.append("<td class='cell-empty'>–</td>")
            else:
                segment_cells.append(
                    f"<td class='{_status_class(cell.status)}' title='{html.escape(cell.status)}'>"
                    f"{_format(cell.metric_value, r.unit)}</td>"
                )
        rows.append(
            f"<tr data-metric='{html.escape(r.metric_id)}' data-status='{html.escape(r.status)}'>"
            f"<td class='name'>{html.escape(r.metric_name)}</td><td class='name'>{html.escape(r.owner)}</td>"
            f"<td>{pd.Timestamp(r.month_start):%Y-%m}</td><td>{better} {_format(r.target, r.unit)}</td>"
            f"<td>{_format(r.metric_value, r.unit)}</td>"
            f"<td class='status' style='background:{colour}'>{html.escape(r.status)}</td>"
            f"<td>{_format(r.previous_metric_value, r.unit)}</td>"
            f"<td>{_change(r.change_from_previous, r.unit)}</td>" + "".join(segment_cells) + "</tr>"
        )
    legend = "".join(
        f"<span style='background:{c}'>{html.escape(s)}</span>" for s, c in STATUS_COLOURS.items()
    )
    return (
        f"<p class='legend'>{legend}</p><table class='scorecard'><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _figure(chart: Chart) -> str:
    return (
        f"<figure><h3>{html.escape(chart.title)}</h3><figcaption>{html.escape(chart.caption)}</figcaption>"
        f"<div class='chart' id='{chart.chart_id}' data-chart-title='{html.escape(chart.title)}'></div>"
        "</figure>"
    )


def _inline_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, separators=(",", ":"), default=str).replace("</", "<\\/")


def render(data: ReportData, generated_at: datetime | None = None) -> str:
    """The whole page as a string."""
    charts = all_charts(data)
    facts = data["facts"].iloc[0]
    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    latest_month = (
        pd.Timestamp(facts["latest_month"]).strftime("%Y-%m") if pd.notna(facts["latest_month"]) else "–"
    )
    bundle = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION).replace("</script", "<\\/script")
    specs = {c.chart_id: c.spec for c in charts}
    versions = (
        f"vega {vl_convert.get_vega_version()}, vega-lite {VEGA_LITE_VERSION}, "
        f"vega-embed {vl_convert.get_vega_embed_version()}"
    )
    counts = (
        f"{int(facts['businesses']):,} businesses &middot; {int(facts['mqls']):,} MQLs &middot; "
        f"{int(facts['opportunities']):,} opportunities"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="revops.report ({versions})">
<title>Sales and marketing alignment scorecard</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Sales and marketing alignment scorecard</h1>
<p class="facts">Latest month {latest_month} &middot; {counts} &middot; generated {generated}</p>
<h2>Scorecard</h2>
<p class="facts">Each metric's latest month, all segments, against its target (seed scorecard_targets);
segment columns are coloured by their own status. Coverage metrics are measured at the coverage as-of
only.</p>
{scorecard_table(data)}
<h2>Charts</h2>
<div class="grid">
{"".join(_figure(c) for c in charts)}
</div>
<script type="application/json" id="report-specs">{_inline_json(specs)}</script>
<script>{bundle}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def write_report(warehouse: Path, out: Path) -> Path:
    """Read the warehouse (read-only) and write the page to `out`."""
    page = render(load(warehouse))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
