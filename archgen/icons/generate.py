"""Regenerate catalog.json from the installed diagrams package.

Run `python -m archgen.icons.generate` after upgrading diagrams; a test fails while the committed
file differs from what this script would write.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import os
import pkgutil
import posixpath
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from archgen.icons.catalog import CATALOG_PATH, GENERATED_BY, diagrams_resources_root

# diagrams.cli is the library's own command line, not a provider; importing it is pointless.
NOT_PROVIDER_MODULES = frozenset({"diagrams.cli"})


def build_catalog() -> dict[str, Any]:
    """Every public Node class with a fixed icon, sorted by kind, aliases on the canonical entry."""
    root = diagrams_resources_root()
    kinds: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for module in provider_modules():
        for entry in module_entries(module):
            (kinds if (root / entry["icon"]).is_file() else missing).append(entry)
    return {
        "generated_by": GENERATED_BY,
        "diagrams_version": importlib.metadata.version("diagrams"),
        # Kinds the library defines but whose PNG its wheel lacks: they would render blank.
        "skipped_missing_icon": sorted(entry["kind"] for entry in missing),
        "kinds": sorted(kinds, key=lambda entry: str(entry["kind"])),
    }


def provider_modules() -> list[ModuleType]:
    """Import every module of the installed diagrams package, in name order."""
    import diagrams

    infos = pkgutil.walk_packages(diagrams.__path__, prefix="diagrams.")
    names = sorted(info.name for info in infos if info.name not in NOT_PROVIDER_MODULES)
    return [importlib.import_module(name) for name in names]


def module_entries(module: ModuleType) -> list[dict[str, Any]]:
    """Catalogue entries for the node classes a module defines, with their alias names."""
    short = module.__name__.removeprefix("diagrams.")
    entries = []
    for cls, names in bound_node_classes(module).items():
        canonical = cls.__name__ if cls.__name__ in names else names[0]
        aliases = sorted(f"{short}.{name}" for name in names if name != canonical)
        icon = posixpath.join(cls._icon_dir, cls._icon)
        entries.append({"kind": f"{short}.{canonical}", "icon": icon, "aliases": aliases})
    return entries


def bound_node_classes(module: ModuleType) -> dict[Any, list[str]]:
    """Node classes defined in this module with a fixed icon -> every public name bound to them."""
    from diagrams import Node

    bound: dict[Any, list[str]] = {}
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or not inspect.isclass(value) or not issubclass(value, Node):
            continue
        # Skips re-exports (diagrams.Node itself) and classes whose icon is chosen at runtime.
        if value.__module__ != module.__name__ or node_icon(value) is None:
            continue
        bound.setdefault(value, []).append(name)
    return bound


def node_icon(cls: Any) -> str | None:
    """The PNG file name a Node class always draws, or None when it is chosen per instance."""
    icon = cls._icon
    return icon if isinstance(icon, str) else None


def render_catalog(catalog: dict[str, Any]) -> str:
    """The catalogue as committed: one kind per line so upgrades read well in a diff."""
    header = [
        f"  {json.dumps(key)}: {json.dumps(value)},"
        for key, value in catalog.items()
        if key != "kinds"
    ]
    kinds = ",\n".join(f"    {json.dumps(entry)}" for entry in catalog["kinds"])
    return "\n".join(["{", *header, '  "kinds": [', kinds, "  ]", "}"]) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    os.chmod(handle.name, 0o644)  # NamedTemporaryFile creates 0600; a committed file is 0644
    os.replace(handle.name, path)


def main() -> None:
    """Regenerate catalog.json and say what it holds."""
    catalog = build_catalog()
    write_atomically(CATALOG_PATH, render_catalog(catalog))
    providers = {str(entry["kind"]).split(".")[0] for entry in catalog["kinds"]}
    print(f"wrote {CATALOG_PATH}: {len(catalog['kinds'])} kinds from {len(providers)} providers")


if __name__ == "__main__":
    main()
