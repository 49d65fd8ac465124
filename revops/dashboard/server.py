"""Superset's settings from the environment, its metadata database, and the server process.

Superset runs from its own virtual environment (.venv-superset, `make superset-venv`), so this module calls
its executables by path; it never imports Superset."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import requests

from revops.dbt_cli import PROJECT_ROOT

SUPERSET_VENV = Path(os.environ.get("SUPERSET_VENV", PROJECT_ROOT / ".venv-superset"))
CONFIG_PATH = PROJECT_ROOT / "superset" / "superset_config.py"
INIT_SCRIPT = PROJECT_ROOT / "superset" / "init_metadata.py"
# public, so only for the generated demo data on 127.0.0.1: `make dashboard` says when it uses them
DEMO_SECRET_KEY = "revops-demo-only-secret-key-do-not-use-with-real-data"
DEMO_ADMIN_PASSWORD = "revops-demo"


class MissingSetting(RuntimeError):
    """A secret Superset needs is not in the environment."""


@dataclass(frozen=True)
class Settings:
    """Where Superset keeps its state, where it listens, and who may log in."""

    state_dir: Path
    port: int
    secret_key: str
    admin_user: str
    admin_password: str
    host: str = "127.0.0.1"
    demo_values: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "superset.pid"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "superset.log"

    @classmethod
    def from_env(cls, env: Mapping[str, str], state_dir: Path, port: int, demo: bool = False) -> Settings:
        """Read SUPERSET_SECRET_KEY and SUPERSET_ADMIN_PASSWORD (SUPERSET_ADMIN_USER, default admin).
        Outside demo mode a missing secret is an error; in demo mode it gets a public demo value, listed in
        `demo_values` so the caller can say so."""
        values = {
            "SUPERSET_SECRET_KEY": env.get("SUPERSET_SECRET_KEY", ""),
            "SUPERSET_ADMIN_PASSWORD": env.get("SUPERSET_ADMIN_PASSWORD", ""),
        }
        missing = [name for name, value in values.items() if not value]
        if missing and not demo:
            raise MissingSetting(
                f"{' and '.join(missing)} not set: Superset needs a secret key (signs sessions, encrypts "
                "connection details) and an admin password from the environment. Set them, or use "
                "`make dashboard` (demo data, public demo values)."
            )
        demo_defaults = {
            "SUPERSET_SECRET_KEY": DEMO_SECRET_KEY,
            "SUPERSET_ADMIN_PASSWORD": DEMO_ADMIN_PASSWORD,
        }
        for name in missing:
            values[name] = demo_defaults[name]
        return cls(
            state_dir=state_dir.resolve(),
            port=port,
            secret_key=values["SUPERSET_SECRET_KEY"],
            admin_user=env.get("SUPERSET_ADMIN_USER", "admin"),
            admin_password=values["SUPERSET_ADMIN_PASSWORD"],
            demo_values=tuple(missing),
        )


def superset_env(settings: Settings) -> dict[str, str]:
    """The environment of every Superset process: its config, its state folder, its secret key."""
    env = {k: v for k, v in os.environ.items() if k != "SUPERSET_ADMIN_PASSWORD"}
    return {
        **env,
        "SUPERSET_CONFIG_PATH": str(CONFIG_PATH),
        "SUPERSET_HOME": str(settings.state_dir),
        "SUPERSET_SECRET_KEY": settings.secret_key,
        "FLASK_APP": "superset.app:create_app()",
        "PYTHONWARNINGS": "ignore",
    }


def _executable(name: str) -> Path:
    path = SUPERSET_VENV / "bin" / name
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `make superset-venv` (Superset's own environment)")
    return path


def initialise(settings: Settings) -> None:
    """Create or migrate the metadata database (SQLite in the state folder), the roles and permissions, and
    the admin user (on an existing state folder its password becomes the one given now): one Superset
    process running superset/init_metadata.py."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **superset_env(settings),
        "SUPERSET_ADMIN_USER": settings.admin_user,
        "SUPERSET_ADMIN_PASSWORD": settings.admin_password,
    }
    result = subprocess.run(
        [str(_executable("python")), str(INIT_SCRIPT)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(
            f"initialising Superset's metadata database failed ({result.returncode}):\n{output}"
        )


def running_pid(settings: Settings) -> int | None:
    """The process id in the state folder's pid file when that process is alive."""
    try:
        pid = int(settings.pid_file.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def is_healthy(settings: Settings) -> bool:
    try:
        return requests.get(f"{settings.url}/health", timeout=5).text.strip() == "OK"
    except requests.RequestException:
        return False


def start(settings: Settings, timeout: float = 180) -> int:
    """Start Superset (gunicorn, one worker with threads) on host:port in its own process group; wait until
    /health answers. Returns the process id (also written to the state folder's superset.pid)."""
    command = [
        str(_executable("gunicorn")),
        "--bind", f"{settings.host}:{settings.port}",
        "--workers", "1",
        "--worker-class", "gthread",
        "--threads", "4",
        "--timeout", "120",
        "--no-control-socket",
        "--pid", str(settings.pid_file),
        "superset.app:create_app()",
    ]  # fmt: skip
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with settings.log_file.open("ab") as log:
        process = subprocess.Popen(
            command,
            env=superset_env(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    # our process must still be alive when /health answers (not another server on the same port)
    while process.poll() is not None or not is_healthy(settings):
        if process.poll() is not None:
            tail = settings.log_file.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"Superset exited with {process.returncode} on start:\n{tail}")
        if time.monotonic() > deadline:
            stop(process.pid)
            raise TimeoutError(f"Superset did not answer on {settings.url}/health within {timeout:.0f}s")
        time.sleep(0.5)
    settings.pid_file.write_text(f"{process.pid}\n")
    return process.pid


def stop(pid: int, timeout: float = 30) -> None:
    """Stop the Superset started as `pid` (gunicorn's master stops its workers); kill it if it lingers."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child: poll for it
            finished = 0
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        if finished:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
