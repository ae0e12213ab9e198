"""Model ids as identifiers of languages that fold case or read `.` as a path (D2 keys are
case-insensitive; a Structurizr identifier holds no `.`).

Model ids are case-sensitive and may hold `.` (`Web` and `web`, `aws_instance.web`), so both are
spelt with runs of underscores, which no model id holds (its words are joined by single
separators): `.` → `__`, a capital → `___` and the letter in lower case. Every run then has one
reading (1 `_`, 2 `.`, 3 a capital, 4 `_` and a capital, 5 `.` and a capital), so distinct ids
stay distinct, and an id in lower case without `.` stays as it is.
"""

from __future__ import annotations

import re

from archgen.model.rules import ID_PATTERN


def folded_id(model_id: str) -> str:
    """`model_id` in lower case and without `.`, one-to-one (see the module docstring)."""
    if re.fullmatch(ID_PATTERN, model_id) is None:
        raise ValueError(f"not a model id: {model_id!r}")
    dotless = model_id.replace(".", "__")
    return re.sub(r"[A-Z]", lambda match: "___" + match.group(0).lower(), dotless)
