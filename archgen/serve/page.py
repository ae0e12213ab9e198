"""What a served page has that a rendered brief has not: the reload script, and the overlay
listing the model's problems while the last good render stays on screen.

The brief written for files carries its own Content-Security-Policy (a `<meta>`, no script at
all); a served page carries the policy of `PAGE_POLICY` as a header instead, which allows one
script, this module's `RELOAD_SCRIPT`, by its hash, and connections to this server only.
Every text of the overlay is HTML-escaped here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence

from archgen.problems import Problem, visible

EVENTS_PATH = "/__archgen__/events"

# Reloads the page when the server has a render other than the one shown (`data-render`);
# EventSource reconnects by itself when the server restarts.
RELOAD_SCRIPT = (
    "(() => {"
    " const shown = document.currentScript.dataset.render;"
    f" const events = new EventSource({EVENTS_PATH!r});"
    " events.addEventListener('render', (event) => {"
    " if (event.data !== shown) { events.close(); location.reload(); }"
    " });"
    " })();"
)
SCRIPT_HASH = base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode("utf-8")).digest()).decode()
_SHARED = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# The brief's own policy (templates/base.html.j2), plus the reload script and its event stream.
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src 'sha256-{SCRIPT_HASH}'; connect-src 'self'; {_SHARED}"
)
FILE_POLICY = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; {_SHARED}"

# The brief's own policy: a served page sends its policy as a header instead (both would apply,
# and the brief's allows no script).
META_POLICY = re.compile(
    r"<meta\b[^>]*\bhttp-equiv\s*=\s*[\"']?content-security-policy\b[^>]*>", re.IGNORECASE
)
BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)

OVERLAY_STYLE = """\
#archgen-problems { position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh;
  overflow: auto; margin: 0; padding: 0.9rem 1.2rem; background: #fff5f5; color: #1d2630;
  border-top: 4px solid #b42318; box-shadow: 0 -4px 16px rgb(0 0 0 / 25%);
  font: 14px/1.45 ui-sans-serif, system-ui, sans-serif; }
#archgen-problems h2 { margin: 0 0 0.4rem; font-size: 15px; color: #b42318; }
#archgen-problems ol { margin: 0; padding-left: 1.4rem; }
#archgen-problems li { margin: 0.25rem 0; }
#archgen-problems code { font: 13px/1.45 ui-monospace, monospace; }
#archgen-problems .hint { color: #58636e; }"""

EMPTY_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>archgen serve: {name}</title></head>
<body><p>{name} has not rendered yet: fix the problems below and save.</p></body>
</html>
"""


def served_page(html_text: str, render_id: int, problems: Sequence[Problem], failure: str) -> str:
    """A rendered HTML brief as served: its own policy out, the reload script and (while the
    model has mistakes) the problems overlay in."""
    page = META_POLICY.sub("", html_text)
    added = reload_tag(render_id) + (overlay(problems, failure) if failure else "")
    ends = list(BODY_END.finditer(page))
    if not ends:
        return page + added
    at = ends[-1].start()
    return page[:at] + added + page[at:]


def empty_page(model_name: str) -> str:
    """The page shown before the model ever rendered."""
    return EMPTY_PAGE.format(name=html.escape(visible(model_name)))


def reload_tag(render_id: int) -> str:
    return f'<script data-render="{render_id}">{RELOAD_SCRIPT}</script>\n'


def overlay(problems: Sequence[Problem], failure: str) -> str:
    """Every problem as `file:line:col: severity[code] path: message — hint`, escaped; the
    failure's own message when it located none."""
    items = [problem_item(problem) for problem in problems]
    if not items:
        items = [f"<li>{html.escape(visible(failure))}</li>"]
    count = len(problems)
    heading = (
        f"{count} problem{'s' if count != 1 else ''}: the page shows the last render that worked"
        if problems
        else "The render failed: the page shows the last render that worked"
    )
    return (
        f"<style>{OVERLAY_STYLE}</style>\n"
        '<section id="archgen-problems" role="alert" aria-live="assertive">\n'
        f"<h2>{heading}</h2>\n<ol>\n" + "\n".join(items) + "\n</ol>\n</section>\n"
    )


def problem_item(problem: Problem) -> str:
    where = f"{problem.file}:{problem.line}" + (f":{problem.column}" if problem.column else "")
    subject = f" {problem.path}:" if problem.path else ""
    text = f"{problem.severity}[{problem.code}]{subject} {problem.message}"
    hint = f' <span class="hint">— {escaped(problem.hint)}</span>' if problem.hint else ""
    return f"<li><code>{escaped(where)}</code>: {escaped(text)}{hint}</li>"


def escaped(text: str) -> str:
    """Text for the page: invisible characters shown as escapes, markup as text."""
    return html.escape(visible(text))
