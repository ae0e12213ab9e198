"""Read Terraform: a folder of `.tf` files (HCL2, parsed by python-hcl2) or the JSON that
`terraform show -json` prints for a plan or a state.

Resources keep their addresses (`aws_instance.web`, `module.vpc`); references are read from the
expressions (`aws_subnet.public.*.id`, `module.vpc.private_subnets`) in HCL and a plan, and from
matching ids and ARNs in a state. `count` and `for_each` make one resource with a multiplicity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archgen.imports import codes
from archgen.imports.aws_types import SUBNET, module_type, terraform_type
from archgen.imports.found import Found, Resource
from archgen.imports.names import NAME_VARIABLES, stated_name, title_from_path
from archgen.imports.references import check_cycles

ADDRESS = re.compile(r"(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
MODULE = re.compile(r"(?<![\w.])module\.([A-Za-z_][\w-]*)")
NAME_ATTRIBUTES = ("name", "function_name", "bucket", "cluster_name", "identifier", "family")


def read_terraform(path: Path, shown: str) -> Found:
    """A folder of .tf files, or a `terraform show -json` file."""
    if path.is_dir():
        return _read_folder(path, shown)
    limit = codes.MAX_TEMPLATE_BYTES if path.suffix == ".tf" else codes.MAX_TERRAFORM_BYTES
    text = codes.decode(codes.read_source_bytes(path, shown, limit), shown)
    if path.suffix == ".tf":
        return _from_files(path.parent, shown, [(path.name, text)], one_file=True)
    from archgen.imports.terraform_json import read_show_json

    return read_show_json(text, shown)


def _read_folder(folder: Path, shown: str) -> Found:
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix == ".tf" and p.is_file())
    except OSError as error:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.UNREADABLE,
            f"cannot read the folder: {error.strerror or error}",
            "check the path and its permissions",
        ) from None
    if not names:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.UNREADABLE,
            "the folder holds no .tf files",
            "name the folder of a Terraform configuration, or a `terraform show -json` file",
        )
    files, total = [], 0
    for name in names:
        data = codes.read_source_bytes(folder / name, f"{shown}/{name}", codes.MAX_TEMPLATE_BYTES)
        total += len(data)
        if total > codes.MAX_HCL_BYTES:
            raise codes.fail_at(
                f"{shown}/{name}",
                1,
                0,
                codes.TOO_LARGE,
                f"the .tf files hold more than {codes.MAX_HCL_BYTES:,} bytes together",
                "import the configuration in parts",
            )
        files.append((name, codes.decode(data, f"{shown}/{name}")))
    return _from_files(folder, shown, files)


def _parse(text: str, shown: str) -> dict[str, Any]:
    import hcl2
    from lark.exceptions import UnexpectedInput

    try:
        data: dict[str, Any] = hcl2.loads(text)
    except UnexpectedInput as error:
        line, column = getattr(error, "line", 1), getattr(error, "column", 0)
        raise codes.fail_at(
            shown,
            line if line > 0 else 1,
            column if column > 0 else 0,
            codes.SYNTAX,
            "HCL syntax error",
            "fix the file; `terraform validate` shows the same mistake",
        ) from None
    except RecursionError:
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the HCL nests deeper than archgen reads"
        ) from None
    except Exception as error:  # python-hcl2 raises plain exceptions for some inputs
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.SYNTAX,
            f"cannot parse the HCL: {str(error).splitlines()[0][:120] if str(error) else 'error'}",
        ) from None
    return data


def _from_files(
    folder: Path, shown: str, files: list[tuple[str, str]], *, one_file: bool = False
) -> Found:
    found = Found("Terraform", shown, "", "")
    parsed = [
        (name, text, _parse(text, shown if one_file else f"{shown}/{name}")) for name, text in files
    ]
    variables = {k: v for _, _, data in parsed for k, v in _blocks(data, "variable")}
    found.region = _region(parsed, variables)
    found.title = project_name(parsed, variables) or title_from_path(
        folder if not one_file else folder / files[0][0]
    )
    blocks = [
        (name, lines, kind, label, body)
        for name, text, data in parsed
        for lines in (block_lines(text),)
        for kind, label, body in _resources_and_modules(data)
    ]
    keys = {_key(kind, label) for *_, kind, label, _ in blocks}
    for name, lines, kind, label, body in blocks:
        line, column = lines.get((kind, label), (1, 0))
        where = ("" if one_file else name, line, column)
        found.resources.append(_resource(kind, label, body, where, keys, variables))
    check_cycles(found)
    return found


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _blocks(data: dict[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for entry in data.get(kind) or []:
        if isinstance(entry, dict):
            for label, body in entry.items():
                if isinstance(body, dict):
                    yield str(_unquote(label)), body


def _resources_and_modules(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for type_name, named in _blocks(data, "resource"):
        for label, body in named.items():
            if isinstance(body, dict):
                yield type_name, str(_unquote(label)), body
    for label, body in _blocks(data, "module"):
        yield "module", label, body


def _key(kind: str, label: str) -> str:
    return f"module.{label}" if kind == "module" else f"{kind}.{label}"


def _resource(
    kind: str,
    label: str,
    body: dict[str, Any],
    where: tuple[str, int, int],
    keys: set[str],
    variables: dict[str, dict[str, Any]],
) -> Resource:
    key = _key(kind, label)
    if kind == "module":
        info = module_type(str(_unquote(body.get("source", ""))), label)
    else:
        info = terraform_type(kind)
    refs = {ref: attribute for attribute, ref in references(body, keys) if ref != key}
    resource = Resource(
        key=key,
        type=kind,
        info=info,
        file=where[0],
        line=where[1],
        column=where[2],
        label=_label(body),
        refs=refs,
        multiplicity=_multiplicity(body, variables),
    )
    if info.role == SUBNET:
        zone = _unquote(body.get("availability_zone"))
        resource.zone = zone if isinstance(zone, str) and "${" not in zone else ""
        resource.public = body.get("map_public_ip_on_launch") is True or "public" in label.lower()
    return resource


BLOCK_HEADER = re.compile(
    r'^([ \t]*)(?:resource[ \t]+"([^"\n]+)"[ \t]+"([^"\n]+)"|module[ \t]+"([^"\n]+)")', re.MULTILINE
)


def block_lines(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(type, name) → (line, column) of each `resource` and (`module`, name) of each `module`
    block, in one pass over the file."""
    lines: dict[tuple[str, str], tuple[int, int]] = {}
    line, at = 1, 0
    for match in BLOCK_HEADER.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        key = ("module", match.group(4)) if match.group(4) else (match.group(2), match.group(3))
        lines.setdefault(key, (line, len(match.group(1)) + 1))
    return lines


def references(node: Any, keys: set[str], where: str = "") -> Iterator[tuple[str, str]]:
    """(top-level attribute, referenced address) for each resource or module an expression
    names; `data.` sources and variables are not resources and are skipped."""
    if isinstance(node, dict):
        for name, value in node.items():
            if not str(name).startswith("__"):
                yield from references(value, keys, where or str(name))
    elif isinstance(node, list):
        for item in node:
            yield from references(item, keys, where)
    elif isinstance(node, str):
        for match in ADDRESS.finditer(node):
            address = f"{match.group(1)}.{match.group(2)}"
            if address in keys and node[max(match.start() - 5, 0) : match.start()] != "data.":
                yield where, address
        for match in MODULE.finditer(node):
            if f"module.{match.group(1)}" in keys:
                yield where, f"module.{match.group(1)}"


def _multiplicity(body: dict[str, Any], variables: dict[str, dict[str, Any]]) -> str:
    if "count" in body:
        return "× " + _count_text(body["count"], variables)
    if "for_each" in body:
        return "for each " + _expression(body["for_each"])
    return ""


def _count_text(value: Any, variables: dict[str, dict[str, Any]]) -> str:
    expression = _expression(value)
    named = re.fullmatch(r"var\.([A-Za-z_][\w-]*)", expression)
    default = _unquote(variables.get(named.group(1), {}).get("default")) if named else None
    if isinstance(default, int) or (isinstance(default, str) and default.isdigit()):
        return f"{default} ({expression})"
    return expression


def _expression(value: Any) -> str:
    text = str(_unquote(value)) if not isinstance(value, (list, dict)) else "a collection"
    text = re.sub(r"^\$\{(.*)\}$", r"\1", text.strip())
    return text[:57] + "…" if len(text) > 58 else text


def _label(body: dict[str, Any]) -> str:
    tags = body.get("tags")
    name = _unquote(tags.get("Name")) if isinstance(tags, dict) else None
    candidates = [name] + [_unquote(body.get(attribute)) for attribute in NAME_ATTRIBUTES]
    for candidate in candidates:
        if isinstance(candidate, str) and "${" not in candidate and 0 < len(candidate) <= 80:
            return candidate
    return ""


# Where a configuration names its project, in the order tried: a variable's default or a local
# value of one of these names, a `Project`/`Application`/`Name` default tag, the workspace.
NAME_TAGS = ("Project", "project", "Application", "application", "Name")


def project_name(parsed: list[tuple[str, str, dict[str, Any]]], variables: dict[str, Any]) -> str:
    """The project's name as the configuration states it (a literal, never an expression),
    made readable: `app_name = "ghost"` → "Ghost"."""
    local_values: dict[str, Any] = {}
    tags: dict[str, Any] = {}
    workspaces: list[Any] = []
    for _, _, data in parsed:
        for block in data.get("locals") or []:
            if isinstance(block, dict):
                local_values.update(block)
        for name, body in _blocks(data, "provider"):
            for default in body.get("default_tags") or [] if name == "aws" else []:
                if isinstance(default, dict) and isinstance(default.get("tags"), dict):
                    tags.update(default["tags"])
        for block in data.get("terraform") or []:
            for cloud in block.get("cloud") or [] if isinstance(block, dict) else []:
                for space in cloud.get("workspaces") or [] if isinstance(cloud, dict) else []:
                    workspaces.append(space.get("name") if isinstance(space, dict) else None)
    candidates = [
        *(variables.get(n, {}).get("default") for n in NAME_VARIABLES),
        *(local_values.get(n) for n in NAME_VARIABLES),
        *(tags.get(n) for n in NAME_TAGS),
        *workspaces,
    ]
    return next((stated_name(_unquote(c)) for c in candidates if stated_name(_unquote(c))), "")


def _region(parsed: list[tuple[str, str, dict[str, Any]]], variables: dict[str, Any]) -> str:
    for _, _, data in parsed:
        for name, body in _blocks(data, "provider"):
            if name == "aws":
                region = _expression(body.get("region", ""))
                named = re.fullmatch(r"var\.([A-Za-z_][\w-]*)", region)
                if named:
                    region = str(_unquote(variables.get(named.group(1), {}).get("default", "")))
                if re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
                    return region
    return ""
