"""Generate every raw and ground-truth table for one chunk of businesses.

A chunk is a fixed-size block of consecutive businesses; it depends only on ``(seed, chunk_index, size)`` so
chunks can be generated independently (and in parallel) and the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from revops.generate import crm, defects, engagement, funnel, thirdparty, universe, vocab
from revops.generate.core import AS_OF_US, itos, null_where, phone_e164
from revops.generate.crm import PersonPhones, TaskSource
from revops.generate.dims import Dims
from revops.generate.universe import Businesses, People, city_of, e164, state_of

TableKey = tuple[str, str]

# stable per-stage stream ids (adding a stage must not shift the others)
_STREAMS = {
    "business": 1,
    "locations": 2,
    "people": 3,
    "leads": 4,
    "lead_records": 5,
    "accounts": 6,
    "contacts": 7,
    "opps": 8,
    "render_accounts": 9,
    "render_contacts": 10,
    "render_opps": 11,
    "render_leads": 12,
    "engagement": 13,
    "members": 14,
    "provider": 15,
    "discovery": 16,
    "tasks": 17,
    "defects": 18,
}


@dataclass(frozen=True)
class ChunkOutput:
    """Raw tables ``(source, table) -> Table``, truth tables ``name -> Table`` and planted rows per table."""

    raw: dict[TableKey, pa.Table]
    truth: dict[str, pa.Table]
    planted: dict[TableKey, int]


def _rng(seed: int, chunk_index: int, stage: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, chunk_index, _STREAMS[stage]]))


def _subset(ph: PersonPhones, idx: np.ndarray) -> PersonPhones:
    return PersonPhones(ph.office[idx], ph.office_type[idx], ph.mobile[idx], ph.mobile_type[idx])


def generate_chunk(seed: int, chunk_index: int, first_gidx: int, size: int, dims: Dims) -> ChunkOutput:
    """All tables for businesses ``first_gidx .. first_gidx + size - 1``."""

    def r(stage: str) -> np.random.Generator:
        return _rng(seed, chunk_index, stage)

    c = chunk_index
    biz = universe.make_businesses(r("business"), first_gidx, size)
    locs = universe.make_locations(r("locations"), biz)
    loc_starts = np.zeros(biz.n, dtype=np.int64)
    if biz.n > 1:
        np.cumsum(biz.n_locations[:-1], out=loc_starts[1:])
    people = universe.make_people(r("people"), c, biz)
    leads = funnel.simulate_leads(r("leads"), biz, people, dims)
    lr = crm.make_lead_records(r("lead_records"), c, leads, people, biz, locs, loc_starts)
    acc = crm.make_accounts(r("accounts"), c, biz, leads, dims)
    con = crm.make_contacts(r("contacts"), c, biz, locs, loc_starts, people, acc, leads)
    opp = crm.make_opps(r("opps"), c, biz, acc, leads, lr, dims)
    won_business = np.bincount(opp.business[opp.is_won], minlength=biz.n) > 0

    account, firmo, acc_links, acc_claims = crm.render_accounts(
        r("render_accounts"), acc, biz, locs, loc_starts, dims, won_business
    )
    contact, con_links, con_claims = crm.render_contacts(
        r("render_contacts"), c, con, acc, people, biz, dims, lr.lead_source
    )
    opportunity, opp_history, roles, primary = crm.render_opps(r("render_opps"), c, opp, acc, biz, dims, con)
    lead_opp = np.full(leads.n, -1)
    lead_opp[opp.lead[opp.lead >= 0]] = np.flatnonzero(opp.lead >= 0)
    lead_opp_id = (
        null_where(opp.opp_id.take(pa.array(np.maximum(lead_opp, 0))), lead_opp < 0) if opp.n else None
    )
    if lead_opp_id is None:
        lead_opp_id = pa.nulls(leads.n, pa.string())
    lead, lead_history, lead_links, lead_claims = crm.render_leads(
        r("render_leads"), c, leads, lr, people, biz, dims, acc, con, lead_opp_id
    )
    eng = engagement.make_engagement(r("engagement"), c, biz, people, leads, lr, con, dims)
    members = crm.render_campaign_members(
        r("members"),
        c,
        eng.touch_kind,
        eng.touch_record,
        eng.touch_campaign,
        eng.touch_us,
        eng.touch_responded,
        eng.touch_status,
        lr.lead_id,
        con.contact_id,
        dims,
    )
    task, call_truth = crm.render_tasks(
        r("tasks"), c, _task_sources(r("tasks"), leads, lr, con, acc, opp, primary), people, biz, dims
    )
    companies, pcontacts, prov_links, prov_claims = thirdparty.make_provider(r("provider"), c, biz, people)
    locations, dms, disc_links, disc_claims = thirdparty.make_discovery(r("discovery"), c, biz, locs, people)

    raw: dict[TableKey, pa.Table] = {
        ("crm", "account"): account,
        ("crm", "contact"): contact,
        ("crm", "lead"): lead,
        ("crm", "lead_history"): lead_history,
        ("crm", "opportunity"): opportunity,
        ("crm", "opportunity_history"): opp_history,
        ("crm", "opportunity_contact_role"): roles,
        ("crm", "task"): task,
        ("crm", "campaign_member"): members,
        ("provider", "companies"): companies,
        ("provider", "contacts"): pcontacts,
        ("discovery", "locations"): locations,
        ("discovery", "decision_makers"): dms,
        ("engagement", "web_sessions"): eng.web_sessions,
        ("engagement", "email_events"): eng.email_events,
        ("engagement", "form_submissions"): eng.form_submissions,
        ("engagement", "ad_clicks"): eng.ad_clicks,
    }
    # unusable extra rows (copies with a blanked key); the truth tables below describe real records only
    raw, planted = defects.plant(r("defects"), c, raw)
    truth = {
        "businesses": businesses_truth(biz),
        "people": people_truth(people, biz),
        "record_links": pa.concat_tables([acc_links, con_links, lead_links, prov_links, disc_links]),
        "phone_claims": pa.concat_tables([acc_claims, con_claims, lead_claims, prov_claims, disc_claims]),
        "crm_account_firmographics": firmo,
        "lead_truth": engagement.lead_truth(leads, lr, people, biz),
        "call_truth": call_truth,
        "opportunity_truth": opportunity_truth(opp, leads, lr, eng),
    }
    return ChunkOutput(raw, truth, planted)


def _task_sources(
    rng: np.random.Generator,
    leads: funnel.LeadSim,
    lr: crm.LeadRecords,
    con: crm.Contacts,
    acc: crm.Accounts,
    opp: crm.Opps,
    primary: np.ndarray,
) -> list[TaskSource]:
    """Task sequences: MQL follow-ups, SDR work on cold leads, opportunity and account touches."""
    no_what = pa.nulls(leads.n, pa.string())
    mql = np.flatnonzero(leads.first_touch_us > 0)
    worked = np.flatnonzero(leads.worked)
    out = [
        TaskSource(
            lr.lead_id.take(pa.array(mql)),
            no_what.take(pa.array(mql)),
            leads.owner[mql],
            leads.person[mql],
            _subset(lr.phones, mql),
            leads.first_touch_us[mql],
            np.full(len(mql), AS_OF_US),
            1 + rng.poisson(1.5, len(mql)),
            False,
        ),
        TaskSource(
            lr.lead_id.take(pa.array(worked)),
            no_what.take(pa.array(worked)),
            leads.owner[worked],
            leads.person[worked],
            _subset(lr.phones, worked),
            leads.worked_us[worked] - 3_600_000_000,
            np.full(len(worked), AS_OF_US),
            1 + rng.poisson(1.2, len(worked)),
            False,
        ),
    ]
    o = np.flatnonzero(primary >= 0)
    cp = primary[o]
    out.append(
        TaskSource(
            con.contact_id.take(pa.array(cp)),
            opp.opp_id.take(pa.array(o)),
            opp.owner[o],
            con.person[cp],
            _subset(con.phones, cp),
            opp.created_us[o],
            np.where(opp.is_closed[o], opp.close_us[o], AS_OF_US),
            1 + rng.poisson(2.5, len(o)),
            True,
        )
    )
    k = rng.poisson(0.3, con.n)
    acc_row = con.account_row
    what = null_where(acc.account_id.take(pa.array(np.maximum(acc_row, 0))), acc_row < 0)
    owner = acc.owner[np.maximum(np.where(acc_row >= 0, acc_row, acc.primary[con.business]), 0)]
    out.append(
        TaskSource(
            con.contact_id,
            what,
            owner,
            con.person,
            con.phones,
            con.created_us,
            np.full(con.n, AS_OF_US),
            k,
            True,
        )
    )
    return out


def businesses_truth(biz: Businesses) -> pa.Table:
    """True current state of every business."""
    brand = null_where(
        pa.array([b[0] for b in vocab.FRANCHISE_BRANDS], pa.string()).take(
            pa.array(np.maximum(biz.brand_idx, 0))
        ),
        biz.brand_idx < 0,
    )
    multi = biz.n_locations > 1
    host = biz.shares_address_with
    return pa.table(
        {
            "business_id": biz.business_id,
            "segment_family": pa.array(np.where(biz.family == 0, "linkedin_native", "local").tolist()),
            "segment": pa.array(np.array(vocab.SEGMENTS)[biz.segment].tolist()),
            "name": biz.name,
            "domain": biz.domain,
            "phone_e164": phone_e164(biz.phone),
            "street": biz.street,
            "city": city_of(biz.city_idx),
            "state": state_of(biz.city_idx),
            "postal_code": itos(biz.zip5, 5),
            "country": pa.array(["US"] * biz.n, pa.string()),
            "industry": biz.industry,
            "naics_code": biz.naics,
            "employee_count": pa.array(biz.employees),
            "annual_revenue": pa.array(biz.revenue),
            "brand": brand,
            "operator_business_id": null_where(biz.business_id, ~multi),
            "n_locations": pa.array(biz.n_locations),
            "shares_address_with": null_where(biz.business_id.take(pa.array(np.maximum(host, 0))), host < 0),
            "has_website": pa.array(biz.has_website),
            "time_zone": pa.array(np.array(vocab.TIME_ZONES)[biz.tz].tolist()),
        }
    )


def people_truth(people: People, biz: Businesses) -> pa.Table:
    """True people with their real numbers."""
    return pa.table(
        {
            "person_id": people.person_id,
            "business_id": biz.business_id.take(pa.array(people.business)),
            "full_name": people.full_name,
            "first_name": people.first_name,
            "last_name": people.last_name,
            "title": people.title,
            "is_decision_maker": pa.array(people.is_dm),
            "true_mobile_e164": phone_e164(people.mobile),
            "direct_dial_e164": e164(people.direct),
            "work_email": people.email,
            "personal_email": people.personal_email,
            "has_linkedin": pa.array(people.has_linkedin),
        }
    )


def opportunity_truth(opp: crm.Opps, leads: funnel.LeadSim, lr: crm.LeadRecords, eng: engagement.Engagement):
    """How each opportunity really came about: from a converted lead (with the lead's first marketing touch)
    or created by sales on an existing account (outbound and expansion)."""
    from_lead = opp.lead >= 0
    lead_row = pa.array(np.maximum(opp.lead, 0))
    first = eng.lead_first_touch.take(lead_row)
    columns = {
        "opportunity_id": opp.opp_id,
        "origin": pa.array(np.where(from_lead, "converted_lead", "sales_created").tolist(), pa.string()),
        "lead_id": null_where(lr.lead_id.take(lead_row), ~from_lead),
        "lead_mql_at": null_where(
            pa.array(leads.mql_us[np.maximum(opp.lead, 0)]).cast(pa.timestamp("us", tz="UTC")),
            ~from_lead | ~leads.is_mql[np.maximum(opp.lead, 0)],
        ),
    }
    for name in first.column_names:
        columns[name] = null_where(first.column(name).combine_chunks(), ~from_lead)
    return pa.table(columns)
