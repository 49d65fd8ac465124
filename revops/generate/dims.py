"""Small global dimensions shared by every chunk: CRM users (reps, SDRs, marketers) and campaigns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops.generate import vocab
from revops.generate.core import (
    AS_OF_US,
    US_PER_DAY,
    WINDOW_START_US,
    cat,
    date_array,
    itos,
    sf_ids,
    slugify,
    take,
    ts_array,
)

N_USERS = 30
N_CAMPAIGNS = 32
# department of each user slot: 12 Sales (AEs + managers), 10 SDR, 8 Marketing
_USER_DEPT = ("Sales",) * 12 + ("SDR",) * 10 + ("Marketing",) * 8
_ROLE_BY_DEPT = {
    "Sales": ("Account Executive", "Account Executive", "Account Executive", "Sales Manager"),
    "SDR": ("Sales Development Rep", "Sales Development Rep", "SDR Manager"),
    "Marketing": ("Marketing Manager", "Demand Generation Manager", "Marketing Operations"),
}


@dataclass(frozen=True)
class Dims:
    """Users and campaigns (global, independent of the number of businesses)."""

    user_id: pa.Array
    user_dept: np.ndarray  # 0 Sales, 1 SDR, 2 Marketing
    user_tz_std: np.ndarray
    user_active: np.ndarray
    user_table: pa.Table
    campaign_id: pa.Array
    campaign_type: np.ndarray  # index into CAMPAIGN_TYPES
    campaign_start_us: np.ndarray
    campaign_end_us: np.ndarray
    campaign_name: pa.Array
    campaign_slug: pa.Array
    campaign_table: pa.Table

    def users_of(self, dept: int) -> np.ndarray:
        """Indices of users in a department (0 Sales, 1 SDR, 2 Marketing)."""
        return np.flatnonzero(self.user_dept == dept)

    def campaigns_of(self, types: tuple[int, ...]) -> np.ndarray:
        """Indices of campaigns of the given types, ordered by start."""
        idx = np.flatnonzero(np.isin(self.campaign_type, types))
        return idx[np.argsort(self.campaign_start_us[idx], kind="stable")]


def make_dims(seed: int) -> Dims:
    """Build users and campaigns deterministically from the seed."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 999_999]))
    n = N_USERS
    dept_names = np.array(_USER_DEPT)
    dept = np.select([dept_names == "Sales", dept_names == "SDR"], [0, 1], 2)
    first = take(vocab.FIRST_NAMES, rng.integers(0, len(vocab.FIRST_NAMES), n))
    last = take(vocab.LAST_NAMES, rng.integers(0, len(vocab.LAST_NAMES), n))
    roles = [_ROLE_BY_DEPT[d][int(rng.integers(0, len(_ROLE_BY_DEPT[d])))] for d in _USER_DEPT]
    tz = rng.choice(4, n, p=[0.4, 0.3, 0.1, 0.2])
    active = rng.random(n) > 0.1
    user_id = sf_ids("005", np.arange(1, n + 1, dtype=np.int64))
    email = cat(pc.utf8_lower(first), ".", slugify(last), "@revops-demo.com")
    user_table = pa.table(
        {
            "id": user_id,
            "name": cat(first, " ", last),
            "email": email,
            "department": pa.array(list(_USER_DEPT)),
            "user_role": pa.array(roles),
            "time_zone_sid_key": take(vocab.TIME_ZONES, tz),
            "is_active": pa.array(active),
        }
    )

    m = N_CAMPAIGNS
    ctype = rng.choice(len(vocab.CAMPAIGN_TYPES), m, p=[0.2, 0.3, 0.15, 0.15, 0.1, 0.1])
    start_day = (WINDOW_START_US // US_PER_DAY) - 30 + np.sort(rng.integers(0, 730, m))
    start_us = start_day * US_PER_DAY
    dur_days = np.where(np.isin(ctype, [2, 3]), rng.integers(60, 200, m), rng.integers(7, 60, m))
    end_us = start_us + dur_days * US_PER_DAY
    topic = take(vocab.CAMPAIGN_TOPICS, rng.integers(0, len(vocab.CAMPAIGN_TOPICS), m))
    year = pc.cast(pc.year(ts_array(start_us)), pa.string())
    ctype_s = take(vocab.CAMPAIGN_TYPES, ctype)
    name = cat(year, " ", ctype_s, " - ", topic)
    slug = cat(pc.utf8_lower(year), "_", slugify(ctype_s), "_", slugify(topic), "_", itos(np.arange(m)))
    budget = np.round(rng.uniform(2_000, 80_000, m), -2)
    ended = end_us < AS_OF_US
    started = start_us < AS_OF_US
    actual = np.where(started, np.round(budget * rng.uniform(0.6, 1.2, m), 2), 0.0)
    status = np.where(ended, "Completed", np.where(started, "In Progress", "Planned"))
    campaign_id = sf_ids("701", np.arange(1, m + 1, dtype=np.int64))
    created = start_us - rng.integers(5, 40, m) * US_PER_DAY
    campaign_table = pa.table(
        {
            "id": campaign_id,
            "name": name,
            "type": ctype_s,
            "status": pa.array(status.tolist()),
            "start_date": date_array(start_us),
            "end_date": date_array(end_us),
            "budgeted_cost": pa.array(budget),
            "actual_cost": pa.array(actual),
            "created_date": ts_array(created + 15 * 3600 * 1_000_000),
        }
    )
    return Dims(
        user_id=user_id,
        user_dept=dept,
        user_tz_std=np.array(vocab.TZ_STANDARD_OFFSETS)[tz],
        user_active=active,
        user_table=user_table,
        campaign_id=campaign_id,
        campaign_type=ctype,
        campaign_start_us=start_us,
        campaign_end_us=end_us,
        campaign_name=name,
        campaign_slug=slug,
        campaign_table=campaign_table,
    )


def campaign_at(rng: np.random.Generator, dims: Dims, pool: np.ndarray, t_us: np.ndarray) -> np.ndarray:
    """For each instant, a campaign of ``pool`` (ordered by start) that had started by then (or the first)."""
    starts = dims.campaign_start_us[pool]
    c = np.searchsorted(starts, t_us, side="right")
    lo = np.maximum(c - 3, 0)
    hi = np.maximum(c, 1)
    k = lo + np.floor(rng.random(len(t_us)) * (hi - lo)).astype(np.int64)
    return pool[np.minimum(k, len(pool) - 1)]
