"""Load WeasyPrint without running the C compiler.

WeasyPrint tries several names for each C library it needs, and cffi hands every name without a
dot to `ctypes.util.find_library`, which on Linux falls back to running gcc and ld when the
loader cache does not know the name (16 gcc and 32 ld runs on Debian 12). That costs about half
a second, and a render killed meanwhile leaves the compiler's temporary files in TMPDIR. Among
the names WeasyPrint tries are the plain file names (`libpango-1.0.so.0`, …), which load without
any lookup, so the loader cache alone is enough.
"""

from __future__ import annotations

import importlib
import sys


def load_weasyprint() -> None:
    """Import WeasyPrint once, with library lookups kept to the loader cache while it loads."""
    if "weasyprint" in sys.modules or sys.platform != "linux":
        importlib.import_module("weasyprint")
        return
    import ctypes.util

    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    original = ctypes.util.find_library
    if cache_only is not None:
        ctypes.util.find_library = cache_only
    try:
        importlib.import_module("weasyprint")
    finally:
        ctypes.util.find_library = original
