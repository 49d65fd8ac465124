"""Account-matching benchmark: our dbt matcher and a Splink 5 baseline on the same generated data.

Usage::

    python -m revops.bench.match --accounts N --seed S [--work DIR] [--matchers splink,revops]

Steps (everything lands in the work folder, ``/tmp/revops_bench_match/n<N>_s<S>`` by default):

1. ``python -m revops.generate`` writes ``raw/`` and ``truth/`` (kept and reused for the same N and seed).
2. The real dbt CLI builds the staging models the matchers read (``stg_crm__accounts``,
   ``stg_provider__companies``, ``stg_discovery__locations``, and the people listed on them, which only our
   matcher uses as shared-contact evidence) into ``warehouse.duckdb``.
3. Each matcher runs in its own process, timed (wall seconds) and measured (peak resident memory, from
   ``wait4``):

   ``splink``
       Splink 5 on DuckDB, configured as a fair user would without labels (see ``splink_settings``): one
       unified ``link_and_dedupe`` input of the three record sets over the normalised staging columns,
       unsupervised training, ``predict`` at its 0.9 threshold and connected components at 0.9.
   ``revops``
       the project's own matcher, ``marts.account_matches``: the dbt models between the staging
       models and ``account_matches`` are run (``dbt run``; the rest of its ancestors are built untimed
       first, its tests run untimed after).  Skipped with "revops matcher: not built yet" while the model does
       not exist.

4. Both clusterings are scored against the ground truth with ``revops.matching_eval`` (pairwise precision,
   recall, F1 per link type); Splink's blocking recall is reported too, and a sample of the true pairs each
   matcher misses (and the wrong pairs it makes) is written with both records side by side.
5. A table is printed; ``bench_match.json`` and ``bench_match.md`` are written to the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import pyarrow as pa

from revops import dbt_cli
from revops import matching_eval as me

STAGING_MODELS = (
    "stg_crm__accounts",
    "stg_provider__companies",
    "stg_discovery__locations",
    # the people listed on the records (shared-contact evidence)
    "stg_crm__contacts",
    "stg_provider__contacts",
    "stg_discovery__decision_makers",
)
ALL_MATCHERS = ("splink", "revops")
THRESHOLD = 0.9  # Splink's predict and clustering threshold (the issue's "default 0.9")
REPORT_LINK_TYPES = (*me.HEADLINE_LINK_TYPES, "discovery-discovery")
MATCH_COLUMNS = (
    "name_key",
    "name_first_token",
    "domain",
    "phone_e164",
    "street_key",
    "postal_code",
    "city",
    "state_code",
)


# ------------------------------------------------------------------------------------------------------------
# the unified input: the three staging tables in one vocabulary


def unified_input_sql(catalog: str) -> str:
    """SELECT of every CRM account, provider company and discovery location with the normalised match columns.

    ``catalog`` is the attached warehouse.  ``unique_id`` is ``source:record_id``; ``source_dataset`` is the
    source.  Phones count only when valid; empty strings become null; the city is lower-cased without
    punctuation (the only normalisation added here: the staging models already key names, streets, ZIPs,
    states, domains and phones).
    """

    def part(
        source: str, table: str, rid: str, name: str, street: str, city: str, state: str, zip_: str
    ) -> str:
        return f"""
        select
            '{source}:' || {rid} as unique_id,
            '{source}' as source_dataset,
            {rid}::varchar as source_record_id,
            nullif(trim({name}), '') as name_key,
            nullif(split_part(trim({name}), ' ', 1), '') as name_first_token,
            nullif(trim(domain), '') as domain,
            case when is_phone_valid then phone_e164 end as phone_e164,
            nullif(trim({street}), '') as street_key,
            nullif(trim({zip_}), '') as postal_code,
            nullif(trim(regexp_replace(lower({city}), '[^a-z ]+', '', 'g')), '') as city,
            nullif(trim({state}), '') as state_code
        from {catalog}.staging.{table}"""

    return " union all ".join(
        [
            part(
                "crm",
                "stg_crm__accounts",
                "account_id",
                "account_name_key",
                "billing_street_key",
                "billing_city",
                "billing_state_code",
                "billing_postal_code",
            ),
            part(
                "provider",
                "stg_provider__companies",
                "provider_company_id",
                "company_name_key",
                "street_key",
                "city",
                "state_code",
                "postal_code",
            ),
            part(
                "discovery",
                "stg_discovery__locations",
                "location_id",
                "business_name_key",
                "street_key",
                "city",
                "state_code",
                "postal_code",
            ),
        ]
    )


# the blocking rules given to Splink for predictions, as (columns that must be equal and non-null)
PREDICTION_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("phone_e164",),
    ("domain",),
    ("postal_code", "name_first_token"),
    ("street_key", "postal_code"),
)


def splink_settings() -> Any:
    """The Splink model a fair user would write for this data, without labels.

    Comparisons (each on a normalised staging column):
      * ``name_key``: ``NameComparison`` (exact with term-frequency adjustment, Jaro-Winkler 0.92 / 0.88 /
        0.7);
      * ``domain`` and ``phone_e164``: ``ExactMatch`` with term-frequency adjustments (a chain's shared domain
        or a hotel's switchboard number is weaker evidence than a unique one);
      * ``street_key``: exact / Jaro-Winkler >= 0.9 (house number and street, normalised by staging);
      * location: exact 5-digit ZIP / same city and state / else (Splink's ``PostcodeComparison`` is built for
        UK postcodes: its sector/district/area regexes do not fit US ZIPs).
    Blocking: same phone; same domain; same ZIP and first name token; same street key and ZIP.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    location = cl.CustomComparison(
        output_column_name="location",
        comparison_levels=[
            cll.And(cll.NullLevel("postal_code"), cll.NullLevel("city")),
            cll.ExactMatchLevel("postal_code"),
            cll.And(cll.ExactMatchLevel("city"), cll.ExactMatchLevel("state_code")),
            cll.ElseLevel(),
        ],
        comparison_description="ZIP, else city and state",
    )
    return SettingsCreator(
        link_type="link_and_dedupe",
        unique_id_column_name="unique_id",
        source_dataset_column_name="source_dataset",
        comparisons=[
            cl.NameComparison("name_key"),
            cl.ExactMatch("domain").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone_e164").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("street_key", [0.9]),
            location,
        ],
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in PREDICTION_BLOCKS],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["source_record_id"],
    )


def run_splink(work: Path, seed: int, u_max_pairs: float) -> dict[str, Any]:
    """The Splink matcher (run in a child process): read staging, train, predict, cluster, write clusters.

    Training is unsupervised, as Splink's tutorials do it: ``probability_two_random_records_match`` from
    deterministic rules (same name key and ZIP / domain / phone) with a guessed recall of 0.7; u from random
    pairs (``u_max_pairs``, seeded); m by EM on two training blocks.  Then ``predict`` at match probability
    0.9 and connected components at 0.9.  Writes ``<work>/splink/clusters.parquet`` and ``model.json``.
    """
    import logging

    from splink import DuckDBAPI, Linker, block_on

    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    out = work / "splink"
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"attach '{work / 'warehouse.duckdb'}' as wh (read_only)")
    con.execute(f"create table match_input as {unified_input_sql('wh')}")
    con.execute("detach wh")
    n_input = con.execute("select count(*) from match_input").fetchall()[0][0]
    phases["load"] = time.perf_counter() - t0

    db_api = DuckDBAPI(connection=con)
    records = db_api.register("match_input")
    linker = Linker(records, splink_settings(), log_level=logging.INFO)

    t = time.perf_counter()
    # deterministic rules that admit almost no false positives; recall is a user's guess, not measured
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("name_key", "postal_code"),
            block_on("name_key", "domain"),
            block_on("name_key", "phone_e164"),
        ],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    # EM on two blocks, each estimating the m of the comparisons it does not block on.  Of the pairs of
    # training blocks tried (phone, domain, name key, ZIP + first name token, street + ZIP), this one gives
    # Splink its best F1 on every link type: the baseline is the strongest of the sensible configurations.
    for training_block in (block_on("domain"), block_on("postal_code", "name_first_token")):
        linker.training.estimate_parameters_using_expectation_maximisation(training_block)
    phases["train"] = time.perf_counter() - t

    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    phases["predict"] = time.perf_counter() - t

    t = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD
    )
    con.execute(
        f"""
        copy (select source_dataset as source, source_record_id, cluster_id::varchar as account_key
              from {clusters.physical_name})
        to '{out / "clusters.parquet"}' (format parquet)
        """
    )
    phases["cluster"] = time.perf_counter() - t
    n_edges = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    linker.misc.save_model_to_json(str(out / "model.json"), overwrite=True)
    phases["total_in_process"] = time.perf_counter() - t0
    return {
        "input_records": int(n_input),
        "edges_at_threshold": int(n_edges),
        "phases_s": phases,
    }


# ------------------------------------------------------------------------------------------------------------
# processes, measured


@dataclass
class Measured:
    returncode: int
    wall_s: float
    peak_rss_mb: float
    log: Path


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run a command in its own process; wall time and peak resident memory (of it and its children)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=dbt_cli.PROJECT_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB
    return Measured(proc.returncode, wall, usage.ru_maxrss / 1024, log)


def dbt_env(work: Path) -> dict[str, str]:
    return dbt_cli.dbt_env(work / "raw", work / "warehouse.duckdb")


def dbt_cmd(work: Path, *args: str) -> list[str]:
    return dbt_cli.dbt_command(list(args), work / "dbt")


def tail(path: Path, n: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-n:])


def ensure_data(work: Path, accounts: int, seed: int) -> dict[str, Any]:
    """Generate raw data and ground truth unless the work folder already holds them for this N and seed."""
    stamp = work / "generated.json"
    wanted = {"accounts": accounts, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()).get("params") == wanted:
        print(f"reusing generated data in {work}")
        return json.loads(stamp.read_text())
    for sub in ("raw", "truth"):
        shutil.rmtree(work / sub, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    print(f"generating {accounts:,} accounts (seed {seed}) into {work}")
    cmd = [
        sys.executable,
        "-m",
        "revops.generate",
        "--accounts",
        str(accounts),
        "--seed",
        str(seed),
        "--out",
        str(work / "raw"),
        "--truth",
        str(work / "truth"),
        "--no-progress",
        "--workers",
        str(max(1, min(2, os.cpu_count() or 1))),
    ]
    m = run_measured(cmd, work / "logs" / "generate.log")
    if m.returncode:
        raise SystemExit(f"generator failed:\n{tail(m.log)}")
    info = {"params": wanted, "wall_s": m.wall_s, "peak_rss_mb": m.peak_rss_mb}
    stamp.write_text(json.dumps(info, indent=2))
    return info


def build_staging(work: Path) -> Measured:
    select = [f"+{m}" for m in STAGING_MODELS]
    cmd = dbt_cmd(work, "build", "--select", *select, "--indirect-selection", "cautious")
    print("dbt build " + " ".join(select))
    m = run_measured(cmd, work / "logs" / "dbt_staging.log", dbt_env(work))
    if m.returncode:
        raise SystemExit(f"dbt build of the staging models failed:\n{tail(m.log)}")
    return m


# ------------------------------------------------------------------------------------------------------------
# matchers


@dataclass
class MatcherRun:
    matcher: str
    status: str  # ok | skipped | failed
    # wall_s: the matcher's process, start to exit (interpreter and dbt start-up included)
    wall_s: float | None = None
    peak_rss_mb: float | None = None
    # parquet path or warehouse relation with source, source_record_id, account_key
    clusters: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # engine_s: the work itself (Splink: load to written clusters; dbt: its own elapsed time)
    engine_s: float | None = None


def matcher_splink(work: Path, seed: int, u_max_pairs: float) -> MatcherRun:
    print("splink: training, predicting and clustering")
    cmd = [
        sys.executable,
        "-m",
        "revops.bench.match",
        "--worker",
        "splink",
        "--work",
        str(work),
        "--seed",
        str(seed),
        "--u-max-pairs",
        str(u_max_pairs),
    ]
    m = run_measured(cmd, work / "logs" / "splink.log")
    if m.returncode:
        print(f"splink failed:\n{tail(m.log)}")
        return MatcherRun("splink", "failed", m.wall_s, m.peak_rss_mb, details={"log": str(m.log)})
    details = json.loads((work / "splink" / "result.json").read_text())
    details["log"] = str(m.log)
    clusters = str(work / "splink" / "clusters.parquet")
    engine = details["phases_s"]["total_in_process"]
    return MatcherRun("splink", "ok", m.wall_s, m.peak_rss_mb, clusters, details, engine)


def _dbt_ls(work: Path, *args: str) -> list[str]:
    cmd = dbt_cmd(work, "ls", "--resource-type", "model", "--output", "name", "--quiet", *args)
    res = subprocess.run(cmd, cwd=dbt_cli.PROJECT_ROOT, env=dbt_env(work), capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(f"dbt ls failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return [line.strip() for line in res.stdout.splitlines() if line.strip() and " " not in line.strip()]


def matcher_revops(work: Path) -> MatcherRun:
    if "account_matches" not in _dbt_ls(work, "--select", "account_matches"):
        print("revops matcher: not built yet")
        return MatcherRun("revops", "skipped", details={"reason": "model account_matches does not exist yet"})
    # the matcher proper: models downstream of the three staging models and upstream of account_matches
    matcher_sel = [f"{m}+,+account_matches" for m in STAGING_MODELS]
    matcher_models = sorted(set(_dbt_ls(work, "--select", *matcher_sel)) - set(STAGING_MODELS))
    env = dbt_env(work)
    print("revops: building the other ancestors of account_matches (untimed)")
    prep = run_measured(
        dbt_cmd(
            work,
            "build",
            "--select",
            "+account_matches",
            "--exclude",
            *matcher_models,
            *STAGING_MODELS,
            "--indirect-selection",
            "cautious",
        ),
        work / "logs" / "revops_prep.log",
        env,
    )
    if prep.returncode:
        print(f"revops matcher: building its inputs failed:\n{tail(prep.log)}")
        return MatcherRun("revops", "failed", details={"log": str(prep.log)})
    print(f"revops: dbt run of {len(matcher_models)} matcher models (timed)")
    m = run_measured(dbt_cmd(work, "run", "--select", *matcher_models), work / "logs" / "revops_run.log", env)
    details: dict[str, Any] = {"models": matcher_models, "log": str(m.log)}
    results_path = work / "dbt" / "target" / "run_results.json"
    if results_path.exists():
        details["dbt_elapsed_s"] = json.loads(results_path.read_text()).get("elapsed_time")
    if m.returncode:
        print(f"revops matcher failed:\n{tail(m.log)}")
        return MatcherRun("revops", "failed", m.wall_s, m.peak_rss_mb, details=details)
    test = run_measured(
        dbt_cmd(work, "test", "--select", *matcher_models), work / "logs" / "revops_test.log", env
    )
    details["dbt_tests_passed"] = test.returncode == 0
    clusters = "wh.marts.account_matches"
    engine = details.get("dbt_elapsed_s")
    return MatcherRun("revops", "ok", m.wall_s, m.peak_rss_mb, clusters, details, engine)


# ------------------------------------------------------------------------------------------------------------
# evaluation and error analysis


def blocking_candidates_sql() -> str:
    """Candidate pairs of Splink's prediction blocking rules (the same equi-joins, nulls never equal)."""
    parts = []
    for cols in PREDICTION_BLOCKS:
        cond = " and ".join(f"l.{c} = r.{c}" for c in cols)
        parts.append(
            f"""select l.source_dataset as source_l, l.source_record_id as source_record_id_l,
                       r.source_dataset as source_r, r.source_record_id as source_record_id_r
                from match_input l join match_input r on {cond} and l.unique_id < r.unique_id"""
        )
    return " union ".join(parts)


def error_samples(
    con: duckdb.DuckDBPyConnection, prediction: str, truth: Path, seed: int, per_type: int = 8
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Missed and wrong pairs per headline link type, with both records' match columns side by side."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    cols = ", ".join(MATCH_COLUMNS)
    for link in me.HEADLINE_LINK_TYPES:
        out[link] = {}
        kinds: tuple[Literal["missed", "wrong"], ...] = ("missed", "wrong")
        for kind in kinds:
            pairs = me.sample_error_pairs(con, prediction, truth, link, kind, limit=per_type, seed=seed)
            rows = []
            for p in pairs:
                recs = {}
                for side in ("l", "r"):
                    found = con.execute(
                        f"select {cols} from match_input where unique_id = ?",
                        [f"{p[f'source_{side}']}:{p[f'record_id_{side}']}"],
                    ).fetchall()
                    recs[side] = dict(zip(MATCH_COLUMNS, found[0], strict=True)) if found else {}
                rows.append({**p, "record_l": recs["l"], "record_r": recs["r"]})
            out[link][kind] = rows
    return out


def missed_pair_profile(con: duckdb.DuckDBPyConnection, prediction: str, truth: Path) -> list[dict[str, Any]]:
    """For every missed cross-source or CRM-CRM true pair: which fields agree, counted by pattern.

    Enumerates true pairs within businesses (small), so it is bounded by the truth, not by the prediction.
    """
    agree = ", ".join(
        f"coalesce(l.{c} = r.{c}, false) as same_{c}"
        for c in ("name_key", "domain", "phone_e164", "street_key", "postal_code")
    )
    sql = f"""
        with truth as ({me.truth_sql(truth)}),
        scored as (
            select t.business_id, p.account_key::varchar as account_key, m.*
            from {prediction} p
            join truth t on t.source = p.source and t.record_id = p.source_record_id::varchar
            join match_input m on m.unique_id = p.source || ':' || p.source_record_id
        ),
        missed as (
            select l.source_dataset || '-' || r.source_dataset as link_type, {agree}
            from scored l join scored r
              on l.business_id = r.business_id and l.unique_id < r.unique_id
             and (case l.source_dataset when 'crm' then 0 when 'provider' then 1 else 2 end)
              <= (case r.source_dataset when 'crm' then 0 when 'provider' then 1 else 2 end)
            where l.account_key <> r.account_key
        )
        select link_type, same_name_key, same_domain, same_phone_e164, same_street_key, same_postal_code,
               count(*) as pairs
        from missed group by all order by pairs desc limit 40
    """
    rel = con.execute(sql)
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def crm_pairs_by_kind(con: duckdb.DuckDBPyConnection, prediction: str, truth: Path) -> list[dict[str, Any]]:
    """Recall of the true CRM-CRM pairs by the kinds of the two accounts (primary, duplicate, location_child).

    Duplicates of one account and the location children of a multi-location operator are both "the same
    business" in the ground truth but are very different problems; this splits the crm-crm recall by them.
    """
    kinds = Path(truth) / "crm_account_firmographics.parquet"
    if not kinds.exists():
        return []
    sql = f"""
        with truth as ({me.truth_sql(truth)}),
        kind as (select record_id::varchar as record_id, account_kind from read_parquet('{kinds}')),
        crm as (
            select t.record_id, t.business_id, coalesce(k.account_kind, 'unknown') as account_kind,
                   p.account_key::varchar as account_key
            from {prediction} p
            join truth t
              on t.source = 'crm' and p.source = 'crm' and t.record_id = p.source_record_id::varchar
            left join kind k on k.record_id = t.record_id
        )
        select least(l.account_kind, r.account_kind) || '-' || greatest(l.account_kind, r.account_kind)
                   as kinds,
               count(*) as true_pairs, count(*) filter (where l.account_key = r.account_key) as found
        from crm l join crm r on l.business_id = r.business_id and l.record_id < r.record_id
        group by all order by true_pairs desc
    """
    rows = con.execute(sql).fetchall()
    return [{"kinds": k, "true_pairs": n, "found": f, "recall": f / n if n else None} for k, n, f in rows]


def connected_components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Component label (smallest node id) of each of ``n`` nodes, given undirected edges ``u``-``v``."""
    labels = np.arange(n, dtype=np.int64)
    while True:
        m = np.minimum(labels[u], labels[v])
        before = labels.copy()
        np.minimum.at(labels, u, m)
        np.minimum.at(labels, v, m)
        labels = labels[labels]  # pointer jumping
        if np.array_equal(labels, before):
            return labels


def blocking_ceiling(con: duckdb.DuckDBPyConnection, truth: Path) -> me.Evaluation:
    """Recall ceiling of the blocking rules: a perfect scorer that keeps exactly the true candidate pairs,
    then connected components (as Splink's clustering does).  Precision is 1 by construction."""
    con.execute(
        """
        create or replace temp table ceiling_nodes as
        select source_dataset as source, source_record_id, (row_number() over () - 1)::bigint as node
        from match_input
        """
    )
    edges = con.execute(
        f"""
        with truth as ({me.truth_sql(truth)})
        select a.node as u, b.node as v
        from splink_candidates c
        join truth ta on ta.source = c.source_l and ta.record_id = c.source_record_id_l
        join truth tb on tb.source = c.source_r and tb.record_id = c.source_record_id_r
        join ceiling_nodes a on a.source = c.source_l and a.source_record_id = c.source_record_id_l
        join ceiling_nodes b on b.source = c.source_r and b.source_record_id = c.source_record_id_r
        where ta.business_id = tb.business_id
        """
    ).fetchnumpy()
    n = con.execute("select count(*) from ceiling_nodes").fetchall()[0][0]
    labels = connected_components(int(n), np.asarray(edges["u"]), np.asarray(edges["v"]))
    con.register("ceiling_labels", pa.table({"node": np.arange(n, dtype=np.int64), "label": labels}))
    con.execute(
        """
        create or replace temp table ceiling_clusters as
        select n.source, n.source_record_id, l.label::varchar as account_key
        from ceiling_nodes n join ceiling_labels l using (node)
        """
    )
    con.unregister("ceiling_labels")
    return me.evaluate(con, "ceiling_clusters", truth)


def evaluate_runs(work: Path, runs: list[MatcherRun], seed: int) -> dict[str, Any]:
    truth = work / "truth"
    con = duckdb.connect()
    con.execute(f"attach '{work / 'warehouse.duckdb'}' as wh (read_only)")
    con.execute(f"create temp table match_input as {unified_input_sql('wh')}")
    results: dict[str, Any] = {}
    for run in runs:
        if run.status != "ok" or run.clusters is None:
            continue
        print(f"evaluating {run.matcher}")
        rel = run.clusters if run.clusters.startswith("wh.") else f"read_parquet('{run.clusters}')"
        con.execute(
            f"create or replace temp view pred_{run.matcher} as "
            f"select source, source_record_id, account_key from {rel}"
        )
        ev = me.evaluate(con, f"pred_{run.matcher}", truth)
        results[run.matcher] = {
            "evaluation": ev.as_dict(),
            "errors": error_samples(con, f"pred_{run.matcher}", truth, seed),
            "missed_patterns": missed_pair_profile(con, f"pred_{run.matcher}", truth),
            "crm_pairs_by_kind": crm_pairs_by_kind(con, f"pred_{run.matcher}", truth),
        }
        print(me.format_scores(ev, REPORT_LINK_TYPES))
    if any(r.matcher == "splink" and r.status == "ok" for r in runs):
        print("blocking recall of the Splink prediction blocking rules")
        con.execute(f"create temp table splink_candidates as {blocking_candidates_sql()}")
        universe = "(select source_dataset as source, source_record_id from match_input)"
        con.execute(f"create temp view bench_universe as {universe}")
        br = me.blocking_recall(con, "splink_candidates", truth, universe="bench_universe")
        results["splink"]["blocking"] = {k: v.as_dict() for k, v in br.items()}
        ceiling = blocking_ceiling(con, truth)
        results["splink"]["blocking_ceiling"] = ceiling.as_dict()
        print("recall ceiling of those blocks (perfect scorer + connected components):")
        print(me.format_scores(ceiling, REPORT_LINK_TYPES))
    con.close()
    return results


# ------------------------------------------------------------------------------------------------------------
# report


def _fmt(x: float | None, spec: str = ".4f") -> str:
    return "-" if x is None else format(x, spec)


def report_rows(runs: list[MatcherRun], results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for run in runs:
        if run.matcher not in results:
            continue
        scores = results[run.matcher]["evaluation"]["scores"]
        for link in REPORT_LINK_TYPES:
            s = scores[link]
            rows.append(
                {
                    "matcher": run.matcher,
                    "link_type": link,
                    "precision": s["precision"],
                    "recall": s["recall"],
                    "f1": s["f1"],
                    "true_pairs": s["true_pairs"],
                    "predicted_pairs": s["predicted_pairs"],
                    "wall_s": run.wall_s,
                    "engine_s": run.engine_s,
                    "peak_rss_mb": run.peak_rss_mb,
                }
            )
    return rows


def text_table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'matcher':<8} {'link type':<20} {'precision':>9} {'recall':>8} {'F1':>8} "
        f"{'true pairs':>11} {'pred pairs':>11} {'wall s':>8} {'engine s':>8} {'peak RSS MB':>11}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['matcher']:<8} {r['link_type']:<20} {_fmt(r['precision']):>9} {_fmt(r['recall']):>8} "
            f"{_fmt(r['f1']):>8} {r['true_pairs']:>11,} {r['predicted_pairs']:>11,} "
            f"{_fmt(r['wall_s'], '.1f'):>8} {_fmt(r['engine_s'], '.1f'):>8} "
            f"{_fmt(r['peak_rss_mb'], ',.0f'):>11}"
        )
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    p = report["params"]
    md = [
        f"# Account matching benchmark: {p['accounts']:,} accounts, seed {p['seed']}",
        "",
        f"Machine: {report['machine']['cpus']} CPUs, Python {report['machine']['python']}, "
        f"DuckDB {report['machine']['duckdb']}, Splink {report['machine'].get('splink') or '-'}, "
        f"load average before/after {report['machine']['load_avg_1m']}.  "
        f"Records: {report.get('records', {})}.",
        "",
        "| matcher | link type | precision | recall | F1 | true pairs | predicted pairs | wall s "
        "| engine s | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["table"]:
        md.append(
            f"| {r['matcher']} | {r['link_type']} | {_fmt(r['precision'])} | {_fmt(r['recall'])} | "
            f"{_fmt(r['f1'])} | {r['true_pairs']:,} | {r['predicted_pairs']:,} | "
            f"{_fmt(r['wall_s'], '.1f')} | {_fmt(r['engine_s'], '.1f')} | {_fmt(r['peak_rss_mb'], ',.0f')} |"
        )
    for m in report["matchers"]:
        if m["status"] != "ok":
            md += [
                "",
                f"{m['matcher']}: {m['status']} ({m['details'].get('reason', m['details'].get('log'))})",
            ]
    splink = report["results"].get("splink", {})
    if "blocking" in splink:
        md += ["", "## Splink blocking recall (prediction blocking rules)", ""]
        md += ["| link type | true pairs | candidate pairs | recall |", "|---|---:|---:|---:|"]
        for link in REPORT_LINK_TYPES:
            b = splink["blocking"][link]
            md.append(f"| {link} | {b['true_pairs']:,} | {b['candidate_pairs']:,} | {_fmt(b['recall'])} |")
        md += [
            "",
            "Recall ceiling of these blocks: a perfect scorer keeping exactly the true candidate pairs, then "
            "connected components (transitive links count):",
            "",
            "| link type | recall ceiling |",
            "|---|---:|",
        ]
        for link in REPORT_LINK_TYPES:
            md.append(f"| {link} | {_fmt(splink['blocking_ceiling']['scores'][link]['recall'])} |")
    for m in report["matchers"]:
        if m["matcher"] == "splink" and m["status"] == "ok":
            phases = ", ".join(f"{k} {v:.1f} s" for k, v in m["details"]["phases_s"].items())
            md += [
                "",
                f"Splink phases: {phases}; edges at {THRESHOLD}: {m['details']['edges_at_threshold']:,}.",
            ]
    for name, res in report["results"].items():
        md += ["", f"## {name}: recall of CRM-CRM true pairs by account kinds", ""]
        md += ["| account kinds | true pairs | found | recall |", "|---|---:|---:|---:|"]
        for r in res["crm_pairs_by_kind"]:
            md.append(f"| {r['kinds']} | {r['true_pairs']:,} | {r['found']:,} | {_fmt(r['recall'])} |")
        md += ["", f"## {name}: missed true pairs by which fields agree", ""]
        md += ["| link | name | domain | phone | street | zip | pairs |", "|---|---|---|---|---|---|---:|"]
        for r in res["missed_patterns"][:20]:
            flags = [
                "y" if r[c] else "."
                for c in (
                    "same_name_key",
                    "same_domain",
                    "same_phone_e164",
                    "same_street_key",
                    "same_postal_code",
                )
            ]
            md.append(f"| {r['link_type']} | {' | '.join(flags)} | {r['pairs']:,} |")
        for link, kinds in res["errors"].items():
            for kind, pairs in kinds.items():
                if not pairs:
                    continue
                md += ["", f"### {name}: {kind} {link} pairs (sample)", ""]
                md += ["| side | " + " | ".join(MATCH_COLUMNS) + " | business |"]
                md += ["|---" * (len(MATCH_COLUMNS) + 2) + "|"]
                for pair in pairs:
                    for side in ("l", "r"):
                        rec = pair[f"record_{side}"]
                        vals = " | ".join(
                            str(rec.get(c) if rec.get(c) is not None else "") for c in MATCH_COLUMNS
                        )
                        md.append(f"| {pair[f'source_{side}']} | {vals} | {pair[f'business_{side}']} |")
                    md.append("|" + " |" * (len(MATCH_COLUMNS) + 2))
    return "\n".join(md) + "\n"


# ------------------------------------------------------------------------------------------------------------
# CLI


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m revops.bench.match", description=__doc__.split("\n")[0])
    p.add_argument("--accounts", type=int, default=2000, help="number of true businesses to generate")
    p.add_argument("--seed", type=int, default=42, help="generator (and Splink sampling) seed")
    p.add_argument(
        "--work", type=Path, default=None, help="work folder (default /tmp/revops_bench_match/...)"
    )
    p.add_argument("--matchers", default=",".join(ALL_MATCHERS), help="comma-separated: splink,revops")
    p.add_argument(
        "--u-max-pairs",
        type=float,
        default=1e8,
        help="Splink estimate_u_using_random_sampling max_pairs (its warning recommends 1e8 or more)",
    )
    p.add_argument("--skip-staging", action="store_true", help="reuse the staging tables of the work folder")
    p.add_argument("--worker", choices=("splink",), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work: Path = (args.work or Path(f"/tmp/revops_bench_match/n{args.accounts}_s{args.seed}")).resolve()
    if args.worker == "splink":
        result = run_splink(work, args.seed, args.u_max_pairs)
        (work / "splink" / "result.json").write_text(json.dumps(result, indent=2))
        return 0

    matchers = [m.strip() for m in args.matchers.split(",") if m.strip()]
    unknown = set(matchers) - set(ALL_MATCHERS)
    if unknown:
        raise SystemExit(f"unknown matcher(s): {', '.join(sorted(unknown))}; choose from {ALL_MATCHERS}")
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    load_before = os.getloadavg()
    generated = ensure_data(work, args.accounts, args.seed)
    staging = None
    if not (args.skip_staging and (work / "warehouse.duckdb").exists()):
        staging = build_staging(work)

    runs: list[MatcherRun] = []
    for name in matchers:
        if name == "splink":
            runs.append(matcher_splink(work, args.seed, args.u_max_pairs))
        elif name == "revops":
            runs.append(matcher_revops(work))

    results = evaluate_runs(work, runs, args.seed)
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        counts = {
            m: con.execute(f"select count(*) from staging.{m}").fetchall()[0][0] for m in STAGING_MODELS
        }
    try:
        from importlib.metadata import version

        splink_version: str | None = version("splink")
    except Exception:  # noqa: BLE001 - splink is an optional extra
        splink_version = None
    table = report_rows(runs, results)
    report = {
        "params": {"accounts": args.accounts, "seed": args.seed, "u_max_pairs": args.u_max_pairs},
        "work": str(work),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "splink": splink_version,
            # other work on the machine skews the timings: the 1-minute load average before and after
            "load_avg_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        },
        "records": counts,
        "generate": generated,
        "staging": None
        if staging is None
        else {"wall_s": staging.wall_s, "peak_rss_mb": staging.peak_rss_mb},
        "matchers": [asdict(r) for r in runs],
        "table": table,
        "results": results,
        "total_wall_s": time.perf_counter() - t_start,
    }
    (work / "bench_match.json").write_text(json.dumps(report, indent=2, default=str))
    (work / "bench_match.md").write_text(markdown(report))
    print()
    print(text_table(table))
    if "splink" in results and "blocking" in results["splink"]:
        b = results["splink"]["blocking"]
        print(
            "splink blocking recall: "
            + ", ".join(f"{k} {_fmt(b[k]['recall'])}" for k in me.HEADLINE_LINK_TYPES)
        )
    print(f"\nwrote {work / 'bench_match.json'} and {work / 'bench_match.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
