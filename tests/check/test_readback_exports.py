"""The exports for other tools read back by what each tool would show: every service with
its name (in its group where the format draws groups) and every step with its number and
label between the right two services."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.commands.render import RenderOptions, render_model
from tests.check.test_readback import details, edit, line_of

EXPORTS = ("drawio", "d2", "structurizr", "mermaid")


@pytest.fixture
def exported(project: Path) -> Path:
    render_model(project / "arch.yaml", None, RenderOptions(formats=EXPORTS))
    return project


def at(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize(
    "name", ["diagram.drawio", "diagram.d2", "workspace.dsl", "diagram.architecture.mmd"]
)
def test_a_fresh_export_reads_back_as_the_model(exported: Path, name: str) -> None:
    assert details(exported, name) == [""]


def kms_renamed(project: Path, output: str, place: str) -> str:
    return (
        f"{project}/output/{output} {place}: service 'kms' is titled \"Key Vault\" — "
        f'{project}/arch.yaml:{line_of(project, "name: KMS")} names it "KMS"'
    )


def step_5_relabelled(project: Path, output: str, place: str) -> str:
    return (
        f'{project}/output/{output} {place}: step 5 is labelled "read it all" — '
        f'{project}/arch.yaml:{line_of(project, "label: read cache")} labels it "read cache"'
    )


def test_drawio(exported: Path) -> None:
    drawio = exported / "output" / "diagram.drawio"
    edit(drawio, 'id="svc-kms" value="KMS"', 'id="svc-kms" value="Key Vault"')
    edit(drawio, 'value="5. read cache"', 'value="5. read it all"')
    edit(drawio, 'parent="grp-security"', 'parent="grp-monitoring"')  # WAF's, the first
    assert details(exported, "diagram.drawio") == [
        f"{exported}/output/diagram.drawio cell svc-waf: service 'waf' is drawn in group "
        f"'monitoring' (\"Monitoring\") — {exported}/arch.yaml:"
        f"{line_of(exported, 'group: security', 'name: WAF')} puts it in group 'security' "
        '("Security")',
        kms_renamed(exported, "diagram.drawio", "cell svc-kms"),
        step_5_relabelled(exported, "diagram.drawio", "cell step-5"),
    ]


def test_d2(exported: Path) -> None:
    d2 = exported / "output" / "diagram.d2"
    edit(d2, '"kms": "KMS" {', '"kms": "Key Vault" {')
    edit(d2, ': "5. read cache" {', ': "5. read it all" {')
    assert details(exported, "diagram.d2") == [
        kms_renamed(exported, "diagram.d2", f"line {at(d2, 'Key Vault')}"),
        step_5_relabelled(exported, "diagram.d2", f"line {at(d2, 'read it all')}"),
    ]


def test_structurizr(exported: Path) -> None:
    dsl = exported / "output" / "workspace.dsl"
    edit(dsl, 'kms = container "KMS"', 'kms = container "Key Vault"')
    edit(
        dsl,
        '5: app-runner -> elasticache "read cache"',
        '5: app-runner -> elasticache "read it all"',
    )
    edit(dsl, '      6: app-runner -> dynamodb "read on miss"\n', "")
    out, model = f"{exported}/output/workspace.dsl", f"{exported}/arch.yaml"
    assert details(exported, "workspace.dsl") == [
        kms_renamed(exported, "workspace.dsl", f"line {at(dsl, 'Key Vault')}"),
        step_5_relabelled(exported, "workspace.dsl", f"line {at(dsl, 'read it all')}"),
        f"{out}: step 6 is missing — {model}:{line_of(exported, 'label: read on miss')} labels "
        'it "read on miss"',
    ]


def test_mermaid_architecture(exported: Path) -> None:
    mmd = exported / "output" / "diagram.architecture.mmd"
    edit(mmd, '["KMS"] in g_security', '["Key Vault"] in g_monitoring')
    edit(mmd, '-["5. read cache"]->', '-["5. read it all"]->')
    line = at(mmd, "Key Vault")
    assert details(exported, "diagram.architecture.mmd") == [
        kms_renamed(exported, "diagram.architecture.mmd", f"line {line}"),
        f"{exported}/output/diagram.architecture.mmd line {line}: service 'kms' is drawn in "
        f"group 'monitoring' (\"Monitoring\") — {exported}/arch.yaml:"
        f"{line_of(exported, 'group: security', 'name: KMS')} puts it in group 'security' "
        '("Security")',
        step_5_relabelled(exported, "diagram.architecture.mmd", f"line {at(mmd, 'read it all')}"),
    ]
