"""libyaml's fast path and ruamel's Python parser load every valid file identically."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.load import load_model_file
from archgen.problems import ArchgenError
from tests.conftest import EXAMPLE_MODEL, ROOT

MODELS = [*sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")), EXAMPLE_MODEL]


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_same_data_and_positions(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("_ruamel_yaml")
    monkeypatch.setenv("ARCHGEN_PURE_YAML", "1")
    try:
        slow = load_model_file(path)
    except ArchgenError:
        pytest.skip("not a loadable file; broken files always take the Python parser")
    monkeypatch.delenv("ARCHGEN_PURE_YAML")
    fast = load_model_file(path)
    assert fast.data == slow.data
    assert fast.key_positions == slow.key_positions
    assert fast.value_positions == slow.value_positions
