"""`archgen serve`'s page under a hostile model: what the model says reaches the overlay as text.

The model's own values come back in the problems' messages (an unknown id is quoted, a bad
key is named); the served page must show them escaped, add no element and no script but its
own reload script.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from archgen.serve.page import RELOAD_SCRIPT
from archgen.serve.preview import Preview
from archgen.serve.site import Site

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "models" / "minimal.yaml"
HOSTILE = [
    ("        to: photos\n", '        to: "<img src=x onerror=alert(1)>"\n'),
    ("        to: photos\n", "        to: \"</li></ol></section><script>alert(1)</script>\"\n"),
    ("    does: Keeps the photos.\n", "    does: Keeps.\n    '<svg onload=alert(1)>': 1\n"),
    ("  title: Photo sharing\n", "  title: Photo sharing\n  \"\\u202e<b>x\": 1\n"),
]  # fmt: skip


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False


@pytest.mark.parametrize(("old", "new"), HOSTILE)
def test_the_problems_overlay_shows_the_models_text_as_text(
    tmp_path: Path, old: str, new: str
) -> None:
    model = tmp_path / "arch.yaml"
    model.write_text(MINIMAL.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    outcome = Preview(model, shown_name="arch.yaml").render()
    assert not outcome.ok and outcome.problems
    site = Site("arch.yaml")
    site.publish(outcome)
    page = site.page("brief.html")
    assert page is not None and "archgen-problems" in page
    found = Elements()
    found.feed(page)
    tags = {tag for tag, _ in found.tags}
    assert tags <= {"html", "head", "meta", "title", "body", "p", "script", "style", "section",
                    "h2", "ol", "li", "code", "span"}  # fmt: skip
    assert found.scripts == [RELOAD_SCRIPT]
    assert not any(name.startswith("on") for _, attrs in found.tags for name in attrs)
    assert "\u202e" not in page
