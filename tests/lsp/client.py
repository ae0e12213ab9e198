"""A small LSP client for the tests: `archgen lsp` as a real process, JSON-RPC over its stdio."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

WAIT = 60.0  # seconds for one answer: generous for a loaded machine, never a timing assertion


def archgen_command() -> list[str]:
    script = Path(sys.executable).with_name("archgen")
    return [str(script), "lsp"] if script.is_file() else [sys.executable, "-m", "archgen", "lsp"]


class Client:
    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            archgen_command(),
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.diagnostics: dict[str, list[list[dict[str, Any]]]] = {}
        self._versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self._messages.put(None)
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None
            self._messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        """The answer's result; raises RuntimeError with the server's error message."""
        self._next_id += 1
        wanted = self._next_id
        self._send({"id": wanted, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == wanted and "method" not in message:
                if "error" in message:
                    raise RuntimeError(message["error"]["message"])
                return message.get("result")

    def wait_diagnostics(self, uri: str, count: int) -> list[dict[str, Any]]:
        """The `count`-th set of diagnostics published for `uri` (1 after didOpen, ...)."""
        while len(self.diagnostics.get(uri, [])) < count:
            self._next()
        return self.diagnostics[uri][count - 1]

    def open(self, uri: str, text: str) -> list[dict[str, Any]]:
        """didOpen, and the diagnostics the server publishes for it."""
        seen = len(self.diagnostics.get(uri, []))
        item = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return self.wait_diagnostics(uri, seen + 1)

    def change(self, uri: str, text: str) -> list[dict[str, Any]]:
        """didChange with the whole new text, and the diagnostics published for it."""
        seen = len(self.diagnostics.get(uri, []))
        self._versions[uri] = self._versions.get(uri, 1) + 1
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self._versions[uri]},
                "contentChanges": [{"text": text}],
            },
        )
        return self.wait_diagnostics(uri, seen + 1)

    def _next(self) -> dict[str, Any]:
        message = self._messages.get(timeout=WAIT)
        if message is None:
            stderr = self.process.stderr.read().decode() if self.process.stderr else ""
            raise RuntimeError(f"the server stopped: {stderr}")
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics.setdefault(params["uri"], []).append(params["diagnostics"])
        elif "id" in message and "method" in message:  # a request from the server
            self._send({"id": message["id"], "result": None})
        return message

    def start(self, root: Path) -> dict[str, Any]:
        result = self.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        self.notify("initialized", {})
        return dict(result)

    def stop(self) -> int:
        self.request("shutdown", {})
        self.notify("exit", {})
        return self.process.wait(timeout=WAIT)
