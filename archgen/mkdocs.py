"""The MkDocs plugin: each model rendered into the site during `mkdocs build` and `mkdocs serve`.

    plugins:
      - archgen:
          models: [arch.yaml]        # relative to mkdocs.yml
          path: architecture         # where the generated pages go in the site

For each model (`NAME`: the folder of an `arch.yaml` below mkdocs.yml, else the file's stem,
so `arch.yaml` beside mkdocs.yml is `arch`) the site
gains `PATH/NAME/index.md`, the brief as one page with anchors (a link to the PDF on top),
`PATH/NAME/diagram.svg` and `PATH/NAME/brief.pdf` to download, and `PATH/NAME/views/`, each
flow's own view, which the brief shows in the flow's section. In any page,
`<!-- archgen:diagram NAME -->` puts the diagram inline and `<!-- archgen:pdf NAME -->` links
the PDF. A model's problems are logged as warnings, one per problem (`arch.yaml:12:7:
error[AG104] ...`), so `mkdocs build --strict` fails on them; without --strict the site builds
without that model's pages. `mkdocs serve` watches each model (and its templates/ folder).

The render is archgen's own (`archgen.commands.render`): the same sandboxed templates, the
same escaping; the Markdown brief is GitHub-flavoured, so its hard line breaks (`\\`) become
Python-Markdown's (two spaces).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from archgen import outputs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.archgen")
MARKER = re.compile(r"<!--\s*archgen:(?P<what>diagram|pdf)\s+(?P<name>[A-Za-z0-9_.-]+)\s*-->")
HARD_BREAK = re.compile(r"\\\n")
SVG_START = re.compile(rb"<svg[\s>]")
SVG_TAG = re.compile(r"<svg[^>]*>")
SIZE_ATTRIBUTE = re.compile(r'\s(?:width|height)="[^"]*"')


class ArchgenConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' own hook
    models = options.ListOfPaths(default=["arch.yaml"])
    path = options.Type(str, default="architecture")
    pdf = options.Type(bool, default=True)


@dataclass
class RenderedModel:
    """One model's files for the site, or the problems that kept it out."""

    name: str
    model_file: Path
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ArchgenPlugin(BasePlugin[ArchgenConfig]):  # type: ignore[no-untyped-call]
    """See the module's docstring."""

    def __init__(self) -> None:
        self.rendered: dict[str, RenderedModel] = {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.rendered = {}
        root = Path(config.config_file_path or ".").resolve().parent
        for model in self.config.models:
            result = render_for_site(Path(model), root, pdf=self.config.pdf)
            for problem in result.problems:
                log.warning(problem)
            self.rendered[result.name] = result
            for name, data in result.files.items():
                src_uri = f"{self.config.path.strip('/')}/{result.name}/{name}"
                files.append(File.generated(config, src_uri, content=data))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return MARKER.sub(lambda match: self._marker(match, page), markdown)

    def _marker(self, match: re.Match[str], page: Page) -> str:
        name, what = match["name"], match["what"]
        model = self.rendered.get(name)
        if model is None:
            known = ", ".join(sorted(self.rendered)) or "none"
            log.warning(f"{page.file.src_uri}: archgen:{what} {name}: no model of that name "
                        f"in the archgen plugin's models (they are: {known})")  # fmt: skip
            return f"*No architecture model is named {name}.*"
        if not model.ok:  # its problems were logged when it was rendered
            return f"*The architecture model {name} has problems: see the build log.*"
        if what == "pdf" and "brief.pdf" not in model.files:
            log.warning(f"{page.file.src_uri}: archgen:pdf {name}: the plugin renders no PDF "
                        "(`pdf: false` in mkdocs.yml)")  # fmt: skip
            return ""
        if what == "pdf":
            target = site_relative(page, f"{self.config.path.strip('/')}/{name}/brief.pdf")
            return f"[Download the project brief (PDF)]({target})"
        return inline_svg(model.files["diagram.svg"])

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        root = Path(config.config_file_path or ".").resolve().parent
        for model in self.config.models:
            path = (root / model).resolve()
            server.watch(str(path), recursive=False)
            if (path.parent / "templates").is_dir():
                server.watch(str(path.parent / "templates"))
        return server


def render_for_site(model: Path, root: Path, *, pdf: bool) -> RenderedModel:
    """The brief page, the diagram and the PDF of one model, or its located problems."""
    from archgen.commands.model import check_model_file, require_valid
    from archgen.commands.render import RenderOptions, render_in_memory
    from archgen.problems import ArchgenError

    path = model if model.is_absolute() else root / model
    shown = _shown_name(path, root)
    result = RenderedModel(site_name(path, root), path)
    formats = ("svg", "views", "md", *(("pdf",) if pdf else ()))
    try:
        valid = require_valid(check_model_file(path, display_name=shown))
        rendered = render_in_memory(valid, RenderOptions(formats=formats, pdf_aside=False))
    except ArchgenError as error:
        result.problems = [p.format() for p in error.problems] or [error.message]
        return result
    result.problems = []
    files, views = rendered.files, outputs.by_name("views")
    result.files = {
        "index.md": brief_page(files["brief.md"].decode("utf-8"), pdf=pdf).encode("utf-8"),
        "diagram.svg": files["diagram.svg"],
        **{name: data for name, data in files.items() if views.holds(name)},  # the brief's
        **({"brief.pdf": files["brief.pdf"]} if pdf else {}),
    }
    return result


def brief_page(markdown: str, *, pdf: bool) -> str:
    """The Markdown brief as a page: Python-Markdown's hard breaks, the PDF linked on top."""
    text = HARD_BREAK.sub("  \n", markdown)
    if not pdf:
        return text
    title_end = text.find("\n", text.find("\n# ") + 1) if "\n# " in text else -1
    link = "\n[Download this brief as PDF](brief.pdf)\n"
    return text[: title_end + 1] + link + text[title_end + 1 :] if title_end >= 0 else link + text


def inline_svg(svg: bytes) -> str:
    """The diagram as a raw HTML block: no XML prolog or doctype, no blank lines (which would
    end the block for Markdown)."""
    start = SVG_START.search(svg)
    body = (svg[start.start() :] if start else svg).decode("utf-8")
    tag = SVG_TAG.match(body)
    if tag:  # the page's width, not the drawing's, sets its size (the viewBox keeps its shape)
        sized = SIZE_ATTRIBUTE.sub("", tag.group()).replace("<svg", '<svg width="100%"', 1)
        body = sized + body[tag.end() :]
    lines = [line for line in body.splitlines() if line.strip()]
    return '\n<div class="archgen-diagram">\n' + "\n".join(lines) + "\n</div>\n"


def site_relative(page: Page, src_uri: str) -> str:
    """A link from `page` to the site file `src_uri`, as MkDocs resolves Markdown links."""
    depth = page.file.src_uri.count("/")
    return "../" * depth + src_uri


def site_name(path: Path, root: Path) -> str:
    """`arch.yaml` beside mkdocs.yml is `arch`; `ana/arch.yaml` is `ana`; `shop.yaml`, `shop`."""
    if path.name == "arch.yaml" and path.resolve().parent != root.resolve():
        return path.resolve().parent.name
    return path.stem


def _shown_name(path: Path, root: Path) -> str:
    """The model as messages name it: relative to mkdocs.yml when it is below it."""
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
