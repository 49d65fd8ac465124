"""Coverage and data-quality marts against the generator's ground truth (demo data, N=1500, seed 7).

The oracle is computed here from the truth tables (record_links, people, phone_claims, call_truth,
crm_account_firmographics, businesses) and, where a rule needs a date, the raw export; the marts are
computed by dbt from the raw export only. Tolerances are stated per test with the reason for them.
"""

from __future__ import annotations

import math
import re
import shutil

import duckdb
import pytest
from conftest import dbt

ICP_SEGMENTS = ("restaurant", "home_services", "dental_medical", "franchise_operator")
LOCAL_SEGMENTS = ICP_SEGMENTS
COVERAGE_MARTS = (
    "fct_account_coverage",
    "fct_coverage_by_segment",
    "fct_provider_coverage",
    "fct_connect_rates",
    "fct_stale_firmographics",
    "fct_missing_dm_mobiles",
    "fct_cleanup_estimate",
)


@pytest.fixture(scope="module")
def oracle(demo_build) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with truth views (`t_*`), raw views (`r_*`) and the warehouse attached as `wh`."""
    con = duckdb.connect()
    con.execute(f"attach '{demo_build.warehouse}' as wh (read_only)")
    for name in (
        "businesses",
        "people",
        "record_links",
        "phone_claims",
        "crm_account_firmographics",
        "call_truth",
    ):
        con.execute(f"create view t_{name} as select * from '{demo_build.truth_dir / name}.parquet'")
    for table in ("task", "contact"):
        con.execute(f"create view r_{table} as select * from '{demo_build.raw_dir / 'crm' / table}.parquet'")
    # the true business of every account-level record, and the decision-maker mobiles each source claims
    con.execute(
        """
        create table universe as
        select distinct b.business_id, b.segment
        from t_businesses b
        join t_record_links l using (business_id)
        where l."table" in ('account', 'companies', 'locations')
        """
    )
    con.execute(
        """
        create table dm_mobile_claims as
        select l.business_id, pc.source, pc."table", pc.record_id, pc.claimed_e164, pc.is_correct
        from t_phone_claims pc
        join t_record_links l
            on pc.source = l.source and pc."table" = l."table" and pc.record_id = l.record_id
        join t_people p on pc.person_id = p.person_id
        where pc."column" = 'mobile_phone' and p.is_decision_maker
            and pc."table" in ('contact', 'contacts', 'decision_makers')
        """
    )
    yield con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    return {tuple(r[:-1]) if len(r) > 2 else r[0]: r[-1] for r in con.execute(sql).fetchall()}


def test_every_account_gets_an_icp_verdict_with_reasons(demo_build):
    (accounts, covered, with_reasons) = demo_build.query(
        """
        select
            (select count(*) from marts.dim_accounts),
            count(*),
            count(case when icp_reasons like 'segment %' then 1 end)
        from marts.fct_account_coverage
        """
    )[0]
    assert accounts == covered == with_reasons
    # ICP = local segments, so no LinkedIn-native account is ICP and most local ones are
    rows = dict(
        demo_build.query(
            "select segment_family, avg(case when is_icp then 1.0 else 0 end) "
            "from marts.fct_account_coverage where segment_family is not null group by 1"
        )
    )
    assert rows["linkedin_native"] == 0
    assert rows["local"] > 0.9


def test_provider_dm_mobile_coverage_per_segment_matches_truth(oracle):
    """Share of a segment's businesses with a decision-maker mobile from each source.

    Tolerance 0.05 absolute: the measure goes through matching, title classification and segmenting, the
    truth does not. Franchise operators get 0.15: about half of their provider companies (operator's legal
    name, no shared site address) are not joined to the operator's discovery sites by the matcher, so their
    contacts count under the brand's industry segment instead (a matcher limitation, reported).
    """
    truth = _rows(
        oracle,
        """
        select u.segment, s.source,
            count(distinct d.business_id) * 1.0 / count(distinct u.business_id)
        from universe u
        cross join (values ('provider'), ('discovery'), ('crm')) s (source)
        left join dm_mobile_claims d on d.business_id = u.business_id and d.source = s.source
        group by all
        """,
    )
    measured = _rows(
        oracle,
        "select segment, data_source, dm_mobile_coverage from wh.marts.fct_provider_coverage "
        "where segment != 'all'",
    )
    for (segment, source), expected in truth.items():
        # CRM: contacts without a title (10%) are only known as decision-makers when another source lists them
        tolerance = 0.15 if segment == "franchise_operator" else 0.08 if source == "crm" else 0.05
        got = measured[(segment, source)]
        assert abs(got - expected) <= tolerance, (segment, source, got, expected)
    # the picture the project exists to show: horizontal provider weak on local businesses, discovery strong
    for segment in LOCAL_SEGMENTS:
        assert measured[(segment, "provider")] < 0.2
        assert measured[(segment, "discovery")] > 0.6
        assert measured[(segment, "provider_or_discovery")] >= measured[(segment, "discovery")]
    for segment in ("saas", "professional_services", "mid_market_tech"):
        assert measured[(segment, "provider")] > 0.7


@pytest.mark.parametrize("source", ["provider", "discovery"])
def test_mobile_accuracy_from_call_outcomes_matches_truth(oracle, source):
    """Confirmed / checked mobiles vs the true share of correct decision-maker mobiles of the source.

    Tolerance: three binomial standard errors of the checked sample plus 0.02 (the checked sample is
    small at demo scale: only numbers that someone also dialled can be checked).
    """
    expected = oracle.execute(
        "select avg(case when is_correct then 1.0 else 0 end) from dm_mobile_claims where source = ?",
        [source],
    ).fetchone()[0]
    checked, accuracy = oracle.execute(
        "select mobiles_checked, mobile_accuracy from wh.marts.fct_provider_coverage "
        "where segment = 'all' and data_source = ?",
        [source],
    ).fetchone()
    assert checked >= 15
    tolerance = 3 * math.sqrt(expected * (1 - expected) / checked) + 0.02
    assert abs(accuracy - expected) <= tolerance, (accuracy, expected, checked)


def test_connect_rate_gap_mobile_vs_office_line_matches_truth(oracle):
    """Decision-maker calls: connect rate dialling their mobile minus dialling their office line.

    Truth: call_truth joined to the called record's phone claims says which field was dialled. Tolerance
    0.05 (title classification and the who -> record lookup go through staging).
    """
    truth = _rows(
        oracle,
        """
        select pc."column", avg(case when ct.call_disposition = 'connected' then 1.0 else 0 end)
        from t_call_truth ct
        join (select distinct id, who_id from r_task) t on t.id = ct.task_id
        join t_phone_claims pc
            on pc.source = 'crm' and pc.record_id = t.who_id and pc.claimed_e164 = ct.dialed_e164
        where ct.is_decision_maker
        group by 1
        """,
    )
    measured = _rows(
        oracle,
        "select dialed_number_type, connect_rate from wh.marts.fct_connect_rates "
        "where segment = 'all' and contact_role = 'decision_maker'",
    )
    truth_gap = truth["mobile_phone"] - truth["phone"]
    measured_gap = measured["mobile"] - measured["office_line"]
    assert truth_gap > 0.15
    assert abs(measured_gap - truth_gap) <= 0.05, (measured_gap, truth_gap)


def test_stale_firmographics_agree_with_truth(oracle):
    """Per field, on top-level CRM accounts with a CRM value and a provider value.

    - a disagreement with a fresher provider value is real staleness (precision >= 0.95);
    - the stale flag (age or disagreement) finds >= 0.85 of the truly stale values;
    - the disagreement-based stale share is at most 0.02 above the true stale share and at most 0.15 below
      it (drift smaller than the 10% tolerance cannot be told from provider noise).
    """
    rows = oracle.execute(
        """
        with measured as (
            select crm_account_id, field, is_stale, disagrees_with_fresher_provider as disagrees
            from wh.marts.fct_stale_firmographics
            where crm_value is not null and provider_value is not null
        ),
        truth as (
            select record_id, unnest(['industry', 'employee_count', 'annual_revenue']) as field,
                unnest([industry_stale, employee_count_stale, annual_revenue_stale]) as truly_stale
            from t_crm_account_firmographics
        )
        select measured.field,
            avg(case when truly_stale then 1.0 else 0 end),
            avg(case when disagrees then 1.0 else 0 end),
            sum(case when disagrees and truly_stale then 1.0 else 0 end)
                / sum(case when disagrees then 1 else 0 end),
            sum(case when is_stale and truly_stale then 1.0 else 0 end)
                / sum(case when truly_stale then 1 else 0 end)
        from measured join truth on measured.crm_account_id = truth.record_id and measured.field = truth.field
        group by 1
        """
    ).fetchall()
    assert len(rows) == 3
    for field, truth_share, disagree_share, precision, recall in rows:
        assert precision >= 0.95, (field, precision)
        assert recall >= 0.85, (field, recall)
        assert truth_share - 0.15 <= disagree_share <= truth_share + 0.02, (field, disagree_share)


def test_missing_dm_mobile_share_matches_truth(oracle):
    """ICP businesses in the CRM without a decision-maker mobile in the CRM.

    Presence (any mobile of a decision-maker contact): tolerance 0.06. Usability: the truth counts a
    mobile usable when it is correct and its contact was modified, or a call to it connected, within 365
    days of the as-of; the mart cannot know a mobile is wrong until a call says so, so it may count up to
    0.08 fewer businesses as missing (and never many more: tolerance 0.03 above).
    """
    oracle.execute(
        """
        create or replace temp table truth_icp_crm as
        select distinct b.business_id
        from t_businesses b join t_record_links l using (business_id)
        where l."table" = 'account' and b.segment in ('restaurant', 'home_services', 'dental_medical',
            'franchise_operator') and b.employee_count between 3 and 500 and b.annual_revenue <= 100000000
        """
    )
    truth_any, truth_usable = oracle.execute(
        """
        with as_of as (select as_of_at from wh.intermediate.int_coverage_as_of),
        contacts as (
            select id, cast(last_modified_date as timestamp) as modified_at, is_deleted,
                row_number() over (partition by id order by last_modified_date desc) as version_rank
            from r_contact
        ),
        connected as (
            select ct.dialed_e164, max(cast(t.activity_date as timestamp)) as last_connected_at
            from t_call_truth ct join (select distinct id, activity_date from r_task) t on t.id = ct.task_id
            where ct.call_disposition = 'connected' group by 1
        ),
        crm_mobiles as (
            select d.business_id, d.is_correct,
                greatest(c.modified_at, coalesce(connected.last_connected_at, c.modified_at))
                    >= (select as_of_at from as_of) - interval 365 day as is_recent
            from dm_mobile_claims d
            join contacts c on c.id = d.record_id and c.version_rank = 1 and not c.is_deleted
            left join connected on connected.dialed_e164 = d.claimed_e164
            where d.source = 'crm'
        )
        select
            avg(case when not exists (select 1 from crm_mobiles m where m.business_id = i.business_id)
                then 1.0 else 0 end),
            avg(case when not exists (select 1 from crm_mobiles m where m.business_id = i.business_id
                and m.is_correct and m.is_recent) then 1.0 else 0 end)
        from truth_icp_crm i
        """
    ).fetchone()
    measured_any, measured_missing = oracle.execute(
        """
        select avg(case when has_crm_dm_mobile then 0.0 else 1 end),
            (select count(*) from wh.marts.fct_missing_dm_mobiles) * 1.0 / count(*)
        from wh.marts.fct_account_coverage where is_icp and is_in_crm
        """
    ).fetchone()
    assert abs(measured_any - truth_any) <= 0.06, (measured_any, truth_any)
    assert truth_usable - 0.08 <= measured_missing <= truth_usable + 0.03, (measured_missing, truth_usable)


def test_most_missing_mobiles_of_local_icp_accounts_can_be_filled(demo_build):
    """Discovery holds decision-maker mobiles for most local businesses (the generator plants ~70%)."""
    (share,) = demo_build.query(
        "select avg(case when can_fill then 1.0 else 0 end) from marts.fct_missing_dm_mobiles"
    )[0]
    assert 0.5 <= share <= 0.9


def test_segment_rollup_recomputed_from_account_facts(demo_build):
    """fct_coverage_by_segment `all` row equals a Python recount over fct_account_coverage."""
    accounts = demo_build.query(
        "select is_engaged_in_period, is_in_crm, has_usable_dm_contact, is_in_provider "
        "from marts.fct_account_coverage where is_icp"
    )
    row = demo_build.query(
        "select icp_accounts, icp_penetration, account_universe_coverage, icp_accounts_marketing_and_sales "
        "from marts.fct_coverage_by_segment where segment = 'all'"
    )[0]
    n = len(accounts)
    assert row[0] == n
    assert row[1] == pytest.approx(sum(a[0] for a in accounts) / n)
    assert row[2] == pytest.approx(sum(a[1] and a[2] for a in accounts) / n)
    assert row[3] == sum(a[1] and a[2] and a[3] for a in accounts)
    assert 0 < row[1] < 1 and 0 < row[2] < row[1]


def test_cleanup_hours_follow_the_minutes_vars(demo_build):
    rows = demo_build.query(
        "select accounts_needing_correction, cleanup_hours_manual, cleanup_hours_discovery_first "
        "from marts.fct_cleanup_estimate"
    )
    assert rows
    for needing, manual, discovery_first in rows:
        assert manual == pytest.approx(needing * 45 / 60)
        assert discovery_first == pytest.approx(needing * 2 / 60)


def test_no_unmasked_phone_or_email_in_coverage_marts(demo_build):
    phone = re.compile(r"\+\d{8,}|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}")
    email = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
    for mart in COVERAGE_MARTS:
        columns = [
            r[0]
            for r in demo_build.query(
                "select column_name from information_schema.columns "
                f"where table_schema = 'marts' and table_name = '{mart}' and data_type = 'VARCHAR'"
            )
        ]
        for column in columns:
            values = [r[0] for r in demo_build.query(f"select distinct {column} from marts.{mart}") if r[0]]
            leaks = [v for v in values if phone.search(v) or email.search(v)]
            assert not leaks, (mart, column, leaks[:3])
    masked = [r[0] for r in demo_build.query("select fill_mobile_masked from marts.fct_missing_dm_mobiles")]
    assert any(m and m.startswith("+1*") for m in masked)


def test_firmographics_snapshot_holds_one_current_version_per_crm_account(demo_build):
    (accounts, versions, current) = demo_build.query(
        """
        select
            (select count(*) from staging.stg_crm__accounts),
            count(*),
            count(case when dbt_valid_to is null then 1 end)
        from snapshots.snap_crm_account_firmographics
        """
    )[0]
    assert accounts == versions == current


def test_firmographics_snapshot_records_changes_and_deletes_on_duckdb(demo_build, tmp_path):
    """A second snapshot run on a copy of the warehouse: changed accounts get a new version, the old one is
    closed; accounts gone from the CRM are closed (hard deletes invalidate); nothing else changes."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_build.warehouse, warehouse)
    relation = "intermediate.int_coverage_crm_account_firmographics"
    with duckdb.connect(str(warehouse)) as con:
        (accounts,) = con.execute(f"select count(*) from {relation}").fetchone()
        ids = [
            r[0]
            for r in con.execute(f"select account_id from {relation} order by account_id limit 7").fetchall()
        ]
        changed, deleted = ids[:5], ids[5:]
        con.execute(
            f"update {relation} set employee_count = coalesce(employee_count, 0) + 1000 "
            f"where account_id in ({', '.join('?' * len(changed))})",
            changed,
        )
        con.execute(f"delete from {relation} where account_id in (?, ?)", deleted)
    result = dbt(
        ["snapshot", "--select", "snap_crm_account_firmographics"], demo_build.raw_dir, warehouse, tmp_path
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        versions, current, closed, changed_current = con.execute(
            f"""
            select count(*), count(case when dbt_valid_to is null then 1 end),
                count(case when dbt_valid_to is not null then 1 end),
                count(case when dbt_valid_to is null and employee_count >= 1000
                    and account_id in ({", ".join("?" * len(changed))}) then 1 end)
            from snapshots.snap_crm_account_firmographics
            """,
            changed,
        ).fetchone()
    assert versions == accounts + len(changed)
    assert closed == len(changed) + len(deleted)
    assert current == accounts - len(deleted)
    assert changed_current == len(changed)
