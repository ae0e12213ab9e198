"""`archgen export FORMAT`: one model handed on to another diagram tool, as one file.

An export is an output like any other (`archgen.outputs`), rendered on its own: the same
validation, the same output folder and the same all-or-nothing write as `archgen render`,
so `archgen render --only drawio` writes the very same file and `archgen check` sees it.
"""

from __future__ import annotations

from archgen.commands.render import RenderOptions

# the format `archgen export` takes → the output it writes (`archgen.outputs`)
EXPORTS = {
    "drawio": "drawio",  # diagram.drawio
    "mermaid": "mermaid",  # diagram.architecture.mmd
    "d2": "d2",  # diagram.d2
    "structurizr": "structurizr",  # workspace.dsl
}


def export_options(export_format: str) -> RenderOptions:
    """What `archgen export FORMAT` renders: that output alone, written even when fresh."""
    return RenderOptions(formats=(EXPORTS[export_format],), force=True)
