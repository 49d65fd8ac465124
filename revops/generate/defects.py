"""Plant a few unusable rows, as real exports contain, for the staging quarantine to catch.

Each planted row is an EXTRA row: a copy of a real row of the same chunk with one key blanked, so every real
record stays intact.  Rows without an id get a blank id (a mix of ``''``, ``'   '`` and null); rows missing a
parent key (or the email of an email event) keep all other values but get a fresh id that no real row uses
(``core.DEFECT_BASE``), so the quarantined copy can never take the place of the real record when staging
keeps the latest version of each id.  Planted rows appear in no ground-truth table except
``planted_defects``; the ``defect`` strings are exactly the dbt ``quarantine_reason`` values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from revops.generate.core import DEFECT_BASE, id_numbers, plain_ids, sf_ids

RATE = 0.002  # planted rows per real row of a table (at least one per chunk when the table is not empty)

TableKey = tuple[str, str]


@dataclass(frozen=True)
class Defect:
    """One kind of planted row: ``column`` is blanked; ``reason`` is the dbt quarantine reason."""

    source: str
    table: str
    column: str
    reason: str
    id_column: str | None = None  # parent-key defects: the row id, replaced by a fresh id
    new_ids: Callable[[np.ndarray], pa.Array] | None = None
    blanks: bool = True  # mix '', '   ' and null (else null only)


PLANTED: tuple[Defect, ...] = (
    Defect("crm", "contact", "id", "missing id"),
    Defect("crm", "lead", "id", "missing id"),
    Defect("crm", "task", "id", "missing id"),
    Defect(
        "crm", "lead_history", "lead_id", "missing lead_id", "id", lambda x: sf_ids("017", x), blanks=False
    ),
    Defect(
        "provider",
        "contacts",
        "provider_company_id",
        "missing provider_company_id",
        "provider_contact_id",
        lambda x: plain_ids("pp_", x),
        blanks=False,
    ),
    Defect(
        "discovery",
        "decision_makers",
        "location_id",
        "missing location_id",
        "decision_maker_id",
        lambda x: plain_ids("dm_", x),
        blanks=False,
    ),
    Defect("engagement", "web_sessions", "session_id", "missing id"),
    Defect(
        "engagement", "email_events", "email", "missing email", "event_id", lambda x: plain_ids("evt_", x)
    ),
    Defect("engagement", "form_submissions", "submission_id", "missing id"),
    Defect("engagement", "ad_clicks", "click_id", "missing id"),
)

_BLANKS = pa.array([None, "", "   "], pa.string())


def plant(
    rng: np.random.Generator, chunk: int, raw: Mapping[TableKey, pa.Table]
) -> tuple[dict[TableKey, pa.Table], dict[TableKey, int]]:
    """Append planted rows to the chunk's raw tables; returns the tables and the planted rows per table."""
    out = dict(raw)
    planted: dict[TableKey, int] = {}
    for d in PLANTED:
        key = (d.source, d.table)
        table = out[key]
        n = table.num_rows
        k = max(1, int(rng.binomial(n, RATE))) if n else 0
        planted[key] = k
        if not k:
            continue
        junk = table.take(pa.array(np.sort(rng.choice(n, k, replace=False))))
        variant = rng.integers(0, 3 if d.blanks else 1, k)
        i = junk.schema.get_field_index(d.column)
        junk = junk.set_column(i, d.column, _BLANKS.take(pa.array(variant)).cast(junk.schema.field(i).type))
        if d.id_column is not None and d.new_ids is not None:
            j = junk.schema.get_field_index(d.id_column)
            junk = junk.set_column(j, d.id_column, d.new_ids(id_numbers(chunk, k, DEFECT_BASE)))
        out[key] = pa.concat_tables([table, junk])
    return out, planted


def planted_table(counts: Mapping[TableKey, int]) -> pa.Table:
    """Ground truth ``planted_defects``: source, table, defect, rows (every planted kind, zero included)."""
    return pa.table(
        {
            "source": pa.array([d.source for d in PLANTED], pa.string()),
            "table": pa.array([d.table for d in PLANTED], pa.string()),
            "defect": pa.array([d.reason for d in PLANTED], pa.string()),
            "rows": pa.array([int(counts.get((d.source, d.table), 0)) for d in PLANTED], pa.int64()),
        }
    )
