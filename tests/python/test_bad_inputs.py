"""The bad-input corpus: copies of the demo raw data, each defect planted once, and the documented behaviour.

Every case below is one row of the README table "Bad inputs and what happens". To keep CI short, the defects
are grouped: all the defects the project tolerates (quarantine, normalisation, a warning) are planted in one
copy, on different tables or different rows, and one `dbt build` of the staging and audit layers covers them;
all the defects that stop the run are planted in a second copy, and one run must name every one of them
(table, column, count) in its error. Each case then asserts its own behaviour on the shared build, and the
tolerated build also checks that raw rows = staged + quarantined + collapsed + soft-deleted, table by table.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from conftest import dbt

from revops.generate.contract import CONTRACT

STAGING_AND_AUDIT = ["build", "--select", "+staging", "+audit"]


@dataclass(frozen=True)
class Result:
    """One dbt run on a defective copy: its exit code and output, the warehouse and the raw folder."""

    raw_dir: Path
    warehouse: Path
    target_dir: Path
    returncode: int
    output: str

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()

    def one(self, sql: str) -> tuple:
        rows = self.query(sql)
        assert len(rows) == 1, (sql, rows)
        return rows[0]

    def test_statuses(self, fragment: str) -> dict[str, tuple[str, int]]:
        results = json.loads((self.target_dir / "run_results.json").read_text())["results"]
        return {
            r["unique_id"]: (r["status"], r.get("failures") or 0)
            for r in results
            if r["unique_id"].startswith("test.") and fragment in r["unique_id"]
        }


# ---- editing helpers --------------------------------------------------------------------------------------


def _path(raw_dir: Path, table: str) -> Path:
    source, name = table.split(".")
    return raw_dir / source / f"{name}.parquet"


def _read(raw_dir: Path, table: str) -> pa.Table:
    return pq.read_table(_path(raw_dir, table))


def _write(raw_dir: Path, table: str, data: pa.Table) -> None:
    pq.write_table(data, _path(raw_dir, table))


def _set(data: pa.Table, column: str, values: list, type_: pa.DataType | None = None) -> pa.Table:
    return data.set_column(
        data.column_names.index(column), column, pa.array(values, type_ or data.schema.field(column).type)
    )


def _replace_rows(data: pa.Table, column: str, updates: dict[int, object]) -> pa.Table:
    values = data.column(column).to_pylist()
    for index, value in updates.items():
        values[index] = value
    return _set(data, column, values)


def _to_csv(raw_dir: Path, table: str, data: pa.Table, prefix: bytes = b"", encoding: str = "utf-8") -> Path:
    source, name = table.split(".")
    buffer = io.BytesIO()
    pacsv.write_csv(data, buffer)
    text = buffer.getvalue()
    if encoding != "utf-8":
        text = text.decode("utf-8").encode(encoding)
    target = raw_dir / source / f"{name}.csv"
    target.write_bytes(prefix + text)
    _path(raw_dir, table).unlink()
    return target


def _plain_rows(data: pa.Table, id_column: str = "id") -> list[int]:
    """Indices of rows whose id occurs once and that are not soft-deleted: each is staged as it is."""
    ids = data.column(id_column).to_pylist()
    deleted = (
        data.column("is_deleted").to_pylist() if "is_deleted" in data.column_names else [False] * len(ids)
    )
    counts: dict = {}
    for value in ids:
        counts[value] = counts.get(value, 0) + 1
    return [i for i, (v, d) in enumerate(zip(ids, deleted, strict=True)) if v and counts[v] == 1 and not d]


def _plain_first(data: pa.Table, n: int, id_column: str = "id") -> pa.Table:
    """The same rows, reordered so that the first n are plain (the defects are planted on those)."""
    first = _plain_rows(data, id_column)[:n]
    chosen = set(first)
    return data.take(first + [i for i in range(data.num_rows) if i not in chosen])


def _strings(data: pa.Table, column: str) -> list:
    return [None if v is None else str(v) for v in data.column(column).to_pylist()]


def _file_rows(raw_dir: Path, source: str, table: str) -> int:
    parquet = raw_dir / source / f"{table}.parquet"
    if parquet.exists():
        return pq.read_metadata(parquet).num_rows
    csv = raw_dir / source / f"{table}.csv"
    with duckdb.connect() as con:
        return con.execute(
            f"select count(*) from read_csv('{csv}', header = true, all_varchar = true)"
        ).fetchone()[0]


# ---- tolerated defects: one copy, one build ---------------------------------------------------------------

NOW = datetime.now(UTC)
FUTURE = NOW + timedelta(days=400)


@dataclass(frozen=True)
class Case:
    """A defect planted in the raw copy and the behaviour it must produce."""

    name: str
    plant: Callable[[Path, dict], None]
    check: Callable[[Result, dict], None]


def plant_account_defects(raw_dir: Path, ctx: dict) -> None:
    accounts = _read(raw_dir, "crm.account")
    accounts = _plain_first(accounts, 7)
    ids = accounts.column("id").to_pylist()
    ctx["dup_same_ts_id"], ctx["dup_new_ts_id"] = ids[0], ids[1]
    ctx["account_employees"] = {ids[2]: "-5", ids[3]: "0"}
    ctx["future_account_id"] = ids[4]
    # duplicate id, same timestamp, other content: one survives (deterministically, by the raw row)
    same_ts = _set(accounts.slice(0, 1), "name", ["Same Time Other Name"])
    # duplicate id, later timestamp: the later version wins
    newer = accounts.slice(1, 1)
    newer = _set(newer, "name", ["Newer Name Wins"])
    newer = _set(
        newer,
        "last_modified_date",
        [newer.column("last_modified_date")[0].as_py() + timedelta(days=1)],
    )
    # null and blank ids: quarantined
    null_ids = _set(accounts.slice(5, 2), "id", [None, "  "])
    data = pa.concat_tables([accounts, same_ts, newer, null_ids])
    # type changed but readable: employee counts arrive as text, two of them negative or zero
    employees = _strings(data, "number_of_employees")
    employees[2], employees[3] = "-5", "0"
    data = _set(data, "number_of_employees", employees, pa.string())
    # a creation date in the future
    data = _replace_rows(data, "created_date", {4: FUTURE})
    _write(raw_dir, "crm.account", data)


def check_duplicate_same_timestamp(result: Result, ctx: dict) -> None:
    names = result.query(
        f"select account_name from staging.stg_crm__accounts where account_id = '{ctx['dup_same_ts_id']}'"
    )
    assert len(names) == 1
    # both versions are kept in the base table; the raw row's fingerprint ranks them, so the survivor is
    # the same on every run: the version ranked first
    versions = result.query(
        "select account_name, version_rank from staging.base_crm__accounts"
        f" where account_id = '{ctx['dup_same_ts_id']}' order by version_rank"
    )
    assert [rank for _, rank in versions] == [1, 2]
    assert versions[0][0] == names[0][0]
    assert "Same Time Other Name" in {name for name, _ in versions}


def check_duplicate_newer_timestamp(result: Result, ctx: dict) -> None:
    assert result.query(
        f"select account_name from staging.stg_crm__accounts where account_id = '{ctx['dup_new_ts_id']}'"
    ) == [("Newer Name Wins",)]


def check_null_ids(result: Result, ctx: dict) -> None:
    rows = result.one(
        "select count(*) from audit.audit_quarantined_rows"
        " where table_name = 'account' and quarantine_reason = 'missing id'"
    )
    assert rows == (2,)


def check_employee_counts(result: Result, ctx: dict) -> None:
    staged = dict(
        result.query(
            "select account_id, employee_count from staging.stg_crm__accounts where account_id in "
            f"({', '.join(repr(i) for i in ctx['account_employees'])})"
        )
    )
    assert {k: int(v) for k, v in ctx["account_employees"].items() if k in staged} == staged
    statuses = result.test_statuses("accepted_range_stg_crm__accounts_employee_count")
    assert statuses and all(s == "warn" and n >= 2 for s, n in statuses.values()), statuses
    assert (
        "raw table crm.account: column number_of_employees is VARCHAR where the contract expects bigint"
        in (result.output)
    )


def check_future_timestamps(result: Result, ctx: dict) -> None:
    assert result.one(
        f"select count(*) from staging.stg_crm__accounts where account_id = '{ctx['future_account_id']}'"
        " and created_at > current_timestamp"
    ) == (1,)
    statuses = result.test_statuses("expression_is_true_stg_engagement__email_events_occurred_at")
    assert statuses and all(s == "warn" and n == 1 for s, n in statuses.values()), statuses


def plant_contact_defects(raw_dir: Path, ctx: dict) -> None:
    contacts = _plain_first(_read(raw_dir, "crm.contact"), 13)
    ids = contacts.column("id").to_pylist()
    ctx["contact_ids"] = ids[:12]
    data = _replace_rows(contacts, "account_id", {0: None, 1: "001NOSUCHACCOUNT"})
    emails = {2: "  Jane.Doe@Example.COM ", 3: "not an email", 4: "jane doe@example.com"}
    data = _replace_rows(data, "email", emails)
    phones = {
        5: "(555) 010-0199 ext. 12",
        6: "555-0199",
        7: "1-800-FLOWERS",
        8: "+44 20 7946 0958",
        9: "555.010.0199",
        10: "+1 (555) 010-0199 x7",
    }
    data = _replace_rows(data, "mobile_phone", phones)
    _write(raw_dir, "crm.contact", _replace_rows(data, "id", {11: None}))


def check_contact_accounts(result: Result, ctx: dict) -> None:
    ids = ctx["contact_ids"]
    staged = dict(
        result.query(
            "select contact_id, account_id from staging.stg_crm__contacts"
            f" where contact_id in {tuple(ids[:2])}"
        )
    )
    assert staged == {ids[0]: None, ids[1]: "001NOSUCHACCOUNT"}
    statuses = result.test_statuses("relationships_stg_crm__contacts_account_id")
    assert statuses and all(s == "warn" and n >= 1 for s, n in statuses.values()), statuses


def check_contact_emails(result: Result, ctx: dict) -> None:
    ids = ctx["contact_ids"]
    staged = {
        r[0]: r[1:]
        for r in result.query(
            "select contact_id, email, is_email_valid from staging.stg_crm__contacts"
            f" where contact_id in {tuple(ids[2:5])}"
        )
    }
    assert staged == {
        ids[2]: ("jane.doe@example.com", True),
        ids[3]: (None, False),
        ids[4]: ("janedoe@example.com", True),
    }


def check_contact_phones(result: Result, ctx: dict) -> None:
    ids = ctx["contact_ids"]
    staged = {
        r[0]: r[1:]
        for r in result.query(
            "select contact_id, mobile_phone_e164, mobile_phone_extension, is_mobile_phone_valid"
            f" from staging.stg_crm__contacts where contact_id in {tuple(ids[5:11])}"
        )
    }
    assert staged == {
        ids[5]: ("+15550100199", "12", True),
        ids[6]: (None, None, False),
        ids[7]: (None, None, False),
        ids[8]: ("+442079460958", None, True),
        ids[9]: ("+15550100199", None, True),
        ids[10]: ("+15550100199", "7", True),
    }


def check_contact_null_id(result: Result, ctx: dict) -> None:
    quarantined = result.one(
        "select count(*) from audit.audit_quarantined_rows"
        " where table_name = 'contact' and quarantine_reason = 'missing id'"
    )[0]
    planted = ctx["planted"][("crm", "contact", "missing id")]
    assert quarantined == planted + 1


def plant_lead_defects(raw_dir: Path, ctx: dict) -> None:
    leads = _plain_first(_read(raw_dir, "crm.lead"), 6)
    ids = leads.column("id").to_pylist()
    ctx["offset_leads"] = {
        ids[0]: ("2024-03-01T12:00:00+02:00", datetime(2024, 3, 1, 10, 0)),
        ids[1]: ("2024-03-01 05:00:00-05:00", datetime(2024, 3, 1, 10, 0)),
        ids[2]: ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10, 0)),
        ids[3]: ("2024-03-01 10:00:00", datetime(2024, 3, 1, 10, 0)),
        ids[4]: ("2024-03-01T15:30:00+05:30", datetime(2024, 3, 1, 10, 0)),
    }
    ctx["unknown_status_lead"] = ids[5]
    created = _strings(leads, "created_date")
    for index, lead_id in enumerate(ids[:5]):
        created[index] = ctx["offset_leads"][lead_id][0]
    data = _set(leads, "created_date", created, pa.string())
    data = _replace_rows(data, "status", {5: "Qualified By Partner"})
    _write(raw_dir, "crm.lead", data)


def check_mixed_offsets(result: Result, ctx: dict) -> None:
    expected = {lead_id: utc for lead_id, (_, utc) in ctx["offset_leads"].items()}
    staged = dict(
        result.query(
            f"select lead_id, created_at from staging.stg_crm__leads where lead_id in {tuple(expected)}"
        )
    )
    assert staged == expected
    assert "raw table crm.lead: column created_date is VARCHAR where the contract expects timestamp" in (
        result.output
    )


def check_unknown_lead_status(result: Result, ctx: dict) -> None:
    assert result.query(
        "select lead_status, status_raw from staging.stg_crm__leads"
        f" where lead_id = '{ctx['unknown_status_lead']}'"
    ) == [("unknown", "Qualified By Partner")]
    statuses = result.test_statuses("accepted_values_stg_crm__leads_lead_status")
    assert statuses and all(s == "warn" for s, _ in statuses.values()), statuses


def plant_opportunity_defects(raw_dir: Path, ctx: dict) -> None:
    opportunities = _read(raw_dir, "crm.opportunity")
    not_deleted = [i for i, d in enumerate(opportunities.column("is_deleted").to_pylist()) if not d]
    first, second = not_deleted[0], not_deleted[1]
    ids = opportunities.column("id").to_pylist()
    ctx["unknown_stage_opportunity"], ctx["early_close_opportunity"] = ids[first], ids[second]
    data = _replace_rows(opportunities, "stage_name", {first: "Negotiation (legacy)"})
    created = opportunities.column("created_date")[second].as_py()
    data = _replace_rows(data, "close_date", {second: (created - timedelta(days=30)).date()})
    # the optional column currency_iso_code is missing
    _write(raw_dir, "crm.opportunity", data.drop_columns(["currency_iso_code"]))


def check_unknown_stage(result: Result, ctx: dict) -> None:
    assert result.query(
        "select stage, stage_name_raw from staging.stg_crm__opportunities"
        f" where opportunity_id = '{ctx['unknown_stage_opportunity']}'"
    ) == [("unknown", "Negotiation (legacy)")]
    statuses = result.test_statuses("accepted_values_stg_crm__opportunities_stage")
    assert statuses and all(s == "warn" for s, _ in statuses.values()), statuses


def check_close_before_created(result: Result, ctx: dict) -> None:
    assert result.one(
        "select count(*) from staging.stg_crm__opportunities"
        f" where opportunity_id = '{ctx['early_close_opportunity']}'"
        " and close_date < cast(created_at as date)"
    ) == (1,)
    statuses = result.test_statuses("expression_is_true_stg_crm__opportunities_close_date")
    assert statuses and all(s == "warn" and n >= 1 for s, n in statuses.values()), statuses


def check_missing_optional_column(result: Result, ctx: dict) -> None:
    assert "raw table crm.opportunity: column currency_iso_code is missing; read as null" in result.output
    assert result.query("select distinct currency_code from staging.stg_crm__opportunities") == [("USD",)]


def plant_email_event_defects(raw_dir: Path, ctx: dict) -> None:
    events = _read(raw_dir, "engagement.email_events")
    ctx["duplicate_event"] = events.column("event_id")[0].as_py()
    ctx["future_event"] = events.column("event_id")[1].as_py()
    data = pa.concat_tables([events, events.slice(0, 1)])
    _write(raw_dir, "engagement.email_events", _replace_rows(data, "occurred_at", {1: FUTURE}))


def check_duplicate_event(result: Result, ctx: dict) -> None:
    assert result.one(
        "select count(*) from staging.stg_engagement__email_events"
        f" where event_id = '{ctx['duplicate_event']}'"
    ) == (1,)
    assert result.one(
        "select count(*) from staging.base_engagement__email_events"
        f" where event_id = '{ctx['duplicate_event']}' and version_rank = 2"
    ) == (1,)


def plant_web_session_defects(raw_dir: Path, ctx: dict) -> None:
    sessions = _read(raw_dir, "engagement.web_sessions")
    pages = _strings(sessions, "pages_viewed")
    for index in range(3):
        pages[index] = "n/a"
    ctx["unreadable_pages"] = 3
    _write(raw_dir, "engagement.web_sessions", _set(sessions, "pages_viewed", pages, pa.string()))


def check_partly_unreadable_type_change(result: Result, ctx: dict) -> None:
    assert (
        "raw table engagement.web_sessions: column pages_viewed is VARCHAR where the contract expects"
        " bigint; 3 of " in result.output
    )
    assert "value(s) cannot be read as bigint and are read as null" in result.output


def plant_provider_contacts_csv(raw_dir: Path, ctx: dict) -> None:
    contacts = _read(raw_dir, "provider.contacts")
    ctx["csv_contact"] = contacts.column("provider_contact_id")[0].as_py()
    ctx["csv_title"] = 'Owner, "Chief"\nCook'
    _to_csv(raw_dir, "provider.contacts", _replace_rows(contacts, "title", {0: ctx["csv_title"]}))


def check_csv_newlines_and_quotes(result: Result, ctx: dict) -> None:
    assert result.query(
        f"select title from staging.stg_provider__contacts where provider_contact_id = '{ctx['csv_contact']}'"
    ) == [(ctx["csv_title"],)]


def plant_locations_bom(raw_dir: Path, ctx: dict) -> None:
    locations = _read(raw_dir, "discovery.locations")
    ctx["bom_location"] = locations.column("location_id")[0].as_py()
    _to_csv(raw_dir, "discovery.locations", locations, prefix=b"\xef\xbb\xbf")


def check_bom(result: Result, ctx: dict) -> None:
    assert result.one(
        f"select count(*) from staging.stg_discovery__locations where location_id = '{ctx['bom_location']}'"
    ) == (1,)


def plant_extra_column(raw_dir: Path, ctx: dict) -> None:
    companies = _read(raw_dir, "provider.companies")
    _write(
        raw_dir,
        "provider.companies",
        companies.append_column("favourite_colour", pa.array(["teal"] * companies.num_rows)),
    )


def check_extra_column(result: Result, ctx: dict) -> None:
    columns = [r[0] for r in result.query("describe staging.stg_provider__companies")]
    assert "favourite_colour" not in columns and "provider_company_id" in columns


def plant_empty_tables(raw_dir: Path, ctx: dict) -> None:
    _write(raw_dir, "crm.user", _read(raw_dir, "crm.user").slice(0, 0))
    roles = _read(raw_dir, "crm.opportunity_contact_role")
    _to_csv(raw_dir, "crm.opportunity_contact_role", roles.slice(0, 0))
    _path(raw_dir, "crm.lead_history").unlink()
    (raw_dir / "crm" / "lead_history.csv").write_bytes(b"")


def check_empty_file(result: Result, ctx: dict) -> None:
    assert "raw table crm.lead_history:" in result.output and "is an empty file (0 bytes)" in result.output
    assert result.one("select count(*) from staging.stg_crm__lead_history") == (0,)


def check_empty_required_table(result: Result, ctx: dict) -> None:
    assert "raw table crm.user is required and has no rows" in result.output
    assert result.one("select count(*) from staging.stg_crm__users") == (0,)


def check_empty_optional_table(result: Result, ctx: dict) -> None:
    assert "raw table crm.opportunity_contact_role" not in result.output
    assert result.one("select count(*) from staging.stg_crm__opportunity_contact_roles") == (0,)


TOLERATED_PLANTS = [
    plant_account_defects,
    plant_contact_defects,
    plant_lead_defects,
    plant_opportunity_defects,
    plant_email_event_defects,
    plant_web_session_defects,
    plant_provider_contacts_csv,
    plant_locations_bom,
    plant_extra_column,
    plant_empty_tables,
]

TOLERATED_CASES = {
    "duplicate ids, same timestamp": check_duplicate_same_timestamp,
    "duplicate ids, different timestamps": check_duplicate_newer_timestamp,
    "null and blank ids": check_null_ids,
    "contact with null id": check_contact_null_id,
    "contacts with null or orphan account ids": check_contact_accounts,
    "emails with spaces, upper case, invalid": check_contact_emails,
    "phones mixed formats, extensions, too short, letters": check_contact_phones,
    "future-dated timestamps": check_future_timestamps,
    "mixed-offset timestamps (text column)": check_mixed_offsets,
    "negative or zero employee counts (text column)": check_employee_counts,
    "unknown lead status": check_unknown_lead_status,
    "unknown opportunity stage": check_unknown_stage,
    "close date before created date": check_close_before_created,
    "duplicate event delivery": check_duplicate_event,
    "column type changed, some values unreadable": check_partly_unreadable_type_change,
    "CSV with embedded newlines and quotes": check_csv_newlines_and_quotes,
    "CSV with a UTF-8 BOM": check_bom,
    "extra column": check_extra_column,
    "missing optional column": check_missing_optional_column,
    "empty file (0 bytes)": check_empty_file,
    "empty required table": check_empty_required_table,
    "empty optional table": check_empty_optional_table,
}


@pytest.fixture(scope="module")
def tolerated(demo_data: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, dict]:
    work = tmp_path_factory.mktemp("bad_inputs_tolerated")
    raw_dir = work / "raw"

    shutil.copytree(demo_data[0], raw_dir)
    planted = pq.read_table(demo_data[1] / "planted_defects.parquet").to_pylist()
    ctx: dict = {"planted": {(r["source"], r["table"], r["defect"]): r["rows"] for r in planted}}
    for plant in TOLERATED_PLANTS:
        plant(raw_dir, ctx)
    completed = dbt(STAGING_AND_AUDIT, raw_dir, work / "w.duckdb", work)
    result = Result(raw_dir, work / "w.duckdb", work / "target", completed.returncode, completed.stdout)
    assert result.returncode == 0, result.output[-6000:]
    return result, ctx


@pytest.mark.parametrize("case", sorted(TOLERATED_CASES))
def test_tolerated_defect(tolerated: tuple[Result, dict], case: str) -> None:
    result, ctx = tolerated
    TOLERATED_CASES[case](result, ctx)


def test_no_row_is_lost_in_the_defective_copy(tolerated: tuple[Result, dict]) -> None:
    result, _ = tolerated
    counts = {
        (r[0], r[1]): r[2:]
        for r in result.query(
            "select source_name, table_name, raw_rows, staged_rows, quarantined_rows,"
            " collapsed_duplicate_rows, soft_deleted_rows, unaccounted_rows"
            " from audit.audit_staging_row_counts"
        )
    }
    assert set(counts) == {(s, t) for s, tables in CONTRACT.items() for t in tables}
    for (source, table), (raw, staged, quarantined, collapsed, deleted, unaccounted) in counts.items():
        assert raw == _file_rows(result.raw_dir, source, table), (source, table)
        assert staged + quarantined + collapsed + deleted == raw and unaccounted == 0, (source, table)
    assert counts[("crm", "account")][3] >= 2  # the two planted duplicates at least
    assert counts[("engagement", "email_events")][3] >= 1


# ---- defects that stop the run: one copy, one run that names them all ------------------------------------


def plant_missing_required_column(raw_dir: Path, ctx: dict) -> None:
    _write(raw_dir, "crm.contact", _read(raw_dir, "crm.contact").drop_columns(["email"]))


def plant_not_parquet(raw_dir: Path, ctx: dict) -> None:
    _path(raw_dir, "crm.account").write_bytes(b"<html><body>Session expired, please log in</body></html>\n")


def plant_not_csv(raw_dir: Path, ctx: dict) -> None:
    _path(raw_dir, "engagement.ad_clicks").unlink()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ad_clicks.csv", "click_id\n1\n")
    (raw_dir / "engagement" / "ad_clicks.csv").write_bytes(buffer.getvalue())


def plant_non_utf8(raw_dir: Path, ctx: dict) -> None:
    companies = _read(raw_dir, "provider.companies")
    names = companies.column("name").to_pylist()
    names[4] = "Caf\u00e9 \u201cRoma\u201d"  # cp1252 bytes E9, 93, 94: not UTF-8
    names[9] = "M\u00fcller Plumbing"
    _to_csv(raw_dir, "provider.companies", _set(companies, "name", names), encoding="cp1252")


def plant_type_changed(raw_dir: Path, ctx: dict) -> None:
    leads = _plain_first(_read(raw_dir, "crm.lead"), 6)
    epoch = pc.cast(pc.divide(pc.cast(leads.column("created_date"), pa.int64()), 1_000_000), pa.int64())
    ctx["lead_rows"] = leads.num_rows
    _write(raw_dir, "crm.lead", _set(leads, "created_date", epoch.to_pylist(), pa.int64()))


def plant_missing_table(raw_dir: Path, ctx: dict) -> None:
    _path(raw_dir, "discovery.decision_makers").unlink()


FATAL_PLANTS = [
    plant_missing_table,
    plant_missing_required_column,
    plant_not_parquet,
    plant_not_csv,
    plant_non_utf8,
    plant_type_changed,
]

FATAL_MESSAGES: dict[str, Callable[[dict], list[str]]] = {
    "missing required table": lambda ctx: [
        "raw table discovery.decision_makers is required but no file was found at",
    ],
    "missing required column": lambda ctx: ["raw table crm.contact", "missing required column(s) email"],
    "a file that is not Parquet": lambda ctx: [
        "raw table crm.account:",
        "account.parquet is not a Parquet file (no PAR1 magic bytes",
    ],
    "a file that is not CSV": lambda ctx: [
        "raw table engagement.ad_clicks:",
        "ad_clicks.csv is not a CSV file (it looks like a ZIP archive",
    ],
    "CSV with non-UTF-8 bytes": lambda ctx: [
        "raw table provider.companies:",
        "is not UTF-8: 2 line(s) hold other bytes, first at line 6 in column name",
    ],
    "column type changed, no value readable": lambda ctx: [
        "raw table crm.lead: column created_date is BIGINT where the contract expects timestamp; "
        f"{ctx['lead_rows']} of {ctx['lead_rows']} value(s) cannot be read as timestamp"
    ],
}


@pytest.fixture(scope="module")
def fatal(demo_data: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, dict]:

    work = tmp_path_factory.mktemp("bad_inputs_fatal")
    raw_dir = work / "raw"
    shutil.copytree(demo_data[0], raw_dir)
    ctx: dict = {}
    for plant in FATAL_PLANTS:
        plant(raw_dir, ctx)
    completed = dbt(STAGING_AND_AUDIT, raw_dir, work / "w.duckdb", work)
    return Result(raw_dir, work / "w.duckdb", work / "target", completed.returncode, completed.stdout), ctx


def test_fatal_defects_stop_the_run_before_any_model(fatal: tuple[Result, dict]) -> None:
    result, _ = fatal
    assert result.returncode != 0
    assert f"the raw data cannot be read ({len(FATAL_PLANTS)} problem(s))" in result.output, result.output[
        -4000:
    ]
    with duckdb.connect(str(result.warehouse), read_only=True) as con:
        staged = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'staging'"
        ).fetchone()[0]
    assert staged == 0


@pytest.mark.parametrize("case", sorted(FATAL_MESSAGES))
def test_fatal_defect_is_named(fatal: tuple[Result, dict], case: str) -> None:
    result, ctx = fatal
    for fragment in FATAL_MESSAGES[case](ctx):
        assert fragment in result.output, (fragment, result.output[-4000:])
