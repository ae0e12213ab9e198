"""The template files a brief is rendered from, found without loading Jinja.

The same rules serve the sandbox's loader (`sandbox.ConfinedLoader` reads through
`read_template_file`) and the brief's fingerprint (`template_files`), which an unchanged
model's render computes before deciding there is nothing to render: that path never imports
Jinja. Templates are searched in the user's folders first, then in the built-in ones; a file
is used only if it stays inside its folder, is at most `MAX_TEMPLATE_BYTES` and is UTF-8.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from archgen.problems import ArchgenError

PACKAGE_DIR = Path(__file__).resolve().parents[2]
MAX_TEMPLATE_BYTES = 1024 * 1024  # per template file; the built-in ones are about 20 KiB


class UnusableTemplate(Exception):
    """A template file archgen will not use: outside its folder, too big or not UTF-8."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename


def builtin_templates_dir() -> Path:
    """archgen/templates in an installed wheel, else the repository's templates/ (editable)."""
    installed = PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def search_path(template_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders templates are looked up in: the user's, in order, then the built-in one."""
    for folder in template_dirs:
        if not folder.is_dir():
            raise ArchgenError(f"{folder}: templates folder not found")
    return (*template_dirs, builtin_templates_dir())


def template_files(folders: Sequence[Path]) -> dict[str, Path]:
    """Each usable template name and the file it resolves to (a user's file hides the built-in
    one): what the brief's fingerprint covers."""
    files: dict[str, Path] = {}
    for name in template_names(folders):
        if is_scratch(name):
            continue
        found = find_template(folders, name)
        if found is None:
            continue
        folder, path = found
        try:
            read_template_file(folder, path)
        except UnusableTemplate:
            continue  # a dangling link, a link out or an unreadable file: nothing to use
        files[name] = path
    return files


def template_names(folders: Iterable[Path]) -> list[str]:
    """Every file name under the folders, relative and with `/` (links to folders not followed)."""
    found: set[str] = set()
    for folder in folders:
        root = str(folder)
        for dirpath, _, filenames in os.walk(root):
            for filename in filenames:
                name = os.path.join(dirpath, filename)[len(root) :].strip(os.path.sep)
                name = name.replace(os.path.sep, "/")
                found.add(name.removeprefix("./"))
    return sorted(found)


def find_template(folders: Iterable[Path], name: str) -> tuple[Path, Path] | None:
    """The first folder holding `name`, and the file (or link) there."""
    for folder in folders:
        path = folder.joinpath(*name.split("/"))
        if path.is_file() or path.is_symlink():
            return folder, path
    return None


def read_template_file(folder: Path, path: Path) -> tuple[str, Path]:
    """The source of a template file and the file it resolves to, refusing links out of
    `folder`, oversized files and files that are not UTF-8."""
    shown = str(path)
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(folder.resolve()):
            raise UnusableTemplate(f"{shown} is a link to a file outside {folder}", shown)
        size = resolved.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            limit = MAX_TEMPLATE_BYTES // 1024
            message = f"{shown} is {size:,} bytes; templates may have {limit} KiB"
            raise UnusableTemplate(message, shown)
        return resolved.read_bytes().decode("utf-8"), resolved
    except UnicodeDecodeError as error:
        raise UnusableTemplate(f"{shown} is not UTF-8 text ({error.reason})", shown) from None
    except OSError as error:
        raise UnusableTemplate(f"{shown} cannot be read ({error.strerror})", shown) from None


def is_scratch(name: str) -> bool:
    """Hidden files and editor leftovers (`x~`, `#x#`, `x.swp`) are not templates."""
    parts = name.split("/")
    leaf = parts[-1]
    hidden = any(part.startswith(".") for part in parts)
    return hidden or leaf.endswith(("~", ".swp", ".bak")) or leaf.startswith("#")
