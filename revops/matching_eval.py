"""Accuracy of an account matching (a clustering of source records) against the generator's ground truth.

A *prediction* is a table with one row per source record: ``source`` (``crm``, ``provider``, ``discovery``),
``source_record_id`` and a cluster key (``account_key`` by default); records sharing a key are predicted to be
the same business.  The *truth* is ``<truth_dir>/record_links.parquet`` from ``python -m revops.generate``:
``crm``/``account``, ``provider``/``companies`` and ``discovery``/``locations`` rows give the true business of
every record.

Scores are pairwise: a pair is an unordered pair of records; it is *predicted* when both records share a
cluster key and *true* when both belong to the same business.  They are reported per link type:

``crm-provider``, ``crm-discovery``, ``provider-discovery``
    pairs with one record from each source.
``crm-crm``
    CRM duplicate clusters: every two CRM accounts of one business (primaries, duplicates and location
    children alike) form a true pair.
``provider-provider``, ``discovery-discovery``
    within one source (the locations of a multi-location operator share its business).
``all``
    every pair, whatever the sources.

Only records present in both the prediction and the truth are scored; the records of the truth missing from
the prediction (and prediction records unknown to the truth) are counted and reported.  Everything is DuckDB
SQL over aggregates: pair counts come from ``n * (n - 1) / 2`` per cluster, per business and per (cluster,
business) cell, so no pairs are materialised and memory stays flat at a million accounts, however big the
predicted clusters are.

``blocking_recall`` scores a table of candidate pairs (the output of a blocking step) the same way: which
share of the true pairs it contains.  ``sample_error_pairs`` returns a few missed or wrong pairs to look at.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb

# generator source -> record_links.table holding that source's matchable records
TRUTH_TABLES: dict[str, str] = {"crm": "account", "provider": "companies", "discovery": "locations"}
SOURCES: tuple[str, ...] = tuple(TRUTH_TABLES)
CROSS_LINK_TYPES: tuple[str, ...] = ("crm-provider", "crm-discovery", "provider-discovery")
WITHIN_LINK_TYPES: tuple[str, ...] = ("crm-crm", "provider-provider", "discovery-discovery")
LINK_TYPES: tuple[str, ...] = (*CROSS_LINK_TYPES, *WITHIN_LINK_TYPES, "all")
# the link types the accuracy bars of the matching issue are about
HEADLINE_LINK_TYPES: tuple[str, ...] = ("crm-provider", "crm-discovery", "provider-discovery", "crm-crm")

TableLike = duckdb.DuckDBPyRelation | str | Path


@dataclass(frozen=True)
class PairScores:
    """Pair counts of one link type and the precision, recall and F1 they give.

    ``precision`` is ``None`` when nothing was predicted and ``recall`` is ``None`` when there is nothing to
    find; ``f1`` (``2 * correct / (predicted + true)``) is ``None`` only when both are zero.
    """

    link_type: str
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float | None:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else None

    @property
    def recall(self) -> float | None:
        return self.correct_pairs / self.true_pairs if self.true_pairs else None

    @property
    def f1(self) -> float | None:
        total = self.predicted_pairs + self.true_pairs
        return 2 * self.correct_pairs / total if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "link_type": self.link_type,
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "correct_pairs": self.correct_pairs,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Evaluation:
    """Scores per link type plus which records were scored, missing or unknown, per source."""

    scores: dict[str, PairScores]
    records_scored: dict[str, int]
    missing_from_prediction: dict[str, int]
    not_in_truth: dict[str, int]

    def __getitem__(self, link_type: str) -> PairScores:
        return self.scores[link_type]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "records_scored": self.records_scored,
            "missing_from_prediction": self.missing_from_prediction,
            "not_in_truth": self.not_in_truth,
        }


@dataclass(frozen=True)
class BlockingScores:
    """How many true pairs of one link type a set of candidate pairs contains."""

    link_type: str
    true_pairs: int
    candidate_pairs: int
    true_pairs_found: int

    @property
    def recall(self) -> float | None:
        return self.true_pairs_found / self.true_pairs if self.true_pairs else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "link_type": self.link_type,
            "true_pairs": self.true_pairs,
            "candidate_pairs": self.candidate_pairs,
            "true_pairs_found": self.true_pairs_found,
            "recall": self.recall,
        }


# ------------------------------------------------------------------------------------------------------------
# SQL building blocks


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def truth_sql(truth_dir: str | Path) -> str:
    """SELECT of (source, record_id, business_id) for every matchable record of the ground truth."""
    path = Path(truth_dir) / "record_links.parquet"
    if not path.exists():
        raise FileNotFoundError(f"ground truth not found: {path}")
    pairs = ", ".join(f"({_literal(s)}, {_literal(t)})" for s, t in TRUTH_TABLES.items())
    return f"""
        select source, record_id::varchar as record_id, any_value(business_id)::varchar as business_id
        from read_parquet({_literal(str(path))})
        where (source, "table") in ({pairs})
        group by source, record_id
    """


@contextmanager
def _view(con: duckdb.DuckDBPyConnection, table: TableLike) -> Iterator[str]:
    """A name under which ``table`` can be read in ``con``: a temp view over a relation or parquet file(s),
    or the table name itself."""
    if isinstance(table, duckdb.DuckDBPyRelation):
        name = f"__matching_eval_{uuid.uuid4().hex[:12]}"
        table.create_view(name, replace=True)
        try:
            yield name
        finally:
            con.execute(f"drop view if exists {name}")
        return
    text = str(table)
    if isinstance(table, Path) or text.endswith(".parquet") or "*" in text:
        name = f"__matching_eval_{uuid.uuid4().hex[:12]}"
        con.execute(f"create temp view {name} as select * from read_parquet({_literal(text)})")
        try:
            yield name
        finally:
            con.execute(f"drop view if exists {name}")
        return
    yield text  # a table or view name (optionally schema-qualified) of the connection


def _source_rank(col: str) -> str:
    return f"case {col} when 'crm' then 0 when 'provider' then 1 when 'discovery' then 2 else 3 end"


def _pair_expressions() -> dict[str, str]:
    """Pair count per link type from per-source counts ``n_crm``, ``n_provider``, ``n_discovery``."""
    n = {s: f"n_{s}" for s in SOURCES}
    total = " + ".join(n.values())
    exprs: dict[str, str] = {}
    for link in LINK_TYPES:
        if link == "all":
            exprs[link] = f"({total}) * ({total} - 1) // 2"
            continue
        a, b = link.split("-")
        exprs[link] = f"{n[a]} * ({n[a]} - 1) // 2" if a == b else f"{n[a]} * {n[b]}"
    return exprs


def _counts_by_source(group_cols: str, from_sql: str) -> str:
    counts = ", ".join(f"count(*) filter (where source = {_literal(s)}) as n_{s}" for s in SOURCES)
    return f"select {group_cols}, {counts} from {from_sql} group by {group_cols}"


# ------------------------------------------------------------------------------------------------------------
# public API


def evaluate(
    con: duckdb.DuckDBPyConnection,
    prediction: TableLike,
    truth_dir: str | Path,
    *,
    cluster_column: str = "account_key",
) -> Evaluation:
    """Pairwise precision, recall and F1 of a predicted clustering, per link type.

    ``prediction`` is a relation of ``con``, a parquet path (or glob) or the name of a table of ``con``, with
    ``source``, ``source_record_id`` and ``cluster_column``, one row per record.  A record listed twice with
    different cluster keys is an error; a null cluster key makes the record a singleton.
    """
    with _view(con, prediction) as pred_name:
        pred_sql = f"""
            select source::varchar as source, source_record_id::varchar as record_id,
                   {_quote(cluster_column)}::varchar as cluster_key
            from {pred_name}
        """
        dups = con.execute(
            f"""
            select source, record_id, count(distinct coalesce(cluster_key, '<null>')) as n
            from ({pred_sql}) group by all having n > 1 limit 1
            """
        ).fetchall()
        if dups:
            dup = dups[0]
            raise ValueError(f"record {dup[0]}:{dup[1]} has {dup[2]} cluster keys in the prediction")

        base = f"""
            with pred as (select distinct * from ({pred_sql})),
            truth as ({truth_sql(truth_dir)}),
            scored as (
                select p.source,
                       coalesce(p.cluster_key, '<singleton>:' || p.source || ':' || p.record_id)
                           as cluster_key,
                       t.business_id
                from pred p join truth t on p.source = t.source and p.record_id = t.record_id
            ),
            cells as ({_counts_by_source("cluster_key, business_id", "scored")}),
            clusters as (
                select cluster_key, {", ".join(f"sum(n_{s}) as n_{s}" for s in SOURCES)}
                from cells group by cluster_key
            ),
            businesses as (
                select business_id, {", ".join(f"sum(n_{s}) as n_{s}" for s in SOURCES)}
                from cells group by business_id
            )
        """
        selects = []
        sums = ", ".join(f"coalesce(sum({e}), 0)::bigint" for e in _pair_expressions().values())
        for what, relation in (("true", "businesses"), ("predicted", "clusters"), ("correct", "cells")):
            selects.append(f"select {_literal(what)} as what, {sums} from {relation}")
        rows = {r[0]: r[1:] for r in con.execute(base + " union all ".join(selects)).fetchall()}

        scores = {
            link: PairScores(
                link_type=link,
                true_pairs=int(rows["true"][i]),
                predicted_pairs=int(rows["predicted"][i]),
                correct_pairs=int(rows["correct"][i]),
            )
            for i, link in enumerate(LINK_TYPES)
        }

        coverage = con.execute(
            f"""
            with pred as (select distinct source, record_id from ({pred_sql})),
            truth as ({truth_sql(truth_dir)})
            select coalesce(p.source, t.source) as source,
                   count(*) filter (where p.record_id is not null and t.record_id is not null) as scored,
                   count(*) filter (where p.record_id is null) as missing,
                   count(*) filter (where t.record_id is null) as unknown
            from pred p full outer join truth t on p.source = t.source and p.record_id = t.record_id
            group by all
            """
        ).fetchall()
    by_source = {r[0]: r[1:] for r in coverage}
    known = [s for s in SOURCES if s in by_source] + sorted(s for s in by_source if s not in SOURCES)
    return Evaluation(
        scores=scores,
        records_scored={s: int(by_source[s][0]) for s in known},
        missing_from_prediction={s: int(by_source[s][1]) for s in known},
        not_in_truth={s: int(by_source[s][2]) for s in known},
    )


def blocking_recall(
    con: duckdb.DuckDBPyConnection,
    candidate_pairs: TableLike,
    truth_dir: str | Path,
    *,
    universe: TableLike | None = None,
    columns: tuple[str, str, str, str] = ("source_l", "source_record_id_l", "source_r", "source_record_id_r"),
) -> dict[str, BlockingScores]:
    """Share of the true pairs, per link type, that a table of candidate record pairs contains.

    ``candidate_pairs`` has one row per candidate pair (either order; repeats are counted once) with the
    columns named in ``columns``.  True pairs are those among the records of ``universe`` (a table with
    ``source`` and ``source_record_id``: the records that were blocked, e.g. the staged ones), or among every
    record of the truth when it is not given.  The candidate pairs themselves are read once; true pairs are
    counted with ``n * (n - 1) / 2`` per business.
    """
    sl, il, sr, ir = (_quote(c) for c in columns)
    with _view(con, candidate_pairs) as cand_name, _universe_view(con, universe) as universe_sql:
        key_l = f"{_source_rank(sl)}::varchar || ':' || {il}::varchar"
        key_r = f"{_source_rank(sr)}::varchar || ':' || {ir}::varchar"
        sql = f"""
            with truth as ({truth_sql(truth_dir)}),
            records as (
                select t.* from truth t
                {"" if universe_sql is None else f"semi join ({universe_sql}) u using (source, record_id)"}
            ),
            cand as (
                select distinct
                    case when {key_l} <= {key_r} then {sl} else {sr} end::varchar as source_a,
                    case when {key_l} <= {key_r} then {il} else {ir} end::varchar as id_a,
                    case when {key_l} <= {key_r} then {sr} else {sl} end::varchar as source_b,
                    case when {key_l} <= {key_r} then {ir} else {il} end::varchar as id_b
                from {cand_name}
                where not ({sl} = {sr} and {il} = {ir})
            ),
            cand_scored as (
                select c.source_a || '-' || c.source_b as link_type, a.business_id = b.business_id as is_true
                from cand c
                join records a on a.source = c.source_a and a.record_id = c.id_a
                join records b on b.source = c.source_b and b.record_id = c.id_b
            ),
            businesses as ({_counts_by_source("business_id", "records")})
            select link_type, count(*) as candidates, count(*) filter (where is_true) as found
            from cand_scored group by all
        """
        found = {r[0]: (int(r[1]), int(r[2])) for r in con.execute(sql).fetchall()}
        exprs = _pair_expressions()
        true_sql = f"""
            with truth as ({truth_sql(truth_dir)}),
            records as (
                select t.* from truth t
                {"" if universe_sql is None else f"semi join ({universe_sql}) u using (source, record_id)"}
            ),
            businesses as ({_counts_by_source("business_id", "records")})
            select {", ".join(f"coalesce(sum({e}), 0)::bigint" for e in exprs.values())} from businesses
        """
        true_row = con.execute(true_sql).fetchall()[0]
    result: dict[str, BlockingScores] = {}
    for i, link in enumerate(LINK_TYPES):
        if link == "all":
            cands = sum(v[0] for v in found.values())
            hits = sum(v[1] for v in found.values())
        else:
            cands, hits = found.get(link, (0, 0))
        result[link] = BlockingScores(link, int(true_row[i]), cands, hits)
    return result


@contextmanager
def _universe_view(con: duckdb.DuckDBPyConnection, universe: TableLike | None) -> Iterator[str | None]:
    if universe is None:
        yield None
        return
    with _view(con, universe) as name:
        yield f"select source::varchar as source, source_record_id::varchar as record_id from {name}"


def sample_error_pairs(
    con: duckdb.DuckDBPyConnection,
    prediction: TableLike,
    truth_dir: str | Path,
    link_type: str,
    kind: Literal["missed", "wrong"],
    *,
    limit: int = 20,
    seed: int = 0,
    cluster_column: str = "account_key",
) -> list[dict[str, Any]]:
    """A deterministic sample of ``missed`` (true, not predicted) or ``wrong`` (predicted, not true) pairs.

    Each row has ``source_l``, ``record_id_l``, ``source_r``, ``record_id_r``, both cluster keys and both true
    businesses.  Missed pairs are enumerated within true businesses (small); wrong pairs start from a sample
    of records in impure clusters and take one partner each, so a giant predicted cluster is never expanded.
    """
    if link_type not in LINK_TYPES or link_type == "all":
        raise ValueError(f"link_type must be one of {LINK_TYPES[:-1]}")
    a, b = link_type.split("-")
    with _view(con, prediction) as pred_name:
        scored = f"""
            with truth as ({truth_sql(truth_dir)}),
            scored as (
                select p.source::varchar as source, p.source_record_id::varchar as record_id,
                       coalesce(p.{_quote(cluster_column)}::varchar,
                                '<singleton>:' || p.source || ':' || p.source_record_id) as cluster_key,
                       t.business_id,
                       hash(p.source, p.source_record_id, {int(seed)}) as h
                from {pred_name} p
                join truth t on p.source = t.source and p.source_record_id::varchar = t.record_id
            )
        """
        order_pair = f"l.source = {_literal(a)} and r.source = {_literal(b)}"
        if a == b:
            order_pair += " and l.record_id < r.record_id"
        if kind == "missed":
            sql = f"""
                {scored}
                select l.source as source_l, l.record_id as record_id_l, r.source as source_r,
                       r.record_id as record_id_r, l.cluster_key as cluster_l, r.cluster_key as cluster_r,
                       l.business_id as business_l, r.business_id as business_r
                from scored l join scored r on l.business_id = r.business_id and {order_pair}
                where l.cluster_key <> r.cluster_key
                order by hash(l.h, r.h) limit {int(limit)}
            """
        elif kind == "wrong":
            sql = f"""
                {scored},
                impure as (
                    select cluster_key from scored group by cluster_key
                    having count(distinct business_id) > 1
                       and count(*) filter (where source = {_literal(a)}) > 0
                       and count(*) filter (where source = {_literal(b)}) > 0
                ),
                seeds as (
                    select s.* from scored s semi join impure using (cluster_key)
                    where s.source = {_literal(a)}
                    order by s.h limit {int(limit)}
                ),
                partners as (
                    select l.source as source_l, l.record_id as record_id_l, r.source as source_r,
                           r.record_id as record_id_r, l.cluster_key as cluster_l, r.cluster_key as cluster_r,
                           l.business_id as business_l, r.business_id as business_r,
                           row_number() over (partition by l.source, l.record_id order by r.h) as rn
                    from seeds l join scored r
                      on r.cluster_key = l.cluster_key and r.source = {_literal(b)}
                     and r.business_id <> l.business_id
                )
                select * exclude (rn) from partners where rn = 1 order by record_id_l
            """
        else:
            raise ValueError("kind must be 'missed' or 'wrong'")
        rel = con.execute(sql)
        names = [d[0] for d in rel.description]
        return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def format_scores(evaluation: Evaluation, link_types: tuple[str, ...] = HEADLINE_LINK_TYPES) -> str:
    """A plain-text table of one evaluation."""

    def f(x: float | None) -> str:
        return "   -  " if x is None else f"{x:6.4f}"

    head = f"{'link type':<20} {'precision':>9} {'recall':>9} {'F1':>9} {'true':>10} {'pred':>10} {'ok':>10}"
    lines = [head]
    for link in link_types:
        s = evaluation.scores[link]
        lines.append(
            f"{link:<20} {f(s.precision):>9} {f(s.recall):>9} {f(s.f1):>9} "
            f"{s.true_pairs:>10,} {s.predicted_pairs:>10,} {s.correct_pairs:>10,}"
        )
    return "\n".join(lines)
