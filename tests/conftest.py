"""Shared test fixtures: paths, and golden files with an update switch.

Golden files live in tests/golden/, one folder per golden project: its model (`arch.yaml`) and
`expected/`, every text output it renders (tests/render/test_golden.py). Run `pytest
--update-golden` (or `make golden`) to rewrite them after an intended change, then review the
diff before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
EXAMPLE_MODEL = ROOT / "arch.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden/*/expected/ from the current output.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME (e.g. `example/expected/brief.md`), or rewrite it
    under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run `pytest --update-golden`"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"{name} differs from its golden file; if the change is intended, run "
            "`pytest --update-golden` and review the diff"
        )

    return check
