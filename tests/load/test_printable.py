"""The set of characters the loader refuses is exactly the complement of YAML's printable set."""

from __future__ import annotations

import re

from archgen.load.source import _NOT_PRINTABLE

# YAML 1.2's c-printable as the spec writes it (ruamel's reader checks the same set).
PRINTABLE_RUNS = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]+")


def test_refused_characters_are_exactly_the_unprintable_ones() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert _NOT_PRINTABLE.sub("", every) == "".join(PRINTABLE_RUNS.findall(every))
