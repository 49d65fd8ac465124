"""The true market: businesses, their physical locations and their people (one chunk at a time).

Everything downstream (CRM, provider, discovery, engagement) is a noisy, partial view of these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate import vocab
from revops.generate.core import (
    bernoulli,
    cat,
    expand,
    group_starts,
    id_numbers,
    itos,
    null_where,
    phone_e164,
    pick,
    plain_ids,
    scramble_numbers,
    slugify,
    take,
)

NATIVE = 0
LOCAL = 1
SEG_FRANCHISE = 6

_CITY_STATE = np.array([c[1] for c in vocab.CITIES])
_CITY_AREA = np.array([c[3] for c in vocab.CITIES], dtype=np.int64)
_CITY_ZIP3 = np.array([c[4] for c in vocab.CITIES], dtype=np.int64)
_CITY_LAT = np.array([c[5] for c in vocab.CITIES])
_CITY_LON = np.array([c[6] for c in vocab.CITIES])
_CITY_TZ = np.array([c[7] for c in vocab.CITIES], dtype=np.int64)
_TZ_STD = np.array(vocab.TZ_STANDARD_OFFSETS, dtype=np.int64)

# median employees and revenue per employee, per segment
_EMP_MEDIAN = np.array([60.0, 25.0, 400.0, 18.0, 10.0, 9.0, 45.0])
_EMP_SIGMA = np.array([1.0, 0.9, 0.8, 0.6, 0.7, 0.6, 0.6])
_REV_PER_EMP = np.array([200e3, 150e3, 260e3, 60e3, 120e3, 150e3, 70e3])


@dataclass(frozen=True)
class Streets:
    """Street address pieces of a set of addresses (to render several spellings of the same street)."""

    number: np.ndarray  # house number
    name_idx: np.ndarray  # index into STREET_NAMES, or -1 - ordinal index when ordinal
    type_idx: np.ndarray  # index into STREET_TYPES
    suite: np.ndarray  # 0 = none, else suite number

    def render(self, style: np.ndarray) -> pa.Array:
        """Render per row: 0 canonical long ('12 Fifth Avenue'), 1 abbreviated ('12 5th Ave'),
        2 abbreviated with period and word ordinals ('12 Fifth Ave.'), 3 upper-case abbreviated."""
        ordinal = self.name_idx < 0
        ord_i = np.where(ordinal, -1 - self.name_idx, 0)
        plain = take(vocab.STREET_NAMES, np.where(ordinal, 0, self.name_idx))
        word = pick(ordinal.astype(np.int8), plain, take(vocab.ORDINAL_WORDS, ord_i))
        num_ord = pick(ordinal.astype(np.int8), plain, take(vocab.ORDINAL_NUMS, ord_i))
        long_t = take([t[0] for t in vocab.STREET_TYPES], self.type_idx)
        short_t = take([t[1] for t in vocab.STREET_TYPES], self.type_idx)
        num = itos(self.number)
        has_suite = self.suite > 0
        suite_long = null_where(cat(" Suite ", itos(self.suite)), ~has_suite)
        suite_short = null_where(cat(" #", itos(self.suite)), ~has_suite)
        suite_long = pc.fill_null(suite_long, "")
        suite_short = pc.fill_null(suite_short, "")
        v0 = cat(num, " ", word, " ", long_t, suite_long)
        v1 = cat(num, " ", num_ord, " ", short_t, suite_short)
        v2 = cat(num, " ", word, " ", short_t, ".", suite_long)
        v3 = pc.utf8_upper(v1)
        return pick(np.clip(style, 0, 3), v0, v1, v2, v3)

    def subset(self, idx: np.ndarray) -> Streets:
        """Rows ``idx`` of these streets."""
        return Streets(self.number[idx], self.name_idx[idx], self.type_idx[idx], self.suite[idx])


@dataclass(frozen=True)
class Businesses:
    """True businesses of one chunk (row i = business i of the chunk)."""

    gidx: np.ndarray
    business_id: pa.Array
    family: np.ndarray
    segment: np.ndarray
    name: pa.Array  # canonical legal name
    core_name: pa.Array  # name without legal suffix / article
    domain: pa.Array  # null when no website
    has_website: np.ndarray
    phone: np.ndarray  # 10-digit main phone (switchboard for shared buildings)
    streets: Streets
    street: pa.Array  # canonical street
    city_idx: np.ndarray
    zip5: np.ndarray
    tz: np.ndarray  # index into TIME_ZONES
    tz_std: np.ndarray  # standard UTC offset hours
    industry_idx: np.ndarray  # index into SEGMENT_INDUSTRIES[segment]
    industry: pa.Array
    naics: pa.Array
    category: pa.Array
    employees: np.ndarray
    revenue: np.ndarray
    brand_idx: np.ndarray  # -1 when not a franchise
    n_locations: np.ndarray
    shares_address_with: np.ndarray  # -1 or chunk index of the host business
    interest: np.ndarray  # latent market interest (drives engagement)

    @property
    def n(self) -> int:
        """Number of businesses."""
        return len(self.gidx)


@dataclass(frozen=True)
class Locations:
    """Physical locations (business main site first); row l belongs to business ``business[l]``."""

    business: np.ndarray
    seq: np.ndarray  # 0 = main location
    streets: Streets
    city_idx: np.ndarray
    zip5: np.ndarray
    phone: np.ndarray
    lat: np.ndarray
    lon: np.ndarray


@dataclass(frozen=True)
class People:
    """True people of one chunk, contiguous by business."""

    gidx: np.ndarray
    person_id: pa.Array
    business: np.ndarray
    first_idx: np.ndarray
    last_idx: np.ndarray
    first_name: pa.Array
    last_name: pa.Array
    full_name: pa.Array
    is_dm: np.ndarray
    title: pa.Array
    seniority: pa.Array
    department: pa.Array
    location_seq: np.ndarray  # location the person runs (decision makers of franchises), else 0
    mobile: np.ndarray  # true mobile, 10 digits
    direct: np.ndarray  # direct dial, 10 digits, 0 when none
    email: pa.Array  # work email (corporate when the business has a domain, else personal)
    personal_email: pa.Array
    has_linkedin: np.ndarray
    linkedin_url: pa.Array
    starts: np.ndarray  # per business: first person index
    counts: np.ndarray  # per business: number of people

    @property
    def n(self) -> int:
        """Number of people."""
        return len(self.gidx)


def _lognormal(rng: np.random.Generator, median: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(len(median)))


def make_streets(rng: np.random.Generator, n: int) -> Streets:
    """Random street addresses (~20% ordinal streets like 'Fifth Avenue', ~15% with a suite)."""
    ordinal = bernoulli(rng, 0.2, n)
    name_idx = np.where(
        ordinal,
        -1 - rng.integers(0, len(vocab.ORDINAL_WORDS), n),
        rng.integers(0, len(vocab.STREET_NAMES), n),
    )
    type_idx = rng.choice(len(vocab.STREET_TYPES), n, p=[0.4, 0.3, 0.1, 0.1, 0.05, 0.05])
    suite = np.where(bernoulli(rng, 0.15, n), rng.integers(100, 1200, n), 0)
    return Streets(rng.integers(1, 9999, n), name_idx, type_idx, suite)


def make_businesses(rng: np.random.Generator, first_gidx: int, n: int) -> Businesses:
    """Draw ``n`` true businesses with global indices ``first_gidx ..``."""
    gidx = first_gidx + np.arange(n, dtype=np.int64)
    business_id = cat("B", itos(gidx, 9))
    family = np.where(bernoulli(rng, 0.4, n), NATIVE, LOCAL)
    w = np.array(vocab.SEGMENT_WEIGHTS)
    fam_of = np.array(vocab.SEGMENT_FAMILY_OF)
    native_seg = rng.choice(np.flatnonzero(fam_of == 0), n, p=w[fam_of == 0] / w[fam_of == 0].sum())
    local_seg = rng.choice(np.flatnonzero(fam_of == 1), n, p=w[fam_of == 1] / w[fam_of == 1].sum())
    segment = np.where(family == NATIVE, native_seg, local_seg)
    is_fr = segment == SEG_FRANCHISE

    # industry (franchises: industry of their brand)
    n_ind = np.array([len(x) for x in vocab.SEGMENT_INDUSTRIES])
    brand_idx = np.where(is_fr, rng.integers(0, len(vocab.FRANCHISE_BRANDS), n), -1)
    brand_ind = np.array([b[1] for b in vocab.FRANCHISE_BRANDS])
    # the name tail ("Pizzeria", "HVAC", "Orthodontics") fixes the industry of local businesses
    tails_flat = [t for seg in vocab.SEGMENT_NAME_TAILS for t in seg]
    tail_ind_flat = np.array([i for seg in vocab.TAIL_INDUSTRY for i in seg])
    n_tails = np.array([len(t) for t in vocab.SEGMENT_NAME_TAILS])
    tail_idx = group_starts(n_tails)[segment] + np.floor(rng.random(n) * n_tails[segment]).astype(np.int64)
    tail = take(tails_flat, tail_idx)
    random_ind = np.floor(rng.random(n) * n_ind[segment]).astype(np.int64)
    industry_idx = np.where(tail_ind_flat[tail_idx] >= 0, tail_ind_flat[tail_idx], random_ind)
    industry_idx = np.where(is_fr, brand_ind[np.maximum(brand_idx, 0)], industry_idx).astype(np.int64)
    flat = [x for seg in vocab.SEGMENT_INDUSTRIES for x in seg]
    flat_off = group_starts(n_ind)
    fi = flat_off[segment] + industry_idx
    industry = take([x[0] for x in flat], fi)
    naics = take([x[1] for x in flat], fi)
    category = take([x[2] for x in flat], fi)

    # locations count
    n_loc = np.ones(n, dtype=np.int64)
    n_loc = np.where(is_fr, 2 + np.minimum(rng.geometric(0.4, n) - 1, 10), n_loc)
    two_sites = np.isin(segment, [4, 5]) & bernoulli(rng, 0.05, n)
    n_loc = np.where(two_sites, 2, n_loc)

    employees = np.maximum(1, np.round(_lognormal(rng, _EMP_MEDIAN[segment], _EMP_SIGMA[segment]))).astype(
        np.int64
    )
    employees = np.where(is_fr, employees * n_loc // 2 + 5, employees)
    revenue = np.round(employees * _REV_PER_EMP[segment] * np.exp(0.35 * rng.standard_normal(n)), -3)

    # names
    pattern = rng.integers(0, 5, n)
    word = take(vocab.NAME_WORDS, rng.integers(0, len(vocab.NAME_WORDS), n))
    last1 = take(vocab.LAST_NAMES, rng.integers(0, len(vocab.LAST_NAMES), n))
    last2 = take(vocab.LAST_NAMES, rng.integers(0, len(vocab.LAST_NAMES), n))
    city_idx = rng.integers(0, len(vocab.CITIES), n)
    city = take([c[0] for c in vocab.CITIES], city_idx)
    local_pat = family == LOCAL
    core = pick(
        pattern,
        cat(word, " ", tail),
        cat(last1, " & ", last2, " ", tail),
        pc.if_else(pa.array(local_pat), cat(last1, "'s ", tail), cat(word, " ", last1, " ", tail)),
        pc.if_else(pa.array(local_pat), cat(city, " ", tail), cat(word, " ", tail)),
        cat(last1, " ", tail),
    )
    suffix = take(
        vocab.LEGAL_SUFFIXES,
        rng.choice(len(vocab.LEGAL_SUFFIXES), n, p=[0.25, 0.1, 0.3, 0.1, 0.1, 0.05, 0.1]),
    )
    the = bernoulli(rng, 0.08, n)
    core = pc.replace_substring_regex(core, r"s's ", "s' ")
    name = pc.utf8_trim_whitespace(cat(pc.if_else(pa.array(the), "The ", ""), core, " ", suffix))

    has_website = np.where(family == NATIVE, bernoulli(rng, 0.97, n), bernoulli(rng, 0.70, n))
    tld = take(vocab.TLDS, rng.integers(0, len(vocab.TLDS), n))
    uniq = pc.utf8_ltrim(pc.utf8_lower(_base36(gidx)), "0")
    domain = null_where(cat(slugify(core), uniq, tld), ~has_website)

    area = _CITY_AREA[city_idx]
    phone = area * 10_000_000 + scramble_numbers(gidx, 11)
    streets = make_streets(rng, n)
    zip5 = _CITY_ZIP3[city_idx] * 100 + rng.integers(0, 100, n)

    # some businesses share a building (address + switchboard phone) with another business of the chunk
    shares = np.full(n, -1, dtype=np.int64)
    if n > 1:
        sharer = bernoulli(rng, 0.03, n)
        host = rng.integers(0, n, n)
        ok = sharer & (host != np.arange(n)) & (n_loc == 1)
        ok &= n_loc[host] == 1
        shares = np.where(ok, host, -1)
        # chains of sharing collapse onto the host's own (unshared) values
        h = np.where(ok, host, np.arange(n))
        phone = np.where(ok, phone[h], phone)
        city_idx = np.where(ok, city_idx[h], city_idx)
        zip5 = np.where(ok, zip5[h], zip5)
        suite = np.where(ok, rng.integers(100, 1200, n), streets.suite)
        streets = Streets(
            np.where(ok, streets.number[h], streets.number),
            np.where(ok, streets.name_idx[h], streets.name_idx),
            np.where(ok, streets.type_idx[h], streets.type_idx),
            suite,
        )
    tz = _CITY_TZ[city_idx]
    interest = rng.gamma(0.8, 1.0, n) * np.where(family == NATIVE, 1.3, 0.8)
    return Businesses(
        gidx=gidx,
        business_id=business_id,
        family=family,
        segment=segment,
        name=name,
        core_name=core,
        domain=domain,
        has_website=has_website,
        phone=phone,
        streets=streets,
        street=streets.render(np.zeros(n, dtype=np.int64)),
        city_idx=city_idx,
        zip5=zip5,
        tz=tz,
        tz_std=_TZ_STD[tz],
        industry_idx=industry_idx,
        industry=industry,
        naics=naics,
        category=category,
        employees=employees,
        revenue=revenue,
        brand_idx=brand_idx,
        n_locations=n_loc,
        shares_address_with=shares,
        interest=interest,
    )


def _base36(values: np.ndarray) -> pa.Array:
    alphabet = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    n = len(values)
    out = np.empty((n, 6), dtype=np.uint8)
    rest = values.astype(np.int64).copy()
    for pos in range(5, -1, -1):
        out[:, pos] = alphabet[rest % 36]
        rest //= 36
    return pa.array(out.view("S6").ravel()).cast(pa.string())


def make_locations(rng: np.random.Generator, biz: Businesses) -> Locations:
    """Physical locations: the main site of every business plus extra sites of multi-location operators."""
    owner = expand(biz.n_locations)
    seq = np.arange(len(owner)) - group_starts(biz.n_locations)[owner]
    extra = seq > 0
    n = len(owner)
    new_streets = make_streets(rng, n)
    main = biz.streets.subset(owner)
    streets = Streets(
        np.where(extra, new_streets.number, main.number),
        np.where(extra, new_streets.name_idx, main.name_idx),
        np.where(extra, new_streets.type_idx, main.type_idx),
        np.where(extra, new_streets.suite, main.suite),
    )
    # extra sites in a city of the same time zone as the main site
    tz_of_city = _CITY_TZ
    cand = rng.integers(0, len(vocab.CITIES), n)
    same_tz = tz_of_city[cand] == biz.tz[owner]
    city_idx = np.where(extra & same_tz, cand, biz.city_idx[owner])
    zip5 = np.where(extra, _CITY_ZIP3[city_idx] * 100 + rng.integers(0, 100, n), biz.zip5[owner])
    loc_key = biz.gidx[owner] * 64 + seq
    phone = np.where(
        extra, _CITY_AREA[city_idx] * 10_000_000 + scramble_numbers(loc_key, 13), biz.phone[owner]
    )
    lat = _CITY_LAT[city_idx] + rng.normal(0, 0.05, n)
    lon = _CITY_LON[city_idx] + rng.normal(0, 0.05, n)
    return Locations(owner, seq, streets, city_idx, zip5, phone, np.round(lat, 6), np.round(lon, 6))


def make_people(rng: np.random.Generator, chunk_index: int, biz: Businesses) -> People:
    """True people of each business: decision makers (owners, GMs, executives) and staff."""
    n_b = biz.n
    native = biz.family == NATIVE
    n_dm = np.where(native, 2 + bernoulli(rng, 0.5, n_b), 1 + bernoulli(rng, 0.35, n_b))
    n_dm = np.where(biz.segment == SEG_FRANCHISE, 1 + biz.n_locations, n_dm)
    n_staff = np.where(native, 3 + rng.integers(0, 6, n_b), 1 + rng.integers(0, 3, n_b))
    n_staff = np.minimum(n_staff, np.maximum(biz.employees - n_dm, 0))
    counts = (n_dm + n_staff).astype(np.int64)
    starts = group_starts(counts)
    business = expand(counts)
    n = len(business)
    rank = np.arange(n) - starts[business]
    is_dm = rank < n_dm[business]
    fam = biz.family[business]
    p_native = fam == NATIVE

    # titles
    def title_table(items: tuple[tuple[str, str, str], ...], col: int) -> list[str]:
        return [t[col] for t in items]

    all_titles = (
        vocab.NATIVE_DM_TITLES + vocab.NATIVE_STAFF_TITLES + vocab.LOCAL_DM_TITLES + vocab.LOCAL_STAFF_TITLES
    )
    off = np.cumsum(
        [0, len(vocab.NATIVE_DM_TITLES), len(vocab.NATIVE_STAFF_TITLES), len(vocab.LOCAL_DM_TITLES)]
    )
    n_nd, n_ns, n_ld, n_ls = (
        len(x)
        for x in (
            vocab.NATIVE_DM_TITLES,
            vocab.NATIVE_STAFF_TITLES,
            vocab.LOCAL_DM_TITLES,
            vocab.LOCAL_STAFF_TITLES,
        )
    )
    seg = biz.segment[business]
    local_dm = np.where(
        seg == SEG_FRANCHISE,
        np.where(rank == 0, 4, 1),  # franchisee owner, then one GM per location
        np.where(rank == 0, np.where(seg == 5, 2, np.where(bernoulli(rng, 0.5, n), 0, 3)), 1),
    )
    local_dm = np.where((seg == 5) & (rank == 1), 0, local_dm)
    tidx = np.where(
        p_native,
        np.where(
            is_dm,
            off[0] + np.where(rank == 0, rng.choice([0, 7], n), rng.integers(1, n_nd - 1, n)),
            off[1] + rng.integers(0, n_ns, n),
        ),
        np.where(is_dm, off[2] + local_dm, off[3] + rng.integers(0, n_ls, n)),
    )
    title = take(title_table(all_titles, 0), tidx)
    seniority = take(title_table(all_titles, 1), tidx)
    department = take(title_table(all_titles, 2), tidx)
    location_seq = np.where((seg == SEG_FRANCHISE) & is_dm & (rank >= 1), rank - 1, 0)

    first_idx = rng.integers(0, len(vocab.FIRST_NAMES), n)
    last_idx = rng.integers(0, len(vocab.LAST_NAMES), n)
    first = take(vocab.FIRST_NAMES, first_idx)
    last = take(vocab.LAST_NAMES, last_idx)
    full = cat(first, " ", last)
    gidx = id_numbers(chunk_index, n)
    person_id = plain_ids("P", gidx)

    area = _CITY_AREA[biz.city_idx[business]]
    other_area = _CITY_AREA[rng.integers(0, len(vocab.CITIES), n)]
    mob_area = np.where(bernoulli(rng, 0.8, n), area, other_area)
    mobile = mob_area * 10_000_000 + scramble_numbers(gidx, 17)
    has_direct = p_native & bernoulli(rng, 0.6, n)
    direct = np.where(has_direct, area * 10_000_000 + scramble_numbers(gidx, 19), 0)

    fl = slugify(first)
    ll = slugify(last)
    dom = biz.domain.take(pa.array(business))
    pat = rng.integers(0, 4, n)
    local_part = pick(pat, cat(fl, ".", ll), cat(pc.utf8_slice_codeunits(fl, 0, 1), ll), fl, cat(fl, "_", ll))
    free_dom = take(vocab.FREE_MAIL_DOMAINS, rng.choice(6, n, p=[0.5, 0.2, 0.1, 0.1, 0.05, 0.05]))
    num = itos(rng.integers(1, 99, n))
    personal = cat(fl, pick(rng.integers(0, 3, n), cat(".", ll), ll, cat(ll, num)), "@", free_dom)
    work_is_free = bernoulli(rng, 0.12, n) | pc.is_null(dom).to_numpy(zero_copy_only=False)
    corporate = cat(local_part, "@", pc.fill_null(dom, "invalid"))
    email = pc.if_else(pa.array(work_is_free), personal, corporate)

    p_li = np.where(p_native, np.where(is_dm, 0.92, 0.8), np.where(is_dm, 0.5, 0.3))
    has_li = bernoulli(rng, p_li)
    li = null_where(cat("https://www.linkedin.com/in/", fl, "-", ll, "-", itos(gidx % 100000)), ~has_li)
    return People(
        gidx=gidx,
        person_id=person_id,
        business=business,
        first_idx=first_idx,
        last_idx=last_idx,
        first_name=first,
        last_name=last,
        full_name=full,
        is_dm=is_dm,
        title=title,
        seniority=seniority,
        department=department,
        location_seq=location_seq,
        mobile=mobile,
        direct=direct,
        email=email,
        personal_email=personal,
        has_linkedin=has_li,
        linkedin_url=li,
        starts=starts,
        counts=counts,
    )


def state_of(city_idx: np.ndarray, long_name: np.ndarray | None = None) -> pa.Array:
    """State code (or full state name where ``long_name`` is True) of cities."""
    code = take([c[1] for c in vocab.CITIES], city_idx)
    if long_name is None:
        return code
    return pick(long_name.astype(np.int8), code, take([c[2] for c in vocab.CITIES], city_idx))


def city_of(city_idx: np.ndarray) -> pa.Array:
    """City names."""
    return take([c[0] for c in vocab.CITIES], city_idx)


def e164(num10: np.ndarray) -> pa.Array:
    """E.164 strings; 0 -> null."""
    return null_where(phone_e164(num10), num10 == 0)
