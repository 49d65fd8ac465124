"""Personal data stays out of BI-facing marts; every mart has an enforced contract.

The lineage walk reads `target/manifest.json` of the demo build: a column is personal when a model or source
tags it (`meta: {pii: true}` or `contains_pii: true`) or when its name says so (email, phone, mobile, direct
dial, person names, person keys). A BI-facing mart (every model under `marts/` except `marts/restricted/`,
plus every parent of an exposure) may carry such a column only when its YAML declares it `pii: masked` or
`pii: hashed`; the values are then checked in the warehouse, independently of the declarations.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from pathlib import Path

from conftest import Build, dbt

PII_NAME = re.compile(
    r"(^|_)(email|phone|phone_e164|mobile|mobile_e164|mobile_phone|direct_dial|dialed_number|dialed_number_e164"
    r"|first_name|last_name|full_name|full_name_key|person_key)$"
)
TEXT_TYPES = ("varchar", "text", "string", "char")
# published business lines, not a person's (the same allowance as the quality gate's thresholds file)
ALLOWED = {("dim_accounts", "phone_e164"): "a business's published main line"}
PROTECTED = {"masked", "hashed"}
E164 = r"^\+[1-9][0-9]{7,14}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"


def _tagged(column: dict) -> bool:
    meta = column.get("meta") or {}
    return meta.get("pii") is True or meta.get("contains_pii") is True


def bi_facing_models(manifest: dict) -> set[str]:
    marts = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts" and node["fqn"][2] != "restricted"
    }
    exposure_parents = {
        parent
        for exposure in manifest.get("exposures", {}).values()
        for parent in exposure["depends_on"]["nodes"]
        if parent.startswith("model.")
    }
    return marts | exposure_parents


def pii_violations(manifest: dict) -> list[str]:
    """Every personal column of a BI-facing model that is not declared masked or hashed, and every restricted
    model that feeds an exposure."""
    tagged_names = {
        name
        for node in [*manifest["nodes"].values(), *manifest["sources"].values()]
        for name, column in (node.get("columns") or {}).items()
        if _tagged(column)
    }
    violations = []
    for uid in sorted(bi_facing_models(manifest)):
        node = manifest["nodes"][uid]
        if node["fqn"][1:3] == ["marts", "restricted"]:
            violations.append(f"{node['name']}: a restricted model is the parent of an exposure")
            continue
        for name, column in node["columns"].items():
            if (node["name"], name) in ALLOWED:
                continue
            declared = (column.get("meta") or {}).get("pii")
            personal = name in tagged_names or PII_NAME.search(name) or declared is True
            is_text = (column.get("data_type") or "varchar").lower().startswith(TEXT_TYPES)
            if personal and is_text and declared not in PROTECTED:
                violations.append(f"{node['name']}.{name}: personal data, not declared masked or hashed")
    return violations


def _manifest(demo_build: Build) -> dict:
    return json.loads((demo_build.target_dir / "manifest.json").read_text())


def test_no_personal_column_reaches_a_bi_facing_mart_unmasked(demo_build: Build) -> None:
    manifest = _manifest(demo_build)
    assert len(bi_facing_models(manifest)) >= 10
    assert pii_violations(manifest) == []


def test_the_walk_catches_a_leak(demo_build: Build) -> None:
    manifest = _manifest(demo_build)
    mart = next(uid for uid in bi_facing_models(manifest) if uid.endswith(".fct_account_coverage"))
    restricted = next(uid for uid in manifest["nodes"] if uid.endswith(".rpt_dialer_export"))

    by_name = copy.deepcopy(manifest)
    by_name["nodes"][mart]["columns"]["owner_mobile"] = {"name": "owner_mobile", "data_type": "varchar"}
    by_tag = copy.deepcopy(manifest)  # a name no pattern knows, tagged upstream
    by_tag["nodes"][restricted]["columns"]["secret_line"] = {"name": "secret_line", "meta": {"pii": True}}
    by_tag["nodes"][mart]["columns"]["secret_line"] = {"name": "secret_line", "data_type": "varchar"}
    exposed = copy.deepcopy(manifest)
    exposed["exposures"] = {
        "exposure.revops.dialer_dashboard": {"depends_on": {"nodes": [restricted, mart]}, "name": "dialer"}
    }

    assert pii_violations(by_name) == [
        "fct_account_coverage.owner_mobile: personal data, not declared masked or hashed"
    ]
    assert pii_violations(by_tag) == [
        "fct_account_coverage.secret_line: personal data, not declared masked or hashed"
    ]
    assert "rpt_dialer_export: a restricted model is the parent of an exposure" in pii_violations(exposed)


def test_bi_marts_hold_no_phone_or_email_values(demo_build: Build) -> None:
    manifest = _manifest(demo_build)
    leaks = []
    for uid in bi_facing_models(manifest):
        node = manifest["nodes"][uid]
        for name, column in node["columns"].items():
            if (node["name"], name) in ALLOWED or not (column.get("data_type") or "").startswith(TEXT_TYPES):
                continue
            found = demo_build.query(
                f"select count(*) from {node['schema']}.{node['alias']}"
                f" where regexp_matches({name}, '{E164}') or regexp_matches(lower({name}), '{EMAIL}')"
            )[0][0]
            if found:
                leaks.append((node["name"], name, found))
    assert leaks == []


def test_the_restricted_export_is_the_only_mart_with_raw_mobiles(demo_build: Build) -> None:
    manifest = _manifest(demo_build)
    node = next(n for n in manifest["nodes"].values() if n["name"] == "rpt_dialer_export")
    assert node["schema"] == "restricted" and node["config"]["grants"]["select"]
    rows = demo_build.query("select mobile_e164, mobile_hash from restricted.rpt_dialer_export")
    assert rows and all(re.fullmatch(E164, mobile) for mobile, _ in rows)
    # the salted hash, recomputed in Python with the salt the tests run with
    salt = os.environ["REVOPS_PII_SALT"]
    assert all(hashlib.sha256((salt + mobile).encode()).hexdigest() == digest for mobile, digest in rows)
    # BI rows point at the export through the hash only
    joined = demo_build.query(
        "select count(*), count(export.record_key) from marts.fct_missing_dm_mobiles as missing"
        " left join restricted.rpt_dialer_export as export on missing.fill_mobile_hash = export.mobile_hash"
        " where missing.fill_mobile_hash is not null"
    )[0]
    assert joined[0] > 0 and joined[0] == joined[1]


def test_every_mart_has_an_enforced_contract(demo_build: Build) -> None:
    manifest = _manifest(demo_build)
    marts = [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["fqn"][1] == "marts"
    ]
    assert len(marts) >= 12
    for node in marts:
        assert node["config"]["contract"]["enforced"], node["name"]
        untyped = [name for name, column in node["columns"].items() if not column.get("data_type")]
        assert node["columns"] and not untyped, (node["name"], untyped)


def test_a_missing_salt_stops_the_run_outside_the_demo(demo_build: Build, tmp_path: Path) -> None:
    saved = os.environ.pop("REVOPS_PII_SALT")
    try:
        args = ["compile", "--select", "rpt_dialer_export"]
        refused = dbt(args, demo_build.raw_dir, tmp_path / "w.duckdb", tmp_path / "a")
        demo = dbt(
            [*args, "--vars", "{pii_demo_salt: true}"],
            demo_build.raw_dir,
            tmp_path / "w.duckdb",
            tmp_path / "b",
        )
    finally:
        os.environ["REVOPS_PII_SALT"] = saved
    assert refused.returncode != 0 and "REVOPS_PII_SALT is not set" in refused.stdout
    assert demo.returncode == 0, demo.stdout[-3000:]
