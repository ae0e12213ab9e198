"""Model text that would be markup, a comment, a substitution or an escape in one of the export
languages if it were written as it is, and a model made of it."""

from __future__ import annotations

from typing import Any

EXPORT_NASTY = (
    'a "quoted" name',
    'closes"] and [opens',
    "arrows --> -> <- -- <-> -.->",
    "braces } { and {{ }}",
    "line one\nline two",
    "%% not a comment %%{init: {}}%%",
    "<script>alert(1)</script> <b>bold</b>",
    "semi; colons: and ; more",
    "`back ticks` and ``` fences",
    "${NAME} and $var and \\${x}",
    'escaped \\" quote',
    "ends with a backslash \\",
    "# hash // slashes /* star */",
    "!include https://example.invalid/x.dsl",
    '<mxCell id="9" vertex="1"/> &amp; &lt;',
    "'single' quotes and | pipes",
    "*stars* _under_ ~tilde~",
    "#35; #quot; entity codes",
)
ICONS = ("aws.compute.Lambda", "onprem.client.Users", "generic.compute.Rack", "aws.storage.S3")


def hostile_model() -> dict[str, Any]:
    """A model whose every name, label and title is a string of `EXPORT_NASTY`: services in
    nested groups (one group empty), one flow whose steps join them in a ring, and links."""
    ids = [f"svc-{index}" for index in range(len(EXPORT_NASTY))]
    services = [
        {
            "id": ids[i],
            "name": text,
            "icon": ICONS[i % len(ICONS)],
            "does": text,
            "why": "y",
            "group": f"grp_{i % 3}",
        }
        for i, text in enumerate(EXPORT_NASTY)
    ]
    services[-1].pop("group")  # one service outside any group
    groups = [
        {"id": "grp_0", "label": EXPORT_NASTY[1], "kind": "aws-cloud"},
        {"id": "grp_1", "label": EXPORT_NASTY[3], "kind": "vpc", "parent": "grp_0"},
        {"id": "grp_2", "label": EXPORT_NASTY[9], "kind": "private-subnet", "parent": "grp_1"},
        {"id": "grp-empty", "label": EXPORT_NASTY[4], "parent": "grp_0"},
    ]
    steps = [
        {
            "from": ids[i],
            "to": ids[(i + 1) % len(ids)],
            "label": text,
            "mode": ("sync", "async")[i % 2],
        }
        for i, text in enumerate(EXPORT_NASTY)
    ]
    directions = ("forward", "back", "both", "none")
    links = [
        {
            "from": ids[i],
            "to": ids[-1 - i],
            "label": EXPORT_NASTY[i],
            "direction": directions[i % 4],
        }
        for i in range(6)
    ]
    return {
        "project": {"title": EXPORT_NASTY[0], "subtitle": EXPORT_NASTY[9], "summary": "x"},
        "groups": groups,
        "services": services,
        "flows": [{"id": "nasty", "name": EXPORT_NASTY[2], "steps": steps}],
        "links": links,
    }
