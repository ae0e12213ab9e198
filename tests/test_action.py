"""The GitHub Action (action.yml): its steps parse, their commands exist, and its check step
works for real on a project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from ruamel.yaml import YAML

from archgen.cli import main
from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
VERB = re.compile(r"\barchgen\s+(?P<args>[^;|&\n)]*)")
KNOWN_ACTIONS = {"actions/setup-python"}


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps() -> list[dict[str, Any]]:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    found: list[dict[str, Any]] = action["runs"]["steps"]
    return found


def shell_steps() -> list[dict[str, Any]]:
    return [step for step in steps() if "run" in step]


def test_every_shell_step_is_bash_and_parses() -> None:
    assert len(shell_steps()) == 4
    for step in shell_steps():
        assert step["shell"] == "bash", step["name"]
        done = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True,
                              check=False)  # fmt: skip
        assert done.returncode == 0, f"{step['name']}: {done.stderr}"


def test_inputs_reach_scripts_only_through_the_environment() -> None:
    """An input expanded into a script would run as code (script injection)."""
    for step in shell_steps():
        assert "${{" not in step["run"], step["name"]


def commands_in(script: str) -> set[str]:
    """The command words of a script: the first word of each simple command."""
    found = set()
    for line in script.splitlines():
        if re.match(r"\s*\w+=\(", line):  # an array: words, not commands
            continue
        line = line.replace('"${as_root[@]}"', "")  # sudo, or nothing as root
        for part in re.split(r"[;|&()]|\$\(|\bthen\b|\bdo\b|\belse\b|\belif\b|\bif\b", line):
            words = part.strip().split()
            while words and ("=" in words[0] or words[0] in {"!", "[", "[["}):
                words = words[1:] if "=" in words[0] or words[0] == "!" else []
            if words and re.fullmatch(r"[A-Za-z][\w.-]*", words[0]):
                found.add(words[0])
    return found - BASH_WORDS


BASH_WORDS = {"set", "read", "case", "esac", "for", "in", "fi", "done", "exit", "echo", "then",
              "do", "else", "elif", "if", "packages", "as_root", "files", "status", "check",
              "validate", "render"}  # fmt: skip
LINUX_ONLY = {"apt-get", "sudo"}  # in the step that runs on Linux runners only


def test_every_step_uses_a_pinned_action_or_runs_commands_that_exist() -> None:
    used = set()
    for step in steps():
        if "uses" in step:
            name, _, ref = step["uses"].partition("@")
            assert name in KNOWN_ACTIONS and ref, step["uses"]
            continue
        commands = commands_in(step["run"])
        if commands & LINUX_ONLY:
            assert "runner.os == 'Linux'" in step["if"], step["name"]
        for command in commands - LINUX_ONLY:
            assert shutil.which(command) or command == "archgen", f"{step['name']}: {command}"
        used |= commands
    assert used == {"apt-get", "archgen", "id", "python", "sudo", "true"}
    assert shutil.which("archgen", path=str(Path(sys.executable).parent))


def test_every_archgen_command_and_option_exists() -> None:
    seen = set()
    for step in shell_steps():
        for match in VERB.finditer(step["run"]):
            words = match["args"].split()
            if words[0].startswith("--"):
                assert words[0] == "--version"
                continue
            verb = main.commands[words[0]]  # KeyError: no such verb
            assert isinstance(verb, click.Command)
            options = {o for p in verb.params for o in getattr(p, "opts", [])}
            for word in words[1:]:
                if word.startswith("--") and word != "--":
                    assert word in options, f"archgen {words[0]} has no {word}"
            seen.add(words[0])
    assert seen == {"check", "validate", "render", "diff"}


def test_the_documented_workflow_uses_only_real_inputs() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "OWNER" not in text
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    workflows = [YAML(typ="safe").load(block) for block in blocks if "jobs:" in block]
    assert workflows
    inputs = set(load(ACTION)["inputs"])
    used = 0
    for workflow in workflows:
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses") == "./":
                    used += 1
                    assert set(step.get("with", {})) <= inputs, step
    assert used >= 2
    workflow = (ROOT / ".github" / "workflows" / "architecture.yml").read_text(encoding="utf-8")
    assert workflow in blocks, "docs/ci.md shows the repository's own workflow"


def run_step(name: str, folder: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """One shell step of the action, as the runner would run it: inputs in the environment."""
    (step,) = [s for s in shell_steps() if s["name"].startswith(name)]
    env = {**os.environ, **{f"ARCHGEN_{k.upper()}": v for k, v in inputs.items()}}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "-c", step["run"]], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip


@pytest.mark.slow
def test_the_check_step_annotates_a_stale_model(rendered_example: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(rendered_example, project, symlinks=True)
    fresh = run_step("archgen", project, command="check", models="arch.yaml", args="")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    model = project / "arch.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("Route 53", "DNS"), "utf-8")
    stale = run_step("archgen", project, command="check", models="arch.yaml", args="")
    assert stale.returncode == 1
    assert stale.stdout.startswith("::error file=arch.yaml,line=")
    wrong = run_step("archgen", project, command="publish", models="arch.yaml", args="")
    assert wrong.returncode == 2 and "command must be check, validate or render" in wrong.stdout
