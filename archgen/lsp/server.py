"""The language server: pygls wiring over archgen.lsp.features.

Full text sync: each change sends the whole buffer, which is what archgen checks (a model is a
few hundred lines; checking it takes milliseconds). Every buffer is analysed on open and on
change, and its diagnostics are published at once; requests read the latest analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from archgen import __version__
from archgen.lsp import features
from archgen.lsp.analysis import Analysis, analyse

TRIGGERS = [":", " ", "-", ".", "[", ","]


class ArchgenServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "archgen", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.analyses: dict[str, Analysis] = {}

    def update(self, uri: str, text: str) -> None:
        """Check the buffer and publish its problems (all of them, every time)."""
        analysis = analyse(text, _model_path(uri), self.analyses.get(uri))
        self.analyses[uri] = analysis
        diagnostics = [self._to_client(analysis, d) for d in features.diagnostics(analysis)]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def cursor(self, params: Any) -> tuple[Analysis, int, int] | None:
        """The analysis of a request's document and its cursor, in characters."""
        analysis = self.analyses.get(params.text_document.uri)
        if analysis is None:
            return None
        codec = self.workspace.position_codec
        position = codec.position_from_client_units(analysis.lines, params.position)
        return analysis, position.line, position.character

    def _to_client(self, analysis: Analysis, diagnostic: lsp.Diagnostic) -> lsp.Diagnostic:
        diagnostic.range = self.client_range(analysis, diagnostic.range)
        return diagnostic

    def client_range(self, analysis: Analysis, server_range: lsp.Range) -> lsp.Range:
        codec = self.workspace.position_codec
        return codec.range_to_client_units(analysis.lines, server_range)


def _model_path(uri: str) -> Path:
    """Where the buffer's model lives (icon files are found beside it); any name will do for
    an unsaved buffer."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else Path.cwd() / "arch.yaml"


server = ArchgenServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ArchgenServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.update(params.text_document.uri, params.text_document.text)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ArchgenServer, params: lsp.DidChangeTextDocumentParams) -> None:
    change = params.content_changes[-1]  # full sync: the last change is the whole buffer
    ls.update(params.text_document.uri, change.text)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArchgenServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.analyses.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=TRIGGERS))
def completion(ls: ArchgenServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    found = ls.cursor(params)
    if found is None:
        return None
    analysis, line, character = found
    result = features.completion(analysis, line, character)
    for item in result.items if result else []:
        if isinstance(item.text_edit, lsp.TextEdit):
            item.text_edit.range = ls.client_range(analysis, item.text_edit.range)
    return result


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: ArchgenServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = ls.cursor(params)
    result = features.hover(*found) if found else None
    if result is not None and result.range is not None and found:
        result.range = ls.client_range(found[0], result.range)
    return result


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: ArchgenServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = ls.cursor(params)
    result = features.definition(found[0], params.text_document.uri, *found[1:]) if found else None
    if result is not None and found:
        result.range = ls.client_range(found[0], result.range)
    return result


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: ArchgenServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    found = ls.cursor(params)
    if found is None:
        return []
    result = features.references(found[0], params.text_document.uri, *found[1:])
    for location in result:
        location.range = ls.client_range(found[0], location.range)
    return result


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: ArchgenServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    found = ls.cursor(params)
    result = features.prepare_rename(*found) if found else None
    return ls.client_range(found[0], result) if result is not None and found else None


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: ArchgenServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = ls.cursor(params)
    if found is None:
        return None
    uri = params.text_document.uri
    try:
        result = features.rename(found[0], uri, *found[1:], params.new_name)
    except ValueError as error:
        raise JsonRpcInvalidParams(str(error)) from None
    for edit in (result.changes or {}).get(uri, []) if result else []:
        edit.range = ls.client_range(found[0], edit.range)
    return result


def serve() -> None:
    """Talk LSP over stdin and stdout until the editor says exit."""
    server.start_io()
