"""Batch rendering: finding a class's models, their output folders, and `archgen render` over many.

Renders here write only SVG and Markdown of the smallest models, in this process (`--jobs 1`),
except where worker processes are the point; no test renders a PDF.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archgen.cli import main
from archgen.commands.render import RenderOptions
from archgen.commands.render_many import (
    CRASHED,
    ModelJob,
    find_models,
    plan_jobs,
    project_name,
    render_one_process_each,
    send_result,
    submission_order,
)
from archgen.commands.render_verb import wants_progress_bar
from archgen.problems import ArchgenError
from tests.e2e.support import ARCHGEN, MINIMAL

FIXTURES = MINIMAL.parent
QUICK = ("--only", "svg", "--only", "md")
LOCATED_ERROR = "error[AG201] flows[0].steps[0].to: unknown service 'dynamo'"


def project(folder: Path, fixture: str = "minimal.yaml") -> Path:
    """A project folder holding a copy of a fixture model as arch.yaml."""
    folder.mkdir(parents=True)
    model = folder / "arch.yaml"
    model.write_text((FIXTURES / fixture).read_text(encoding="utf-8"), encoding="utf-8")
    return model


def a_class(root: Path) -> Path:
    """A class: two good projects, one with warnings, one with an error, and two non-projects."""
    project(root / "ana")
    project(root / "bo")
    project(root / "cy", "warnings.yaml")
    project(root / "dee", "unknown-service.yaml")
    (root / "notes").mkdir()  # no arch.yaml: not a project
    project(root / ".hidden")
    return root


def outputs(folder: Path) -> list[str]:
    """The outputs in a folder (the render cache's hidden folder aside)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def render(*args: object) -> Result:
    return CliRunner().invoke(main, ["render", *(str(arg) for arg in args)])


# ---- finding models ----------------------------------------------------------------------------


def test_no_argument_is_arch_yaml_here_as_before() -> None:
    found = find_models([])
    assert found.files == [Path("arch.yaml")]
    assert not found.several


def test_a_file_or_a_project_folder_is_one_model(tmp_path: Path) -> None:
    model = project(tmp_path / "ana")
    assert find_models([model]).files == [model]
    assert find_models([tmp_path / "ana"]).files == [model]
    assert not find_models([tmp_path / "ana"]).several
    missing = tmp_path / "missing.yaml"  # fails later, located, as a single render always did
    assert find_models([missing]).files == [missing]


def test_a_class_folder_holds_one_project_per_subfolder_in_name_order(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    found = find_models([root])
    assert found.files == [root / name / "arch.yaml" for name in ("ana", "bo", "cy", "dee")]
    assert found.several


def test_a_class_render_names_the_subfolders_without_a_model(tmp_path: Path) -> None:
    root = tmp_path / "class"
    project(root / "ana")
    (root / "notes").mkdir()
    project(root / ".hidden")
    assert find_models([root]).without_model == [root / "notes"]
    result = CliRunner().invoke(main, ["render", str(root), *QUICK])
    assert result.exit_code == 0, result.output
    assert f"note: {root / 'notes'}: no arch.yaml in it, not rendered" in result.output
    assert ".hidden" not in result.output


def test_a_class_of_one_project_is_still_a_batch(tmp_path: Path) -> None:
    project(tmp_path / "class" / "ana")
    assert find_models([tmp_path / "class"]).several


def test_several_arguments_are_a_batch_and_a_model_named_twice_renders_once(
    tmp_path: Path,
) -> None:
    model = project(tmp_path / "ana")
    found = find_models([tmp_path / "ana", model, tmp_path / "ana"])
    assert found.files == [model]
    assert found.several


def test_folders_without_a_model_are_refused_all_at_once(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes" / "week1").mkdir(parents=True)
    project(tmp_path / "ana")
    with pytest.raises(ArchgenError) as raised:
        find_models([tmp_path / "empty", tmp_path / "ana", tmp_path / "notes"])
    message = raised.value.message
    assert f"{tmp_path / 'empty'}, {tmp_path / 'notes'} hold no model" in message
    assert "class folder" in message


# ---- output folders ----------------------------------------------------------------------------


def test_each_model_renders_beside_itself_or_into_its_project_folder_under_o(
    tmp_path: Path,
) -> None:
    ana = project(tmp_path / "class" / "ana")
    bo = tmp_path / "loose" / "bo.yaml"
    bo.parent.mkdir()
    bo.write_text("", encoding="utf-8")
    beside = plan_jobs([ana, bo], None)
    assert [job.output_dir for job in beside] == [ana.parent / "output", bo.parent / "output"]
    under = plan_jobs([ana, bo], tmp_path / "out")
    assert [job.output_dir for job in under] == [tmp_path / "out" / "ana", tmp_path / "out" / "bo"]


def test_project_name_of_arch_yaml_in_the_current_folder_is_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert project_name(Path("arch.yaml")) == tmp_path.name


def test_two_projects_of_one_name_under_o_are_refused(tmp_path: Path) -> None:
    first = project(tmp_path / "2025" / "ana")
    second = project(tmp_path / "2026" / "ana")
    with pytest.raises(ArchgenError) as raised:
        plan_jobs([first, second], tmp_path / "out")
    assert f"{first} and {second} would all render into {tmp_path / 'out' / 'ana'}" in str(
        raised.value
    )
    assert "rename a project folder" in str(raised.value)


def test_two_models_in_one_folder_without_o_are_refused_with_the_fix(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    for model in (one, two):
        model.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    result = render(one, two, *QUICK)
    assert result.exit_code == 1, result.output
    assert "would all render into" in result.stderr
    assert "pass -o DIR" in result.stderr
    assert not (tmp_path / "output").exists()
    assert render(one, two, "-o", tmp_path / "out", *QUICK, "--jobs", "1").exit_code == 0
    assert outputs(tmp_path / "out") == ["one", "two"]


# ---- rendering a class -------------------------------------------------------------------------


def test_one_bad_model_fails_alone_and_every_problem_is_reported_once(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    result = render(root, *QUICK, "--jobs", "1")
    assert result.exit_code == 1, result.output
    for name in ("ana", "bo", "cy"):
        assert outputs(root / name / "output") == ["brief.md", "diagram.svg"]
    assert not (root / "dee" / "output").exists()
    assert not (root / "notes" / "output").exists()
    assert not (root / ".hidden" / "output").exists()
    assert result.stdout.endswith("3 rendered, 1 failed\n")
    assert result.stdout.count(LOCATED_ERROR) == 1
    assert f"{root / 'dee' / 'arch.yaml'}: 1 problem; nothing was written" in result.stdout
    assert "warning[AG305]" in result.stdout  # cy's warnings, grouped under cy
    assert f"{root / 'cy' / 'arch.yaml'} → {root / 'cy' / 'output'}: rendered, with warnings" in (
        result.stdout
    )


def test_progress_is_one_plain_line_per_model_when_not_a_terminal(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    every = render(root, *QUICK, "--jobs", "1").stderr.splitlines()
    notes = [line for line in every if line.startswith("note: ")]  # a folder with no model
    lines = [line for line in every if not line.startswith("note: ")]
    assert len(notes) == 1 and f"{root / 'notes'}" in notes[0]
    assert len(lines) == 4
    assert lines[0].startswith(f"ok   {root / 'ana' / 'arch.yaml'} → {root / 'ana' / 'output'} (")
    assert lines[0].endswith(" s)")
    dee = root / "dee" / "arch.yaml"
    assert lines[3].startswith(f"FAIL {dee}: {dee}:21:13: {LOCATED_ERROR}")


class FakeStream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_a_progress_bar_only_on_a_terminal_outside_ci() -> None:
    assert wants_progress_bar(FakeStream(terminal=True), {})
    assert not wants_progress_bar(FakeStream(terminal=True), {"CI": "true"})
    assert not wants_progress_bar(FakeStream(terminal=False), {})


def test_json_is_one_document_with_every_model(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    result = render(root, *QUICK, "--jobs", "1", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["rendered"], document["failed"]) == (3, 1)
    models = {Path(model["file"]).parent.name: model for model in document["models"]}
    assert [models[name]["ok"] for name in ("ana", "bo", "cy", "dee")] == [1, 1, 1, 0]
    assert models["ana"]["written"] == [
        str(root / "ana" / "output" / "brief.md"),
        str(root / "ana" / "output" / "diagram.svg"),
    ]
    assert [(p["line"], p["column"], p["code"]) for p in models["dee"]["problems"]] == [
        (21, 13, "AG201")
    ]
    assert {p["severity"] for p in models["cy"]["problems"]} == {"warning"}


def test_github_format_annotates_each_failure_on_its_line(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    result = render(root, *QUICK, "--jobs", "1", "--format", "github")
    dee = root / "dee" / "arch.yaml"
    assert f"::error file={dee},line=21,col=13,title=AG201::" in result.stdout
    assert f"::warning file={root / 'cy' / 'arch.yaml'},line=" in result.stdout


def test_under_o_each_project_gets_its_own_folder(tmp_path: Path) -> None:
    root = tmp_path / "class"
    project(root / "ana")
    project(root / "bo")
    result = render(root, "-o", tmp_path / "out", *QUICK, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert outputs(tmp_path / "out") == ["ana", "bo"]
    assert (tmp_path / "out" / "bo" / "diagram.svg").is_file()
    assert not (root / "ana" / "output").exists()


def test_a_project_folder_renders_like_its_model_file_always_did(tmp_path: Path) -> None:
    project(tmp_path / "ana")
    result = render(tmp_path / "ana", *QUICK)
    assert result.exit_code == 0, result.output
    out = tmp_path / "ana" / "output"
    assert result.output == f"wrote {out / 'brief.md'}\nwrote {out / 'diagram.svg'}\n"


def test_a_crash_in_one_model_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archgen.commands.render

    real = archgen.commands.render.render_model

    def flaky(model_file: Path, *args: object, **kwargs: object) -> object:
        if model_file.parent.name == "ana":
            raise RuntimeError("boom")
        return real(model_file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archgen.commands.render, "render_model", flaky)
    project(tmp_path / "class" / "ana")
    project(tmp_path / "class" / "bo")
    result = render(tmp_path / "class", *QUICK, "--jobs", "1")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stdout
    assert (tmp_path / "class" / "bo" / "output" / "diagram.svg").is_file()
    assert result.stdout.endswith("1 rendered, 1 failed\n")


def die_for_bo(job: ModelJob, options: RenderOptions, strict: bool, sender: Connection) -> None:
    """A worker process that dies (as the out-of-memory killer would end it) on project bo."""
    if job.model_file.parent.name == "bo":
        os._exit(9)
    send_result(job, options, strict, sender)


@pytest.mark.slow
def test_a_process_that_dies_fails_its_model_only(tmp_path: Path) -> None:
    jobs = [ModelJob(project(tmp_path / n), tmp_path / "out" / n) for n in ("ana", "bo", "cy")]
    seen: list[str] = []
    results = render_one_process_each(
        list(enumerate(jobs)),
        RenderOptions(formats=("svg",)),
        False,
        2,
        lambda result: seen.append(result.job.model_file.parent.name),
        worker=die_for_bo,
    )
    assert sorted(seen) == ["ana", "bo", "cy"]
    assert [results[i].ok for i in range(3)] == [True, False, True]
    assert results[1].error == CRASHED
    assert (tmp_path / "out" / "cy" / "diagram.svg").is_file()
    assert not (tmp_path / "out" / "bo").exists()


@pytest.mark.slow
def test_one_worker_and_two_write_the_same_bytes(tmp_path: Path) -> None:
    """Worker processes change nothing in the outputs (PDF aside: it costs seconds a model)."""
    root = tmp_path / "class"
    project(root / "ana")
    project(root / "cy", "warnings.yaml")
    every_format_but_pdf = [f"--only={f}" for f in ("svg", "png", "dot", "html", "md")]
    serial = render(root, "-o", tmp_path / "serial", *every_format_but_pdf, "--jobs", "1")
    parallel = render(root, "-o", tmp_path / "parallel", *every_format_but_pdf, "--jobs", "2")
    assert serial.exit_code == 0, serial.output
    assert parallel.exit_code == 0, parallel.output
    assert parallel.stdout == serial.stdout.replace("/serial/", "/parallel/")
    for name in ("ana", "cy"):
        files = outputs(tmp_path / "serial" / name)
        assert files == ["brief.html", "brief.md", "diagram.dot", "diagram.png", "diagram.svg"]
        assert outputs(tmp_path / "parallel" / name) == files
        for file in files:
            one = (tmp_path / "serial" / name / file).read_bytes()
            assert one == (tmp_path / "parallel" / name / file).read_bytes(), f"{name}/{file}"


def test_workers_start_with_the_biggest_models(tmp_path: Path) -> None:
    sizes = {"small": 10, "big": 1000, "middle": 100}
    jobs = []
    for name, size in sizes.items():
        (tmp_path / f"{name}.yaml").write_text("#" * size, encoding="utf-8")
        jobs.append(ModelJob(tmp_path / f"{name}.yaml", tmp_path / name))
    jobs.append(ModelJob(tmp_path / "missing.yaml", tmp_path / "missing"))
    assert submission_order(jobs) == [1, 2, 0, 3]


# ---- Ctrl-C ------------------------------------------------------------------------------------


def live_processes(group: int) -> list[str]:
    """Processes of a process group that still run (zombies waiting for init excepted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(entry.name)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_stops_every_worker_without_a_traceback(tmp_path: Path) -> None:
    for index in range(16):
        project(tmp_path / "class" / f"p{index:02}")
    process = subprocess.Popen(
        [str(ARCHGEN), "render", "class", "--only", "svg", "--only", "html", "--jobs", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # a worker finished: the batch is under way
        assert first.startswith("ok   class/p"), first
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
        out, err = process.communicate(timeout=60)
        deadline = time.monotonic() + 30
        while live_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_processes(process.pid) == []
    finally:
        if process.poll() is None or live_processes(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "Traceback" not in out + err
    assert "interrupted: " in err and " not rendered" in err
    rendered = list((tmp_path / "class").glob("*/output/brief.html"))
    assert 1 <= len(rendered) < 16


def pool_workers(parent: int) -> list[int]:
    """The pool's worker processes of an archgen process (the resource tracker excepted)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            parent_of = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if parent_of == parent and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_worker_costs_no_model(tmp_path: Path) -> None:
    """A worker killed mid-batch (say, out of memory) breaks the pool: the models it left
    render again, each in a process of its own, and all of them succeed."""
    for index in range(6):
        project(tmp_path / "class" / f"p{index}")
    process = subprocess.Popen(
        [str(ARCHGEN), "render", "class", "--only", "svg", "--jobs", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline().startswith("ok   class/p")
        os.kill(pool_workers(process.pid)[0], signal.SIGKILL)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, out + err
    assert out.endswith("6 rendered, 0 failed\n")
    assert len(list((tmp_path / "class").glob("*/output/diagram.svg"))) == 6
