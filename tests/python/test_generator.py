"""Tests of the synthetic data generator (revops.generate) against its own ground truth.

Small datasets are generated into temporary folders; statistics are computed with DuckDB over the raw files
joined to the ground truth, and checked against tolerance bands.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from revops.generate.contract import COLUMN_TYPES, CONTRACT, table_names
from revops.generate.defects import PLANTED
from revops.generate.runner import TRUTH_TABLES, Options, run
from revops.generate.tables import ARROW_TYPES

N = 3000
SEED = 7
AS_OF = "2026-11-30 00:00:00+00"


def _generate(root: Path, n: int, seed: int, fmt: str = "parquet") -> tuple[Path, Path, dict[str, int]]:
    raw, truth = root / "raw", root / "truth"
    rows = run(Options(accounts=n, seed=seed, out=raw, truth=truth, fmt=fmt, progress=False))
    return raw, truth, rows


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    return _generate(tmp_path_factory.mktemp("main"), N, SEED)


@pytest.fixture(scope="module")
def db(dataset: tuple[Path, Path, dict[str, int]]) -> duckdb.DuckDBPyConnection:
    raw, truth, _ = dataset
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for source, table in table_names():
        con.execute(
            f"CREATE VIEW {source}_{table} AS SELECT * FROM read_parquet('{raw / source / table}.parquet')"
        )
    for name in TRUTH_TABLES:
        con.execute(f"CREATE VIEW t_{name} AS SELECT * FROM read_parquet('{truth / name}.parquet')")
    con.execute(
        """
        CREATE MACRO e164(p) AS CASE
            WHEN length(regexp_replace(split_part(p, 'x', 1), '[^0-9]', '', 'g')) = 10
                THEN '+1' || regexp_replace(split_part(p, 'x', 1), '[^0-9]', '', 'g')
            WHEN length(regexp_replace(split_part(p, 'x', 1), '[^0-9]', '', 'g')) = 11
                THEN '+' || regexp_replace(split_part(p, 'x', 1), '[^0-9]', '', 'g')
        END
        """
    )
    return con


_PLANTED_COLUMN = {(d.source, d.table): d.column for d in PLANTED}


def _real(source: str, table: str) -> str:
    """SQL predicate keeping the real rows of a raw table (planted unusable rows have a blank key)."""
    col = _PLANTED_COLUMN.get((source, table))
    return f"nullif(trim({col}), '') IS NOT NULL" if col else "TRUE"


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------------------------------ determinism
def test_same_seed_is_byte_identical_and_other_seed_differs(tmp_path: Path) -> None:
    _generate(tmp_path / "a", 800, 3)
    _generate(tmp_path / "b", 800, 3)
    _generate(tmp_path / "c", 800, 4)
    a, b, c = _hashes(tmp_path / "a"), _hashes(tmp_path / "b"), _hashes(tmp_path / "c")
    assert a and a == b
    assert set(a) == set(c)
    assert all(a[k] != c[k] for k in a)


def test_chunks_and_workers_do_not_change_output(tmp_path: Path) -> None:
    def gen(root: Path, workers: int) -> None:
        opts = Options(
            accounts=70,
            seed=5,
            out=root / "raw",
            truth=root / "truth",
            progress=False,
            workers=workers,
            chunk_size=20,
        )
        run(opts)

    gen(tmp_path / "serial", 1)
    gen(tmp_path / "parallel", 3)
    assert _hashes(tmp_path / "serial") == _hashes(tmp_path / "parallel")
    rows = pq.read_table(tmp_path / "serial" / "truth" / "businesses.parquet").num_rows
    assert rows == 70


# ---------------------------------------------------------------------------------------------- contract
def test_every_contract_table_and_column_with_types(dataset: tuple[Path, Path, dict[str, int]]) -> None:
    raw, _, rows = dataset
    for source, tables in CONTRACT.items():
        for table, cols in tables.items():
            path = raw / source / f"{table}.parquet"
            assert path.exists(), path
            schema = pq.read_schema(path)
            assert schema.names == [c for c, _ in cols]
            for col, _ in cols:
                assert schema.field(col).type == ARROW_TYPES[COLUMN_TYPES[source][table][col]], (table, col)
            assert rows[f"{source}.{table}"] > 0, (source, table)
    assert any(opt for cols in CONTRACT["crm"].values() for _, opt in cols)


def test_ids_are_salesforce_style_and_reference_real_rows(db: duckdb.DuckDBPyConnection) -> None:
    prefixes = {
        "account": "001",
        "contact": "003",
        "lead": "00Q",
        "opportunity": "006",
        "task": "00T",
        "user": "005",
        "campaign": "701",
        "campaign_member": "00v",
        "lead_history": "017",
    }
    for table, prefix in prefixes.items():
        bad = _one(
            db,
            f"SELECT count(*) FROM crm_{table} WHERE {_real('crm', table)} "
            f"AND (length(id) <> 18 OR left(id, 3) <> '{prefix}')",
        )
        assert bad == 0, table
    # opportunities point at real accounts; converted leads at real account/contact/opportunity
    assert (
        _one(db, "SELECT count(*) FROM crm_opportunity WHERE account_id NOT IN (SELECT id FROM crm_account)")
        == 0
    )
    for col, table in (
        ("converted_account_id", "account"),
        ("converted_contact_id", "contact"),
        ("converted_opportunity_id", "opportunity"),
    ):
        missing = _one(
            db,
            f"SELECT count(*) FROM crm_lead WHERE {col} IS NOT NULL "
            f"AND {col} NOT IN (SELECT id FROM crm_{table} WHERE {_real('crm', table)})",
        )
        assert missing == 0, col
    assert (
        _one(db, "SELECT count(*) FROM crm_lead WHERE is_converted AND converted_opportunity_id IS NOT NULL")
        > 0
    )
    # contacts: mostly linked, some without account, a few orphans
    orphans = _one(
        db, "SELECT count(*) FROM crm_contact WHERE account_id NOT IN (SELECT id FROM crm_account)"
    )
    no_acc = _one(db, "SELECT count(*) FROM crm_contact WHERE account_id IS NULL")
    total = _one(db, "SELECT count(*) FROM crm_contact")
    assert 0 < orphans < 0.03 * total and 0 < no_acc < 0.08 * total
    assert _one(db, "SELECT count(*) FROM crm_task WHERE left(who_id, 3) NOT IN ('00Q', '003')") == 0
    assert (
        _one(
            db,
            "SELECT count(*) FROM crm_task WHERE what_id IS NOT NULL AND left(what_id, 3) "
            "NOT IN ('001', '006')",
        )
        == 0
    )
    assert (
        _one(
            db,
            "SELECT count(*) FROM crm_account WHERE parent_id IS NOT NULL "
            "AND parent_id NOT IN (SELECT id FROM crm_account)",
        )
        == 0
    )


def test_record_links_cover_every_record(db: duckdb.DuckDBPyConnection) -> None:
    for source, table, id_col in (
        ("crm", "account", "id"),
        ("crm", "contact", "id"),
        ("crm", "lead", "id"),
        ("provider", "companies", "provider_company_id"),
        ("provider", "contacts", "provider_contact_id"),
        ("discovery", "locations", "location_id"),
        ("discovery", "decision_makers", "decision_maker_id"),
    ):
        missing = _one(
            db,
            f"SELECT count(DISTINCT {id_col}) FROM {source}_{table} WHERE {_real(source, table)} "
            f"AND {id_col} NOT IN (SELECT record_id FROM t_record_links "
            f"WHERE source = '{source}' AND \"table\" = '{table}')",
        )
        assert missing == 0, table
    assert (
        _one(db, 'SELECT count(*) - count(DISTINCT source || "table" || record_id) FROM t_record_links') == 0
    )


# ------------------------------------------------------------------------------------ planted defects
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _blank_keys(con: duckdb.DuckDBPyConnection, reader: Callable[[str, str], str]) -> dict[tuple, int]:
    """Rows with a blank or null planted key, per (source, table, defect), counted in the raw files."""
    return {
        (d.source, d.table, d.reason): int(
            _one(
                con,
                f"SELECT count(*) FROM {reader(d.source, d.table)} WHERE NOT ({_real(d.source, d.table)})",
            )
        )
        for d in PLANTED
    }


def _planted(con: duckdb.DuckDBPyConnection, truth: Path) -> dict[tuple, int]:
    rows = con.execute(
        f"SELECT source, \"table\", defect, rows FROM read_parquet('{truth / 'planted_defects.parquet'}')"
    ).fetchall()
    assert len(rows) == len(PLANTED)
    return {(s, t, d): n for s, t, d, n in rows}


def test_planted_defects_match_the_raw_files(
    db: duckdb.DuckDBPyConnection, dataset: tuple[Path, Path, dict[str, int]]
) -> None:
    _, truth, rows = dataset
    planted = _planted(db, truth)
    assert planted == _blank_keys(db, lambda s, t: f"{s}_{t}")
    # about 0.2% of the rows of the listed tables are planted
    total = sum(rows[f"{s}.{t}"] for s, t, _ in planted)
    assert 0.001 < sum(planted.values()) / total < 0.003
    for d in PLANTED:
        # the defect strings are the dbt quarantine reasons
        base = (PROJECT_ROOT / "models" / "staging" / d.source / "base").glob("*.sql")
        assert any(f"then '{d.reason}'" in p.read_text() for p in base), d.reason
        # each planted row is a copy of a real row with the key (and, for parent keys, the id) replaced
        rel, real = f"{d.source}_{d.table}", _real(d.source, d.table)
        cols = ", ".join(c for c in [d.column, d.id_column] if c)
        copies = _one(
            db,
            f"SELECT count(*) FROM (SELECT * EXCLUDE ({cols}) FROM {rel} WHERE NOT ({real}) "
            f"EXCEPT ALL SELECT * EXCLUDE ({cols}) FROM {rel} WHERE {real})",
        )
        assert copies == 0, d.table
        if d.id_column:
            # fresh ids: never those of real rows, never in the ground truth
            clash = _one(
                db,
                f"SELECT count(*) FROM {rel} j WHERE NOT ({real}) AND (j.{d.id_column} IS NULL "
                f"OR j.{d.id_column} IN (SELECT {d.id_column} FROM {rel} WHERE {real}) "
                f"OR j.{d.id_column} IN (SELECT record_id FROM t_record_links) "
                f"OR j.{d.id_column} IN (SELECT record_id FROM t_phone_claims))",
            )
            assert clash == 0, d.table
            assert (
                _one(db, f"SELECT count(DISTINCT {d.id_column}) - count(*) FROM {rel} WHERE NOT ({real})")
                == 0
            )
    # blank ids come as '', '   ' and null
    kinds = _one(
        db,
        "SELECT count(DISTINCT coalesce(id, 'null')) FROM ("
        "SELECT id FROM crm_contact UNION ALL SELECT id FROM crm_lead UNION ALL SELECT id FROM crm_task) "
        "WHERE nullif(trim(id), '') IS NULL",
    )
    assert kinds == 3


def test_every_listed_table_has_planted_rows_at_demo_size(tmp_path: Path) -> None:
    raw, truth, _ = _generate(tmp_path, 2000, 42)
    con = duckdb.connect()
    planted = _planted(con, truth)
    assert all(n >= 1 for n in planted.values()), planted
    assert planted == _blank_keys(con, lambda s, t: f"read_parquet('{raw / s / t}.parquet')")


def test_no_timestamp_after_as_of(db: duckdb.DuckDBPyConnection) -> None:
    for source, table in table_names():
        for col, kind in COLUMN_TYPES[source][table].items():
            if kind == "timestamp":
                late = _one(db, f"SELECT count(*) FROM {source}_{table} WHERE {col} > TIMESTAMPTZ '{AS_OF}'")
                assert late == 0, (table, col)


# ------------------------------------------------------------------------------------------ realism: phones
def test_provider_decision_maker_mobile_coverage(db: duckdb.DuckDBPyConnection) -> None:
    cov = dict(
        db.execute(
            """
            SELECT b.segment_family, avg((c.mobile_phone IS NOT NULL)::int)
            FROM provider_contacts c
            JOIN t_record_links l ON l.source = 'provider' AND l."table" = 'contacts'
                AND l.record_id = c.provider_contact_id
            JOIN t_people p USING (person_id)
            JOIN t_businesses b ON b.business_id = l.business_id
            WHERE p.is_decision_maker
            GROUP BY 1
            """
        ).fetchall()
    )
    assert 0.10 <= cov["local"] <= 0.20
    assert cov["linkedin_native"] >= 0.50


def test_provider_has_wrong_mobiles(db: duckdb.DuckDBPyConnection) -> None:
    wrong = _one(
        db,
        """
        SELECT avg((e164(c.mobile_phone) <> p.true_mobile_e164)::int)
        FROM provider_contacts c
        JOIN t_record_links l ON l.source = 'provider' AND l."table" = 'contacts'
            AND l.record_id = c.provider_contact_id
        JOIN t_people p USING (person_id)
        WHERE c.mobile_phone IS NOT NULL
        """,
    )
    assert 0.05 < wrong < 0.25
    claimed = _one(
        db,
        "SELECT avg((NOT is_correct)::int) FROM t_phone_claims WHERE source = 'provider' "
        "AND \"column\" = 'mobile_phone'",
    )
    assert abs(claimed - wrong) < 0.02


def test_discovery_decision_maker_mobiles(db: duckdb.DuckDBPyConnection) -> None:
    coverage = _one(
        db,
        """
        SELECT avg(has_mobile::int) FROM (
            SELECT loc.location_id, bool_or(d.mobile_phone IS NOT NULL) AS has_mobile
            FROM discovery_locations loc
            JOIN t_record_links l ON l.source = 'discovery' AND l."table" = 'locations'
                AND l.record_id = loc.location_id
            JOIN t_businesses b ON b.business_id = l.business_id
            LEFT JOIN discovery_decision_makers d ON d.location_id = loc.location_id
            WHERE b.segment_family = 'local'
            GROUP BY 1
        )
        """,
    )
    correct = _one(
        db,
        """
        SELECT avg((e164(d.mobile_phone) = p.true_mobile_e164)::int)
        FROM discovery_decision_makers d
        JOIN t_record_links l ON l.source = 'discovery' AND l."table" = 'decision_makers'
            AND l.record_id = d.decision_maker_id
        JOIN t_people p USING (person_id)
        WHERE d.mobile_phone IS NOT NULL
        """,
    )
    assert coverage >= 0.60
    assert 0.80 <= correct <= 0.95


def test_franchise_operators_have_several_locations(db: duckdb.DuckDBPyConnection) -> None:
    multi = _one(
        db,
        """
        SELECT count(*) FROM (
            SELECT l.business_id FROM t_record_links l JOIN t_businesses b USING (business_id)
            WHERE l."table" = 'locations' AND b.segment = 'franchise_operator'
            GROUP BY 1 HAVING count(*) > 1
        )
        """,
    )
    assert multi > 10
    brands = _one(
        db,
        "SELECT max(n) FROM (SELECT brand, count(DISTINCT business_id) n FROM t_businesses "
        "WHERE brand IS NOT NULL GROUP BY 1)",
    )
    assert brands > 1
    shared = _one(db, "SELECT count(*) FROM t_businesses WHERE shares_address_with IS NOT NULL")
    assert shared > 0


def test_calls_to_true_mobiles_connect_more_than_office_lines(db: duckdb.DuckDBPyConnection) -> None:
    rates = dict(
        db.execute(
            """
            SELECT CASE WHEN e164(t.dialed_number) = p.true_mobile_e164 THEN 'mobile'
                        WHEN e164(t.dialed_number) = b.phone_e164 THEN 'office' END AS kind,
                   avg((t.call_disposition = 'connected')::int)
            FROM crm_task t
            JOIN t_record_links l ON l.source = 'crm' AND l.record_id = t.who_id
            JOIN t_people p USING (person_id)
            JOIN t_businesses b ON b.business_id = l.business_id
            WHERE t.type = 'Call'
            GROUP BY 1
            """
        ).fetchall()
    )
    assert 0.35 <= rates["mobile"] <= 0.55
    assert 0.05 <= rates["office"] <= 0.18
    wrong = _one(
        db,
        "SELECT avg((call_disposition = 'wrong number')::int) FROM t_call_truth WHERE number_type = 'wrong'",
    )
    assert wrong > 0.7


# ------------------------------------------------------------------------------------------ realism: CRM
def test_crm_coverage_duplicates_cdc_and_deletes(db: duckdb.DuckDBPyConnection) -> None:
    coverage = _one(
        db,
        "SELECT count(DISTINCT business_id) / (SELECT count(*) FROM t_businesses) "
        "FROM t_record_links WHERE \"table\" = 'account'",
    )
    assert 0.45 <= coverage <= 0.65
    dup_businesses = _one(
        db,
        """
        SELECT count(*) FROM (
            SELECT l.business_id FROM t_record_links l JOIN t_crm_account_firmographics f USING (record_id)
            WHERE l."table" = 'account' AND f.account_kind <> 'location_child'
            GROUP BY 1 HAVING count(*) > 1
        )
        """,
    )
    assert dup_businesses > 0
    for table in ("account", "contact", "lead", "opportunity"):
        real = _real("crm", table)
        cdc = _one(
            db,
            f"SELECT count(*) FROM (SELECT id FROM crm_{table} WHERE {real} GROUP BY 1 HAVING count(*) > 1)",
        )
        total = _one(db, f"SELECT count(DISTINCT id) FROM crm_{table} WHERE {real}")
        assert 0.01 < cdc / total < 0.06, table
        deleted = _one(db, f"SELECT avg(is_deleted::int) FROM crm_{table}")
        assert 0.003 < deleted < 0.06, table
    # the CDC copies are older versions
    newer_first = _one(
        db,
        """
        SELECT count(*) FROM (
            SELECT id, max(last_modified_date) mx, min(last_modified_date) mn FROM crm_account
            GROUP BY 1 HAVING count(*) > 1
        ) WHERE mx = mn
        """,
    )
    assert newer_first == 0


def test_crm_firmographics_are_partly_stale(db: duckdb.DuckDBPyConnection) -> None:
    stale = _one(
        db,
        """
        SELECT avg((a.number_of_employees <> b.employee_count)::int)
        FROM (
            SELECT * FROM crm_account
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY last_modified_date DESC) = 1
        ) a
        JOIN t_record_links l ON l."table" = 'account' AND l.record_id = a.id
        JOIN t_businesses b USING (business_id)
        WHERE a.number_of_employees IS NOT NULL
        """,
    )
    assert 0.2 < stale < 0.9
    # older verification -> more often stale; the provider is fresher than the CRM
    old, new = db.execute(
        """
        SELECT avg(is_stale::int) FILTER (WHERE verified_at < TIMESTAMPTZ '2023-11-30'),
               avg(is_stale::int) FILTER (WHERE verified_at >= TIMESTAMPTZ '2025-11-30')
        FROM t_crm_account_firmographics WHERE account_kind <> 'location_child'
        """
    ).fetchone() or (0, 0)
    assert old > new
    provider_exact = _one(
        db,
        """
        SELECT avg((c.employee_count = b.employee_count)::int) FROM provider_companies c
        JOIN t_record_links l ON l."table" = 'companies' AND l.record_id = c.provider_company_id
        JOIN t_businesses b USING (business_id)
        """,
    )
    assert provider_exact > 1 - stale


def test_messy_formats_present(db: duckdb.DuckDBPyConnection) -> None:
    assert _one(db, "SELECT count(*) FROM crm_account WHERE phone LIKE '% x%'") > 0
    assert _one(db, "SELECT count(*) FROM crm_account WHERE regexp_full_match(phone, '\\d{3}-\\d{4}')") > 0
    assert _one(db, "SELECT count(*) FROM crm_account WHERE website LIKE 'HTTP://WWW.%'") > 0
    assert _one(db, "SELECT count(*) FROM crm_account WHERE length(billing_state) > 2") > 0
    assert _one(db, "SELECT count(*) FROM crm_account WHERE billing_postal_code IS NULL") > 0
    assert _one(db, "SELECT count(*) FROM crm_lead WHERE email <> lower(trim(email))") > 0
    assert _one(db, "SELECT count(*) FROM crm_lead WHERE status = 'Nurture'") > 0
    free = _one(
        db,
        "SELECT avg((split_part(work_email, '@', 2) IN ('gmail.com', 'yahoo.com', 'hotmail.com', "
        "'outlook.com', 'aol.com', 'icloud.com'))::int) FROM t_people",
    )
    assert 0.08 < free < 0.35
    no_site = _one(db, "SELECT avg((NOT has_website)::int) FROM t_businesses WHERE segment_family = 'local'")
    assert 0.2 < no_site < 0.4


# ----------------------------------------------------------------------------------------- realism: funnel
def test_mql_leads_have_more_engagement(db: duckdb.DuckDBPyConnection) -> None:
    mql, other = db.execute(
        """
        WITH leads AS (
            SELECT DISTINCT id, lower(trim(email)) AS email,
                   id IN (
                       SELECT lead_id FROM crm_lead_history
                       WHERE field = 'Status' AND new_value = 'MQL' AND lead_id IS NOT NULL
                   ) AS is_mql
            FROM crm_lead WHERE nullif(trim(id), '') IS NOT NULL
        ),
        events AS (
            SELECT lower(trim(email)) AS email FROM engagement_web_sessions WHERE email IS NOT NULL
            UNION ALL SELECT lower(trim(email)) FROM engagement_email_events WHERE event_type = 'click'
            UNION ALL SELECT lower(trim(email)) FROM engagement_form_submissions
        ),
        per_lead AS (
            SELECT l.id, l.is_mql, count(e.email) AS n
            FROM leads l LEFT JOIN events e USING (email) GROUP BY 1, 2
        )
        SELECT avg(n) FILTER (WHERE is_mql), avg(n) FILTER (WHERE NOT is_mql) FROM per_lead
        """
    ).fetchone() or (0, 0)
    assert mql > 2 * other
    share = _one(db, "SELECT avg(is_mql::int) FROM t_lead_truth")
    assert 0.1 < share < 0.6


def test_mql_follows_engagement_and_fast_follow_up_converts_more(db: duckdb.DuckDBPyConnection) -> None:
    after = _one(
        db,
        """
        SELECT avg((f.submitted_at <= t.mql_at)::int)
        FROM engagement_form_submissions f
        JOIN crm_lead l ON lower(trim(l.email)) = lower(trim(f.email))
        JOIN t_lead_truth t ON t.lead_id = l.id
        WHERE f.form_type IN ('demo_request', 'contact_sales') AND t.is_mql
        """,
    )
    assert after > 0.8
    fast, slow = db.execute(
        """
        SELECT avg(is_sql::int) FILTER (WHERE follow_up_delay_hours < 4),
               avg(is_sql::int) FILTER (WHERE follow_up_delay_hours > 48)
        FROM t_lead_truth WHERE is_sal
        """
    ).fetchone() or (0, 0)
    assert fast > slow + 0.15


def test_activity_in_business_hours(db: duckdb.DuckDBPyConnection) -> None:
    share = _one(
        db,
        """
        SELECT avg((hour(t.created_date AT TIME ZONE u.time_zone_sid_key) BETWEEN 8 AND 18
                    AND dayofweek(t.created_date AT TIME ZONE u.time_zone_sid_key) BETWEEN 1 AND 5)::int)
        FROM crm_task t JOIN crm_user u ON u.id = t.owner_id
        """,
    )
    assert share > 0.9
    stages = {r[0] for r in db.execute("SELECT DISTINCT stage_name FROM crm_opportunity").fetchall()}
    assert {"Closed Won", "Closed Lost", "Prospecting"} <= stages


# ------------------------------------------------------------------------------------- scaling and CSV
def test_row_counts_scale_with_n(tmp_path: Path, dataset: tuple[Path, Path, dict[str, int]]) -> None:
    _, _, big = dataset
    _, _, small = _generate(tmp_path, N // 2, SEED + 1)
    for key in (
        "crm.account",
        "crm.contact",
        "crm.lead",
        "crm.task",
        "provider.contacts",
        "discovery.decision_makers",
        "engagement.web_sessions",
        "engagement.email_events",
    ):
        ratio = big[key] / small[key]
        assert 1.6 < ratio < 2.5, (key, ratio)
    assert big["crm.user"] == small["crm.user"]


def test_csv_format(tmp_path: Path) -> None:
    raw_csv, truth_csv, rows_csv = _generate(tmp_path / "csv", 600, 11, fmt="csv")
    raw_pq, _, rows_pq = _generate(tmp_path / "pq", 600, 11)
    assert rows_csv == rows_pq
    for source, table in table_names():
        path = raw_csv / source / f"{table}.csv"
        t = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
        assert t.num_rows == rows_csv[f"{source}.{table}"], table
        assert t.column_names == [c for c, _ in CONTRACT[source][table]]
    head: Callable[[Path], str] = lambda p: p.read_text().splitlines()[1]  # noqa: E731
    assert "T" in head(raw_csv / "crm" / "account.csv") and "Z" in head(raw_csv / "crm" / "account.csv")
    # planted unusable rows survive the CSV rendering (read as dbt reads CSV: all varchar)
    con = duckdb.connect()

    def csv_reader(source: str, table: str) -> str:
        return f"read_csv('{raw_csv / source / table}.csv', header = true, all_varchar = true)"

    assert _planted(con, truth_csv) == _blank_keys(con, csv_reader)
