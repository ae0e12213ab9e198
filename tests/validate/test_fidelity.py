"""Real diagrams in --strict: blank placeholders, per-entry `lint: {ignore}`, actors and gateways,
boundaries without a region, colour names, overlay groups."""

from __future__ import annotations

from collections.abc import Callable

from archgen.validate import Validation
from tests.validate.conftest import HEAD

Validate = Callable[[str], Validation]

REQUIREMENT = "requirements:\n  - id: fast\n    title: Fast\n    description: Quick.\n"


def codes_of(validation: Validation) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in validation.problems]


def service(extra: str) -> str:
    """A second service, `extra` added to it (YAML lines indented four spaces)."""
    return (
        "  - id: spacer\n    name: ''\n    icon: generic.blank.Blank\n"
        "    does: Keeps a gap.\n    why: Layout.\n" + extra
    )


def test_a_blank_placeholder_may_have_no_name_and_no_edges(validate_text: Validate) -> None:
    text = HEAD.replace("    why: No servers to manage.\n", "    why: x.\n    serves: {fast: y}\n")
    validation = validate_text(text + service("") + REQUIREMENT)
    assert codes_of(validation) == [("AG302", "services[0].id")]  # the web app, not the spacer


def test_an_empty_name_on_another_icon_is_a_warning(validate_text: Validate) -> None:
    text = HEAD.replace("name: Web app", "name: ''")
    assert codes_of(validate_text(text)) == [
        ("AG302", "services[0].id"),
        ("AG312", "services[0].name"),
    ]


def test_lint_ignore_silences_only_the_listed_codes(validate_text: Validate) -> None:
    text = HEAD + "    lint: {ignore: [AG302]}\n" + REQUIREMENT
    assert codes_of(validate_text(text)) == [
        ("AG303", "services[0].id"),
        ("AG301", "requirements[0].id"),
    ]


def test_lint_ignore_takes_warning_codes_only(validate_text: Validate) -> None:
    problems = validate_text(HEAD + "    lint: {ignore: [AG201]}\n").errors
    assert [(p.code, p.path) for p in problems] == [("AG110", "services[0].lint.ignore[0]")]


def test_actors_serve_no_requirement_and_gateways_stand_alone(validate_text: Validate) -> None:
    text = HEAD.replace("icon: aws.compute.AppRunner", "icon: onprem.client.Users")
    text += (
        "  - id: nat\n    name: NAT\n    icon: aws.network.NATGateway\n    does: a.\n    why: b.\n"
    )
    text += "flows:\n  - id: f\n    name: F\n    steps:\n      - {from: web, to: web, label: x}\n"
    assert codes_of(validate_text(text + REQUIREMENT)) == [
        ("AG303", "services[1].id"),  # the NAT gateway serves nothing; it may stand unconnected
        ("AG306", "flows[0].steps[0].to"),
        ("AG301", "requirements[0].id"),
    ]


def test_a_vpc_and_zones_without_any_region_are_fine(validate_text: Validate) -> None:
    groups = (
        "groups:\n  - {id: vpc, label: VPC, kind: vpc}\n"
        "  - {id: az, label: AZ a, kind: availability-zone, parent: vpc}\n"
        "  - {id: sub, label: Subnet, kind: public-subnet, parent: az}\n"
    )
    text = HEAD.replace("    does:", "    group: sub\n    does:", 1) + groups
    assert codes_of(validate_text(text)) == [("AG302", "services[0].id")]


def test_a_subnet_still_belongs_in_a_vpc(validate_text: Validate) -> None:
    groups = "groups:\n  - {id: sub, label: Subnet, kind: private-subnet}\n"
    text = HEAD.replace("    does:", "    group: sub\n    does:", 1) + groups
    assert ("AG304", "groups[0].kind") in codes_of(validate_text(text))


def test_an_unknown_colour_name_is_an_error_with_a_suggestion(validate_text: Validate) -> None:
    validation = validate_text(HEAD + "    colour: fireBrick\n  - id: b\n    name: B\n"
                               "    icon: aws.storage.S3\n    does: a.\n    why: b.\n"
                               "    colour: stealblue\n")  # fmt: skip
    problems = {p.path: p for p in validation.errors}
    assert "services[0].colour" not in problems  # names are case-insensitive, as in CSS
    assert problems["services[1].colour"].code == "AG104"
    assert "did you mean 'steelblue'" in problems["services[1].colour"].hint


def test_a_colour_that_is_no_colour_is_refused_by_its_pattern(validate_text: Validate) -> None:
    for value in ('"red\\"];x"', '"#12345"', '"url(x)"', '"#ff0000; fill: x"'):
        problems = validate_text(HEAD + f"    colour: {value}\n").errors
        assert [p.path for p in problems] == ["services[0].colour"], value


def test_overlay_members_are_services_and_an_overlay_holds_nothing(validate_text: Validate) -> None:
    groups = (
        "groups:\n  - {id: asg, label: ASG, kind: auto-scaling-group, members: [web, wbe]}\n"
        "  - {id: inner, label: Inner, parent: asg}\n"
    )
    text = HEAD.replace("    does:", "    group: asg\n    does:", 1) + groups
    found = [(p.code, p.path) for p in validate_text(text).errors]
    assert sorted(found) == [
        ("AG201", "groups[0].members[1]"),
        ("AG214", "groups[1].parent"),
        ("AG214", "services[0].group"),
    ]
