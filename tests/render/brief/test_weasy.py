"""Loading WeasyPrint runs no compiler: nothing slow, nothing a killed render could leave in
TMPDIR."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Imports WeasyPrint (through archgen's loader or directly) and prints every program it ran.
PROBE = """
import json, os, sys
ran = []
def hook(event, args):
    if event == "subprocess.Popen":
        program = args[0] or (args[1][0] if isinstance(args[1], (list, tuple)) else args[1])
        ran.append(os.path.basename(os.fsdecode(program)))
sys.addaudithook(hook)
if sys.argv[1] == "archgen":
    from archgen.render.brief.weasy import load_weasyprint
    load_weasyprint()
else:
    import weasyprint
from weasyprint.text import ffi
assert ffi.pango is not None and ffi.fontconfig is not None
print(json.dumps(ran))
"""
COMPILERS = {"gcc", "cc", "ld", "collect2", "c99"}


def programs_run(how: str, temp: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, how],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "TMPDIR": str(temp)},
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.skipif(sys.platform != "linux", reason="the compiler fallback is Linux's")
def test_loading_weasyprint_runs_no_compiler_and_leaves_tmpdir_empty(tmp_path: Path) -> None:
    ran = programs_run("archgen", tmp_path)
    assert not COMPILERS & set(ran), ran
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("gcc") is None, reason="without gcc there is no fallback to see")
def test_a_plain_import_would_run_the_compiler(tmp_path: Path) -> None:
    """The probe sees what the loader avoids (else the test above proves nothing)."""
    assert COMPILERS & set(programs_run("plain", tmp_path))


@pytest.mark.skipif(sys.platform != "linux", reason="the loader cache is Linux's")
def test_the_loader_cache_is_read_once_and_answers_as_ctypes_does(tmp_path: Path) -> None:
    import ctypes.util

    from archgen.render.brief.weasy import loader_cache_lookup

    lookup = loader_cache_lookup()
    names = ["pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig", "gobject-2.0", "c", "nowhere"]
    assert [lookup(n) for n in names] == [ctypes.util._findSoname_ldconfig(n) for n in names]
    assert lookup("pango-1.0") is not None and lookup("nowhere") is None
    assert programs_run("archgen", tmp_path).count("ldconfig") == 1  # not once per name
