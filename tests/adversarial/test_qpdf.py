"""Every PDF archgen writes passes `qpdf --check`: no syntax, structure or stream error, and no
warning either, whatever the model and the PDF variant.

The models: the example, every fixture that validates, and the hostile fixtures that render
(Jinja, HTML and Graphviz syntax everywhere; links and images that try to read files). Each is
rendered in-process in every `--pdf-variant` (plain, PDF/A-3b, PDF/UA-1) into one output folder
per model, so the diagram is drawn once and reused from the render cache; the example's plain
PDF is the one the session's shared render printed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from archgen.commands.model import check_model_file
from tests.conftest import EXAMPLE_MODEL, ROOT, copy_rendered
from tests.e2e.support import HOSTILE, cli

pytestmark = pytest.mark.slow  # every model rendered in every PDF variant

if shutil.which("qpdf") is None:
    pytest.skip("qpdf is not installed (apt-get install qpdf)", allow_module_level=True)

FIXTURES = ROOT / "tests" / "fixtures" / "models"
VARIANTS = ("plain", "pdf/a-3b", "pdf/ua-1")
RENDERING_HOSTILE = ("injection", "links", "refdefs")


def valid_fixtures() -> list[Path]:
    return [path for path in sorted(FIXTURES.glob("*.yaml")) if not check_model_file(path).errors]


MODELS = {
    "example": EXAMPLE_MODEL,
    **{f"fixture-{path.stem}": path for path in valid_fixtures()},
    **{f"hostile-{name}": HOSTILE / f"{name}.yaml" for name in RENDERING_HOSTILE},
}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory, rendered_example: Path) -> dict[str, Path]:
    """Each model copied into a folder of its own (hostile placeholders filled in); the example's
    is a copy of the session's render, whose drawn diagram its variants reuse."""
    folders = {"example": copy_rendered(rendered_example, tmp_path_factory.mktemp("example"))}
    for name, source in MODELS.items():
        if name in folders:
            continue
        folder = tmp_path_factory.mktemp(name)
        text = source.read_text(encoding="utf-8")
        text = text.replace("@DIR@", str(folder)).replace("@PORT@", "9")
        (folder / "arch.yaml").write_text(text, encoding="utf-8")
        folders[name] = folder
    return folders


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["qpdf", "--check", str(pdf)], capture_output=True, text=True, timeout=120, check=False
    )


def test_there_are_models_of_each_kind() -> None:
    assert {"example", "fixture-minimal", "hostile-injection"} <= set(MODELS)
    assert len(MODELS) >= 6


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("model", list(MODELS))
def test_qpdf_finds_nothing_wrong(
    projects: dict[str, Path], rendered_example: Path, model: str, variant: str
) -> None:
    folder = projects[model]
    if (model, variant) == ("example", "plain"):
        pdf = rendered_example / "output" / "brief.pdf"  # the session's render printed it
    else:
        # --force: the variant is not in the fingerprint, so another variant's PDF looks fresh
        options = ["--force"] if variant == "plain" else ["--force", "--pdf-variant", variant]
        out = folder / "output"
        run = cli("render", folder / "arch.yaml", "-o", out, "--only", "pdf", *options)
        assert run.code == 0 and run.escaped is None, run
        pdf = out / "brief.pdf"
    checked = qpdf_check(pdf)
    report = checked.stdout + checked.stderr
    assert checked.returncode == 0, report  # 2: errors, 3: warnings
    assert "No syntax or stream encoding errors found" in report, report
    assert "WARNING:" not in report.replace(str(pdf), "brief.pdf"), report


def test_qpdf_catches_a_broken_pdf(tmp_path: Path) -> None:
    """The check is not vacuous: a PDF with a damaged cross-reference table fails it."""
    pdf = tmp_path / "broken.pdf"
    minimal = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"xref\n0 3\n0000000000 65535 f \n0000000999 00000 n \n0000000999 00000 n \n"
        b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n9999\n%%EOF\n"
    )
    pdf.write_bytes(minimal)
    assert qpdf_check(pdf).returncode != 0
