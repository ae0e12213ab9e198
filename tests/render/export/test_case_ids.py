"""Ids that differ only in case, or hold a `.`, stay apart in the exports whose languages fold
case (D2 keys, Structurizr identifiers) or read `.` as a path (Structurizr)."""

from __future__ import annotations

import itertools
from pathlib import Path

from archgen.render.export.d2 import build_d2
from archgen.render.export.identifiers import folded_id
from archgen.render.export.structurizr import build_workspace
from tests.models import view_from_yaml
from tests.render.export.structurizr_grammar import read_workspace
from tests.render.export.test_d2 import svg_texts
from tests.render.export.tools import local_icons, run_d2

MODEL = """\
project:
  title: Twins
  summary: Case twins and dotted ids.
groups:
  - {id: aws_vpc.main, label: VPC, kind: vpc}
services:
  - {id: web, name: lower web, icon: aws.compute.EC2, group: aws_vpc.main, does: x, why: y}
  - {id: Web, name: upper Web, icon: aws.compute.EC2, group: aws_vpc.main, does: x, why: y}
  - {id: aws_instance.web, name: dotted web, icon: aws.compute.EC2, does: x, why: y}
links:
  - {from: web, to: Web}
  - {from: Web, to: aws_instance.web}
"""


def test_folding_is_one_to_one() -> None:
    words = ["a", "A", "b", "B1"]
    ids = {"".join(p) for n in (1, 2, 3) for p in itertools.product(words, repeat=n)}
    ids |= {f"{a}{sep}{b}" for a in words for b in words for sep in "-_."}
    folded = {folded_id(i) for i in ids}
    assert len(folded) == len(ids)
    assert all(f == f.lower() and "." not in f for f in folded)
    assert folded_id("app-runner") == "app-runner"


def test_d2_draws_case_twins_apart(tmp_path: Path) -> None:
    (tmp_path / "arch.yaml").write_text(MODEL, encoding="utf-8")
    view = view_from_yaml(tmp_path / "arch.yaml")
    run = run_d2(build_d2(view, icons=local_icons()), tmp_path)
    assert run.returncode == 0, run.stderr
    assert {"lower web", "upper Web", "dotted web"} <= set(svg_texts(tmp_path / "chart.svg"))


def test_structurizr_defines_each_twin_once(tmp_path: Path) -> None:
    (tmp_path / "arch.yaml").write_text(MODEL, encoding="utf-8")
    workspace = read_workspace(build_workspace(view_from_yaml(tmp_path / "arch.yaml")))
    names = {name for name, *_ in workspace.containers.values()}
    assert names == {"lower web", "upper Web", "dotted web"}
    assert len(workspace.relationships) == 2
