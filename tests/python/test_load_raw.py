"""`python -m revops.load_raw`: which files back a raw table (the table file and its part files), how each
file is checked against the contract, and how the files are combined by column name (issue 11).

No engine is needed here: the landing itself on Spark and PostgreSQL is proven by the engine equivalence
test (tests/python/test_engines.py), whose demo data has part files.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from revops.bench import build as bench
from revops.load_raw.__main__ import main
from revops.load_raw.contract import ContractError, RawTable, plan_table, raw_files
from revops.load_raw.engines import check_file, file_columns, read_files, spark_statements

TASK = RawTable(
    source="crm",
    schema="raw_crm",
    name="task",
    columns=["id", "subject", "dialed_number"],
    optional_columns={"dialed_number"},
)


def write_parquet(path: Path, columns: dict[str, list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)
    return path


def test_table_file_first_then_parts_by_name(tmp_path: Path) -> None:
    table_file = write_parquet(tmp_path / "crm" / "task.parquet", {"id": ["a"]})
    second = write_parquet(tmp_path / "crm" / "task" / "part_0002.parquet", {"id": ["c"]})
    first = write_parquet(tmp_path / "crm" / "task" / "part_0001.parquet", {"id": ["b"]})
    (tmp_path / "crm" / "task" / "notes.txt").write_text("not a part")
    assert raw_files(tmp_path, TASK) == [table_file, first, second]


def test_parts_alone_back_a_table_and_parquet_wins_over_csv(tmp_path: Path) -> None:
    part = write_parquet(tmp_path / "crm" / "task" / "part_0001.parquet", {"id": ["b"]})
    (tmp_path / "crm" / "task.csv").write_text("id\na\n")
    assert raw_files(tmp_path, TASK) == [part]
    assert raw_files(tmp_path / "nowhere", TASK) == []


def test_each_file_is_checked_and_named(tmp_path: Path) -> None:
    table_file = tmp_path / "task.parquet"
    part = tmp_path / "task" / "part_0001.parquet"
    with pytest.raises(ContractError, match=r"crm\.task \(.*part_0001\.parquet\) is missing required column"):
        plan_table(TASK, {table_file: ["id", "subject"], part: ["id", "dialed_number"]}, [])


def test_columns_combined_by_name_and_missing_everywhere_is_null(tmp_path: Path) -> None:
    table_file, part = tmp_path / "task.parquet", tmp_path / "task" / "part_0001.parquet"
    plan = plan_table(TASK, {table_file: ["id", "subject", "extra"], part: ["subject", "ID"]}, ["region__c"])
    assert plan.columns == ["id", "subject", "extra"]
    assert plan.null_columns == ["dialed_number", "region__c"]
    assert plan.path == table_file
    # an optional column in the table file but not in a part: the part's rows get null, with a warning
    plan = plan_table(TASK, {table_file: ["id", "subject", "dialed_number"], part: ["id", "subject"]}, [])
    assert plan.null_columns == []
    assert plan.warnings == [
        "raw table crm.task: column dialed_number is missing in part_0001.parquet; its rows get null"
    ]


def test_a_part_that_is_not_parquet_stops_the_load(tmp_path: Path) -> None:
    bad = tmp_path / "part_0001.parquet"
    bad.write_bytes(b"PK\x03\x04 a workbook really")
    with pytest.raises(ContractError, match=r"crm\.task: .*part_0001\.parquet is not a Parquet file .*ZIP"):
        check_file("crm.task", bad)
    latin1 = tmp_path / "part_0001.csv"
    latin1.write_bytes("id,subject\n1,ok\n2,caf\xe9\n".encode("latin-1"))
    with pytest.raises(ContractError, match="not UTF-8 .first at line 3"):
        check_file("crm.task", latin1)


def test_postgres_reads_every_file_by_column_name(tmp_path: Path) -> None:
    table_file = write_parquet(
        tmp_path / "task.parquet", {"id": ["a", "b"], "subject": ["x", "y"], "dialed_number": ["1", None]}
    )
    part = write_parquet(tmp_path / "task" / "p.parquet", {"subject": ["z"], "id": ["c"]})
    data = read_files([table_file, part])
    assert data.column_names == ["id", "subject", "dialed_number"]
    assert data.to_pylist()[-1] == {"id": "c", "subject": "z", "dialed_number": None}


def test_spark_unions_the_files_by_column_name(tmp_path: Path) -> None:
    table_file = write_parquet(tmp_path / "task.parquet", {"id": ["a"], "subject": ["x"]})
    part = tmp_path / "task" / "p.csv"
    part.parent.mkdir()
    part.write_text("subject,id,dialed_number\nz,c,+15550100\n")
    plan = plan_table(TASK, {table_file: file_columns(table_file), part: file_columns(part)}, [])
    create = [s for s in spark_statements([plan]) if s.startswith("create table")][0]
    assert (
        f"select `id`, `subject`, null as `dialed_number` from parquet.`{table_file}` union all "
        "select `id`, `subject`, `dialed_number` from revops_load_crm_task_1" in create
    )
    single = plan_table(TASK, {table_file: file_columns(table_file)}, [])
    (create_single,) = [s for s in spark_statements([single]) if s.startswith("create table")]
    assert "union all" not in create_single
    assert create_single.endswith(f"cast(null as string) as `dialed_number` from parquet.`{table_file}`")


def test_command_names_the_bad_part_file(
    tmp_path: Path, demo_data: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """On the demo raw data, one part file without a required column stops the command before anything is
    landed (no engine is reached: the check comes first), naming the table, the file and the column."""
    raw = tmp_path / "raw"
    bench.link_raw(demo_data[0], raw)
    write_parquet(raw / "crm" / "task" / "part_0001.parquet", {"id": ["a"], "dialed_number": ["+15550100"]})
    assert main(["--target", "postgres", "--raw-dir", str(raw)]) == 1
    error = capsys.readouterr().err
    assert "crm.task" in error and "part_0001.parquet" in error and "subject" in error, error
