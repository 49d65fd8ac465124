"""Lead funnel marts against independent oracles: Python business hours, a pandas MQL recomputation, the
generator's ground truth (intended MQL->SQL rate and SLA behaviour) and true person-to-business links."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from revops.dbt_cli import PROJECT_ROOT

WORK_START, WORK_END = 9, 17  # dbt_project.yml defaults
HALF_LIFE_DAYS, WINDOW_DAYS, BEHAVIOUR_THRESHOLD, FIT_THRESHOLD = 30, 90, 25, 50


def _holidays() -> set[dt.date]:
    with open(PROJECT_ROOT / "seeds/funnel/funnel_holidays.csv") as f:
        return {dt.date.fromisoformat(r["holiday_date"]) for r in csv.DictReader(f)}


def business_hours(start: dt.datetime, end: dt.datetime, tz: str, holidays: set[dt.date]) -> float:
    """Business hours between two naive UTC instants in the local working days of `tz` (the oracle)."""
    zone = ZoneInfo(tz)
    utc = dt.UTC
    s, e = start.replace(tzinfo=utc), end.replace(tzinfo=utc)
    day, last = s.astimezone(zone).date(), e.astimezone(zone).date()
    total = 0.0
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            opens = dt.datetime.combine(day, dt.time(WORK_START), zone)
            closes = dt.datetime.combine(day, dt.time(WORK_END), zone)
            overlap = (min(e, closes) - max(s, opens)).total_seconds()
            total += max(overlap, 0.0)
        day += dt.timedelta(days=1)
    return total / 3600


def test_funnel_models_built(demo_build) -> None:
    built = {r["unique_id"].split(".")[-1]: r["status"] for r in demo_build.run_results()}
    for model in ("fct_funnel_stages", "fct_mqls", "fct_speed_to_lead", "fct_mql_conversion_monthly"):
        assert built.get(model) == "success", model
    assert demo_build.query("select count(*) from marts.fct_mqls where is_mql")[0][0] > 50


def test_business_hours_match_python_oracle(demo_build) -> None:
    rows = demo_build.query(
        "select trigger_key, time_zone, triggered_at, first_touched_at, reference_at, business_hours "
        "from marts.fct_speed_to_lead order by trigger_key"
    )
    assert len(rows) > 200
    holidays = _holidays()
    zones = {r[1] for r in rows}
    assert len(zones) >= 3, zones
    for key, tz, start, touched, reference, hours in rows:
        end = touched if touched is not None else max(reference, start)
        assert business_hours(start, end, tz, holidays) == pytest.approx(hours, abs=1e-6), key


def test_mql_timestamps_match_pandas_recomputation(demo_build) -> None:
    events = pd.DataFrame(
        demo_build.query(
            "select person_id, engagement_key, engaged_at, engagement_type, form_type, page_category "
            "from intermediate.int_marketing_engagements where person_id is not null"
        ),
        columns=["person_id", "key", "at", "type", "form_type", "page"],
    )
    points = pd.read_csv(PROJECT_ROOT / "seeds/funnel/funnel_engagement_points.csv")
    specific = {(r.engagement_type, r.engagement_detail): r.points for r in points.itertuples()}
    events["points"] = [
        specific.get((t, f if isinstance(f, str) else p), specific.get((t, "*")))
        for t, f, p in zip(events["type"], events["form_type"], events["page"], strict=True)
    ]
    events = events.dropna(subset=["points"])
    cycles = pd.DataFrame(
        demo_build.query(
            "select person_id, cycle_number, cycle_started_at, cycle_ended_at "
            "from intermediate.int_funnel_cycles"
        ),
        columns=["person_id", "cycle", "start", "end"],
    )
    fit = dict(demo_build.query("select person_id, fit_score from intermediate.int_funnel_person_fit"))
    expected: dict[tuple[str, int], dt.datetime] = {}
    for person, ev in events.sort_values(["at", "key"]).groupby("person_id"):
        if fit.get(person, 0) < FIT_THRESHOLD:
            continue
        times, pts = list(ev["at"]), list(ev["points"])
        qualified = []
        for t in times:
            score = sum(
                p * 0.5 ** ((t - u).total_seconds() / (HALF_LIFE_DAYS * 86400))
                for u, p in zip(times, pts, strict=True)
                if u <= t and (t - u).total_seconds() < WINDOW_DAYS * 86400
            )
            if score >= BEHAVIOUR_THRESHOLD - 1e-9:
                qualified.append(t)
        for c in cycles[cycles["person_id"] == person].itertuples():
            inside = [t for t in qualified if t >= c.start and (pd.isna(c.end) or t < c.end)]
            if inside:
                expected[(person, c.cycle)] = min(inside)
    actual = {
        (p, c): t
        for p, c, t in demo_build.query(
            "select person_id, cycle_number, mql_at from marts.fct_mqls where is_mql"
        )
    }
    assert len(expected) > 50
    assert actual == expected


def test_crm_mql_to_sql_rate_matches_generator(demo_build) -> None:
    truth = pd.read_parquet(demo_build.truth_dir / "lead_truth.parquet")
    mql = truth[truth["is_mql"]]
    intended = mql["is_sql"].mean()
    mqls, sqls = demo_build.query(
        "select sum(mqls), sum(sqls) from marts.fct_mql_conversion_monthly "
        "where mql_definition = 'crm' and breakdown = 'all'"
    )[0]
    assert mqls == pytest.approx(len(mql), rel=0.05)
    assert sqls / mqls == pytest.approx(intended, abs=0.03)


def test_crm_mql_sla_breach_rate_matches_generator(demo_build) -> None:
    """The generator's follow-ups (true MQL and first follow-up, owner's zone) breach the 8-hour SLA as often
    as the mart says: same definition computed by the oracle on ground truth, tasks log up to 10 min late."""
    truth = pd.read_parquet(demo_build.truth_dir / "lead_truth.parquet")
    truth = truth[truth["is_mql"] & truth["first_follow_up_at"].notna()]
    leads = pd.read_parquet(
        demo_build.raw_dir / "crm" / "lead.parquet", columns=["id", "owner_id"]
    ).drop_duplicates("id")
    users = pd.read_parquet(demo_build.raw_dir / "crm" / "user.parquet", columns=["id", "time_zone_sid_key"])
    zone_of = dict(zip(users["id"], users["time_zone_sid_key"], strict=True))
    owner_of = dict(zip(leads["id"], leads["owner_id"], strict=True))
    holidays = _holidays()
    breaches = [
        business_hours(
            m.mql_at.tz_convert(None).to_pydatetime(),
            f.tz_convert(None).to_pydatetime(),
            zone_of.get(owner_of.get(lead), "America/New_York"),
            holidays,
        )
        > 8
        for lead, m, f in zip(truth["lead_id"], truth.itertuples(), truth["first_follow_up_at"], strict=True)
    ]
    intended = sum(breaches) / len(breaches)
    measured = demo_build.query(
        "select avg(case when is_sla_breached then 1.0 else 0.0 end) from marts.fct_speed_to_lead "
        "where trigger_type = 'crm_mql' and is_touched"
    )[0][0]
    assert measured == pytest.approx(intended, abs=0.05)


def test_conversion_falls_with_slower_follow_up(demo_build) -> None:
    rows = dict(
        demo_build.query(
            "select breakdown_value, sum(sqls) * 1.0 / sum(mqls) from marts.fct_mql_conversion_monthly "
            "where mql_definition = 'crm' and breakdown = 'follow_up_band' group by breakdown_value"
        )
    )
    fast = rows.get("0-1 business hours", 0)
    slow = rows.get("3+ business days", 1)
    assert fast > slow


def test_int_people_account_attachment_matches_ground_truth(demo_build) -> None:
    """A person's `account_key` must be the business their CRM record truly belongs to (record_links)."""
    links = pd.read_parquet(demo_build.truth_dir / "record_links.parquet")
    crm_records = links[links["source"] == "crm"]
    people = pd.DataFrame(
        demo_build.query(
            "select person_id, person_type, coalesce(contact_id, lead_id) as record_id, account_key, "
            "account_attach_method from intermediate.int_people"
        ),
        columns=["person_id", "person_type", "record_id", "account_key", "method"],
    )
    matches = pd.DataFrame(
        demo_build.query("select source, source_record_id, account_key from marts.account_matches"),
        columns=["source", "record_id", "account_key"],
    )
    # the true business of a resolved account_key: the majority true business of its records
    record_business = links.rename(columns={"business_id": "true_business"})[
        ["source", "record_id", "true_business"]
    ]
    keyed = matches.merge(record_business, on=["source", "record_id"])
    key_business = keyed.groupby("account_key")["true_business"].agg(lambda s: s.mode().iloc[0])
    table = people["person_type"].map({"contact": "contact", "lead": "lead"})
    truth = crm_records[["table", "record_id", "business_id"]]
    people = people.assign(table=table).merge(truth, on=["table", "record_id"], how="left")
    attached = people[people["account_key"].notna() & people["business_id"].notna()]
    attached = attached.assign(key_business=attached["account_key"].map(key_business))
    correct = (attached["key_business"] == attached["business_id"]).groupby(attached["method"]).mean()
    coverage = people["account_key"].notna().mean()
    assert coverage > 0.8, coverage
    assert (attached["key_business"] == attached["business_id"]).mean() > 0.95, correct.to_dict()
    for method, precision in correct.items():
        assert precision > 0.9, (method, precision)
