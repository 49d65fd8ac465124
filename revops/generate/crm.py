"""CRM (Salesforce-like) records of one chunk: accounts, contacts, leads, opportunities, tasks, members.

The CRM is a partial, messy and partly stale view of the true universe: ~55% of businesses have an account,
~5% of those twice; firmographics were true when last verified (0-4 years ago); rows are CDC-duplicated and
soft-deleted at small rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate import messy, vocab
from revops.generate.core import (
    AS_OF_US,
    ORPHAN_BASE,
    US_PER_DAY,
    US_PER_HOUR,
    WINDOW_START_US,
    after_business_delay,
    bernoulli,
    business_time,
    cat,
    date_array,
    expand,
    group_starts,
    id_numbers,
    null_where,
    phone_e164,
    phone_formatted,
    rank_in_group,
    sample_members,
    sf_ids,
    take,
    ts_array,
)
from revops.generate.dims import Dims, campaign_at
from revops.generate.funnel import STATUSES, LeadSim
from revops.generate.tables import add_cdc_duplicates, build_table
from revops.generate.universe import NATIVE, SEG_FRANCHISE, Businesses, Locations, People, city_of

US_PER_YEAR = 365 * US_PER_DAY
NUMBER_TYPES: tuple[str, ...] = ("office", "direct", "mobile", "wrong")
T_OFFICE, T_DIRECT, T_MOBILE, T_WRONG = range(4)
STAGES: tuple[str, ...] = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
)
_LEAD_SOURCE_P = np.array([0.25, 0.1, 0.15, 0.1, 0.1, 0.05, 0.15, 0.05, 0.05])
DISPOSITIONS: tuple[str, ...] = ("connected", "gatekeeper", "voicemail", "wrong number", "no answer")
# disposition probabilities per number type (office, direct, mobile, wrong)
_DISPO_P = np.array(
    [
        [0.12, 0.46, 0.22, 0.0, 0.20],
        [0.25, 0.05, 0.42, 0.0, 0.28],
        [0.45, 0.0, 0.35, 0.0, 0.20],
        [0.0, 0.0, 0.05, 0.85, 0.10],
    ]
)


def wrong_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Plausible but wrong 10-digit numbers."""
    areas = np.array([c[3] for c in vocab.CITIES], dtype=np.int64)
    return areas[rng.integers(0, len(areas), n)] * 10_000_000 + rng.integers(2_000_000, 10_000_000, n)


@dataclass(frozen=True)
class PersonPhones:
    """Phone values a record claims for a person and what each number really is."""

    office: np.ndarray
    office_type: np.ndarray
    mobile: np.ndarray  # 0 = none
    mobile_type: np.ndarray


def person_phones(
    rng: np.random.Generator,
    people: People,
    locs: Locations,
    loc_starts: np.ndarray,
    pidx: np.ndarray,
    p_mobile: float | np.ndarray,
    p_correct: float,
) -> PersonPhones:
    """Office line (direct dial, location line or main line; rarely an outdated number) and maybe a mobile."""
    n = len(pidx)
    b = people.business[pidx]
    loc_phone = locs.phone[loc_starts[b] + people.location_seq[pidx]]
    has_direct = (people.direct[pidx] != 0) & bernoulli(rng, 0.6, n)
    office = np.where(has_direct, people.direct[pidx], loc_phone)
    otype = np.where(has_direct, T_DIRECT, T_OFFICE)
    stale = bernoulli(rng, 0.03, n)
    office = np.where(stale, wrong_numbers(rng, n), office)
    otype = np.where(stale, T_WRONG, otype)
    has_mob = bernoulli(rng, np.broadcast_to(p_mobile, (n,)))
    correct = bernoulli(rng, p_correct, n)
    mobile = np.where(has_mob, np.where(correct, people.mobile[pidx], wrong_numbers(rng, n)), 0)
    mtype = np.where(correct, T_MOBILE, T_WRONG)
    return PersonPhones(office, otype, mobile, mtype)


def claims_table(
    source: str,
    table: str,
    record_id: pa.Array,
    column: str,
    person_id: pa.Array | None,
    num: np.ndarray,
    ntype: np.ndarray,
) -> pa.Table:
    """Ground-truth phone claims (rows where a number is present)."""
    keep = num != 0
    n = int(keep.sum())
    rid = record_id.filter(pa.array(keep))
    pid = person_id.filter(pa.array(keep)) if person_id is not None else pa.nulls(n, pa.string())
    return pa.table(
        {
            "source": pa.array([source] * n, pa.string()),
            "table": pa.array([table] * n, pa.string()),
            "record_id": rid,
            "column": pa.array([column] * n, pa.string()),
            "person_id": pid,
            "claimed_e164": phone_e164(num[keep]),
            "number_type": take(NUMBER_TYPES, ntype[keep]),
            "is_correct": pa.array(ntype[keep] != T_WRONG),
        }
    )


def links_table(
    source: str, table: str, record_id: pa.Array, business_id: pa.Array, person_id: pa.Array | None
):
    """Ground-truth record -> business (and person) links."""
    n = len(record_id)
    return pa.table(
        {
            "source": pa.array([source] * n, pa.string()),
            "table": pa.array([table] * n, pa.string()),
            "record_id": record_id,
            "business_id": business_id,
            "person_id": person_id if person_id is not None else pa.nulls(n, pa.string()),
        }
    )


# ------------------------------------------------------------------------------------------- accounts
@dataclass(frozen=True)
class Accounts:
    """CRM accounts (one row per account id)."""

    business: np.ndarray
    kind: np.ndarray  # 0 primary, 1 duplicate
    account_id: pa.Array
    created_us: np.ndarray
    verified_us: np.ndarray
    owner: np.ndarray
    primary: np.ndarray  # per business: account row or -1
    duplicate: np.ndarray  # per business: account row or -1
    loc_seq: np.ndarray  # location of a child account (franchise site), 0 otherwise
    parent_row: np.ndarray  # parent account row of a child account, or -1
    child_start: np.ndarray  # per business: row of the child account of location 1, or -1

    @property
    def n(self) -> int:
        """Number of accounts."""
        return len(self.business)

    def account_of_location(self, business: np.ndarray, loc_seq: np.ndarray) -> np.ndarray:
        """Child account row of a franchise site when the CRM has one, else the primary account row."""
        cs = self.child_start[business]
        return np.where((loc_seq > 0) & (cs >= 0), cs + loc_seq - 1, self.primary[business])


def make_accounts(
    rng: np.random.Generator, chunk: int, biz: Businesses, leads: LeadSim, dims: Dims
) -> Accounts:
    """Decide which businesses are in the CRM (prior accounts plus businesses with converted leads)."""
    nb = biz.n
    first_conv = np.full(nb, np.iinfo(np.int64).max)
    conv = leads.is_converted
    np.minimum.at(first_conv, leads.business[conv], leads.conv_us[conv])
    has_conv = first_conv < np.iinfo(np.int64).max
    prior = bernoulli(rng, np.where(biz.family == NATIVE, 0.68, 0.38))
    in_crm = prior | has_conv
    pb = np.flatnonzero(in_crm)
    created = business_time(
        rng, np.full(nb, AS_OF_US - 6 * US_PER_YEAR), np.full(nb, AS_OF_US - 5 * US_PER_DAY), biz.tz_std
    )
    created = np.where(prior, np.minimum(created, first_conv), first_conv)[pb]
    dup_b = pb[bernoulli(rng, 0.05, len(pb))]
    prim_rows = np.full(nb, -1)
    prim_rows[pb] = np.arange(len(pb))
    dup_created = np.minimum(
        created[prim_rows[dup_b]] + (rng.uniform(30, 700, len(dup_b)) * US_PER_DAY).astype(np.int64),
        AS_OF_US - US_PER_DAY,
    )
    # multi-site franchise operators: sometimes one child account per extra site, parented to the operator
    has_children = in_crm & (biz.segment == SEG_FRANCHISE) & (biz.n_locations >= 3) & bernoulli(rng, 0.3, nb)
    ch_b = np.flatnonzero(has_children)
    n_child = biz.n_locations[ch_b] - 1
    child_b = np.repeat(ch_b, n_child)
    child_seq = 1 + np.arange(len(child_b)) - np.repeat(group_starts(n_child), n_child)
    child_created = np.minimum(
        created[prim_rows[child_b]] + (rng.uniform(0, 400, len(child_b)) * US_PER_DAY).astype(np.int64),
        AS_OF_US - US_PER_DAY,
    )
    business = np.concatenate([pb, dup_b, child_b])
    kind = np.concatenate(
        [np.zeros(len(pb), np.int64), np.ones(len(dup_b), np.int64), np.full(len(child_b), 2)]
    )
    created_all = np.concatenate([created, dup_created, child_created])
    n = len(business)
    loc_seq = np.concatenate([np.zeros(len(pb) + len(dup_b), np.int64), child_seq])
    parent_row = np.where(kind == 2, prim_rows[business], -1)
    verified = AS_OF_US - (rng.uniform(0, 4, n) * US_PER_YEAR).astype(np.int64)
    verified = np.maximum(verified, created_all)
    aes = dims.users_of(0)
    owner = aes[rng.integers(0, len(aes), n)]
    owner = np.where(kind == 2, owner[np.maximum(parent_row, 0)], owner)
    dup_rows = np.full(nb, -1)
    dup_rows[dup_b] = len(pb) + np.arange(len(dup_b))
    child_start = np.full(nb, -1)
    child_start[ch_b] = len(pb) + len(dup_b) + group_starts(n_child)
    return Accounts(
        business=business,
        kind=kind,
        account_id=sf_ids("001", id_numbers(chunk, n)),
        created_us=created_all,
        verified_us=verified,
        owner=owner,
        primary=prim_rows,
        duplicate=dup_rows,
        loc_seq=loc_seq,
        parent_row=parent_row,
        child_start=child_start,
    )


def render_accounts(
    rng: np.random.Generator,
    acc: Accounts,
    biz: Businesses,
    locs: Locations,
    loc_starts: np.ndarray,
    dims: Dims,
    won_business: np.ndarray,
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    """CRM account table plus truth: firmographics, record links, phone claims.

    Child accounts (franchise sites) carry the site's address and phone and usually no firmographics.
    """
    n = acc.n
    b = acc.business
    dup = acc.kind == 1
    child = acc.kind == 2
    li = loc_starts[b] + acc.loc_seq
    years = (AS_OF_US - acc.verified_us) / US_PER_YEAR
    true_emp = biz.employees[b]
    true_rev = biz.revenue[b]
    drift = bernoulli(rng, 1 - np.exp(-0.6 * years))
    growth = rng.normal(0.1, 0.12, n)
    emp_then = np.maximum(1, np.round(true_emp * np.exp(-growth * years + 0.15 * rng.standard_normal(n))))
    crm_emp = np.where(drift, emp_then, true_emp).astype(np.int64)
    rev_then = np.round(true_rev * np.exp(-growth * years + 0.2 * rng.standard_normal(n)), -3)
    crm_rev = np.where(drift, rev_then, true_rev)
    ind_changed = bernoulli(rng, 1 - np.exp(-0.15 * years))
    drift_flat = [x for seg in vocab.DRIFT_INDUSTRIES for x in seg]
    drift_ind = take(drift_flat, biz.segment[b] * 3 + rng.integers(0, 3, n))
    true_ind = biz.industry.take(pa.array(b))
    crm_ind = pc.if_else(pa.array(ind_changed), drift_ind, true_ind)
    emp_null = (rng.random(n) < 0.08) | child
    rev_null = (rng.random(n) < 0.2) | child
    ind_null = rng.random(n) < 0.06
    crm_emp_a = null_where(pa.array(crm_emp), emp_null)
    crm_rev_a = null_where(pa.array(crm_rev), rev_null)
    crm_ind_a = null_where(crm_ind, ind_null)

    has_site = biz.has_website[b] & (rng.random(n) < np.where(dup, 0.5, 0.9))
    dom = biz.domain.take(pa.array(b))
    web = null_where(messy.website(rng, pc.fill_null(dom, "")), ~has_site)
    name = messy.company_name(rng, biz.name.take(pa.array(b)), typo_rate=0.02)
    name = pc.if_else(pa.array(dup & (rng.random(n) < 0.5)), messy.typo(rng, name), name)
    street_style = rng.choice(4, n, p=[0.4, 0.4, 0.12, 0.08])
    street = null_where(locs.streets.subset(li).render(street_style), rng.random(n) < 0.05)
    city = city_of(locs.city_idx[li])
    brand = take([x[0] for x in vocab.FRANCHISE_BRANDS], np.maximum(biz.brand_idx[b], 0))
    name = pc.if_else(pa.array(child), cat(brand, " - ", city), name)
    city = pc.if_else(pa.array(rng.random(n) < 0.03), pc.utf8_upper(city), city)
    won = won_business[b]
    type_ = np.where(
        won, "Customer", np.array(["Prospect", "Partner", "Other"])[rng.choice(3, n, p=[0.93, 0.04, 0.03])]
    )
    ph_null = rng.random(n) < 0.04
    phone = null_where(messy.phone(rng, locs.phone[li]), ph_null)
    touched = np.maximum(acc.created_us + US_PER_HOUR, acc.verified_us)
    modified = touched + ((AS_OF_US - touched) * rng.uniform(0, 0.6, n)).astype(np.int64)
    modified = np.maximum(np.minimum(modified, AS_OF_US), acc.created_us + US_PER_HOUR)
    deleted = bernoulli(rng, np.where(dup, 0.15, 0.015))
    table = build_table(
        "crm",
        "account",
        n,
        {
            "id": acc.account_id,
            "name": name,
            "website": web,
            "phone": phone,
            "billing_street": street,
            "billing_city": city,
            "billing_state": messy.state(rng, locs.city_idx[li]),
            "billing_postal_code": messy.zip_code(rng, locs.zip5[li]),
            "billing_country": messy.country(rng, n),
            "industry": crm_ind_a,
            "number_of_employees": crm_emp_a,
            "annual_revenue": crm_rev_a,
            "type": pa.array(type_.tolist(), pa.string()),
            "owner_id": dims.user_id.take(pa.array(acc.owner)),
            "parent_id": null_where(acc.account_id.take(pa.array(np.maximum(acc.parent_row, 0))), ~child),
            "firmographics_verified_at": ts_array(acc.verified_us),
            "created_date": ts_array(acc.created_us),
            "last_modified_date": ts_array(modified),
            "is_deleted": deleted,
        },
    )
    table = add_cdc_duplicates(
        rng,
        table,
        0.03,
        {
            "phone": lambda r, a: pc.utf8_upper(pc.fill_null(a, "")),
            "number_of_employees": lambda r, a: pc.add(pc.fill_null(a, 10), 3),
            "name": lambda r, a: pc.utf8_upper(a),
            "type": lambda r, a: pa.array(["Prospect"] * len(a), pa.string()),
        },
    )
    emp_stale = ~emp_null & (crm_emp != true_emp)
    rev_stale = ~rev_null & (crm_rev != true_rev)
    ind_stale = pc.fill_null(pc.not_equal(crm_ind_a, true_ind), False).to_numpy(zero_copy_only=False)
    firmo = pa.table(
        {
            "record_id": acc.account_id,
            "business_id": biz.business_id.take(pa.array(b)),
            "account_kind": take(("primary", "duplicate", "location_child"), acc.kind),
            "verified_at": ts_array(acc.verified_us),
            "crm_employee_count": crm_emp_a,
            "crm_industry": crm_ind_a,
            "crm_annual_revenue": crm_rev_a,
            "true_employee_count": pa.array(true_emp),
            "true_industry": true_ind,
            "true_annual_revenue": pa.array(true_rev),
            "employee_count_stale": pa.array(emp_stale),
            "industry_stale": pa.array(ind_stale),
            "annual_revenue_stale": pa.array(rev_stale),
            "is_stale": pa.array(emp_stale | rev_stale | ind_stale),
        }
    )
    links = links_table("crm", "account", acc.account_id, biz.business_id.take(pa.array(b)), None)
    keep = ~ph_null
    claims = claims_table(
        "crm",
        "account",
        acc.account_id.filter(pa.array(keep)),
        "phone",
        None,
        locs.phone[li][keep],
        np.full(int(keep.sum()), T_OFFICE),
    )
    return table, firmo, links, claims


# ------------------------------------------------------------------------------------------- contacts
@dataclass(frozen=True)
class Contacts:
    """CRM contacts (one row per contact id)."""

    person: np.ndarray
    business: np.ndarray
    account_row: np.ndarray  # -1 = none
    orphan: np.ndarray
    contact_id: pa.Array
    created_us: np.ndarray
    from_lead: np.ndarray  # lead row that converted into this contact, or -1
    phones: PersonPhones
    email: pa.Array  # clean address
    lead_of_person_contact: np.ndarray  # per lead: contact row it converted into, or -1

    @property
    def n(self) -> int:
        """Number of contacts."""
        return len(self.person)


def make_contacts(
    rng: np.random.Generator,
    chunk: int,
    biz: Businesses,
    locs: Locations,
    loc_starts: np.ndarray,
    people: People,
    acc: Accounts,
    leads: LeadSim,
) -> Contacts:
    """2-6 contacts per CRM business, plus contacts created by lead conversion."""
    in_crm = acc.primary >= 0
    k = np.where(in_crm, rng.integers(2, 7, biz.n), 0)
    weight = np.where(people.is_dm, 2.5, 1.0)
    prior = sample_members(rng, people.business, k, weight)
    person_contact = np.full(people.n, -1)
    person_contact[prior] = np.arange(len(prior))
    conv = np.flatnonzero(leads.is_converted)
    conv_person = leads.person[conv]
    new_mask = person_contact[conv_person] < 0
    # a person converted twice gets one new contact (first conversion)
    new_conv = conv[new_mask]
    _, first = np.unique(leads.person[new_conv], return_index=True)
    new_conv = new_conv[np.sort(first)]
    person = np.concatenate([prior, leads.person[new_conv]])
    n = len(person)
    person_contact[leads.person[new_conv]] = len(prior) + np.arange(len(new_conv))
    from_lead = np.concatenate([np.full(len(prior), -1), new_conv])
    lead_contact = np.full(leads.n, -1)
    lead_contact[conv] = person_contact[conv_person]

    business = people.business[person]
    acc_row = acc.account_of_location(business, people.location_seq[person])
    has_dup = acc.duplicate[business] >= 0
    to_dup = has_dup & (from_lead < 0) & bernoulli(rng, 0.25, n)
    acc_row = np.where(to_dup, acc.duplicate[business], acc_row)
    is_prior = from_lead < 0
    no_acc = is_prior & bernoulli(rng, 0.03, n)
    orphan = is_prior & ~no_acc & bernoulli(rng, 0.01, n)
    acc_row = np.where(no_acc | orphan, -1, acc_row)
    base = acc.created_us[np.maximum(acc.primary[business], 0)]
    created = business_time(rng, base, np.full(n, AS_OF_US - US_PER_DAY), biz.tz_std[business])
    created = np.where(is_prior, created, leads.conv_us[np.maximum(from_lead, 0)])
    phones = person_phones(
        rng, people, locs, loc_starts, person, np.where(people.is_dm[person], 0.4, 0.25), 0.85
    )
    use_personal = bernoulli(rng, 0.06, n)
    email = pc.if_else(
        pa.array(use_personal),
        people.personal_email.take(pa.array(person)),
        people.email.take(pa.array(person)),
    )
    return Contacts(
        person=person,
        business=business,
        account_row=acc_row,
        orphan=orphan,
        contact_id=sf_ids("003", id_numbers(chunk, n)),
        created_us=created,
        from_lead=from_lead,
        phones=phones,
        email=email,
        lead_of_person_contact=lead_contact,
    )


def render_contacts(
    rng: np.random.Generator,
    chunk: int,
    con: Contacts,
    acc: Accounts,
    people: People,
    biz: Businesses,
    dims: Dims,
    lead_source: np.ndarray,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """CRM contact table plus truth links and phone claims."""
    n = con.n
    p = pa.array(con.person)
    acc_id = acc.account_id.take(pa.array(np.maximum(con.account_row, 0)))
    acc_id = null_where(acc_id, con.account_row < 0)
    orphan_ids = sf_ids("001", id_numbers(chunk, n, ORPHAN_BASE))
    acc_id = pc.if_else(pa.array(con.orphan), orphan_ids, acc_id)
    src = np.where(
        con.from_lead >= 0, lead_source[np.maximum(con.from_lead, 0)], rng.choice(9, n, p=_LEAD_SOURCE_P)
    )
    src_a = null_where(take(vocab.LEAD_SOURCES, src), (con.from_lead < 0) & (rng.random(n) < 0.3))
    owner_row = np.where(con.account_row >= 0, con.account_row, acc.primary[con.business])
    owner = acc.owner[np.maximum(owner_row, 0)]
    modified = (
        con.created_us + US_PER_HOUR + ((AS_OF_US - con.created_us - US_PER_HOUR) * rng.uniform(0, 0.7, n))
    )
    modified = modified.astype(np.int64)
    table = build_table(
        "crm",
        "contact",
        n,
        {
            "id": con.contact_id,
            "account_id": acc_id,
            "first_name": messy.person_name_case(rng, people.first_name.take(p)),
            "last_name": messy.person_name_case(rng, people.last_name.take(p)),
            "title": null_where(people.title.take(p), rng.random(n) < 0.1),
            "email": null_where(messy.email(rng, con.email), rng.random(n) < 0.05),
            "phone": messy.phone(rng, con.phones.office),
            "mobile_phone": messy.phone(rng, con.phones.mobile),
            "lead_source": src_a,
            "owner_id": dims.user_id.take(pa.array(owner)),
            "created_date": ts_array(con.created_us),
            "last_modified_date": ts_array(modified),
            "is_deleted": bernoulli(rng, 0.02, n),
        },
    )
    table = add_cdc_duplicates(
        rng,
        table,
        0.03,
        {
            "title": lambda r, a: pa.array(["Manager"] * len(a), pa.string()),
            "phone": lambda r, a: pc.replace_substring(pc.fill_null(a, ""), "-", "."),
        },
    )
    pid = people.person_id.take(p)
    bid = biz.business_id.take(pa.array(con.business))
    links = links_table("crm", "contact", con.contact_id, bid, pid)
    claims = pa.concat_tables(
        [
            claims_table(
                "crm", "contact", con.contact_id, "phone", pid, con.phones.office, con.phones.office_type
            ),
            claims_table(
                "crm",
                "contact",
                con.contact_id,
                "mobile_phone",
                pid,
                con.phones.mobile,
                con.phones.mobile_type,
            ),
        ]
    )
    return table, links, claims


# ---------------------------------------------------------------------------------------------- leads
@dataclass(frozen=True)
class LeadRecords:
    """Per-lead record values that other tables need (ids, the clean email marketing uses, phones)."""

    lead_id: pa.Array
    email: pa.Array
    lead_source: np.ndarray
    phones: PersonPhones


def make_lead_records(
    rng: np.random.Generator,
    chunk: int,
    leads: LeadSim,
    people: People,
    biz: Businesses,
    locs: Locations,
    loc_starts: np.ndarray,
) -> LeadRecords:
    """Lead ids, email address used (work or personal), lead source, claimed phones."""
    n = leads.n
    p = pa.array(leads.person)
    personal = bernoulli(rng, 0.12, n)
    email = pc.if_else(pa.array(personal), people.personal_email.take(p), people.email.take(p))
    src = rng.choice(len(vocab.LEAD_SOURCES), n, p=_LEAD_SOURCE_P)
    src = np.where(leads.has_hi_form & (rng.random(n) < 0.6), 0, src)
    phones = person_phones(rng, people, locs, loc_starts, leads.person, 0.25, 0.85)
    return LeadRecords(sf_ids("00Q", id_numbers(chunk, n)), email, src, phones)


def render_leads(
    rng: np.random.Generator,
    chunk: int,
    leads: LeadSim,
    lr: LeadRecords,
    people: People,
    biz: Businesses,
    dims: Dims,
    acc: Accounts,
    con: Contacts,
    lead_opp_id: pa.Array,
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    """CRM lead and lead_history tables plus truth links and phone claims."""
    n = leads.n
    p = pa.array(leads.person)
    b = leads.business
    bi = pa.array(b)
    conv = leads.is_converted
    last_t = leads.path_us.max(axis=1)
    modified = np.minimum(last_t + (rng.uniform(0.01, 3, n) * US_PER_DAY).astype(np.int64), AS_OF_US)
    modified = np.maximum(modified, leads.created_us + US_PER_HOUR)
    status = take(STATUSES, leads.status)
    acc_row = np.maximum(acc.primary[b], 0)
    conv_acc = null_where(acc.account_id.take(pa.array(acc_row)), ~conv)
    conv_con = null_where(con.contact_id.take(pa.array(np.maximum(con.lead_of_person_contact, 0))), ~conv)
    has_addr = rng.random(n) < 0.5
    table = build_table(
        "crm",
        "lead",
        n,
        {
            "id": lr.lead_id,
            "first_name": messy.person_name_case(rng, people.first_name.take(p)),
            "last_name": messy.person_name_case(rng, people.last_name.take(p)),
            "company": messy.company_name(rng, biz.name.take(bi), typo_rate=0.08),
            "title": null_where(people.title.take(p), rng.random(n) < 0.15),
            "email": messy.email(rng, lr.email),
            "phone": null_where(messy.phone(rng, lr.phones.office), rng.random(n) < 0.1),
            "mobile_phone": messy.phone(rng, lr.phones.mobile),
            "website": null_where(
                messy.website(rng, pc.fill_null(biz.domain.take(bi), "")),
                pc.is_null(biz.domain.take(bi)).to_numpy(zero_copy_only=False) | (rng.random(n) < 0.4),
            ),
            "street": null_where(biz.streets.subset(b).render(rng.integers(0, 4, n)), ~has_addr),
            "city": null_where(city_of(biz.city_idx[b]), ~has_addr & (rng.random(n) < 0.7)),
            "state": null_where(messy.state(rng, biz.city_idx[b]), ~has_addr & (rng.random(n) < 0.5)),
            "postal_code": null_where(messy.zip_code(rng, biz.zip5[b]), ~has_addr),
            "country": messy.country(rng, n),
            "industry": null_where(biz.industry.take(bi), rng.random(n) < 0.4),
            "number_of_employees": null_where(pa.array(biz.employees[b]), rng.random(n) < 0.6),
            "lead_source": take(vocab.LEAD_SOURCES, lr.lead_source),
            "status": status,
            "owner_id": dims.user_id.take(pa.array(leads.owner)),
            "is_converted": conv,
            "converted_date": ts_array(leads.conv_us, ~conv),
            "converted_account_id": conv_acc,
            "converted_contact_id": conv_con,
            "converted_opportunity_id": lead_opp_id,
            "created_date": ts_array(leads.created_us),
            "last_modified_date": ts_array(modified),
            "is_deleted": ~conv & bernoulli(rng, 0.02, n),
        },
    )
    table = add_cdc_duplicates(
        rng,
        table,
        0.03,
        {
            "status": lambda r, a: pa.array(["Open - Not Contacted"] * len(a), pa.string()),
            "company": lambda r, a: pc.utf8_lower(a),
        },
    )
    history = _lead_history(rng, chunk, leads, lr, dims)
    pid = people.person_id.take(p)
    links = links_table("crm", "lead", lr.lead_id, biz.business_id.take(bi), pid)
    claims = pa.concat_tables(
        [
            claims_table("crm", "lead", lr.lead_id, "phone", pid, lr.phones.office, lr.phones.office_type),
            claims_table(
                "crm", "lead", lr.lead_id, "mobile_phone", pid, lr.phones.mobile, lr.phones.mobile_type
            ),
        ]
    )
    return table, history, links, claims


def _lead_history(
    rng: np.random.Generator, chunk: int, leads: LeadSim, lr: LeadRecords, dims: Dims
) -> pa.Table:
    """Status change rows (one per funnel transition) plus a few owner changes."""
    ps, pt = leads.path_status, leads.path_us
    valid = ps[:, 1:] >= 0
    lead_row = np.nonzero(valid)[0]
    step = np.nonzero(valid)[1] + 1
    old = ps[lead_row, step - 1]
    new = ps[lead_row, step]
    t = pt[lead_row, step]
    n_owner = leads.n
    owner_change = rng.random(n_owner) < 0.08
    o_rows = np.flatnonzero(owner_change)
    o_t = np.minimum(
        leads.created_us[o_rows] + (rng.uniform(0.1, 10, len(o_rows)) * US_PER_DAY).astype(np.int64), AS_OF_US
    )
    new_owner = dims.users_of(1)[rng.integers(0, len(dims.users_of(1)), len(o_rows))]
    all_rows = np.concatenate([lead_row, o_rows])
    all_t = np.concatenate([t, o_t])
    order = np.lexsort((all_t, all_rows))
    field = pa.array(["Status"] * len(lead_row) + ["Owner"] * len(o_rows), pa.string())
    old_v = pa.concat_arrays([take(STATUSES, old), dims.user_id.take(pa.array(leads.owner[o_rows]))])
    new_v = pa.concat_arrays([take(STATUSES, new), dims.user_id.take(pa.array(new_owner))])
    idx = pa.array(order)
    n = len(all_rows)
    return build_table(
        "crm",
        "lead_history",
        n,
        {
            "id": sf_ids("017", id_numbers(chunk, n)),
            "lead_id": lr.lead_id.take(pa.array(all_rows[order])),
            "field": field.take(idx),
            "old_value": old_v.take(idx),
            "new_value": new_v.take(idx),
            "created_date": ts_array(all_t[order]),
        },
    )


# -------------------------------------------------------------------------------------- opportunities
@dataclass(frozen=True)
class Opps:
    """Opportunities with their simulated stage paths."""

    business: np.ndarray
    account_row: np.ndarray
    lead: np.ndarray  # converting lead row or -1
    opp_id: pa.Array
    created_us: np.ndarray
    owner: np.ndarray
    amount: np.ndarray
    path_s: np.ndarray  # (n, 6) stage codes, -1 unused
    path_t: np.ndarray
    final_stage: np.ndarray
    is_closed: np.ndarray
    is_won: np.ndarray
    close_us: np.ndarray
    type_idx: np.ndarray
    lead_source: np.ndarray  # index into LEAD_SOURCES or -1
    campaign: np.ndarray  # campaign index or -1

    @property
    def n(self) -> int:
        """Number of opportunities."""
        return len(self.business)


def make_opps(
    rng: np.random.Generator,
    chunk: int,
    biz: Businesses,
    acc: Accounts,
    leads: LeadSim,
    lr: LeadRecords,
    dims: Dims,
) -> Opps:
    """Opportunities from converted leads (most) plus outbound/expansion opportunities on CRM accounts."""
    conv = np.flatnonzero(leads.is_converted & (rng.random(leads.n) < 0.85))
    in_crm = np.flatnonzero(acc.primary >= 0)
    extra_k = rng.poisson(0.3, len(in_crm))
    extra_b = np.repeat(in_crm, extra_k)
    business = np.concatenate([leads.business[conv], extra_b])
    n = len(business)
    n_conv = len(conv)
    is_lead = np.arange(n) < n_conv
    lead = np.concatenate([conv, np.full(len(extra_b), -1)])
    acc_row = acc.primary[business]
    tz = biz.tz_std[business]
    lo = np.maximum(acc.created_us[acc_row], WINDOW_START_US)
    extra_created = business_time(rng, lo, np.full(n, AS_OF_US - US_PER_DAY), tz)
    created = np.where(is_lead, leads.conv_us[np.maximum(lead, 0)], extra_created)
    native = biz.family[business] == NATIVE
    amount = np.where(
        native,
        np.exp(np.log(24_000) + 0.9 * rng.standard_normal(n)),
        np.exp(np.log(3_000) + 0.7 * rng.standard_normal(n)) * biz.n_locations[business],
    )
    amount = np.round(amount, -2)
    intent = np.where(is_lead, leads.intent[np.maximum(lead, 0)], 1.0)
    p_win = np.clip(np.where(native, 0.28, 0.22) + 0.04 * np.minimum(intent, 3), 0.05, 0.6)
    won = bernoulli(rng, p_win)
    start = np.where(is_lead & (rng.random(n) < 0.5), 1, 0)
    last_open = np.where(won, 4, start + np.floor(rng.random(n) * (5 - start)).astype(np.int64))
    dwell = (
        np.exp(np.log(np.where(native, 9.0, 5.0))[:, None] + 0.7 * rng.standard_normal((n, 6))) * US_PER_DAY
    )
    dwell = dwell.astype(np.int64)
    j = np.arange(6)[None, :]
    valid = ((j >= start[:, None]) & (j <= last_open[:, None])) | (j == 5)
    codes = np.where(j < 5, j, np.where(won, 5, 6)[:, None])
    step = np.where(valid, dwell, 0)
    t = created[:, None] + np.cumsum(step, axis=1) - step
    valid &= t <= AS_OF_US
    codes = np.where(valid, codes, -1)
    last_col = 5 - np.argmax(valid[:, ::-1], axis=1)
    final = codes[np.arange(n), last_col]
    closed = valid[:, 5]
    expected_close = created + (rng.uniform(30, 150, n) * US_PER_DAY).astype(np.int64)
    close_us = np.where(closed, t[:, 5], expected_close)
    type_idx = np.where(is_lead, 0, rng.choice(3, n, p=[0.3, 0.45, 0.25]))
    src = np.where(
        is_lead, lr.lead_source[np.maximum(lead, 0)], rng.choice([6, 7, 8, -1], n, p=[0.5, 0.15, 0.1, 0.25])
    )
    all_c = np.arange(len(dims.campaign_type))
    all_c = all_c[np.argsort(dims.campaign_start_us, kind="stable")]
    camp = np.where(is_lead & (rng.random(n) < 0.6), campaign_at(rng, dims, all_c, created), -1)
    aes = dims.users_of(0)
    owner = np.where(rng.random(n) < 0.8, acc.owner[acc_row], aes[rng.integers(0, len(aes), n)])
    return Opps(
        business=business,
        account_row=acc_row,
        lead=lead,
        opp_id=sf_ids("006", id_numbers(chunk, n)),
        created_us=created,
        owner=owner,
        amount=amount,
        path_s=codes,
        path_t=np.where(valid, t, 0),
        final_stage=final,
        is_closed=closed,
        is_won=closed & won,
        close_us=close_us,
        type_idx=type_idx,
        lead_source=src,
        campaign=camp,
    )


_OPP_TYPES = ("New Business", "Existing Business", "Renewal")


def render_opps(
    rng: np.random.Generator, chunk: int, opp: Opps, acc: Accounts, biz: Businesses, dims: Dims, con: Contacts
) -> tuple[pa.Table, pa.Table, pa.Table, np.ndarray]:
    """Opportunity, opportunity_history and opportunity_contact_role tables; also primary contact rows."""
    n = opp.n
    last_t = opp.path_t.max(axis=1)
    modified = np.minimum(
        np.maximum(last_t, opp.created_us) + (rng.uniform(0.01, 5, n) * US_PER_DAY).astype(np.int64), AS_OF_US
    )
    modified = np.maximum(modified, opp.created_us + US_PER_HOUR)
    cur = np.array(["USD", "EUR", "GBP"])[rng.choice(3, n, p=[0.9, 0.06, 0.04])]
    bname = pc.replace_substring_regex(
        biz.name.take(pa.array(opp.business)), r"[ ,]+(Inc\.?|LLC|Co|Corp|Ltd)$", ""
    )
    name = cat(bname, " - ", take(_OPP_TYPES, opp.type_idx))
    # amounts drift a little along the path (final amount = amount at last stage)
    drift = 1 + np.where(opp.path_s >= 3, 0.15 * rng.standard_normal(opp.path_s.shape), 0.0)
    step_amount = np.round(
        opp.amount[:, None] * np.cumprod(np.where(opp.path_s >= 0, drift, 1.0), axis=1), -2
    )
    last_col = 5 - np.argmax((opp.path_s >= 0)[:, ::-1], axis=1)
    final_amount = step_amount[np.arange(n), last_col]
    amount_null = rng.random(n) < 0.03
    table = build_table(
        "crm",
        "opportunity",
        n,
        {
            "id": opp.opp_id,
            "account_id": acc.account_id.take(pa.array(opp.account_row)),
            "name": name,
            "stage_name": take(STAGES, opp.final_stage),
            "amount": null_where(pa.array(final_amount), amount_null),
            "currency_iso_code": pa.array(cur.tolist(), pa.string()),
            "close_date": date_array(opp.close_us),
            "is_closed": opp.is_closed,
            "is_won": opp.is_won,
            "lead_source": null_where(
                take(vocab.LEAD_SOURCES, np.maximum(opp.lead_source, 0)), opp.lead_source < 0
            ),
            "campaign_id": null_where(
                dims.campaign_id.take(pa.array(np.maximum(opp.campaign, 0))), opp.campaign < 0
            ),
            "owner_id": dims.user_id.take(pa.array(opp.owner)),
            "type": take(_OPP_TYPES, opp.type_idx),
            "created_date": ts_array(opp.created_us),
            "last_modified_date": ts_array(modified),
            "is_deleted": bernoulli(rng, 0.01, n),
        },
    )
    table = add_cdc_duplicates(
        rng,
        table,
        0.03,
        {
            "stage_name": lambda r, a: pa.array(["Prospecting"] * len(a), pa.string()),
            "amount": lambda r, a: pc.multiply(pc.fill_null(a, 1000.0), 0.8),
        },
    )
    rows, cols = np.nonzero(opp.path_s >= 0)
    hist_close = np.where(
        cols == 5,
        opp.close_us[rows],
        opp.created_us[rows] + (rng.uniform(30, 150, len(rows)) * US_PER_DAY).astype(np.int64),
    )
    hist_close = np.where(opp.is_closed[rows] | (cols < 5), hist_close, opp.close_us[rows])
    hn = len(rows)
    history = build_table(
        "crm",
        "opportunity_history",
        hn,
        {
            "id": sf_ids("017", id_numbers(chunk, hn, 1 << 32)),
            "opportunity_id": opp.opp_id.take(pa.array(rows)),
            "stage_name": take(STAGES, opp.path_s[rows, cols]),
            "amount": pa.array(step_amount[rows, cols]),
            "close_date": date_array(hist_close),
            "created_date": ts_array(opp.path_t[rows, cols]),
        },
    )
    roles, primary = _contact_roles(rng, chunk, opp, con)
    return table, history, roles, primary


_ROLES = ("Decision Maker", "Economic Buyer", "Evaluator", "Influencer", "Technical Buyer", "Business User")


def _contact_roles(
    rng: np.random.Generator, chunk: int, opp: Opps, con: Contacts
) -> tuple[pa.Table, np.ndarray]:
    """1-2 contact roles per opportunity; the converted contact is primary when there is one."""
    n = opp.n
    order = np.argsort(con.business, kind="stable")
    sorted_b = con.business[order]
    first = np.searchsorted(sorted_b, opp.business, side="left")
    count = np.searchsorted(sorted_b, opp.business, side="right") - first
    has = count > 0
    pick1 = order[
        np.minimum(first + np.floor(rng.random(n) * np.maximum(count, 1)).astype(np.int64), len(order) - 1)
    ]
    lead_contact = np.where(opp.lead >= 0, con.lead_of_person_contact[np.maximum(opp.lead, 0)], -1)
    primary = np.where(lead_contact >= 0, lead_contact, np.where(has, pick1, -1))
    pick2 = order[
        np.minimum(first + np.floor(rng.random(n) * np.maximum(count, 1)).astype(np.int64), len(order) - 1)
    ]
    second = np.where(has & (pick2 != primary) & (rng.random(n) < 0.5), pick2, -1)
    o = np.concatenate([np.flatnonzero(primary >= 0), np.flatnonzero(second >= 0)])
    c = np.concatenate([primary[primary >= 0], second[second >= 0]])
    is_primary = np.concatenate(
        [np.ones(int((primary >= 0).sum()), bool), np.zeros(int((second >= 0).sum()), bool)]
    )
    srt = np.lexsort((~is_primary, o))
    o, c, is_primary = o[srt], c[srt], is_primary[srt]
    m = len(o)
    role = np.where(is_primary, rng.choice([0, 1], m), rng.integers(2, len(_ROLES), m))
    created = opp.created_us[o] + (rng.uniform(0, 5, m) * US_PER_DAY).astype(np.int64)
    table = build_table(
        "crm",
        "opportunity_contact_role",
        m,
        {
            "id": sf_ids("00K", id_numbers(chunk, m)),
            "opportunity_id": opp.opp_id.take(pa.array(o)),
            "contact_id": con.contact_id.take(pa.array(c)),
            "role": take(_ROLES, role),
            "is_primary": is_primary,
            "created_date": ts_array(np.minimum(created, AS_OF_US)),
        },
    )
    return table, primary


# ---------------------------------------------------------------------------------------------- tasks
@dataclass(frozen=True)
class TaskSource:
    """A batch of task sequences: one sequence per row, ``count`` touches starting at ``start_us``."""

    who_id: pa.Array
    what_id: pa.Array
    owner: np.ndarray
    person: np.ndarray
    phones: PersonPhones
    start_us: np.ndarray
    end_us: np.ndarray
    count: np.ndarray
    spread: bool  # True: touches spread uniformly in [start, end]; False: sequence from start


def render_tasks(
    rng: np.random.Generator,
    chunk: int,
    sources: list[TaskSource],
    people: People,
    biz: Businesses,
    dims: Dims,
) -> tuple[pa.Table, pa.Table]:
    """Calls and emails (business hours in the owner's time zone) plus call ground truth."""
    parts: dict[str, list] = {k: [] for k in ("who", "what", "owner", "person", "t", "num", "ntype", "mob")}
    for src in sources:
        g = expand(src.count)
        k = rank_in_group(g)
        owner = src.owner[g]
        tz = dims.user_tz_std[owner]
        if src.spread:
            t = business_time(rng, src.start_us[g], src.end_us[g], tz)
        else:
            gaps = np.where(k == 0, 0.0, rng.uniform(20, 120, len(g)))
            cs = np.cumsum(gaps)
            cum = cs - cs[np.arange(len(g)) - k] if len(g) else cs
            t = np.where(k == 0, src.start_us[g], after_business_delay(rng, src.start_us[g], cum, tz))
        parts["who"].append(src.who_id.take(pa.array(g)))
        parts["what"].append(src.what_id.take(pa.array(g)))
        parts["owner"].append(owner)
        parts["person"].append(src.person[g])
        parts["t"].append(t)
        parts["num"].append(np.stack([src.phones.office[g], src.phones.mobile[g]]))
        parts["ntype"].append(np.stack([src.phones.office_type[g], src.phones.mobile_type[g]]))
    t = np.concatenate(parts["t"])
    keep = t < AS_OF_US
    who = pa.concat_arrays(parts["who"]).filter(pa.array(keep))
    what = pa.concat_arrays(parts["what"]).filter(pa.array(keep))
    owner = np.concatenate(parts["owner"])[keep]
    person = np.concatenate(parts["person"])[keep]
    nums = np.concatenate(parts["num"], axis=1)[:, keep]
    ntypes = np.concatenate(parts["ntype"], axis=1)[:, keep]
    t = t[keep]
    n = len(t)
    is_call = rng.random(n) < 0.6
    use_mobile = (nums[1] != 0) & (rng.random(n) < 0.65)
    dialed = np.where(use_mobile, nums[1], nums[0])
    dtype_ = np.where(use_mobile, ntypes[1], ntypes[0])
    cum = np.cumsum(_DISPO_P[dtype_], axis=1)
    dispo = np.minimum((rng.random(n)[:, None] > cum).sum(axis=1), len(DISPOSITIONS) - 1)
    dur = np.select(
        [dispo == 0, dispo == 1, dispo == 2, dispo == 3],
        [
            np.exp(np.log(240) + 0.8 * rng.standard_normal(n)),
            rng.uniform(30, 120, n),
            rng.uniform(20, 60, n),
            rng.uniform(5, 40, n),
        ],
        rng.uniform(0, 30, n),
    ).astype(np.int64)
    subj_call = np.array(["Call", "Follow-up call", "Discovery call", "Cold call"])[rng.integers(0, 4, n)]
    subj_mail = np.array(["Email: Intro", "Email: Follow up", "Email: Checking in", "Email: Quick question"])[
        rng.integers(0, 4, n)
    ]
    subject = np.where(is_call, subj_call, subj_mail)
    dial_fmt = phone_formatted(dialed, np.where(rng.random(n) < 0.7, 0, 1))
    task_id = sf_ids("00T", id_numbers(chunk, n))
    table = build_table(
        "crm",
        "task",
        n,
        {
            "id": task_id,
            "who_id": who,
            "what_id": what,
            "owner_id": dims.user_id.take(pa.array(owner)),
            "type": pa.array(np.where(is_call, "Call", "Email").tolist(), pa.string()),
            "subject": pa.array(subject.tolist(), pa.string()),
            "status": pa.array(["Completed"] * n, pa.string()),
            "call_disposition": null_where(take(DISPOSITIONS, dispo), ~is_call),
            "call_duration_in_seconds": null_where(pa.array(dur), ~is_call),
            "dialed_number": null_where(dial_fmt, ~is_call),
            "activity_date": date_array(t),
            "created_date": ts_array(
                np.minimum(t + (rng.uniform(0, 600, n) * 1_000_000).astype(np.int64), AS_OF_US)
            ),
            "is_deleted": bernoulli(rng, 0.01, n),
        },
    )
    calls = np.flatnonzero(is_call)
    pc_idx = pa.array(person[calls])
    truth = pa.table(
        {
            "task_id": task_id.take(pa.array(calls)),
            "person_id": people.person_id.take(pc_idx),
            "business_id": biz.business_id.take(pa.array(people.business[person[calls]])),
            "is_decision_maker": pa.array(people.is_dm[person[calls]]),
            "dialed_e164": phone_e164(dialed[calls]),
            "number_type": take(NUMBER_TYPES, dtype_[calls]),
            "call_disposition": take(DISPOSITIONS, dispo[calls]),
        }
    )
    return table, truth


def render_campaign_members(
    rng: np.random.Generator,
    chunk: int,
    kind: np.ndarray,
    record: np.ndarray,
    campaign: np.ndarray,
    t_us: np.ndarray,
    responded: np.ndarray,
    status: np.ndarray,
    lead_id: pa.Array,
    contact_id: pa.Array,
    dims: Dims,
) -> pa.Table:
    """One member per (campaign, lead/contact) from campaign touches; responded if any touch responded."""
    key = (kind.astype(np.int64) << 40) + (record.astype(np.int64) << 8) + campaign
    order = np.lexsort((t_us, key))
    key_s = key[order]
    first = np.ones(len(key_s), dtype=bool)
    first[1:] = key_s[1:] != key_s[:-1]
    starts = np.flatnonzero(first)
    sel = order[starts]
    resp_t = np.where(responded, t_us, np.iinfo(np.int64).max)[order]
    first_resp = np.minimum.reduceat(resp_t, starts) if len(starts) else np.zeros(0, np.int64)
    best_status = np.maximum.reduceat(status[order], starts) if len(starts) else np.zeros(0, np.int64)
    has_resp = first_resp < np.iinfo(np.int64).max
    m = len(sel)
    k = kind[sel]
    r = record[sel]
    is_lead = k == 0
    lid = null_where(lead_id.take(pa.array(np.where(is_lead, r, 0))), ~is_lead)
    cid = null_where(contact_id.take(pa.array(np.where(is_lead, 0, r))), is_lead)
    status_names = ("Sent", "Opened", "Clicked", "Registered", "Attended", "Responded")
    created = t_us[sel] - (rng.uniform(0.5, 5, m) * US_PER_DAY).astype(np.int64)
    created = np.minimum(np.maximum(created, dims.campaign_start_us[campaign[sel]]), t_us[sel])
    return build_table(
        "crm",
        "campaign_member",
        m,
        {
            "id": sf_ids("00v", id_numbers(chunk, m)),
            "campaign_id": dims.campaign_id.take(pa.array(campaign[sel])),
            "lead_id": lid,
            "contact_id": cid,
            "status": take(status_names, best_status),
            "has_responded": has_resp,
            "first_responded_date": ts_array(np.where(has_resp, first_resp, 0), ~has_resp),
            "created_date": ts_array(created),
        },
    )
