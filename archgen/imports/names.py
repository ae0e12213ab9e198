"""Readable names for an imported model: its title from the source, else from a file or folder
name (`lambda-with-vpc` → "Lambda with VPC"), and the paths its comments and `origin:` give."""

from __future__ import annotations

import re
from pathlib import Path

# Words spelt in capitals in AWS names; the rest of a file name's words are capitalised first.
ACRONYMS = frozenset(
    re.findall(
        r"\w+",
        "acm alb api asg aws cdn cf cfn db dms dns ebs ec2 ecr ecs efs eks elb emr http https iam "
        "iot kms msk nat nlb rds s3 ses sns sqs ssm tf vpc vpn waf",
    )
)
SMALL_WORDS = frozenset(
    re.findall(r"\w+", "a an and as at by for from in into of on or the to via with")
)
# Folder and file names that say nothing of the project: the folder around them names it.
GENERIC = frozenset(
    re.findall(
        r"\w+",
        "src source infra infrastructure iac terraform tf cloudformation cfn deploy deployment "
        "main plan state tfplan template templates stack stacks",
    )
)
MAX_TITLE = 100
# Terraform variables (and locals) that name the project, in the order tried.
NAME_VARIABLES = (
    "project",
    "project_name",
    "app_name",
    "application",
    "application_name",
    "service_name",
    "name",
    "stack_name",
)


def stated_name(value: object) -> str:
    """A name the source states as a literal, readable (`ghost` → "Ghost"), or ""."""
    if not isinstance(value, str) or "${" in value or not 0 < len(value.strip()) <= 80:
        return ""
    text = value.strip()
    return readable(text) if re.fullmatch(r"[\w.-]+", text) else text


def readable(name: str) -> str:
    """`VPC_With_Managed_NAT_And_Private_Subnet` → "VPC with Managed NAT and Private Subnet",
    `ecs-fargate` → "ECS Fargate", `myApp` → "My App"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", " ", name)
    words = [w for w in re.split(r"[\s_.-]+", spaced) if w]
    shown = []
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in ACRONYMS:
            shown.append(lower.upper())
        elif index and lower in SMALL_WORDS:
            shown.append(lower)
        else:
            shown.append(word[:1].upper() + word[1:])
    return " ".join(shown)[:MAX_TITLE]


def title_from_path(path: Path) -> str:
    """A title from the name of a file or folder: its stem made readable, or, when that says
    nothing of the project (`src`, `infra`, `plan.json`), its folder's name."""
    resolved = path.resolve()
    stem = resolved.stem if resolved.suffix and not resolved.is_dir() else resolved.name
    for name in (stem, *(parent.name for parent in resolved.parents)):
        bare = re.sub(r"\.(cfn|template|tf)$", "", name, flags=re.IGNORECASE)
        if bare and bare.lower() not in GENERIC:
            return readable(bare)
    return "Imported architecture"


def path_in_model(source: Path, model_dir: Path) -> str:
    """How the model names `source`: relative to the folder the model is written to when it is
    below it (`infra/main.tf`), else by its own name (`template.yaml`); `.` for that folder."""
    resolved, base = source.resolve(), model_dir.resolve()
    try:
        relative = resolved.relative_to(base)
    except ValueError:
        return resolved.name or "."
    return relative.as_posix() if relative.parts else "."


def file_in_model(source: str, inner: str) -> str:
    """A declaring file as the model names it: `inner` (a file inside an imported folder) under
    the source's name, or the source itself."""
    if not inner:
        return source
    return inner if source == "." else f"{source}/{inner}"


def counted(count: int, noun: str) -> str:
    """`1 service`, `2 services`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
