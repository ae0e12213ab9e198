"""Write an imported model as a commented arch.yaml: what was left out, said at the top.

The text is checked by `archgen validate`'s own pipeline before a byte is written; the file is
written atomically (a temporary file beside it, then renamed), and an existing file is replaced
only when asked.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from archgen.imports import codes
from archgen.imports.build import Built, clean
from archgen.imports.names import counted
from archgen.problems import ArchgenError

HEADER = """\
Imported by `archgen import {language}` from {source}.
The project's `summary:` and every `does:` and `why:` hold a TODO(archgen) placeholder:
write what the architecture is for, what each service does and why it was chosen, then
`archgen validate --strict` passes. Each service's `origin:` says where it is declared.
"""
SECTION_COMMENTS = {
    "groups": "Boundaries from placement: VPC → availability zone (where stated) → subnet.",
    "services": "The resources a reader expects as boxes.",
    "links": "References between services (Ref, GetAtt, Sub, DependsOn, attribute references),\n"
    "directly or through one plumbing resource, drawn the way traffic flows for client → server\n"
    "pairs (DNS → CDN → API → load balancer → targets; event source → topic → queue →\n"
    "function), else from the resource that names the other.",
}
LISTED = 12  # names per plumbing type in the opening comment


def model_text(built: Built, language: str, source: str) -> str:
    """The arch.yaml text of an imported model, with its opening comment (`source` as the model
    names it: relative to its folder, or the source's own name)."""
    header = HEADER.format(language=language.lower(), source=clean(source, 120))
    left_out = _left_out(built)
    header += left_out + ("\n" if left_out else "") + _kept_as_they_are(built)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for key, value in built.model.items():
        lines.append("")
        lines += [f"# {line}" for line in SECTION_COMMENTS.get(key, "").splitlines()]
        lines += _emit({key: value}, 0)
    return "\n".join(lines) + "\n"


def _left_out(built: Built) -> str:
    lines = []
    if built.plumbing:
        count = sum(len(keys) for keys in built.plumbing.values())
        lines.append(f"\nLeft out as plumbing ({counted(count, 'resource')}, not drawn):")
        for type_name in sorted(built.plumbing):
            keys = [clean(key, 60) for key in built.plumbing[type_name]]
            more = f" and {len(keys) - LISTED} more" if len(keys) > LISTED else ""
            lines.append(f"  {clean(type_name, 80)}: {', '.join(keys[:LISTED])}{more}")
    if built.generic:
        names = ", ".join(clean(key, 60) for key in built.generic[:LISTED])
        lines.append(f"\nDrawn with the generic AWS icon (no table entry for the type): {names}")
    return "\n".join(lines)


def _kept_as_they_are(built: Built) -> str:
    """What `validate` would warn about and why it is as the source has it."""
    lines = []
    if built.empty_groups:
        lines += [
            "\nKept though empty, marked `lint: {ignore: [AG305]}`: " + _listed(built.empty_groups),
            "The source creates them but places no service in them: put a service in one and",
            "drop its mark, or delete the group.",
        ]
    if built.unlinked:
        lines += [
            "\nNo reference in the source connects these services, so `validate` warns (AG302)",
            "until a flow step or a link uses them: " + _listed(built.unlinked),
        ]
    return "\n".join(lines)


def _listed(names: list[str]) -> str:
    shown = ", ".join(clean(name, 60) for name in names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "") + "."


# Written plain: ids, icon kinds, type names. Anything else is a JSON string, which YAML reads as
# a double-quoted scalar: no text from the source can become YAML structure.
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(?:::[A-Za-z0-9_./-]+)*")
NOT_PLAIN = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in NOT_PLAIN:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: dict[str, Any], indent: int) -> list[str]:
    """Block-style YAML of a mapping whose values are text, numbers, mappings or lists."""
    pad, lines = " " * indent, []
    for key, item in value.items():
        if isinstance(item, dict):
            lines += [f"{pad}{key}:", *_emit(item, indent + 2)]
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for entry in item:
                nested = (
                    _emit(entry, indent + 4)
                    if isinstance(entry, dict)
                    else [f"{pad}    {_scalar(entry)}"]
                )
                lines += [f"{pad}  - {nested[0].lstrip()}", *nested[1:]]
        elif isinstance(item, str) and _literal_block_fits(item):
            lines.append(f"{pad}{key}: |-")
            lines += [f"{pad}  {line}" if line else "" for line in item.split("\n")]
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def _literal_block_fits(text: str) -> bool:
    """Text of several lines reads best as a `|-` block, kept exactly as it is when every line
    is printable and neither starts nor ends with a space (build.clean makes them so)."""
    parts = text.split("\n")
    return (
        len(parts) > 1
        and bool(parts[0])
        and all(part == part.strip() and part.isprintable() for part in parts)
    )


def check_model_text(text: str, file: str, model_dir: Path) -> None:
    """The imported text must validate; an error here is archgen's own bug, said plainly."""
    from archgen.load import load_model_text
    from archgen.validate import validate_document

    result = validate_document(load_model_text(text, file), model_dir=model_dir)
    if result.errors:
        raise ArchgenError(
            "the imported model does not validate (a bug in archgen import; nothing was written)",
            result.errors,
        )


def write_new_file(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` atomically; refuse an existing file unless `force`."""
    shown = str(path)
    if (path.exists() or path.is_symlink()) and not force:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.OUTPUT_EXISTS,
            "the file exists already",
            "pass --force to replace it, or -o another file",
        )
    if path.is_dir():
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.OUTPUT_EXISTS,
            "a folder has that name",
            "name a file with -o, e.g. -o arch.yaml",
        )
    folder = path.parent if str(path.parent) else Path(".")
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=folder,
            prefix=f".{path.name}.",
            suffix=".tmp",
            delete=False,
        ) as stream:
            temporary = Path(stream.name)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.UNREADABLE,
            f"cannot write it: {error.strerror or error}",
            "check the folder exists and can be written",
        ) from None
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.UNREADABLE,
            f"cannot write it: {error.strerror or error}",
            "check the folder can be written, or -o another file",
        ) from None
