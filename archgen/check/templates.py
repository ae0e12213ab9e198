"""At render time: does a brief made with the user's own templates still hold every service,
every step and every requirement? The HTML and Markdown readers read the rendered briefs in
memory (the PDF's own HTML too, which a template may make differ with `medium`); whatever a
template override left out becomes a warning naming the templates (an error under
`--strict`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.check.read import Kind, Reading
from archgen.resolve.view import RenderView

if TYPE_CHECKING:
    from archgen.render.rendering import Rendering

BRIEFS = ("brief.html", "brief.pdf", "brief.md")  # brief.pdf: the HTML it is printed from
CHECKED: tuple[Kind, ...] = ("service", "step", "requirement")


def dropped_by_templates(rendering: Rendering, files: Mapping[str, bytes]) -> list[str]:
    """One warning for each brief that leaves a service, a step or a requirement out."""
    template_dirs = rendering.brief.template_dirs
    if not template_dirs:
        return []  # the built-in templates hold everything (the golden tests say so)
    briefs = dict(files)
    if rendering.printed_html is not None:
        briefs["brief.pdf"] = rendering.printed_html.encode("utf-8")
    warnings = []
    for name in BRIEFS:
        if name in briefs:
            left_out = missing(rendering.view, _read(name, briefs[name]))
            if left_out:
                templates = _templates(template_dirs[0], name)
                warnings.append(f"{name}: {templates} leave out {', '.join(left_out)}")
    return warnings


def _read(name: str, data: bytes) -> Reading:
    text = data.decode("utf-8", "replace")
    if name.endswith(".md"):
        from archgen.check.read.markdown import read_brief_markdown

        return read_brief_markdown(text)
    from archgen.check.read.html import read_brief_html

    return read_brief_html(text)


def missing(view: RenderView, reading: Reading) -> list[str]:
    """What the model has that the brief does not show, as `service 'kms' ("KMS")`."""
    shown = {(item.kind, item.key) for item in reading.shown}
    wanted: list[tuple[Kind, str, str]] = [("service", s.id, s.name) for s in view.services]
    wanted += [("step", str(s.number), s.label) for s in view.steps]
    wanted += [("requirement", r.id, r.title) for r in view.requirements]
    return [
        f'{kind} {key} ("{text}")' if kind == "step" else f"{kind} '{key}' (\"{text}\")"
        for kind, key, text in wanted
        if (kind, key) not in shown
    ]


def _templates(folder: Path, brief: str) -> str:
    """The user's templates that make this brief: `the templates brief.html.j2,
    partials/services.html.j2 from templates/` (the PDF is printed from HTML templates)."""
    suffix = ".md.j2" if brief.endswith(".md") else ".html.j2"
    names = sorted(
        str(path.relative_to(folder)) for path in folder.rglob(f"*{suffix}") if path.is_file()
    )
    listed = ", ".join(names) if names else "no templates"
    return f"the templates {listed} from {folder}/"
