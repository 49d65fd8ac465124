"""What the gate writes: a terminal table, `results.json`, and `index.html`, a self-contained page (no
scripts, no external assets) that links every GX validation result file it summarises."""

from __future__ import annotations

import html
import json
from pathlib import Path

from revops.quality.gate import GateResult, Outcome, outcome_dict

COLUMNS = ("suite", "expectation", "observed", "threshold", "severity", "status")


def _cells(o: Outcome) -> tuple[str, ...]:
    target = o.check + (f" ({o.column})" if o.column and o.column not in o.check else "")
    return (o.suite, target, o.observed, o.threshold, o.severity, o.status)


def summary_table(result: GateResult, only_problems: bool = False) -> str:
    rows = [_cells(o) for o in result.outcomes if not (only_problems and o.passed)]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(COLUMNS)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(COLUMNS), line(tuple("-" * w for w in widths))] + [line(r) for r in rows]
    return "\n".join(out)


def failure_message(o: Outcome) -> str:
    where = o.table + (f".{o.column}" if o.column else "")
    rate = f"; observed rate {o.rate:.2%}" if o.rate is not None else ""
    samples = f"; masked samples: {', '.join(o.samples)}" if o.samples else ""
    head = f"{o.severity.upper()} {where}: {o.check} failed: {o.observed}"
    return f"{head} (threshold {o.threshold}){rate}{samples}"


def verdict(result: GateResult) -> str:
    failed, warned = result.critical_failures, result.warnings
    head = (
        f"quality gate {'PASSED' if result.passed else 'FAILED'}: {len(result.outcomes)} checks, "
        f"{len(failed)} critical failures, {len(warned)} warnings ({result.seconds:.1f}s)"
    )
    return "\n".join([head] + [failure_message(o) for o in failed + warned])


def write_json(result: GateResult, path: Path) -> None:
    payload = {
        "passed": result.passed,
        "build_time": result.build_time.isoformat(),
        "warehouse": result.warehouse,
        "seconds": round(result.seconds, 2),
        "outcomes": [outcome_dict(o) for o in result.outcomes],
    }
    path.write_text(json.dumps(payload, indent=2, default=str))


_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0} tr.FAIL td{background:#ffebe9} tr.warn td{background:#fff8c5}
.badge{font-weight:600;padding:.1rem .4rem;border-radius:.3rem}
.pass .badge{color:#1a7f37} .FAIL .badge{color:#cf222e} .warn .badge{color:#9a6700}
.verdict{font-size:1.1rem;font-weight:600;padding:.6rem;border-radius:.4rem;display:inline-block}
.ok{background:#dafbe1} .bad{background:#ffebe9} code{font-size:.85rem}
"""


def write_html(result: GateResult, path: Path) -> None:
    esc = html.escape
    rows = []
    order = {"FAIL": 0, "warn": 1, "pass": 2}
    for o in sorted(result.outcomes, key=lambda o: order[o.status]):
        links = " ".join(
            f'<a href="{esc(f)}">{i + 1}</a>' for i, f in enumerate(dict.fromkeys(o.validation_results))
        )
        samples = f"<br><small>masked samples: {esc(', '.join(o.samples))}</small>" if o.samples else ""
        suite, target, observed, threshold, severity, status = _cells(o)
        rows.append(
            f'<tr class="{status}"><td>{esc(suite)}</td><td><code>{esc(target)}</code></td>'
            f"<td>{esc(observed)}{samples}</td><td>{esc(threshold)}</td><td>{esc(severity)}</td>"
            f'<td><span class="badge">{esc(status)}</span></td><td>{links}</td></tr>'
        )
    failed, warned = len(result.critical_failures), len(result.warnings)
    verdict_text = (
        f"{'PASSED' if result.passed else 'FAILED'}: {len(result.outcomes)} checks, "
        f"{failed} critical failures, {warned} warnings"
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>revops data-quality gate</title>
<style>{_STYLE}</style></head><body>
<h1>revops data-quality gate</h1>
<p class="verdict {"ok" if result.passed else "bad"}" id="verdict">{esc(verdict_text)}</p>
<p>Warehouse <code>{esc(result.warehouse)}</code>, build time {esc(result.build_time.isoformat())},
gate took {result.seconds:.1f}s. Thresholds: <code>revops/quality/thresholds.yml</code>. The GX validation
results (JSON, counts only) are linked per row; <a href="results.json">results.json</a> has this table.</p>
<table id="outcomes"><thead><tr><th>suite</th><th>expectation</th><th>observed</th><th>threshold</th>
<th>severity</th><th>status</th><th>GX results</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
    path.write_text(page)


def write_results(result: GateResult, results_dir: Path) -> None:
    write_json(result, results_dir / "results.json")
    write_html(result, results_dir / "index.html")
