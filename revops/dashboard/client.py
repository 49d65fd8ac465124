"""A small client for Superset's REST API (`/api/v1/...`): log in, then read, create and update objects."""

from __future__ import annotations

from typing import Any

import requests


def rison(value: Any) -> str:
    """Encode a value as Rison, the URL-friendly JSON that Superset's list endpoints take in `?q=`."""
    if value is None:
        return "!n"
    if value is True:
        return "!t"
    if value is False:
        return "!f"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("!", "!!").replace("'", "!'") + "'"
    if isinstance(value, list | tuple):
        return "!(" + ",".join(rison(v) for v in value) + ")"
    if isinstance(value, dict):
        return "(" + ",".join(f"{rison(str(k))}:{rison(v)}" for k, v in value.items()) + ")"
    raise TypeError(f"cannot encode {type(value).__name__} as rison")


class SupersetError(RuntimeError):
    """An API call failed; the message names the call and Superset's answer."""


class SupersetClient:
    """One logged-in API session (a JWT for the API, a CSRF token for writes)."""

    def __init__(self, base_url: str, username: str, password: str, timeout: float = 120) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        login = self.session.post(
            f"{self.base_url}/api/v1/security/login",
            json={"username": username, "password": password, "provider": "db", "refresh": False},
            timeout=timeout,
        )
        if login.status_code != 200:
            raise SupersetError(f"login as {username} failed ({login.status_code}): {login.text[:300]}")
        self.session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        csrf = self.get("/api/v1/security/csrf_token/")["result"]
        self.session.headers.update({"X-CSRFToken": csrf, "Referer": self.base_url})

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.session.request(method, f"{self.base_url}{path}", timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise SupersetError(f"{method} {path} -> {response.status_code}: {response.text[:1000]}")
        return response.json() if response.content else {}

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self._call("GET", path, params=params or None)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, json=body)

    def put(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("PUT", path, json=body)

    def find(self, resource: str, **equals: Any) -> list[dict[str, Any]]:
        """Objects of `/api/v1/<resource>/` whose columns equal the given values."""
        query = {
            "filters": [{"col": col, "opr": "eq", "value": value} for col, value in equals.items()],
            "page_size": 100,
        }
        return self.get(f"/api/v1/{resource}/", q=rison(query))["result"]

    def find_one(self, resource: str, **equals: Any) -> dict[str, Any] | None:
        found = self.find(resource, **equals)
        if len(found) > 1:
            names = ", ".join(f"{k}={v!r}" for k, v in equals.items())
            raise SupersetError(f"{len(found)} {resource}s with {names}: expected at most one")
        return found[0] if found else None

    def chart_data(self, chart_id: int) -> list[dict[str, Any]]:
        """The rows of a saved chart's first query (its saved query context)."""
        return self.get(f"/api/v1/chart/{chart_id}/data/")["result"][0]["data"]
