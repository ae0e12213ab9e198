"""The brief as GitHub-flavoured Markdown, with the same outline and ids as the HTML brief.

Autoescape stays on here too: `&` prints as `&amp;`, which GitHub shows as `&`, and `<` can
never open a tag. Prose keeps the user's Markdown with raw HTML, images and unsafe links
neutralised (see `prose.markdown_prose`); names and titles print literally (`md_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from archgen.outputs import by_name
from archgen.render.brief.environment import brief_context, make_environment, render_template
from archgen.render.brief.groups import group_diagrams
from archgen.resolve.view import RenderView
from archgen.resolve.views import flow_view_id

EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def render_markdown(
    view: RenderView,
    *,
    diagram_file: str = "diagram.svg",
    template_dirs: Sequence[Path] = (),
    fingerprint: str = "",
    model_file: str = "arch.yaml",
) -> str:
    """The brief as Markdown text; the diagram is referenced as `diagram_file`."""
    context = brief_context(view, fingerprint=fingerprint, model_file=model_file)
    context["diagram_file"] = diagram_file
    context["flow_view_files"] = {flow.id: flow_view_file(flow.id) for flow in view.flows}
    context["group_diagrams"] = group_diagrams(view, view_file)
    text = render_template(make_environment(template_dirs), "brief.md.j2", context)
    return tidy_markdown(text)


def flow_view_file(flow_id: str) -> str:
    """Where a flow's own view is, beside the brief (`archgen.outputs`' `views`)."""
    return view_file(flow_view_id(flow_id))


def view_file(view_id: str) -> str:
    """Where a view's drawing is, beside the brief."""
    return by_name("views").file.format(view_id)


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row, no trailing spaces, one final newline: conditional
    template blocks leave gaps that would otherwise show up in diffs."""
    lines = [line.rstrip() for line in text.splitlines()]
    return EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"
