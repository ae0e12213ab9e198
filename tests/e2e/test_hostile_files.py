"""Hostile or broken model files through the real console script: each one ends quickly with
exit 1 and a `file:line:col:` message, never a traceback, a hang, or code run from the file.

`timeout=30` is a guard against hangs, not a timing assertion.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.load.limits import MAX_FILE_BYTES
from tests.e2e.support import HOSTILE, LOCATED, MINIMAL, cli, run_archgen

pytestmark = pytest.mark.slow  # a real process per hostile file

Writer = Callable[[Path], None]


def copy_of(name: str) -> Writer:
    """The fixture, with @PWNED@ replaced by a path that must not exist afterwards."""

    def write(target: Path) -> None:
        data = (HOSTILE / name).read_bytes()
        target.write_bytes(data.replace(b"@PWNED@", str(target.parent / "pwned").encode()))

    return write


def fifo(target: Path) -> None:
    """A named pipe nobody writes to: reading it would block forever."""
    os.mkfifo(target)


def endless_device(target: Path) -> None:
    target.symlink_to("/dev/zero")


def nested_brackets(target: Path) -> None:
    target.write_text("project: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")


def nested_mappings(target: Path) -> None:
    lines = [" " * (2 * depth) + f"k{depth}:" for depth in range(1_000)]
    target.write_text("\n".join(lines) + " leaf\n", encoding="utf-8")


def over_the_byte_cap(target: Path) -> None:
    target.write_text("project:\n  title: x\n# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")


def dense_values(target: Path) -> None:
    target.write_text("project: [" + ",".join(["1"] * 900_000) + "]\n", encoding="utf-8")


def utf16(target: Path) -> None:
    target.write_bytes("project:\n  title: x\n".encode("utf-16"))


def nul_byte(target: Path) -> None:
    target.write_bytes(b"project:\n  title: a\x00b\n")


def mapping_bomb(target: Path) -> None:
    """Mappings of two aliases of the previous one, 40 deep: 2**40 values, with merge keys."""
    lines = ["m0: &m0 {a: 1}"]
    lines += [f"m{i}: &m{i} {{<<: *m{i - 1}, a: *m{i - 1}, b: *m{i - 1}}}" for i in range(1, 40)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES: dict[str, tuple[Writer, str]] = {
    "python-tags": (copy_of("python-tags.yaml"), "AG007"),
    "alias-bomb": (copy_of("alias-bomb.yaml"), "AG010"),
    "mapping-bomb": (mapping_bomb, "AG010"),
    "10000-brackets": (nested_brackets, "AG011"),
    "1000-mappings": (nested_mappings, "AG011"),
    "over-the-byte-cap": (over_the_byte_cap, "AG012"),
    "900000-values": (dense_values, "AG012"),
    "latin-1": (copy_of("latin-1.yaml"), "AG002"),
    "utf-16": (utf16, "AG002"),
    "nul-byte": (nul_byte, "AG002"),
    "tab-indent": (copy_of("tab-indent.yaml"), "AG005"),
    "empty": (copy_of("empty.yaml"), "AG003"),
    "named-pipe": (fifo, "AG001"),
    "link-to-dev-zero": (endless_device, "AG001"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_a_located_error(tmp_path: Path, case: str) -> None:
    write, code = CASES[case]
    pwned = tmp_path / "pwned"
    write(tmp_path / "arch.yaml")
    run = run_archgen("render", "arch.yaml", cwd=tmp_path, timeout=30)
    assert run.code == 1, run
    assert "Traceback" not in run.output, run
    errors = list(LOCATED.finditer(run.output))
    assert errors, run
    assert all(m["file"] == "arch.yaml" for m in errors), run
    assert re.search(rf"error\[{code}", run.output), run
    assert "nothing was written" in run.output
    assert not pwned.exists()
    assert not (tmp_path / "output").exists()


def test_python_tags_fixture_would_run_code_if_loaded_unsafely(tmp_path: Path) -> None:
    """The payload is live: an unsafe loader creates the file the test above looks for."""
    yaml = pytest.importorskip("yaml")
    pwned = tmp_path / "pwned"
    text = (HOSTILE / "python-tags.yaml").read_text(encoding="utf-8")
    yaml.unsafe_load(text.replace("@PWNED@", str(pwned)))
    assert pwned.exists()


# ---- hostile options ---------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", ["inf", "1e308", "nan", "-1", "0"])
def test_an_absurd_dot_timeout_is_an_error_not_a_traceback(tmp_path: Path, seconds: str) -> None:
    shutil.copy(MINIMAL, tmp_path / "arch.yaml")
    run = cli("render", tmp_path / "arch.yaml", "--only", "svg", "--dot-timeout", seconds)
    assert run.code in (1, 2), run  # a user error, or a usage error
    assert run.escaped is None, run
    assert not (tmp_path / "output").exists()
