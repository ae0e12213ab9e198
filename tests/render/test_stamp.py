"""Fingerprint stamps survive a round trip and reveal hand edits."""

from __future__ import annotations

import struct
import zlib

from archgen.render.stamp import read_png_stamp, read_stamp, read_text_stamp, seal_text, stamp_png

FINGERPRINT = "archgen-" + "ab" * 16


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_sealed_text_reads_back_intact() -> None:
    sealed = seal_text(f"<!-- {FINGERPRINT} -->\n# Brief\n".encode())
    stamp = read_text_stamp(sealed)
    assert stamp is not None
    assert stamp.fingerprint == FINGERPRINT
    assert stamp.intact is True


def test_hand_edit_of_sealed_text_is_detected() -> None:
    sealed = seal_text(f"<!-- {FINGERPRINT} -->\n# Brief\n".encode())
    stamp = read_text_stamp(sealed.replace(b"Brief", b"Draft"))
    assert stamp is not None
    assert stamp.intact is False


def test_only_the_first_token_is_sealed() -> None:
    sealed = seal_text(f"{FINGERPRINT} and again {FINGERPRINT}".encode())
    assert sealed.count(b"+") == 1
    stamp = read_text_stamp(sealed)
    assert stamp is not None
    assert stamp.intact is True


def test_png_stamp_round_trip_and_edit() -> None:
    png = stamp_png(tiny_png(), FINGERPRINT)
    stamp = read_png_stamp(png)
    assert stamp is not None
    assert (stamp.fingerprint, stamp.intact) == (FINGERPRINT, True)
    edited = png.replace(b"IDAT", b"IDAT", 1)[:-20] + png[-20:]
    tampered = bytearray(edited)
    tampered[42] ^= 0xFF  # a byte of the IDAT data
    stamp = read_png_stamp(bytes(tampered))
    assert stamp is not None
    assert stamp.intact is False


def test_unstamped_outputs_read_as_none() -> None:
    assert read_stamp("brief.md", b"# hello\n") is None
    assert read_stamp("diagram.png", tiny_png()) is None
    assert read_stamp("brief.pdf", b"%PDF-1.7\n") is None
