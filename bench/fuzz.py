"""Mutation fuzzer over the loader and validator: seeded mutants of the example arch.yaml.

Each mutant is the example with one to four mutations, byte-level (delete, insert, flip or
duplicate bytes, delete, duplicate or swap lines, truncate) or YAML-aware (indent or dedent a
line, delete a key with its block, duplicate a key line, replace a scalar with another type or a
tag, add anchors, aliases and merge keys, tabs, NUL/bidi/invalid UTF-8, YAML tokens, a near-miss
id, a double-quoted value with an escape). Every mutant goes through `check_model_file`, the
in-process pipeline of `archgen validate`, and its problems through every output format; a
mutant that still validates goes on through `require_valid` (the typed model), `resolve_view`
and `build_dot`; every 25th that loads is also loaded by ruamel's Python parser, which must give
the same data and positions as libyaml. Recorded: any exception escaping (a
crash, with its index to replay), and whether every problem points at a line and column inside
the file. Mutant `i` of seed `s` is the same on every machine: `--replay i` shows it again.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from archgen.commands.model import CheckedModel, check_model_file, require_valid
from archgen.load import load_model_text
from archgen.problems import ArchgenError, Problem
from archgen.render.diagram.dot import build_dot
from archgen.resolve.view import resolve_view
from archgen.validate import format_problems
from bench.report import machine_info, write_section

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "arch.yaml"
RELIABILITY_DOC = ROOT / "docs" / "reliability.md"
MODEL_NAME = "arch.yaml"
DIFFERENTIAL_EVERY = 25  # one loadable mutant in 25 is also parsed by the slow Python parser
KEPT_EXAMPLES = 20  # crashes and unlocated problems kept for the report

Mutator = Callable[[random.Random, bytes], bytes]


# ---- byte-level mutations ----------------------------------------------------------------------


def _span(rng: random.Random, data: bytes, longest: int = 8) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.randint(1, longest))


def delete_bytes(rng: random.Random, data: bytes) -> bytes:
    start, end = _span(rng, data)
    return data[:start] + data[end:]


BYTE_ALPHABETS = (
    bytes(range(256)),
    b":-[]{}#&*!|>'\"%@`,?\\ \n\t",
    bytes(range(0x20, 0x7F)),
)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    alphabet = rng.choice(BYTE_ALPHABETS)
    insert = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
    at = rng.randrange(len(data) + 1)
    return data[:at] + insert + data[at:]


def flip_bit(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def duplicate_bytes(rng: random.Random, data: bytes) -> bytes:
    start, end = _span(rng, data, longest=64)
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[start:end] + data[at:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    line = rng.choice(lines)
    lines.insert(rng.randrange(len(lines) + 1), line if line.endswith(b"\n") else line + b"\n")
    return b"".join(lines)


def swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


# ---- YAML-aware mutations ----------------------------------------------------------------------

KEY_LINE = re.compile(rb"^(?P<indent> *)(?P<dash>- )?(?P<key>[A-Za-z_][\w-]*):(?P<rest>[^\n]*)")
ID_VALUE = re.compile(rb"\bid: *([a-z0-9][a-z0-9_-]*)")

REPLACEMENTS = (
    b"123", b"-1.5e9", b"0x1F", b"0o17", b"1e400", b"99999999999999999999999999999", b".inf",
    b".nan", b"true", b"no", b"null", b"~", b"''", b'""', b"[]", b"{}", b"[a, b]", b"{a: 1}",
    b"- x", b"2026-13-45", b"12:30", b"!!python/object:os.system", b"!!python/object/apply:"
    b'os.system ["echo pwned"]', b"!!python/name:os.system", b"!custom value", b"!!int abc",
    b"!!float x", b"!!bool maybe", b"!!null x", b"!!str 5", b"!!binary aGVsbG8=",
    b"!!timestamp 2001-12-14", b"!!map {}", b"!!seq []", b"!<tag:example.com,2000:x> y",
    b"!e!x y", b'"unterminated', b"'x''", b"|", b">-", b"|9", b"*undefined", b"&a", b"%x",
    b"@at", b"`tick", b'"\\q"', b"a: b: c", b"[unclosed", b"{unclosed: 1", b"? complex",
    b"x" * 5000, b"\xe2\x80\xae evil", b"https://example.com/x.png", b"file:///etc/passwd",
    b"../../etc/passwd", b"{{7*7}}", b"<script>alert(1)</script>",
)  # fmt: skip


def _key_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if KEY_LINE.match(line)]


def _indent(line: bytes) -> int:
    match = KEY_LINE.match(line)
    if match is None:
        return len(line) - len(line.lstrip(b" "))
    return len(match["indent"]) + (2 if match["dash"] else 0)


def indent_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines[at] = b" " * rng.randint(1, 4) + lines[at]
    return b"".join(lines)


def dedent_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    indented = [i for i, line in enumerate(lines) if line.startswith(b" ")]
    if indented:
        at = rng.choice(indented)
        cut = min(rng.randint(1, 4), len(lines[at]) - len(lines[at].lstrip(b" ")))
        lines[at] = lines[at][cut:]
    return b"".join(lines)


def _block_end(lines: list[bytes], at: int) -> int:
    """The line after the block of key line `at`: the next line indented no deeper."""
    indent, end = _indent(lines[at]), at + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    return end


def delete_key(rng: random.Random, data: bytes) -> bytes:
    """A key (not a list item's first key) and everything nested under it."""
    lines = _lines(data)
    keys = [i for i in _key_lines(lines) if not lines[i].lstrip(b" ").startswith(b"- ")]
    if keys:
        at = rng.choice(keys)
        del lines[at : _block_end(lines, at)]
    return b"".join(lines)


def duplicate_key_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    keys = _key_lines(lines)
    if keys:
        at = rng.choice(keys)
        match = KEY_LINE.match(lines[at])
        assert match is not None
        copy = b" " * _indent(lines[at]) + lines[at][match.start("key") :]
        lines.insert(at + 1, copy)
    return b"".join(lines)


def replace_scalar(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    valued = [i for i in _key_lines(lines) if lines[i].split(b":", 1)[1].strip()]
    if valued:
        at = rng.choice(valued)
        head = lines[at][: lines[at].index(b":") + 1]
        ending = b"\n" if lines[at].endswith(b"\n") else b""
        lines[at] = head + b" " + rng.choice(REPLACEMENTS) + ending
    return b"".join(lines)


def insert_anchor_alias(rng: random.Random, data: bytes) -> bytes:
    """An anchor on one key's value and an alias (or merge key) at another key, or a lone
    alias, or an alias inside its own anchor."""
    lines = _lines(data)
    keys = _key_lines(lines)
    if len(keys) < 2:
        return data
    first, second = sorted(rng.sample(keys, 2))
    name = rng.choice([b"a", b"a", b"b"])
    kind = rng.randrange(4)
    if kind < 3:  # anchor first, then alias value / merge key / self-reference inside it
        lines[first] = _with_anchor(lines[first], name)
    target = first + 1 if kind == 2 and first + 1 < len(lines) else second
    if kind == 1:
        lines.insert(target, b" " * _indent(lines[target]) + b"<<: *" + name + b"\n")
    else:
        head = lines[target][: lines[target].index(b":") + 1] if b":" in lines[target] else b"-"
        lines[target] = head + b" *" + name + b"\n"
    return b"".join(lines)


ESCAPES = (
    rb"\0", rb"\a", rb"\e", rb"\x1b[31m", rb"\x85", rb"\x7f", rb"\ud800", rb"\udfff",
    rb"\ud83d\ude00", rb"\uFFFE", rb"\uFFFF", rb"\uFDD0", rb"\U0010FFFF", rb"\U00110000",
    rb"\u202e", rb"\u200b", rb"\N", rb"\_", rb"\L", rb"\P", rb"\t", rb"\/", rb"\ ", rb"\q",
    rb"\x", rb"\u12", rb'\"', rb"\\",
)  # fmt: skip


def escape_in_quotes(rng: random.Random, data: bytes) -> bytes:
    """A value rewritten in double quotes with an escape in it: `"Amazon\\ud800 S3"`."""
    lines = _lines(data)
    valued = [i for i in _key_lines(lines) if lines[i].split(b":", 1)[1].strip()]
    if valued:
        at = rng.choice(valued)
        head, _, value = lines[at].partition(b":")
        text = value.strip().strip(b"'\"").replace(b"\\", b"").replace(b'"', b"")
        cut = rng.randrange(len(text) + 1)
        escaped = text[:cut] + rng.choice(ESCAPES) + text[cut:]
        lines[at] = head + b': "' + escaped + b'"\n'
    return b"".join(lines)


def _with_anchor(line: bytes, name: bytes) -> bytes:
    head, colon, rest = line.partition(b":")
    return head + colon + b" &" + name + (rest if rest.startswith(b" ") else b" " + rest)


def insert_tab(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    line = lines[at]
    where = rng.choice(["start", "after-indent", "after-colon", "anywhere"])
    if where == "start":
        lines[at] = b"\t" + line
    elif where == "after-indent":
        indent = len(line) - len(line.lstrip(b" "))
        lines[at] = line[:indent] + b"\t" + line[indent:]
    elif where == "after-colon" and b": " in line:
        lines[at] = line.replace(b": ", b":\t", 1)
    else:
        cut = rng.randrange(len(line) + 1)
        lines[at] = line[:cut] + b"\t" + line[cut:]
    return b"".join(lines)


SPECIAL_BYTES = (
    b"\x00", b"\x07", b"\x1b", b"\x7f", b"\r", b"\x0c", b"\xc2\x85", b"\xe2\x80\xa8",
    b"\xe2\x80\xa9", b"\xe2\x80\xae", b"\xe2\x80\xad", b"\xe2\x81\xa6", b"\xe2\x80\x8b",
    b"\xef\xbb\xbf", b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xf4\x8f\xbf\xbf", b"\xff", b"\xfe",
    b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80", b"\xe2\x82",
    b"\xf0\x9f\x98\x80", b"\xcc\x81", b"\xff\xfe", b"\xfe\xff",
)  # fmt: skip


def insert_special_character(rng: random.Random, data: bytes) -> bytes:
    """NUL, control and bidi characters, BOMs, invalid or overlong UTF-8, emoji."""
    special = rng.choice(SPECIAL_BYTES)
    if rng.random() < 0.5:
        lines = _lines(data)
        at = rng.randrange(len(lines))
        lines[at] = special + lines[at]
        return b"".join(lines)
    at = rng.randrange(len(data) + 1)
    return data[:at] + special + data[at:]


YAML_TOKENS = (
    b"---\n", b"...\n", b"%YAML 1.1\n", b"%TAG !e! tag:example.com,2000:\n", b"? ", b"- ",
    b": ", b"[", b"]", b"{", b"}", b", ", b"# ", b"|\n", b">\n", b"&", b"*", b"!", b"<<: ",
    b"'", b'"', b"\\", b"@", b"`", b"%",
)  # fmt: skip


def insert_yaml_token(rng: random.Random, data: bytes) -> bytes:
    token = rng.choice(YAML_TOKENS)
    if token.endswith(b"\n"):
        lines = _lines(data)
        lines.insert(rng.randrange(len(lines) + 1), token)
        return b"".join(lines)
    at = rng.randrange(len(data) + 1)
    return data[:at] + token + data[at:]


def _near_miss(rng: random.Random, name: bytes) -> bytes:
    choice = rng.randrange(6)
    cut = rng.randrange(len(name))
    if choice == 0 and len(name) > 1:
        return name[:cut] + name[cut + 1 :]  # a letter dropped
    if choice == 1 and len(name) > 1:
        cut = min(cut, len(name) - 2)
        return name[:cut] + name[cut + 1 : cut + 2] + name[cut : cut + 1] + name[cut + 2 :]
    if choice == 2:
        return name.upper() if rng.random() < 0.5 else name[:1].upper() + name[1:]
    if choice == 3:
        return name.replace(b"-", b"_") if b"-" in name else name + b"s"
    if choice == 4:
        return name + b"-" + str(rng.randint(2, 9)).encode()
    return name[:cut] + bytes([rng.choice(b"abcdefghijklmnopqrstuvwxyz")]) + name[cut + 1 :]


def near_miss_id(rng: random.Random, data: bytes) -> bytes:
    """One use (definition or reference) of an id, replaced by a near miss ('dynamdb')."""
    ids = sorted({match.group(1) for match in ID_VALUE.finditer(data)})
    if not ids:
        return data
    name = rng.choice(ids)
    uses = list(re.finditer(rb"(?<![\w-])" + re.escape(name) + rb"(?![\w-])", data))
    use = rng.choice(uses)
    return data[: use.start()] + _near_miss(rng, name) + data[use.end() :]


MUTATORS: dict[str, Mutator] = {
    mutator.__name__.replace("_", "-"): mutator
    for mutator in (
        delete_bytes, insert_bytes, flip_bit, duplicate_bytes, truncate, delete_line,
        duplicate_line, swap_lines, indent_line, dedent_line, delete_key, duplicate_key_line,
        replace_scalar, escape_in_quotes, insert_anchor_alias, insert_tab, insert_special_character,
        insert_yaml_token, near_miss_id,
    )
}  # fmt: skip
MUTATION_COUNTS = (1, 1, 1, 1, 2, 2, 3, 4)  # mostly one: a single early syntax error hides the rest


def make_mutant(base: bytes, seed: int, index: int) -> tuple[bytes, list[str]]:
    """Mutant `index` of `seed`: its bytes and the mutations applied, in order."""
    rng = random.Random(f"archgen-fuzz:{seed}:{index}")
    names = [rng.choice(list(MUTATORS)) for _ in range(rng.choice(MUTATION_COUNTS))]
    data = base
    for name in names:
        data = MUTATORS[name](rng, data)
    return data, names


# ---- checking one mutant -----------------------------------------------------------------------


@dataclass
class FuzzReport:
    """What a run found; reports of parts of a run add up with `merge`."""

    mutants: int = 0
    crashes: list[str] = field(default_factory=list)  # "index [mutations] stage: error"
    crash_count: int = 0
    rejected: int = 0  # mutants with at least one error
    valid: int = 0
    resolved: int = 0  # valid mutants that require_valid, resolve_view and build_dot took
    differential: int = 0  # loadable mutants also loaded by the Python parser, found equal
    errors: int = 0
    errors_located: int = 0
    warnings: int = 0
    warnings_located: int = 0
    errors_with_hint: int = 0
    unlocated: list[str] = field(default_factory=list)
    codes: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, int] = (0.0, -1)  # seconds, index

    def merge(self, other: FuzzReport) -> None:
        for name in (
            "mutants", "crash_count", "rejected", "valid", "resolved", "differential", "errors",
            "errors_located", "warnings", "warnings_located", "errors_with_hint",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.crashes = (self.crashes + other.crashes)[:KEPT_EXAMPLES]
        self.unlocated = (self.unlocated + other.unlocated)[:KEPT_EXAMPLES]
        self.codes.update(other.codes)
        self.mutations.update(other.mutations)
        self.slowest = max(self.slowest, other.slowest)

    @property
    def located_share(self) -> float:
        """Errors located inside the file, as a fraction (1.0 when there was no error)."""
        return self.errors_located / self.errors if self.errors else 1.0

    def crash(self, index: int, names: Sequence[str], stage: str, error: BaseException) -> None:
        self.crash_count += 1
        where = traceback.extract_tb(error.__traceback__)[-1:]
        place = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
        text = f"#{index} {names} {stage}: {type(error).__name__}: {error}"[:300] + place
        if len(self.crashes) < KEPT_EXAMPLES:
            self.crashes.append(text)


def file_lines(data: bytes) -> list[str]:
    """The mutant's lines as archgen counts them (\\n, \\r\\n or \\r end a line)."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return re.split(r"\r\n|\r|\n", text)


def is_located(problem: Problem, lines: Sequence[str]) -> bool:
    """The problem names the file and a line and column inside it (the end of a line counts)."""
    if problem.file != MODEL_NAME or not 1 <= problem.line <= len(lines):
        return False
    return 1 <= problem.column <= len(lines[problem.line - 1]) + 1


def record_problems(report: FuzzReport, index: int, problems: list[Problem], data: bytes) -> None:
    lines = file_lines(data)
    for problem in problems:
        located = is_located(problem, lines)
        if problem.severity == "error":
            report.errors += 1
            report.errors_located += located
            report.errors_with_hint += bool(problem.hint)
            report.codes[problem.code] += 1
        else:
            report.warnings += 1
            report.warnings_located += located
        if not located and len(report.unlocated) < KEPT_EXAMPLES:
            report.unlocated.append(f"#{index}: {problem.format()[:200]}")


def check_mutant(
    report: FuzzReport,
    path: Path,
    data: bytes,
    index: int,
    names: Sequence[str],
    compare_every: int = DIFFERENTIAL_EVERY,
) -> None:
    """Every path a mutant takes, each one guarded: an exception escaping is a crash."""
    path.write_bytes(data)
    report.mutants += 1
    report.mutations.update(names)
    try:
        checked = check_model_file(path, display_name=MODEL_NAME)
        for fmt in ("text", "json", "github"):
            format_problems(checked.problems, fmt, data=checked.data, file=MODEL_NAME)
    except Exception as error:
        report.crash(index, names, "check_model_file", error)
        return
    record_problems(report, index, checked.problems, data)
    if checked.errors:
        report.rejected += 1
    else:
        report.valid += 1
        _second_paths(report, checked, index, names)
    if checked.document is not None and index % compare_every == 0:
        _differential(report, data, index, names)


def _second_paths(
    report: FuzzReport, checked: CheckedModel, index: int, names: Sequence[str]
) -> None:
    """A mutant that validates must build its typed model, resolve and draw too."""
    try:
        valid = require_valid(checked)  # ArchgenError: pydantic refuses what validation passed
        build_dot(resolve_view(valid.model, valid.icon_files))
    except Exception as error:
        report.crash(index, names, "require_valid/resolve_view/build_dot", error)
        return
    report.resolved += 1


@contextmanager
def _pure_parser() -> Iterator[None]:
    previous = os.environ.get("ARCHGEN_PURE_YAML")
    os.environ["ARCHGEN_PURE_YAML"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["ARCHGEN_PURE_YAML"]
        else:
            os.environ["ARCHGEN_PURE_YAML"] = previous


def _differential(report: FuzzReport, data: bytes, index: int, names: Sequence[str]) -> None:
    """libyaml loaded the mutant: ruamel's Python parser must load the same data and positions."""
    fast = load_model_text(data, MODEL_NAME)
    try:
        with _pure_parser():
            slow = load_model_text(data, MODEL_NAME)
        # repr, not ==: a `.nan` value is not equal to itself
        same = (repr(fast.data), fast.key_positions, fast.value_positions) == (
            repr(slow.data),
            slow.key_positions,
            slow.value_positions,
        )
        if not same:
            raise AssertionError("the two parsers load different data or positions")
    except (ArchgenError, AssertionError) as error:
        report.crash(index, names, "libyaml and the Python parser disagree", error)
        return
    report.differential += 1


# ---- running -----------------------------------------------------------------------------------


def fuzz_range(
    base: bytes, seed: int, start: int, stop: int, compare_every: int = DIFFERENTIAL_EVERY
) -> FuzzReport:
    """Mutants `start` to `stop - 1`, checked one after another in a scratch folder."""
    report = FuzzReport()
    with tempfile.TemporaryDirectory(prefix="archgen-fuzz-") as folder:
        path = Path(folder) / MODEL_NAME
        for index in range(start, stop):
            data, names = make_mutant(base, seed, index)
            began = time.perf_counter()
            check_mutant(report, path, data, index, names, compare_every)
            report.slowest = max(report.slowest, (time.perf_counter() - began, index))
    return report


def run_fuzz(
    count: int,
    seed: int,
    jobs: int = 1,
    base: bytes | None = None,
    compare_every: int = DIFFERENTIAL_EVERY,
) -> FuzzReport:
    """`count` mutants of `base` (default: the example), on `jobs` processes; every
    `compare_every`-th that loads is loaded by both parsers."""
    source = EXAMPLE.read_bytes() if base is None else base
    if jobs <= 1:
        return fuzz_range(source, seed, 0, count, compare_every)
    chunk = max(1, min(250, -(-count // (jobs * 4))))
    report = FuzzReport()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = [
            pool.submit(fuzz_range, source, seed, start, min(count, start + chunk), compare_every)
            for start in range(0, count, chunk)
        ]
        for part in parts:
            report.merge(part.result())
    return report


# ---- command line ------------------------------------------------------------------------------


def parse_options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench fuzz", description=__doc__)
    parser.add_argument("--mutants", type=int, default=20_000, help="how many (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="which mutants (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument(
        "--compare-every",
        type=int,
        default=DIFFERENTIAL_EVERY,
        metavar="N",
        help=f"load every Nth loadable mutant with both parsers (default {DIFFERENTIAL_EVERY})",
    )
    parser.add_argument("--replay", type=int, metavar="INDEX", help="show one mutant again")
    parser.add_argument("--save", type=Path, metavar="FILE", help="with --replay: write it here")
    parser.add_argument(
        "--no-write", action="store_true", help="print the figures; leave docs/reliability.md"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    if options.replay is not None:
        return replay(options.seed, options.replay, options.save)
    began = time.perf_counter()
    jobs, every = max(1, options.jobs), max(1, options.compare_every)
    report = run_fuzz(max(1, options.mutants), options.seed, jobs, compare_every=every)
    seconds = time.perf_counter() - began
    body = format_report(report, options.seed, seconds, jobs, every)
    print(body)
    if not options.no_write:
        write_section("fuzz", "## Mutation fuzzer", body, path=RELIABILITY_DOC)
    return 1 if report.crash_count or report.errors_located < report.errors else 0


def replay(seed: int, index: int, save: Path | None) -> int:
    """Mutant `index` again: its mutations, what archgen reports, and its bytes if asked."""
    data, names = make_mutant(EXAMPLE.read_bytes(), seed, index)
    print(f"mutant #{index} of seed {seed}: {', '.join(names)}")
    if save is not None:
        save.write_bytes(data)
        print(f"written to {save}")
    report = FuzzReport()
    with tempfile.TemporaryDirectory(prefix="archgen-fuzz-") as folder:
        check_mutant(report, Path(folder) / MODEL_NAME, data, index, names)
        checked = check_model_file(Path(folder) / MODEL_NAME, display_name=MODEL_NAME)
    print(format_problems(checked.problems, "text", data=checked.data, file=MODEL_NAME))
    for line in [*report.crashes, *report.unlocated]:
        print("FAULT", line)
    return 1 if report.crash_count or report.unlocated else 0


def format_report(
    report: FuzzReport, seed: int, seconds: float, jobs: int, every: int = DIFFERENTIAL_EVERY
) -> str:
    def share(part: int, whole: int) -> str:
        return f"{part:,} of {whole:,} ({100 * part / whole:.2f} %)" if whole else "0"

    each = 1000 * seconds * jobs / max(1, report.mutants)  # process time per mutant
    top = ", ".join(f"{code} {count:,}" for code, count in report.codes.most_common(12))
    rows = [
        ("mutants of the example arch.yaml", f"{report.mutants:,} (seed {seed})"),
        ("crashes (an exception escaping, or the parsers disagreeing)", f"{report.crash_count}"),
        ("mutants rejected with located errors", share(report.rejected, report.mutants)),
        ("mutants still valid", share(report.valid, report.mutants)),
        ("valid mutants built, resolved and drawn as DOT", share(report.resolved, report.valid)),
        (f"loadable mutants (1 in {every}) read alike by both parsers", f"{report.differential:,}"),
        ("errors located in the file (line, column)", share(report.errors_located, report.errors)),
        ("warnings located inside the file", share(report.warnings_located, report.warnings)),
        ("errors with a hint (what to do)", share(report.errors_with_hint, report.errors)),
        ("most frequent codes", top or "none"),
        ("run time", f"{seconds:.1f} s on {jobs} process(es), {each:.1f} ms per mutant"),
        ("slowest mutant", f"{1000 * report.slowest[0]:.0f} ms (#{report.slowest[1]})"),
    ]  # fmt: skip
    lines = ["| figure | value |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]
    faults = [*report.crashes, *report.unlocated]
    if faults:
        lines += ["", "Faults (replay with `python -m bench fuzz --seed S --replay INDEX`):", ""]
        lines += [f"- `{fault}`" for fault in faults]
    command = f"python -m bench fuzz --mutants {report.mutants} --seed {seed}"
    command += f" --compare-every {every}" if every != DIFFERENTIAL_EVERY else ""
    lines += ["", f"Command: `{command}`. Machine: {machine_info()}."]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
