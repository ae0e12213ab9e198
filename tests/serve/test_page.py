"""The served page: the brief's own policy out, one hashed script and the escaped overlay in."""

from __future__ import annotations

import base64
import hashlib
import html
import re

from archgen.problems import Problem
from archgen.serve.page import (
    PAGE_POLICY,
    RELOAD_SCRIPT,
    empty_page,
    overlay,
    problem_item,
    served_page,
)

BRIEF = (
    "<!DOCTYPE html>\n<html><head>\n"
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n'
    "<title>T</title></head>\n<body><p>brief</p></body>\n</html>\n"
)
TYPO = Problem(
    "arch.yaml", 702, 13, "AG201", "unknown service 'cloudfrnt'", "flows[0].steps[1].to",
    hint="did you mean 'cloudfront'?",
)  # fmt: skip


def scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.DOTALL)


def test_the_served_page_has_the_reload_script_and_not_the_briefs_policy() -> None:
    page = served_page(BRIEF, 7, (), "")
    assert "Content-Security-Policy" not in page  # the header says it instead
    assert scripts(page) == [RELOAD_SCRIPT]
    assert '<script data-render="7">' in page
    assert page.index("<script") < page.index("</body>")
    assert "archgen-problems" not in page


def test_the_policy_allows_exactly_the_reload_script_by_its_hash() -> None:
    digest = base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()
    directives = dict(part.strip().split(" ", 1) for part in PAGE_POLICY.split(";"))
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "unsafe-eval" not in PAGE_POLICY


def test_the_overlay_lists_each_problem_as_the_terminal_prints_it() -> None:
    item = problem_item(TYPO)
    text = html.unescape(re.sub(r"<[^>]+>", "", item))
    assert text == TYPO.format()
    assert item.startswith("<li><code>arch.yaml:702:13</code>")


def test_a_failure_keeps_the_page_and_adds_the_overlay() -> None:
    page = served_page(BRIEF, 3, (TYPO,), "arch.yaml: 1 error")
    assert "<p>brief</p>" in page
    assert page.index("<p>brief</p>") < page.index('id="archgen-problems"') < page.index("</body>")
    assert "1 problem: the page shows the last render that worked" in page


def test_a_failure_without_located_problems_shows_its_message() -> None:
    shown = overlay((), "templates/brief.html.j2: unexpected '}'")
    assert "<li>templates/brief.html.j2: unexpected &#x27;}&#x27;</li>" in shown


def test_every_text_of_the_overlay_is_escaped() -> None:
    hostile = Problem(
        "<b>a.yaml", 1, 2, "AG201", "unknown service '<img src=x onerror=alert(1)>'",
        "flows[0].<i>to", hint="</li></ol><script>alert(2)</script>",
    )  # fmt: skip
    shown = overlay((hostile,), "x </section><script>alert(3)</script>")
    assert "<img" not in shown and "<script" not in shown and "<b>" not in shown
    assert "<i>" not in shown and shown.count("</li>") == 1
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_a_page_without_a_body_end_still_gets_the_script() -> None:
    page = served_page("<p>a template of its own", 1, (), "")
    assert scripts(page) == [RELOAD_SCRIPT]


def test_the_waiting_page_escapes_the_model_name() -> None:
    page = empty_page("<script>x</script>.yaml")
    assert "<script" not in page and "&lt;script&gt;" in page
