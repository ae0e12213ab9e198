"""The language features over one analysed buffer, in LSP types with 0-based character columns.

Columns count characters (code points) here; the server converts them to the client's units.
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types as lsp

from archgen.icons.catalog import load_catalog
from archgen.lsp.analysis import Analysis
from archgen.lsp.ids import Occurrence, Span, at, definition_of, entry_of, same_id
from archgen.lsp.slots import Slot, slot_at
from archgen.model.rules import ID_PATTERN
from archgen.problems import Problem
from archgen.validate import codes
from archgen.validate.references import entries

ICON_ITEMS = 30  # ranked by archgen's icon search; the list refreshes as the word grows
# What each kind of id is described by in completion and hover: (label key, text key).
DESCRIBED_BY = {
    "services": ("name", "does"),
    "groups": ("label", "description"),
    "requirements": ("title", "description"),
}
NOUNS = {"services": "service", "groups": "group", "requirements": "requirement"}
_TOKEN = re.compile(r"[^\s,\[\]{}]+")


def diagnostics(analysis: Analysis) -> list[lsp.Diagnostic]:
    """archgen's problems, each at its line and column, with its code and hint."""
    return [_diagnostic(analysis.lines, problem) for problem in analysis.problems]


def _diagnostic(lines: list[str], problem: Problem) -> lsp.Diagnostic:
    line = max(problem.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    if problem.column == 0:  # the whole line
        start, end = 0, len(text)
    else:
        start = min(problem.column - 1, len(text))
        token = _TOKEN.match(text, start)
        end = token.end() if token else start
        end = end - 1 if end > start + 1 and text[end - 1] == ":" else end
    severity = (
        lsp.DiagnosticSeverity.Warning
        if problem.severity == "warning"
        else lsp.DiagnosticSeverity.Error
    )
    where = f"{problem.path}: " if problem.path else ""
    hint = f" — {problem.hint}" if problem.hint else ""
    return lsp.Diagnostic(
        range=_range(Span(line, start, end)),
        message=f"{where}{problem.message}{hint}",
        severity=severity,
        code=problem.code,
        source="archgen",
    )


def completion(analysis: Analysis, line: int, character: int) -> lsp.CompletionList | None:
    """Ids where an id is expected, icon kinds (best first) after `icon:`."""
    slot = slot_at(analysis.lines, line, character)
    if slot is None:
        return None
    edit_range = _range(Span(line, slot.start, slot.end))
    if slot.kind == "icons":
        return _icon_items(slot, edit_range)
    items = [
        lsp.CompletionItem(
            label=item_id,
            kind=lsp.CompletionItemKind.Reference,
            detail=f"{NOUNS[slot.kind]}: {label}" if label else NOUNS[slot.kind],
            text_edit=lsp.TextEdit(edit_range, f"{item_id}: " if slot.as_key else item_id),
            sort_text=f"{index:05d}",
        )
        for index, (item_id, label) in enumerate(_ids(analysis, slot))
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


def _ids(analysis: Analysis, slot: Slot) -> list[tuple[str, str]]:
    """(id, its label) of the slot's kind, in model order; those the typed word starts first."""
    if analysis.document is None:
        return []
    label_key = DESCRIBED_BY[slot.kind][0]
    found: dict[str, str] = {}
    for _, item in entries(analysis.document.data, slot.kind):
        item_id, label = item.get("id"), item.get(label_key)
        if isinstance(item_id, str) and item_id not in found:
            found[item_id] = label if isinstance(label, str) else ""
    typed = slot.typed.lower()
    return sorted(found.items(), key=lambda pair: not pair[0].lower().startswith(typed))


def _icon_items(slot: Slot, edit_range: lsp.Range) -> lsp.CompletionList:
    ranked = load_catalog().search_names(slot.typed, limit=ICON_ITEMS)
    items = [
        lsp.CompletionItem(
            label=name,
            kind=lsp.CompletionItemKind.Value,
            text_edit=lsp.TextEdit(edit_range, name),
            sort_text=f"{rank:05d}",
            filter_text=slot.typed,  # archgen ranked them: the editor must not drop any
        )
        for rank, name in enumerate(ranked)
    ]
    return lsp.CompletionList(is_incomplete=True, items=items)


def hover(analysis: Analysis, line: int, character: int) -> lsp.Hover | None:
    """A service's name, group and what it does (a group's or requirement's own words)."""
    target = at(analysis.found, line, character)
    if target is None or analysis.document is None:
        return None
    entry = entry_of(analysis.document, target)
    if entry is None:
        text = f"unknown {NOUNS[target.section]} `{target.name}`"
    else:
        text = _describe(analysis, target, entry)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
        range=_range(target.span),
    )


def _describe(analysis: Analysis, target: Occurrence, entry: dict[str, Any]) -> str:
    label_key, text_key = DESCRIBED_BY[target.section]
    label = _plain(entry.get(label_key)) or target.name
    lines = [f"**{label}** — {NOUNS[target.section]} `{target.name}`"]
    if target.section == "services":
        group = entry.get("group")
        lines.append(f"group: {_group_label(analysis, group)}" if group else "group: none")
    if target.section == "groups" and entry.get("kind"):
        lines.append(f"kind: {_plain(entry['kind'])}")
    described = _plain(entry.get(text_key))
    if described:
        lines.append(described)
    return "\n\n".join(lines)


def _group_label(analysis: Analysis, group: Any) -> str:
    assert analysis.document is not None
    for _, item in entries(analysis.document.data, "groups"):
        if item.get("id") == group:
            return f"{_plain(item.get('label')) or group} (`{group}`)"
    return f"`{_plain(group)}` (unknown)"


def _plain(value: Any) -> str:
    """Model text as shown in hover: Markdown the model writes is shown, never HTML."""
    if not isinstance(value, str):
        return ""
    return value.replace("<", "&lt;").replace(">", "&gt;").strip()


def definition(analysis: Analysis, uri: str, line: int, character: int) -> lsp.Location | None:
    target = at(analysis.found, line, character)
    found = definition_of(analysis.found, target) if target else None
    return lsp.Location(uri=uri, range=_range(found.span)) if found else None


def references(analysis: Analysis, uri: str, line: int, character: int) -> list[lsp.Location]:
    target = at(analysis.found, line, character)
    if target is None:
        return []
    return [lsp.Location(uri=uri, range=_range(o.span)) for o in same_id(analysis.found, target)]


def prepare_rename(analysis: Analysis, line: int, character: int) -> lsp.Range | None:
    target = at(analysis.found, line, character)
    return _range(target.span) if target else None


def rename(
    analysis: Analysis, uri: str, line: int, character: int, new_name: str
) -> lsp.WorkspaceEdit | None:
    """Every occurrence of the id under the cursor, renamed; ValueError for an invalid id."""
    target = at(analysis.found, line, character)
    if target is None:
        return None
    if re.fullmatch(ID_PATTERN, new_name) is None:
        raise ValueError(f"'{new_name}' is not a valid id: {codes.CODES[codes.BAD_ID]}")
    taken = any(
        o.definition and o.name == new_name
        for o in same_id(analysis.found, target._replace(name=new_name))
    )
    if taken and new_name != target.name:
        raise ValueError(f"there is already a {NOUNS[target.section]} '{new_name}'")
    edits = [lsp.TextEdit(_range(o.span), new_name) for o in same_id(analysis.found, target)]
    return lsp.WorkspaceEdit(changes={uri: edits})


def _range(span: Span) -> lsp.Range:
    return lsp.Range(lsp.Position(span.line, span.start), lsp.Position(span.line, span.end))
