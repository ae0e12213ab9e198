"""workspace.dsl: the model as a Structurizr DSL workspace (structurizr.com, Structurizr Lite).

The project is one software system; each service is a container of it (its icon kind as the
technology, what it does as the description), inside `group` blocks that nest as the model's
groups do. A service outside every group whose icon is a person or their device (`Shoppers`)
is a `person` of the model instead: somebody using the system, not part of it. The same
groups are deployment nodes of one deployment environment, each holding instances of its
services. Every step and link is a relationship. The views: one container
view, one dynamic view per flow with its steps in order (numbered as on archgen's diagram),
and a deployment view.

Structurizr reads its DSL a line at a time, so model text is kept to one line: control
characters become spaces; `"` is escaped as `\\"`; a backslash that would escape the closing
quote or a quote is written as a fullwidth reverse solidus; and `${` gets an invisible word
joiner after `$`, so no text is taken for a constant. Identifiers are the model's ids (the DSL
allows `a-z0-9_-`); the elements archgen adds hold `__`, which no model id does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.model.rules import is_actor_icon
from archgen.render.export.identifiers import folded_id
from archgen.render.rendering import Rendering
from archgen.resolve.view import GroupView, RenderView, ServiceView

SYSTEM = "archgen__system"
ENVIRONMENT = "Architecture"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
DIRECTIONS = {"LR": "lr", "TB": "tb"}


def structurizr_file(rendering: Rendering) -> bytes:
    """workspace.dsl, as `archgen.outputs` names it (sealed by the caller)."""
    return build_workspace(rendering.view).encode("utf-8")


def build_workspace(view: RenderView) -> str:
    """The whole workspace as Structurizr DSL."""
    project = view.project
    lines = [f"workspace {text(project.title)} {text(project.subtitle or '')} {{", "", "  model {"]
    lines += ["    properties {", '      "structurizr.groupSeparator" "/"', "    }"]
    lines += _system_lines(view)
    lines += _deployment_lines(view)
    lines += [f"    {line}" for line in relationship_lines(view)]
    lines += ["  }", "", "  views {"]
    lines += _view_lines(view)
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def text(value: str) -> str:
    """A quoted DSL string that reads as `value`, on one line (see the module docstring)."""
    value = _CONTROL.sub(" ", value).replace("${", "$\N{WORD JOINER}{")
    value = re.sub(r"\\(?=\"|$)", "\N{FULLWIDTH REVERSE SOLIDUS}", value)
    return '"' + value.replace('"', '\\"') + '"'


def identifier(model_id: str) -> str:
    """A model id as a DSL identifier: no `.` (a hierarchical path) and no case to fold."""
    return folded_id(model_id)


def node_identifier(group_id: str) -> str:
    return f"node__{identifier(group_id)}"


def unique_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """id → name, with the id added to a name that more than one thing bears (Structurizr
    wants the containers of a system, and the nodes under one parent, named apart)."""
    pairs = list(names)
    counts: dict[str, int] = {}
    for _, name in pairs:
        counts[name] = counts.get(name, 0) + 1
    return {key: f"{name} ({key})" if counts[name] > 1 else name for key, name in pairs}


def relationship_lines(view: RenderView) -> list[str]:
    """Each step, then each link, as a relationship; one per (from, to, description), which
    Structurizr requires distinct."""
    seen: set[tuple[str, str, str]] = set()
    lines = []
    ends = [(s.source, s.target, s.label) for s in view.steps]
    ends += [(link.source, link.target, link.label or "") for link in view.links]
    for source, target, label in ends:
        if (source, target, label) not in seen:
            seen.add((source, target, label))
            lines.append(f"{identifier(source)} -> {identifier(target)} {text(label)}")
    return lines


def people(view: RenderView) -> list[ServiceView]:
    """The services written as Structurizr people: actors outside every group."""
    return [s for s in view.ungrouped_services if is_actor_icon(s.icon)]


def _system_lines(view: RenderView) -> list[str]:
    names = unique_names((s.id, s.name) for s in view.services)
    persons = people(view)
    lines = [f"    {identifier(s.id)} = person {text(names[s.id])} {text(s.does)}" for s in persons]
    lines += [f"    {SYSTEM} = softwareSystem {text(view.project.title)} {{"]
    lines += [
        _container_line(s, names, "      ") for s in view.ungrouped_services if s not in persons
    ]
    for group in view.root_boxes:
        lines += _group_lines(view, group, names, "      ")
    lines.append("    }")
    return lines


def _group_lines(
    view: RenderView, group: GroupView, names: dict[str, str], indent: str
) -> list[str]:
    lines = [f"{indent}group {text(group.label)} {{"]
    for child_id in group.child_ids:
        lines += _group_lines(view, view.group(child_id), names, indent + "  ")
    for service_id in group.service_ids:
        lines.append(_container_line(view.service(service_id), names, indent + "  "))
    lines.append(f"{indent}}}")
    return lines


def _container_line(service: ServiceView, names: dict[str, str], indent: str) -> str:
    return (
        f"{indent}{identifier(service.id)} = container {text(names[service.id])} "
        f"{text(service.does)} {text(service.icon)}"
    )


def _deployment_lines(view: RenderView) -> list[str]:
    lines = [f"    deploymentEnvironment {text(ENVIRONMENT)} {{"]
    roots = unique_names((g.id, g.label) for g in view.root_boxes)
    for group in view.root_boxes:
        lines += _node_lines(view, group, roots[group.id], "      ")
    lines.append("    }")
    return lines


def _node_lines(view: RenderView, group: GroupView, name: str, indent: str) -> list[str]:
    lines = [
        f"{indent}{node_identifier(group.id)} = deploymentNode {text(name)} "
        f'"" {text(group.kind.value)} {{'
    ]
    children = unique_names((c, view.group(c).label) for c in group.child_ids)
    for child_id in group.child_ids:
        lines += _node_lines(view, view.group(child_id), children[child_id], indent + "  ")
    lines += [f"{indent}  containerInstance {identifier(s)}" for s in group.service_ids]
    lines.append(f"{indent}}}")
    return lines


def _view_lines(view: RenderView) -> list[str]:
    direction = DIRECTIONS[view.direction.value]
    lines = [
        f'    container {SYSTEM} "containers" {text(view.project.title)} {{',
        "      include *",
        f"      autoLayout {direction}",
        "    }",
    ]
    for flow in view.flows:
        lines.append(f'    dynamic {SYSTEM} "flow-{flow.id}" {text(flow.name)} {{')
        lines += [
            f"      {step.number}: {identifier(step.source)} -> {identifier(step.target)} "
            f"{text(step.label)}"
            for step in flow.steps
        ]
        lines += [f"      autoLayout {direction}", "    }"]
    if view.groups:
        lines += [
            f'    deployment {SYSTEM} {text(ENVIRONMENT)} "deployment" {{',
            "      include *",
            f"      autoLayout {direction}",
            "    }",
        ]
    lines += [
        "    styles {",
        '      element "Container" {',
        "        background #ffffff",
        "        color #232f3e",
        "        stroke #232f3e",
        "      }",
        '      element "Person" {',
        "        shape Person",
        "      }",
        "    }",
    ]
    return lines
