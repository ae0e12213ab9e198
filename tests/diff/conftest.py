from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

EXPECTED = Path(__file__).resolve().parent / "expected"


@pytest.fixture
def diff_golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/diff/expected/NAME, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = EXPECTED / name
        if update:
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run `pytest --update-golden`"
        assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check
