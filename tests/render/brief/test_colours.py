"""A flow's own colour is named in the brief as the diagram draws it."""

from __future__ import annotations

from archgen.render.brief.markdown import render_markdown
from tests.models import view_from_data
from tests.render.brief.conftest import FINGERPRINT
from tests.render.diagram.conftest import small_model


def test_a_flow_in_a_css_colour_is_named_by_it() -> None:
    data = small_model()
    data["flows"][0]["colour"] = "FireBrick"
    text = render_markdown(view_from_data(data), fingerprint=FINGERPRINT)
    assert "drawn in firebrick (`#B22222`) on the diagram" in text


def test_a_flow_in_an_unnamed_colour_is_given_as_hex() -> None:
    data = small_model()
    data["flows"][0]["colour"] = "#123457"
    text = render_markdown(view_from_data(data), fingerprint=FINGERPRINT)
    assert "drawn in #123457 (`#123457`) on the diagram" in text
