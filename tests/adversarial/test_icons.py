"""Hostile icon files: each is a located error at the service's `icon:` line, found before
Graphviz runs, with nothing written; good PNG and JPEG icons still render.

Decision: a PNG named .jpg (or a JPEG named .png) is refused too, although Graphviz draws both
by their content: the SVG and the brief type each inlined icon by its file name, so it would be
shipped as the wrong type, and renaming the file is the whole fix.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from archgen.validate.images import MAX_ICON_BYTES
from tests.adversarial.harness import Project, assert_clean, assert_refused, minimal_with
from tests.images import GIF, JPEG, SVG, huge_png, png, png_chunk

ICON_LINE = 20  # the minimal model's first service's `icon:`; the second's is on line 28
SECOND_ICON_LINE = 28


def use_icon(project: Project, name: str, data: bytes, *, second: str = "") -> None:
    """Write the icon file(s) into the project, and a model whose first service draws `name`
    (and whose second draws `second`, an icon already written)."""
    (project.root / name).parent.mkdir(parents=True, exist_ok=True)
    (project.root / name).write_bytes(data)
    edits = [("icon: aws.compute.AppRunner", f"icon: {name}")]
    if second:
        edits.append(("icon: aws.storage.S3", f"icon: {second}"))
    project.write(minimal_with(*edits))


@pytest.fixture
def graphviz_log(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `dot` first on PATH that records being run, kept outside the snapshotted project."""
    folder = tmp_path_factory.mktemp("dot")
    log = folder / "runs.log"
    dot = folder / "dot"
    dot.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 1\n', encoding="utf-8")
    dot.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_a_30000_by_30000_png_is_refused_before_graphviz_runs(
    project: Project, graphviz_log: Path
) -> None:
    """It used to reach Graphviz, whose cairo wrote an empty PNG: `ValueError: not a PNG`."""
    use_icon(project, "icons/huge.png", huge_png(30000, 30000))
    assert (project.root / "icons/huge.png").stat().st_size < 100
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG213")
    assert (
        "arch.yaml:20:11: error[AG213] services[0].icon: 'icons/huge.png' is 30000×30000 pixels "
        "(900 megapixels); icons may have at most 16 megapixels — scale it down, e.g. to 256×256"
    ) in run.output
    assert not graphviz_log.exists()


@pytest.mark.slow
def test_an_svg_named_png_is_refused_by_a_real_process(project: Project) -> None:
    use_icon(project, "icons/logo.png", SVG)
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212", real=True)
    assert "'icons/logo.png' is an SVG image, not the PNG its name says — " in run.output
    assert "convert it to PNG" in run.output


def test_a_gif_named_png_is_refused(project: Project) -> None:
    use_icon(project, "icons/logo.png", GIF)
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212")
    assert "'icons/logo.png' is a GIF image, not the PNG its name says" in run.output


def test_a_png_with_bytes_after_its_end_is_refused(project: Project) -> None:
    use_icon(project, "icons/logo.png", png() + b"<?php system($_GET['c']); ?>")
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212")
    assert "'icons/logo.png' has 28 bytes after the end of its image (the IEND chunk)" in run.output


def test_a_png_with_a_bad_crc_right_after_its_header_is_refused(project: Project) -> None:
    damaged = bytearray(png(before=[png_chunk(b"tEXt", b"Title\0logo")]))
    damaged[33 + 8] ^= 0xFF  # the first byte of the chunk after IHDR
    use_icon(project, "icons/logo.png", bytes(damaged))
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212")
    assert "'icons/logo.png' is damaged: its 'tEXt' chunk at byte 33 fails its CRC" in run.output
    assert "export it as PNG again" in run.output


def test_a_truncated_png_is_refused(project: Project) -> None:
    whole = png(64, 64)
    use_icon(project, "icons/logo.png", whole[: len(whole) // 2])
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212")
    assert re.search(r"'icons/logo\.png' is cut short: its 'IDAT' chunk at byte 33", run.output)


def test_a_jpeg_named_png_is_refused_with_the_right_name(project: Project) -> None:
    use_icon(project, "icons/photo.png", JPEG)
    run = project.refused("validate", "arch.yaml", line=ICON_LINE, code="AG212")
    assert (
        "'icons/photo.png' is a JPEG image, not the PNG its name says "
        "— rename it to 'icons/photo.jpg'"
    ) in run.output


def test_a_png_named_jpg_is_refused_with_the_right_name(project: Project) -> None:
    use_icon(project, "icons/photo.jpg", png())
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG212")
    assert "— rename it to 'icons/photo.png'" in run.output


@pytest.mark.slow
def test_a_file_over_the_byte_cap_is_refused_unread(project: Project) -> None:
    use_icon(project, "icons/big.png", b"")
    with (project.root / "icons/big.png").open("wb") as stream:
        stream.truncate(64 * MAX_ICON_BYTES)  # sparse: 512 MiB that take no disk
    run = project.refused("render", "arch.yaml", line=ICON_LINE, code="AG213")
    assert "'icons/big.png' is 512 MiB; icons may be at most 8 MiB" in run.output


def test_every_bad_icon_is_reported_at_once(project: Project) -> None:
    (project.root / "icons").mkdir()
    (project.root / "icons/b.png").write_bytes(GIF)
    use_icon(project, "icons/a.png", huge_png(20000, 20000), second="icons/b.png")
    run = project.refused("validate", "arch.yaml", line=ICON_LINE, code="AG213")
    assert_refused(run, line=SECOND_ICON_LINE, code="AG212")
    assert "2 errors" in run.output


@pytest.mark.slow
def test_a_valid_png_and_a_valid_jpeg_still_render(project: Project) -> None:
    (project.root / "icons").mkdir()
    (project.root / "icons/photos.jpg").write_bytes(JPEG)
    use_icon(project, "icons/web.png", png(32, 32), second="icons/photos.jpg")
    run = project.rendered()
    assert "warning" not in run.output.lower()
    svg = (project.output / "diagram.svg").read_text(encoding="utf-8")
    assert "data:image/png;base64," in svg and "data:image/jpeg;base64," in svg


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_a_png_graphviz_did_not_write_is_an_error_and_nothing_is_written(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What cairo does with an icon too large for it: dot exits 0 and the PNG is empty."""
    folder = tmp_path_factory.mktemp("dot")
    (folder / "dot").write_text(
        f'#!/bin/sh\n"{shutil.which("dot")}" "$@" || exit $?\n'
        'case " $* " in *" -Tpng "*) for arg; do case "$arg" in -o*) : > "${arg#-o}";; esac; '
        "done;; esac\n",
        encoding="utf-8",
    )
    (folder / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    run = project.run("render", "arch.yaml", "--no-cache", "--force")
    assert_clean(run)
    assert run.code == 1, run
    assert "Graphviz wrote no PNG: its output is empty; it printed no messages" in run.output
    project.assert_output_untouched(run)
