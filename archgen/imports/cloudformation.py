"""Read a CloudFormation template (YAML with short-form tags, or JSON) into `Found` resources.

YAML is only composed (parsed into nodes, by libyaml in C when installed): no Python object is
ever constructed from it. The walk over the nodes turns each tag into its long form (`!Ref X` →
`{"Ref": "X"}`) or refuses it (AG503), `!!python/object` included, and is bounded (values,
depth), so aliases that expand a billion times stop with AG505 instead of filling memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from archgen.imports import codes
from archgen.imports.aws_types import SUBNET, VPC, TypeInfo, cloudformation_type
from archgen.imports.found import Found, Resource
from archgen.imports.names import title_from_path
from archgen.imports.references import check_cycles
from archgen.load.source import LineIndex, Locator, check_flow_depth
from archgen.load.syntax import syntax_problem
from archgen.problems import ArchgenError

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
    found = _found(data, lines, shown)
    found.title = _title(found.description) or title_from_path(path)
    return found


def _load_json(text: str, shown: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise codes.fail_at(
            shown,
            error.lineno,
            error.colno,
            codes.TEMPLATE_SYNTAX,
            f"JSON syntax error: {error.msg}",
            "fix the JSON; CloudFormation would refuse it too",
        ) from None
    except (RecursionError, ValueError):
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the JSON nests or counts past archgen's bounds"
        ) from None
    _Walk(shown).plain(data, 1, 0, 0)  # the same bounds as YAML
    return data, _json_lines(text, data)


def _json_lines(text: str, data: Any) -> dict[str, tuple[int, int]]:
    """The line and column of each resource's key in a JSON template: each `"Id": {` after
    `"Resources"` (one pass; a key written twice keeps its first line)."""
    resources = data.get("Resources") if isinstance(data, dict) else None
    start = text.find('"Resources"')
    if not isinstance(resources, dict) or start < 0:
        return {}
    lines: dict[str, tuple[int, int]] = {}
    line, at = text.count("\n", 0, start) + 1, start
    for match in JSON_KEY.finditer(text, start):
        line += text.count("\n", at, match.start())
        at = match.start()
        try:
            key = json.loads(match.group(1))
        except ValueError:
            continue
        if key in resources:
            lines.setdefault(key, (line, at - text.rfind("\n", 0, at)))
    return lines


JSON_KEY = re.compile(r'("(?:[^"\\\n]|\\.)*")\s*:\s*\{')


def _load_yaml(text: str, shown: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Compose the YAML (libyaml, in C, when installed) into nodes, then walk them: no Python
    object is ever constructed from a tag."""
    _check_flow_depth(text, shown)
    try:
        root = YAML(typ="safe").compose(text)
    except MarkedYAMLError as error:
        raise _syntax_error(text, shown, error) from None
    except (RecursionError, MemoryError):
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the YAML nests deeper than archgen reads"
        ) from None
    except YAMLError as error:
        raise codes.fail_at(
            shown, 1, 0, codes.TEMPLATE_SYNTAX, f"the YAML could not be read: {error}"
        ) from None
    if root is None:
        return None, {}
    return _Walk(shown).node(root, 0), _resource_lines(root)


def _syntax_error(text: str, shown: str, error: MarkedYAMLError) -> ArchgenError:
    """A YAML syntax error worded as `archgen validate` words it (`a tab character is used
    here…`), under the CloudFormation syntax code. libyaml's messages are terse ("found
    character that cannot start any token"), so the Python parser reads the text again to say
    what it found."""
    locator = Locator(shown, LineIndex(text))
    found: Exception = error
    try:
        YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as again:
        found = again
    except (YAMLError, RecursionError, MemoryError):
        pass
    worded = syntax_problem(found, locator)
    return codes.fail_at(
        shown,
        worded.line,
        worded.column,
        codes.TEMPLATE_SYNTAX,
        worded.message,
        worded.hint or "fix the YAML; CloudFormation would refuse it too",
    )


def _check_flow_depth(text: str, shown: str) -> None:
    """Brackets nested past the bound are refused before the parser sees them."""
    locator = Locator(shown, LineIndex(text))
    try:
        check_flow_depth(text, locator)
    except ArchgenError as error:
        where = error.problems[0] if error.problems else None
        raise codes.fail_at(
            shown,
            where.line if where else 1,
            where.column if where else 0,
            codes.TOO_LARGE,
            "the template nests deeper than archgen reads",
            "a real template nests a handful of levels",
        ) from None


def _resource_lines(root: Node) -> dict[str, tuple[int, int]]:
    """The line and column of each resource's key under the top-level `Resources`."""
    if not isinstance(root, MappingNode):
        return {}
    for key, value in root.value:
        if (
            isinstance(key, ScalarNode)
            and key.value == "Resources"
            and isinstance(value, MappingNode)
        ):
            return {
                str(k.value): (k.start_mark.line + 1, k.start_mark.column + 1)
                for k, _ in value.value
                if isinstance(k, ScalarNode)
            }
    return {}


class _Walk:
    """Turns composed nodes (or parsed JSON) into plain data, tags into long forms, within the
    bounds; an alias is the same node again, so its expansions count too."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.values = 0

    def count(self, depth: int, line: int, column: int) -> None:
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

    def plain(self, value: Any, line: int, column: int, depth: int) -> None:
        """Bound parsed JSON like YAML."""
        self.count(depth, line, column)
        items = (
            value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        )
        for item in items:
            self.plain(item, line, column, depth + 1)

    def node(self, node: Node, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.count(depth, line, column)
        if isinstance(node, MappingNode):
            value: Any = self._mapping(node, depth)
        elif isinstance(node, SequenceNode):
            value = [self.node(item, depth + 1) for item in node.value]
        else:
            value = _scalar(node)
        tag = str(node.tag or "")
        if tag.startswith(STANDARD):
            if tag[len(STANDARD) :] not in STANDARD_TAGS:
                raise self._unknown_tag(tag, line, column)
            return value
        return self._intrinsic(tag, value, line, column)

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, item in node.value:
            name = str(self.node(key, depth + 1))
            if name in mapping:
                raise codes.fail_at(
                    self.shown,
                    key.start_mark.line + 1,
                    key.start_mark.column + 1,
                    codes.TEMPLATE_SYNTAX,
                    f"duplicate key '{name[:60]}'",
                    "CloudFormation refuses a key written twice; keep one",
                )
            mapping[name] = self.node(item, depth + 1)
        return mapping

    def _unknown_tag(self, tag: str, line: int, column: int) -> ArchgenError:
        shown = "!!" + tag[len(STANDARD) :] if tag.startswith(STANDARD) else tag
        return codes.fail_at(
            self.shown,
            line,
            column,
            codes.UNKNOWN_TAG,
            f"unknown tag '{shown[:60]}': not a CloudFormation intrinsic function",
            "use one of " + ", ".join(f"!{t}" for t in sorted(TAGS)[:8]) + ", …",
        )

    def _intrinsic(self, tag: str, value: Any, line: int, column: int) -> Any:
        name = tag[1:] if tag.startswith("!") and not tag.startswith("!!") else ""
        if name not in TAGS:
            raise self._unknown_tag(tag, line, column)
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {name if name in ("Ref", "Condition") else f"Fn::{name}": value}


STANDARD = "tag:yaml.org,2002:"
STANDARD_TAGS = frozenset(
    {"str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge"}
)


def _scalar(node: Node) -> Any:
    """A scalar's value by the tag the resolver gave it (YAML 1.2: `yes` stays text)."""
    text = str(node.value)
    kind = str(node.tag or "")[len(STANDARD) :]
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind in ("int", "float"):
        try:
            return int(text.replace("_", ""), 0) if kind == "int" else float(text)
        except ValueError:
            return text
    return text


def _found(data: Any, lines: dict[str, tuple[int, int]], shown: str) -> Found:
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict) or not resources:
        model = isinstance(data, dict) and {"project", "services"} & set(data)
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.NOT_A_TEMPLATE,
            "no `Resources` mapping: this is not a CloudFormation template",
            "it looks like an archgen model already: run `archgen validate` on it"
            if model
            else "import a template with a Resources section, or use "
            "`archgen import terraform` for Terraform",
        )
    description = data.get("Description") if isinstance(data.get("Description"), str) else ""
    found = Found("CloudFormation", shown, "", description)
    parameters = data.get("Parameters") if isinstance(data.get("Parameters"), dict) else {}
    found.resources += _parameter_boundaries(parameters)
    names = set(resources) | {r.key for r in found.resources}
    problems = []
    for key, body in resources.items():
        line, column = lines.get(key, (1, 0))
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            problems.append(
                codes.problem(
                    shown,
                    line,
                    column,
                    codes.NOT_A_TEMPLATE,
                    f"resource '{key}' has no `Type`",
                    "every resource needs `Type: AWS::Service::Thing`",
                )
            )
            continue
        found.resources.append(_resource(key, body, (line, column), names))
    if problems:
        raise codes.import_error(problems)
    check_cycles(found)
    return found


def _title(description: str) -> str:
    """The description's first sentence, when it is short enough for a title."""
    first = re.split(r"(?<=[.!?:])\s|\n", description.strip(), maxsplit=1)[0].strip(" .:")
    return first if 0 < len(first) <= 100 else ""


def _parameter_boundaries(parameters: dict[str, Any]) -> list[Resource]:
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
                    file="",
                    line=1,
                    label=f"{name} (parameter)",
                    multiplicity=SUBNET_PARAMETERS.get(kind, ""),
                )
            )
    return found


def _resource(key: str, body: dict[str, Any], where: tuple[int, int], names: set[str]) -> Resource:
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
        file="",
        line=where[0],
        column=where[1],
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
