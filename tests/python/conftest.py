"""Shared fixtures: a demo data set generated once per test session and a real `dbt build` on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from revops.dbt_cli import PROJECT_ROOT, dbt_command, dbt_env

# Tests hash personal data with a throwaway salt (the marts need one; see macros/reliability/pii_hash.sql).
os.environ.setdefault("REVOPS_PII_SALT", "pytest-throwaway-salt")

DEMO_ACCOUNTS = 1500
DEMO_SEED = 7


@dataclass(frozen=True)
class Build:
    """A generated raw data set and the warehouse `dbt build` made from it."""

    raw_dir: Path
    truth_dir: Path
    warehouse: Path
    target_dir: Path
    returncode: int
    output: str

    def run_results(self) -> list[dict]:
        return json.loads((self.target_dir / "run_results.json").read_text())["results"]

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()


def generate(raw_dir: Path, truth_dir: Path, accounts: int = DEMO_ACCOUNTS, seed: int = DEMO_SEED) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "revops.generate",
            "--accounts",
            str(accounts),
            "--seed",
            str(seed),
            "--out",
            str(raw_dir),
            "--truth",
            str(truth_dir),
            "--no-progress",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )


def dbt(
    args: list[str], raw_dir: Path, warehouse: Path, work_dir: Path, project_dir: Path = PROJECT_ROOT
) -> subprocess.CompletedProcess[str]:
    """Run the real dbt CLI of the project's virtual environment against a given raw folder and warehouse."""
    return subprocess.run(
        dbt_command(args, work_dir, project_dir),
        cwd=project_dir,
        env=dbt_env(raw_dir, warehouse),
        capture_output=True,
        text=True,
    )


def build(work_dir: Path, raw_dir: Path, truth_dir: Path, select: list[str] | None = None) -> Build:
    warehouse = work_dir / "warehouse.duckdb"
    args = ["build"] + (["--select", *select] if select else [])
    result = dbt(args, raw_dir, warehouse, work_dir)
    return Build(
        raw_dir, truth_dir, warehouse, work_dir / "target", result.returncode, result.stdout + result.stderr
    )


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo_data")
    raw_dir, truth_dir = root / "raw", root / "ground_truth"
    generate(raw_dir, truth_dir)
    return raw_dir, truth_dir


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory, demo_data: tuple[Path, Path]) -> Iterator[Build]:
    raw_dir, truth_dir = demo_data
    result = build(tmp_path_factory.mktemp("demo_build"), raw_dir, truth_dir)
    assert result.returncode == 0, result.output[-6000:]
    yield result


# the flags headless Chromium needs on these machines (no sandbox as root, no GPU, nothing fetched on start)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_command(*args: str) -> list[str]:
    """A headless Chromium command line; skips the test when Chromium is missing (fails in CI)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make browser` installs it")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return [browser, *CHROMIUM_FLAGS, *args]
