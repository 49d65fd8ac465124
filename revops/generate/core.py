"""Vectorised building blocks: ids, strings, phones, timestamps, group sampling.

All times are handled internally as int64 microseconds since the Unix epoch (UTC).  Strings are built with
``pyarrow.compute`` so that a chunk of hundreds of thousands of rows is formatted without Python loops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

US_PER_SEC: Final[int] = 1_000_000
US_PER_HOUR: Final[int] = 3600 * US_PER_SEC
US_PER_DAY: Final[int] = 24 * US_PER_HOUR
# fixed reference "as of" instant: 2026-11-30T00:00:00Z (no wall-clock time anywhere)
AS_OF_US: Final[int] = int(np.datetime64("2026-11-30T00:00:00", "us").astype(np.int64))
AS_OF_DAY: Final[int] = AS_OF_US // US_PER_DAY
HISTORY_DAYS: Final[int] = 730  # activity spread over ~2 years before as-of
WINDOW_START_US: Final[int] = AS_OF_US - HISTORY_DAYS * US_PER_DAY

_B62: Final[bytes] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B62_ARR: Final[np.ndarray] = np.frombuffer(_B62, dtype=np.uint8)
# ids: number = chunk_index * CHUNK_ID_SPAN + local counter; local counters of a chunk stay below this span
CHUNK_ID_SPAN: Final[int] = 1 << 34
# local counters at or above this value are never issued (used for orphan references)
ORPHAN_BASE: Final[int] = 1 << 33
# fresh ids of planted unusable rows (``defects``) start here, above every orphan reference
DEFECT_BASE: Final[int] = ORPHAN_BASE + (1 << 32)

# US DST (second Sunday of March .. first Sunday of November), as days since epoch, per year
_DST_YEARS: Final[tuple[tuple[int, str, str], ...]] = (
    (2020, "2020-03-08", "2020-11-01"),
    (2021, "2021-03-14", "2021-11-07"),
    (2022, "2022-03-13", "2022-11-06"),
    (2023, "2023-03-12", "2023-11-05"),
    (2024, "2024-03-10", "2024-11-03"),
    (2025, "2025-03-09", "2025-11-02"),
    (2026, "2026-03-08", "2026-11-01"),
    (2027, "2027-03-14", "2027-11-07"),
)


# ----------------------------------------------------------------------------------------------- ids
def id_numbers(chunk_index: int, n: int, offset: int = 0) -> np.ndarray:
    """Globally unique id numbers for ``n`` new rows of one table in one chunk."""
    return np.int64(chunk_index) * CHUNK_ID_SPAN + offset + np.arange(n, dtype=np.int64)


def sf_ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """Salesforce-style 18-character ids: 3-char key prefix + 15 base62 digits of ``numbers``."""
    n = len(numbers)
    if n == 0:
        return pa.array([], pa.string())
    out = np.empty((n, 18), dtype=np.uint8)
    out[:, :3] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    out[:, 3:8] = ord("0")
    rest = numbers.astype(np.int64).copy()
    for pos in range(17, 7, -1):
        out[:, pos] = _B62_ARR[rest % 62]
        rest //= 62
    return pa.array(out.view("S18").ravel()).cast(pa.string())


def plain_ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """Readable ids ``<prefix><zero-padded decimal>`` for non-Salesforce sources."""
    if len(numbers) == 0:
        return pa.array([], pa.string())
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers.astype(np.int64)), pa.string()), 14, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


# ------------------------------------------------------------------------------------------- strings
def take(vocab: Sequence[str], idx: np.ndarray) -> pa.Array:
    """Vocabulary lookup: ``vocab[idx]`` as an arrow string array."""
    return pa.array(list(vocab), pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64)))


def cat(*parts: pa.Array | str) -> pa.Array:
    """Concatenate strings element-wise (a None element anywhere gives None)."""
    args = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*args, "")


def itos(values: np.ndarray, width: int = 0) -> pa.Array:
    """Integers to strings, optionally zero-padded to ``width``."""
    s = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(s, width, "0") if width else s


def null_where(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    """Replace elements where ``mask`` is True by null."""
    if not mask.any():
        return arr
    return pc.if_else(pa.array(mask), pa.scalar(None, arr.type), arr)


def pick(choice: np.ndarray, *options: pa.Array) -> pa.Array:
    """Element-wise choose among same-length arrays: ``options[choice[i]][i]``."""
    return pc.choose(pa.array(np.asarray(choice, dtype=np.int8)), *options)


def slugify(arr: pa.Array) -> pa.Array:
    """Lower-case, alphanumerics only (for domains and email local parts)."""
    return pc.replace_substring_regex(pc.utf8_lower(arr), r"[^a-z0-9]", "")


# -------------------------------------------------------------------------------------------- phones
def phone_e164(num10: np.ndarray) -> pa.Array:
    """10-digit NANP numbers -> ``+1XXXXXXXXXX``."""
    return cat("+1", itos(num10, 10))


PHONE_STYLES: Final[int] = 9


def phone_formatted(num10: np.ndarray, style: np.ndarray, ext: np.ndarray | None = None) -> pa.Array:
    """Format 10-digit numbers in one of ``PHONE_STYLES`` messy human formats chosen per row.

    0 ``+15550100199``, 1 ``(555) 010-0199``, 2 ``+1 (555) 010-0199``, 3 ``555.010.0199``,
    4 ``555-010-0199``, 5 ``5550100199``, 6 ``5550100199 x12``, 7 ``010-0199`` (7-digit, no area code),
    8 ``1-555-010-0199``.
    """
    n = len(num10)
    if n == 0:
        return pa.array([], pa.string())
    area = itos(num10 // 10_000_000, 3)
    exch = itos((num10 // 10_000) % 1000, 3)
    line = itos(num10 % 10_000, 4)
    ext_s = itos(ext if ext is not None else np.full(n, 12), 0)
    opts = [
        cat("+1", area, exch, line),
        cat("(", area, ") ", exch, "-", line),
        cat("+1 (", area, ") ", exch, "-", line),
        cat(area, ".", exch, ".", line),
        cat(area, "-", exch, "-", line),
        cat(area, exch, line),
        cat(area, exch, line, " x", ext_s),
        cat(exch, "-", line),
        cat("1-", area, "-", exch, "-", line),
    ]
    return pick(np.clip(style, 0, PHONE_STYLES - 1), *opts)


def scramble_numbers(keys: np.ndarray, salt: int) -> np.ndarray:
    """Deterministic pseudo-random 7-digit local numbers (exchange 200-999) from integer keys."""
    x = (keys.astype(np.uint64) + np.uint64(salt)) * np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(29)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(32)
    return (2_000_000 + (x % np.uint64(8_000_000))).astype(np.int64)


# ---------------------------------------------------------------------------------------------- time
def _dst_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = np.array([y for y, _, _ in _DST_YEARS], dtype=np.int64)
    start = np.array([np.datetime64(s, "D").astype(np.int64) for _, s, _ in _DST_YEARS], dtype=np.int64)
    end = np.array([np.datetime64(e, "D").astype(np.int64) for _, _, e in _DST_YEARS], dtype=np.int64)
    return years, start, end


def utc_offset_hours(local_day: np.ndarray, std_offset: np.ndarray) -> np.ndarray:
    """UTC offset (hours) of US local days given their standard offsets (DST approximated by date)."""
    years, start, end = _dst_table()
    year = local_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    yi = np.clip(year - years[0], 0, len(years) - 1)
    dst = (local_day >= start[yi]) & (local_day < end[yi])
    return std_offset + dst.astype(np.int64)


def weekday(day: np.ndarray) -> np.ndarray:
    """Monday=0 .. Sunday=6 for days since epoch (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


def to_weekday(day: np.ndarray) -> np.ndarray:
    """Move Saturday/Sunday to the following Monday."""
    wd = weekday(day)
    return day + np.where(wd >= 5, 7 - wd, 0)


def business_time(
    rng: np.random.Generator, earliest_us: np.ndarray, latest_us: np.ndarray, std_offset: np.ndarray
) -> np.ndarray:
    """Random instants between ``earliest`` and ``latest`` on local weekdays 8:00-18:00 (UTC microseconds).

    The local day is drawn uniformly, moved off weekends, and a time of day between 8 and 18 local added;
    results are clipped into ``[earliest, latest]`` (so a very short window can yield an off-hours time).
    """
    n = len(earliest_us)
    earliest_us = np.broadcast_to(earliest_us, (n,)).astype(np.int64)
    latest_us = np.maximum(np.broadcast_to(latest_us, (n,)).astype(np.int64), earliest_us)
    std_offset = np.broadcast_to(std_offset, (n,)).astype(np.int64)
    lo_day = (earliest_us + std_offset * US_PER_HOUR) // US_PER_DAY
    hi_day = (latest_us + std_offset * US_PER_HOUR) // US_PER_DAY
    day = lo_day + np.floor(rng.random(n) * (hi_day - lo_day + 1)).astype(np.int64)
    day = to_weekday(day)
    day = np.where(day > hi_day, day - 7, day)
    day = np.maximum(day, lo_day)
    tod = (8 * 3600 + np.floor(rng.random(n) * 10 * 3600)).astype(np.int64) * US_PER_SEC
    off = utc_offset_hours(day, std_offset)
    ts = day * US_PER_DAY + tod - off * US_PER_HOUR
    ts = np.where(ts > latest_us, ts - 7 * US_PER_DAY, ts)  # same weekday and hour one week earlier
    return np.clip(ts, earliest_us, latest_us)


def after_business_delay(
    rng: np.random.Generator, start_us: np.ndarray, delay_hours: np.ndarray, std_offset: np.ndarray
) -> np.ndarray:
    """``start`` plus a delay, snapped forward into local business hours (weekday, 8-18)."""
    ts = start_us + (delay_hours * US_PER_HOUR).astype(np.int64)
    off = utc_offset_hours((ts + std_offset * US_PER_HOUR) // US_PER_DAY, std_offset)
    local = ts + off * US_PER_HOUR
    day = local // US_PER_DAY
    tod = local - day * US_PER_DAY
    late = tod >= 18 * US_PER_HOUR
    early = tod < 8 * US_PER_HOUR
    jitter = (rng.random(len(ts)) * 2 * US_PER_HOUR).astype(np.int64)
    day = np.where(late, day + 1, day)
    tod = np.where(late | early, 8 * US_PER_HOUR + jitter, tod)
    wd_day = to_weekday(day)
    tod = np.where(wd_day != day, 8 * US_PER_HOUR + jitter, tod)
    off2 = utc_offset_hours(wd_day, std_offset)
    return wd_day * US_PER_DAY + tod - off2 * US_PER_HOUR


def ts_array(us: np.ndarray, mask_null: np.ndarray | None = None) -> pa.Array:
    """int64 microseconds -> ``timestamp[us, tz=UTC]`` truncated to whole seconds (optionally with nulls)."""
    us = np.asarray(us, dtype=np.int64)
    arr = pa.array(us - us % US_PER_SEC, type=pa.int64())
    if mask_null is not None and mask_null.any():
        arr = pc.if_else(pa.array(mask_null), pa.scalar(None, pa.int64()), arr)
    return arr.cast(pa.timestamp("us", tz="UTC"))


def date_array(us: np.ndarray, mask_null: np.ndarray | None = None) -> pa.Array:
    """int64 microseconds -> ``date32`` (UTC calendar day)."""
    days = (np.asarray(us, dtype=np.int64) // US_PER_DAY).astype(np.int32)
    arr = pa.array(days, type=pa.int32())
    if mask_null is not None and mask_null.any():
        arr = pc.if_else(pa.array(mask_null), pa.scalar(None, pa.int32()), arr)
    return arr.cast(pa.date32())


# -------------------------------------------------------------------------------------- group helpers
def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offset of each group in a contiguous layout."""
    starts = np.zeros(len(counts), dtype=np.int64)
    if len(counts) > 1:
        np.cumsum(counts[:-1], out=starts[1:])
    return starts


def expand(counts: np.ndarray) -> np.ndarray:
    """Group index repeated ``counts[g]`` times."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def rank_in_group(group: np.ndarray) -> np.ndarray:
    """0-based rank of each element within its group (``group`` must be sorted)."""
    n = len(group)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.ones(n, dtype=bool)
    first[1:] = group[1:] != group[:-1]
    start_pos = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    return np.arange(n) - start_pos


def sample_members(
    rng: np.random.Generator,
    member_group: np.ndarray,
    k_per_group: np.ndarray,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """Indices of up to ``k_per_group[g]`` distinct members per group (``member_group`` sorted by group).

    With ``weight``, members with larger weight tend to be chosen first (priority = weight * U).
    """
    key = rng.random(len(member_group))
    if weight is not None:
        key = -np.log(key) / np.maximum(weight, 1e-9)
    order = np.lexsort((key, member_group))
    ranks = rank_in_group(member_group[order])
    chosen = order[ranks < k_per_group[member_group[order]]]
    return np.sort(chosen)


def bernoulli(rng: np.random.Generator, p: np.ndarray | float, n: int | None = None) -> np.ndarray:
    """Boolean draws with probability ``p`` (scalar with ``n`` or array)."""
    if n is None:
        p_arr = np.asarray(p, dtype=np.float64)
        return rng.random(p_arr.shape) < p_arr
    return rng.random(n) < p


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def hex_ids(prefix: str, keys: np.ndarray, salt: int) -> pa.Array:
    """Opaque-looking 16-hex-digit ids derived deterministically from integer keys."""
    n = len(keys)
    if n == 0:
        return pa.array([], pa.string())
    x = (keys.astype(np.uint64) + np.uint64(salt)) * np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(29)
    alphabet = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    out = np.empty((n, 16), dtype=np.uint8)
    for pos in range(15, -1, -1):
        out[:, pos] = alphabet[(x & np.uint64(15)).astype(np.int64)]
        x >>= np.uint64(4)
    return cat(prefix, pa.array(out.view("S16").ravel()).cast(pa.string()))
