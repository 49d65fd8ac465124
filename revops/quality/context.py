"""Generate the GX Core file context (`gx/`) from the thresholds config: suites, validation definitions and
checkpoints as versioned files, written by this reviewed code rather than by hand.

`python -m revops.quality.context [--out gx]` rewrites it; a test checks that the checked-in context is what
this code makes. GX assigns random ids; they are replaced by ids derived from the files' content order so
that regenerating an unchanged config changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

from revops.quality.config import DEFAULT_CONFIG, GateConfig, load_config  # noqa: E402
from revops.quality.registry import (  # noqa: E402
    ID_NAMESPACE,
    PARTS,
    expectations,
    gx_suite_name,
    part_of,
    pii_expectations,
    pii_suite_name,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONTEXT = PROJECT_ROOT / "gx"
DATASOURCE = "warehouse"
BATCH_DEFINITION = "whole_frame"
# no unexpected values in stored results: counts only (masked samples are added by the gate)
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 0}
GENERATED = ("great_expectations.yml", "expectations", "validation_definitions", "checkpoints", ".gitignore")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def open_context(root: Path) -> gx.data_context.FileDataContext:
    """The file context whose `gx/` folder is `root` (GX wants the folder that holds it)."""
    context = gx.get_context(mode="file", project_root_dir=str(root.parent))
    if root.name != "gx":
        raise ValueError(f"a GX file context folder must be named gx, got {root}")
    return context


def _add(context: gx.data_context.FileDataContext, name: str, expectation_list: list) -> None:
    datasource = context.data_sources.get(DATASOURCE)
    asset = datasource.add_dataframe_asset(name)
    batch_definition = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectation_list))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
    )
    context.checkpoints.add(
        gx.Checkpoint(name=name, validation_definitions=[definition], result_format=RESULT_FORMAT, actions=[])
    )


def _stable_ids(root: Path) -> None:
    """Replace GX's random ids with ids numbered in order of first appearance over the sorted files."""
    mapping: dict[str, str] = {}
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".yml"))
    for path in files:
        for found in _UUID.findall(path.read_text()):
            mapping.setdefault(found, str(uuid.uuid5(ID_NAMESPACE, f"context/{len(mapping)}")))
    for path in files:
        path.write_text(_UUID.sub(lambda m: mapping.get(m.group(0), m.group(0)), path.read_text()))


def write_context(config: GateConfig, out: Path = DEFAULT_CONTEXT) -> list[str]:
    """(Re)write the file context at `out` (a folder named gx); returns the GX suite names."""
    names: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "gx"
        context = open_context(root)
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.analytics_enabled = False
        context.variables.save()
        context.data_sources.add_pandas(DATASOURCE)
        for suite in config.suites:
            for part in PARTS:
                if any(part_of(c) == part for c in suite.checks):
                    name = gx_suite_name(part, suite.name)
                    _add(context, name, expectations(suite, part, config))
                    names.append(name)
        for schema in config.pii.schemas:
            name = pii_suite_name(schema)
            _add(context, name, pii_expectations(schema, config.pii.severity))
            names.append(name)
        shutil.rmtree(root / "uncommitted", ignore_errors=True)
        shutil.rmtree(root / "plugins", ignore_errors=True)
        for marker in root.rglob(".ge_store_backend_id"):  # a random id GX makes again at run time
            marker.unlink()
        _stable_ids(root)
        out.mkdir(parents=True, exist_ok=True)
        for item in GENERATED:
            target = out / item
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            if (root / item).is_dir():
                shutil.copytree(root / item, target)
            elif (root / item).exists():
                shutil.copy2(root / item, target)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m revops.quality.context",
        description="Write the GX file context (suites, validation definitions, checkpoints) from the "
        "thresholds config.",
    )
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="thresholds YAML")
    parser.add_argument("--out", type=Path, default=DEFAULT_CONTEXT, help="context folder (named gx)")
    args = parser.parse_args(argv)
    names = write_context(load_config(args.config), args.out)
    print(f"wrote {len(names)} suites, validation definitions and checkpoints to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
