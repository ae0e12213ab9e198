"""The JSON Schema `archgen validate` checks a model against, readable without pydantic.

`validation.schema.json` beside this module is generated from the pydantic models in schema.py
by `python -m archgen.model.jsonschema`; a test fails while the committed file is stale. It is
the editor's schema without the editor's extras (the icon choices, which the validator checks
against the icon catalogue with better advice).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).with_name("validation.schema.json")
GENERATED_BY = "python -m archgen.model.jsonschema"


def load_validation_schema() -> dict[str, Any]:
    """The schema as committed: a draft-07 JSON Schema document."""
    schema: dict[str, Any] = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    return schema


# Ids: words of letters (either case) and digits joined by single '-', '_' or '.', starting with
# a letter: `app-runner`, `PublicSubnet1`, `aws_instance.web`. Case-sensitive. Here rather than in
# schema.py so the validator can recognise an id's pattern without importing pydantic.
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$"

# Marks text that a tool wrote in place of prose only a person can give (`archgen import` fills
# the project's `summary:` and each service's `does:` and `why:` with it); `archgen validate`
# warns about every text holding it (AG311).
PLACEHOLDER_MARK = "TODO(archgen):"

# Colours: `#rrggbb`, or a CSS colour name (any case) that archgen.validate checks against the
# CSS list (and the renderers turn into `#RRGGBB`: no name ever reaches Graphviz or CSS as is).
COLOUR_PATTERN = r"^(?:#[0-9A-Fa-f]{6}|[A-Za-z]{3,20})$"

# Icons of people and their devices: they use the architecture, they are not part of it
# (validate exempts them from serving a requirement; the Structurizr export makes them people).
ACTOR_CATEGORIES = ("onprem.client.", "generic.device.", "aws.general.user", "aws.general.client")
ACTOR_ICONS = frozenset({"aws.general.Users", "aws.general.User", "aws.general.Client"})


def is_actor_icon(icon: str) -> bool:
    """Whether a service with this icon is somebody (or their device) using the system."""
    return icon in ACTOR_ICONS or icon.lower().startswith(ACTOR_CATEGORIES)
