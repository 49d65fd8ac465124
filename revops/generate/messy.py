"""Messy real-world renderings of clean values (names, websites, emails, states, zips, phones)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate.core import cat, itos, null_where, phone_formatted, pick
from revops.generate.universe import state_of

_SUFFIX_RE = r"[ ,]+(Inc\.?|LLC|Co|Corp|Ltd)$"


def company_name(rng: np.random.Generator, name: pa.Array, typo_rate: float = 0.0) -> pa.Array:
    """Variants of a legal name: as is, upper, no suffix, '&'->'and', ', Inc.', no 'The', typos."""
    n = len(name)
    no_suffix = pc.replace_substring_regex(name, _SUFFIX_RE, "")
    variants = [
        name,
        pc.utf8_upper(name),
        no_suffix,
        pc.replace_substring(name, " & ", " and "),
        pc.replace_substring_regex(name, r" (Inc\.?|LLC|Corp)$", ", Inc."),
        pc.replace_substring_regex(name, r"^The ", ""),
        cat(no_suffix, " "),
    ]
    choice = rng.choice(len(variants), n, p=[0.45, 0.08, 0.17, 0.08, 0.08, 0.09, 0.05])
    out = pick(choice, *variants)
    if typo_rate > 0:
        out = pc.if_else(pa.array(rng.random(n) < typo_rate), typo(rng, out), out)
    return out


def typo(rng: np.random.Generator, s: pa.Array) -> pa.Array:
    """Introduce one small typo per value: drop a vowel, double a letter or swap two letters."""
    n = len(s)
    options = [
        pc.replace_substring_regex(s, r"^(.{3,}?)[aeiou]", r"\1", max_replacements=1),
        pc.replace_substring_regex(s, r"^(.{4,}?)([a-z])", r"\1\2\2", max_replacements=1),
        pc.replace_substring_regex(s, r"^(.{2,}?)([a-z])([a-z])", r"\1\3\2", max_replacements=1),
    ]
    return pick(rng.integers(0, len(options), n), *options)


def website(rng: np.random.Generator, domain: pa.Array) -> pa.Array:
    """Website variants: 'example.com', 'https://www.example.com', 'HTTP://WWW.Example.com/path', ..."""
    n = len(domain)
    variants = [
        domain,
        cat("https://www.", domain),
        cat("http://", domain, "/"),
        cat("HTTP://WWW.", pc.utf8_capitalize(domain), "/about"),
        cat("www.", domain),
        cat("https://", domain, "/contact-us"),
    ]
    return pick(rng.choice(len(variants), n, p=[0.3, 0.3, 0.12, 0.08, 0.12, 0.08]), *variants)


def email(rng: np.random.Generator, addr: pa.Array, rate: float = 0.15) -> pa.Array:
    """Email variants: mostly as is; some upper-case, capitalised or with stray spaces."""
    n = len(addr)
    variants = [addr, pc.utf8_upper(addr), pc.utf8_capitalize(addr), cat(" ", addr), cat(addr, " ")]
    p_clean = 1 - rate
    choice = rng.choice(len(variants), n, p=[p_clean, rate * 0.35, rate * 0.35, rate * 0.15, rate * 0.15])
    return pick(choice, *variants)


def state(rng: np.random.Generator, city_idx: np.ndarray, long_rate: float = 0.25) -> pa.Array:
    """State as code ('CA') or full name ('California'), a few lower-cased codes."""
    n = len(city_idx)
    s = state_of(city_idx, rng.random(n) < long_rate)
    return pc.if_else(pa.array(rng.random(n) < 0.03), pc.utf8_lower(s), s)


def zip_code(rng: np.random.Generator, zip5: np.ndarray, missing_rate: float = 0.08) -> pa.Array:
    """Zip as '02134', '02134-1234', Excel-damaged '2134', or missing."""
    n = len(zip5)
    z = itos(zip5, 5)
    variants = [z, cat(z, "-", itos(rng.integers(0, 10_000, n), 4)), itos(zip5)]
    out = pick(rng.choice(3, n, p=[0.8, 0.12, 0.08]), *variants)
    return null_where(out, rng.random(n) < missing_rate)


def country(rng: np.random.Generator, n: int) -> pa.Array:
    """'US' / 'USA' / 'United States' / missing."""
    opts = np.array(["US", "USA", "United States", "United States of America", ""])
    c = opts[rng.choice(5, n, p=[0.45, 0.2, 0.2, 0.05, 0.1])]
    return null_where(pa.array(c.tolist(), pa.string()), c == "")


def phone(rng: np.random.Generator, num10: np.ndarray, weights: tuple[float, ...] | None = None) -> pa.Array:
    """Human phone formats (see ``core.phone_formatted``); 0 numbers become null."""
    n = len(num10)
    p = np.array(weights or (0.1, 0.3, 0.1, 0.12, 0.18, 0.08, 0.06, 0.03, 0.03))
    style = rng.choice(len(p), n, p=p / p.sum())
    out = phone_formatted(num10, style, rng.integers(10, 400, n))
    return null_where(out, num10 == 0)


def person_name_case(rng: np.random.Generator, s: pa.Array, rate: float = 0.05) -> pa.Array:
    """Occasionally upper- or lower-cased person names."""
    n = len(s)
    c = rng.choice(3, n, p=[1 - rate, rate / 2, rate / 2])
    return pick(c, s, pc.utf8_upper(s), pc.utf8_lower(s))
