"""The views a model names (AG201, AG202, AG204, AG215–AG217): each mistake located, with
what to write instead."""

from __future__ import annotations

from collections.abc import Callable

from archgen.validate import Validation
from tests.validate.conftest import HEAD

Validate = Callable[[str], Validation]

MODEL = (
    HEAD
    + """\
groups:
  - id: backend
    label: Backend
flows:
  - id: browse
    name: Browse
    steps:
      - {from: web, to: web, label: loop}
"""
)


def shown(validation: Validation) -> list[str]:
    return [p.format() for p in validation.problems if p.severity == "error"]


def test_a_view_naming_what_the_model_has_is_valid(validate_text: Validate) -> None:
    views = """\
views:
  - id: back
    title: The back end
    groups: [backend]
    services: [web]
    flows: [browse]
    direction: TB
"""
    assert shown(validate_text(MODEL + views)) == []


def test_unknown_names_in_a_view_are_located_with_a_suggestion(validate_text: Validate) -> None:
    views = """\
views:
  - id: back
    title: The back end
    groups: [bakend]
    services: [wbe]
    flows: [brose]
"""
    line = len(MODEL.splitlines()) + 4
    assert shown(validate_text(MODEL + views)) == [
        f"arch.yaml:{line}:14: error[AG202] views[0].groups[0]: unknown group 'bakend' — did "
        "you mean 'backend'?",
        f"arch.yaml:{line + 1}:16: error[AG201] views[0].services[0]: unknown service 'wbe' — "
        "did you mean 'web'?",
        f"arch.yaml:{line + 2}:13: error[AG215] views[0].flows[0]: unknown flow 'brose' — did "
        "you mean 'browse'?",
    ]


def test_a_view_may_not_take_an_automatic_view_id_or_another_view_id(
    validate_text: Validate,
) -> None:
    views = """\
views:
  - {id: flow-browse, title: Mine, services: [web]}
  - {id: overview, title: Mine too, services: [web]}
  - {id: group-backend, title: Mine as well, services: [web]}
  - {id: group-frontend, title: No such group, services: [web]}
  - {id: twice, title: One, services: [web]}
  - {id: twice, title: Two, services: [web]}
"""
    codes = [p.code for p in validate_text(MODEL + views).problems if p.severity == "error"]
    assert sorted(codes) == ["AG204", "AG216", "AG216", "AG216"]
    messages = shown(validate_text(MODEL + views))
    taken = "'group-backend' is taken: it is a group's own view when the model is big enough"
    assert any(
        taken in m and "give the view another id, e.g. without `group-`" in m for m in messages
    )
    assert any("'flow-browse' is taken: it is a flow's own view" in m for m in messages)
    assert any("'overview' is taken: it is the whole diagram" in m for m in messages)


def test_a_view_that_names_nothing_is_an_error(validate_text: Validate) -> None:
    views = "views:\n  - id: empty\n    title: Nothing\n"
    (message,) = shown(validate_text(MODEL + views))
    line = len(MODEL.splitlines()) + 2
    assert message.startswith(f"arch.yaml:{line}:5: error[AG217] views[0]: view 'empty' names")
    assert "list what it shows under `groups:`, `services:` or `flows:`" in message
