"""Third-party sources of one chunk: the horizontal B2B ``provider`` and the local ``discovery`` provider.

Provider: fresh firmographics for ~90% of LinkedIn-native and ~45% of local businesses; contacts biased to
people with LinkedIn profiles; decision-maker mobiles for ~70% of LinkedIn-native but ~15% of local decision
makers, ~15% of them wrong.  Discovery: one row per physical location for ~85% of local businesses (each site
of a multi-location operator is its own row) and a few LinkedIn-native ones; decision makers with mobiles on
~70% of rows, ~87% of them correct.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate import vocab
from revops.generate.core import (
    AS_OF_US,
    US_PER_DAY,
    bernoulli,
    cat,
    group_starts,
    id_numbers,
    null_where,
    phone_formatted,
    pick,
    plain_ids,
    take,
    ts_array,
)
from revops.generate.crm import T_MOBILE, T_OFFICE, T_WRONG, claims_table, links_table, wrong_numbers
from revops.generate.tables import build_table
from revops.generate.universe import NATIVE, SEG_FRANCHISE, Businesses, Locations, People, city_of, state_of

# discovery role (index into DISCOVERY_ROLES) of each decision-maker title; other titles -> general manager
_DISCOVERY_ROLE_BY_TITLE = {
    "Owner": 0,
    "Owner/Operator": 0,
    "President": 0,
    "Chief Executive Officer": 0,
    "Founder & CEO": 0,
    "General Manager": 1,
    "Practice Manager": 2,
    "Franchisee": 3,
}


def _discovery_role(titles: pa.Array) -> np.ndarray:
    """Vectorised title -> discovery role index."""
    keys = pa.array(list(_DISCOVERY_ROLE_BY_TITLE), pa.string())
    values = np.array(list(_DISCOVERY_ROLE_BY_TITLE.values()), dtype=np.int64)
    pos = pc.index_in(titles, value_set=keys).to_numpy(zero_copy_only=False)
    found = ~np.isnan(pos.astype(np.float64))
    return np.where(found, values[np.nan_to_num(pos.astype(np.float64), nan=0).astype(np.int64)], 1)


def make_provider(
    rng: np.random.Generator, chunk: int, biz: Businesses, people: People
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    """Provider companies and contacts, plus truth links and phone claims."""
    native = biz.family == NATIVE
    covered = bernoulli(rng, np.where(native, 0.9, 0.45))
    cb = np.flatnonzero(covered)
    n = len(cb)
    comp_row = np.full(biz.n, -1)
    comp_row[cb] = np.arange(n)
    cid = plain_ids("pc_", id_numbers(chunk, n))
    bi = pa.array(cb)
    verified = AS_OF_US - (rng.uniform(0, 150, n) * US_PER_DAY).astype(np.int64)
    emp = biz.employees[cb]
    emp_noise = np.where(rng.random(n) < 0.7, emp, np.maximum(1, np.round(emp * rng.uniform(0.9, 1.1, n))))
    rev = np.round(biz.revenue[cb] * np.where(rng.random(n) < 0.6, 1.0, rng.uniform(0.9, 1.1, n)), -4)
    has_li = bernoulli(rng, np.where(native[cb], 0.9, 0.15))
    li = null_where(
        cat(
            "https://www.linkedin.com/company/",
            pc.replace_substring_regex(pc.utf8_lower(biz.core_name.take(bi)), r"[^a-z0-9]+", "-"),
        ),
        ~has_li,
    )
    phone_null = rng.random(n) < 0.05
    companies = build_table(
        "provider",
        "companies",
        n,
        {
            "provider_company_id": cid,
            "name": pc.replace_substring_regex(biz.name.take(bi), r"\.$", ""),
            "domain": biz.domain.take(bi),
            "phone": null_where(
                phone_formatted(biz.phone[cb], np.where(rng.random(n) < 0.8, 0, 8)), phone_null
            ),
            "street": biz.streets.subset(cb).render(np.ones(n, dtype=np.int64)),
            "city": city_of(biz.city_idx[cb]),
            "state": state_of(biz.city_idx[cb]),
            "postal_code": pc.utf8_lpad(pc.cast(pa.array(biz.zip5[cb]), pa.string()), 5, "0"),
            "country": pa.array(["United States"] * n, pa.string()),
            "industry": biz.industry.take(bi),
            "naics_code": biz.naics.take(bi),
            "employee_count": pa.array(emp_noise.astype(np.int64)),
            "annual_revenue": pa.array(rev),
            "linkedin_url": li,
            "last_verified_at": ts_array(verified),
        },
    )
    # contacts: people of covered businesses, biased to those with a LinkedIn profile
    pb = people.business
    fam_native = native[pb]
    p_in = np.where(
        fam_native,
        np.where(people.has_linkedin, 0.85, 0.3),
        np.where(people.is_dm, np.where(people.has_linkedin, 0.9, 0.5), 0.2),
    )
    sel = np.flatnonzero(covered[pb] & bernoulli(rng, p_in))
    m = len(sel)
    sp = pa.array(sel)
    dm = people.is_dm[sel]
    nat = fam_native[sel]
    p_mob = np.where(nat, np.where(dm, 0.72, 0.45), np.where(dm, 0.15, 0.08))
    has_mob = bernoulli(rng, p_mob)
    correct = bernoulli(rng, 0.85, m)
    mobile = np.where(has_mob, np.where(correct, people.mobile[sel], wrong_numbers(rng, m)), 0)
    mtype = np.where(correct, T_MOBILE, T_WRONG)
    has_dd = (people.direct[sel] != 0) & bernoulli(rng, 0.7, m)
    dd_num = np.where(has_dd, people.direct[sel], np.where(rng.random(m) < 0.3, biz.phone[pb[sel]], 0))
    dd_type = np.where(has_dd, 1, T_OFFICE)
    pcid = plain_ids("pp_", id_numbers(chunk, m))
    email_ok = rng.random(m) < 0.85
    li_p = null_where(people.linkedin_url.take(sp), rng.random(m) < 0.05)
    contacts = build_table(
        "provider",
        "contacts",
        m,
        {
            "provider_contact_id": pcid,
            "provider_company_id": cid.take(pa.array(comp_row[pb[sel]])),
            "first_name": people.first_name.take(sp),
            "last_name": people.last_name.take(sp),
            "title": people.title.take(sp),
            "seniority": people.seniority.take(sp),
            "department": people.department.take(sp),
            "email": null_where(people.email.take(sp), ~email_ok),
            "direct_dial": null_where(phone_formatted(dd_num, np.zeros(m, dtype=np.int64)), dd_num == 0),
            "mobile_phone": null_where(phone_formatted(mobile, np.zeros(m, dtype=np.int64)), mobile == 0),
            "linkedin_url": li_p,
            "last_verified_at": ts_array(AS_OF_US - (rng.uniform(0, 200, m) * US_PER_DAY).astype(np.int64)),
        },
    )
    pid = people.person_id.take(sp)
    links = pa.concat_tables(
        [
            links_table("provider", "companies", cid, biz.business_id.take(bi), None),
            links_table("provider", "contacts", pcid, biz.business_id.take(pa.array(pb[sel])), pid),
        ]
    )
    keep = ~phone_null
    claims = pa.concat_tables(
        [
            claims_table(
                "provider",
                "companies",
                cid.filter(pa.array(keep)),
                "phone",
                None,
                biz.phone[cb][keep],
                np.full(int(keep.sum()), T_OFFICE),
            ),
            claims_table("provider", "contacts", pcid, "direct_dial", pid, dd_num, dd_type),
            claims_table("provider", "contacts", pcid, "mobile_phone", pid, mobile, mtype),
        ]
    )
    return companies, contacts, links, claims


def make_discovery(
    rng: np.random.Generator, chunk: int, biz: Businesses, locs: Locations, people: People
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    """Discovery locations and decision makers, plus truth links and phone claims."""
    native = biz.family == NATIVE
    covered_b = bernoulli(rng, np.where(native, 0.05, 0.85))
    lb = locs.business
    sel = np.flatnonzero(covered_b[lb] & ((locs.seq == 0) | (rng.random(len(lb)) < 0.95)))
    n = len(sel)
    b = lb[sel]
    bi = pa.array(b)
    loc_id = plain_ids("loc_", id_numbers(chunk, n))
    is_fr = biz.segment[b] == SEG_FRANCHISE
    brand = take([x[0] for x in vocab.FRANCHISE_BRANDS], np.maximum(biz.brand_idx[b], 0))
    city = city_of(locs.city_idx[sel])
    fr_name = pick(rng.integers(0, 2, n), brand, cat(brand, " - ", city))
    bname = pc.replace_substring_regex(biz.name.take(bi), r"[ ,]+(Inc\.?|LLC|Co|Corp|Ltd)$", "")
    name = pc.if_else(pa.array(is_fr), fr_name, pick(rng.integers(0, 2, n), bname, biz.core_name.take(bi)))
    dom = biz.domain.take(bi)
    emp_est = np.maximum(1, biz.employees[b] // np.maximum(biz.n_locations[b], 1))
    buckets = np.array([1, 5, 10, 20, 50, 100, 250, 500, 1000])
    emp_bucket = buckets[np.clip(np.searchsorted(buckets, emp_est), 0, len(buckets) - 1)]
    first_seen = AS_OF_US - (rng.uniform(30, 6 * 365, n) * US_PER_DAY).astype(np.int64)
    verified = AS_OF_US - (rng.uniform(0, 365, n) * US_PER_DAY).astype(np.int64)
    verified = np.maximum(verified, first_seen)
    locations = build_table(
        "discovery",
        "locations",
        n,
        {
            "location_id": loc_id,
            "business_name": name,
            "brand": null_where(brand, ~is_fr),
            "street": locs.streets.subset(sel).render(np.where(rng.random(n) < 0.7, 0, 2)),
            "city": city,
            "state": state_of(locs.city_idx[sel]),
            "postal_code": pc.utf8_lpad(pc.cast(pa.array(locs.zip5[sel]), pa.string()), 5, "0"),
            "country": pa.array(["US"] * n, pa.string()),
            "phone": phone_formatted(locs.phone[sel], np.where(rng.random(n) < 0.85, 1, 4)),
            "website": null_where(
                cat("https://www.", pc.fill_null(dom, "")), pc.is_null(dom).to_numpy(zero_copy_only=False)
            ),
            "category": biz.category.take(bi),
            "naics_code": biz.naics.take(bi),
            "employee_estimate": pa.array(emp_bucket.astype(np.int64)),
            "latitude": pa.array(locs.lat[sel]),
            "longitude": pa.array(locs.lon[sel]),
            "first_seen_at": ts_array(first_seen),
            "last_verified_at": ts_array(verified),
        },
    )
    # decision makers: owner/franchisee at every site of the business, each site's GM at its own site
    loc_row = np.full(len(lb), -1)
    loc_row[sel] = np.arange(n)
    loc_start = group_starts(biz.n_locations)
    dm_people = np.flatnonzero(people.is_dm)
    pb = people.business[dm_people]
    is_fr_p = biz.segment[pb] == SEG_FRANCHISE
    is_owner = people.location_seq[dm_people] == 0
    # franchise owner: one row per site; everyone else: one row at their site
    reps = np.where(
        is_fr_p
        & is_owner
        & (pc.equal(people.title.take(pa.array(dm_people)), "Franchisee").to_numpy(zero_copy_only=False)),
        biz.n_locations[pb],
        1,
    )
    dm_p = np.repeat(dm_people, reps)
    site = np.where(
        np.repeat(reps, reps) > 1,
        np.arange(len(dm_p)) - np.repeat(group_starts(reps), reps),
        people.location_seq[dm_p],
    )
    lrow = loc_row[loc_start[people.business[dm_p]] + site]
    keep = (lrow >= 0) & (rng.random(len(dm_p)) < 0.9)
    dm_p, lrow = dm_p[keep], lrow[keep]
    m = len(dm_p)
    role = _discovery_role(people.title.take(pa.array(dm_p)))
    local_b = ~native[people.business[dm_p]]
    has_mob = bernoulli(rng, np.where(local_b, 0.72, 0.4))
    correct = bernoulli(rng, 0.87, m)
    mobile = np.where(has_mob, np.where(correct, people.mobile[dm_p], wrong_numbers(rng, m)), 0)
    mtype = np.where(correct, T_MOBILE, T_WRONG)
    dmid = plain_ids("dm_", id_numbers(chunk, m))
    sp = pa.array(dm_p)
    email = pc.if_else(pa.array(rng.random(m) < 0.5), people.email.take(sp), people.personal_email.take(sp))
    decision_makers = build_table(
        "discovery",
        "decision_makers",
        m,
        {
            "decision_maker_id": dmid,
            "location_id": loc_id.take(pa.array(lrow)),
            "full_name": people.full_name.take(sp),
            "role": take(vocab.DISCOVERY_ROLES, role),
            "mobile_phone": null_where(
                phone_formatted(mobile, np.where(rng.random(m) < 0.6, 1, 4)), mobile == 0
            ),
            "email": null_where(email, rng.random(m) < 0.6),
            "source": take(vocab.DISCOVERY_SOURCES, rng.choice(3, m, p=[0.45, 0.35, 0.2])),
            "last_verified_at": ts_array(AS_OF_US - (rng.uniform(0, 400, m) * US_PER_DAY).astype(np.int64)),
        },
    )
    pid = people.person_id.take(sp)
    links = pa.concat_tables(
        [
            links_table("discovery", "locations", loc_id, biz.business_id.take(bi), None),
            links_table(
                "discovery",
                "decision_makers",
                dmid,
                biz.business_id.take(pa.array(people.business[dm_p])),
                pid,
            ),
        ]
    )
    claims = pa.concat_tables(
        [
            claims_table(
                "discovery", "locations", loc_id, "phone", None, locs.phone[sel], np.full(n, T_OFFICE)
            ),
            claims_table("discovery", "decision_makers", dmid, "mobile_phone", pid, mobile, mtype),
        ]
    )
    return locations, decision_makers, links, claims
