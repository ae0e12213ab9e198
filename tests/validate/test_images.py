"""The icon image checker: what passes, what each damaged or oversized file is refused for."""

from __future__ import annotations

import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest

from archgen.validate.images import (
    INFLATE_STEP,
    MAX_ICON_BYTES,
    BadImage,
    FileChecks,
    IconFault,
    Image,
    ImageTooLarge,
    PngHeader,
    WrongFormat,
    check_icon_file,
    check_image,
    check_jpeg,
    check_png,
    is_png,
    png_data_size,
    png_outline,
    sniff,
)
from tests.images import (
    GIF,
    JPEG,
    JPEG_SOF_AT,
    PNG_SIGNATURE,
    SVG,
    huge_png,
    ihdr,
    jpeg_of_size,
    png,
    png_chunk,
)

IHDR_END = len(PNG_SIGNATURE) + 25  # where the chunk after the header starts
PALETTE = png_chunk(b"PLTE", bytes(range(12)))


# ---- PNG: what passes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "colour", "before"),
    [(1, 0, ()), (16, 0, ()), (8, 2, ()), (16, 2, ()), (4, 3, (PALETTE,)), (8, 4, ()), (8, 6, ())],
    ids=["grey-1", "grey-16", "rgb-8", "rgb-16", "palette-4", "grey-alpha", "rgba"],
)
def test_every_colour_type_passes(depth: int, colour: int, before: tuple[bytes, ...]) -> None:
    data = png(13, 7, depth=depth, colour=colour, before=before)
    assert check_png(data) == Image("PNG", 13, 7)


def test_pixel_data_split_over_many_idat_chunks_passes() -> None:
    stream = zlib.compress(bytes(9 * 5))
    chunks = [png_chunk(b"IDAT", stream[i : i + 3]) for i in range(0, len(stream), 3)]
    data = PNG_SIGNATURE + ihdr(4, 9, 8, 0) + b"".join(chunks) + png_chunk(b"IDAT", b"")
    assert check_png(data + png_chunk(b"IEND", b"")) == Image("PNG", 4, 9)


def test_ancillary_chunks_anywhere_pass() -> None:
    text = png_chunk(b"tEXt", b"Comment\0hello")
    assert check_png(png(before=[text], after=[text])).width == 8


def test_interlaced_pixel_data_has_a_filter_byte_per_row_of_each_pass() -> None:
    """3×3, one byte a pixel: passes 1, 4, 5, 6, 7 hold 1, 1, 2, 2×1 and 3 pixels."""
    assert png_data_size(PngHeader(3, 3, 8, 0, interlaced=True)) == 2 + 2 + 3 + 4 + 4
    assert png_data_size(PngHeader(3, 3, 8, 0, interlaced=False)) == 3 * 4
    data = PNG_SIGNATURE + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 3, 8, 0, 0, 0, 1))
    data += png_chunk(b"IDAT", zlib.compress(bytes(15))) + png_chunk(b"IEND", b"")
    assert check_png(data) == Image("PNG", 3, 3)


def test_a_large_image_is_inflated_a_step_at_a_time() -> None:
    """4000×4000 is exactly the pixel cap: 64 MB of pixel data, never held at once."""
    rows = (b"\0" + bytes(4000 * 4)) * 4000
    data = png(4000, 4000, pixels=rows)
    del rows
    tracemalloc.start()
    try:
        assert check_png(data) == Image("PNG", 4000, 4000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * INFLATE_STEP


# ---- PNG: what is refused ----------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(BadImage) as caught:
        check_png(data)
    return caught.value.reason


def test_no_signature() -> None:
    """A PNG sent through a text-mode transfer: its signature's CR LF became LF."""
    assert refusal(b"\x89PNG\n\x1a\n" + png()[8:]) == "does not start with the PNG signature"


def test_a_bad_crc_right_after_the_header() -> None:
    broken = bytearray(png(before=[png_chunk(b"tEXt", b"Comment\0hi")]))
    broken[IHDR_END + 10] ^= 0xFF
    assert (
        refusal(bytes(broken)) == f"is damaged: its 'tEXt' chunk at byte {IHDR_END} fails its CRC"
    )


def test_bytes_after_iend() -> None:
    reason = refusal(png() + b"<script>alert(1)</script>")
    assert reason == "has 25 bytes after the end of its image (the IEND chunk)"


def test_every_truncation_is_refused_as_cut_short_or_damaged() -> None:
    data = png(after=[png_chunk(b"tEXt", b"a\0b")])
    for end in range(len(PNG_SIGNATURE), len(data)):
        assert refusal(data[:end]).startswith(("is cut short", "is damaged")), end


def test_every_flipped_byte_is_refused_or_harmless() -> None:
    """No damage escapes as anything but BadImage, and CRCs catch nearly all of it."""
    data = png(5, 3)
    for offset in range(len(data)):
        damaged = bytearray(data)
        damaged[offset] ^= 0x20
        with pytest.raises(BadImage):
            check_png(bytes(damaged))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (PNG_SIGNATURE + png_chunk(b"tEXt", b"a\0b") + png()[8:], "does not begin with a header"),
        (PNG_SIGNATURE + png_chunk(b"IHDR", bytes(12)) + png()[33:], "holds 12 bytes, not 13"),
        (PNG_SIGNATURE + ihdr(0, 8) + png()[33:], "says it is 0×8 pixels"),
        (PNG_SIGNATURE + ihdr(8, 8, 16, 3) + png()[33:], "colour type 3 with 16-bit samples"),
        (png(before=[png_chunk(b"CgBI", b"")]), "critical chunk 'CgBI'"),
        (png(3, 3, colour=3, depth=8), "palette image without a palette"),
        (png(after=[PALETTE]), "palette (PLTE chunk) is repeated or after its pixels"),
        (png(after=[png_chunk(b"tEXt", b"a\0b"), png_chunk(b"IDAT", b"")]), "do not follow one"),
        (png(after=[ihdr(8, 8)]), "a second header"),
        (PNG_SIGNATURE + ihdr(8, 8) + png_chunk(b"IEND", b""), "no IDAT chunk"),
    ],
    ids=[
        "chunk-before-ihdr",
        "short-ihdr",
        "zero-width",
        "bad-depth",
        "unknown-critical",
        "no-palette",
        "late-palette",
        "split-idat",
        "second-ihdr",
        "no-idat",
    ],
)
def test_chunk_rules(data: bytes, reason: str) -> None:
    assert reason in refusal(data)


@pytest.mark.parametrize(
    ("pixels", "reason"),
    [
        (bytes(8 * 33 - 1), "holds 263 bytes of pixel data, its size needs 264"),
        (bytes(8 * 33 + 1), "more pixel data than its size needs"),
    ],
    ids=["short", "long"],
)
def test_pixel_data_must_inflate_to_the_exact_size(pixels: bytes, reason: str) -> None:
    assert reason in refusal(png(pixels=pixels))


def test_pixel_data_that_is_not_zlib() -> None:
    data = PNG_SIGNATURE + ihdr(8, 8) + png_chunk(b"IDAT", b"not zlib at all")
    assert "does not decompress" in refusal(data + png_chunk(b"IEND", b""))


def test_pixel_data_whose_stream_does_not_end() -> None:
    stream = zlib.compress(bytes(8 * 33))[:-6]
    data = PNG_SIGNATURE + ihdr(8, 8) + png_chunk(b"IDAT", stream) + png_chunk(b"IEND", b"")
    assert "compressed pixel data stops before its end" in refusal(data)


def test_data_after_the_compressed_pixels() -> None:
    stream = zlib.compress(bytes(8 * 33)) + b"more"
    data = PNG_SIGNATURE + ihdr(8, 8) + png_chunk(b"IDAT", stream) + png_chunk(b"IEND", b"")
    assert "data follows the end of its compressed pixels" in refusal(data)


@pytest.mark.parametrize(
    ("width", "height", "reason"),
    [
        (
            30000,
            30000,
            "is 30000×30000 pixels (900 megapixels); icons may have at most 16 megapixels",
        ),
        (4001, 4000, "is 4001×4000 pixels (16.1 megapixels)"),
        (32768, 1, "is 32768×1 pixels; an icon's sides may be at most 32767 pixels"),
    ],
)
def test_the_pixel_cap_comes_before_any_inflating(width: int, height: int, reason: str) -> None:
    with pytest.raises(ImageTooLarge) as caught:
        check_png(huge_png(width, height))
    assert caught.value.reason.startswith(reason)
    assert caught.value.hint == "scale it down, e.g. to 256×256"


# ---- PNG outline, for Graphviz's output --------------------------------------------------------


def test_outline_reads_the_size_without_inflating() -> None:
    assert png_outline(png(7, 5)) == (7, 5)
    assert is_png(png()) and not is_png(b"") and not is_png(GIF)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"GIF89a", "does not start with the PNG signature"),
        (PNG_SIGNATURE + png_chunk(b"tEXt", b"") + png()[8:], "does not begin with a header"),
        (png()[:40], "does not end with an IEND chunk"),
        (png()[:20], "fails its CRC"),
        (png() + b"\0", "does not end with an IEND chunk"),
    ],
    ids=["empty", "gif", "no-ihdr", "cut-short", "cut-in-ihdr", "trailing"],
)
def test_outline_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(BadImage) as caught:
        png_outline(data)
    assert reason in caught.value.reason


# ---- JPEG --------------------------------------------------------------------------------------


def jpeg_refusal(data: bytes) -> str:
    with pytest.raises(BadImage) as caught:
        check_jpeg(data)
    return caught.value.reason


def test_a_jpeg_gives_its_size_from_its_frame_header() -> None:
    assert check_jpeg(JPEG) == Image("JPEG", 9, 9)
    assert check_jpeg(jpeg_of_size(640, 480)) == Image("JPEG", 640, 480)


def test_fill_bytes_and_restart_markers_between_segments_pass() -> None:
    assert check_jpeg(JPEG[:2] + b"\xff\xff\xff\xd0" + JPEG[2:]).width == 9


def test_a_jpeg_must_end_with_its_end_marker() -> None:
    assert "end-of-image marker" in jpeg_refusal(JPEG[:-2])
    assert "end-of-image marker" in jpeg_refusal(JPEG + b"appended")


def test_every_truncation_of_a_jpeg_is_refused() -> None:
    for end in range(2, len(JPEG)):
        jpeg_refusal(JPEG[:end])


def test_the_frame_is_an_sof_segment_not_a_huffman_table() -> None:
    """DHT (C4), JPG (C8) and DAC (CC) sit among SOF0..15 but hold no size."""
    length = struct.unpack(">H", JPEG[JPEG_SOF_AT + 2 : JPEG_SOF_AT + 4])[0]
    without_frame = JPEG[:JPEG_SOF_AT] + JPEG[JPEG_SOF_AT + 2 + length :]
    assert "pixels come before its frame header" in jpeg_refusal(without_frame)
    frame = JPEG[JPEG_SOF_AT : JPEG_SOF_AT + 2 + length]
    two_frames = JPEG[:JPEG_SOF_AT] + frame + JPEG[JPEG_SOF_AT:]
    assert "two frame headers" in jpeg_refusal(two_frames)


def test_a_progressive_frame_counts_as_a_frame() -> None:
    progressive = JPEG[: JPEG_SOF_AT + 1] + b"\xc2" + JPEG[JPEG_SOF_AT + 2 :]
    assert check_jpeg(progressive).height == 9


def test_the_pixel_cap_applies_to_jpegs() -> None:
    with pytest.raises(ImageTooLarge) as caught:
        check_jpeg(jpeg_of_size(20000, 10000))
    assert caught.value.reason.startswith("is 20000×10000 pixels (200 megapixels)")
    assert "0×9 pixels" in jpeg_refusal(jpeg_of_size(0, 9))


def test_a_segment_running_past_the_file() -> None:
    assert "ends past the file" in jpeg_refusal(JPEG[:2] + b"\xff\xe0\xff\xff" + JPEG[4:40])


# ---- formats and files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (png(), "PNG"),
        (JPEG, "JPEG"),
        (GIF, "GIF"),
        (SVG, "SVG"),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (b"<!DOCTYPE html><html><img src=logo.png></html>", "HTML"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "WebP"),
        (b"hello", ""),
    ],
)
def test_sniff(data: bytes, found: str) -> None:
    assert sniff(data) == found


def icon(tmp_path: Path, name: str, data: bytes) -> IconFault | None:
    path = tmp_path / name
    path.write_bytes(data)
    return check_icon_file(path, f"icons/{name}")


def test_good_icon_files_pass(tmp_path: Path) -> None:
    assert icon(tmp_path, "a.png", png()) is None
    assert icon(tmp_path, "b.JPEG", JPEG) is None


@pytest.mark.parametrize(
    ("name", "data", "code", "message", "hint"),
    [
        ("a.png", SVG, "AG212", "is an SVG image, not the PNG its name says", "convert it to PNG"),
        ("a.png", GIF, "AG212", "is a GIF image, not the PNG its name says", "convert it to PNG"),
        ("a.png", JPEG, "AG212", "is a JPEG image, not the PNG", "rename it to 'icons/a.jpg'"),
        ("a.jpg", png(), "AG212", "is a PNG image, not the JPEG", "rename it to 'icons/a.png'"),
        ("a.png", b"<html>", "AG212", "is an HTML page", "not the web page"),
        ("a.png", b"\0\1\2", "AG212", "is not the PNG image its name says", "bytes 00 01 02"),
        ("a.png", b"", "AG212", "is empty", "export the image as PNG"),
        ("a.png", png()[:-5], "AG212", "is cut short", "the file is damaged"),
        ("a.png", png() + b"x", "AG212", "has 1 bytes after", "save the image again"),
        ("a.png", huge_png(30000, 30000), "AG213", "is 30000×30000 pixels", "scale it down"),
        ("a.jpg", jpeg_of_size(9000, 9000), "AG213", "(81 megapixels)", "scale it down"),
    ],
)
def test_bad_icon_files(
    tmp_path: Path, name: str, data: bytes, code: str, message: str, hint: str
) -> None:
    fault = icon(tmp_path, name, data)
    assert fault is not None
    assert fault.code == code
    assert fault.message.startswith(f"'icons/{name}' ")
    assert message in fault.message and hint in fault.hint


def test_the_byte_cap_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    with path.open("wb") as stream:  # sparse: nothing is written, and nothing may be read
        stream.truncate(MAX_ICON_BYTES + 1)
    fault = check_icon_file(path, "icons/big.png")
    assert fault is not None
    assert (fault.code, fault.message) == (
        "AG213",
        "'icons/big.png' is 8.1 MiB; icons may be at most 8 MiB",
    )


def test_a_file_of_exactly_the_byte_cap_passes(tmp_path: Path) -> None:
    padding = png_chunk(b"zzZz", bytes(MAX_ICON_BYTES - len(png()) - 12))
    (tmp_path / "big.png").write_bytes(png(after=[padding]))
    assert (tmp_path / "big.png").stat().st_size == MAX_ICON_BYTES
    assert check_icon_file(tmp_path / "big.png", "big.png") is None


def test_each_file_is_read_once_however_its_path_is_spelt(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(GIF)
    checked: FileChecks = {}
    first = check_icon_file(path, "icons/a.png", checked)
    path.unlink()
    again = check_icon_file(path, "icons/./a.png", checked)
    assert first is not None and again is not None
    assert again.message == first.message.replace("icons/a.png", "icons/./a.png")
    with pytest.raises(FileNotFoundError):
        check_icon_file(path, "icons/a.png")


def test_check_image_names_what_it_found() -> None:
    assert check_image(JPEG, "JPEG") == Image("JPEG", 9, 9)
    with pytest.raises(WrongFormat) as caught:
        check_image(SVG, "PNG")
    assert caught.value.found == "SVG"
