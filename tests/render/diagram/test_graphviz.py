"""Running Graphviz: missing, too slow, failing, relaxed layouts, messages and PNG limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.render.diagram import LARGE_DIAGRAM, render_diagram
from archgen.render.diagram.graphviz import (
    MIN_PNG_SCALE,
    bounding_box,
    graphviz_messages,
    png_scale,
    user_warnings,
)
from bench.synthetic import synthetic_view
from tests.render.diagram.conftest import ViewFactory, small_model

REAL_DOT = shutil.which("dot")


def fake_dot(folder: Path, body: str) -> str:
    """An executable shell script standing in for `dot`."""
    script = folder / "fake-dot"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_missing_dot_says_how_to_install_it(make_view: ViewFactory) -> None:
    with pytest.raises(ArchgenError) as caught:
        render_diagram(make_view(small_model()), dot_command="/nonexistent/dot")
    message = caught.value.message
    assert message.startswith("Graphviz's `dot` was not found.")
    for install in ("apt-get install graphviz", "dnf install graphviz", "brew install graphviz"):
        assert install in message


def test_slow_dot_is_stopped_at_the_timeout(make_view: ViewFactory, tmp_path: Path) -> None:
    command = fake_dot(tmp_path, "exec sleep 30\n")
    with pytest.raises(ArchgenError, match=r"longer than 0\.5 s .*--dot-timeout"):
        render_diagram(make_view(small_model()), timeout=0.5, dot_command=command)


def test_failing_dot_reports_its_messages(make_view: ViewFactory, tmp_path: Path) -> None:
    command = fake_dot(
        tmp_path, 'echo "Error: syntax error in line 1" >&2\necho more >&2\nexit 1\n'
    )
    with pytest.raises(ArchgenError) as caught:
        render_diagram(make_view(small_model()), dot_command=command)
    assert caught.value.message.endswith("Graphviz: Error: syntax error in line 1 more")


@pytest.mark.skipif(REAL_DOT is None, reason="Graphviz is not installed")
def test_ranking_failure_retries_with_links_unconstrained(
    make_view: ViewFactory, tmp_path: Path
) -> None:
    """Graphviz 2.43 sometimes cannot rank clusters; the links then stop constraining ranks."""
    body = (  # the PNG is drawn from the layout that worked (`-n2`): no ranking there
        f'case " $* " in *" -n2 "*) exec "{REAL_DOT}" "$@";; esac\n'
        'cat > "$0.gv"\n'
        'if grep -q \'constraint="false"\' "$0.gv"; then exec ' + f'"{REAL_DOT}" "$@" "$0.gv"; fi\n'
        'echo "Error: trouble in init_rank" >&2\necho "  %0 1" >&2\nexit 1\n'
    )
    result = render_diagram(make_view(small_model()), dot_command=fake_dot(tmp_path, body))
    assert 'constraint="false"' in result.dot
    assert result.files["svg"].startswith(b"<?xml")


def test_ranking_failure_on_every_layout_is_reported(
    make_view: ViewFactory, tmp_path: Path
) -> None:
    command = fake_dot(tmp_path, 'echo "Error: trouble in init_rank" >&2\nexit 1\n')
    with pytest.raises(ArchgenError, match="trouble in init_rank"):
        render_diagram(make_view(small_model()), dot_command=command)


def test_messages_join_continuation_lines_and_stay_short() -> None:
    stderr = "Warning: cell size too small\nin label of node legend\nError: trouble\n" + (
        "  %0 1\n" * 500
    )
    messages = graphviz_messages(stderr)
    assert messages[0] == "Graphviz: Warning: cell size too small in label of node legend"
    assert messages[1].startswith("Graphviz: Error: trouble %0 1")
    assert len(messages[1]) < 320


def test_user_warnings_drop_noise_and_explain_cairo_scaling() -> None:
    warnings = user_warnings(
        [
            "Graphviz: Warning: node 'x', graph 'g' size too small for label",
            "Graphviz: dot: graph is too large for cairo-renderer bitmaps. Scaling by 0.5 to fit",
            "Graphviz: Warning: No such file or directory while opening icons/1-x.png",
        ]
    )
    assert warnings[0].startswith("diagram.png scaled to 50%")
    assert warnings[1:] == [
        "Graphviz: Warning: No such file or directory while opening icons/1-x.png"
    ]


def test_bounding_box_reads_the_root_graph_in_any_notation() -> None:
    laid_out = (
        b'digraph g {\n\tgraph [bb="0,0,689.5,1.2426e+05",\n\t\tsubgraph x { graph [bb="1,2,3,4"];'
    )
    assert bounding_box(laid_out) == (689.5, 124260.0)
    with pytest.raises(ArchgenError):
        bounding_box(b"digraph g {}")


def test_png_scale_keeps_sides_and_area_within_limits() -> None:
    assert png_scale(720, 720) == 1.0
    assert png_scale(72 * 400, 72 * 10) == pytest.approx(16_000 / (400 * 96))
    assert png_scale(72 * 1000, 72 * 1000) < MIN_PNG_SCALE


@pytest.mark.slow
@pytest.mark.skipif(REAL_DOT is None, reason="Graphviz is not installed")
def test_a_large_graph_starts_the_relaxed_layout_at_once(tmp_path: Path) -> None:
    """Above LARGE_DIAGRAM services both layouts run together; the preferred one wins."""
    log = tmp_path / "calls.log"
    body = (
        f'case " $* " in *" -n2 "*) echo raster >> "{log}"; exec "{REAL_DOT}" "$@";; esac\n'
        'cat > "$0.$$.gv"\n'
        f'if grep -q \'constraint="false"\' "$0.$$.gv"; then echo relaxed >> "{log}"; '
        f'else echo preferred >> "{log}"; sleep 1; fi\n'
        f'exec "{REAL_DOT}" "$@" "$0.$$.gv"\n'
    )
    view = synthetic_view(LARGE_DIAGRAM + 8)
    result = render_diagram(view, dot_command=fake_dot(tmp_path, body))
    calls = log.read_text(encoding="utf-8").split()
    assert sorted(calls[:2]) == ["preferred", "relaxed"]  # both before either finished
    assert 'constraint="false"' not in result.dot  # the preferred layout was used
    assert "png" in result.files
