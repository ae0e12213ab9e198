"""Load the YAML model: plain data plus the line and column of every key and value.

Problem codes raised here (each located, each with a hint that says what to do):

- AG001 the file is missing, unreadable, a folder or not a regular file
- AG002 invalid UTF-8, or a control character YAML forbids (also one a quoted escape writes)
- AG003 the file is empty (or only comments)
- AG004 YAML syntax error (also undefined aliases and malformed merge keys)
- AG005 a tab used for indentation or spacing
- AG006 duplicate key
- AG007 a refused tag (`!!python/...`, `!custom`, ...) or a tag that does not fit its value
- AG008 the root is not a mapping
- AG009 more than one YAML document
- AG010 alias expansion too large ("billion laughs"), or an alias inside its own anchor
- AG011 nesting deeper than 100 levels
- AG012 the file is larger than MAX_FILE_BYTES, has more than MAX_LINES lines or holds more than
  MAX_VALUES values; or, read by the Python parser (a tab, NEL, LS or PS in it), is larger than
  PURE_MAX_FILE_BYTES or holds more than PURE_MAX_VALUES values
- AG013 a mapping key that is not text
"""

from archgen.load.document import LoadedDocument, PathKey, Position
from archgen.load.limits import MAX_FILE_BYTES
from archgen.load.yaml_reader import load_model_file, load_model_text

__all__ = [
    "MAX_FILE_BYTES",
    "LoadedDocument",
    "PathKey",
    "Position",
    "load_model_file",
    "load_model_text",
]
