"""Warnings (AG3xx): a valid model that is probably not what its writer meant."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archgen.load import load_model_file
from archgen.validate import Validation, validate_document
from tests.conftest import EXAMPLE_MODEL
from tests.validate.conftest import HEAD, validate_fixture

Validate = Callable[[str], Validation]


def test_every_warning_once_at_its_node() -> None:
    validation = validate_fixture("warnings.yaml")
    assert validation.data is not None  # warnings never make a model invalid
    assert validation.errors == []
    found = [(p.code, p.line, p.column, p.path) for p in validation.warnings]
    assert found == [
        ("AG301", 9, 9, "requirements[1].id"),
        ("AG304", 19, 13, "groups[1].parent"),
        ("AG305", 20, 9, "groups[2].id"),
        ("AG302", 31, 9, "services[1].id"),
        ("AG303", 31, 9, "services[1].id"),
        ("AG306", 41, 13, "flows[0].steps[0].to"),
        ("AG307", 44, 9, "tradeoffs[0].id"),
    ]
    assert all(p.severity == "warning" and p.hint for p in validation.warnings)


def test_warning_messages_say_what_to_do() -> None:
    by_code = {p.code: p for p in validate_fixture("warnings.yaml").warnings}
    assert by_code["AG301"].message == "no service serves requirement 'security'"
    assert by_code["AG304"].message == "public-subnet 'web-subnet' is not inside a VPC"
    assert by_code["AG306"].message == "step goes from 'web' to itself"
    assert "`serves: {availability: …}`" in by_code["AG303"].hint


def test_the_example_and_the_minimal_model_have_no_warnings() -> None:
    document = load_model_file(EXAMPLE_MODEL, display_name="arch.yaml")
    assert validate_document(document, model_dir=EXAMPLE_MODEL.parent).problems == []
    assert validate_fixture("minimal.yaml").problems == []


GROUPS = """\
groups:
  - id: cloud
    label: AWS
    kind: aws-cloud
  - id: eu
    label: Ireland
    kind: region
    parent: cloud
  - id: main
    label: Main VPC
    kind: vpc
    parent: eu
"""


def nested(kind: str, parent: str | None) -> str:
    """The minimal head with GROUPS and one more group holding the web service."""
    parent_line = f"    parent: {parent}\n" if parent else ""
    extra = f"  - id: extra\n    label: Extra\n    kind: {kind}\n{parent_line}"
    return HEAD.replace("does:", "group: extra\n    does:") + GROUPS + extra


@pytest.mark.parametrize(
    ("kind", "parent", "warned"),
    [
        ("public-subnet", "main", False),
        ("private-subnet", "eu", True),
        ("security-group", "main", False),
        ("security-group", None, True),
        ("availability-zone", "eu", False),
        ("availability-zone", "cloud", True),
        ("vpc", "cloud", False),
        ("vpc", None, True),
        ("region", None, True),
        ("tier", None, False),
    ],
)
def test_nesting_of_cloud_boundaries(
    validate_text: Validate, kind: str, parent: str | None, warned: bool
) -> None:
    misplaced = [p for p in validate_text(nested(kind, parent)).warnings if p.code == "AG304"]
    assert [p.path for p in misplaced] == (
        [f"groups[3].{'parent' if parent else 'kind'}"] if warned else []
    )


def test_region_outside_a_cloud_is_fine_when_there_is_no_cloud(validate_text: Validate) -> None:
    groups = "groups:\n  - id: eu\n    label: Ireland\n    kind: region\n"
    text = HEAD.replace("does:", "group: eu\n    does:") + groups
    assert [p.code for p in validate_text(text).warnings] == ["AG302"]


def test_warnings_wait_for_errors_to_be_fixed(validate_text: Validate) -> None:
    validation = validate_text(HEAD + "    nmae: x\n")
    assert [p.code for p in validation.problems] == ["AG101"]


INVERTED = """\
groups:
  - {id: cloud, label: AWS, kind: aws-cloud}
  - {id: eu, label: Ireland, kind: region, parent: cloud}
  - {id: main, label: Main VPC, kind: vpc, parent: eu}
  - {id: app, label: App subnet, kind: private-subnet, parent: main}
"""


@pytest.mark.parametrize(
    ("kind", "parent", "warned"),
    [
        ("region", "app", True),  # a region inside a subnet: drawn inside out
        ("vpc", "app", True),
        ("aws-cloud", "eu", True),
        ("security-group", "app", False),
        ("availability-zone", "main", False),  # a VPC and a zone may hold each other
        ("tier", "app", False),
    ],
)
def test_a_boundary_inside_one_it_should_hold_is_flagged(
    validate_text: Validate, kind: str, parent: str, warned: bool
) -> None:
    extra = f"  - {{id: extra, label: Extra, kind: {kind}, parent: {parent}}}\n"
    text = HEAD.replace("does:", "group: extra\n    does:") + INVERTED + extra
    inverted = [p for p in validate_text(text).warnings if "should hold" in p.message]
    assert [(p.code, p.path) for p in inverted] == (
        [("AG304", "groups[4].parent")] if warned else []
    )


def test_the_inverted_nesting_warning_names_both_and_a_fitting_parent(
    validate_text: Validate,
) -> None:
    extra = "  - {id: extra, label: US, kind: region, parent: app}\n"
    text = HEAD.replace("does:", "group: extra\n    does:") + INVERTED + extra
    (warning,) = [p for p in validate_text(text).warnings if "should hold" in p.message]
    assert warning.message == (
        "region 'extra' is inside private-subnet 'app', which it should hold instead"
    )
    assert warning.hint.endswith("give 'extra' a `parent:` further out (e.g. `parent: cloud`)")


PRICED = """\
  - id: db
    name: Database
    icon: aws.database.RDS
    does: Stores.
    why: Managed.
    cost: {monthly: 12}
  - id: cache
    name: Cache
    icon: aws.database.ElastiCache
    does: Caches.
    why: Fast.
links:
  - {from: web, to: db}
  - {from: web, to: cache}
"""


def test_a_cost_total_that_leaves_services_out_says_how_many(validate_text: Validate) -> None:
    (warning,) = validate_text(HEAD + PRICED).warnings
    assert (warning.code, warning.path, warning.line) == ("AG309", "services[0].id", 5)
    assert warning.message == (
        "the cost total leaves out 2 of 3 services, which have no `cost:`: 'web', 'cache'"
    )


def test_no_cost_warning_when_every_service_or_none_has_a_cost(validate_text: Validate) -> None:
    every = HEAD.replace("does:", "cost: {monthly: 0}\n    does:") + PRICED.replace(
        "why: Fast.", "why: Fast.\n    cost: {monthly: 3}"
    )
    assert validate_text(every).warnings == []
    assert validate_text(HEAD + PRICED.replace("    cost: {monthly: 12}\n", "")).warnings == []


def test_a_placeholder_hint_fits_its_field(validate_text: Validate) -> None:
    mark = "TODO(archgen): write it"
    text = (
        HEAD.replace("summary: A small shop.", f"summary: '{mark}'")
        .replace("does: Serves the pages.", f"does: '{mark}'")
        .replace("why: No servers to manage.", f"why: '{mark}'")
        .replace("  title: Shop\n", f"  title: Shop\n  subtitle: '{mark}'\n")
    )
    hints = {p.path: p.hint for p in validate_text(text).warnings if p.code == "AG311"}
    assert hints == {
        "project.summary": "replace it with what the architecture is for, for whom, and why "
        "it is built this way",
        "services[0].does": "replace it with what this service does in the architecture",
        "services[0].why": "replace it with why this service was chosen, and what else was "
        "considered",
        "project.subtitle": "replace it with your own text",
    }
