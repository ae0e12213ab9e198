"""Load WeasyPrint without running the C compiler.

WeasyPrint tries several names for each C library it needs, and cffi hands every name without a
dot to `ctypes.util.find_library`, which on Linux falls back to running gcc and ld when the
loader cache does not know the name (16 gcc and 32 ld runs on Debian 12). That costs about half
a second, and a render killed meanwhile leaves the compiler's temporary files in TMPDIR. Among
the names WeasyPrint tries are the plain file names (`libpango-1.0.so.0`, …), which load without
any lookup, so the loader cache alone is enough; it is read once, not once per name.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections.abc import Callable

# ctypes' own names for the loader cache's ABI tags (CPython's `_findSoname_ldconfig`)
ABI_TAGS = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def load_weasyprint() -> None:
    """Import WeasyPrint once, with library lookups kept to the loader cache while it loads."""
    if "weasyprint" in sys.modules or sys.platform != "linux":
        importlib.import_module("weasyprint")
        return
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = loader_cache_lookup()  # type: ignore[assignment]
    try:
        importlib.import_module("weasyprint")
    finally:
        ctypes.util.find_library = original


def loader_cache_lookup() -> Callable[[str], str | None]:
    """`find_library` from the loader cache alone, as ctypes' `_findSoname_ldconfig` does, but
    reading `ldconfig -p` once: ctypes runs it for every name (22 times for WeasyPrint)."""
    listing = _loader_cache()
    bits = "-64" if sys.maxsize > 2**32 else "-32"
    abi = ABI_TAGS.get(os.uname().machine + bits, "libc6")

    def lookup(name: str) -> str | None:
        pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)), abi.encode())
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return lookup


def loader_cache_listing() -> bytes:
    """`ldconfig -p`: the shared libraries the loader knows, one a line; empty without one."""
    return _loader_cache()


def _loader_cache() -> bytes:
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        ).stdout
    except OSError:
        return b""  # no loader cache: WeasyPrint's plain file names still load
