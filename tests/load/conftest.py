"""Every loader test runs with libyaml's parser (the fast path) and ruamel's pure-Python one."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure":
        monkeypatch.setenv("ARCHGEN_PURE_YAML", "1")
    else:
        pytest.importorskip("_ruamel_yaml")
        monkeypatch.delenv("ARCHGEN_PURE_YAML", raising=False)
    return str(request.param)
