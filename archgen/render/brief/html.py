"""The brief as one HTML document: self-contained for screens, or ready for WeasyPrint.

`medium="html"` inlines the diagram as <svg>, each service node a link to its section, with
screen.css; `medium="pdf"` embeds the diagram once as a data: URL image (WeasyPrint keeps it
vector) with print.css, and leaves out everything interactive.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from archgen.problems import ArchgenError
from archgen.render.brief.environment import brief_context, make_environment, render_template
from archgen.resolve.view import RenderView

Medium = Literal["html", "pdf"]
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SERVICE_NODE_PREFIX = "svc-"

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def render_html(
    view: RenderView,
    *,
    diagram_svg: bytes,
    medium: Medium = "html",
    template_dirs: Sequence[Path] = (),
    fingerprint: str = "",
    extra_head: Mapping[str, str] | None = None,
    model_file: str = "arch.yaml",
) -> str:
    """The brief as HTML text; `extra_head` adds <meta name=key content=value> tags."""
    context = brief_context(view, fingerprint=fingerprint, model_file=model_file)
    context["medium"] = medium
    context["extra_head"] = dict(extra_head or {})
    if medium == "pdf":
        context["diagram_svg"] = Markup("")
        context["diagram_uri"] = svg_data_uri(diagram_svg)
    else:
        context["diagram_svg"] = inline_diagram(diagram_svg, view)
        context["diagram_uri"] = ""
    return render_template(make_environment(template_dirs), "brief.html.j2", context)


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def inline_diagram(svg: bytes, view: RenderView) -> Markup:
    """The diagram as an <svg> element for the page: no XML declaration or doctype, and every
    service node (`<g id="svc-<id>">`) wrapped in a link to its section of the brief."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise ArchgenError(f"the diagram SVG cannot be read: {error}") from error
    names = {service.id: service.name for service in view.services}
    parents = {child: parent for parent in root.iter() for child in parent}
    for node in list(root.iter(f"{{{SVG_NS}}}g")):
        service_id = node.get("id", "").removeprefix(SERVICE_NODE_PREFIX)
        if service_id not in names or node.get("id") == service_id:
            continue
        if node.find(f".//{{{SVG_NS}}}a") is None:  # the renderer may have linked it already
            _wrap_in_link(node, parents[node], f"#service-{service_id}", names[service_id])
    root.set("class", " ".join(filter(None, (root.get("class"), "diagram"))))
    return Markup(ET.tostring(root, encoding="unicode"))


def _wrap_in_link(node: ET.Element, parent: ET.Element, href: str, name: str) -> None:
    link = ET.Element(
        f"{{{SVG_NS}}}a", {"href": href, "class": "service-link", "aria-label": f"{name}: details"}
    )
    index = list(parent).index(node)
    parent.remove(node)
    link.tail, node.tail = node.tail, None
    link.append(node)
    parent.insert(index, link)
