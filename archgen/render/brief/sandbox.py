"""The sandbox every brief template runs in, archgen's own and a user's alike.

Templates are code: a class render runs strangers' templates on the teacher's machine. So a
template sees only the brief's data and archgen's filters, through Jinja2's
`ImmutableSandboxedEnvironment`, made stricter in three ways:

- **What it may call** is a short list: the brief's own lookups (`view.service(id)` and the
  other methods of the render view), macros, blocks and loop helpers, the methods of plain values
  (text, numbers, dates, lists and mappings, which the immutable sandbox already keeps from
  changing). Nothing else, so no method of a path, a pydantic model or a module ever runs.
- **What it may read**: no attribute starting with `_` (Jinja's rule), no file path.
- **How long and how big**: every loop step, call and piece of output ticks a `Budget` that
  stops the template past its time, its memory growth or its output size; an operator or a
  width that would build a huge value at once is refused before it runs, and the address
  space is capped while templates run (Linux), so one giant allocation fails instead of
  exhausting the machine.

Template files come through `ConfinedLoader`: names are relative to the searched folders
(no absolute paths, no `..`), a link may not lead out of its folder, and a file is at most
`MAX_TEMPLATE_BYTES` of UTF-8.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.nodes
import jinja2.runtime
import jinja2.sandbox
import jinja2.utils

from archgen.lifetime import address_space_bytes, resident_bytes
from archgen.render.brief.template_files import (
    UnusableTemplate,
    find_template,
    read_template_file,
)
from archgen.resolve.view import RenderView

BASE_SECONDS = 20.0  # a template render's time, plus PER_SERVICE_SECONDS for each service
SECONDS_VARIABLE = "ARCHGEN_TEMPLATE_SECONDS"
PER_SERVICE_SECONDS = 0.005  # the built-in brief takes ~0.3 ms a service
MAX_OUTPUT_CHARS = 256 * 1024 * 1024  # a 10,000-service brief is about 40 MB
MAX_GROWTH_BYTES = 768 * 1024 * 1024  # resident memory a render may add
ADDRESS_HEADROOM = 1024 * 1024 * 1024  # address space allowed beyond the current size
MAX_VALUE_LENGTH = 16 * 1024 * 1024  # a text or list built at once by `*`, a width or a padding
MAX_EXPONENT_BITS = 100_000  # `a ** b` may have about this many bits
CHECK_EVERY = 64  # ticks between two looks at the clock and the memory
WIDE_FORMAT = re.compile(r"\d{8,}")  # a width or precision of 10,000,000 and more
PLAIN_VALUES = (str, int, float, bool, list, tuple, dict, datetime.date, datetime.time)
REFUSED_GLOBALS = ("lipsum", "cycler", "joiner")  # Jinja's extras: nothing a brief needs


class TemplateLimitError(Exception):
    """A template went past one of its bounds (time, memory, output, value size)."""


# ---- the budget -------------------------------------------------------------------------------


@dataclass
class Budget:
    """The time, memory and output one template render may use."""

    seconds: float
    deadline: float = 0.0
    resident_at_start: int | None = None
    output_chars: int = 0
    ticks: int = 0

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.resident_at_start = resident_bytes()

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % CHECK_EVERY == 0:
            self.check()

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"the template ran for more than {self.seconds:.0f} s; does a loop never end?"
            )
        resident = resident_bytes()
        start = self.resident_at_start
        if resident is not None and start is not None and resident - start > MAX_GROWTH_BYTES:
            raise TemplateLimitError(
                f"the template used more than {MAX_GROWTH_BYTES // 2**20} MiB of memory"
            )

    def wrote(self, chunk: str) -> None:
        self.output_chars += len(chunk)
        if self.output_chars > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(
                f"the template wrote more than {MAX_OUTPUT_CHARS // 2**20} Mi characters"
            )
        self.tick()


_local = threading.local()


def _budget() -> Budget | None:
    return getattr(_local, "budget", None)


def _tick() -> None:
    budget = _budget()
    if budget is not None:
        budget.tick()


def render_within(template: jinja2.Template, context: dict[str, Any], seconds: float) -> str:
    """Render `template` within `seconds`, the memory and the output bounds of this module."""
    budget = Budget(seconds)
    budget.start()
    previous, _local.budget = _budget(), budget
    parts: list[str] = []
    try:
        with ADDRESS_CAP.held():
            for chunk in template.generate(context):
                budget.wrote(chunk)
                parts.append(chunk)
            return "".join(parts)
    except MemoryError:
        raise TemplateLimitError("the template ran out of the memory templates may use") from None
    finally:
        _local.budget = previous


def seconds_for(services: int) -> float:
    """The time a brief template may take for a model of this many services; the base comes
    from `ARCHGEN_TEMPLATE_SECONDS` when set (a positive number), else `BASE_SECONDS`."""
    return base_seconds() + PER_SERVICE_SECONDS * services


def base_seconds() -> float:
    try:
        chosen = float(os.environ.get(SECONDS_VARIABLE, BASE_SECONDS))
    except ValueError:
        return BASE_SECONDS
    return chosen if 0 < chosen < float("inf") else BASE_SECONDS


class AddressSpaceCap:
    """Caps this process's address space at its size now plus `ADDRESS_HEADROOM` (Linux): a
    single giant allocation by a template then fails with MemoryError instead of taking the
    machine's memory. Nested and concurrent renders share one cap, lifted when the last ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.saved: tuple[int, int] | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if sys.platform != "linux":
            yield
            return
        with self.lock:
            self.holders += 1
            if self.holders == 1:
                self.saved = _cap_address_space()
        try:
            yield
        finally:
            with self.lock:
                self.holders -= 1
                if self.holders == 0 and self.saved is not None:
                    _set_address_limit(self.saved)
                    self.saved = None


ADDRESS_CAP = AddressSpaceCap()


def _cap_address_space() -> tuple[int, int] | None:
    """Lower the soft limit; the limits before, to restore, or None when nothing changed."""
    import resource

    size = address_space_bytes()
    previous = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = previous
    if size is None:
        return None
    wanted = size + ADDRESS_HEADROOM
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        return None  # already capped as tightly by whoever started us
    return previous if _set_address_limit((wanted, hard)) else None


def _set_address_limit(limits: tuple[int, int]) -> bool:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, limits)
    except (ValueError, OSError):
        return False
    return True


# ---- the environment --------------------------------------------------------------------------


class BriefSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The immutable sandbox, calling only what the brief offers, within a `Budget`."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REFUSED_GLOBALS:
            self.globals.pop(name, None)
        self.allowed_functions = {id(value) for value in self.globals.values()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        """Every `{% for %}` iterates through `guarded_iterable`, so each step ticks."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(jinja2.nodes.For):
            guard = jinja2.nodes.EnvironmentAttribute("guarded_iterable", lineno=loop.lineno)
            loop.iter = jinja2.nodes.Call(guard, [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    def guarded_iterable(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            _tick()
            yield item

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and _offered(obj, self.allowed_functions, self)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, PurePath):
            return False  # where files live on this machine is not the brief's business
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_text_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        if not __self.is_safe_callable(__obj):
            raise jinja2.exceptions.SecurityError(
                f"calling {_callable_name(__obj)} is refused: templates may call the brief's "
                "lookups (view.service(id), ...), macros, and methods of text, numbers and lists"
            )
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        format_string = getattr(value, "__self__", "")

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(str(format_string))
            _check_sizes(args, kwargs)
            return wrapped(*args, **kwargs)

        checked.sandboxed_format = True  # type: ignore[attr-defined]
        return checked


def _callable_name(obj: Any) -> str:
    """`Path.read_text`, `BaseModel.model_dump`: what was called, without its object's repr."""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    return f"'{name}'" if isinstance(name, str) else f"a '{type(obj).__name__}' object"


def _offered(obj: Any, allowed: set[int], env: BriefSandbox) -> bool:
    """Whether a template may call `obj`: see the module's docstring."""
    if id(obj) in allowed or getattr(obj, "sandboxed_format", False):
        return True
    if isinstance(
        obj, jinja2.runtime.Macro | jinja2.runtime.BlockReference | jinja2.runtime.LoopContext
    ):
        return True
    owner = getattr(obj, "__self__", None)
    if owner is env and getattr(obj, "__name__", "") == "guarded_iterable":
        return True
    return isinstance(owner, (*PLAIN_VALUES, jinja2.runtime.LoopContext, RenderView))


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `'a' * 10**9`, `[x] * 10**9` and `2 ** 10**9` before they run."""
    if operator == "*":
        for value, times in ((left, right), (right, left)):
            if isinstance(value, str | list | tuple) and isinstance(times, int):
                _check_length(len(value) * times)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > MAX_EXPONENT_BITS:
            raise TemplateLimitError(f"{left} ** {right} is too big a number for a template")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)
        _check_sizes(right if isinstance(right, tuple) else (right,), {})
    elif operator == "+" and isinstance(left, str | list | tuple) and hasattr(right, "__len__"):
        _check_length(len(left) + len(right))


def _check_text_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """`'x'.center(10**9)`, `big.join(many)` and `s.replace('', big)` are refused before
    they run."""
    _check_sizes(args, kwargs)
    if name == "join" and args and hasattr(args[0], "__len__"):
        _check_length(len(text) * len(args[0]))
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        _check_length((len(text) + 1) * (len(args[1]) + 1))


def _check_sizes(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    """A width, padding or count given to a text method may not build a huge text."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            _check_length(value)


def _check_format(text: str) -> None:
    if WIDE_FORMAT.search(text):
        raise TemplateLimitError("a width or precision in a format is too big for a template")


def _check_length(length: int) -> None:
    if length > MAX_VALUE_LENGTH:
        raise TemplateLimitError(
            f"a value of {length:,} characters or items is too big for a template "
            f"(at most {MAX_VALUE_LENGTH:,} at once)"
        )


SIZED_FILTERS = ("batch", "center", "format", "indent", "slice", "tojson", "wordwrap")


def guard_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's own filters, ticking at each use; those that take a size (`center(width)`,
    `indent`, `format`, ...) or build text from parts (`join`, `replace`) are checked like the
    methods of text, before they run."""
    return {name: _guarded_filter(name, function) for name, function in filters.items()}


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 1 if jinja2.utils._PassArg.from_obj(function) is None else 2  # (context,) value

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        value: Any = args[skip - 1] if len(args) >= skip else None
        params = args[skip:]
        if name in SIZED_FILTERS:
            _check_sizes(params, kwargs)
        if name == "format" and isinstance(value, str):
            _check_format(value)
        elif name == "join" and hasattr(value, "__len__"):
            separator = params[0] if params else kwargs.get("d", "")
            _check_length(len(value) * len(str(separator)))
        elif name == "replace" and isinstance(value, str) and len(params) >= 2:
            _check_length((len(value) + 1) * (len(str(params[1])) + 1))
        return function(*args, **kwargs)

    return guarded


# ---- the loader -------------------------------------------------------------------------------


class TemplateFileError(jinja2.TemplateError):
    """A template file archgen will not use: outside its folder, too big or not UTF-8."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message)
        self.filename = filename


class TemplateOutsideError(jinja2.TemplateNotFound):
    """A template name that is absolute or climbs out with `..`."""


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file system loader that keeps every template inside the folders it searches."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = tuple(folders)
        super().__init__(self.folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        check_template_name(template)
        found = find_template(self.folders, template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        return read_template(*found)


def check_template_name(name: str) -> None:
    """Template names are relative paths inside the templates folders."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise TemplateOutsideError(
            name,
            f"'{name}' is outside the templates folders: name templates from there, "
            "e.g. 'partials/macros.html.j2' (no absolute path, no '..')",
        )


def read_template(folder: Path, path: Path) -> tuple[str, str, Callable[[], bool]]:
    """The source of a template file, refusing links out of `folder` and oversized files."""
    try:
        source, resolved = read_template_file(folder, path)
    except UnusableTemplate as error:
        raise TemplateFileError(error.message, error.filename) from None
    mtime = resolved.stat().st_mtime_ns

    def unchanged() -> bool:
        try:
            return resolved.stat().st_mtime_ns == mtime
        except OSError:
            return False

    return source, str(path), unchanged
