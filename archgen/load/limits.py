"""The bounds that keep loading fast and finite for any input, however hostile.

Two parsers read YAML. libyaml (ruamel.yaml.clib) reads every file it can, in C: its bounds fit
a 10,000-service model, whose work past the parser is linear. ruamel's pure-Python parser reads
files libyaml would read differently (a tab, NEL, LS or PS character) and words syntax errors;
it needs ~30-70 µs a value and ~5 µs a line, so it keeps the smaller bounds.
"""

from __future__ import annotations

# A 10,000-service model with a sentence or two of prose per field is 4-10 MB; checked with
# stat before a byte is read. Memory stays a few times this: bytes, text, libyaml's copy.
MAX_FILE_BYTES = 16 * 1024 * 1024

# Lines, counted before the line index is built: 16 MiB of bare line breaks would make an
# index of 600 MiB. A 10,000-service model has 150,000-300,000.
MAX_LINES = 1_000_000

# Real models nest a handful of levels; deeper means a generated or hostile file.
MAX_DEPTH = 100

# Values produced by expanding aliases and merge keys; stops "billion laughs" documents.
ALIAS_BUDGET = 200_000

# Values written in the file (scalars, lists, mappings, keys included), counted as the parser
# goes: a 10,000-service model holds ~300,000. libyaml and the tree cost ~10 µs a value.
MAX_VALUES = 500_000

# The Python parser's bounds: a file it reads is at most this large and holds at most this many
# values (each ~2 s at worst); a syntax error libyaml found past them keeps libyaml's wording.
PURE_MAX_FILE_BYTES = 1024 * 1024
PURE_MAX_VALUES = 30_000
