"""The HTML brief in Chromium: no requests, clickable diagram, no sideways scroll on a phone.

Drives Debian's chromium through Playwright (never `playwright install`); ARCHGEN_CHROMIUM
overrides the path. Screenshots go to ARCHGEN_SCREENSHOTS when set (for looking at), else to
the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archgen.render.brief.html import render_html
from tests.models import view_from_data
from tests.render.brief.conftest import FINGERPRINT, example_data, real_svg, stub_svg

pytestmark = pytest.mark.slow  # drives Chromium

CHROMIUM = os.environ.get("ARCHGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}; set ARCHGEN_CHROMIUM to its path")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def brief_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's HTML brief with its real diagram, written once; the browser only reads it."""
    view = view_from_data(example_data())
    svg = real_svg(view) or stub_svg(view)
    path = tmp_path_factory.mktemp("browser") / "brief.html"
    path.write_text(render_html(view, diagram_svg=svg, fingerprint=FINGERPRINT))
    return path


def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ARCHGEN_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_no_request_leaves_the_page(browser: Any, brief_file: Path) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(brief_file.as_uri())
    page.wait_for_load_state("networkidle")
    outside = [
        url for url in requests if url != brief_file.as_uri() and not url.startswith("data:")
    ]
    assert outside == []
    page.close()


def test_clicking_a_service_in_the_diagram_opens_its_section(
    browser: Any, brief_file: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(brief_file.as_uri())
    page.locator('svg a[href="#service-cloudfront"]').click()
    assert page.evaluate("location.hash") == "#service-cloudfront"
    top = page.evaluate("document.getElementById('service-cloudfront').getBoundingClientRect().top")
    assert 0 <= top < 900
    page.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 800)])
def test_readable_at_desktop_and_phone_width(
    browser: Any, brief_file: Path, tmp_path: Path, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(brief_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    frame_width = page.evaluate("document.querySelector('.diagram-frame').clientWidth")
    assert 0 < frame_width <= width  # on a phone the diagram pans inside it
    folder = screenshot_dir(tmp_path)
    page.screenshot(path=str(folder / f"brief-{width}.png"))
    page.evaluate("document.getElementById('sec-coverage').scrollIntoView()")
    page.screenshot(path=str(folder / f"brief-{width}-coverage.png"))
    page.close()


DIAGRAM_SIZES = """() => {
  const svg = document.querySelector('svg.diagram-svg');
  const frame = svg.closest('.diagram-frame');
  return {natural: svg.width.baseVal.value, shown: svg.getBoundingClientRect().width,
          frame: frame.clientWidth, scrolls: frame.scrollWidth};
}"""


def test_on_a_phone_the_diagram_is_shown_full_size_and_pans(
    browser: Any, brief_file: Path, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(brief_file.as_uri())
    sizes = page.evaluate(DIAGRAM_SIZES)
    assert sizes["natural"] > 390  # the example's diagram is 1069 pt wide
    assert abs(sizes["shown"] - sizes["natural"]) < 0.5  # not shrunk to the screen
    assert sizes["scrolls"] > sizes["frame"]
    scrolled = page.evaluate(
        "(() => { const f = document.querySelector('.diagram-frame');"
        " f.scrollLeft = 300; return f.scrollLeft; })()"
    )
    assert scrolled == 300  # the frame pans, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("a.zoom-full").wait_for(state="hidden")
    page.screenshot(path=str(screenshot_dir(tmp_path) / "diagram-390.png"))
    page.locator("a.zoom-whole").click()  # the whole picture, without a script
    whole = page.evaluate(DIAGRAM_SIZES)
    assert whole["shown"] <= whole["frame"] and whole["scrolls"] <= whole["frame"] + 1
    page.locator("a.zoom-full").click()
    assert abs(page.evaluate(DIAGRAM_SIZES)["shown"] - sizes["natural"]) < 0.5
    page.close()


def test_on_a_wide_screen_the_diagram_fits_and_opens_full_size(
    browser: Any, brief_file: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(brief_file.as_uri())
    fitted = page.evaluate(DIAGRAM_SIZES)
    assert fitted["shown"] <= fitted["frame"] < fitted["natural"]
    page.locator("a.zoom-whole").wait_for(state="hidden")
    page.locator("a.zoom-full").click()
    full = page.evaluate(DIAGRAM_SIZES)
    assert abs(full["shown"] - full["natural"]) < 0.5 and full["scrolls"] > full["frame"]
    page.close()
