"""Check that an icon file is the PNG or JPEG its name says, and small enough to draw.

Graphviz hands icons to cairo, libpng and libjpeg: a file that is not what its name says draws
nothing, with only a warning, and a 30000×30000 PNG makes cairo write no diagram at all. So each
icon file is read here first, with the standard library only. A PNG has every chunk checked
(length, CRC, order) and its pixel data inflated, piece by piece and never kept, to the exact
size its header promises; a JPEG has its segments walked to its frame header and its end marker
checked. The byte cap is checked with stat before a byte is read, and the pixel cap before
anything is inflated, so a hostile file costs one bounded read at most.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from archgen.validate import codes

# A node's icon is drawn about an inch wide: 256×256 is plenty. The file is read whole, hashed
# and inlined (base64, a third larger) into diagram.svg and brief.html; 8 MiB still holds any
# PNG or good JPEG a 16-megapixel camera writes, so a real image is refused for its pixels.
MAX_ICON_BYTES = 8 * 1024 * 1024
# cairo holds an icon as 4 bytes a pixel: 16 megapixels is 64 MiB, and 30000×30000 (3.6 GB)
# makes cairo write no PNG at all. Each side also stays within cairo's hard limit.
MAX_ICON_PIXELS = 16_000_000
MAX_ICON_SIDE = 32_767
SCALE_DOWN = "scale it down, e.g. to 256×256"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\0\0\0\0IEND\xaeB`\x82"  # the IEND chunk, the same in every PNG
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type
PNG_CRITICAL = (b"IHDR", b"PLTE", b"IDAT", b"IEND")  # a viewer must know every critical chunk
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
PASSES = (*ADAM7, (0, 1, 1, 2))  # interlace passes: first column and row, then their steps
INFLATE_STEP = 1 << 20  # bytes of pixel data inflated at a time, counted and dropped

JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOF0..15, not DHT, JPG, DAC
JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0..7: markers without a length
JPEG_SCAN = 0xDA

SUFFIX_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
FORMAT_SUFFIXES = {"PNG": ".png", "JPEG": ".jpg"}
SIGNATURES = (
    (PNG_SIGNATURE, "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (b"\0\0\1\0", "ICO"),
    (b"%PDF-", "PDF"),
    (b"BM", "BMP"),
)
FOUND = {  # what a file of each sniffed format is, for "'logo.png' is an SVG image, not …"
    "PNG": "a PNG image",
    "JPEG": "a JPEG image",
    "GIF": "a GIF image",
    "TIFF": "a TIFF image",
    "ICO": "an ICO icon",
    "PDF": "a PDF document",
    "BMP": "a BMP image",
    "WebP": "a WebP image",
    "SVG": "an SVG image",
    "HTML": "an HTML page",
}


class BadImage(Exception):
    """Why some bytes are not the image they claim to be. `reason` reads after the file's name
    ("is cut short: …"), `hint` says what to do (empty: the caller's advice for a damaged file)."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class ImageTooLarge(BadImage):
    """An image that is what it says, but larger than an icon may be."""


class Image(NamedTuple):
    """What a checked image is: its format and its size in pixels."""

    format: str
    width: int
    height: int


class IconFault(NamedTuple):
    """Why an icon file cannot be drawn: a problem code, a message and a hint."""

    code: str
    message: str
    hint: str


# ---- icon files --------------------------------------------------------------------------------


class WrongFormat(Exception):
    """Bytes of another format (`found`, "" when unknown) than the one claimed."""

    def __init__(self, found: str, first_bytes: str) -> None:
        super().__init__(found)
        self.found = found
        self.first_bytes = first_bytes


FileError = BadImage | WrongFormat
FileChecks = dict[tuple[Path, str], FileError | None]  # (file, claimed format) → what was found


def check_icon_file(path: Path, shown: str, checked: FileChecks | None = None) -> IconFault | None:
    """Why the image file at `path`, written `shown` in the model (ending in .png, .jpg or
    .jpeg), cannot be an icon; None when it can. Its name says which format it must be. Each
    file is read once per `checked`: a thousand services may share an icon, or spell its path a
    thousand ways. Raises OSError when the file cannot be read at all."""
    claimed = SUFFIX_FORMATS[PurePosixPath(shown.replace("\\", "/")).suffix.lower()]
    checked = {} if checked is None else checked
    if (path, claimed) not in checked:
        checked[path, claimed] = icon_file_error(path, claimed)
    error = checked[path, claimed]
    if error is None:
        return None
    if isinstance(error, WrongFormat):
        return wrong_format(shown, claimed, error)
    code = codes.ICON_TOO_LARGE if isinstance(error, ImageTooLarge) else codes.ICON_UNREADABLE
    hint = error.hint or f"the file is damaged; export it as {claimed} again"
    return IconFault(code, f"'{shown}' {error.reason}", hint)


def icon_file_error(path: Path, claimed: str) -> FileError | None:
    """Why the file at `path` is no `claimed` image small enough for an icon, or None. The byte
    cap is checked with stat first, and again on what was read: the file may have grown since."""
    size = path.stat().st_size
    data = b""
    if size <= MAX_ICON_BYTES:
        with path.open("rb") as stream:
            data = stream.read(MAX_ICON_BYTES + 1)
        size = len(data)
    try:
        if size > MAX_ICON_BYTES:
            mebibytes = -(-size * 10 // 2**20) / 10  # rounded up: never 8.0 for 8 MiB and 1 byte
            reason = f"is {mebibytes:g} MiB; icons may be at most {MAX_ICON_BYTES >> 20} MiB"
            raise ImageTooLarge(reason, SCALE_DOWN)
        check_image(data, claimed)
    except (BadImage, WrongFormat) as error:
        return error.with_traceback(None)  # kept in `checked`: no frames kept alive with it
    return None


def wrong_format(shown: str, claimed: str, error: WrongFormat) -> IconFault:
    """The problem with an icon whose content is not the format its name says."""
    found = error.found
    what = f"{FOUND[found]}, not the {claimed}" if found else f"not the {claimed} image"
    message = f"'{shown}' is {what} its name says"
    if found in FORMAT_SUFFIXES:  # both drawable, but the brief types it by its name
        renamed = PurePosixPath(shown.replace("\\", "/")).with_suffix(FORMAT_SUFFIXES[found])
        hint = f"rename it to '{renamed}'"
    elif found == "HTML":
        hint = "save the image itself, not the web page that shows it"
    elif found:
        hint = f"diagrams draw only PNG and JPEG: convert it to {claimed} in an image editor"
    else:
        hint = f"it starts with the bytes {error.first_bytes}; export the image as {claimed} again"
    return IconFault(codes.ICON_UNREADABLE, message, hint)


def check_image(data: bytes, claimed: str) -> Image:
    """`data` checked as an image of the `claimed` format ("PNG" or "JPEG")."""
    if not data:
        raise BadImage("is empty", f"export the image as {claimed} into it")
    found = sniff(data)
    if found != claimed:
        raise WrongFormat(found, data[:8].hex(" "))
    return check_png(data) if claimed == "PNG" else check_jpeg(data)


def sniff(data: bytes) -> str:
    """The image format `data` starts like ("PNG", "SVG", ...), or "" when it is none known."""
    for signature, name in SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!")) and b"<svg" in head):
        return "SVG"
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    return ""


def check_pixels(width: int, height: int) -> None:
    """Refuse an image with more pixels, or a longer side, than an icon may have."""
    pixels = width * height
    if pixels > MAX_ICON_PIXELS:
        megapixels = f"{-(-pixels // 100_000) / 10:g}"  # rounded up: never shows 16 for 16.01
        raise ImageTooLarge(
            f"is {width}×{height} pixels ({megapixels} megapixels); "
            f"icons may have at most {MAX_ICON_PIXELS // 1_000_000} megapixels",
            SCALE_DOWN,
        )
    if max(width, height) > MAX_ICON_SIDE:
        raise ImageTooLarge(
            f"is {width}×{height} pixels; an icon's sides may be at most {MAX_ICON_SIDE} pixels",
            SCALE_DOWN,
        )


# ---- PNG ---------------------------------------------------------------------------------------


class PngHeader(NamedTuple):
    """The fields of an IHDR chunk that say how much pixel data follows."""

    width: int
    height: int
    depth: int
    colour: int
    interlaced: bool


def check_png(data: bytes) -> Image:
    """Every chunk of a PNG checked, its pixel data inflated to the size its header promises."""
    if not data.startswith(PNG_SIGNATURE):
        raise BadImage("does not start with the PNG signature")
    chunks = png_chunks(data)
    kind, body = next(chunks)
    if kind != b"IHDR":
        raise BadImage(f"does not begin with a header (IHDR chunk) but with '{chunk_name(kind)}'")
    header = png_header(body)
    check_pixels(header.width, header.height)
    pixels = Inflation(png_data_size(header))
    order = ChunkOrder(header.colour)
    for kind, body in chunks:
        order.see(kind)
        if kind == b"IDAT":
            pixels.feed(body)
    order.finish()
    pixels.finish()
    return Image("PNG", header.width, header.height)


def png_chunks(data: bytes) -> Iterator[tuple[bytes, memoryview]]:
    """(type, body) of each chunk after the signature, its length and CRC checked, up to IEND;
    nothing may follow IEND."""
    view = memoryview(data)
    offset = len(PNG_SIGNATURE)
    while True:
        if offset + 12 > len(data):
            raise BadImage(f"is cut short: it ends at byte {len(data)}, before its IEND chunk")
        length, kind = struct.unpack_from(">I4s", data, offset)
        if not kind.isalpha() or length > 0x7FFF_FFFF:
            raise BadImage(f"is damaged: no chunk starts at byte {offset}")
        end = offset + 8 + length
        if end + 4 > len(data):
            left = len(data) - offset
            raise BadImage(
                f"is cut short: its '{chunk_name(kind)}' chunk at byte {offset} needs "
                f"{length + 12} bytes, the file has {left} left"
            )
        if zlib.crc32(view[offset + 4 : end]) != struct.unpack_from(">I", data, end)[0]:
            raise BadImage(
                f"is damaged: its '{chunk_name(kind)}' chunk at byte {offset} fails its CRC"
            )
        yield kind, view[offset + 8 : end]
        offset = end + 4
        if kind == b"IEND":
            break
    if offset != len(data):
        raise BadImage(
            f"has {len(data) - offset} bytes after the end of its image (the IEND chunk)",
            "save the image again: what follows its end is no part of it",
        )


def chunk_name(kind: bytes) -> str:
    return kind.decode("ascii", "replace")


def png_header(body: memoryview) -> PngHeader:
    """The IHDR chunk's fields, refused unless PNG defines them."""
    if len(body) != 13:
        raise BadImage(f"is damaged: its header (IHDR chunk) holds {len(body)} bytes, not 13")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", body
    )
    if not (0 < width < 2**31 and 0 < height < 2**31):
        raise BadImage(f"is damaged: its header says it is {width}×{height} pixels")
    if depth not in PNG_DEPTHS.get(colour, ()):
        raise BadImage(
            f"is damaged: its header gives colour type {colour} with {depth}-bit samples"
        )
    if compression or filtering or interlace > 1:
        raise BadImage("is damaged: its header names a compression, filter or interlace PNG lacks")
    return PngHeader(width, height, depth, colour, interlace == 1)


def png_data_size(header: PngHeader) -> int:
    """Bytes of pixel data the header promises: each row of each pass has a filter byte, then
    its pixels' bits rounded up to whole bytes."""
    bits = header.depth * PNG_CHANNELS[header.colour]
    total = 0
    for x0, y0, dx, dy in PASSES if header.interlaced else ((0, 0, 1, 1),):
        columns = (header.width - x0 + dx - 1) // dx
        rows = (header.height - y0 + dy - 1) // dy
        if columns and rows:
            total += rows * (1 + (columns * bits + 7) // 8)
    return total


class ChunkOrder:
    """PNG's rules on which chunk may follow which, applied one chunk at a time: IDAT chunks
    one after another, a palette before them, no critical chunk a viewer would not know."""

    def __init__(self, colour: int) -> None:
        self.colour = colour
        self.data = "before"  # where the walk is relative to the IDAT chunks: before, in, after
        self.palette = False

    def see(self, kind: bytes) -> None:
        if kind == b"IDAT":
            if self.data == "after":
                raise BadImage("is damaged: its IDAT chunks do not follow one another")
            self.data = "in"
            return
        if self.data == "in":
            self.data = "after"
        if kind == b"IHDR":
            raise BadImage("is damaged: it has a second header (IHDR chunk)")
        if kind == b"PLTE" and (self.palette or self.data != "before"):
            raise BadImage("is damaged: its palette (PLTE chunk) is repeated or after its pixels")
        self.palette = self.palette or kind == b"PLTE"
        if kind[:1].isupper() and kind not in PNG_CRITICAL:
            raise BadImage(f"has a critical chunk '{chunk_name(kind)}' that no viewer can read")

    def finish(self) -> None:
        if self.data == "before":
            raise BadImage("has no pixels: it holds no IDAT chunk")
        if self.colour == 3 and not self.palette:
            raise BadImage("is damaged: it is a palette image without a palette (PLTE chunk)")


class Inflation:
    """The zlib stream of a PNG's IDAT chunks, inflated a bounded step at a time and counted,
    never kept: it must end, and hold exactly the `expected` bytes."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.produced = 0
        self.stream = zlib.decompressobj()

    def feed(self, compressed: memoryview) -> None:
        pending: bytes | memoryview = compressed
        while pending and not self.stream.eof:
            try:
                self.produced += len(self.stream.decompress(pending, INFLATE_STEP))
            except zlib.error as error:
                raise BadImage(
                    f"is damaged: its pixel data does not decompress ({error})"
                ) from None
            if self.produced > self.expected:
                raise BadImage("is damaged: it holds more pixel data than its size needs")
            pending = self.stream.unconsumed_tail
        if pending or self.stream.unused_data:
            raise BadImage("is damaged: data follows the end of its compressed pixels")

    def finish(self) -> None:
        try:
            self.produced += len(self.stream.flush())
        except zlib.error as error:
            raise BadImage(f"is damaged: its pixel data does not decompress ({error})") from None
        if not self.stream.eof:
            raise BadImage("is cut short: its compressed pixel data stops before its end")
        if self.produced != self.expected:
            raise BadImage(
                f"is damaged: it holds {self.produced} bytes of pixel data, "
                f"its size needs {self.expected}"
            )


def png_outline(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG checked only where it is cheap: the signature, a sound header
    (IHDR, CRC included) and the IEND chunk as its last bytes. For PNGs archgen does not read
    itself, e.g. Graphviz's, which can be megabytes and are stamped, not decoded."""
    if not data:
        raise BadImage("is empty")
    if not data.startswith(PNG_SIGNATURE):
        raise BadImage("does not start with the PNG signature")
    start = len(PNG_SIGNATURE)
    if data[start : start + 8] != b"\0\0\0\x0dIHDR":
        raise BadImage("does not begin with a header (IHDR chunk)")
    body = data[start + 8 : start + 21]
    crc = data[start + 21 : start + 25]
    if len(crc) < 4 or zlib.crc32(data[start + 4 : start + 21]) != struct.unpack(">I", crc)[0]:
        raise BadImage("is damaged: its header (IHDR chunk) fails its CRC")
    header = png_header(memoryview(body))
    if not data.endswith(PNG_END):
        raise BadImage("does not end with an IEND chunk: it is cut short or has bytes after it")
    return header.width, header.height


def is_png(data: bytes) -> bool:
    """Whether `data` passes `png_outline`: enough to stamp it (see archgen.render.stamp)."""
    try:
        png_outline(data)
    except BadImage:
        return False
    return True


# ---- JPEG --------------------------------------------------------------------------------------


def check_jpeg(data: bytes) -> Image:
    """A JPEG's segments walked to its first scan, with one frame header (SOF0..15) before it
    giving its size, and the end-of-image marker as its last bytes."""
    size: tuple[int, int] | None = None
    for marker, body in jpeg_segments(data):  # ends with the first scan's segment
        if marker in JPEG_FRAMES:
            if size is not None:
                raise BadImage("is damaged: it has two frame headers (SOF segments)")
            size = jpeg_frame(body)
            check_pixels(*size)
    if size is None:
        raise BadImage("is damaged: its pixels come before its frame header (SOF segment)")
    if not data.endswith(b"\xff\xd9"):
        raise BadImage(
            "does not end with JPEG's end-of-image marker: it is cut short or has bytes after it"
        )
    return Image("JPEG", *size)


def jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, body) of each segment after the start-of-image marker, up to the first scan."""
    offset = 2
    while True:
        if offset + 4 > len(data):
            raise BadImage(f"is cut short: it ends at byte {len(data)}, before its pixels")
        if data[offset] != 0xFF:
            raise BadImage(f"is damaged: no marker starts at byte {offset}")
        marker = data[offset + 1]
        if marker == 0xFF or marker in JPEG_STANDALONE:  # a fill byte, or a marker alone
            offset += 1 if marker == 0xFF else 2
            continue
        if marker in (0x00, 0xD8, 0xD9):
            raise BadImage(f"is damaged: marker {marker:02X} at byte {offset} is out of place")
        (length,) = struct.unpack_from(">H", data, offset + 2)
        end = offset + 2 + length
        if length < 2 or end > len(data):
            raise BadImage(f"is cut short: its segment at byte {offset} ends past the file")
        yield marker, data[offset + 4 : end]
        if marker == JPEG_SCAN:
            return
        offset = end


def jpeg_frame(body: bytes) -> tuple[int, int]:
    """Width and height from a frame header (SOF segment), refused unless it is well formed."""
    if len(body) < 6:
        raise BadImage("is damaged: its frame header (SOF segment) is too short")
    _precision, height, width, components = struct.unpack_from(">BHHB", body)
    if not 1 <= components <= 4 or len(body) != 6 + 3 * components:
        raise BadImage(f"is damaged: its frame header gives {components} colour components")
    if not (width and height):
        raise BadImage(f"is damaged: its frame header says it is {width}×{height} pixels")
    return width, height
