"""Stamp outputs with their fingerprint, and read the stamp back.

Text outputs (SVG, DOT, Mermaid, HTML, Markdown) carry `archgen-<inputs digest>+<content
digest>`: the first names what produced the file, the second is a digest of the file itself
without that suffix, so a hand edit is detected. PNG carries both in a tEXt chunk. The PDF
carries both as the first string of its file identifier (/ID), in the trailer at its end: the
printer writes a placeholder digest of fixed length there, and `seal_pdf` puts the digest of the
whole file (placeholder included) in its place, so no byte offset moves. A PDF cut short loses
the trailer, and with it the stamp.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

# Where each text output keeps its stamp. Only these places count, so a fingerprint-like string
# in the user's own text (a title, say) is never taken for the stamp or altered.
ANCHORED = re.compile(
    rb"(?:\A<!-- |<meta name=\"archgen-fingerprint\" content=\""
    rb"|<metadata id=\"archgen-fingerprint\">)"
    rb"(?P<token>archgen-[0-9a-f]{32})(?:\+(?P<digest>[0-9a-f]{16}))?"
)
STAMP_TOKEN = rb"(?P<token>archgen-[0-9a-f]{32})(?:\+(?P<digest>[0-9a-f]{16}))?"
# The PDF's stamp: the first /ID string, as pydyf writes it in the trailer (or the dictionary of
# the cross-reference stream that stands for it); the last one in the file is the trailer's.
PDF_STAMP = re.compile(rb"/ID \[\((?P<token>archgen-[0-9a-f]{32})(?:\+(?P<digest>[0-9a-f]{16}))?\)")
PDF_STAMP_START = b"/ID [(archgen-"
PDF_PLACEHOLDER = b"0" * 16
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"archgen-fingerprint"


@dataclass(frozen=True)
class Stamp:
    """What an output says produced it, and whether its content is as archgen wrote it."""

    fingerprint: str
    intact: bool | None  # None when the format carries no content digest


def seal_text(data: bytes, anchored: re.Pattern[bytes] = ANCHORED) -> bytes:
    """Append the content digest to the fingerprint at the output's stamp."""
    match = anchored.search(data)
    if match is None:
        raise ValueError("output carries no fingerprint to seal")
    end = match.end("token")
    unsealed = data[:end] + data[match.end() :]
    digest = _content_digest(unsealed).encode()
    return unsealed[:end] + b"+" + digest + unsealed[end:]


def stamp_brief(data: bytes, fingerprint: str) -> bytes:
    """Seal a brief (HTML or Markdown) at its stamp. A template may write the stamp or not
    (a user's override usually does not): when the output carries no stamp of this
    fingerprint, archgen puts one at the top (a comment, before any doctype, which browsers
    and Markdown viewers skip), then seals."""
    match = ANCHORED.search(data)
    if match is None or match.group("token").decode() != fingerprint:
        data = f"<!-- {fingerprint} -->\n".encode() + data
    return seal_text(data)


def read_text_stamp(data: bytes, anchored: re.Pattern[bytes] = ANCHORED) -> Stamp | None:
    """The stamp of a text output; archgen always seals them, so no digest means an edit."""
    match = anchored.search(data)
    if match is None:
        return None
    token, digest = match.group("token"), match.group("digest")
    if digest is None:
        return Stamp(token.decode(), False)
    unsealed = data[: match.end("token")] + data[match.end() :]
    return Stamp(token.decode(), _content_digest(unsealed) == digest.decode())


def stamp_png(png: bytes, fingerprint: str) -> bytes:
    """Insert a tEXt chunk `archgen-fingerprint` just before IEND."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    end = png.rindex(b"IEND") - 4
    text = f"{fingerprint}+{_content_digest(png)}".encode()
    return png[:end] + _png_chunk(b"tEXt", PNG_KEYWORD + b"\0" + text) + png[end:]


def read_png_stamp(png: bytes) -> Stamp | None:
    for kind, body, start, stop in _png_chunks(png):
        if kind == b"tEXt" and body.startswith(PNG_KEYWORD + b"\0"):
            text = body[len(PNG_KEYWORD) + 1 :].decode("latin-1")  # tEXt is Latin-1
            fingerprint, _, digest = text.partition("+")
            original = png[:start] + png[stop:]
            return Stamp(fingerprint, _content_digest(original) == digest)
    return None


def unsealed_pdf_identifier(fingerprint: str) -> bytes:
    """The first /ID string the printer writes: the fingerprint and the placeholder digest."""
    return fingerprint.encode("ascii") + b"+" + PDF_PLACEHOLDER


def seal_pdf(pdf: bytes) -> bytes:
    """The digest of the whole PDF, written with the placeholder, put in the placeholder's place."""
    match = _pdf_stamp(pdf)
    if match is None or match.group("digest") != PDF_PLACEHOLDER:
        raise ValueError("the PDF carries no placeholder to seal")
    start, end = match.span("digest")
    return pdf[:start] + _content_digest(pdf).encode() + pdf[end:]


def read_pdf_stamp(pdf: bytes) -> Stamp | None:
    """The stamp in the PDF's trailer, checked against the whole file with the placeholder put
    back; archgen always seals its PDFs, so no digest means an edit. None when the trailer
    holds no stamp: a file cut short, damaged there, or not archgen's."""
    match = _pdf_stamp(pdf)
    if match is None:
        return None
    token, digest = match.group("token").decode(), match.group("digest")
    if digest is None:
        return Stamp(token, False)
    start, end = match.span("digest")
    unsealed = pdf[:start] + PDF_PLACEHOLDER + pdf[end:]
    return Stamp(token, _content_digest(unsealed) == digest.decode())


def _pdf_stamp(pdf: bytes) -> re.Match[bytes] | None:
    """The trailer's stamp: the last in the file, so text a PDF stream happens to hold uncompressed
    (the attached model, say) never counts."""
    start = pdf.rfind(PDF_STAMP_START)
    return PDF_STAMP.match(pdf, start) if start >= 0 else None


def _content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _png_chunks(png: bytes) -> list[tuple[bytes, bytes, int, int]]:
    """(type, body, start offset, end offset) of every chunk; stops at a truncated one."""
    chunks = []
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        stop = offset + 12 + length
        if stop > len(png):
            break
        chunks.append((kind, png[offset + 8 : offset + 8 + length], offset, stop))
        offset = stop
    return chunks


def seal_svg(svg: bytes, fingerprint: str) -> bytes:
    """Record the fingerprint in the SVG's <metadata>, right after its <desc> or root tag, and
    seal it; an SVG already stamped with this fingerprint is only sealed again (the brief
    embeds the stamped diagram, which is then written as it is)."""
    match = ANCHORED.search(svg)
    if match is not None and match.group("token").decode() == fingerprint:
        return seal_text(svg)
    metadata = f'<metadata id="archgen-fingerprint">{fingerprint}</metadata>'.encode()
    anchor = svg.find(b"</desc>")
    if anchor >= 0:
        anchor += len(b"</desc>")
    else:
        anchor = svg.index(b">", svg.index(b"<svg")) + 1
    return seal_text(svg[:anchor] + metadata + svg[anchor:])


def as_printed(pdf: bytes, fingerprint: str) -> bytes:
    """The PDF is sealed by its printer (`archgen.render.brief.pdf`, with `seal_pdf`): the
    bytes it returns are final."""
    return pdf


@dataclass(frozen=True)
class Stamping:
    """How one kind of output carries its fingerprint: sealed by `seal(data, fingerprint)`,
    read back by `read(data)`. `at_end`: the stamp sits at the end of the file, so a file
    without one was cut short or damaged, not merely made by another tool."""

    seal: Callable[[bytes, str], bytes]
    read: Callable[[bytes], Stamp | None]
    at_end: bool = False


SVG = Stamping(seal_svg, read_text_stamp)


def under_comment(prefix: str) -> Stamping:
    """The stamp of a text format that has line comments: `<prefix><fingerprint>+<digest>` as
    its first line (`// ` for DOT, `%% ` for Mermaid, `# ` for D2), found there only. A new
    export names its comment here, in its line of `archgen.outputs`."""
    at_start = re.compile(rb"\A" + re.escape(prefix.encode()) + STAMP_TOKEN)

    def seal(data: bytes, fingerprint: str) -> bytes:
        return seal_text(f"{prefix}{fingerprint}\n".encode() + data, at_start)

    return Stamping(seal, lambda data: read_text_stamp(data, at_start))


DOT = under_comment("// ")
BRIEF = Stamping(stamp_brief, read_text_stamp)
PNG = Stamping(stamp_png, read_png_stamp)
PDF = Stamping(as_printed, read_pdf_stamp, at_end=True)
