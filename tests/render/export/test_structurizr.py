"""workspace.dsl: read back with the DSL reader (`structurizr_grammar`), it holds the model."""

from __future__ import annotations

import re

import pytest

from archgen.render.export.structurizr import (
    SYSTEM,
    build_workspace,
    people,
    text,
    unique_names,
)
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL
from tests.models import view_from_data, view_from_yaml
from tests.render.export.hostile import EXPORT_NASTY, hostile_model
from tests.render.export.structurizr_grammar import DslError, read_workspace, tokenize


def as_written(value: str) -> str:
    """What a model text reads as in the DSL: on one line, `${` not a substitution, a
    backslash that would escape a quote written as its fullwidth form."""
    value = re.sub(r"[\x00-\x1f\x7f]", " ", value).replace("${", "$\N{WORD JOINER}{")
    return re.sub(r"\\(?=\"|$)", "\N{FULLWIDTH REVERSE SOLIDUS}", value)


def assert_holds(view: RenderView, dsl: str) -> None:
    ws = read_workspace(dsl)
    assert ws.name == as_written(view.project.title)
    persons = people(view)
    assert set(ws.people) == {s.id for s in persons}
    for person in persons:
        assert ws.people[person.id] == (as_written(person.name), as_written(person.does))
    assert set(ws.containers) == {s.id for s in view.services if s not in persons}
    for service in (s for s in view.services if s not in persons):
        name, description, technology, groups = ws.containers[service.id]
        assert as_written(service.name) in name
        assert (description, technology) == (as_written(service.does), service.icon)
        chain = []
        group_id = service.group_id
        while group_id:
            chain.insert(0, as_written(view.group(group_id).label))
            group_id = view.group(group_id).parent_id
        assert groups == tuple(chain)
    assert {f"flow-{flow.id}" for flow in view.flows} == set(ws.dynamic)
    for flow in view.flows:
        steps = [(str(s.number), s.source, s.target, as_written(s.label)) for s in flow.steps]
        assert ws.dynamic[f"flow-{flow.id}"] == steps
    assert ws.views["containers"][0] == "container"
    nodes = {key.removeprefix("node__") for key in ws.nodes}
    assert nodes == {g.id for g in view.groups}
    for group in view.groups:
        assert ws.instances.get(f"node__{group.id}", []) == list(group.service_ids)
    pairs = {(s.source, s.target) for s in view.steps} | {(k.source, k.target) for k in view.links}
    assert {(r[0], r[1]) for r in ws.relationships} == pairs


def test_the_example_reads_back_whole() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    assert_holds(view, build_workspace(view))


def test_hostile_text_stays_text() -> None:
    view = view_from_data(hostile_model())
    dsl = build_workspace(view)
    assert_holds(view, dsl)
    assert "!include" not in [line.split()[0] for line in dsl.splitlines() if line.strip()]


@pytest.mark.parametrize("value", EXPORT_NASTY)
def test_a_string_is_one_token_that_reads_as_the_text(value: str) -> None:
    tokens = tokenize(f"x = container {text(value)} {text(value)}")
    assert tokens[3:] == [as_written(value)] * 2


def test_names_shared_by_two_services_are_told_apart() -> None:
    assert unique_names([("a", "Lambda"), ("b", "Lambda"), ("c", "S3")]) == {
        "a": "Lambda (a)",
        "b": "Lambda (b)",
        "c": "S3",
    }


def test_the_reader_refuses_what_structurizr_refuses() -> None:
    good = build_workspace(view_from_yaml(EXAMPLE_MODEL))
    broken = {
        "unknown element": good.replace("= container", "= gizmo", 1),
        "brace not last": good.replace("model {", "model { x", 1),
        "step without relationship": good.replace("1: users -> route53", "1: route53 -> users"),
        "undefined identifier": good.replace("users -> route53", "nobody -> route53", 1),
        "unclosed": good.rstrip().removesuffix("}"),
        "two systems of one name": good.replace(
            "  model {", f'  model {{\n    other = softwareSystem "{"3D Commerce on AWS"}"', 1
        ),
    }
    for why, dsl in broken.items():
        with pytest.raises(DslError):
            read_workspace(dsl)
        assert why


def test_every_element_archgen_adds_has_an_id_no_model_id_can_take() -> None:
    assert "__" in SYSTEM


def test_the_example_shoppers_are_a_person_who_uses_the_system() -> None:
    ws = read_workspace(build_workspace(view_from_yaml(EXAMPLE_MODEL)))
    assert [name for name, _ in ws.people.values()] == ["Shoppers"]
    assert "users" not in ws.containers
    assert ("users", "route53", "resolve domain") in ws.relationships
