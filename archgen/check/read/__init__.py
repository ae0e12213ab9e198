"""Readers: each output read back by what a reader of it sees, one module per kind of output.

A reader takes an output's bytes and returns a `Reading`: every service, group, flow, step,
requirement, trade-off and link the output shows, each with the text a reader reads (a name,
a title, a label), where in the output it is (an element id, a line, a page) and, for steps
and links, the two services it joins; plus what is wrong on its own, such as a link to an
anchor that does not exist. `archgen.check.compare` holds a reading against the model.

Each output names its reader in `archgen.outputs` (`Output.reader`, `module:function`), and
a reader is imported only when its output is read. A new export adds its reader as a module
here, `read_<format>(data, context) -> Reading` whose `kinds` say what the format shows at
all (Mermaid draws no legend, so no flows are missing from it), and `reader=READ + "…"` in
its line of `OUTPUTS`; `archgen.check.compare` does the rest.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from archgen.check.expect import Model

Kind = Literal["service", "group", "flow", "step", "requirement", "tradeoff", "link"]


def words(text: str) -> str:
    """Text as a reader reads it: every run of white space (line breaks, no-break spaces
    included) one space, none at either end."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Shown:
    """One thing an output shows."""

    kind: Kind
    key: str  # the model id it stands for (a step's number, a link's index)
    text: str  # what a reader reads: name, title or label, as `words`
    place: str  # where: "element svc-kms", "line 120", "page 9"
    ends: tuple[str, str] | None = None  # a step's or link's services, by id
    inside: str | None = None  # the group drawn around a service ("" for none), when drawn
    extra: str | None = None  # a flow's step numbers in the legend ("1–6")


@dataclass(frozen=True)
class Flaw:
    """Something wrong that needs no model to see: a link to nowhere, an unreadable part."""

    place: str
    message: str


@dataclass
class Reading:
    """Everything an output shows, in the order it shows it."""

    kinds: frozenset[Kind]  # what this kind of output shows at all (Markdown draws no group box)
    shown: list[Shown] = field(default_factory=list)
    flaws: list[Flaw] = field(default_factory=list)
    parts: list[Reading] = field(default_factory=list)  # read on their own: a brief's diagram
    brief: bool = False  # a brief: it heads only the groups that hold services
    overview: bool = False  # the overview diagram: held against the model as it draws it

    def add(self, item: Shown) -> None:
        self.shown.append(item)


@dataclass(frozen=True)
class ReadContext:
    """What a reader may know besides the bytes: the other files of the output folder (a
    Markdown brief links to diagram.svg), the model file's bytes (the PDF attaches it), and
    what the model says, for an output that names no ids (the PDF's outline is read against
    the headings the brief must have)."""

    siblings: frozenset[str] = frozenset()
    model_name: str = ""
    model_bytes: bytes | None = None
    model: Model | None = None


class Unreadable(ValueError):
    """An output that cannot be read at all: not XML, not a PDF, not UTF-8."""


Reader = Callable[[bytes, ReadContext], Reading]


def load_reader(spec: str) -> Reader:
    """The function a `module:function` name in `archgen.outputs` stands for."""
    module, _, function = spec.partition(":")
    reader: Reader = getattr(importlib.import_module(module), function)
    return reader
