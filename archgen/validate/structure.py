"""Check the shape of arch.yaml with the pydantic models; every error becomes a located Problem.

pydantic's messages are written for programmers ("Input should be a valid list"); each error
type is rewritten here for the student who wrote the YAML, with what to type instead.
"""

from __future__ import annotations

import datetime
import enum
import re
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from archgen.load import LoadedDocument
from archgen.model.schema import ID_PATTERN, Architecture
from archgen.problems import Problem, format_path
from archgen.validate import codes
from archgen.validate.suggest import did_you_mean, quoted_list, slugify_id, suggest

ID_RULE = "ids use lowercase letters, digits, '-' or '_', starting with a letter, e.g. 'app-runner'"
DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-11-24"
YamlPath = tuple[str | int, ...]  # keys and list indexes from the root, e.g. ('flows', 0)
SHOWN_TEXT = 60  # longer values are cut short in messages; the position shows the whole
DICT_KEY = "[key]"  # pydantic's loc marker for an error in a mapping's key rather than its value


def check_structure(doc: LoadedDocument) -> tuple[Architecture | None, list[Problem]]:
    """The typed model, or None and one problem per pydantic error."""
    try:
        return Architecture.model_validate(doc.data), []
    except ValidationError as error:
        details = error.errors(include_url=False)
        return None, [problem_for(doc, e) for e in details if not is_misspelt(e, details)]


def is_misspelt(error: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """A missing key that an unknown key beside it misspells (`form:` for `from:`): say it once."""
    if error["type"] != "missing":
        return False
    parent, key = error["loc"][:-1], str(error["loc"][-1])
    return any(
        other["type"] == "extra_forbidden"
        and other["loc"][:-1] == parent
        and suggest(str(other["loc"][-1]), [key])
        for other in details
    )


@dataclass(frozen=True)
class Slot:
    """What the schema expects at one place of the document."""

    annotation: Any  # the type, with Optional and Annotated still on it
    field: FieldInfo | None = None  # set when the place is a model field

    @property
    def bare(self) -> Any:
        return unwrap(self.annotation)


@dataclass(frozen=True)
class Finding:
    """A rewritten error before it is located: code, message, hint, and whether at the key."""

    code: str
    message: str
    hint: str = ""
    at_key: bool = False


def unwrap(annotation: Any) -> Any:
    """The type without `| None` and `Annotated[...]` around it."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            others = [a for a in get_args(annotation) if a is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def is_model(annotation: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def yaml_key(name: str, field: FieldInfo) -> str:
    """The key a student writes for a field: its alias ('from') or its name."""
    return field.alias or name


def model_keys(model: type[BaseModel]) -> list[str]:
    return [yaml_key(name, field) for name, field in model.model_fields.items()]


def slot_at(loc: Sequence[str | int]) -> Slot | None:
    """Walk the schema along a pydantic loc; None when the loc leaves the schema."""
    slot = Slot(Architecture)
    for part in loc:
        bare, origin = slot.bare, get_origin(slot.bare)
        if is_model(bare) and isinstance(part, str):
            fields = {yaml_key(n, f): f for n, f in bare.model_fields.items()}
            if part not in fields:
                return None
            slot = Slot(fields[part].annotation, fields[part])
        elif origin is list and isinstance(part, int):
            slot = Slot(get_args(bare)[0])
        elif origin is dict:
            slot = Slot(get_args(bare)[0 if part == DICT_KEY else 1])
        else:
            return None
    return slot


def is_identifier(slot: Slot | None) -> bool:
    """Whether the place holds an id (constrained by the schema's ID_PATTERN)."""
    if slot is None:
        return False
    metadata = list(slot.field.metadata if slot.field else [])
    if get_origin(slot.annotation) is Annotated:
        metadata += get_args(slot.annotation)[1:]
    return any(getattr(m, "pattern", None) == ID_PATTERN for m in metadata)


def problem_for(doc: LoadedDocument, error: ErrorDetails) -> Problem:
    """Rewrite one pydantic error and place it at the most specific node of the document."""
    loc = tuple(error["loc"])
    at_key_loc = bool(loc) and loc[-1] == DICT_KEY
    path: YamlPath = loc[:-1] if at_key_loc else loc
    rewrite = REWRITES.get(error["type"], rewrite_other)
    finding = rewrite(error, Context(doc, loc, path))
    if error["type"] == "missing":
        position = doc.position(path[:-1], key=True)
    else:
        position = doc.position(path, key=finding.at_key or at_key_loc)
    return Problem(
        file=doc.file,
        line=position.line,
        column=position.column,
        code=finding.code,
        message=finding.message,
        path=format_path(path),
        hint=finding.hint,
    )


@dataclass(frozen=True)
class Context:
    """Where an error happened: the document, pydantic's loc, and the path in the YAML."""

    doc: LoadedDocument
    loc: tuple[str | int, ...]
    path: YamlPath

    @property
    def slot(self) -> Slot | None:
        return slot_at(self.loc)

    @property
    def key(self) -> str:
        """The nearest mapping key: `authors` for project.authors, `steps` for steps[0]."""
        return next((str(p) for p in reversed(self.path) if isinstance(p, str)), "")

    def source_text(self) -> str:
        """A number or true/false as written in the file ('1.0', 'TRUE'), for hints quoting it."""
        position = self.doc.position(self.path)
        lines = self.doc.text.splitlines()
        if not 0 < position.line <= len(lines):
            return ""
        written = re.match(r"[^\s,\]}#]+", lines[position.line - 1][position.column - 1 :])
        return written.group() if written else ""


Rewrite = Callable[[ErrorDetails, Context], Finding]


def shown(value: Any) -> str:
    """A value the way the student wrote it: quoted text, bare numbers."""
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= SHOWN_TEXT else f"'{value[: SHOWN_TEXT - 1]}…'"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def first_sentence(description: str | None) -> str:
    """'Why it was chosen over the alternatives.' → 'why it was chosen over the alternatives'."""
    if not description:
        return ""
    sentence = re.split(r"(?<=[.;])\s+(?=[A-Z])", description, maxsplit=1)[0].rstrip(".;")
    return sentence[:1].lower() + sentence[1:]


def rewrite_unknown_key(error: ErrorDetails, ctx: Context) -> Finding:
    key = str(ctx.path[-1])
    owner = slot_at(ctx.loc[:-1])
    allowed = model_keys(owner.bare) if owner and is_model(owner.bare) else []
    hint = did_you_mean(suggest(key, allowed)) or misplaced_key_hint(key, ctx)
    if not hint and allowed:
        hint = f"allowed keys here: {quoted_list(allowed, limit=len(allowed))}"
    return Finding(codes.UNKNOWN_KEY, f"unknown key '{key}'", hint, at_key=True)


def misplaced_key_hint(key: str, ctx: Context) -> str:
    """Spot a key indented one level too deep: `why:` under `cost:` belongs to the service."""
    parent = ctx.loc[:-1]
    for depth in range(len(parent) - 1, -1, -1):
        outer = slot_at(parent[:depth])
        if outer and is_model(outer.bare) and key in model_keys(outer.bare):
            where = format_path(parent[:depth]) or "the top level"
            return f"'{key}' belongs to {where}; check its indentation"
    return ""


def rewrite_missing(error: ErrorDetails, ctx: Context) -> Finding:
    key = str(ctx.path[-1])
    slot = ctx.slot
    what = first_sentence(slot.field.description if slot and slot.field else None)
    hint = f"add `{key}:` ({what})" if what else f"add `{key}:`"
    return Finding(codes.MISSING_KEY, f"missing required key '{key}'", hint)


def rewrite_id(error: ErrorDetails, ctx: Context) -> Finding:
    value = error["input"]
    slug = slugify_id(str(value))
    hint = did_you_mean([slug]) if slug and slug != value else ""
    return Finding(codes.BAD_ID, f"{shown(value)} is not a valid id: {ID_RULE}", hint)


def rewrite_pattern(error: ErrorDetails, ctx: Context) -> Finding:
    if is_identifier(ctx.slot) or error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return rewrite_id(error, ctx)
    value = str(error["input"])
    if ctx.key == "currency":
        hint = did_you_mean([value.upper()]) if re.fullmatch(r"[a-zA-Z]{3}", value) else ""
        message = f"'{value}' is not a currency code: use three capital letters, e.g. 'USD'"
        return Finding(codes.BAD_FORMAT, message, hint)
    pattern = error.get("ctx", {}).get("pattern", "")
    return Finding(codes.BAD_FORMAT, f"'{value}' does not have the expected form ({pattern})")


def allowed_values(error: ErrorDetails, ctx: Context) -> list[str]:
    slot = ctx.slot
    bare = slot.bare if slot else None
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return [str(member.value) for member in bare]
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def rewrite_choice(error: ErrorDetails, ctx: Context) -> Finding:
    allowed = allowed_values(error, ctx)
    value = error["input"]
    message = f"{shown(value)} is not allowed here; use one of {quoted_list(allowed, 20)}"
    hint = did_you_mean(suggest(str(value), allowed, limit=2)) if value is not None else ""
    return Finding(codes.BAD_VALUE, message, hint)


def rewrite_date(error: ErrorDetails, ctx: Context) -> Finding:
    value = error["input"]
    reason = str(error.get("ctx", {}).get("error", ""))
    if "outside expected range" in reason:  # well formed, but no such day: 2026-02-30
        return Finding(codes.BAD_DATE, f"{shown(value)} is not a real date ({reason})", DATE_HINT)
    written = str(value)
    if re.match(r"\d{4}-\d\d-\d\d[T ]", written):
        message = f"{shown(value)} has a time; only the date belongs here"
        return Finding(codes.BAD_DATE, message, did_you_mean([written[:10]]))
    loose = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", written)
    padded = "-".join(part.zfill(2) for part in loose.groups()) if loose else ""
    message = f"{shown(value)} is not a date in the form YYYY-MM-DD"
    return Finding(codes.BAD_DATE, message, did_you_mean([padded]) if padded else DATE_HINT)


def rewrite_range(error: ErrorDetails, ctx: Context) -> Finding:
    limits = error.get("ctx", {})
    words = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}
    bound = next((f"{words[k]} {limits[k]:g}" for k in words if k in limits), "in range")
    return Finding(codes.OUT_OF_RANGE, f"must be {bound}, not {shown(error['input'])}")


def rewrite_too_short(error: ErrorDetails, ctx: Context) -> Finding:
    minimum = int(error.get("ctx", {}).get("min_length", 1))
    if error["type"] == "string_too_short":
        slot = ctx.slot
        required = bool(slot and slot.field and slot.field.is_required())
        hint = write_hint(ctx)
        return Finding(codes.EMPTY, "is empty", hint if required else f"{hint}, or remove the key")
    noun = singular(ctx.key)
    entries = f"one {noun}" if minimum == 1 else f"{minimum} {ctx.key}"
    return Finding(codes.EMPTY, f"needs at least {entries}", entry_hint(ctx))


def rewrite_too_long(error: ErrorDetails, ctx: Context) -> Finding:
    limit = error.get("ctx", {}).get("max_length")
    value = error["input"]
    size = f"{len(value)} characters" if isinstance(value, str) else f"{len(value)} entries"
    return Finding(codes.TOO_LONG, f"is {size} long; at most {limit} fit here", "shorten it")


def singular(key: str) -> str:
    irregular = {"requirements": "requirement", "services": "service", "steps": "step"}
    return irregular.get(key, key[:-1] if key.endswith("s") else key)


def entry_hint(ctx: Context) -> str:
    """How a list's entry starts: '- id: …' for services, '- from: …' for steps."""
    slot = ctx.slot
    item = unwrap(get_args(slot.bare)[0]) if slot and get_origin(slot.bare) is list else None
    if is_model(item):
        first = model_keys(item)[0]
        return f"add an entry on its own line, starting with `- {first}: …`"
    return f"add an entry on its own line, starting with `- ` under `{ctx.key}:`"


SIMPLE_TYPES: dict[Any, str] = {
    str: "text",
    float: "a number",
    int: "a whole number",
    bool: "true or false",
    datetime.date: "a date (YYYY-MM-DD)",
}
TYPE_BY_ERROR = {"list": "a list", "dict": "a mapping", "model": "a mapping", "string": "text"}


def describe(ctx: Context, error: ErrorDetails) -> str:
    """What belongs at the place, in words: 'a list of ids', 'text', 'a mapping with `title:`'."""
    slot = ctx.slot
    bare = slot.bare if slot else None
    if get_origin(bare) is list:
        item = get_args(bare)[0]
        if is_model(unwrap(item)):
            return f"a list of {ctx.key}"
        return "a list of ids" if is_identifier(Slot(item)) else "a list of text entries"
    if get_origin(bare) is dict:
        return "a mapping of `key: value` lines"
    if is_model(bare):
        return f"a mapping with keys such as `{model_keys(bare)[0]}:`"
    if bare in SIMPLE_TYPES:
        return SIMPLE_TYPES[bare]
    return TYPE_BY_ERROR.get(error["type"].split("_")[0], "another kind of value")


def rewrite_type(error: ErrorDetails, ctx: Context) -> Finding:
    value = error["input"]
    expected = describe(ctx, error)
    message = f"expected {expected}, got {shown(value)}"
    if value is None:  # `why:` with nothing after it: empty, not a different type
        return Finding(codes.EMPTY, f"has no value; expected {expected}", type_hint(value, ctx))
    return Finding(codes.WRONG_TYPE, message, type_hint(value, ctx))


def type_hint(value: Any, ctx: Context) -> str:
    """What to write instead, shaped by what belongs here and what the student wrote."""
    slot = ctx.slot
    bare = slot.bare if slot else None
    origin = get_origin(bare)
    if origin is list:
        return list_hint(value, ctx)
    if origin is dict:
        return mapping_hint(value, ctx)
    if is_model(bare):
        first = model_keys(bare)[0]
        if isinstance(ctx.path[-1], int):
            return f"each entry is a mapping: `- {first}: …` with its other keys indented below"
        return f"write its keys indented on the lines below `{ctx.key}:`, e.g. `{first}: …`"
    if bare is str:
        return text_hint(value, ctx)
    if bare in (float, int):
        return f"write only the number, e.g. `{ctx.key}: {12.5 if bare is float else 12}`"
    return ""


def mapping_hint(value: Any, ctx: Context) -> str:
    """`serves: [perf]` → write `perf: …`: each requirement id becomes a key with its text."""
    first = value[0] if isinstance(value, list) and value and isinstance(value[0], str) else ""
    example = f"{first}: …" if first else "scalability: …"
    return f"write `key: value` lines indented under `{ctx.key}:`, e.g. `{example}`"


def list_hint(value: Any, ctx: Context) -> str:
    if value is None or isinstance(value, dict):
        return entry_hint(ctx)
    slot = ctx.slot
    item = unwrap(get_args(slot.bare)[0]) if slot else None
    if is_model(item):
        return entry_hint(ctx)
    token = value if isinstance(value, str) else ctx.source_text() or shown(value)
    return f"write `{ctx.key}: [{token}]`, or put each entry on its own line as `- {token}`"


def write_hint(ctx: Context) -> str:
    """The hint "write `why: …` (why it was chosen …)", worded from the field's description."""
    slot = ctx.slot
    what = first_sentence(slot.field.description if slot and slot.field else None)
    return f"write `{ctx.key}: …` ({what})" if what else f"write `{ctx.key}: …`"


def text_hint(value: Any, ctx: Context) -> str:
    if value is None:
        return write_hint(ctx)
    if isinstance(value, list | dict):
        return f"write one text; for several lines use `{ctx.key}: >-` and indent the lines below"
    if is_identifier(ctx.slot):  # quoting `id: 5` would only trade this error for a bad id
        return ID_RULE
    token = ctx.source_text() or shown(value)
    return f'put it in quotes: `{ctx.key}: "{token}"`'


def rewrite_other(error: ErrorDetails, ctx: Context) -> Finding:
    return Finding(codes.BAD_STRUCTURE, error["msg"])


REWRITES: dict[str, Rewrite] = {
    "extra_forbidden": rewrite_unknown_key,
    "missing": rewrite_missing,
    "string_pattern_mismatch": rewrite_pattern,
    "enum": rewrite_choice,
    "literal_error": rewrite_choice,
    "greater_than": rewrite_range,
    "greater_than_equal": rewrite_range,
    "less_than": rewrite_range,
    "less_than_equal": rewrite_range,
    "string_too_short": rewrite_too_short,
    "too_short": rewrite_too_short,
    "string_too_long": rewrite_too_long,
    "too_long": rewrite_too_long,
    **dict.fromkeys(
        ["date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"],
        rewrite_date,
    ),
    **dict.fromkeys(
        [
            "string_type",
            "list_type",
            "dict_type",
            "model_type",
            "model_attributes_type",
            "float_type",
            "float_parsing",
            "int_type",
            "int_parsing",
            "int_from_float",
            "bool_type",
            "bool_parsing",
            "string_unicode",
        ],
        rewrite_type,
    ),
}
