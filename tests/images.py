"""PNG, JPEG and other image files made byte by byte for tests, with the standard library only."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Sequence

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

# A 9×9 baseline JPEG (three components) as Graphviz's `-Tjpg` writes it, its comment removed.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIs"
    "IxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
    "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAJAAkDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
    "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
    "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
    "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
    "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
    "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
    "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
    "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDz+0tLY2cBNvESY1ySg9Kzvs8P/PGP/vkUW/8Ax7Rf7g/lVGvH"
    "hB3ep+jYjEU3Th7i2/y8j//Z"
)
JPEG_SOF_AT = JPEG.index(b"\xff\xc0")  # its frame header: marker, length, precision, height, width

# The smallest GIF (1×1, transparent), and a plain SVG.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    b'<rect width="16" height="16" fill="teal"/></svg>\n'
)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    """One chunk: length, type, body and the CRC of type and body."""
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def ihdr(width: int, height: int, depth: int = 8, colour: int = 6, interlace: int = 0) -> bytes:
    """The IHDR chunk of an image of this size and pixel layout."""
    body = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    return png_chunk(b"IHDR", body)


def pixel_rows(width: int, height: int, depth: int = 8, colour: int = 6) -> bytes:
    """Non-interlaced pixel data: each row a filter byte (none) and a gradient of samples."""
    row_bytes = (width * depth * CHANNELS[colour] + 7) // 8
    return b"".join(b"\0" + bytes((y + x) % 256 for x in range(row_bytes)) for y in range(height))


def png(
    width: int = 8,
    height: int = 8,
    *,
    depth: int = 8,
    colour: int = 6,
    before: Sequence[bytes] = (),
    pixels: bytes | None = None,
    after: Sequence[bytes] = (),
) -> bytes:
    """A PNG: IHDR, the chunks `before`, one IDAT of `pixels` (a real gradient by default), the
    chunks `after`, IEND."""
    data = pixel_rows(width, height, depth, colour) if pixels is None else pixels
    return b"".join(
        [
            PNG_SIGNATURE,
            ihdr(width, height, depth, colour),
            *before,
            png_chunk(b"IDAT", zlib.compress(data)),
            *after,
            png_chunk(b"IEND", b""),
        ]
    )


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header promises `width`×`height` pixels, with a few bytes of pixel data: a
    few dozen bytes on disk, because the pixel cap is checked before anything is inflated."""
    return PNG_SIGNATURE + ihdr(width, height, 1, 0) + png_chunk(b"IDAT", zlib.compress(b"\0"))


def jpeg_of_size(width: int, height: int) -> bytes:
    """The test JPEG with its frame header claiming `width`×`height` pixels."""
    size_at = JPEG_SOF_AT + 5
    return JPEG[:size_at] + struct.pack(">HH", height, width) + JPEG[size_at + 4 :]
