"""Problem codes of `archgen import` (AG5xx), each located in the infrastructure code read."""

from __future__ import annotations

from pathlib import Path

from archgen.problems import ArchgenError, Problem

UNREADABLE = "AG501"
NOT_A_TEMPLATE = "AG502"
UNKNOWN_TAG = "AG503"
REFERENCE_CYCLE = "AG504"
TOO_LARGE = "AG505"
SYNTAX = "AG506"
NOTHING_TO_DRAW = "AG507"
OUTPUT_EXISTS = "AG508"
TEMPLATE_SYNTAX = "AG509"

CODES: dict[str, str] = {
    UNREADABLE: "The source is missing, unreadable, not UTF-8, or a folder with no .tf files.",
    NOT_A_TEMPLATE: "A file that is not a CloudFormation template, Terraform configuration or "
    "`terraform show -json` output.",
    UNKNOWN_TAG: "A YAML tag that is no CloudFormation intrinsic function (`!Ref`, `!Sub`, …); "
    "tags that build Python objects are refused too.",
    REFERENCE_CYCLE: "Resources that reference each other in a loop: no tool can create them.",
    TOO_LARGE: "A source past archgen's bounds (size, values, nesting, aliases).",
    SYNTAX: "A Terraform syntax error: HCL, or the JSON of `terraform show -json`.",
    NOTHING_TO_DRAW: "The source declares no resource that becomes a service on the diagram.",
    OUTPUT_EXISTS: "The output file exists already; `--force` replaces it.",
    TEMPLATE_SYNTAX: "A CloudFormation template's YAML or JSON syntax error, or a key written "
    "twice.",
}

# A CloudFormation template is at most 1 MB (the limit of CloudFormation itself). HCL parses at
# ~60 KB a second (python-hcl2 on lark), so a folder's .tf files get 2 MiB together (~35 s); the
# JSON of `terraform show -json` parses in C and gets 8 MiB.
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_HCL_BYTES = 2 * 1024 * 1024
MAX_TERRAFORM_BYTES = 8 * 1024 * 1024
MAX_VALUES = 200_000  # values walked, aliases expanded: stops "billion laughs"
MAX_DEPTH = 100


def problem(file: str, line: int, column: int, code: str, message: str, hint: str = "") -> Problem:
    return Problem(file, max(line, 1), max(column, 0), code, message, hint=hint)


def import_error(problems: list[Problem], what: str = "nothing was written") -> ArchgenError:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return ArchgenError(f"import failed: {count} {noun}; {what}", problems)


def fail_at(
    file: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> ArchgenError:
    return import_error([problem(file, line, column, code, message, hint)])


def read_source_bytes(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of a source file, size-checked before reading; errors located at the file."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise fail_at(shown, 1, 0, UNREADABLE, "not a regular file", "name a template file")
        if size > limit:
            raise fail_at(
                shown,
                1,
                0,
                TOO_LARGE,
                f"the file has {size:,} bytes, more than the {limit:,} archgen reads",
                "split the template (nested stacks or modules) and import the parts",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise fail_at(
            shown,
            1,
            0,
            UNREADABLE,
            "no such file or folder",
            "check the spelling; a relative path is read from the current folder",
        ) from None
    except OSError as error:
        raise fail_at(
            shown,
            1,
            0,
            UNREADABLE,
            f"cannot read it: {error.strerror or error}",
            "check the path and its permissions",
        ) from None


def decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - data.rfind(b"\n", 0, error.start)  # in bytes: the text is not
        raise fail_at(
            shown, line, column, UNREADABLE, "the file is not UTF-8 text", "save it as UTF-8"
        ) from None
