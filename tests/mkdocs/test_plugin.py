"""The MkDocs plugin, with the real `mkdocs build` of a small site (default theme, Material)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archgen.mkdocs import ArchgenPlugin, brief_page, inline_svg, site_name
from tests.conftest import EXAMPLE_MODEL, MINIMAL_MODEL

MKDOCS = [sys.executable, "-m", "mkdocs"]
HOME = "# Home\n\nThe architecture:\n\n<!-- archgen:diagram arch -->\n\n<!-- archgen:pdf arch -->\n"


def make_site(folder: Path, model: str, *, theme: str = "mkdocs", pdf: bool = True) -> Path:
    (folder / "docs").mkdir(parents=True)
    home = HOME if pdf else HOME.replace("<!-- archgen:pdf arch -->\n", "")
    (folder / "docs" / "index.md").write_text(home, encoding="utf-8")
    (folder / "arch.yaml").write_text(model, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Shop docs\ntheme:\n  name: {theme}\nplugins:\n  - search\n"
        f"  - archgen:\n      models: [arch.yaml]\n      pdf: {str(pdf).lower()}\n",
        encoding="utf-8",
    )
    return folder


def build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "build", *args], cwd=site, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip


def test_the_plugin_is_registered_for_mkdocs() -> None:
    found = importlib.metadata.entry_points(group="mkdocs.plugins", name="archgen")
    assert [entry.value for entry in found] == ["archgen.mkdocs:ArchgenPlugin"]


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_strict_build_has_the_diagram_the_brief_and_the_pdf(tmp_path: Path, theme: str) -> None:
    site = make_site(tmp_path, EXAMPLE_MODEL.read_text(encoding="utf-8"), theme=theme)
    done = build(site, "--strict")
    assert done.returncode == 0, done.stderr
    built = site / "site"
    home = (built / "index.html").read_text(encoding="utf-8")
    assert '<div class="archgen-diagram">' in home and 'id="svc-cloudfront"' in home
    assert 'href="architecture/arch/brief.pdf"' in home
    brief = (built / "architecture" / "arch" / "index.html").read_text(encoding="utf-8")
    assert "3D Commerce on AWS</h1>" in brief
    assert 'id="sec-flows"' in brief and 'href="brief.pdf"' in brief
    assert 'src="diagram.svg"' in brief
    assert (built / "architecture" / "arch" / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert (built / "architecture" / "arch" / "diagram.svg").read_bytes().lstrip().startswith(b"<")
    assert 'src="views/flow-place-order.svg"' in brief  # each flow's own view, published too
    view = built / "architecture" / "arch" / "views" / "flow-place-order.svg"
    assert view.read_bytes().lstrip().startswith(b"<")
    assert "\\\n" not in brief  # GitHub's hard breaks became Python-Markdown's


@pytest.mark.slow
def test_a_broken_model_fails_a_strict_build_at_its_line(tmp_path: Path) -> None:
    model = MINIMAL_MODEL.read_text(encoding="utf-8").replace(
        "  - id: web\n", "  - id: web\n    flavour: red\n", 1
    )
    line = model.splitlines().index("    flavour: red") + 1
    site = make_site(tmp_path, model, pdf=False)
    strict = build(site, "--strict")
    assert strict.returncode != 0
    assert f"arch.yaml:{line}:5: error[AG101] services[0].flavour: unknown key 'flavour'" in (
        strict.stderr
    )
    relaxed = build(site)
    assert relaxed.returncode == 0, relaxed.stderr
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "The architecture model arch has problems: see the build log." in home
    assert not (site / "site" / "architecture").exists()


@pytest.mark.slow
def test_model_text_cannot_inject_html_into_the_site(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    model = MINIMAL_MODEL.read_text(encoding="utf-8").replace(
        "  title: Photo sharing\n", f"  title: '{hostile}'\n", 1
    )
    site = make_site(tmp_path, model, pdf=False)
    done = build(site, "--strict")
    assert done.returncode == 0, done.stderr
    for page in (site / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
    brief = (site / "site" / "architecture" / "arch" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in brief


def test_serve_watches_each_model_and_its_templates(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "arch.yaml").write_text("", encoding="utf-8")

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str, recursive: bool = True) -> None:
            self.watched.append(path)

    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")

    plugin = ArchgenPlugin()
    plugin.load_config({"models": [str(tmp_path / "arch.yaml")]})
    server: Any = Server()
    plugin.on_serve(server, config=Config(), builder=None)  # type: ignore[arg-type]
    assert server.watched == [str(tmp_path / "arch.yaml"), str(tmp_path / "templates")]


def test_page_pieces(tmp_path: Path) -> None:
    assert site_name(tmp_path / "arch.yaml", tmp_path) == "arch"
    assert site_name(tmp_path / "ana" / "arch.yaml", tmp_path) == "ana"
    assert site_name(tmp_path / "shop.yaml", tmp_path) == "shop"
    page = brief_page("<!-- x -->\n# Title\n\n**Date:** 1\\\n**By:** me\n", pdf=True)
    assert page == (
        "<!-- x -->\n# Title\n\n[Download this brief as PDF](brief.pdf)\n\n"
        "**Date:** 1  \n**By:** me\n"
    )
    svg = b'<?xml version="1.0"?>\n<svg width="10pt" height="5pt" viewBox="0 0 10 5">\n\n<g/></svg>'
    assert inline_svg(svg) == (
        '\n<div class="archgen-diagram">\n'
        '<svg width="100%" viewBox="0 0 10 5">\n<g/></svg>\n</div>\n'
    )
