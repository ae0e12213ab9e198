"""The bounds that keep loading fast and finite for any input, however hostile."""

from __future__ import annotations

# Far above any real model, and small enough that even dense YAML parses in bounded time.
MAX_FILE_BYTES = 2 * 1024 * 1024

# Real models nest a handful of levels; deeper means a generated or hostile file.
MAX_DEPTH = 100

# Values produced by expanding aliases and merge keys; stops "billion laughs" documents.
ALIAS_BUDGET = 200_000
