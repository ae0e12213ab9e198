"""No process of a class render outlives it: not its worker processes, not the Graphviz runs
they start, not the helper that `multiprocessing` starts to track semaphores — whether the
render ends normally, is told to stop (SIGTERM) or is killed (SIGKILL).

Every process the render starts inherits a marker in its environment, so they are found in
/proc whatever became of their parent.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.adversarial.harness import MODEL_NAME, Project
from tests.e2e.support import ARCHGEN

if sys.platform != "linux":
    pytest.skip("reads /proc", allow_module_level=True)

MARKER = "ARCHGEN_TEST_PROCESS_MARKER"
GRACE_SECONDS = 10.0  # how long killed workers may take to notice (they look every 0.2 s)

pytestmark = pytest.mark.slow


def marked(token: str) -> dict[int, str]:
    """The living processes carrying `token` in their environment: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone, or a zombie: it holds nothing any more
        if f"{MARKER}={token}".encode() in environ.split(b"\0"):
            found[int(entry.name)] = command.replace(b"\0", b" ").decode(errors="replace")
    return found


def start_class_render(project: Project, models: int = 4) -> tuple[subprocess.Popen[str], str]:
    classroom = project.base / "cls"
    for index in range(models):
        (classroom / f"p{index}").mkdir(parents=True)
        shutil.copyfile(project.model, classroom / f"p{index}" / MODEL_NAME)
    token = secrets.token_hex(8)
    env = {**os.environ, MARKER: token}
    render = subprocess.Popen(
        [str(ARCHGEN), "render", "cls", "--jobs", "2", "--no-cache"],
        cwd=project.base,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    return render, token


def wait_for_workers(token: str) -> None:
    deadline = time.monotonic() + 60
    while not any("spawn_main" in command for command in marked(token).values()):
        assert time.monotonic() < deadline, "no worker process started"
        time.sleep(0.05)


def test_a_class_render_leaves_no_process_behind(project: Project) -> None:
    render, token = start_class_render(project)
    output, _ = render.communicate(timeout=300)
    assert render.returncode == 0, output
    assert "4 rendered, 0 failed" in output
    assert marked(token) == {}  # at once: everything was waited for


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_a_stopped_class_render_takes_its_workers_along(
    project: Project, stop: signal.Signals
) -> None:
    render, token = start_class_render(project, models=6)
    try:
        wait_for_workers(token)
        render.send_signal(stop)
        render.communicate(timeout=60)
        deadline = time.monotonic() + GRACE_SECONDS
        while marked(token) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marked(token) == {}
    finally:
        for pid in marked(token):  # whatever a failure left, not to burden the next tests
            os.kill(pid, signal.SIGKILL)
