"""How the project's Python tools call the real dbt CLI: one environment and one command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def dbt_env(raw_dir: Path, warehouse: Path) -> dict[str, str]:
    """The environment for dbt: the project's profiles, a raw data folder and a DuckDB warehouse file."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_ROOT / "profiles"),
        "RAW_DATA_DIR": str(raw_dir),
        "DUCKDB_PATH": str(warehouse),
        "DBT_TARGET": "duckdb",
    }


def dbt_command(args: list[str], work_dir: Path, project_dir: Path = PROJECT_ROOT) -> list[str]:
    """`dbt <args>` with its target and log folders inside `work_dir`, so runs never share state."""
    return [
        str(VENV_BIN / "dbt"),
        *args,
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
