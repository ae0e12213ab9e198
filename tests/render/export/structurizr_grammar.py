"""A reader of the Structurizr DSL that archgen writes, strict where Structurizr is.

Structurizr's own parser is Java and is not installable here, so the tests read workspace.dsl
with this one, which follows the DSL's documented rules (docs.structurizr.com/dsl/basics and
the language reference) for the statements archgen uses: a statement per line; tokens split on
whitespace, a double-quoted token running to the next unescaped `"`, `\\"` standing for `"`;
`{` the last token of the statement it opens, `}` alone on its line; `//` and `#` comment lines;
identifiers `\\w[a-zA-Z0-9_-]*`, compared without case, defined once and before they are used;
container names unique within their system; relationships between defined elements, and a
dynamic view's steps only over relationships the model has. Anything else is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

IDENTIFIER = re.compile(r"\w[a-zA-Z0-9_-]*")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
AUTO_LAYOUT = {"tb", "bt", "lr", "rl"}
SHAPES = {"Box", "RoundedBox", "Circle", "Ellipse", "Hexagon", "Cylinder", "Pipe", "Person",
          "Robot", "Folder", "WebBrowser", "MobileDevicePortrait", "MobileDeviceLandscape",
          "Component"}  # fmt: skip


class DslError(ValueError):
    def __init__(self, number: int, line: str, why: str) -> None:
        super().__init__(f"line {number}: {why}: {line!r}")


def tokenize(line: str) -> list[str]:
    """The line's tokens, as Structurizr's tokenizer splits them."""
    tokens: list[str] = []
    i, line = 0, line.strip()
    while i < len(line):
        if line[i].isspace():
            i += 1
        elif line[i] == '"':
            token, i = [], i + 1
            while True:
                if i >= len(line):
                    raise ValueError(f"unterminated string in {line!r}")
                if line[i] == "\\" and i + 1 < len(line) and line[i + 1] == '"':
                    token.append('"')
                    i += 2
                elif line[i] == '"':
                    i += 1
                    break
                else:
                    token.append(line[i])
                    i += 1
            tokens.append("".join(token))
        else:
            start = i
            while i < len(line) and not line[i].isspace():
                i += 1
            tokens.append(line[start:i])
    return tokens


@dataclass
class Workspace:
    name: str = ""
    description: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)  # id → name
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → name, description
    containers: dict[str, tuple[str, str, str, tuple[str, ...]]] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    nodes: dict[str, tuple[str, str, str | None]] = field(
        default_factory=dict
    )  # id → name, kind, parent
    instances: dict[str, list[str]] = field(default_factory=dict)  # node id → container ids
    views: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → kind, description
    dynamic: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    identifiers: set[str] = field(default_factory=set)


@dataclass
class _Frame:
    kind: str
    name: str = ""
    owner: str | None = None  # the system, node or view the block belongs to
    groups: tuple[str, ...] = ()


class _Reader:
    def __init__(self) -> None:
        self.ws = Workspace()
        self.stack: list[_Frame] = [_Frame("top")]

    def read(self, text: str) -> Workspace:
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            if not line or line.startswith(("//", "#")):
                continue
            try:
                self.statement(line)
            except DslError:
                raise
            except (ValueError, KeyError, IndexError) as error:
                raise DslError(number, raw, str(error)) from None
        if len(self.stack) != 1:
            raise DslError(0, "", f"{len(self.stack) - 1} block(s) left open")
        return self.ws

    def statement(self, line: str) -> None:
        if line == "}":
            if len(self.stack) == 1:
                raise ValueError("a } closes nothing")
            self.stack.pop()
            return
        if "}" in tokenize(line):
            raise ValueError("a } must stand on a line of its own")
        tokens = tokenize(line)
        opens = tokens[-1] == "{"
        if "{" in tokens[:-1]:
            raise ValueError("a { must end its statement")
        if opens:
            tokens = tokens[:-1]
        frame = self.stack[-1]
        handler = getattr(self, f"in_{frame.kind}")
        child = handler(frame, tokens)
        if opens:
            if child is None:
                raise ValueError(f"this statement opens no block in {frame.kind}")
            self.stack.append(child)

    # ---- blocks ------------------------------------------------------------------------------

    def in_top(self, frame: _Frame, t: list[str]) -> _Frame:
        self.expect(
            t[0] == "workspace" and len(t) <= 3, "expected: workspace [name] [description] {"
        )
        self.ws.name, self.ws.description = ([*t[1:], "", ""])[:2]
        return _Frame("workspace")

    def in_workspace(self, frame: _Frame, t: list[str]) -> _Frame:
        self.expect(t in (["model"], ["views"]), "expected model or views")
        return _Frame(t[0])

    def in_model(self, frame: _Frame, t: list[str]) -> _Frame | None:
        if t == ["properties"]:
            return _Frame("properties")
        if t[0] == "deploymentEnvironment":
            self.expect(len(t) == 2, "expected: deploymentEnvironment <name> {")
            return _Frame("environment", t[1])
        if len(t) >= 3 and t[1] == "->":
            self.relationship(t)
            return None
        if len(t) >= 4 and t[1] == "=" and t[2] == "person":
            self.expect(len(t) <= 6, "expected: <id> = person <name> [description] [tags]")
            self.define(t[0])
            names = [person[0] for person in self.ws.people.values()]
            self.expect(t[3] not in names, "people's names must be unique")
            self.ws.people[t[0].lower()] = (t[3], ([*t[4:], ""])[0])
            return None
        self.expect(len(t) >= 4 and t[1] == "=" and t[2] == "softwareSystem", "unknown statement")
        self.expect(len(t) <= 6, "expected: <id> = softwareSystem <name> [description] [tags]")
        self.define(t[0])
        self.expect(t[3] not in self.ws.systems.values(), "software system names must be unique")
        self.ws.systems[t[0].lower()] = t[3]
        return _Frame("system", t[3], owner=t[0].lower())

    def in_properties(self, frame: _Frame, t: list[str]) -> None:
        self.expect(len(t) == 2, "expected: <name> <value>")
        self.ws.properties[t[0]] = t[1]

    def in_system(self, frame: _Frame, t: list[str]) -> _Frame | None:
        if t[0] == "group":
            self.expect(len(t) == 2, "expected: group <name> {")
            return _Frame("system", frame.name, frame.owner, (*frame.groups, t[1]))
        self.expect(len(t) >= 4 and t[1] == "=" and t[2] == "container", "unknown statement")
        self.expect(
            len(t) <= 7, "expected: <id> = container <name> [description] [technology] [tags]"
        )
        self.define(t[0])
        names = [c[0] for c in self.ws.containers.values()]
        self.expect(t[3] not in names, "container names must be unique within a software system")
        description, technology = ([*t[4:], "", ""])[:2]
        self.ws.containers[t[0].lower()] = (t[3], description, technology, frame.groups)
        return None

    def in_environment(self, frame: _Frame, t: list[str]) -> _Frame:
        return self.deployment_node(frame, t, None)

    def in_node(self, frame: _Frame, t: list[str]) -> _Frame | None:
        if t[0] == "containerInstance":
            self.expect(len(t) == 2, "expected: containerInstance <identifier>")
            self.expect(t[1].lower() in self.ws.containers, f"no container {t[1]!r}")
            self.ws.instances.setdefault(str(frame.owner), []).append(t[1].lower())
            return None
        return self.deployment_node(frame, t, frame.owner)

    def deployment_node(self, frame: _Frame, t: list[str], parent: str | None) -> _Frame:
        self.expect(len(t) >= 4 and t[1] == "=" and t[2] == "deploymentNode", "unknown statement")
        self.expect(
            len(t) <= 8, "expected: <id> = deploymentNode <name> [description] [technology]"
        )
        self.define(t[0])
        siblings = [n[0] for n in self.ws.nodes.values() if n[2] == parent]
        self.expect(t[3] not in siblings, "deployment node names must be unique among siblings")
        self.ws.nodes[t[0].lower()] = (t[3], ([*t[5:], ""])[0], parent)
        return _Frame("node", t[3], owner=t[0].lower())

    def in_views(self, frame: _Frame, t: list[str]) -> _Frame:
        if t == ["styles"]:
            return _Frame("styles")
        kind = t[0]
        self.expect(kind in ("container", "dynamic", "deployment"), f"unknown view {kind!r}")
        self.expect(t[1].lower() in self.ws.systems, f"no software system {t[1]!r}")
        rest = t[2:]
        if kind == "deployment":
            self.expect(
                bool(rest), "expected: deployment <scope> <environment> [key] [description]"
            )
            rest = rest[1:]
        self.expect(len(rest) <= 2, "too many tokens")
        key, description = ([*rest, "", ""])[:2]
        self.expect(bool(key) and key not in self.ws.views, "views need distinct keys")
        self.ws.views[key] = (kind, description)
        if kind == "dynamic":
            self.ws.dynamic[key] = []
        return _Frame(f"{kind}_view", owner=key)

    def in_container_view(self, frame: _Frame, t: list[str]) -> None:
        self.view_statement(t)

    def in_deployment_view(self, frame: _Frame, t: list[str]) -> None:
        self.view_statement(t)

    def in_dynamic_view(self, frame: _Frame, t: list[str]) -> None:
        if t[0] == "autoLayout":
            self.view_statement(t)
            return
        order = ""
        if t[0].endswith(":"):
            order, t = t[0][:-1], t[1:]
        self.expect(len(t) >= 3 and t[1] == "->" and len(t) <= 5, "expected: [n:] a -> b [desc]")
        source, target = t[0].lower(), t[2].lower()
        self.expect(
            any(r[0] == source and r[1] == target for r in self.ws.relationships),
            f"no relationship {source} -> {target} in the model",
        )
        self.ws.dynamic[str(frame.owner)].append((order, source, target, ([*t[3:], ""])[0]))

    def in_styles(self, frame: _Frame, t: list[str]) -> _Frame:
        self.expect(
            len(t) == 2 and t[0] in ("element", "relationship"), "expected: element <tag> {"
        )
        return _Frame("style")

    def in_style(self, frame: _Frame, t: list[str]) -> None:
        if t[0] == "shape":
            self.expect(len(t) == 2 and t[1] in SHAPES, "expected: shape <one of the shapes>")
            return
        self.expect(len(t) == 2 and t[0] in ("background", "color", "stroke"), "unknown style")
        self.expect(COLOUR.fullmatch(t[1]) is not None, "expected a #rrggbb colour")

    # ---- pieces -----------------------------------------------------------------------------

    def view_statement(self, t: list[str]) -> None:
        if t == ["include", "*"]:
            return
        self.expect(t[0] == "autoLayout" and len(t) <= 2, "expected include * or autoLayout")
        self.expect(len(t) == 1 or t[1] in AUTO_LAYOUT, "autoLayout takes tb, bt, lr or rl")

    def relationship(self, t: list[str]) -> None:
        self.expect(len(t) <= 5, "expected: a -> b [description] [technology]")
        source, target = t[0].lower(), t[2].lower()
        for end in (source, target):
            self.expect(end in self.ws.identifiers, f"{end!r} is not defined (yet)")
        description = ([*t[3:], ""])[0]
        self.expect(
            (source, target, description) not in self.ws.relationships,
            "a relationship with this description exists already",
        )
        self.ws.relationships.append((source, target, description))

    def define(self, name: str) -> None:
        self.expect(IDENTIFIER.fullmatch(name) is not None, f"bad identifier {name!r}")
        self.expect(name.lower() not in self.ws.identifiers, f"identifier {name!r} in use")
        self.ws.identifiers.add(name.lower())

    @staticmethod
    def expect(condition: bool, why: str) -> None:
        if not condition:
            raise ValueError(why)


def read_workspace(text: str) -> Workspace:
    """The workspace the DSL describes, or DslError naming the first line it breaks."""
    return _Reader().read(text)
