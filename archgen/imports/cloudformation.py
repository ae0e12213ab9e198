"""Read a CloudFormation template (YAML with short-form tags, or JSON) into `Found` resources.

YAML goes through ruamel's round-trip parser, which keeps every tag as data and constructs no
Python object; each tag is then turned into its long form (`!Ref X` → `{"Ref": "X"}`) or refused
(AG503) — `!!python/object` included. The walk is bounded (values, depth), so aliases that
expand a billion times stop with AG505 instead of filling memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from archgen.imports import codes
from archgen.imports.aws_types import SUBNET, VPC, TypeInfo, cloudformation_type
from archgen.imports.found import Found, Resource
from archgen.imports.references import check_cycles

# Short-form tags of CloudFormation's intrinsic functions; `!Ref` and `!Condition` keep their
# names, the others become `Fn::<name>`.
TAGS = frozenset(
    [
        "Ref",
        "Condition",
        "GetAtt",
        "Sub",
        "If",
        "Select",
        "Join",
        "FindInMap",
        "ImportValue",
        "Split",
        "Base64",
        "Cidr",
        "GetAZs",
        "Equals",
        "And",
        "Or",
        "Not",
        "Transform",
        "Length",
        "ToJsonString",
    ]
)
SUBNET_PARAMETERS = {"AWS::EC2::Subnet::Id": "", "List<AWS::EC2::Subnet::Id>": "× several"}
VPC_PARAMETERS = {"AWS::EC2::VPC::Id"}
NAME_PROPERTIES = (
    "FunctionName",
    "TableName",
    "BucketName",
    "QueueName",
    "TopicName",
    "ClusterName",
    "ServiceName",
    "DBInstanceIdentifier",
    "Name",
)


def read_template(path: Path, shown: str) -> Found:
    """The resources of the template at `path` (`shown` is how messages name the file)."""
    text = codes.decode(codes.read_source_bytes(path, shown, codes.MAX_TEMPLATE_BYTES), shown)
    if text.lstrip().startswith("{"):
        data, lines = _load_json(text, shown)
    else:
        data, lines = _load_yaml(text, shown)
    return _found(data, lines, shown)


def _load_json(text: str, shown: str) -> tuple[Any, dict[str, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise codes.fail_at(
            shown, error.lineno, error.colno, codes.SYNTAX, f"JSON syntax error: {error.msg}"
        ) from None
    except (RecursionError, ValueError):
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the JSON nests or counts past archgen's bounds"
        ) from None
    _Walk(shown).plain(data, 1, 0, 0)  # the same bounds as YAML
    return data, _json_lines(text, data)


def _json_lines(text: str, data: Any) -> dict[str, int]:
    """The line of each resource's key in a JSON template: the first `"Id":` after Resources."""
    lines: dict[str, int] = {}
    resources = data.get("Resources") if isinstance(data, dict) else None
    start = text.find('"Resources"')
    if not isinstance(resources, dict) or start < 0:
        return lines
    for key in resources:
        found = re.compile(re.escape(json.dumps(key)) + r"\s*:").search(text, start)
        lines[key] = text.count("\n", 0, found.start()) + 1 if found else 1
    return lines


def _load_yaml(text: str, shown: str) -> tuple[Any, dict[str, int]]:
    yaml = YAML(typ="rt", pure=True)
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        message = (error.problem or str(error)).strip()
        raise codes.fail_at(
            shown,
            line,
            column,
            codes.SYNTAX,
            f"YAML syntax error: {message}",
            "fix the YAML; CloudFormation would refuse it too",
        ) from None
    except RecursionError:
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the YAML nests deeper than archgen reads"
        ) from None
    except YAMLError as error:
        raise codes.fail_at(shown, 1, 0, codes.SYNTAX, f"YAML error: {error}") from None
    lines: dict[str, int] = {}
    resources = tree.get("Resources") if isinstance(tree, CommentedMap) else None
    if isinstance(resources, CommentedMap):
        lines = {str(key): resources.lc.key(key)[0] + 1 for key in resources}
    return _Walk(shown).plain(tree, 1, 0, 0), lines


class _Walk:
    """Turns the round-trip tree into plain data, tags into long forms, within the bounds."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.values = 0

    def plain(self, node: Any, line: int, column: int, depth: int) -> Any:
        self.values += 1
        if self.values > codes.MAX_VALUES or depth > codes.MAX_DEPTH:
            what = "values (aliases expanded)" if self.values > codes.MAX_VALUES else "levels"
            raise codes.fail_at(
                self.shown,
                line,
                column,
                codes.TOO_LARGE,
                f"the template holds more {what} than archgen reads",
                "a real template is far smaller; check for alias loops",
            )
        tag = _tag_of(node)
        value = self._untagged(node, line, column, depth)
        if tag is None:
            return value
        return self._intrinsic(tag, value, line, column)

    def _untagged(self, node: Any, line: int, column: int, depth: int) -> Any:
        if isinstance(node, TaggedScalar):
            return node.value
        if isinstance(node, dict):
            return {
                str(key): self.plain(item, *_position(node, key, line, column), depth + 1)
                for key, item in node.items()
            }
        if isinstance(node, list):
            return [
                self.plain(item, *_position(node, index, line, column), depth + 1)
                for index, item in enumerate(node)
            ]
        if isinstance(node, (str, int, float, bool)) or node is None:
            return node
        return str(node)  # a timestamp, binary or set YAML built: text is enough here

    def _intrinsic(self, tag: str, value: Any, line: int, column: int) -> Any:
        name = tag[1:] if tag.startswith("!") and not tag.startswith("!!") else ""
        if name not in TAGS:
            raise codes.fail_at(
                self.shown,
                line,
                column,
                codes.UNKNOWN_TAG,
                f"unknown tag '{tag[:60]}': not a CloudFormation intrinsic function",
                "use one of " + ", ".join(f"!{t}" for t in sorted(TAGS)[:8]) + ", …",
            )
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {name if name in ("Ref", "Condition") else f"Fn::{name}": value}


def _tag_of(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    text = getattr(tag, "value", None)
    if text is None or (
        text.startswith("tag:yaml.org,2002:")
        and text[18:] in ("str", "int", "float", "bool", "null", "map", "seq")
    ):
        return None
    return str(text)


def _position(node: Any, key: Any, line: int, column: int) -> tuple[int, int]:
    """The line and column of an item of a round-trip mapping or sequence, else the parent's."""
    lc = getattr(node, "lc", None)
    try:
        if isinstance(node, CommentedMap):
            found = lc.value(key) if lc is not None else None
        elif isinstance(node, CommentedSeq):
            found = lc.item(key) if lc is not None else None
        else:
            found = None
    except (KeyError, IndexError, TypeError):
        found = None
    return (found[0] + 1, found[1] + 1) if found else (line, column)


def _found(data: Any, lines: dict[str, int], shown: str) -> Found:
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict) or not resources:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.NOT_A_TEMPLATE,
            "no `Resources` mapping: this is not a CloudFormation template",
            "import a template with a Resources section, or use "
            "`archgen import terraform` for Terraform",
        )
    description = data.get("Description") if isinstance(data.get("Description"), str) else ""
    found = Found("CloudFormation", shown, _title(description, shown), description)
    parameters = data.get("Parameters") if isinstance(data.get("Parameters"), dict) else {}
    found.resources += _parameter_boundaries(parameters, shown)
    names = set(resources) | {r.key for r in found.resources}
    problems = []
    for key, body in resources.items():
        line = lines.get(key, 1)
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            problems.append(
                codes.problem(
                    shown,
                    line,
                    0,
                    codes.NOT_A_TEMPLATE,
                    f"resource '{key}' has no `Type`",
                    "every resource needs `Type: AWS::Service::Thing`",
                )
            )
            continue
        found.resources.append(_resource(key, body, line, shown, names))
    if problems:
        raise codes.import_error(problems)
    check_cycles(found)
    return found


def _title(description: str, shown: str) -> str:
    """The description's first sentence, when it is short enough for a title."""
    first = re.split(r"(?<=[.!?:])\s|\n", description.strip(), maxsplit=1)[0].strip(" .:")
    return first if 0 < len(first) <= 100 else Path(shown).stem


def _parameter_boundaries(parameters: dict[str, Any], shown: str) -> list[Resource]:
    """Parameters that name a subnet or VPC place the resources using them."""
    found = []
    for name, spec in parameters.items():
        kind = spec.get("Type") if isinstance(spec, dict) else None
        if kind in SUBNET_PARAMETERS or kind in VPC_PARAMETERS:
            role = VPC if kind in VPC_PARAMETERS else SUBNET
            found.append(
                Resource(
                    key=name,
                    type=f"parameter {kind}",
                    info=TypeInfo(role),
                    file=shown,
                    line=1,
                    label=f"{name} (parameter)",
                    multiplicity=SUBNET_PARAMETERS.get(kind, ""),
                )
            )
    return found


def _resource(key: str, body: dict[str, Any], line: int, shown: str, names: set[str]) -> Resource:
    raw = body.get("Properties")
    props: dict[str, Any] = raw if isinstance(raw, dict) else {}
    refs = {ref: where for where, ref in references(props, names) if ref != key}
    for ref in _depends_on(body.get("DependsOn")):
        if ref in names:
            refs.setdefault(ref, "DependsOn")
    condition = str(body["Condition"]) if isinstance(body.get("Condition"), str) else ""
    resource = Resource(
        key=key,
        type=body["Type"],
        info=cloudformation_type(body["Type"]),
        file=shown,
        line=line,
        label=_label(props),
        refs=refs,
        condition=condition,
    )
    if resource.info.role == SUBNET:
        resource.zone = _zone(props.get("AvailabilityZone"))
        public = props.get("MapPublicIpOnLaunch")
        resource.public = public in (True, "true", "True") or "public" in key.lower()
    return resource


def _depends_on(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def references(node: Any, names: set[str], where: str = "") -> Iterator[tuple[str, str]]:
    """(top-level property, referenced name) for every Ref, GetAtt and ${} in Sub."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = where or key
            if key == "Ref" and isinstance(value, str) and value in names:
                yield here, value
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) and value else value
                if isinstance(target, str) and target.split(".")[0] in names:
                    yield here, target.split(".")[0]
            elif key == "Fn::Sub":
                yield from _sub_references(value, names, here)
            yield from references(value, names, here)
    elif isinstance(node, list):
        for item in node:
            yield from references(item, names, where)


def _sub_references(value: Any, names: set[str], where: str) -> Iterator[tuple[str, str]]:
    text = value[0] if isinstance(value, list) and value else value
    if isinstance(text, str):
        for name in re.findall(r"\$\{([^!}][^}]*)\}", text):
            if name.split(".")[0] in names:
                yield where, name.split(".")[0]


def _label(props: dict[str, Any]) -> str:
    tags = props.get("Tags")
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, dict) and tag.get("Key") == "Name" and _text(tag.get("Value")):
                return str(tag["Value"])
    for name in NAME_PROPERTIES:
        if _text(props.get(name)):
            return str(props[name])
    return ""


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= 80


def _zone(value: Any) -> str:
    """`eu-west-1a` as written; `AZ 1` for the first of a list of zones (`!Select [0, !GetAZs
    '']`, or a Select inside a Sub or FindInMap); else unknown."""
    if _text(value):
        return str(value)
    index = _select_index(value, 0)
    return f"AZ {index + 1}" if index is not None else ""


def _select_index(node: Any, depth: int) -> int | None:
    if depth > 8:
        return None
    if isinstance(node, dict):
        select = node.get("Fn::Select")
        if isinstance(select, list) and len(select) == 2 and str(select[0]).isdigit():
            return int(select[0])
        values = list(node.values())
    elif isinstance(node, list):
        values = node
    else:
        return None
    for item in values:
        found = _select_index(item, depth + 1)
        if found is not None:
            return found
    return None
