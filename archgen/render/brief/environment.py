"""The Jinja2 environment the brief templates run in, and the data they are given.

Safety, whatever a template is named: every template runs in archgen's sandbox (`sandbox`:
only the brief's data, bounded in time and memory, files only from the searched folders),
autoescape is always on (`select_autoescape` misses `*.j2`), undefined names raise
(StrictUndefined), and user text only ever reaches a template as data, never as template
source, so `{{7*7}}` in a description prints as typed. A template's mistakes come back as
located AG4xx problems (`errors`).

Templates are looked up in the user's folders first, then in the built-in ones (like mkdocs'
`custom_dir`): a user file replaces the built-in file of the same name, and a user
`brief.html.j2` can `{% extends "base.html.j2" %}` and override a single block.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from markupsafe import Markup, escape

from archgen import __version__
from archgen.model.colours import css_name
from archgen.model.schema import TradeOff
from archgen.problems import ArchgenError
from archgen.render.brief import build_outline
from archgen.render.brief.errors import template_problem
from archgen.render.brief.prose import (
    markdown_cell,
    markdown_code,
    markdown_literal,
    markdown_prose,
    prose,
    prose_inline,
)
from archgen.render.brief.sandbox import (
    BriefSandbox,
    ConfinedLoader,
    TemplateLimitError,
    guard_filters,
    render_within,
    seconds_for,
)
from archgen.render.brief.template_files import builtin_templates_dir, is_scratch, search_path
from archgen.resolve.collapse import overview_note
from archgen.resolve.view import RenderView

__all__ = ["builtin_templates_dir", "make_environment"]

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
NUMBER_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
# The Okabe–Ito names of the flow colours (archgen.resolve.view.FLOW_COLOURS).
COLOUR_NAMES = {
    "#0072B2": "blue",
    "#D55E00": "vermilion",
    "#009E73": "bluish green",
    "#CC79A7": "reddish purple",
    "#E69F00": "orange",
    "#56B4E9": "sky blue",
    "#000000": "black",
}
ARROWS = {"forward": "→", "back": "←", "both": "↔", "none": "—"}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def make_environment(template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """An environment searching `template_dirs` in order, then the built-in templates.

    Environments are shared per folder list, so the HTML, PDF and Markdown briefs compile each
    template once; Jinja still notices a template file that changed on disk."""
    return _environment(search_path(template_dirs))


@functools.lru_cache(maxsize=8)
def _environment(search_path: tuple[Path, ...]) -> jinja2.Environment:
    env = BriefSandbox(
        loader=ConfinedLoader(search_path),
        bytecode_cache=compiled_templates(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(guard_filters(env.filters))
    env.filters.update(FILTERS)
    env.tests["containing"] = lambda container, item: item in container
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier render, kept in the user's own cache folder (never a
    project's: compiled code runs). Jinja checks each entry's Jinja and Python versions and
    its template's source; the key adds the template's file and the code that decides how
    archgen compiles (this module and the sandbox: the environment's settings, filters and
    tests), so a change of any of them compiles anew."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        digest = hashlib.sha256(_compiler_digest().encode())
        digest.update(f"\0{name}\0{filename}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()


def compiled_templates() -> CompiledTemplates | None:
    from archgen.render.user_cache import user_cache_folder

    folder = user_cache_folder("templates")
    return CompiledTemplates(str(folder), "%s.jinja") if folder is not None else None


@functools.cache
def _compiler_digest() -> str:
    from archgen.render.brief import sandbox

    digest = hashlib.sha256(__version__.encode())
    for module in (__file__, sandbox.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template now (the built-in ones take about 0.1 s), e.g. while Graphviz
    lays the diagram out. A template with an error is left for its render to report, at its
    line."""
    for name in env.list_templates(extensions=["j2"]):
        if not is_scratch(name):
            with contextlib.suppress(jinja2.TemplateError, OSError, UnicodeError):
                env.get_template(name)


def brief_context(view: RenderView, *, fingerprint: str, model_file: str) -> dict[str, Any]:
    """What every brief template is given, whatever its format."""
    services, groups, flows = len(view.services), len(view.groups), len(view.flows)
    return {
        "view": view,
        "project": view.project,
        "outline": build_outline(view),
        "fingerprint": fingerprint,
        "model_file": model_file,
        "changelog": view.changelog,
        "archgen_version": __version__,  # `archgen --version` prints the same words
        "overview": overview_note(view),
        "diagram_alt": (
            f"Architecture diagram of {view.project.title}:"
            f" {count(services, 'service', words=False)}"
            f" in {count(groups, 'group', words=False)},"
            f" with {count(flows, 'numbered flow', words=False)}."
        ),
    }


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a template in the sandbox, within its bounds; any mistake in a template becomes
    an ArchgenError carrying one located AG4xx problem."""
    view = context.get("view")
    seconds = seconds_for(len(view.services) if isinstance(view, RenderView) else 0)
    shown = name
    try:
        template = env.get_template(name)
        shown = template.filename or name
        return render_within(template, dict(context), seconds)
    except (jinja2.TemplateError, TemplateLimitError, RecursionError) as error:
        problem = template_problem(error, shown)
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as error:
        problem = template_problem(error, shown)
    raise ArchgenError(f"{problem.file}: the template failed; nothing was written", [problem])


def money(amount: float, currency: str) -> str:
    """`$1,234.50` for USD (also € and £), `CHF 1,234.50` for other currencies."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    figure = f"{amount:,.2f}"
    return f"{symbol}{figure}" if symbol else f"{currency}\N{NO-BREAK SPACE}{figure}"


def count(number: int, noun: str, plural: str = "", *, words: bool = True) -> str:
    """`no services`, `one service`, `five services`, `21 services`; `5 services` with
    words=False (for runs of figures, where numerals read better)."""
    in_words = words and 0 <= number < len(NUMBER_WORDS)
    word = NUMBER_WORDS[number] if in_words else str(number)
    return f"{word} {noun if number == 1 else plural or noun + 's'}"


def long_date(day: datetime.date) -> str:
    """`24 November 2026`, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def lower_first(text: str) -> str:
    """Lower-case a title's first letter to use it mid-sentence, unless its first word is an
    acronym or a name with inner capitals (`AWS costs`, `iOS support` stay as they are)."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return text[:1].lower() + text[1:]
    return text


def and_join(items: Iterable[Any]) -> Markup:
    """`a`, `a and b`, `a, b and c`; each item escaped unless it is already markup."""
    parts = [escape(item) for item in items]
    if len(parts) <= 1:
        return Markup("").join(parts)
    return Markup(", ").join(parts[:-1]) + Markup(" and ") + parts[-1]


def step_links(numbers: Iterable[int]) -> Markup:
    """`<a href="#step-detail-2">2</a>, … and …`: step numbers linked to the flow walk-through."""
    return and_join(Markup('<a href="#step-detail-{0}">{0}</a>').format(int(n)) for n in numbers)


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (#RRGGBB), by WCAG contrast."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)
    on_black, on_white = (luminance + 0.05) / 0.05, 1.05 / (luminance + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


@jinja2.pass_context
def service_anchor(context: jinja2.runtime.Context, service_id: str) -> Markup:
    """The service's name, linked to its section."""
    name = context["view"].service(service_id).name
    return Markup('<a href="#service-{}">{}</a>').format(service_id, name)


@jinja2.pass_context
def requirement_anchor(context: jinja2.runtime.Context, requirement_id: str) -> Markup:
    """The requirement's title, linked to its section."""
    title = context["view"].requirement(requirement_id).title
    return Markup('<a href="#req-{}">{}</a>').format(requirement_id, title)


def tradeoff_anchor(tradeoff: TradeOff) -> Markup:
    """The trade-off's title, linked to its section."""
    return Markup('<a href="#tradeoff-{}">{}</a>').format(tradeoff.id, tradeoff.title)


def markdown_link(text: str, target: str) -> Markup:
    """`[text](#target)` with the text escaped for Markdown."""
    return Markup("[{}](#{})").format(markdown_literal(text), target)


@jinja2.pass_context
def markdown_anchor(context: jinja2.runtime.Context, key: Any, kind: str) -> Markup:
    """A Markdown link to a section by kind: service, requirement, tradeoff or step."""
    view: RenderView = context["view"]
    if kind == "service":
        return markdown_link(view.service(key).name, f"service-{key}")
    if kind == "requirement":
        return markdown_link(view.requirement(key).title, f"req-{key}")
    if kind == "tradeoff":
        return markdown_link(key.title, f"tradeoff-{key.id}")
    return markdown_link(str(key), f"step-detail-{int(key)}")


def markdown_quote(text: str) -> Markup:
    """Markdown as a block quote: every line prefixed with `> `."""
    lines = str(escape(text)).strip("\n").split("\n")
    return Markup("\n".join(f"> {line}".rstrip() for line in lines))


FILTERS: dict[str, Callable[..., Any]] = {
    "prose": prose,
    "prose_inline": prose_inline,
    "md_prose": markdown_prose,
    "md_text": markdown_literal,
    "md_cell": markdown_cell,
    "md_code": markdown_code,
    "shell_quote": shlex.quote,
    "md_link": markdown_link,
    "md_anchor": markdown_anchor,
    "md_quote": markdown_quote,
    "money": money,
    "count": count,
    "long_date": long_date,
    "lower_first": lower_first,
    "and_join": and_join,
    "step_links": step_links,
    "colour_name": lambda colour: COLOUR_NAMES.get(colour.upper()) or css_name(colour) or colour,
    "ink_on": ink_on,
    "arrow": lambda direction: ARROWS.get(str(direction), "—"),
    "service_anchor": service_anchor,
    "requirement_anchor": requirement_anchor,
    "tradeoff_anchor": tradeoff_anchor,
}
