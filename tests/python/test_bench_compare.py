"""The warehouse comparison used to prove performance changes exact (revops.bench.compare).

Two small DuckDB files stand in for a warehouse built before and after a change; the oracle is the
difference planted in one of them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from revops.bench import compare

SETUP = """
create schema marts;
create schema staging;
create table marts.fct_a (k varchar, n integer, x double);
insert into marts.fct_a values ('a', 1, 1234567.125), ('b', 2, 0.5), ('b', 2, 0.5), ('c', null, null);
create table staging.base_b (id varchar, v integer);
insert into staging.base_b values ('1', 10), ('2', 20);
create view staging.stg_b as select * from staging.base_b where v > 10;
"""


def _warehouse(path: Path, *changes: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(SETUP)
        for sql in changes:
            con.execute(sql)
    return path


def _run(tmp_path: Path, *changes: str) -> dict[str, compare.RelationDiff]:
    (tmp_path / "left").mkdir()
    (tmp_path / "right").mkdir()
    left = _warehouse(tmp_path / "left" / "revops.duckdb")
    right = _warehouse(tmp_path / "right" / "revops.duckdb", *changes)
    diffs, only_left, only_right = compare.compare(left, right, work=tmp_path)
    result = {d.name: d for d in diffs}
    for name in only_left + only_right:
        result[name] = compare.RelationDiff(name, -1, -1, column_problem="missing")
    return result


def test_identical_warehouses_are_the_same(tmp_path: Path) -> None:
    diffs = _run(tmp_path)
    assert set(diffs) == {"marts.fct_a", "staging.base_b", "staging.stg_b"}
    assert all(d.same for d in diffs.values())
    assert diffs["marts.fct_a"].left_rows == 4


@pytest.mark.parametrize(
    ("change", "relation"),
    [
        ("update marts.fct_a set n = 3 where k = 'a'", "marts.fct_a"),
        # a duplicate row dropped: the row sets agree, the multisets do not
        (
            "delete from marts.fct_a where k = 'b'; insert into marts.fct_a values ('b', 2, 0.5)",
            "marts.fct_a",
        ),
        ("update marts.fct_a set x = 1234567.5 where k = 'a'", "marts.fct_a"),
        ("update staging.base_b set v = 30 where id = '2'", "staging.stg_b"),
        ("alter table staging.base_b alter v type bigint", "staging.base_b"),
        ("drop view staging.stg_b", "staging.stg_b"),
    ],
)
def test_a_planted_difference_is_found(tmp_path: Path, change: str, relation: str) -> None:
    diffs = _run(tmp_path, change)
    assert not diffs[relation].same, diffs[relation]


def test_float_summation_noise_is_not_a_difference(tmp_path: Path) -> None:
    # the same sum added in another order differs in the last bits, beyond any fixed decimal rounding
    diffs = _run(tmp_path, "update marts.fct_a set x = 1234567.125 + 3e-9 where k = 'a'")
    assert diffs["marts.fct_a"].same
    assert diffs["marts.fct_a"].float_noise == 1
