"""diagram.mmd: the diagram as a Mermaid flowchart, for wikis and editors that draw Mermaid.

It draws what the Graphviz diagram draws, in the model's order: groups as nested subgraphs,
services as nodes, each flow step as an edge labelled with its number (coloured by flow, an
async one dashed), links as dotted edges. It needs no Graphviz.

Model text never becomes Mermaid markup. Every label is quoted, and each character outside a
small safe set (letters, digits, a few punctuation marks) is written as Mermaid's entity code
(`#35;` for `#`), so quotes, brackets, arrows, `%%`, `:::`, HTML and newlines all render as
typed. Ids are the model's, checked against its id pattern and prefixed (`s_web`, `g_edge`),
so none can break out of its place or be read as a keyword such as `end`.
"""

from __future__ import annotations

import re
import unicodedata

from archgen.model.rules import ID_PATTERN
from archgen.model.schema import Link
from archgen.render.diagram.dot import link_colour
from archgen.render.rendering import Rendering
from archgen.resolve.view import GroupView, RenderView, ServiceView

# Safe in a quoted label: none starts markup, an entity, a comment or a directive (`:` and `;`
# are not: Mermaid's first pass cuts the last `;` of any line with `style…:…#…;` on it).
SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,_/()+=?!@'-")
ASYNC_DASHES = "6 4"
LINK_ARROWS = {
    "forward": "-.->",
    "back": "-.->",
    "both": "<-.->",
    "none": "-.-",
}  # back: ends swapped


def mermaid_file(rendering: Rendering) -> bytes:
    """diagram.mmd, as `archgen.outputs` names it (sealed by the caller)."""
    return build_mermaid(rendering.view).encode("utf-8")


def build_mermaid(view: RenderView) -> str:
    """The whole diagram as a Mermaid flowchart."""
    lines = [f"flowchart {view.direction.value}"]
    lines += [_node_line(service, "  ") for service in view.ungrouped_services]
    for group in view.root_boxes:  # overlays cannot be drawn: Mermaid subgraphs never overlap
        lines += _subgraph_lines(view, group, "  ")
    lines += [
        f'  {service_id(s.source)} -->|"{label_text(f"{s.number}. {s.label}")}"| '
        f"{service_id(s.target)}"
        for s in view.steps
    ]
    lines += [_link_line(link) for link in view.links]
    lines += _style_lines(view)
    return "\n".join(lines) + "\n"


def label_text(text: str) -> str:
    """Text for a quoted label, shown literally: unsafe characters as `#<code point>;`.

    Letters and digits of any script stay as typed; every other character outside `SAFE` is
    coded. Spaces at either end are coded too, or Mermaid would trim them."""
    text = unmarked(text)
    core = text.strip(" ")
    left = len(text) - len(text.lstrip(" "))
    right = len(text) - left - len(core)
    coded = "".join(ch if ch in SAFE or _is_word(ch) else f"#{ord(ch)};" for ch in core)
    return "#32;" * left + coded + "#32;" * right


def unmarked(text: str) -> str:
    """The text with an invisible word joiner inside `ﬂ°` and `¶ß`: Mermaid carries entities
    through its pipeline as `ﬂ°…¶ß` and turns every such pair back into `&` or `;` however
    it was written, so these two pairs alone cannot be shown as typed."""
    return text.replace("ﬂ°", "ﬂ\N{WORD JOINER}°").replace("¶ß", "¶\N{WORD JOINER}ß")


def service_id(model_id: str) -> str:
    return "s_" + _safe_id(model_id)


def group_id(model_id: str) -> str:
    return "g_" + _safe_id(model_id)


def _safe_id(model_id: str) -> str:
    """A model id as a Mermaid id: `-` becomes `__` and `.` `___`, which no model id holds
    (words are joined by single separators), so distinct ids stay distinct."""
    if re.fullmatch(ID_PATTERN, model_id) is None:
        raise ValueError(f"not a model id: {model_id!r}")
    return model_id.replace("-", "__").replace(".", "___")


def _is_word(ch: str) -> bool:
    return ord(ch) > 127 and unicodedata.category(ch)[0] in "LN"


def _node_line(service: ServiceView, indent: str) -> str:
    return f'{indent}{service_id(service.id)}["{label_text(service.name)}"]'


def _subgraph_lines(view: RenderView, group: GroupView, indent: str) -> list[str]:
    """A group as a subgraph, its child groups nested, then its services (as the DOT)."""
    lines = [f'{indent}subgraph {group_id(group.id)} ["{label_text(group.label)}"]']
    for child_id in group.child_ids:
        lines += _subgraph_lines(view, view.group(child_id), indent + "  ")
    lines += [_node_line(view.service(s), indent + "  ") for s in group.service_ids]
    lines.append(f"{indent}end")
    return lines


def _link_line(link: Link) -> str:
    ends = (
        (link.target, link.source) if link.direction.value == "back" else (link.source, link.target)
    )
    arrow = LINK_ARROWS[link.direction.value]
    label = f'|"{label_text(link.label)}"|' if link.label else ""
    return f"  {service_id(ends[0])} {arrow}{label} {service_id(ends[1])}"


def _style_lines(view: RenderView) -> list[str]:
    """Edge colours by position: the steps are edges 0.. in number order, then the links."""
    lines = []
    kinds = dict.fromkeys((step.colour, step.mode) for step in view.steps)
    for colour, mode in kinds:
        dashes = f",stroke-dasharray:{ASYNC_DASHES}" if mode == "async" else ""
        edges = [str(s.number - 1) for s in view.steps if (s.colour, s.mode) == (colour, mode)]
        lines.append(f"  linkStyle {','.join(edges)} stroke:{colour},color:{colour}{dashes}")
    by_colour: dict[str, list[str]] = {}
    for index, link in enumerate(view.links):
        by_colour.setdefault(link_colour(link), []).append(str(len(view.steps) + index))
    for colour, links in by_colour.items():
        lines.append(f"  linkStyle {','.join(links)} stroke:{colour}")
    return lines
