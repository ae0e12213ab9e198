"""Check the shape of arch.yaml against its schema; every mismatch becomes a located Problem.

archgen.validate.shape finds the mismatches (against the JSON Schema generated from the
pydantic models); this module words each one for the student who wrote the YAML, with what to
type instead, and places it on the most specific node of the document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from archgen.load import LoadedDocument
from archgen.model.rules import ID_PATTERN
from archgen.problems import Problem, format_path
from archgen.validate import codes
from archgen.validate import shape as s
from archgen.validate.shape import Issue, Rule, YamlPath, find_issues, root_rule, rule_at
from archgen.validate.suggest import did_you_mean, quoted_list, slugify_id, suggest

__all__ = ["YamlPath", "check_structure", "word_issues"]

ID_RULE = (
    "ids use letters, digits and single '-', '_' or '.' between words, starting with a letter, "
    "e.g. 'app-runner' or 'PublicSubnet1'"
)
DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-11-24"
SHOWN_TEXT = 60  # longer values are cut short in messages; the position shows the whole


def check_structure(doc: LoadedDocument) -> list[Problem]:
    """One problem per mismatch with the schema; none when the data has the model's shape."""
    return word_issues(doc, find_issues(doc.data))


def word_issues(doc: LoadedDocument, issues: list[Issue]) -> list[Problem]:
    """Each issue as a located problem, but a misspelt key only once."""
    unknown: dict[YamlPath, list[str]] = {}  # mapping → its unknown keys
    for issue in issues:
        if issue.kind == s.UNKNOWN_KEY:
            unknown.setdefault(issue.path[:-1], []).append(str(issue.path[-1]))
    return [problem_for(doc, issue) for issue in issues if not is_misspelt(issue, unknown)]


def is_misspelt(issue: Issue, unknown: dict[YamlPath, list[str]]) -> bool:
    """A missing key that an unknown key beside it misspells (`form:` for `from:`): say it once."""
    if issue.kind != s.MISSING:
        return False
    key = str(issue.path[-1])
    return any(close_names(other, (key,)) for other in unknown.get(issue.path[:-1], ()))


@functools.lru_cache(maxsize=1024)
def close_names(word: str, candidates: tuple[str, ...], limit: int = 3) -> list[str]:
    """suggest(), remembered: a generated or copied model repeats one typo thousands of times."""
    return suggest(word, candidates, limit)


class Finding:
    """A worded issue before it is located: code, message, hint, and whether at the key."""

    __slots__ = ("at_key", "code", "hint", "message")

    def __init__(self, code: str, message: str, hint: str = "", *, at_key: bool = False) -> None:
        self.code, self.message, self.hint, self.at_key = code, message, hint, at_key


class Context:
    """Where an issue is: the document, the issue, and what the schema says around it."""

    def __init__(self, doc: LoadedDocument, issue: Issue) -> None:
        self.doc = doc
        self.issue = issue
        self.path: YamlPath = issue.path
        self.rule: Rule = issue.rule
        self.value: Any = issue.value

    @property
    def key(self) -> str:
        """The nearest mapping key: `authors` for project.authors, `steps` for steps[0]."""
        return next((str(p) for p in reversed(self.path) if isinstance(p, str)), "")

    def field(self) -> tuple[str, bool] | None:
        """(description, required) when the place is a key of a model; None otherwise."""
        if self.issue.at_key or not self.path:
            return None
        owner = rule_at(root_rule(), self.path[:-1])
        key = self.path[-1]
        if owner is None or owner.kind != "object" or key not in owner.properties:
            return None
        return owner.descriptions.get(str(key), ""), key in owner.required

    def source_text(self) -> str:
        """A number or true/false as written in the file ('1.0', 'TRUE'), for hints quoting it."""
        position = self.doc.position(self.path)
        lines = self.doc.text.splitlines()
        if not 0 < position.line <= len(lines):
            return ""
        written = re.match(r"[^\s,\]}#]+", lines[position.line - 1][position.column - 1 :])
        return written.group() if written else ""


def problem_for(doc: LoadedDocument, issue: Issue) -> Problem:
    """Word one issue and place it at the most specific node of the document."""
    finding = REWRITES[issue.kind](Context(doc, issue))
    if issue.kind == s.MISSING:
        position = doc.position(issue.path[:-1], key=True)
    else:
        position = doc.position(issue.path, key=finding.at_key or issue.at_key)
    return Problem(
        file=doc.file,
        line=position.line,
        column=position.column,
        code=finding.code,
        message=finding.message,
        path=format_path(issue.path),
        hint=finding.hint,
    )


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


def field_what(ctx: Context) -> str:
    """What the field holds, from its description: 'why it was chosen over the alternatives'."""
    field = ctx.field()
    return first_sentence(field[0]) if field else ""


def is_identifier(rule: Rule | None) -> bool:
    """Whether the place holds an id (constrained by the schema's ID_PATTERN)."""
    return rule is not None and rule.pattern_text == ID_PATTERN


def first_key(rule: Rule) -> str:
    return next(iter(rule.properties), "")


def rewrite_unknown_key(ctx: Context) -> Finding:
    key = str(ctx.path[-1])
    allowed = list(ctx.rule.properties)
    hint = did_you_mean(close_names(key, tuple(allowed))) or misplaced_key_hint(key, ctx)
    if not hint and allowed:
        hint = f"allowed keys here: {quoted_list(allowed, limit=len(allowed))}"
    return Finding(codes.UNKNOWN_KEY, f"unknown key '{key}'", hint, at_key=True)


def misplaced_key_hint(key: str, ctx: Context) -> str:
    """Spot a key indented one level too deep: `why:` under `cost:` belongs to the service."""
    parent = ctx.path[:-1]
    for depth in range(len(parent) - 1, -1, -1):
        outer = rule_at(root_rule(), parent[:depth])
        if outer is not None and outer.kind == "object" and key in outer.properties:
            where = format_path(parent[:depth]) or "the top level"
            return f"'{key}' belongs to {where}; check its indentation"
    return ""


def rewrite_missing(ctx: Context) -> Finding:
    key = str(ctx.path[-1])
    what = field_what(ctx)
    hint = f"add `{key}:` ({what})" if what else f"add `{key}:`"
    return Finding(codes.MISSING_KEY, f"missing required key '{key}'", hint)


def rewrite_id(ctx: Context) -> Finding:
    value = ctx.value
    slug = slugify_id(str(value))
    hint = did_you_mean([slug]) if slug and slug != value else ""
    return Finding(codes.BAD_ID, f"{shown(value)} is not a valid id: {ID_RULE}", hint)


def rewrite_pattern(ctx: Context) -> Finding:
    if is_identifier(ctx.rule):
        return rewrite_id(ctx)
    value = str(ctx.value)
    if ctx.key == "currency":
        hint = did_you_mean([value.upper()]) if re.fullmatch(r"[a-zA-Z]{3}", value) else ""
        message = f"'{value}' is not a currency code: use three capital letters, e.g. 'USD'"
        return Finding(codes.BAD_FORMAT, message, hint)
    pattern = ctx.rule.pattern_text
    return Finding(codes.BAD_FORMAT, f"'{value}' does not have the expected form ({pattern})")


def rewrite_choice(ctx: Context) -> Finding:
    allowed = [str(value) for value in ctx.rule.enum]
    value = ctx.value
    message = f"{shown(value)} is not allowed here; use one of {quoted_list(allowed, 20)}"
    hint = did_you_mean(close_names(str(value), tuple(allowed), 2)) if value is not None else ""
    return Finding(codes.BAD_VALUE, message, hint)


def rewrite_date(ctx: Context) -> Finding:
    value = ctx.value
    written = str(value)
    reason = s.date_problem(value) if isinstance(value, str) else "form"
    if reason != "form":  # well formed, but no such day: 2026-02-30
        return Finding(codes.BAD_DATE, f"{shown(value)} is not a real date ({reason})", DATE_HINT)
    if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d[Tt_ ]", written):
        message = f"{shown(value)} has a time; only the date belongs here"
        return Finding(codes.BAD_DATE, message, did_you_mean([written[:10]]))
    loose = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", written)
    padded = "-".join(part.zfill(2) for part in loose.groups()) if loose else ""
    hint = did_you_mean([padded]) if padded and not s.date_problem(padded) else DATE_HINT
    return Finding(codes.BAD_DATE, f"{shown(value)} is not a date in the form YYYY-MM-DD", hint)


BOUND_WORDS = {
    "minimum": "at least",
    "exclusiveMinimum": "more than",
    "maximum": "at most",
    "exclusiveMaximum": "less than",
}


def rewrite_range(ctx: Context) -> Finding:
    bound = s.broken_bound(ctx.value, ctx.rule.bounds)
    limit = f"{BOUND_WORDS[bound]} {ctx.rule.bounds[bound]:g}" if bound else "in range"
    return Finding(codes.OUT_OF_RANGE, f"must be {limit}, not {shown(ctx.value)}")


def rewrite_too_short(ctx: Context) -> Finding:
    if ctx.rule.kind != "array":
        field = ctx.field()
        hint = write_hint(ctx)
        return Finding(
            codes.EMPTY, "is empty", hint if field and field[1] else f"{hint}, or remove the key"
        )
    minimum = ctx.rule.min_length or 1
    entries = f"one {singular(ctx.key)}" if minimum == 1 else f"{minimum} {ctx.key}"
    return Finding(codes.EMPTY, f"needs at least {entries}", entry_hint(ctx))


def rewrite_too_long(ctx: Context) -> Finding:
    value = ctx.value
    size = f"{len(value)} characters" if isinstance(value, str) else f"{len(value)} entries"
    limit = ctx.rule.max_length
    return Finding(codes.TOO_LONG, f"is {size} long; at most {limit} fit here", "shorten it")


def singular(key: str) -> str:
    irregular = {"requirements": "requirement", "services": "service", "steps": "step"}
    return irregular.get(key, key[:-1] if key.endswith("s") else key)


def entry_hint(ctx: Context) -> str:
    """How a list's entry starts: '- id: …' for services, '- from: …' for steps."""
    item = ctx.rule.items
    if item is not None and item.kind == "object":
        return f"add an entry on its own line, starting with `- {first_key(item)}: …`"
    return f"add an entry on its own line, starting with `- ` under `{ctx.key}:`"


SIMPLE_TYPES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "date": "a date (YYYY-MM-DD)",
}


def describe(ctx: Context) -> str:
    """What belongs at the place, in words: 'a list of ids', 'text', 'a mapping with `title:`'."""
    rule = ctx.rule
    if rule.kind == "array":
        item = rule.items
        if item is not None and item.kind == "object":
            return f"a list of {ctx.key}"
        return "a list of ids" if is_identifier(item) else "a list of text entries"
    if rule.kind == "map":
        return "a mapping of `key: value` lines"
    if rule.kind == "object":
        return f"a mapping with keys such as `{first_key(rule)}:`"
    return SIMPLE_TYPES.get(rule.kind, "another kind of value")


def rewrite_type(ctx: Context) -> Finding:
    value = ctx.value
    expected = describe(ctx)
    if value is None:  # `why:` with nothing after it: empty, not a different type
        return Finding(codes.EMPTY, f"has no value; expected {expected}", type_hint(ctx))
    return Finding(codes.WRONG_TYPE, f"expected {expected}, got {shown(value)}", type_hint(ctx))


def type_hint(ctx: Context) -> str:
    """What to write instead, shaped by what belongs here and what the student wrote."""
    kind = ctx.rule.kind
    if kind == "array":
        return list_hint(ctx)
    if kind == "map":
        return mapping_hint(ctx)
    if kind == "object":
        first = first_key(ctx.rule)
        if isinstance(ctx.path[-1], int):
            return f"each entry is a mapping: `- {first}: …` with its other keys indented below"
        return f"write its keys indented on the lines below `{ctx.key}:`, e.g. `{first}: …`"
    if kind == "string":
        return text_hint(ctx)
    if kind in ("number", "integer"):
        return f"write only the number, e.g. `{ctx.key}: {12.5 if kind == 'number' else 12}`"
    return ""


def mapping_hint(ctx: Context) -> str:
    """`serves: [perf]` → write `perf: …`: each requirement id becomes a key with its text."""
    value = ctx.value
    first = value[0] if isinstance(value, list) and value and isinstance(value[0], str) else ""
    example = f"{first}: …" if first else "scalability: …"
    return f"write `key: value` lines indented under `{ctx.key}:`, e.g. `{example}`"


def list_hint(ctx: Context) -> str:
    value = ctx.value
    item = ctx.rule.items
    if value is None or isinstance(value, dict) or (item is not None and item.kind == "object"):
        return entry_hint(ctx)
    token = value if isinstance(value, str) else ctx.source_text() or shown(value)
    return f"write `{ctx.key}: [{token}]`, or put each entry on its own line as `- {token}`"


def write_hint(ctx: Context) -> str:
    """The hint "write `why: …` (why it was chosen …)", worded from the field's description."""
    what = field_what(ctx)
    return f"write `{ctx.key}: …` ({what})" if what else f"write `{ctx.key}: …`"


def text_hint(ctx: Context) -> str:
    value = ctx.value
    if value is None:
        return write_hint(ctx)
    if isinstance(value, list | dict):
        return f"write one text; for several lines use `{ctx.key}: >-` and indent the lines below"
    if is_identifier(ctx.rule):  # quoting `id: 5` would only trade this error for a bad id
        return ID_RULE
    token = ctx.source_text() or shown(value)
    return f'put it in quotes: `{ctx.key}: "{token}"`'


Rewrite = Callable[[Context], Finding]
REWRITES: dict[str, Rewrite] = {
    s.UNKNOWN_KEY: rewrite_unknown_key,
    s.MISSING: rewrite_missing,
    s.WRONG_TYPE: rewrite_type,
    s.NOT_ALLOWED: rewrite_choice,
    s.PATTERN: rewrite_pattern,
    s.TOO_SHORT: rewrite_too_short,
    s.TOO_LONG: rewrite_too_long,
    s.RANGE: rewrite_range,
    s.BAD_DATE: rewrite_date,
}
