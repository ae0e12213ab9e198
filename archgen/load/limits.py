"""The bounds that keep loading fast and finite for any input, however hostile."""

from __future__ import annotations

# Far above any real model (a few kilobytes); checked with stat before a byte is read.
MAX_FILE_BYTES = 2 * 1024 * 1024

# Real models nest a handful of levels; deeper means a generated or hostile file.
MAX_DEPTH = 100

# Values produced by expanding aliases and merge keys; stops "billion laughs" documents.
ALIAS_BUDGET = 200_000

# Values written in the file (scalars, lists, mappings); a big model has a few thousand. The
# pure-Python parser needs ~30 µs a value: this keeps a dense 2 MiB file from taking 30 s.
MAX_VALUES = 30_000
