"""End-to-end: `dbt build` on generated demo data, checked against the raw files with Python as the oracle."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from conftest import Build, dbt

from revops.generate.contract import CONTRACT

# table -> (staging model, id column in raw, id column in staging, raw ordering column or None)
SIMPLE_TABLES = {
    ("crm", "account"): ("stg_crm__accounts", "id", "account_id", "last_modified_date"),
    ("crm", "contact"): ("stg_crm__contacts", "id", "contact_id", "last_modified_date"),
    ("crm", "lead"): ("stg_crm__leads", "id", "lead_id", "last_modified_date"),
    ("crm", "opportunity"): ("stg_crm__opportunities", "id", "opportunity_id", "last_modified_date"),
    ("crm", "user"): ("stg_crm__users", "id", "user_id", None),
    ("crm", "campaign"): ("stg_crm__campaigns", "id", "campaign_id", None),
    ("provider", "companies"): (
        "stg_provider__companies",
        "provider_company_id",
        "provider_company_id",
        None,
    ),
    ("discovery", "locations"): ("stg_discovery__locations", "location_id", "location_id", None),
}


def _nonblank(values: list) -> list:
    return [v for v in values if v is not None and str(v).strip() != ""]


def expected_staged_ids(table: pa.Table, id_column: str, order_column: str | None) -> set[str]:
    """Python oracle: the latest version of every non-blank id, minus ids whose latest version is deleted."""
    latest: dict[str, tuple] = {}
    ids = table.column(id_column).to_pylist()
    orders = table.column(order_column).to_pylist() if order_column else [None] * len(ids)
    deleted = (
        table.column("is_deleted").to_pylist() if "is_deleted" in table.column_names else [False] * len(ids)
    )
    for record_id, order, is_deleted in zip(ids, orders, deleted, strict=True):
        if record_id is None or str(record_id).strip() == "":
            continue
        key = str(record_id).strip()
        if key not in latest or (order is not None and (latest[key][0] is None or order > latest[key][0])):
            latest[key] = (order, bool(is_deleted))
    return {key for key, (_, is_deleted) in latest.items() if not is_deleted}


def test_every_node_of_the_build_passes(demo_build: Build) -> None:
    statuses = defaultdict(list)
    for result in demo_build.run_results():
        statuses[result["status"]].append(result["unique_id"])
    assert not statuses.get("error") and not statuses.get("fail"), dict(statuses)
    models = [r for r in demo_build.run_results() if r["unique_id"].startswith("model.")]
    assert len(models) >= 2 * len([t for tables in CONTRACT.values() for t in tables])


def test_raw_rows_are_all_accounted_for(demo_build: Build) -> None:
    counts = {
        (source, table): (raw, staged, quarantined, collapsed, deleted, unaccounted)
        for source, table, raw, staged, quarantined, collapsed, deleted, unaccounted in demo_build.query(
            "select source_name, table_name, raw_rows, staged_rows, quarantined_rows, "
            "collapsed_duplicate_rows, soft_deleted_rows, unaccounted_rows"
            " from audit.audit_staging_row_counts"
        )
    }
    assert set(counts) == {(s, t) for s, tables in CONTRACT.items() for t in tables}
    for (source, table), (raw, staged, quarantined, collapsed, deleted, unaccounted) in counts.items():
        file_rows = pq.read_metadata(demo_build.raw_dir / source / f"{table}.parquet").num_rows
        assert raw == file_rows, (source, table)
        assert staged + quarantined + collapsed + deleted == file_rows, (source, table)
        assert unaccounted == 0
    # the generator plants CDC duplicates and soft deletes in the CRM: they must be seen
    assert counts[("crm", "account")][3] > 0 and counts[("crm", "account")][4] > 0


@pytest.mark.parametrize("source_table", sorted(SIMPLE_TABLES), ids=lambda st: ".".join(st))
def test_staged_ids_match_the_python_oracle(demo_build: Build, source_table: tuple[str, str]) -> None:
    source, table = source_table
    model, raw_id, staged_id, order_column = SIMPLE_TABLES[source_table]
    raw = pq.read_table(demo_build.raw_dir / source / f"{table}.parquet")
    expected = expected_staged_ids(raw, raw_id, order_column)
    staged = [row[0] for row in demo_build.query(f"select {staged_id} from staging.{model}")]
    assert len(staged) == len(set(staged))
    assert set(staged) == expected


def test_normalised_columns_follow_their_formats(demo_build: Build) -> None:
    bad = demo_build.query(
        "select"
        " count(*) filter (where not regexp_full_match(phone_e164, '\\+[1-9][0-9]{7,14}')),"
        " count(*) filter (where not regexp_full_match(billing_postal_code, '[0-9]{5}')),"
        " count(*) filter (where domain like '%/%' or domain like 'www.%' or domain <> lower(domain))"
        " from staging.stg_crm__accounts"
    )[0]
    assert bad == (0, 0, 0)
    emails = demo_build.query(
        "select count(*) filter (where email <> lower(trim(email)) or email like '% %'), count(email)"
        " from staging.stg_crm__contacts"
    )[0]
    assert emails[0] == 0 and emails[1] > 0


def copy_raw(raw_dir: Path, dest: Path) -> Path:
    shutil.copytree(raw_dir, dest)
    return dest


def test_defective_rows_are_quarantined_or_collapsed_never_lost(
    demo_data: tuple[Path, Path], tmp_path: Path
) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    path = raw_dir / "crm" / "account.parquet"
    accounts = pq.read_table(path)
    sample = accounts.slice(0, 5)
    ids = sample.column("id").to_pylist()
    blank_ids = sample.slice(0, 3).set_column(
        accounts.column_names.index("id"), "id", pa.array([None, "", "   "], pa.string())
    )
    older = sample.slice(3, 2)
    older = older.set_column(
        accounts.column_names.index("last_modified_date"),
        "last_modified_date",
        pc.subtract(older.column("last_modified_date"), pa.scalar(86_400_000_000 * 400, pa.duration("us"))),
    )
    deleted = sample.slice(0, 1)
    deleted = deleted.set_column(accounts.column_names.index("id"), "id", pa.array(["001INJECTEDDELETED"]))
    deleted = deleted.set_column(accounts.column_names.index("is_deleted"), "is_deleted", pa.array([True]))
    pq.write_table(pa.concat_tables([accounts, blank_ids, older, deleted]), path)

    warehouse = tmp_path / "w.duckdb"
    result = dbt(
        ["build", "--exclude-resource-type", "test", "--select", "+audit_staging_row_counts"],
        raw_dir,
        warehouse,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        raw, staged, quarantined, collapsed, deleted_rows, unaccounted = con.execute(
            "select raw_rows, staged_rows, quarantined_rows, collapsed_duplicate_rows, soft_deleted_rows, "
            "unaccounted_rows from audit.audit_staging_row_counts where table_name = 'account'"
        ).fetchone()
        reasons = con.execute(
            "select quarantine_reason, count(*) from audit.audit_quarantined_rows "
            "where table_name = 'account' group by 1"
        ).fetchall()
        survivor_modified = con.execute(
            f"select count(*) from staging.stg_crm__accounts where account_id in ('{ids[3]}', '{ids[4]}')"
        ).fetchone()[0]
    assert raw == accounts.num_rows + 6
    assert unaccounted == 0
    assert dict(reasons).get("missing id", 0) >= 3
    assert staged + quarantined + collapsed + deleted_rows == raw
    assert survivor_modified == len(
        {ids[3], ids[4]} & expected_staged_ids(accounts, "id", "last_modified_date")
    )
    assert "001INJECTEDDELETED" not in {
        r[0]
        for r in duckdb.connect(str(warehouse), read_only=True)
        .execute("select account_id from staging.stg_crm__accounts")
        .fetchall()
    }


def test_missing_optional_column_is_read_as_null_with_a_warning(
    demo_data: tuple[Path, Path], tmp_path: Path
) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    path = raw_dir / "crm" / "account.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["firmographics_verified_at"]), path)
    result = dbt(
        ["build", "--exclude-resource-type", "test", "--select", "+stg_crm__accounts"],
        raw_dir,
        tmp_path / "w.duckdb",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "crm.account: column firmographics_verified_at is missing" in result.stdout


def test_missing_required_column_stops_with_table_and_column(
    demo_data: tuple[Path, Path], tmp_path: Path
) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    path = raw_dir / "crm" / "contact.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["email"]), path)
    result = dbt(
        ["build", "--exclude-resource-type", "test", "--select", "+stg_crm__contacts"],
        raw_dir,
        tmp_path / "w.duckdb",
        tmp_path,
    )
    assert result.returncode != 0
    assert "raw table crm.contact" in result.stdout and "missing required column(s) email" in result.stdout


def test_csv_files_are_read_like_parquet(
    demo_data: tuple[Path, Path], demo_build: Build, tmp_path: Path
) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    for table in ("account", "contact"):
        parquet = raw_dir / "crm" / f"{table}.parquet"
        pacsv.write_csv(pq.read_table(parquet), raw_dir / "crm" / f"{table}.csv")
        parquet.unlink()
    result = dbt(
        ["build", "--exclude-resource-type", "test", "--select", "+stg_crm__accounts", "+stg_crm__contacts"],
        raw_dir,
        tmp_path / "w.duckdb",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    sql = "select count(*), count(distinct domain), count(phone_e164), max(last_modified_at) from staging.{}"
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        for model in ("stg_crm__accounts", "stg_crm__contacts"):
            csv_row = con.execute(
                sql.format(model).replace("domain", "account_id" if "contacts" in model else "domain")
            ).fetchone()
            parquet_row = demo_build.query(
                sql.format(model).replace("domain", "account_id" if "contacts" in model else "domain")
            )[0]
            assert csv_row == parquet_row, model


def test_passthrough_columns_are_carried_to_staging(demo_data: tuple[Path, Path], tmp_path: Path) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    path = raw_dir / "crm" / "account.parquet"
    accounts = pq.read_table(path)
    regions = pa.array([f"region-{i % 4}" for i in range(accounts.num_rows)])
    pq.write_table(accounts.append_column("region__c", regions), path)
    result = dbt(
        [
            "build",
            "--exclude-resource-type",
            "test",
            "--select",
            "+stg_crm__accounts",
            "--vars",
            "{passthrough_columns: {crm.account: [region__c]}}",
        ],
        raw_dir,
        tmp_path / "w.duckdb",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        values = {
            row[0]
            for row in con.execute("select distinct region__c from staging.stg_crm__accounts").fetchall()
        }
    assert values == {"region-0", "region-1", "region-2", "region-3"}


def test_raw_views_resolve_from_another_folder(demo_build: Build) -> None:
    script = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
        "print(con.execute('select count(*) from raw_crm.account').fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(demo_build.warehouse)],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(out) == pq.read_metadata(demo_build.raw_dir / "crm" / "account.parquet").num_rows


def test_missing_optional_table_and_unknown_enum_values_warn(
    demo_data: tuple[Path, Path], tmp_path: Path
) -> None:
    raw_dir = copy_raw(demo_data[0], tmp_path / "raw")
    (raw_dir / "crm" / "opportunity_contact_role.parquet").unlink()
    path = raw_dir / "crm" / "lead.parquet"
    leads = pq.read_table(path)
    statuses = leads.column("status").to_pylist()
    statuses[0] = "Qualified By Partner"  # a status the mapping seed does not know
    pq.write_table(leads.set_column(leads.column_names.index("status"), "status", pa.array(statuses)), path)

    result = dbt(
        [
            "build",
            "--indirect-selection",
            "cautious",
            "--select",
            "+stg_crm__opportunity_contact_roles",
            "+stg_crm__leads",
        ],
        raw_dir,
        tmp_path / "w.duckdb",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "raw table crm.opportunity_contact_role is optional and missing" in result.stdout
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        roles = con.execute("select count(*) from staging.stg_crm__opportunity_contact_roles").fetchone()[0]
        unknown = con.execute(
            "select lead_id, status_raw from staging.stg_crm__leads where lead_status = 'unknown'"
        ).fetchall()
    assert roles == 0
    first_id = leads.column("id")[0].as_py()
    assert (first_id, "Qualified By Partner") in unknown
    results = {
        r["unique_id"]: r["status"]
        for r in json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    }
    lead_status_tests = [uid for uid in results if "accepted_values_stg_crm__leads_lead_status" in uid]
    assert lead_status_tests and all(results[uid] == "warn" for uid in lead_status_tests)


def test_quarantine_holds_exactly_the_rows_the_generator_planted(demo_build: Build) -> None:
    truth = pq.read_table(demo_build.truth_dir / "planted_defects.parquet").to_pylist()
    planted = {(r["source"], r["table"], r["defect"]): r["rows"] for r in truth if r["rows"] > 0}
    quarantined = {
        (source, table, reason): rows
        for source, table, reason, rows in demo_build.query(
            "select source_name, table_name, quarantine_reason, count(*) from audit.audit_quarantined_rows"
            " group by all"
        )
    }
    assert planted and quarantined == planted
