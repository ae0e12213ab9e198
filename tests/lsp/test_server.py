"""`archgen lsp` as an editor drives it: a real process over stdio, on the example and on a
broken copy that exists only in the editor's memory (never written to disk)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLE_MODEL
from tests.lsp.client import Client

pytestmark = pytest.mark.slow

TEXT = EXAMPLE_MODEL.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
DATA = YAML(typ="safe").load(TEXT)
GROUPS = [g["id"] for g in DATA["groups"]]
SERVICES = [s["id"] for s in DATA["services"]]
REQUIREMENTS = [r["id"] for r in DATA["requirements"]]


def find(needle: str, after: int = 0) -> tuple[int, int]:
    """(line, column) of the first line from `after` holding `needle`, at its start."""
    for number in range(after, len(LINES)):
        if needle in LINES[number]:
            return number, LINES[number].index(needle)
    raise AssertionError(f"{needle!r} is not in the example")


def at(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def doc(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": at(line, character)}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    started = Client(EXAMPLE_MODEL.parent)
    capabilities = started.start(EXAMPLE_MODEL.parent)["capabilities"]
    assert capabilities["completionProvider"]["triggerCharacters"]
    assert capabilities["hoverProvider"] and capabilities["definitionProvider"]
    assert capabilities["renameProvider"]
    assert capabilities["textDocumentSync"]["change"] == 1  # full text on each change
    yield started
    assert started.stop() == 0


@pytest.fixture(scope="module")
def example(client: Client) -> str:
    uri = EXAMPLE_MODEL.as_uri()
    assert client.open(uri, TEXT) == []  # the example is clean
    return uri


def labels(result: dict[str, Any]) -> list[str]:
    return [item["label"] for item in result["items"]]


def test_group_ids_complete_after_group(client: Client, example: str) -> None:
    line, column = find("    group: frontend")
    result = client.request("textDocument/completion", doc(example, line, column + 11))
    assert (
        labels(result)
        == GROUPS
        == [
            "aws-cloud",
            "frontend",
            "backend",
            "storage",
            "databases",
            "performance",
            "security",
            "monitoring",
        ]
    )
    first = result["items"][1]
    assert first["detail"] == "group: Frontend"
    assert first["textEdit"] == {
        "range": {"start": at(line, column + 11), "end": at(line, column + 19)},
        "newText": "frontend",
    }


def test_service_ids_complete_after_to_those_typed_first(client: Client, example: str) -> None:
    line, column = find("to: cloudfront", find("steps:")[0])
    result = client.request("textDocument/completion", doc(example, line, column + 7))
    assert labels(result)[:2] == ["cloudfront", "cloudwatch"]  # 'clo' typed
    assert sorted(labels(result)) == sorted(SERVICES) and len(SERVICES) == 18
    assert result["items"][0]["textEdit"]["range"] == {
        "start": at(line, column + 4),
        "end": at(line, column + 14),
    }


def test_requirement_ids_complete_in_a_trade_offs_list(client: Client, example: str) -> None:
    line, column = find("      - cost-optimization", find("tradeoffs:")[0])
    result = client.request("textDocument/completion", doc(example, line, column + 8))
    assert (
        labels(result)
        == REQUIREMENTS
        == [
            "high-availability",
            "scalability",
            "performance",
            "cost-optimization",
            "security",
        ]
    )


def test_requirement_ids_complete_as_keys_of_serves(client: Client, example: str) -> None:
    line, _ = find("    serves:", find("  - id: route53")[0])
    edited = "\n".join([*LINES[: line + 1], "      secu", *LINES[line + 1 :]])
    found = client.change(example, edited)  # half typed: a syntax error, read past
    assert [(d["range"]["start"]["line"], d["code"]) for d in found] == [(line + 2, "AG004")]
    result = client.request("textDocument/completion", doc(example, line + 1, 10))
    assert labels(result) == [
        "security",
        "high-availability",
        "scalability",
        "performance",
        "cost-optimization",
    ]
    assert result["items"][0]["textEdit"] == {
        "range": {"start": at(line + 1, 6), "end": at(line + 1, 10)},
        "newText": "security: ",
    }
    restore(client, example)


def test_icon_kinds_complete_ranked_by_archgens_search(client: Client, example: str) -> None:
    line, column = find("    icon: aws.storage.SimpleStorageServiceS3")
    typed = LINES[line][: column + 10] + "s3"
    edited = "\n".join([*LINES[:line], typed, *LINES[line + 1 :]])
    client.change(example, edited)
    result = client.request("textDocument/completion", doc(example, line, column + 12))
    assert labels(result)[:4] == [
        "aws.storage.S3",
        "aws.storage.SimpleStorageServiceS3",
        "aws.storage.S3AccessPoints",
        "aws.storage.S3Glacier",
    ]
    assert result["isIncomplete"] is True  # the ranking follows the word as it grows
    assert result["items"][0]["filterText"] == "s3"
    restore(client, example)


def apply(lines: list[str], edits: list[dict[str, Any]]) -> str:
    """The text after the edits (each within one line), applied from the end backwards."""
    edited = list(lines)
    for edit in sorted(
        edits,
        key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
        reverse=True,
    ):
        start, end = edit["range"]["start"], edit["range"]["end"]
        text = edited[start["line"]]
        edited[start["line"]] = (
            text[: start["character"]] + edit["newText"] + text[end["character"] :]
        )
    return "\n".join(edited)


def restore(client: Client, uri: str) -> None:
    assert client.change(uri, TEXT) == []


def test_hover_on_a_service_reference(client: Client, example: str) -> None:
    line, column = find("to: app-runner")
    result = client.request("textDocument/hover", doc(example, line, column + 6))
    service = DATA["services"][SERVICES.index("app-runner")]
    assert result == {
        "contents": {
            "kind": "markdown",
            "value": "**App Runner** — service `app-runner`\n\ngroup: Backend (`backend`)\n\n"
            + service["does"],
        },
        "range": {"start": at(line, column + 4), "end": at(line, column + 14)},
    }


def test_definition_of_a_reference_is_its_entry(client: Client, example: str) -> None:
    line, column = find("to: app-runner")
    result = client.request("textDocument/definition", doc(example, line, column + 6))
    entry, entry_column = find("  - id: app-runner")
    assert result == {
        "uri": example,
        "range": {"start": at(entry, entry_column + 8), "end": at(entry, entry_column + 18)},
    }


def test_rename_changes_every_reference_and_the_model_stays_valid(
    client: Client, example: str
) -> None:
    line, column = find("to: app-runner")
    result = client.request(
        "textDocument/rename", {**doc(example, line, column + 5), "newName": "api"}
    )
    edits = result["changes"][example]
    mentions = [
        number
        for number, text in enumerate(LINES)
        if not text.lstrip().startswith("#") and re.search(r"(?<![\w-])app-runner(?![\w-])", text)
    ]
    assert sorted(edit["range"]["start"]["line"] for edit in edits) == mentions
    assert len(mentions) == 12 and {edit["newText"] for edit in edits} == {"api"}
    renamed = apply(LINES, edits)
    assert "app-runner-vs-ecs-lambda" in renamed  # a longer id is not touched
    assert client.change(example, renamed) == []
    restore(client, example)


def test_rename_to_an_invalid_id_is_refused(client: Client, example: str) -> None:
    line, column = find("to: app-runner")
    with pytest.raises(RuntimeError, match="'App Runner' is not a valid id"):
        client.request(
            "textDocument/rename", {**doc(example, line, column + 5), "newName": "App Runner"}
        )
    with pytest.raises(RuntimeError, match="there is already a service 'lambda'"):
        client.request(
            "textDocument/rename", {**doc(example, line, column + 5), "newName": "lambda"}
        )


def test_a_typo_is_flagged_as_typed_with_archgens_code_and_hint(
    client: Client, example: str
) -> None:
    line, column = find("    group: frontend")
    typo = "\n".join(
        [*LINES[:line], LINES[line].replace("frontend", "fronted"), *LINES[line + 1 :]]
    )
    assert client.change(example, typo) == [
        {
            "range": {"start": at(line, column + 11), "end": at(line, column + 18)},
            "message": "services[1].group: unknown group 'fronted' — did you mean 'frontend'?",
            "severity": 1,
            "code": "AG202",
            "source": "archgen",
        }
    ]
    restore(client, example)


def broken_copy() -> tuple[str, dict[str, int]]:
    """The example with four mistakes of a first week, and the line of each."""
    lines = list(LINES)
    parent, _ = find("    parent: aws-cloud")
    lines[parent] = "    parent: vpcc"
    route53, _ = find("    group: frontend")
    lines.insert(route53 + 1, "     label: oops")  # indented under the line above
    tab, _ = find("    icon: aws.network.CloudFront")
    lines[tab + 1] = "\ticon: aws.network.CloudFront"
    photo, _ = find("        to: s3", find("steps:")[0])
    lines[photo + 1] = "        to: photo"
    where = {"parent": parent, "indent": route53 + 1, "tab": tab + 1, "photo": photo + 1}
    return "\n".join(lines), where


def test_a_broken_copy_gets_every_problem_at_once(client: Client, tmp_path: Path) -> None:
    text, where = broken_copy()
    uri = (tmp_path / "arch.yaml").as_uri()  # never written: the server reads the buffer
    found = client.open(uri, text)
    assert [(d["range"]["start"]["line"], d["code"]) for d in found] == [
        (where["indent"], "AG004"),  # the syntax errors first, as the causes to fix first
        (where["tab"], "AG005"),
        (where["parent"], "AG202"),
        (where["photo"], "AG201"),
    ]
    assert found[2]["message"] == "groups[1].parent: unknown group 'vpcc' — known groups: " + (
        "'aws-cloud', 'frontend', 'backend', 'storage', 'databases', 'performance', 'security', "
        "'monitoring'"
    )
    assert not (tmp_path / "arch.yaml").exists()
    broken_lines = text.split("\n")
    line = where["parent"]
    result = client.request("textDocument/completion", doc(uri, line, len(broken_lines[line])))
    assert labels(result) == GROUPS  # read past the syntax errors; none starts with 'vpcc'
    line, column = find("to: app-runner")
    shift = 1  # the inserted line
    hover = client.request("textDocument/hover", doc(uri, line + shift, column + 6))
    assert hover["contents"]["value"].startswith("**App Runner** — service `app-runner`")
