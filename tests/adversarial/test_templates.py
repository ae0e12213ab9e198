"""Templates are code: a stranger's template, beside a model in a class folder, must not run
anything, read anything or exhaust the machine.

- Known Jinja2 server-side template injection payloads, from public write-ups (PayloadsAllTheThings'
  Jinja2 page, HackTricks' SSTI page, PortSwigger's research and CTF write-ups): reaching
  `__globals__` through `lipsum`, `cycler`, `joiner`, `namespace`, `range` and macros, walking
  `__class__.__mro__` / `__subclasses__()`, `self._TemplateReference__context`, `|attr()` with
  escaped underscores, `str.format` field lookups, archgen's own data (a path's `read_text`, a
  pydantic model's `parse_file`) and includes that leave the templates folder. Each payload is a
  user's `brief.md.j2`; each is refused with a located AG4xx error, runs no command, reads no
  secret and writes nothing.
- Bounds: a loop without end, a 1 GB string built at once or by doubling, runaway recursion and
  an output flood each stop with AG404, in bounded time and memory.
- A class render leaves each project's own templates out unless `--own-templates`, and says so.
- A user template that writes no fingerprint still gives a stamped brief that `check` reads.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adversarial.harness import MODEL_NAME, Project, assert_clean, minimal_with
from tests.e2e.support import ARCHGEN, Run

pytestmark = pytest.mark.slow  # a render per payload, real processes for the bounds

LOCATED_TEMPLATE = (
    r"^(?:.*/)?templates/{file}:(?P<line>\d+)(?::(?P<column>\d+))?: error\[(?P<code>AG40\d)\] "
)
CANARY = "pwned"  # a file a payload would create in the project folder
SECRET = "archgen-secret-7f3c1e"  # a file a payload would read, outside the project

# {canary} is the file a command would create, {secret} the file a read would show.
PAYLOADS = [
    "{{ lipsum.__globals__.os.popen('touch {canary}').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch {canary}').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {canary}').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch {canary}').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('touch {canary}').read() }}",
    "{{ range.__globals__.os.popen('touch {canary}').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch {canary}') }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch {canary}') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ [].__class__.__base__.__subclasses__()[40]('{secret}').read() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{% if c.__name__ == 'catch_warnings' %}"
    "{{ c()._module.__builtins__['__import__']('os').popen('touch {canary}') }}{% endif %}"
    "{% endfor %}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f')|attr('\\x5f\\x5fbase\\x5f\\x5f') }}",
    "{{ (''|attr('\\x5f\\x5fclass\\x5f\\x5f')).mro() }}",
    "{{ ''['__class__']['__mro__'] }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ '%s'|format(''.__class__) }}",
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('touch {canary}') }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('touch {canary}').read() }}",
    "{{ url_for.__globals__.os.popen('touch {canary}').read() }}",
    "{{ get_flashed_messages.__globals__.__builtins__.open('{secret}').read() }}",
    "{% macro m() %}{% endmacro %}{{ m.__init__.__globals__ }}",
    "{% macro m() %}{% endmacro %}{{ m._func.__globals__.os.popen('touch {canary}') }}",
    "{% set ns = namespace() %}{{ ns.__class__.__init__.__globals__.os }}",
    "{% for x in [1] %}{{ loop.__class__.__init__.__globals__.os }}{% endfor %}",
    "{{ view.__class__.__init__.__globals__.os.popen('touch {canary}') }}",
    "{{ view.services[0].icon_file.read_text() }}",
    "{{ view.services[0].icon_file.parent.parent.joinpath('{secret}').read_text() }}",
    "{{ view.project.parse_file('{secret}') }}",
    "{{ view.project.__class__.model_validate_json('{{}}') }}",
    "{{ view.services|map(attribute='icon_file')|first }}",
    "{% include '{secret}' %}",
    "{% include '../../outside/secret.txt' %}",
    "{% import '../arch.yaml' as model %}",
    "{% extends '/etc/hostname' %}",
]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A secret file outside the project, as a teacher's machine has many."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    path = folder / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def with_template(project: Project, source: str, name: str = "brief.md.j2") -> Path:
    templates = project.root / "templates"
    templates.mkdir(exist_ok=True)
    path = templates / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return path


def assert_template_refused(run: Run, file: str, codes: set[str], line: int | None = None) -> None:
    """Exit 1 with `templates/FILE:LINE: error[AG40x]`, and no traceback."""
    assert_clean(run)
    assert run.code == 1, run
    found = re.search(LOCATED_TEMPLATE.format(file=re.escape(file)), run.output, re.MULTILINE)
    assert found, run
    assert found["code"] in codes, run
    if line is not None:
        assert int(found["line"]) == line, run


def test_there_are_at_least_25_payloads() -> None:
    assert len(PAYLOADS) >= 25


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_known_escape_payload_is_refused(project: Project, secret: Path, payload: str) -> None:
    source = payload.replace("{canary}", CANARY).replace("{secret}", str(secret))
    with_template(project, f"# Brief\n\n{source}\n")
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert_template_refused(run, "brief.md.j2", {"AG402", "AG403", "AG405", "AG406"}, line=3)
    project.assert_output_untouched(run)
    assert not (project.root / CANARY).exists()
    assert SECRET not in run.output


def test_the_issue_scenario_runs_nothing_in_a_class_render(project: Project) -> None:
    """The teacher's class: one submission carries a template that would run a command."""
    classroom = project.base / "cls"
    for name in ("ana", "bo"):
        (classroom / name).mkdir(parents=True)
        shutil.copyfile(project.model, classroom / name / MODEL_NAME)
    (classroom / "ana" / "templates").mkdir()
    pwned = project.base / "pwned"
    payload = f"{{{{ lipsum.__globals__.os.popen('touch {pwned}').read() }}}}\n"
    (classroom / "ana" / "templates" / "brief.md.j2").write_text(payload, encoding="utf-8")
    run = real("render", "cls", "--only", "md", cwd=project.base)
    assert run.code == 0, run
    assert "note: cls/ana/templates/ not used" in run.output, run
    assert "--own-templates" in run.output
    asked = real("render", "cls", "--only", "md", "--own-templates", cwd=project.base)
    assert asked.code == 1, asked
    assert "cls/ana/templates/brief.md.j2:1:4: error[AG402] 'lipsum' is undefined" in asked.output
    assert "1 rendered, 1 failed" in asked.output
    assert not pwned.exists()


def test_a_single_render_says_which_templates_it_used(project: Project) -> None:
    with_template(project, '{% extends "partials/base.md.j2" %}')
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert run.code == 0, run
    assert "note: templates: brief.md.j2 from templates/ (sandboxed), the rest built-in" in (
        run.output
    )


# ---- includes, imports and extends stay in the templates folders -------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "{% include '/etc/hostname' %}",
        "{% include '../arch.yaml' %}",
        "{% include 'partials/../../arch.yaml' %}",
        "{% import 'C:/Windows/win.ini' as x %}",
        "{% extends '~/.bashrc' %}",
        "{% from '../../outside/secret.txt' import x %}",
    ],
)
def test_a_template_name_outside_the_folders_is_refused(project: Project, statement: str) -> None:
    with_template(project, f"\n{statement}\n")
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert_template_refused(run, "brief.md.j2", {"AG405"}, line=2)
    assert "outside the templates folders" in run.output
    project.assert_output_untouched(run)


def test_a_link_out_of_the_templates_folder_is_refused(project: Project, secret: Path) -> None:
    with_template(project, "{% include 'leak.txt' %}\n")
    (project.root / "templates" / "leak.txt").symlink_to(secret)
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert_template_refused(run, "brief.md.j2", {"AG407"}, line=1)
    assert "is a link to a file outside" in run.output
    assert SECRET not in run.output
    project.assert_output_untouched(run)


def test_a_template_that_is_not_text_or_too_big_is_refused(project: Project) -> None:
    with_template(project, "{% include 'blob.j2' %}\n")
    (project.root / "templates" / "blob.j2").write_bytes(b"\xff\xfe\x00binary")
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert_template_refused(run, "brief.md.j2", {"AG407"})
    assert "is not UTF-8 text" in run.output
    (project.root / "templates" / "blob.j2").write_text("x" * (1024 * 1024 + 1), encoding="utf-8")
    run = project.run("render", MODEL_NAME, "--only", "md")
    assert_template_refused(run, "brief.md.j2", {"AG407"})
    assert "templates may have 1024 KiB" in run.output


# ---- every kind of mistake is located, and nothing is written ----------------------------------


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("# Brief\n\n{% if %}\n", "AG401", 3),
        ("# Brief\n{{ view.project.titel }}\n", "AG402", 2),
        ("# Brief\n\n\n{{ view.__class__ }}\n", "AG403", 4),
        ("# Brief\n{{ 1 / 0 }}\n", "AG406", 2),
        ("{% extends 'partials/base.md.j2' %}\n{% block appendix %}\n{{ nope }}\n{% endblock %}\n",
         "AG402", 3),
    ],
    ids=["syntax", "undefined", "sandbox", "division", "in-a-block"],
)  # fmt: skip
def test_a_template_mistake_is_located_and_writes_nothing(
    project: Project, source: str, code: str, line: int
) -> None:
    with_template(project, source)
    run = project.run("render", MODEL_NAME)
    assert_template_refused(run, "brief.md.j2", {code}, line=line)
    assert "nothing was written" in run.output
    project.assert_output_untouched(run)


# ---- bounds: time, memory, output --------------------------------------------------------------

BOUNDED = {
    "loop-forever": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
    "{% endfor %}",
    "output-flood": "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxxxxxxxxxx"
    "{% endfor %}{% endfor %}",
    "gigabyte-repeat": "{{ 'a' * 1000000000 }}",
    "gigabyte-list": "{{ ([0] * 1000000000)|length }}",
    "gigabyte-center": "{{ 'a'|center(1000000000) }}",
    "gigabyte-method": "{{ 'a'.ljust(1000000000) }}",
    "gigabyte-format": "{{ '%1000000000s'|format('a') }}",
    "gigabyte-str-format": "{{ '{:>1000000000}'.format('a') }}",
    "gigabyte-join": "{{ range(100000)|join('a' * 16000000) }}",
    "gigabyte-replace": "{{ ('a' * 100000).replace('', 'b' * 100000) }}",
    "gigabyte-doubling": "{% set ns = namespace(s='a') %}{% for i in range(40) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "huge-power": "{{ 2 ** 1000000000 }}",
    "huge-range": "{{ range(1000000000)|list|length }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
}
BOUNDED_COLUMNS = {  # where the error points; the line alone when its place is unclear
    "gigabyte-repeat": "8",
    "gigabyte-list": "9",
    "gigabyte-method": "7",
    "gigabyte-center": "7",
    "gigabyte-str-format": "20",
    "huge-power": "6",
    "huge-range": "4",
}
TEMPLATE_SECONDS = "2"  # the time bound for these cases (ARCHGEN_TEMPLATE_SECONDS)
MEMORY_BOUND_KIB = 2_500_000  # the render's peak: archgen (~300 MiB) and the 1 GiB headroom


@pytest.mark.parametrize("case", sorted(BOUNDED))
def test_a_template_past_its_bounds_stops_with_a_clear_error(project: Project, case: str) -> None:
    """A real process, so that its peak memory can be read; the time bound is lowered."""
    with_template(project, BOUNDED[case] + "\n")
    run, peak_kib = real_with_peak("render", MODEL_NAME, "--only", "md", cwd=project.root)
    assert_template_refused(run, "brief.md.j2", {"AG404"}, line=1)
    column = re.search(r"brief\.md\.j2:1(?::(\d+))?: error", run.output)
    assert column is not None and column[1] == BOUNDED_COLUMNS.get(case), run
    assert not (project.output / "brief.md").read_text(encoding="utf-8").endswith("xxxx\n")
    assert peak_kib < MEMORY_BOUND_KIB, f"peak {peak_kib} KiB\n{run}"


# ---- the fingerprint is archgen's, whatever the template writes --------------------------------


def test_a_template_without_the_fingerprint_gives_a_stamped_brief(project: Project) -> None:
    with_template(project, "# {{ project.title }}\n\nOur own brief.\n")
    with_template(project, "<!doctype html><title>{{ project.title }}</title>", "brief.html.j2")
    assert project.run("render", MODEL_NAME).code == 0
    for name in ("brief.md", "brief.html"):
        assert (project.output / name).read_text(encoding="utf-8").startswith("<!-- archgen-")
    check = project.run("check", MODEL_NAME)
    assert check.code == 0, check
    brief = project.output / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    check = project.run("check", MODEL_NAME)
    assert check.code == 1 and "edited" in check.output, check


# ---- SOURCE_DATE_EPOCH -------------------------------------------------------------------------


@pytest.mark.parametrize("epoch", ["99999999999999", "-1"])
def test_an_out_of_range_source_date_epoch_says_so(project: Project, epoch: str) -> None:
    project.write(minimal_with(("  date: 2026-11-24\n", "")))  # the PDF's date comes from it
    run = real("render", MODEL_NAME, "--only", "pdf", cwd=project.root, SOURCE_DATE_EPOCH=epoch)
    assert run.code == 1, run
    assert f"SOURCE_DATE_EPOCH {epoch} is out of range" in run.output, run
    assert "Traceback" not in run.output


# ---- helpers -----------------------------------------------------------------------------------


def real(*args: str, cwd: Path, **environment: str) -> Run:
    run, _ = real_with_peak(*args, cwd=cwd, **environment)
    return run


def real_with_peak(*args: str, cwd: Path, **environment: str) -> tuple[Run, int]:
    """`archgen ARGS` as a real process; its output and its peak resident memory (KiB)."""
    env = {**os.environ, "ARCHGEN_TEMPLATE_SECONDS": TEMPLATE_SECONDS, **environment}
    env.pop("CI", None)
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(done.stdout + done.stderr, end='')\n"
        "print(f'\\npeak={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n"
        "sys.exit(done.returncode)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(ARCHGEN), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a timing assertion
        check=False,
    )
    output, _, peak = completed.stdout.rpartition("\npeak=")
    return Run(completed.returncode, output + completed.stderr), int(peak or 0)
