"""Files: what `archgen render` does to the file system when the model, the output folder or the
disk works against it.

- A title that looks like a file name (`README`, `../x`, `CON`, the longest allowed) changes no
  output name: the outputs keep their fixed names inside the output folder, nothing else is
  created anywhere; a 300-character title is refused at its line.
- An output that is a link (to a file elsewhere, to the model itself, to nowhere) is replaced by
  a real file; the link's target keeps its bytes. That is what a user expects: archgen writes its
  outputs where it says, and never writes through a link it did not make.
- An output folder that is the model's folder or holds it is refused before anything renders.
- A read-only output folder (write permission removed, or a read-only mount) and a full disk are
  clear errors that leave the previous outputs as they were, with no temporary file left and the
  disk space given back.

Permissions are checked in a user namespace (tests run as root, whom a mode does not stop), mounts
in a private mount namespace held open by a sleeping process; where the system allows neither,
those cases are skipped with the reason.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.adversarial.harness import (
    Project,
    Snapshot,
    assert_clean,
    assert_untouched,
    inside,
    minimal_with,
    outputs_in,
    snapshot,
)
from tests.e2e.support import ARCHGEN, DEFAULT_OUTPUTS, Run, cli

pytestmark = pytest.mark.slow  # real processes against hostile file systems

TITLE_LINE = "title: Photo sharing"  # line 3 of the minimal model


def with_title(title: str) -> str:
    return minimal_with((TITLE_LINE, f"title: {json.dumps(title)}"))


def assert_only_outputs(project: Project) -> None:
    """The output folder holds the fixed output names (and archgen's hidden cache), no more."""
    assert outputs_in(project.output) == DEFAULT_OUTPUTS
    hidden = {p.name for p in project.output.iterdir() if p.name.startswith(".")}
    assert hidden <= {".archgen-cache", ".archgen-inputs.json"}, hidden


# ---- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["README", "../x", "CON", "../../etc/passwd", "x" * 200],
    ids=["readme", "parent", "con", "etc-passwd", "longest"],
)
def test_a_title_like_a_file_name_changes_no_output_name(project: Project, title: str) -> None:
    project.write(with_title(title))
    project.rendered(real=title == "README")  # fails if anything outside output/ changed
    assert_only_outputs(project)
    assert title in (project.output / "brief.md").read_text(encoding="utf-8")
    for folder in (project.root, project.output, project.base):
        assert not (folder / title).exists() and not (folder / title.lower()).exists()


def test_a_300_character_title_is_refused_at_its_line(project: Project) -> None:
    project.write(with_title("x" * 300))
    run = project.refused("render", "arch.yaml", line=3, code="AG107")
    assert "at most 200" in run.output


# ---- links --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planted:
    output: str
    target: str  # relative to the project's base folder


LINKS = {
    "to-a-file-elsewhere": Planted("brief.pdf", "elsewhere/keep.pdf"),
    "to-the-model": Planted("brief.md", "project/arch.yaml"),
    "to-nowhere": Planted("diagram.svg", "missing/diagram.svg"),
}


@pytest.mark.parametrize("planted", LINKS.values(), ids=LINKS.keys())
def test_an_output_that_is_a_link_is_replaced_and_its_target_untouched(
    project: Project, planted: Planted
) -> None:
    target = project.base / planted.target
    if not target.exists() and planted.target.startswith("elsewhere"):
        target.parent.mkdir()
        target.write_bytes(b"%PDF-1.7 someone else's document\n")
    link = project.output / planted.output
    link.unlink()
    link.symlink_to(target)
    project.rendered()  # fails if the target (outside output/) changed or appeared
    assert not link.is_symlink() and link.is_file()
    assert_only_outputs(project)
    if planted.output == "brief.pdf":
        assert link.read_bytes().startswith(b"%PDF-")


# ---- the output folder --------------------------------------------------------------------------


def folder_cases(project: Project) -> dict[str, str]:
    alias = project.base / "alias"
    alias.symlink_to(project.root)
    return {
        "dot": ".",
        "absolute": str(project.root),
        "parent": "..",
        "grandparent": str(project.base.parent),
        "trailing-slash": "./",
        "link-to-the-project": str(alias),
    }


def test_an_output_folder_that_is_or_holds_the_model_folder_is_refused(project: Project) -> None:
    for name, out in folder_cases(project).items():
        run = project.run("render", "arch.yaml", "-o", out)  # fails if anything was written
        assert_clean(run)
        assert run.code == 1, (name, run)
        assert re.search(r"cannot render into .*: it (is|holds) the model's", run.output), run
        assert "give the outputs a folder of their own, e.g. --output" in run.output, run
        project.assert_output_untouched(run)


def test_a_model_given_from_elsewhere_is_refused_into_its_own_folder(project: Project) -> None:
    run = project.run("render", project.model, "-o", project.root)
    assert run.code == 1 and "is the model's own folder" in run.output, run


def test_a_sibling_or_nested_output_folder_renders(project: Project) -> None:
    nested = project.run("render", "arch.yaml", "-o", "output/nested", "--only", "md")
    assert nested.code == 0, nested
    sibling = cli("render", project.model, "-o", project.base / "sibling", "--only", "md")
    assert sibling.code == 0, sibling
    assert (project.output / "nested" / "brief.md").is_file()
    assert (project.base / "sibling" / "brief.md").is_file()


# ---- namespaces ---------------------------------------------------------------------------------


def works(*command: str) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


AS_OWNER_WITHOUT_PRIVILEGE = ("unshare", "--user", "--map-user=1000", "--map-group=1000")
CAN_DROP_PRIVILEGE = works(*AS_OWNER_WITHOUT_PRIVILEGE, "true")
CAN_MOUNT = works("unshare", "--mount", "--propagation", "private", "true") and works(
    "nsenter", "--version"
)


@dataclass(frozen=True)
class Namespace:
    """A private mount namespace, kept alive by a sleeping process."""

    pid: int

    def view(self, path: Path) -> Path:
        """`path` as the namespace sees it (through its root), for reading and writing."""
        return Path(f"/proc/{self.pid}/root") / path.relative_to("/")

    def archgen(self, cwd: Path, *args: object) -> Run:
        """`archgen ARGS` run inside the namespace from `cwd` (entered after joining it)."""
        script = 'cd "$1" && shift && exec "$@"'
        command = ["nsenter", f"--target={self.pid}", "--mount", "--", "sh", "-c", script, "sh"]
        done = subprocess.run(
            [*command, str(cwd), str(ARCHGEN), *(str(arg) for arg in args)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Run(done.returncode, done.stdout + done.stderr)


@contextmanager
def mount_namespace(setup: str) -> Iterator[Namespace]:
    """A namespace where the shell commands `setup` ran; gone (with its mounts) afterwards."""
    script = f"{setup} && echo ready && exec sleep 600"
    holder = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert holder.stdout is not None and holder.stderr is not None
        ready = holder.stdout.readline().strip()
        assert ready == "ready", holder.stderr.read()
        yield Namespace(holder.pid)
    finally:
        holder.kill()
        holder.wait()


def assert_refused_with(run: Run, message: str) -> None:
    assert_clean(run)
    assert run.code == 1, run
    assert re.search(message, run.output), run


def output_of(tree: Snapshot, project: Project) -> Snapshot:
    return inside(tree, project.output_key)


# ---- a read-only output folder ------------------------------------------------------------------


@pytest.mark.skipif(not CAN_DROP_PRIVILEGE, reason="no user namespaces to drop root's privilege")
def test_an_output_folder_without_write_permission_is_a_clear_error(project: Project) -> None:
    project.output.chmod(0o555)
    try:
        before = snapshot(project.base)
        done = subprocess.run(
            [*AS_OWNER_WITHOUT_PRIVILEGE, str(ARCHGEN), "render", "arch.yaml", "--force"],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        after = snapshot(project.base)
    finally:
        project.output.chmod(0o755)
    run = Run(done.returncode, done.stdout + done.stderr)
    message = r"no permission to write into output — allow writing there, or render into another"
    assert_refused_with(run, message)
    assert_untouched(before, after)  # the previous outputs and everything around them


@pytest.mark.skipif(not CAN_MOUNT, reason="no private mount namespaces (unshare/nsenter)")
def test_an_output_folder_on_a_read_only_mount_is_a_clear_error(project: Project) -> None:
    out = project.output
    with mount_namespace(f"mount --bind '{out}' '{out}' && mount -o remount,bind,ro '{out}'") as ns:
        before = snapshot(ns.view(project.base))
        run = ns.archgen(project.root, "render", "arch.yaml", "--force")
        after = snapshot(ns.view(project.base))
    assert_refused_with(run, r"output is on a read-only file system — render into another folder")
    assert_untouched(before, after)


# ---- a full disk --------------------------------------------------------------------------------


def pages(folder: Path) -> int:
    """Bytes the files under `folder` take on a tmpfs (whole 4 KiB pages)."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(math.ceil(size / 4096) * 4096 for size in sizes)


def free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


@pytest.mark.skipif(not CAN_MOUNT, reason="no private mount namespaces (unshare/nsenter)")
def test_a_full_disk_is_a_clear_error_that_keeps_the_outputs_and_frees_the_space(
    project: Project,
) -> None:
    """The output folder is a tmpfs holding the previous render and 16 KiB to spare: far less
    than a new render needs beside it."""
    size = pages(project.output) + 16 * 1024
    out = project.output
    with mount_namespace(f"mount -t tmpfs -o size={size},mode=755 tmpfs '{out}'") as ns:
        shutil.copytree(out, ns.view(out), symlinks=True, dirs_exist_ok=True)
        free = free_bytes(ns.view(out))
        assert free <= 16 * 1024 < pages(out), "the disk must be nearly full"
        before = snapshot(ns.view(project.base))
        run = ns.archgen(project.root, "render", "arch.yaml", "--force")
        after = snapshot(ns.view(project.base))
        free_after = free_bytes(ns.view(out))
    message = r"no space left on the device holding output — free some space and render again"
    assert_refused_with(run, message)
    assert_untouched(before, after)  # the previous outputs, and no temporary file anywhere
    assert output_of(after, project).keys() == output_of(before, project).keys()
    assert free_after == free  # no staged file still holds space
