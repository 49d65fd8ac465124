"""Shared fixtures: a demo data set generated once per test session and a real `dbt build` on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


class DevTools:
    """A minimal Chrome DevTools protocol client over one page's websocket."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        call_id = self.next_id
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result["result"].get("value")

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[DevTools]:
    profile = tmp_path / "chromium-profile"
    process = subprocess.Popen(
        chromium_command(
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--window-size=1280,900",
            "about:blank",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            assert process.poll() is None, f"chromium exited with {process.returncode}"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.loads(response.read()) if t["type"] == "page"]
        client = DevTools(pages[0]["webSocketDebuggerUrl"])
        yield client
        client.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
