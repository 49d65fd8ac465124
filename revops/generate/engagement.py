"""Marketing engagement events of one chunk: web sessions, email events, form submissions, ad clicks.

Lead engagement follows the counts drawn in :mod:`revops.generate.funnel` (placed between lead creation and
the MQL instant, so the engagement precedes the MQL); contacts receive campaign emails; businesses also
produce anonymous sessions and ad clicks resolved (or not) to their domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate import messy, vocab
from revops.generate.core import (
    AS_OF_US,
    US_PER_DAY,
    US_PER_SEC,
    WINDOW_START_US,
    business_time,
    cat,
    expand,
    hex_ids,
    id_numbers,
    null_where,
    pick,
    plain_ids,
    take,
    ts_array,
)
from revops.generate.crm import Contacts, LeadRecords
from revops.generate.dims import Dims, campaign_at
from revops.generate.funnel import LeadSim
from revops.generate.tables import build_table
from revops.generate.universe import NATIVE, Businesses, People

FORM_TYPES: tuple[str, ...] = (
    "demo_request",
    "contact_sales",
    "content_download",
    "webinar_registration",
    "newsletter",
)
EVENT_TYPES: tuple[str, ...] = ("sent", "delivered", "open", "click", "bounce", "unsubscribe")
PLATFORMS: tuple[str, ...] = ("google", "linkedin", "meta")
_ISP_DOMAINS: tuple[str, ...] = ("comcast.net", "verizon.net", "att.net", "spectrum.com")
_PAGE_NAMES = [p for p, _ in vocab.LANDING_PAGES]
_PAGE_CATS = [c for _, c in vocab.LANDING_PAGES]
_NON_PRICING = np.array([i for i, (_, c) in enumerate(vocab.LANDING_PAGES) if c != "pricing"])
_PRICING = np.array([i for i, (_, c) in enumerate(vocab.LANDING_PAGES) if c == "pricing"])


@dataclass(frozen=True)
class Engagement:
    """Engagement tables of a chunk plus campaign touches (for campaign members) and per-lead truth counts."""

    web_sessions: pa.Table
    email_events: pa.Table
    form_submissions: pa.Table
    ad_clicks: pa.Table
    touch_kind: np.ndarray  # 0 lead, 1 contact
    touch_record: np.ndarray
    touch_campaign: np.ndarray
    touch_us: np.ndarray
    touch_responded: np.ndarray
    touch_status: np.ndarray
    lead_first_touch: pa.Table  # per lead row: its earliest attributable marketing touch (ground truth)


@dataclass(frozen=True)
class _Sessions:
    anon: pa.Array
    email: pa.Array
    domain: pa.Array
    page: np.ndarray
    t: np.ndarray


def _utm(rng: np.random.Generator, dims: Dims, t: np.ndarray, p_tagged: float) -> tuple[pa.Array, ...]:
    n = len(t)
    tagged = rng.random(n) < p_tagged
    all_c = np.argsort(dims.campaign_start_us, kind="stable")
    camp = campaign_at(rng, dims, all_c, t)
    ctype = dims.campaign_type[camp]
    # source/medium consistent with campaign type
    src_by_type = np.array([3, 3, 0, 1, 5, 6])
    med_by_type = np.array([2, 2, 0, 1, 3, 4])
    src = take(vocab.UTM_SOURCES, src_by_type[ctype])
    med = take(vocab.UTM_MEDIUMS, med_by_type[ctype])
    return (
        null_where(src, ~tagged),
        null_where(med, ~tagged),
        null_where(dims.campaign_slug.take(pa.array(camp)), ~tagged),
    )


def _company_domain(rng: np.random.Generator, domain: pa.Array, p_resolved: float) -> pa.Array:
    n = len(domain)
    resolved = rng.random(n) < p_resolved
    isp = take(_ISP_DOMAINS, rng.integers(0, len(_ISP_DOMAINS), n))
    out = pc.if_else(
        pa.array(resolved), domain, pc.if_else(pa.array(rng.random(n) < 0.3), isp, pa.nulls(n, pa.string()))
    )
    return out


def make_engagement(
    rng: np.random.Generator,
    chunk: int,
    biz: Businesses,
    people: People,
    leads: LeadSim,
    lr: LeadRecords,
    con: Contacts,
    dims: Dims,
) -> Engagement:
    """All engagement events of the chunk."""
    tz_l = biz.tz_std[leads.business]
    lead_anon = hex_ids("a_", people.gidx[leads.person], 23)
    lead_dom = biz.domain.take(pa.array(leads.business))

    # ---- web sessions: lead sessions (pricing and other pages), contact sessions, anonymous sessions
    sess: list[_Sessions] = []
    session_leads: list[np.ndarray] = []
    for counts, pages in ((leads.n_sessions, _NON_PRICING), (leads.n_pricing, _PRICING)):
        g = expand(counts)
        session_leads.append(g)
        t = business_time(rng, leads.created_us[g], leads.engage_end_us[g], tz_l[g])
        ident = rng.random(len(g)) < 0.55
        sess.append(
            _Sessions(
                anon=lead_anon.take(pa.array(g)),
                email=null_where(lr.email.take(pa.array(g)), ~ident),
                domain=_company_domain(rng, lead_dom.take(pa.array(g)), 0.7),
                page=pages[rng.integers(0, len(pages), len(g))],
                t=t,
            )
        )
    cg = expand(rng.poisson(0.4, con.n))
    ct = business_time(rng, con.created_us[cg], np.full(len(cg), AS_OF_US), biz.tz_std[con.business[cg]])
    sess.append(
        _Sessions(
            anon=hex_ids("a_", people.gidx[con.person[cg]], 23),
            email=null_where(con.email.take(pa.array(cg)), rng.random(len(cg)) < 0.5),
            domain=_company_domain(rng, biz.domain.take(pa.array(con.business[cg])), 0.7),
            page=rng.integers(0, len(vocab.LANDING_PAGES), len(cg)),
            t=ct,
        )
    )
    bg = expand(rng.poisson(3.0 * biz.interest))
    bt = business_time(rng, np.full(len(bg), WINDOW_START_US), np.full(len(bg), AS_OF_US), biz.tz_std[bg])
    anon_key = id_numbers(chunk, len(bg), 1 << 30)
    sess.append(
        _Sessions(
            anon=hex_ids("a_", anon_key, 29),
            email=pa.nulls(len(bg), pa.string()),
            domain=_company_domain(rng, biz.domain.take(pa.array(bg)), 0.6),
            page=rng.integers(0, len(vocab.LANDING_PAGES), len(bg)),
            t=bt,
        )
    )
    s_t = np.concatenate([s.t for s in sess])
    s_page = np.concatenate([s.page for s in sess])
    ns = len(s_t)
    is_pricing = np.isin(s_page, _PRICING)
    utm_s, utm_m, utm_c = _utm(rng, dims, s_t, 0.45)
    web = build_table(
        "engagement",
        "web_sessions",
        ns,
        {
            "session_id": plain_ids("ses_", id_numbers(chunk, ns)),
            "anonymous_id": pa.concat_arrays([s.anon for s in sess]),
            "email": pa.concat_arrays([s.email for s in sess]),
            "company_domain": pa.concat_arrays([s.domain for s in sess]),
            "landing_page": take(_PAGE_NAMES, s_page),
            "page_category": take(_PAGE_CATS, s_page),
            "pages_viewed": (1 + rng.poisson(np.where(is_pricing, 3.0, 1.5))).astype(np.int64),
            "utm_source": utm_s,
            "utm_medium": utm_m,
            "utm_campaign": utm_c,
            "started_at": ts_array(s_t),
        },
    )

    # ---- email sends: leads (the first n_clicks sends are clicked) and contacts
    mail_pool = dims.campaigns_of((0, 1, 4))
    lg = expand(leads.n_clicks + rng.poisson(1.5, leads.n))
    lk = np.arange(len(lg)) - np.searchsorted(lg, lg)
    l_click = lk < leads.n_clicks[lg]
    l_t = business_time(rng, leads.created_us[lg], leads.engage_end_us[lg], tz_l[lg])
    kg = expand(rng.poisson(2.0, con.n))
    k_t = business_time(rng, con.created_us[kg], np.full(len(kg), AS_OF_US), biz.tz_std[con.business[kg]])
    k_click = rng.random(len(kg)) < 0.06
    send_kind = np.concatenate([np.zeros(len(lg), np.int64), np.ones(len(kg), np.int64)])
    send_rec = np.concatenate([lg, kg])
    send_t = np.concatenate([l_t, k_t])
    clicked = np.concatenate([l_click, k_click])
    send_email = pa.concat_arrays([lr.email.take(pa.array(lg)), con.email.take(pa.array(kg))])
    send_camp = campaign_at(rng, dims, mail_pool, send_t)
    # a clicked send happens minutes to days before the drawn instant (the click stays before the MQL)
    send_t = send_t - (rng.uniform(0.02, 2.0, len(send_t)) * US_PER_DAY).astype(np.int64) * clicked
    send_t = np.maximum(send_t, np.concatenate([leads.created_us[lg], con.created_us[kg]]))
    email_events = _email_events(rng, chunk, send_email, send_camp, send_t, clicked, dims)
    opened = clicked | (rng.random(len(send_t)) < 0.3)
    m_status = np.where(clicked, 2, np.where(opened, 1, 0))

    # ---- forms: high-intent (just before MQL), content forms
    hi = np.flatnonzero(leads.has_hi_form)
    hi_t = np.where(
        leads.is_mql[hi],
        leads.mql_us[hi] - (rng.uniform(60, 1800, len(hi)) * US_PER_SEC).astype(np.int64),
        business_time(rng, leads.created_us[hi], leads.engage_end_us[hi], tz_l[hi]),
    )
    hi_type = np.where(rng.random(len(hi)) < 0.6, 0, 1)
    cg2 = expand(leads.n_content)
    c_t = business_time(rng, leads.created_us[cg2], leads.engage_end_us[cg2], tz_l[cg2])
    c_type = rng.choice([2, 3, 4], len(cg2), p=[0.5, 0.3, 0.2])
    f_lead = np.concatenate([hi, cg2])
    f_t = np.concatenate([hi_t, c_t])
    f_type = np.concatenate([hi_type, c_type])
    forms = _forms(rng, chunk, f_lead, f_t, f_type, leads, lr, people, biz, dims)
    web_pool = dims.campaigns_of((0,))
    webinar = f_type == 3
    reg_camp = campaign_at(rng, dims, web_pool, f_t[webinar]) if len(web_pool) else np.zeros(0, np.int64)
    reg_status = np.where(rng.random(int(webinar.sum())) < 0.45, 4, 3)

    # ---- ad clicks: leads' clicks plus anonymous business clicks
    ag = expand(leads.n_ads)
    a_t = business_time(rng, leads.created_us[ag], leads.engage_end_us[ag], tz_l[ag])
    bg2 = expand(rng.poisson(0.8 * biz.interest))
    b_t = business_time(rng, np.full(len(bg2), WINDOW_START_US), np.full(len(bg2), AS_OF_US), biz.tz_std[bg2])
    ad_dom = pa.concat_arrays([lead_dom.take(pa.array(ag)), biz.domain.take(pa.array(bg2))])
    ad_email = pa.concat_arrays(
        [null_where(lr.email.take(pa.array(ag)), rng.random(len(ag)) < 0.75), pa.nulls(len(bg2), pa.string())]
    )
    ad_t = np.concatenate([a_t, b_t])
    native_ad = np.concatenate([biz.family[leads.business[ag]], biz.family[bg2]]) == NATIVE
    ads = _ads(rng, chunk, ad_t, ad_dom, ad_email, native_ad, dims)

    is_lead_touch = np.zeros(len(reg_camp), np.int64)
    n_lead_sessions = sum(len(g) for g in session_leads)
    n_lead_sends = len(lg)
    first_touch = _lead_first_touch(
        leads.n,
        dims,
        [
            (
                "web_session",
                np.concatenate(session_leads),
                s_t[:n_lead_sessions],
                web.slice(0, n_lead_sessions),
                None,
            ),
            (
                "campaign_response",
                lg[l_click],
                send_t[:n_lead_sends][l_click],
                None,
                send_camp[:n_lead_sends][l_click],
            ),
            ("campaign_response", f_lead[webinar], f_t[webinar], None, reg_camp),
            ("form_submission", f_lead, f_t, forms, None),
            ("ad_click", ag, a_t, ads.slice(0, len(ag)), None),
        ],
    )
    return Engagement(
        web_sessions=web,
        email_events=email_events,
        form_submissions=forms,
        ad_clicks=ads,
        touch_kind=np.concatenate([send_kind, is_lead_touch]),
        touch_record=np.concatenate([send_rec, f_lead[webinar]]),
        touch_campaign=np.concatenate([send_camp, reg_camp]),
        touch_us=np.concatenate([send_t, f_t[webinar]]),
        touch_responded=np.concatenate([clicked, np.ones(len(reg_camp), bool)]),
        touch_status=np.concatenate([m_status, reg_status]),
        lead_first_touch=first_touch,
    )


# touch types in the order the warehouse breaks ties on one instant (its touchpoint keys sort by type name)
_TOUCH_TYPES = ("ad_click", "campaign_response", "email_click", "form_submission", "web_session")


def _lead_first_touch(
    n_leads: int,
    dims: Dims,
    parts: list[tuple[str, np.ndarray, np.ndarray, pa.Table | None, np.ndarray | None]],
) -> pa.Table:
    """Per lead row, the earliest marketing touch that the lead really made (ground truth).

    ``parts``: (touch type, lead row per event, time, table carrying the event's UTM tags or None, campaign
    per event or None). Email opens are not touches (the project does not credit them) and an email click
    always follows the campaign response logged at its send, so neither can be first. Raw data loses some of
    these links (anonymous sessions and ad clicks), which is what the warehouse is measured against.
    """
    lead = np.concatenate([p[1] for p in parts]).astype(np.int64)
    if len(lead) == 0:
        parts = [("web_session", np.zeros(1, np.int64), np.zeros(1, np.int64), None, None)]
        lead = np.full(1, n_leads, np.int64)  # a placeholder row no lead owns
    t = np.concatenate([p[2] for p in parts]).astype(np.int64)
    kind = np.concatenate([np.full(len(p[1]), _TOUCH_TYPES.index(p[0])) for p in parts])
    camp = np.concatenate([p[4] if p[4] is not None else np.full(len(p[1]), -1) for p in parts]).astype(
        np.int64
    )

    def utm(col: str) -> pa.Array:
        return pa.concat_arrays(
            [
                p[3].column(col).combine_chunks() if p[3] is not None else pa.nulls(len(p[1]), pa.string())
                for p in parts
            ]
        )

    src, med = utm("utm_source"), utm("utm_medium")
    order = np.lexsort((kind, t, lead))
    first = np.ones(len(order), dtype=bool)
    first[1:] = lead[order][1:] != lead[order][:-1]
    sel = order[first]
    row = np.full(n_leads + 1, -1)
    row[lead[sel]] = sel
    row = row[:n_leads]
    has = row >= 0
    idx = pa.array(np.maximum(row, 0))
    c = np.where(has, camp[np.maximum(row, 0)], -1)
    return pa.table(
        {
            "first_touch_type": null_where(take(_TOUCH_TYPES, kind[np.maximum(row, 0)]), ~has),
            "first_touch_at": ts_array(np.where(has, t[np.maximum(row, 0)], 0), ~has),
            "first_touch_utm_source": null_where(src.take(idx), ~has),
            "first_touch_utm_medium": null_where(med.take(idx), ~has),
            "first_touch_campaign_id": null_where(dims.campaign_id.take(pa.array(np.maximum(c, 0))), c < 0),
            "first_touch_campaign_type": null_where(
                take(vocab.CAMPAIGN_TYPES, dims.campaign_type[np.maximum(c, 0)]), c < 0
            ),
        }
    )


def _email_events(
    rng: np.random.Generator,
    chunk: int,
    email: pa.Array,
    camp: np.ndarray,
    t: np.ndarray,
    clicked: np.ndarray,
    dims: Dims,
) -> pa.Table:
    n = len(t)
    bounce = ~clicked & (rng.random(n) < 0.03)
    opened = ~bounce & (clicked | (rng.random(n) < 0.3))
    open_t = t + (rng.exponential(6, n) * 3600 * US_PER_SEC).astype(np.int64)
    click_t = open_t + (rng.uniform(5, 600, n) * US_PER_SEC).astype(np.int64)
    unsub = ~bounce & (rng.random(n) < 0.005)
    rows = [
        (np.ones(n, bool), 0, t),
        (~bounce, 1, t + 30 * US_PER_SEC),
        (opened, 2, open_t),
        (clicked, 3, click_t),
        (bounce, 4, t + 45 * US_PER_SEC),
        (unsub, 5, click_t + 60 * US_PER_SEC),
    ]
    idx = np.concatenate([np.flatnonzero(m) for m, _, _ in rows])
    etype = np.concatenate([np.full(int(m.sum()), code) for m, code, _ in rows])
    et = np.concatenate([tt[m] for m, _, tt in rows])
    order = np.lexsort((etype, idx))
    idx, etype, et = idx[order], etype[order], et[order]
    keep = et < AS_OF_US
    idx, etype, et = idx[keep], etype[keep], et[keep]
    m = len(idx)
    addr = email.take(pa.array(idx))
    addr = pc.if_else(pa.array(rng.random(m) < 0.03), pc.utf8_upper(addr), addr)
    return build_table(
        "engagement",
        "email_events",
        m,
        {
            "event_id": plain_ids("evt_", id_numbers(chunk, m)),
            "email": addr,
            "campaign_id": dims.campaign_id.take(pa.array(camp[idx])),
            "event_type": take(EVENT_TYPES, etype),
            "occurred_at": ts_array(et),
        },
    )


def _forms(
    rng: np.random.Generator,
    chunk: int,
    lead: np.ndarray,
    t: np.ndarray,
    ftype: np.ndarray,
    leads: LeadSim,
    lr: LeadRecords,
    people: People,
    biz: Businesses,
    dims: Dims,
) -> pa.Table:
    n = len(lead)
    p = pa.array(leads.person[lead])
    b = pa.array(leads.business[lead])
    personal = rng.random(n) < 0.1
    email = pc.if_else(pa.array(personal), people.personal_email.take(p), lr.email.take(pa.array(lead)))
    email = messy.email(rng, email, rate=0.08)
    phone_choice = rng.choice(3, n, p=[0.55, 0.15, 0.3])
    office = messy.phone(rng, lr.phones.office[lead])
    mobile = messy.phone(rng, people.mobile[leads.person[lead]])
    phone = pick(phone_choice, office, mobile, pa.nulls(n, pa.string()))
    pages = ("/demo", "/contact-sales", "/resources/guide", "/webinars/register", "/newsletter")
    utm_s, utm_m, utm_c = _utm(rng, dims, t, 0.5)
    return build_table(
        "engagement",
        "form_submissions",
        n,
        {
            "submission_id": plain_ids("sub_", id_numbers(chunk, n)),
            "email": email,
            "first_name": people.first_name.take(p),
            "last_name": people.last_name.take(p),
            "company": messy.company_name(rng, biz.name.take(b), typo_rate=0.05),
            "phone": phone,
            "form_type": take(FORM_TYPES, ftype),
            "page_url": cat("https://www.revops-demo.com", take(pages, ftype)),
            "utm_source": utm_s,
            "utm_medium": utm_m,
            "utm_campaign": utm_c,
            "submitted_at": ts_array(t),
        },
    )


def _ads(
    rng: np.random.Generator,
    chunk: int,
    t: np.ndarray,
    domain: pa.Array,
    email: pa.Array,
    native: np.ndarray,
    dims: Dims,
) -> pa.Table:
    n = len(t)
    platform = np.where(native, rng.choice(3, n, p=[0.4, 0.45, 0.15]), rng.choice(3, n, p=[0.55, 0.05, 0.4]))
    pool = dims.campaigns_of((2, 3))
    camp = campaign_at(rng, dims, pool, t)
    resolved = np.where(platform == 1, 0.85, 0.25)
    dom = null_where(domain, rng.random(n) >= resolved)
    src = take(("google", "linkedin", "facebook"), platform)
    med = take(("cpc", "paid_social", "paid_social"), platform)
    return build_table(
        "engagement",
        "ad_clicks",
        n,
        {
            "click_id": plain_ids("clk_", id_numbers(chunk, n)),
            "platform": take(PLATFORMS, platform),
            "campaign_name": dims.campaign_name.take(pa.array(camp)),
            "utm_source": src,
            "utm_medium": med,
            "utm_campaign": dims.campaign_slug.take(pa.array(camp)),
            "company_domain": dom,
            "email": email,
            "clicked_at": ts_array(t),
        },
    )


def lead_truth(leads: LeadSim, lr: LeadRecords, people: People, biz: Businesses) -> pa.Table:
    """Ground truth of the funnel per lead."""
    return pa.table(
        {
            "lead_id": lr.lead_id,
            "person_id": people.person_id.take(pa.array(leads.person)),
            "business_id": biz.business_id.take(pa.array(leads.business)),
            "intent": pa.array(np.round(leads.intent, 4)),
            "n_web_sessions": pa.array(leads.n_sessions + leads.n_pricing),
            "n_pricing_sessions": pa.array(leads.n_pricing),
            "n_email_clicks": pa.array(leads.n_clicks),
            "has_high_intent_form": pa.array(leads.has_hi_form),
            "n_content_forms": pa.array(leads.n_content),
            "is_mql": pa.array(leads.is_mql),
            "mql_at": ts_array(leads.mql_us, ~leads.is_mql),
            "first_follow_up_at": ts_array(leads.first_touch_us, leads.first_touch_us == 0),
            "follow_up_delay_hours": pa.array(np.round(leads.follow_delay_h, 3), from_pandas=True),
            "is_sal": pa.array(leads.is_sal),
            "is_sql": pa.array(leads.is_sql),
            "sql_at": ts_array(leads.sql_us, ~leads.is_sql),
            "is_converted": pa.array(leads.is_converted),
        }
    )
