"""`archgen import cloudformation|terraform SOURCE`: a first arch.yaml from infrastructure code.

Read (archgen.imports.cloudformation / .terraform) → build the model (archgen.imports.build) →
write a commented, validated arch.yaml (archgen.imports.write). Nothing is written unless every
step succeeded.
"""

from __future__ import annotations

from pathlib import Path

from archgen.imports.build import build_model
from archgen.imports.found import Found
from archgen.imports.names import counted, path_in_model
from archgen.imports.write import check_model_text, model_text, write_new_file

LANGUAGES = ("cloudformation", "terraform")


def read_source(language: str, source: Path) -> Found:
    if language == "cloudformation":
        from archgen.imports.cloudformation import read_template

        return read_template(source, str(source))
    from archgen.imports.terraform import read_terraform

    return read_terraform(source, str(source).rstrip("/") or str(source))


def import_text(language: str, source: Path, output: Path | None) -> tuple[str, Found]:
    """The validated arch.yaml text imported from `source` (`output` is where it will go)."""
    found = read_source(language, source)
    target = output if output is not None else Path("arch.yaml")
    # The model names its source relative to its own folder: no path of this machine in it.
    named = path_in_model(source, target.parent)
    text = model_text(build_model(found, named), found.language, named)
    check_model_text(text, str(target), target.parent)
    return text, found


def run_import(language: str, source: Path, output: Path | None, *, force: bool) -> list[str]:
    """Import and write; returns the lines to tell the user. `output` None prints to stdout."""
    text, found = import_text(language, source, output)
    if output is None:
        return [text]
    write_new_file(output, text, force=force)
    services = text.count("\n    origin:")
    return [
        f"wrote {output}: {counted(services, 'service')} from "
        f"{counted(len(found.resources), 'resource')} of {source}",
        "next: write the summary and each `does:` and `why:`, then "
        f"archgen validate --strict {output}",
    ]
