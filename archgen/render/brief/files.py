"""The brief's outputs, as `archgen.outputs` names them: each takes the render's `Rendering`
and returns the file's bytes (sealed by the caller); the PDF returns a wait for its bytes,
being laid out by the printer meanwhile."""

from __future__ import annotations

import datetime

from archgen.problems import ArchgenError
from archgen.render.brief.pdf import PdfJob
from archgen.render.rendering import Rendered, Rendering

LAST_EPOCH = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last second a PDF date can hold


def html_file(rendering: Rendering) -> bytes:
    """brief.html: for screens, the diagram inline and linked."""
    from archgen.render.brief.html import render_html

    settings = rendering.brief
    return render_html(
        rendering.view,
        diagram_svg=rendering.svg(),
        view_svgs=rendering.view_svgs(),
        template_dirs=settings.template_dirs,
        fingerprint=rendering.prints.brief,
        model_file=settings.model_file,
    ).encode("utf-8")


def markdown_file(rendering: Rendering) -> bytes:
    """brief.md: GitHub-flavoured Markdown linking to diagram.svg."""
    from archgen.render.brief.markdown import render_markdown

    settings = rendering.brief
    return render_markdown(
        rendering.view,
        template_dirs=settings.template_dirs,
        fingerprint=rendering.prints.brief,
        model_file=settings.model_file,
    ).encode("utf-8")


def pdf_file(rendering: Rendering) -> Rendered:
    """brief.pdf: its HTML rendered here, laid out by the printer while the rest renders."""
    from archgen.render.brief.printer import Printer

    rendering.warnings.extend(paper_warnings(rendering.svg(), rendering.brief.page_size))
    printer = rendering.printer or Printer(aside=False)
    job = pdf_job(rendering)
    rendering.printed_html = job.html
    return printer.submit(job)


def pdf_job(rendering: Rendering) -> PdfJob:
    """The PDF's HTML, with the model's metadata."""
    from archgen.render.brief.html import render_html

    settings, project = rendering.brief, rendering.view.project
    html = render_html(
        rendering.view,
        diagram_svg=rendering.svg(),
        view_svgs=rendering.view_svgs(),
        medium="pdf",
        template_dirs=settings.template_dirs,
        fingerprint=rendering.prints.pdf,
        model_file=settings.model_file,
        page_size=settings.page_size,
    )
    return PdfJob(
        html,
        title=project.title,
        authors=tuple(project.authors),
        keywords=tuple(project.keywords),
        description=project.subtitle or "",
        created=document_date(project.date, settings.source_date_epoch),
        page_size=settings.page_size,  # type: ignore[arg-type]  # the CLI offers only these
        variant=settings.pdf_variant,  # type: ignore[arg-type]
        attachment=(settings.model_file, settings.model_source),
        fingerprint=rendering.prints.pdf,
        may_cut=not settings.template_dirs and settings.pdf_variant != "pdf/ua-1",
        keep_parts=settings.use_cache,
    )


def paper_warnings(svg: bytes, page_size: str = "A4") -> list[str]:
    """A diagram too big to print legibly is shrunk onto one page, or left out: say so."""
    from archgen.render.brief.paper import MAX_PAGES, MIN_TEXT_PT, plan_paper

    plan = plan_paper(svg, page_size)
    if plan.layout == "omitted":
        return [
            f"brief.pdf shows no diagram: on a page it would be shown at {plan.scale:.1%} of "
            "its size, too small to read; diagram.svg and brief.html have it"
        ]
    if plan.layout == "shrunk" and plan.smallest_pt:
        return [
            f"brief.pdf prints the diagram on one page at {plan.scale:.1%}, its smallest text "
            f"{plan.smallest_pt:g} pt: at {MIN_TEXT_PT:g} pt it would take {plan.pages_needed} "
            f"pages (more than {MAX_PAGES}); diagram.svg and brief.html have it full size"
        ]
    return []


def document_date(day: datetime.date | None, epoch: str | None) -> datetime.datetime:
    """The model's date, else SOURCE_DATE_EPOCH, else the Unix epoch: never the clock."""
    if day is not None:
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    try:
        seconds = int(epoch or "0")
    except ValueError:
        raise ArchgenError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
    if not 0 <= seconds <= LAST_EPOCH:
        raise ArchgenError(
            f"SOURCE_DATE_EPOCH {seconds} is out of range: give seconds since 1970 from 0 to "
            f"{LAST_EPOCH} (9999-12-31), e.g. `git log -1 --format=%ct`"
        )
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
