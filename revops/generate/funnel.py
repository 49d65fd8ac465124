"""The causal lead funnel: who becomes a lead, how engaged they are, and how the lead progresses.

Per lead a latent intent drives engagement counts (web sessions, pricing-page visits, email clicks,
high-intent and content forms).  An engagement score raises the probability of becoming an MQL; the MQL
happens after that engagement.  SAL follows MQL; the first sales follow-up after MQL is snapped into the
owner's business hours and a faster follow-up raises the chance of reaching SQL; SQLs are converted into
contact + opportunity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from revops.generate.core import (
    AS_OF_US,
    US_PER_DAY,
    US_PER_HOUR,
    WINDOW_START_US,
    after_business_delay,
    bernoulli,
    business_time,
    sample_members,
    sigmoid,
)
from revops.generate.dims import Dims
from revops.generate.universe import NATIVE, Businesses, People

STATUSES: tuple[str, ...] = (
    "Open - Not Contacted",
    "Working - Contacted",
    "MQL",
    "SAL",
    "SQL",
    "Recycled",
    "Disqualified",
    "Converted",
    "Nurture",
)
S_OPEN, S_WORKING, S_MQL, S_SAL, S_SQL, S_RECYCLED, S_DISQ, S_CONVERTED, S_NURTURE = range(9)
MAX_STEPS = 6


@dataclass(frozen=True)
class LeadSim:
    """Simulated leads of one chunk (index = lead row)."""

    person: np.ndarray
    business: np.ndarray
    owner: np.ndarray  # user index (SDR)
    created_us: np.ndarray
    intent: np.ndarray
    n_sessions: np.ndarray
    n_pricing: np.ndarray
    n_clicks: np.ndarray
    has_hi_form: np.ndarray
    n_content: np.ndarray
    n_ads: np.ndarray
    engage_end_us: np.ndarray
    is_mql: np.ndarray
    mql_us: np.ndarray
    is_sal: np.ndarray
    first_touch_us: np.ndarray  # first sales task after MQL (0 when not MQL)
    follow_delay_h: np.ndarray
    is_sql: np.ndarray
    sql_us: np.ndarray
    is_converted: np.ndarray
    conv_us: np.ndarray
    worked: np.ndarray  # non-MQL lead worked by an SDR
    worked_us: np.ndarray
    path_status: np.ndarray  # (n, MAX_STEPS) status codes, -1 = unused
    path_us: np.ndarray  # (n, MAX_STEPS)
    status: np.ndarray  # final status code

    @property
    def n(self) -> int:
        """Number of leads."""
        return len(self.person)


def _days(x: np.ndarray) -> np.ndarray:
    return (x * US_PER_DAY).astype(np.int64)


def simulate_leads(rng: np.random.Generator, biz: Businesses, people: People, dims: Dims) -> LeadSim:
    """Pick lead people per business and simulate engagement and funnel progression."""
    native = biz.family == NATIVE
    lam = np.where(native, 1.6, 1.0) * np.clip(0.5 + 0.5 * biz.interest, 0.3, 3.0)
    k = np.minimum(rng.poisson(lam), people.counts)
    weight = np.where(people.is_dm, 3.0, 1.0)
    person = sample_members(rng, people.business, k, weight)
    business = people.business[person]
    n = len(person)
    sdrs = dims.users_of(1)
    owner = sdrs[rng.integers(0, len(sdrs), n)]
    tz = biz.tz_std[business]
    created = business_time(rng, np.full(n, WINDOW_START_US), np.full(n, AS_OF_US - 2 * US_PER_DAY), tz)

    intent = biz.interest[business] * rng.gamma(1.5, 1 / 1.5, n)
    n_sessions = rng.poisson(1.2 * intent)
    n_pricing = rng.poisson(0.5 * intent)
    n_clicks = rng.poisson(0.6 * intent)
    has_hi = bernoulli(rng, 1 - np.exp(-0.2 * intent))
    n_content = rng.poisson(0.25 * intent)
    n_ads = rng.poisson(0.3 * intent)
    score = 0.4 * n_sessions + 1.2 * n_pricing + 0.8 * n_clicks + 3.0 * has_hi + 0.8 * n_content
    p_mql = sigmoid(-3.0 + 1.0 * score)
    mql_delay = np.exp(np.log(14.0) + 1.0 * rng.standard_normal(n))
    mql_us = created + _days(mql_delay)
    is_mql = bernoulli(rng, p_mql) & (mql_us < AS_OF_US - US_PER_HOUR)
    mql_us = np.where(is_mql, mql_us, 0)
    engage_end = np.where(is_mql, mql_us, np.minimum(created + _days(np.full(n, 150.0)), AS_OF_US))

    owner_tz = dims.user_tz_std[owner]
    delay_h = np.exp(np.log(8.0) + 1.6 * rng.standard_normal(n))
    first_touch = after_business_delay(rng, mql_us, delay_h, owner_tz)
    follow_delay_h = (first_touch - mql_us) / US_PER_HOUR
    first_touch = np.where(is_mql & (first_touch < AS_OF_US), first_touch, 0)
    follow_delay_h = np.where(first_touch > 0, follow_delay_h, np.nan)

    is_sal = is_mql & bernoulli(rng, 0.75, n)
    sal_us = after_business_delay(rng, mql_us, rng.uniform(0.5, 48, n), owner_tz)
    is_sal &= sal_us < AS_OF_US
    p_sql = 0.12 + 0.6 * np.exp(-np.nan_to_num(follow_delay_h, nan=1e6) / 24.0)
    sql_us = np.maximum(sal_us, first_touch) + _days(np.exp(np.log(4.0) + 0.8 * rng.standard_normal(n)))
    is_sql = is_sal & (first_touch > 0) & bernoulli(rng, p_sql) & (sql_us < AS_OF_US)
    conv_us = sql_us + _days(rng.uniform(0.05, 5, n))
    is_conv = is_sql & bernoulli(rng, 0.85, n) & (conv_us < AS_OF_US)

    worked = ~is_mql & bernoulli(rng, 0.45, n)
    worked_us = np.minimum(created + _days(rng.uniform(0.2, 20, n)), AS_OF_US - US_PER_HOUR)
    worked_us = np.where(worked, worked_us, 0)

    path_s = np.full((n, MAX_STEPS), -1, dtype=np.int64)
    path_t = np.zeros((n, MAX_STEPS), dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)
    rows = np.arange(n)

    def push(mask: np.ndarray, code: int | np.ndarray, t: np.ndarray) -> None:
        r = rows[mask]
        path_s[r, pos[r]] = code if isinstance(code, int) else code[r]
        path_t[r, pos[r]] = t[r]
        pos[r] += 1

    push(np.ones(n, dtype=bool), S_OPEN, created)
    push(worked, S_WORKING, worked_us)
    push(is_mql, S_MQL, mql_us)
    push(is_sal, S_SAL, sal_us)
    push(is_sql, S_SQL, sql_us)
    push(is_conv, S_CONVERTED, conv_us)
    # terminal states for leads that stalled
    rec_or_dq = np.where(bernoulli(rng, 0.6, n), S_RECYCLED, S_DISQ)
    stall_mql = is_mql & ~is_sal & (mql_us < AS_OF_US - _days(np.full(n, 30.0)))
    t_stall_mql = mql_us + _days(rng.uniform(7, 30, n))
    push(stall_mql, rec_or_dq, t_stall_mql)
    stall_sal = is_sal & ~is_sql & (sal_us < AS_OF_US - _days(np.full(n, 21.0)))
    t_stall_sal = sal_us + _days(rng.uniform(10, 21, n))
    push(stall_sal, rec_or_dq, t_stall_sal)
    end_code = np.where(bernoulli(rng, 0.06, n), S_NURTURE, S_DISQ)
    t_end = np.minimum(
        np.where(worked, worked_us, created) + _days(rng.uniform(3, 60, n)), AS_OF_US - US_PER_HOUR
    )
    cold_end = ~is_mql & bernoulli(rng, np.where(worked, 0.4, 0.1))
    push(cold_end, end_code, t_end)
    status = path_s[rows, pos - 1]
    return LeadSim(
        person=person,
        business=business,
        owner=owner,
        created_us=created,
        intent=intent,
        n_sessions=n_sessions,
        n_pricing=n_pricing,
        n_clicks=n_clicks,
        has_hi_form=has_hi,
        n_content=n_content,
        n_ads=n_ads,
        engage_end_us=engage_end,
        is_mql=is_mql,
        mql_us=mql_us,
        is_sal=is_sal,
        first_touch_us=first_touch,
        follow_delay_h=follow_delay_h,
        is_sql=is_sql,
        sql_us=np.where(is_sql, sql_us, 0),
        is_converted=is_conv,
        conv_us=np.where(is_conv, conv_us, 0),
        worked=worked,
        worked_us=worked_us,
        path_status=path_s,
        path_us=path_t,
        status=status,
    )
