"""`archgen serve`: the live preview of one model (`archgen.serve`), until Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archgen.problems import ArchgenError


def serve_model(
    model_file: Path,
    *,
    port: int,
    host: str,
    open_browser: bool,
    templates_dir: Path | None,
    say: Callable[[str], None],
) -> None:
    """Serve `model_file`'s brief at http://HOST:PORT/, redrawn on every save."""
    from archgen.serve.preview import Preview
    from archgen.serve.server import bind, parse_host, run

    if not model_file.is_file():
        raise ArchgenError(
            f"{model_file}: no such model file; give its path, or start one with `archgen init`"
        )
    ip = parse_host(host)
    sock, address = bind(ip, port)
    if not address.loopback:
        say(
            f"warning: serving on {address.ip}, which other machines can reach: anyone on that "
            "network can read this brief and its model while it runs"
        )
    preview = Preview(model_file, templates_dir=templates_dir)
    try:
        run(preview, sock, address, open_browser=open_browser, say=say)
    finally:
        sock.close()
