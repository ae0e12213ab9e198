"""`archgen render --since`: the three briefs gain a "Changes since" chapter from the diff."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ARCHGEN
from tests.diff.edits import example_text, removed_step

HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }} [x](javascript:y)"


def archgen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ARCHGEN), *args], cwd=folder, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return done.stdout


@pytest.fixture(scope="module")
def since_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a step removed and a hostile new title, rendered --since the example."""
    folder = tmp_path_factory.mktemp("since")
    (folder / "v1.yaml").write_text(example_text(), encoding="utf-8")
    edited = removed_step(example_text()).replace(
        "  title: 3D Commerce on AWS\n", f"  title: '{HOSTILE_TITLE}'\n", 1
    )
    (folder / "project").mkdir()
    (folder / "project" / "arch.yaml").write_text(edited, encoding="utf-8")
    done = archgen(folder / "project", "render", "--since", "../v1.yaml")
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.slow
def test_the_three_briefs_show_the_changes(since_render: Path) -> None:
    output = since_render / "project" / "output"
    removed = "flow 'browse-catalog': step 3 removed (cloudfront → amplify: load web app)"
    shifted = "flow 'place-order': steps 11–16 are now 10–15"
    html = (output / "brief.html").read_text(encoding="utf-8")
    assert '<section class="chapter changes" id="sec-changes">' in html
    assert "Changes since version 1.0</h2>" in html
    assert f"<li>{removed.replace(chr(39), '&#39;')}</li>" in html
    assert f"<li>{shifted.replace(chr(39), '&#39;')}</li>" in html
    markdown = (output / "brief.md").read_text(encoding="utf-8")
    assert "\n## 10 Changes since version 1.0\n" in markdown
    assert f"\n- {removed}\n" in markdown and f"\n- {shifted}\n" in markdown
    text = " ".join(pdf_text(output / "brief.pdf").split())
    assert "Changes since version 1.0" in text
    assert removed in text and shifted in text


@pytest.mark.slow
def test_model_text_in_the_changes_is_escaped(since_render: Path) -> None:
    output = since_render / "project" / "output"
    html = (output / "brief.html").read_text(encoding="utf-8")
    section = html[html.index('id="sec-changes"') :]
    section = section[: section.index("</section>")]
    assert "<script>" not in section and "49" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in section
    markdown = (output / "brief.md").read_text(encoding="utf-8")
    changes = markdown[markdown.index('<a id="sec-changes"></a>') :]
    assert re.search(r"(?<!\\)<script", changes) is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7\\*7 }} \\[x\\](javascript:y)" in changes


@pytest.mark.slow
def test_check_knows_the_since_input(since_render: Path) -> None:
    project = since_render / "project"
    assert archgen(project, "check", "--since", "../v1.yaml").returncode == 0
    plain = archgen(project, "check")
    assert plain.returncode == 1
    assert "stale        brief.md  (the changelog of `--since` differs" in plain.stdout
    assert "fresh        diagram.svg" in plain.stdout
    again = archgen(project, "render", "--since", "../v1.yaml")
    assert "is up to date: nothing rendered" in again.stdout


def test_briefs_without_since_have_no_changes_chapter(rendered_example: Path) -> None:
    for name in ("brief.html", "brief.md"):
        assert "sec-changes" not in (rendered_example / "output" / name).read_text("utf-8")
