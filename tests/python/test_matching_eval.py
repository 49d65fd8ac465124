"""Tests of revops.matching_eval: hand-built truths with known answers and a brute-force property check."""

from __future__ import annotations

import itertools
import random
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from revops.matching_eval import (
    LINK_TYPES,
    SOURCES,
    TRUTH_TABLES,
    blocking_recall,
    evaluate,
    format_scores,
    sample_error_pairs,
)

Record = tuple[str, str]  # (source, record id)

# business -> records; plus a CRM contact, which is not a matchable record and must be ignored
SMALL_TRUTH: dict[str, list[Record]] = {
    "b1": [("crm", "a1"), ("crm", "a2"), ("provider", "p1"), ("discovery", "l1"), ("discovery", "l2")],
    "b2": [("crm", "a3"), ("provider", "p2")],
    "b3": [("discovery", "l3")],
    "b4": [("crm", "a4")],
}
SMALL_TRUE_PAIRS = {
    "crm-provider": 3,
    "crm-discovery": 4,
    "provider-discovery": 2,
    "crm-crm": 1,
    "provider-provider": 0,
    "discovery-discovery": 1,
    "all": 11,
}


def write_truth(folder: Path, truth: dict[str, list[Record]]) -> Path:
    rows = [(s, TRUTH_TABLES[s], rid, b) for b, recs in truth.items() for s, rid in recs]
    rows.append(("crm", "contact", "c1", "b1"))  # person-level table: not scored
    rows.append(("provider", "contacts", "a1", "b4"))  # same id as an account, other table: not scored
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "source": [r[0] for r in rows],
            "table": [r[1] for r in rows],
            "record_id": [r[2] for r in rows],
            "business_id": [r[3] for r in rows],
            "person_id": pa.nulls(len(rows), pa.string()),
        }
    )
    pq.write_table(table, folder / "record_links.parquet")
    return folder


def prediction(con: duckdb.DuckDBPyConnection, clusters: dict[Record, str | None]) -> duckdb.DuckDBPyRelation:
    table = pa.table(
        {
            "source": [k[0] for k in clusters],
            "source_record_id": [k[1] for k in clusters],
            "account_key": pa.array(list(clusters.values()), pa.string()),
        }
    )
    return con.from_arrow(table)


def all_records(truth: dict[str, list[Record]]) -> list[Record]:
    return [r for recs in truth.values() for r in recs]


def business_of(truth: dict[str, list[Record]]) -> dict[Record, str]:
    return {r: b for b, recs in truth.items() for r in recs}


@pytest.fixture()
def small_truth(tmp_path: Path) -> Path:
    return write_truth(tmp_path / "truth", SMALL_TRUTH)


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def test_perfect_prediction_scores_one(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    pred = prediction(con, {r: "k_" + b for r, b in business_of(SMALL_TRUTH).items()})
    result = evaluate(con, pred, small_truth)
    for link, n in SMALL_TRUE_PAIRS.items():
        s = result[link]
        assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (n, n, n), link
        if n:
            assert s.precision == s.recall == s.f1 == 1.0
    assert result["provider-provider"].precision is None and result["provider-provider"].f1 is None
    assert result.records_scored == {"crm": 4, "provider": 2, "discovery": 3}
    assert result.missing_from_prediction == {"crm": 0, "provider": 0, "discovery": 0}
    assert "crm-provider" in format_scores(result)


def test_one_big_cluster_has_known_precision(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    pred = prediction(con, {r: "everything" for r in all_records(SMALL_TRUTH)})
    result = evaluate(con, pred, small_truth)
    # 4 CRM accounts, 2 provider companies, 3 locations, all in one cluster
    expected_predicted = {
        "crm-provider": 8,
        "crm-discovery": 12,
        "provider-discovery": 6,
        "crm-crm": 6,
        "provider-provider": 1,
        "discovery-discovery": 3,
        "all": 36,
    }
    for link, predicted in expected_predicted.items():
        s = result[link]
        assert s.predicted_pairs == predicted, link
        assert s.recall in (1.0, None)
        expected_precision = SMALL_TRUE_PAIRS[link] / predicted
        assert s.precision == pytest.approx(expected_precision)
    assert result["crm-provider"].precision == pytest.approx(3 / 8)
    assert result["crm-provider"].f1 == pytest.approx(2 * 3 / (8 + 3))


def test_all_singletons_have_zero_recall(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    pred = prediction(con, {r: f"{r[0]}:{r[1]}" for r in all_records(SMALL_TRUTH)})
    result = evaluate(con, pred, small_truth)
    for link, n in SMALL_TRUE_PAIRS.items():
        s = result[link]
        assert s.predicted_pairs == 0 and s.precision is None
        if n:
            assert s.recall == 0.0 and s.f1 == 0.0


def test_null_keys_are_singletons(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    pred = prediction(con, {r: None for r in all_records(SMALL_TRUTH)})
    assert evaluate(con, pred, small_truth)["all"].predicted_pairs == 0


def test_missing_and_unknown_records_are_reported_not_scored(
    con: duckdb.DuckDBPyConnection, small_truth: Path
) -> None:
    clusters: dict[Record, str | None] = {r: "k_" + b for r, b in business_of(SMALL_TRUTH).items()}
    del clusters[("discovery", "l2")]
    del clusters[("crm", "a4")]
    clusters[("crm", "zz")] = "k_b1"  # not in the truth: ignored
    clusters[("discovery", "c1")] = "k_b1"  # the id of a CRM contact, but as a location: unknown
    result = evaluate(con, prediction(con, clusters), small_truth)
    assert result.missing_from_prediction == {"crm": 1, "provider": 0, "discovery": 1}
    assert result.not_in_truth == {"crm": 1, "provider": 0, "discovery": 1}
    assert result.records_scored == {"crm": 3, "provider": 2, "discovery": 2}
    # b1 without l2: crm-discovery 2 * 1, discovery-discovery none
    assert result["crm-discovery"].true_pairs == 2
    assert result["discovery-discovery"].true_pairs == 0
    assert result["all"].f1 == 1.0


def test_conflicting_cluster_keys_are_an_error(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    table = pa.table({"source": ["crm", "crm"], "source_record_id": ["a1", "a1"], "account_key": ["x", "y"]})
    with pytest.raises(ValueError, match="crm:a1"):
        evaluate(con, con.from_arrow(table), small_truth)


def test_parquet_path_table_name_and_cluster_column(
    con: duckdb.DuckDBPyConnection, small_truth: Path, tmp_path: Path
) -> None:
    rows = [(s, rid, "k_" + b) for (s, rid), b in business_of(SMALL_TRUTH).items()]
    table = pa.table(
        {
            "source": [r[0] for r in rows],
            "source_record_id": [r[1] for r in rows],
            "cluster_id": [r[2] for r in rows],
        }
    )
    path = tmp_path / "pred.parquet"
    pq.write_table(table, path)
    assert evaluate(con, path, small_truth, cluster_column="cluster_id")["all"].f1 == 1.0
    assert evaluate(con, str(path), small_truth, cluster_column="cluster_id")["all"].f1 == 1.0
    con.execute(f"create table my_pred as select * from read_parquet('{path}')")
    assert evaluate(con, "my_pred", small_truth, cluster_column="cluster_id")["crm-crm"].f1 == 1.0
    # no temporary views are left behind
    views = con.execute("select count(*) from duckdb_views() where starts_with(view_name, '__matching_eval')")
    assert views.fetchall() == [(0,)]


# ----------------------------------------------------------------------------------------------------------
# brute force


def brute_force(
    truth: dict[str, list[Record]], clusters: dict[Record, str]
) -> dict[str, tuple[int, int, int]]:
    """(true, predicted, correct) pairs per link type by enumerating every pair of scored records."""
    biz = business_of(truth)
    scored = sorted(r for r in clusters if r in biz)
    rank = {s: i for i, s in enumerate(SOURCES)}
    counts: dict[str, list[int]] = {link: [0, 0, 0] for link in LINK_TYPES}
    for x, y in itertools.combinations(scored, 2):
        a, b = sorted((x, y), key=lambda r: rank[r[0]])
        for link in (f"{a[0]}-{b[0]}", "all"):
            is_true = biz[x] == biz[y]
            is_pred = clusters[x] == clusters[y]
            counts[link][0] += is_true
            counts[link][1] += is_pred
            counts[link][2] += is_true and is_pred
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def random_truth(rng: random.Random, n_businesses: int) -> dict[str, list[Record]]:
    truth: dict[str, list[Record]] = defaultdict(list)
    ids = itertools.count()
    for b in range(n_businesses):
        for source in SOURCES:
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
                truth[f"b{b}"].append((source, f"r{next(ids)}"))
    return dict(truth)


def random_clustering(rng: random.Random, truth: dict[str, list[Record]]) -> dict[Record, str]:
    """Mostly-right clusterings with merges, splits and noise, plus the two extremes now and then."""
    records = all_records(truth)
    mode = rng.random()
    if mode < 0.1:
        return {r: "one" for r in records}
    if mode < 0.2:
        return {r: f"{r[0]}:{r[1]}" for r in records}
    biz = business_of(truth)
    n_keys = max(1, len(truth) // rng.choice([1, 2, 3]))
    clusters = {}
    for r in records:
        u = rng.random()
        if u < 0.6:
            clusters[r] = "k_" + biz[r]
        elif u < 0.8:
            clusters[r] = f"k{rng.randrange(n_keys)}"
        else:
            clusters[r] = f"{r[0]}:{r[1]}"
    return clusters


@pytest.mark.parametrize("seed", range(25))
def test_matches_brute_force_pair_enumeration(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    truth = random_truth(rng, rng.randint(1, 25))
    clusters = random_clustering(rng, truth)
    # leave some records out of the prediction, add some the truth does not know
    for dropped in rng.sample(sorted(clusters), k=len(clusters) // 10):
        del clusters[dropped]
    clusters[("provider", "ghost")] = next(iter(clusters.values()), "k")
    con = duckdb.connect()
    result = evaluate(con, prediction(con, dict(clusters)), write_truth(tmp_path / "t", truth))
    expected = brute_force(truth, clusters)
    for link in LINK_TYPES:
        s = result[link]
        assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == expected[link], link
        if s.true_pairs and s.predicted_pairs:
            prec, rec = s.correct_pairs / s.predicted_pairs, s.correct_pairs / s.true_pairs
            assert s.f1 == pytest.approx(0 if prec + rec == 0 else 2 * prec * rec / (prec + rec))
    assert sum(result.missing_from_prediction.values()) == len(all_records(truth)) - (len(clusters) - 1)


@pytest.mark.parametrize("seed", range(10))
def test_blocking_recall_matches_brute_force(tmp_path: Path, seed: int) -> None:
    rng = random.Random(1000 + seed)
    truth = random_truth(rng, rng.randint(2, 20))
    records = all_records(truth)
    biz = business_of(truth)
    universe = [r for r in records if rng.random() < 0.9]
    pairs = [p for p in itertools.combinations(records, 2) if rng.random() < 0.4]
    # candidates in either order, some repeated, some self-pairs and unknown records
    rows = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in pairs]
    rows += rng.sample(rows, k=len(rows) // 5) + [(records[0], records[0]), (("crm", "ghost"), records[0])]
    con = duckdb.connect()
    cand = con.from_arrow(
        pa.table(
            {
                "source_l": [a[0] for a, _ in rows],
                "source_record_id_l": [a[1] for a, _ in rows],
                "source_r": [b[0] for _, b in rows],
                "source_record_id_r": [b[1] for _, b in rows],
            }
        )
    )
    uni = con.from_arrow(
        pa.table({"source": [r[0] for r in universe], "source_record_id": [r[1] for r in universe]})
    )
    result = blocking_recall(con, cand, write_truth(tmp_path / "t", truth), universe=uni)
    rank = {s: i for i, s in enumerate(SOURCES)}
    in_universe = set(universe)
    cand_set = {frozenset(p) for p in pairs if set(p) <= in_universe}
    for link in LINK_TYPES:
        true_pairs = found = n_cand = 0
        for x, y in itertools.combinations(sorted(in_universe), 2):
            a, b = sorted((x, y), key=lambda r: rank[r[0]])
            if link not in (f"{a[0]}-{b[0]}", "all"):
                continue
            is_true = biz[x] == biz[y]
            true_pairs += is_true
            if frozenset((x, y)) in cand_set:
                n_cand += 1
                found += is_true
        s = result[link]
        assert (s.true_pairs, s.candidate_pairs, s.true_pairs_found) == (true_pairs, n_cand, found), link


def test_sample_error_pairs(con: duckdb.DuckDBPyConnection, small_truth: Path) -> None:
    clusters = {r: "k_" + b for r, b in business_of(SMALL_TRUTH).items()}
    clusters[("discovery", "l2")] = "k_b2"  # l2 split from b1 and merged into b2
    pred = prediction(con, dict(clusters))
    missed = sample_error_pairs(con, pred, small_truth, "crm-discovery", "missed")
    assert {(p["record_id_l"], p["record_id_r"]) for p in missed} == {("a1", "l2"), ("a2", "l2")}
    wrong = sample_error_pairs(con, pred, small_truth, "crm-discovery", "wrong")
    assert [(p["record_id_l"], p["record_id_r"], p["business_l"], p["business_r"]) for p in wrong] == [
        ("a3", "l2", "b2", "b1")
    ]
    assert sample_error_pairs(con, pred, small_truth, "crm-crm", "wrong") == []
    assert len(sample_error_pairs(con, pred, small_truth, "discovery-discovery", "missed")) == 1


def test_generated_truth_scores_itself_perfectly(con: duckdb.DuckDBPyConnection, demo_data) -> None:
    _, truth_dir = demo_data
    links = f"read_parquet('{truth_dir / 'record_links.parquet'}')"
    pred = con.sql(
        f"""
        select source, record_id as source_record_id, business_id as account_key from {links}
        where (source, "table") in (('crm', 'account'), ('provider', 'companies'), ('discovery', 'locations'))
        """
    )
    result = evaluate(con, pred, truth_dir)
    for link in ("crm-provider", "crm-discovery", "provider-discovery", "crm-crm", "discovery-discovery"):
        assert result[link].true_pairs > 0, link
        assert result[link].f1 == 1.0, link
    # CRM duplicates and location children are counted as the same business as their primary account
    kinds = con.execute(
        f"""
        select count(*) filter (where account_kind <> 'primary')
        from read_parquet('{truth_dir / "crm_account_firmographics.parquet"}')
        """
    ).fetchall()[0]
    assert result["crm-crm"].true_pairs >= kinds[0] > 0


def test_splink_baseline_runs_on_the_demo_build(demo_build, tmp_path: Path) -> None:
    """The benchmark's Splink configuration still runs with the installed Splink and scores sensibly."""
    pytest.importorskip("splink")
    from revops.bench.match import run_splink

    shutil.copy(demo_build.warehouse, tmp_path / "warehouse.duckdb")  # never share the session's file
    result = run_splink(tmp_path, seed=7, u_max_pairs=1e6)
    assert result["input_records"] > 0 and result["edges_at_threshold"] > 0
    con = duckdb.connect()
    ev = evaluate(con, tmp_path / "splink" / "clusters.parquet", demo_build.truth_dir)
    assert sum(ev.records_scored.values()) == result["input_records"]  # every staged record, once
    assert set(ev.not_in_truth.values()) == {0}
    assert ev["crm-provider"].f1 is not None and ev["crm-provider"].f1 > 0.8
    assert ev["crm-crm"].predicted_pairs > 0


def test_connected_components_of_the_benchmark() -> None:
    import numpy as np

    from revops.bench.match import connected_components

    chain = connected_components(6, np.array([4, 3, 2, 1, 0]), np.array([5, 4, 3, 2, 1]))
    assert chain.tolist() == [0] * 6
    parts = connected_components(7, np.array([1, 5, 2]), np.array([2, 3, 0]))
    assert parts.tolist() == [0, 0, 0, 3, 4, 3, 6]
    none = np.array([], dtype=np.int64)
    assert connected_components(3, none, none).tolist() == [0, 1, 2]
