"""Edited copies of the example model (arch.yaml at the root), each one exact text edit."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import EXAMPLE_MODEL

LOAD_WEB_APP = """\
      - from: cloudfront
        to: amplify
        label: load web app
        detail: >-
          On a cache miss CloudFront fetches the web app and its 3D viewer from Amplify
          Hosting; usually it is already cached at the edge.
"""
SECURITY = "  - id: security\n    title: Security\n"
ACCESSIBILITY = """\
  - id: accessibility
    title: Accessibility
    description: >-
      Every page works with a keyboard and a screen reader.

"""
USERS_SERVE = (
    "    serves:\n      scalability: >-\n        The 3D models are rendered on the shopper's"
)


def example_text() -> str:
    return EXAMPLE_MODEL.read_text(encoding="utf-8")


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the example no longer has exactly one {old!r}"
    return text.replace(old, new)


def renamed_service(text: str) -> str:
    """The CloudFront service's id `cloudfront` becomes `edge-cdn`, everywhere it is used."""
    edited, count = re.subn(r"(?<![.\w-])cloudfront(?![\w-])", "edge-cdn", text)
    assert count > 5
    return edited


def removed_step(text: str) -> str:
    """The third step of the first flow (CloudFront loads the web app) is gone."""
    return replaced(text, LOAD_WEB_APP, "")


def new_requirement(text: str) -> str:
    """A sixth requirement, accessibility, which the shoppers' browsers serve."""
    text = replaced(text, SECURITY, ACCESSIBILITY + SECURITY)
    serves = "    serves:\n      accessibility: Browsers bring their own screen readers.\n"
    return replaced(text, USERS_SERVE, serves + USERS_SERVE.removeprefix("    serves:\n"))


def cheaper_cdn(text: str) -> str:
    """CloudFront's monthly estimate, whatever it is, becomes 1.5."""
    start = text.index("  - id: cloudfront\n")
    at = text.index("monthly: ", start)
    end = text.index("\n", at)
    return text[:at] + "monthly: 1.5" + text[end:]


def revised_reflection(text: str) -> str:
    """The reflection gains a sentence, the author a new role, and the team a reviewer."""
    text = replaced(
        text,
        "the team found the\n    result satisfactory.",
        "the team found the\n    result satisfactory. Next time, start earlier.",
    )
    text = replaced(text, "      role: Requirements write-up\n", "      role: Requirements\n")
    reviewer = "    - name: Reviewer\n      role: Proofreading\n"
    return replaced(
        text, "the second part of the write-up.\n", "the second part of the write-up.\n" + reviewer
    )


EDITS = {
    "rename": renamed_service,
    "removed-step": removed_step,
    "new-requirement": new_requirement,
    "cost": cheaper_cdn,
    "reflection": revised_reflection,
}


def write_pair(folder: Path, edit: str) -> tuple[Path, Path]:
    """`old/arch.yaml` (the example) and `new/arch.yaml` (edited) under `folder`."""
    old, new = folder / "old" / "arch.yaml", folder / "new" / "arch.yaml"
    for path, text in ((old, example_text()), (new, EDITS[edit](example_text()))):
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return old, new
