"""What Graphviz wrote is checked before it is used: no PNG or no SVG is an ArchgenError that
says so, with Graphviz's messages, never a ValueError or a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.render.diagram import render_diagram
from archgen.render.diagram.svg import NotSvg, parse_svg
from tests.render.diagram.conftest import ViewFactory, small_model

REAL_DOT = shutil.which("dot")
pytestmark = pytest.mark.skipif(REAL_DOT is None, reason="Graphviz is not installed")


def dot_that_spoils(folder: Path, fmt: str, content: str, message: str) -> str:
    """A `dot` that runs the real one, then overwrites its `fmt` output with `content` and
    prints `message`, exiting 0 as Graphviz does when cairo fails on a huge image."""
    script = folder / "spoiling-dot"
    script.write_text(
        "#!/bin/sh\n"
        f'"{REAL_DOT}" "$@" || exit $?\n'
        'previous=""\n'
        'for arg in "$@"; do\n'
        f'  if [ "$previous" = "-T{fmt}" ]; then printf %s "{content}" > "${{arg#-o}}"; fi\n'
        '  previous="$arg"\n'
        "done\n"
        f'[ -z "{message}" ] || echo "{message}" >&2\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def test_a_png_that_is_not_a_png_is_an_error_with_graphviz_messages(
    make_view: ViewFactory, tmp_path: Path
) -> None:
    command = dot_that_spoils(tmp_path, "png", "GIF89a", "Warning: cairo gave up")
    with pytest.raises(ArchgenError) as caught:
        render_diagram(make_view(small_model()), dot_command=command)
    assert caught.value.message == (
        "Graphviz wrote no PNG: its output does not start with the PNG signature; "
        "its messages:\nGraphviz: Warning: cairo gave up"
    )


def test_an_empty_png_is_an_error(make_view: ViewFactory, tmp_path: Path) -> None:
    command = dot_that_spoils(tmp_path, "png", "", "")
    with pytest.raises(ArchgenError) as caught:
        render_diagram(make_view(small_model()), dot_command=command)
    assert caught.value.message == (
        "Graphviz wrote no PNG: its output is empty; it printed no messages"
    )


def test_an_svg_that_is_not_well_formed_is_an_error(make_view: ViewFactory, tmp_path: Path) -> None:
    command = dot_that_spoils(tmp_path, "svg", "<svg><g>", "Warning: out of memory")
    with pytest.raises(ArchgenError) as caught:
        render_diagram(make_view(small_model()), formats=["svg"], dot_command=command)
    message = caught.value.message
    assert message.startswith("Graphviz wrote no SVG: its output is not well-formed XML (")
    assert message.endswith("; its messages:\nGraphviz: Warning: out of memory")


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        (b"  \n", "is empty"),
        (b"<svg", "is not well-formed XML"),
        (b"<html/>", "is a <html> document, not an SVG"),
        (b"<svg/>", "is a <svg> document, not an SVG"),  # no SVG namespace
    ],
)
def test_parse_svg_says_why_it_is_no_svg(svg: bytes, reason: str) -> None:
    with pytest.raises(NotSvg) as caught:
        parse_svg(svg)
    assert str(caught.value).startswith(reason)


def test_parse_svg_takes_graphviz_svg() -> None:
    root = parse_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>')
    assert root.tag.endswith("}svg")
