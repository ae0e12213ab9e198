"""The README's example of a template of one's own works as it says: the brief gains its text
and keeps its structure (`check --consistency` finds nothing the templates broke)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import ROOT, copy_rendered
from tests.e2e.support import cli


def readme_template() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```jinja\n(\{# templates/brief\.html\.j2 #\}\n.*?)```", text, re.S)
    return block


def test_the_readme_template_renders_and_keeps_the_brief_whole(
    rendered_example: Path, tmp_path: Path
) -> None:
    project = copy_rendered(rendered_example, tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "brief.html.j2").write_text(readme_template(), encoding="utf-8")
    model = project / "arch.yaml"
    rendered = cli("render", model, "--only", "html")
    assert rendered.code == 0, rendered.output
    html = (project / "output" / "brief.html").read_text(encoding="utf-8")
    assert "What we would do differently next time" in html
    checked = cli("check", model, "--consistency", "--format", "json")
    statuses = {entry["file"]: entry for entry in json.loads(checked.output)["outputs"]}
    assert statuses["brief.html"]["status"] == "fresh", statuses["brief.html"]
