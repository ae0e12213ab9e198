"""`archgen diff`: what changed between two versions of a model, by id.

sides (a file, or a git revision of it) → compare (plain validated data → `ModelDiff`) →
report (text, Markdown, JSON, GitHub annotations). The render's changelog (`render --since`)
is the same `ModelDiff`, given to the brief templates as plain data (`changelog`).
"""

from archgen.diff.compare import Change, ModelDiff, compare_models

__all__ = ["Change", "ModelDiff", "compare_models"]
