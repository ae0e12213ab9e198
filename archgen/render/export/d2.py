"""diagram.d2: the diagram in D2 (d2lang.com), for docs that render D2 and for hand editing.

Groups are nested containers in their boundary's colours, services are image shapes with their
name below, each flow step is an edge labelled with its number in its flow's colour (dashed
when asynchronous), links are grey edges in their line style. Icons are URLs built from two
variables at the top of the file: `icons`, where the diagrams library's icon set lives (its
GitHub repository by default; point it at a local copy to render offline), and `project`, the
model's folder, for a project's own icon files. Change either to swap every icon at once.

Model text never becomes D2 markup: every key and label is a double-quoted string in which
`\\`, `"` and `$` (a substitution) are escaped and line breaks are written `\\n`.
"""

from __future__ import annotations

import functools
import re

from archgen.icons.catalog import IconCatalog, load_catalog
from archgen.model.schema import Link
from archgen.render.diagram import styles
from archgen.render.export.identifiers import folded_id
from archgen.render.rendering import Rendering
from archgen.resolve.view import GroupView, NumberedStep, RenderView, ServiceView

ICONS_URL = "https://raw.githubusercontent.com/mingrammer/diagrams/master/resources"
PROJECT_FOLDER = ".."  # output/ sits beside the model by default
DIRECTIONS = {"LR": "right", "TB": "down"}
LINK_DASHES = {"solid": "0", "dashed": "4", "dotted": "2"}
ASYNC_DASHES = "5"
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
INDENT = "  "


def d2_file(rendering: Rendering) -> bytes:
    """diagram.d2, as `archgen.outputs` names it (sealed by the caller)."""
    return build_d2(rendering.view).encode("utf-8")


def build_d2(view: RenderView, icons: str = ICONS_URL, project: str = PROJECT_FOLDER) -> str:
    """The whole diagram as D2 text; `icons` and `project` are the variables' first values."""
    lines = [
        "vars: {",
        f"  icons: {quoted(icons)}",
        f"  project: {quoted(project)}",
        "}",
        f"direction: {DIRECTIONS[view.direction.value]}",
        *_title_lines(view),
    ]
    paths = service_paths(view)
    lines += [line for s in view.ungrouped_services for line in _service_lines(s, "")]
    for group in view.root_boxes:
        lines += _container_lines(view, group, "")
    lines += [line for step in view.steps for line in _step_lines(step, paths)]
    lines += [line for link in view.links for line in _link_lines(link, paths)]
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    """A D2 double-quoted string that reads as `text`: backslash, quote and `$` escaped, line
    breaks as `\\n`, other control characters as spaces."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return '"' + escaped.replace("\n", "\\n") + '"'


def key(model_id: str) -> str:
    """A model id as a D2 key: quoted, so none is read as a keyword (`label`, `style`, ...), and
    folded (D2 keys ignore case: `Web` and `web` would be one shape)."""
    return f'"{folded_id(model_id)}"'


def service_paths(view: RenderView) -> dict[str, str]:
    """Each service's full D2 path, through the groups that hold it: `"cloud"."web"."app"`."""
    paths = {}
    for service in view.services:
        chain = [service.id]
        group_id = service.group_id
        while group_id is not None:
            chain.append(group_id)
            group_id = view.group(group_id).parent_id
        paths[service.id] = ".".join(key(part) for part in reversed(chain))
    return paths


def icon_url(service: ServiceView) -> str:
    """`${icons}/<kind's icon>` for a catalogue kind, `${project}/<file>` for a project's file;
    written as a quoted string, substitution kept."""
    kind = _catalog().resolve(service.icon)
    if kind is not None:
        return '"${icons}/' + quoted(kind.icon.removeprefix("resources/"))[1:]
    return '"${project}/' + quoted(service.icon.lstrip("/"))[1:]


def _title_lines(view: RenderView) -> list[str]:
    title = view.project.title
    text = f"{title}\n{view.project.subtitle}" if view.project.subtitle else title
    return [
        '"archgen title": {',
        f"  label: {quoted(text)}",
        "  shape: text",
        "  near: top-center",
        f"  style: {{font-size: {styles.TITLE_SIZE}; bold: true; "
        f'font-color: "{styles.TEXT_COLOUR}"}}',
        "}",
    ]


def _container_lines(view: RenderView, group: GroupView, indent: str) -> list[str]:
    look = styles.cluster_style(group.kind)
    fill = look.fill if look.fill != "transparent" else "#FFFFFF"
    inner = indent + INDENT
    lines = [
        f"{indent}{key(group.id)}: {quoted(group.label)} {{",
        f"{inner}style: {{",
        f'{inner}  stroke: "{look.colour}"',
        f'{inner}  fill: "{fill}"',
        f"{inner}  stroke-width: {max(1, round(look.penwidth))}",
        f"{inner}  stroke-dash: {3 if look.dashed else 0}",
        f'{inner}  font-color: "{styles.label_colour(group.kind)}"',
        f"{inner}  border-radius: {6 if look.rounded else 0}",
        f"{inner}}}",
    ]
    for child_id in group.child_ids:
        lines += _container_lines(view, view.group(child_id), inner)
    for service_id in group.service_ids:
        lines += _service_lines(view.service(service_id), inner)
    lines.append(f"{indent}}}")
    return lines


def _service_lines(service: ServiceView, indent: str) -> list[str]:
    return [
        f"{indent}{key(service.id)}: {quoted(service.name)} {{",
        f"{indent}{INDENT}shape: image",
        f"{indent}{INDENT}icon: {icon_url(service)}",
        f"{indent}{INDENT}width: {styles.ICON_SIZE}",
        f"{indent}{INDENT}height: {styles.ICON_SIZE}",
        f"{indent}}}",
    ]


def _step_lines(step: NumberedStep, paths: dict[str, str]) -> list[str]:
    dashes = ASYNC_DASHES if step.mode == "async" else "0"
    label = quoted(f"{step.number}. {step.label}")
    return [
        f"{paths[step.source]} -> {paths[step.target]}: {label} {{",
        f'  style: {{stroke: "{step.colour}"; font-color: "{step.colour}"; '
        f"stroke-width: 2; stroke-dash: {dashes}}}",
        "}",
    ]


def _link_lines(link: Link, paths: dict[str, str]) -> list[str]:
    arrow = {"forward": "->", "back": "<-", "both": "<->", "none": "--"}[link.direction.value]
    label = f": {quoted(link.label)}" if link.label else ""
    return [
        f"{paths[link.source]} {arrow} {paths[link.target]}{label} {{",
        f'  style: {{stroke: "{styles.LINK_COLOUR}"; font-color: "{styles.LINK_TEXT_COLOUR}"; '
        f"stroke-dash: {LINK_DASHES[link.style.value]}}}",
        "}",
    ]


@functools.cache
def _catalog() -> IconCatalog:
    """The icon catalogue, read once: every service looks its kind up."""
    return load_catalog()
