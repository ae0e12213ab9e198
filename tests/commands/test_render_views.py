"""`archgen render` of the views: each file stamped and checked on its own, the files of views
that are gone removed."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from archgen.cli import main
from archgen.commands.check import run_check

ROOT = Path(__file__).resolve().parents[2]
FLOW_VIEWS = ("flow-browse-catalog", "flow-load-3d-assets", "flow-place-order")
VIEWS_OF_THE_MODEL = ("security",)
VIEWS = ["--only", "views", "--only", "views-png"]


def render(model: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["render", str(model), *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def statuses(model: Path) -> dict[str, str]:
    return {f.output: f.status for f in run_check(model, None).findings}


def drop_flow(model: Path, flow_id: str) -> None:
    text = model.read_text(encoding="utf-8")
    start = text.index(f"  - id: {flow_id}\n")
    end = text.index("\n  - id: ", start + 1)
    model.write_text(text[:start] + text[end + 1 :], encoding="utf-8")


def test_each_flow_has_its_view_and_a_view_that_is_gone_is_removed(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "arch.yaml", model)
    (tmp_path / "output" / "views").mkdir(parents=True)
    (tmp_path / "output" / "views" / "notes.txt").write_text("mine", encoding="utf-8")
    render(model, *VIEWS)
    views = tmp_path / "output" / "views"
    names = (*VIEWS_OF_THE_MODEL, *FLOW_VIEWS)
    expected = sorted(f"{view}.{fmt}" for view in names for fmt in ("png", "svg"))
    assert sorted(p.name for p in views.iterdir()) == sorted([*expected, "notes.txt"])
    drop_flow(model, "load-3d-assets")
    assert statuses(model)["views/flow-load-3d-assets.svg"] == "stale"
    lines = render(model, *VIEWS)
    assert f"removed {views / 'flow-load-3d-assets.svg'}" in lines
    assert f"removed {views / 'flow-load-3d-assets.png'}" in lines
    left = sorted(p.name for p in views.iterdir())
    assert left == sorted([*(n for n in expected if "load-3d" not in n), "notes.txt"])
    assert not any(name.startswith("views/flow-load") for name in statuses(model))


def test_a_partial_render_leaves_the_other_view_files_stale_each_on_its_own(
    tmp_path: Path,
) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "arch.yaml", model)
    render(model, *VIEWS)
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("label: submit checkout", "label: send the cart"), "utf-8")
    render(model, "--only", "views")
    found = statuses(model)
    assert {found[f"views/{view}.svg"] for view in FLOW_VIEWS} == {"fresh"}
    assert {found[f"views/{view}.png"] for view in FLOW_VIEWS} == {"stale"}
    svg = (tmp_path / "output" / "views" / "flow-place-order.svg").read_text("utf-8")
    assert "send the cart" in svg and "submit checkout" not in svg
