"""shape.py accepts and refuses exactly what the JSON Schema does, at the same places.

`archgen validate` checks documents with shape.py, its own interpreter of the part of JSON Schema
the generated schema uses, so it starts without pydantic or jsonschema. The schema it reads is
generated (archgen/model/validation.schema.json, from the pydantic models); the interpreter is
hand-written, so this proves it: over edge cases for each keyword, a sweep of wrong values over
every field, data-level mutants and the fuzzer's mutants, its verdict (the places with a
problem; none when it accepts the document) equals the `jsonschema` library's.

The library reads two things the Python way where JSON's own definitions differ; the oracle
follows JSON, as pydantic does (test_agreement.py):
- a number is finite and fits a double: JSON has no NaN or Infinity (RFC 8259 §6), while the
  library takes Python's `.inf`, `.nan` and `10**400` as numbers;
- a pattern is ECMA-262, whose `$` ends the text, while Python's `$` also matches before a final
  newline, so the library takes `"web\\n"` as an id.
`test_the_oracle_corrects_the_library_only_there` shows nothing else changes.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from jsonschema import validators  # type: ignore[import-untyped]

from archgen.load import load_model_text
from archgen.model.jsonschema import build_json_schema
from archgen.model.rules import load_validation_schema
from archgen.problems import ArchgenError
from archgen.validate.shape import find_issues
from tests.conftest import EXAMPLE_MODEL
from tests.validate.mutants import mutants, places

Place = tuple[str | int, ...]
Paths = set[Place]
Documents = list[tuple[str, Any]]  # (what was done, the data), in a stable order
Validator = Any  # a jsonschema validator instance; the library's types are not precise here

BASE_FILE = Path(__file__).with_name("every_field.yaml")
ASSERTIONS = frozenset(
    {
        *("type", "enum", "pattern", "format", "minLength", "maxLength", "minimum"),
        *("minItems", "required", "additionalProperties"),
    }
)


# ---- the oracle: jsonschema, reading numbers and patterns as JSON does -------------------------


def is_json_number(_checker: object, value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond a double's range
        return False


def ecma_pattern(validator: Validator, pattern: str, instance: Any, _schema: Any) -> Iterator[Any]:
    """`pattern` with ECMA-262's `$`: the end of the text, never before a final newline."""
    if validator.is_type(instance, "string"):
        python = re.sub(r"(?<!\\)\$$", r"\\Z", pattern)
        if not re.search(python, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Draft7 = jsonschema.Draft7Validator
JsonDraft7 = validators.extend(
    Draft7,
    validators={"pattern": ecma_pattern},
    type_checker=Draft7.TYPE_CHECKER.redefine("number", is_json_number),
)


@functools.cache
def validator(kind: str) -> Validator:
    """`oracle` and `library` check shape.py's schema; `editor`, schema/arch.schema.json's."""
    schema = build_json_schema() if kind == "editor" else load_validation_schema()
    cls = Draft7 if kind == "library" else JsonDraft7
    return cls(schema, format_checker=Draft7.FORMAT_CHECKER)


def error_places(error: Any) -> Paths:
    """Where shape.py would put the problem the library found: a missing or unknown key (or a
    bad mapping key) at the key's own path; in `X or null`, X's problems."""
    at: Place = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "required":
        return {(*at, key) for key in error.validator_value if key not in error.instance}
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        return {(*at, key) for key in error.instance if key not in known}
    if list(error.absolute_schema_path)[-2:-1] == ["propertyNames"]:
        return {(*at, error.instance)}
    if keyword == "anyOf" and {"type": "null"} in error.validator_value:
        branches = [b for b in error.validator_value if b != {"type": "null"}]
        if len(branches) == 1:
            null = error.validator_value.index({"type": "null"})
            inner = [e for e in error.context if e.relative_schema_path[0] != null]
            return set().union(*map(error_places, inner))
    return {at}


def schema_errors(data: Any, kind: str = "oracle") -> list[Any]:
    return list(validator(kind).iter_errors(data))


def schema_places(data: Any, kind: str = "oracle") -> Paths:
    return set().union(*map(error_places, schema_errors(data, kind)))


def shape_places(data: Any) -> Paths:
    return {issue.path for issue in find_issues(data)}


def disagreements(documents: Documents) -> list[tuple[str, Paths, Paths]]:
    """(label, shape.py's places, the oracle's) for each document they judge differently."""
    found = []
    for label, data in documents:
        shape, oracle = shape_places(data), schema_places(data)
        if shape != oracle:
            found.append((label, shape, oracle))
    return found


# ---- the documents -----------------------------------------------------------------------------


@functools.cache
def base_data() -> dict[str, Any]:
    return load_model_text(BASE_FILE.read_bytes(), "arch.yaml").data


def fuzzed(base: bytes, count: int, seed: int, name: str) -> Documents:
    """The fuzzer's mutants `0..count-1` of `base` (bench/fuzz.py) that load: the others never
    reach the schema check."""
    from bench.fuzz import make_mutant  # the fuzzer imports the whole pipeline: only when needed

    documents = []
    for index in range(count):
        raw, mutations = make_mutant(base, seed, index)
        try:
            data = load_model_text(raw, "arch.yaml").data
        except ArchgenError:
            continue
        documents.append((f"{name} fuzz seed {seed} #{index} {mutations}", data))
    return documents


SWEEP_VALUES: tuple[Any, ...] = (
    *(None, True, 5, -1, math.inf, [], {}, {"title": "T"}),
    *("", "Bad Id", "a" * 65, "x" * 201, "x" * 20_001),  # a pattern and each length limit
)
UNKNOWN_KEY = "nmae"


DROP = object()  # as a value: remove the key


@functools.cache
def swept() -> Documents:
    """Every place of the every-field model set to each of SWEEP_VALUES; every key dropped;
    an unknown key added to every mapping."""
    documents = []
    for place in places(base_data()):
        documents += [(f"{place} = {value!r:.20}", edited(place, value)) for value in SWEEP_VALUES]
        if isinstance(place[-1], str):
            documents.append((f"{place} dropped", edited(place, DROP)))
        if isinstance(value_at(base_data(), place), dict):
            documents.append((f"{place} + {UNKNOWN_KEY}", edited((*place, UNKNOWN_KEY), "x")))
    return documents


@functools.cache
def data_mutants() -> Documents:
    """One mistake each at a random place of the every-field model (tests/validate/mutants.py)."""
    return [(m.change, m.data) for seed in (1, 2) for m in mutants(base_data(), 600, seed)]


def edited(path: Place, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base_data())
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    if value is DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


SERVICE, COST, STEP, LINK = (
    ("services", 0),
    ("services", 0, "cost"),
    ("flows", 0, "steps", 0),
    ("links", 0),
)
EDGE_CASES: list[tuple[str, Place, Any, bool]] = [
    # type: object, array, string, number; null only where the field may be left out
    ("object-as-list", ("project",), [], False),
    ("object-as-text", ("diagram",), "TB", False),
    ("object-as-number", (*COST,), 5, False),
    ("nullable-object-null", (*COST,), None, True),
    ("array-as-text", ("project", "authors"), "Ana", False),
    ("array-as-object", ("services",), {}, False),
    ("array-null", ("groups",), None, False),
    ("text-as-int", ("project", "title"), 5, False),
    ("text-as-bool", ("project", "title"), True, False),
    ("text-as-float", ("project", "title"), 1.5, False),
    ("text-as-list", (*SERVICE, "name"), ["Web"], False),
    ("text-null", (*SERVICE, "does"), None, False),
    ("nullable-text-null", ("project", "subtitle"), None, True),
    ("nullable-text-as-int", ("project", "subtitle"), 5, False),
    ("nullable-id-null", (*SERVICE, "group"), None, True),
    ("number-int", (*COST, "monthly"), 12, True),
    ("number-zero", (*COST, "monthly"), 0, True),
    ("number-negative-zero", (*COST, "monthly"), -0.0, True),
    ("number-as-text", (*COST, "monthly"), "12", False),
    ("number-as-bool", (*COST, "monthly"), True, False),
    ("number-null", (*COST, "monthly"), None, False),
    ("number-inf", (*COST, "monthly"), math.inf, False),
    ("number-minus-inf", (*COST, "monthly"), -math.inf, False),
    ("number-nan", (*COST, "monthly"), math.nan, False),
    ("number-beyond-a-double", (*COST, "monthly"), 10**400, False),
    ("number-huge-but-finite", (*COST, "monthly"), 10**300, True),
    ("text-as-inf", (*SERVICE, "name"), math.inf, False),
    # minimum
    ("minimum-below", (*COST, "monthly"), -0.01, False),
    # enum
    ("enum-other-case", ("groups", 0, "kind"), "VPC", False),
    ("enum-member", ("groups", 0, "kind"), "vpc", True),
    ("enum-as-int", ("groups", 0, "kind"), 5, False),
    ("enum-as-bool", (*STEP, "mode"), True, False),
    ("enum-null", (*STEP, "mode"), None, False),
    ("enum-mode", (*STEP, "mode"), "ASYNC", False),
    ("enum-direction", ("diagram", "direction"), "lr", False),
    ("enum-style", (*LINK, "style"), "dash", False),
    ("enum-arrow", (*LINK, "direction"), "both ", False),
    # pattern
    ("id-capital", (*SERVICE, "id"), "Web", True),
    ("id-camel-case", (*SERVICE, "id"), "PublicSubnet1", True),
    ("id-dotted", (*SERVICE, "id"), "aws_instance.web", True),
    ("id-double-dot", (*SERVICE, "id"), "aws..web", False),
    ("id-leading-dot", (*SERVICE, "id"), ".web", False),
    ("id-trailing-dash", (*SERVICE, "id"), "web-", False),
    ("id-final-newline", (*SERVICE, "id"), "web\n", False),
    ("id-leading-newline", (*SERVICE, "id"), "\nweb", False),
    ("id-final-return", (*SERVICE, "id"), "web\r", False),
    ("id-space", (*SERVICE, "id"), "web app", False),
    ("id-accent", (*SERVICE, "id"), "wéb", False),
    ("id-empty", (*SERVICE, "id"), "", False),
    ("id-digit-first", (*SERVICE, "id"), "2web", False),
    ("id-joined", (*SERVICE, "id"), "web_app-2", True),
    ("reference-id-pattern", ("tradeoffs", 0, "services", 0), "Web app", False),
    ("currency-lower", ("project", "currency"), "eur", False),
    ("currency-long", ("project", "currency"), "EURO", False),
    ("currency-final-newline", ("project", "currency"), "EUR\n", False),
    # minLength and maxLength, in code points
    ("text-empty", ("project", "title"), "", False),
    ("text-200", ("project", "title"), "x" * 200, True),
    ("text-201", ("project", "title"), "x" * 201, False),
    ("text-200-accents", ("project", "title"), "é" * 200, True),
    ("text-201-emoji", ("project", "title"), "\U0001f600" * 201, False),
    ("prose-empty", ("project", "summary"), "", False),
    ("prose-20000", ("project", "summary"), "x" * 20_000, True),
    ("prose-20001", ("project", "summary"), "x" * 20_001, False),
    ("id-64", (*SERVICE, "id"), "a" * 64, True),
    ("id-65", (*SERVICE, "id"), "a" * 65, False),
    ("list-item-empty", ("project", "authors", 0), "", False),
    # format: date
    ("date-leap-day", ("project", "date"), "2024-02-29", True),
    ("date-no-leap-day", ("project", "date"), "2026-02-29", False),
    ("date-month-13", ("project", "date"), "2026-13-01", False),
    ("date-short-parts", ("project", "date"), "2026-1-5", False),
    ("date-basic-form", ("project", "date"), "20261124", False),
    ("date-with-time", ("project", "date"), "2026-11-24T00:00:00", False),
    ("date-full-width", ("project", "date"), "２０２６-11-24", False),
    ("date-as-int", ("project", "date"), 20261124, False),
    ("date-null", ("project", "date"), None, True),
    ("date-final-newline", ("project", "date"), "2026-11-24\n", False),
    ("date-year-zero", ("project", "date"), "0000-01-01", False),
    # required
    ("missing-project", ("project",), DROP, False),
    ("missing-services", ("services",), DROP, False),
    ("missing-title", ("project", "title"), DROP, False),
    ("missing-service-id", (*SERVICE, "id"), DROP, False),
    ("missing-step-from", (*STEP, "from"), DROP, False),
    ("missing-monthly", (*COST, "monthly"), DROP, False),
    ("missing-challenge-text", ("challenges", 0, "text"), DROP, False),
    ("optional-dropped", (*SERVICE, "analogy"), DROP, True),
    ("defaulted-dropped", ("project", "currency"), DROP, True),
    # additionalProperties: false
    ("unknown-project-key", ("project", "colour"), "blue", False),
    ("unknown-service-key", (*SERVICE, "nmae"), "Web", False),
    ("unknown-root-key", ("Steps",), [], False),
    ("unknown-empty-key", (*STEP, ""), 1, False),
    ("unknown-null-value", (*COST, "currency"), None, False),
    ("alias-as-key", (*STEP, "source"), "web", False),  # the field is written `from`
    # propertyNames and additionalProperties as a schema (`serves`)
    ("serves-key-capital", (*SERVICE, "serves"), {"Availability": "Zones."}, True),
    ("serves-key-space", (*SERVICE, "serves"), {"High availability": "Zones."}, False),
    ("serves-key-64", (*SERVICE, "serves"), {"a" * 64: "Zones."}, True),
    ("serves-key-65", (*SERVICE, "serves"), {"a" * 65: "Zones."}, False),
    ("serves-key-empty", (*SERVICE, "serves"), {"": "Zones."}, False),
    ("serves-value-empty", (*SERVICE, "serves", "availability"), "", False),
    ("serves-value-int", (*SERVICE, "serves", "availability"), 5, False),
    ("serves-value-null", (*SERVICE, "serves", "availability"), None, False),
    ("serves-both-wrong", (*SERVICE, "serves"), {"A": ""}, False),
    ("serves-empty", (*SERVICE, "serves"), {}, True),
    ("serves-as-list", (*SERVICE, "serves"), ["availability"], False),
    # items and minItems
    ("items-int", ("project", "authors"), ["Ana", 5], False),
    ("items-null", ("project", "keywords"), [None], False),
    ("items-text-for-object", ("services",), ["web"], False),
    ("items-empty-list", ("project", "authors"), [], True),
    ("min-items-services", ("services",), [], False),
    ("min-items-steps", ("flows", 0, "steps"), [], False),
]


def edge_documents() -> Documents:
    root_cases = [("empty-document", {}), ("unknown-key-only", {"x": 1}), ("root-list", [])]
    return [(name, edited(path, value)) for name, path, value, _ in EDGE_CASES] + root_cases


# ---- the proof ---------------------------------------------------------------------------------

CORPORA: dict[str, Callable[[], Documents]] = {"edge-cases": edge_documents, "sweep": swept}
SLOW_CORPORA = ("sweep",)  # about 5 s a check
corpus_names = pytest.mark.parametrize(
    "corpus",
    [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW_CORPORA else [])
        for name in CORPORA
    ],
)


def test_the_base_model_is_accepted_and_writes_every_field() -> None:
    assert shape_places(base_data()) == schema_places(base_data()) == set()
    assert schema_fields(load_validation_schema()) == fields_written(base_data())


@pytest.mark.parametrize(
    ("path", "value", "accepted"),
    [pytest.param(path, value, accepted, id=name) for name, path, value, accepted in EDGE_CASES],
)
def test_edge_cases_of_every_keyword_get_the_same_verdict(
    path: Place, value: Any, accepted: bool
) -> None:
    data = edited(path, value)
    assert shape_places(data) == schema_places(data)
    assert (shape_places(data) == set()) is accepted


@pytest.mark.parametrize("data", [{}, {"x": 1}, [], "text", None], ids=repr)
def test_documents_that_are_no_model_at_all(data: Any) -> None:
    assert shape_places(data) == schema_places(data) != set()


@pytest.mark.slow
def test_swept_documents_get_the_same_verdict() -> None:
    assert disagreements(swept()) == []


@pytest.mark.slow
def test_every_assertion_of_the_schema_is_broken_somewhere() -> None:
    """The sweep and the edge cases break every keyword at every place of the schema: each
    type, enum, pattern, length, bound, date, required key and closed mapping."""
    documents = [*edge_documents(), *swept()]
    broken = {site(error) for _, data in documents for error in all_errors(data)}
    assert schema_sites(load_validation_schema()) - broken == set()


@pytest.mark.slow
def test_data_mutants_get_the_same_verdict() -> None:
    documents = data_mutants()
    assert disagreements(documents) == []
    refused = sum(bool(shape_places(data)) for _, data in documents)
    assert 0.5 * len(documents) < refused < len(documents)  # valid mutants are compared too


@pytest.mark.slow
def test_fuzzer_mutants_get_the_same_verdict() -> None:
    """bench/fuzz.py's mutants, byte-level and YAML-aware (30 to 50 s: loading them is most of
    it), of the every-field model, so each lands near some field, and of the example itself."""
    documents = [
        *fuzzed(BASE_FILE.read_bytes(), 2000, 1, "every-field"),
        *fuzzed(EXAMPLE_MODEL.read_bytes(), 200, 1, "example"),
    ]
    assert disagreements(documents) == []
    refused = sum(bool(shape_places(data)) for _, data in documents)
    assert len(documents) > 600 and 100 < refused < len(documents) - 100


@corpus_names
def test_the_oracle_corrects_the_library_only_there(corpus: str) -> None:
    """Where the library's verdict differs from the oracle's, the document holds a number JSON
    cannot write or a text ending in a newline, and the library accepted it there."""
    corrected = 0
    for label, data in CORPORA[corpus]():
        library, oracle = schema_places(data, "library"), schema_places(data)
        if library != oracle:
            corrected += 1
            assert library < oracle, label
            assert all(json_gap(value_at(data, place)) for place in oracle - library), label
    assert corrected > 0


@corpus_names
def test_the_editor_schema_differs_only_at_icons(corpus: str) -> None:
    """schema/arch.schema.json also checks the shape of an icon kind, which `archgen validate`
    checks against the catalogue instead (AG206, with suggestions): elsewhere they agree."""
    for label, data in CORPORA[corpus]():
        different = shape_places(data) ^ schema_places(data, "editor")
        assert all(is_icon(place) for place in different), label


def test_the_editor_schema_refuses_what_is_no_icon_kind_by_its_shape() -> None:
    """The editor's schema checks a kind's shape (provider.category.Name); which kinds exist
    is archgen's to say (AG206, with a did-you-mean), not a 2,649-name enum's."""
    not_a_kind = edited((*SERVICE, "icon"), "app runner")
    assert shape_places(not_a_kind) == set()
    assert schema_places(not_a_kind, "editor") == {(*SERVICE, "icon")}
    icon_typo = edited((*SERVICE, "icon"), "aws.compute.AppRuner")
    assert schema_places(icon_typo, "editor") == set()


# ---- helpers of the proof: fields, sites and values --------------------------------------------


def schema_fields(schema: dict[str, Any]) -> set[tuple[str, ...]]:
    """Every field of the schema as a path of names (`services.[].cost.monthly`)."""
    definitions = schema["definitions"]
    found: set[tuple[str, ...]] = set()

    def visit(node: dict[str, Any], path: tuple[str, ...]) -> None:
        for branch in [*node.get("allOf", ()), *node.get("anyOf", ())]:
            visit(branch, path)
        if "$ref" in node:
            visit(definitions[node["$ref"].removeprefix("#/definitions/")], path)
        for key, value in node.get("properties", {}).items():
            found.add((*path, key))
            visit(value, (*path, key))
        if "items" in node:
            visit(node["items"], (*path, "[]"))

    visit(schema, ())
    return found


def fields_written(data: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    if isinstance(data, list):
        for item in data:
            found |= fields_written(item, (*path, "[]"))
    elif isinstance(data, dict) and path[-1:] != ("serves",):
        for key, value in data.items():
            found |= {(*path, key)} | fields_written(value, (*path, key))
    return found


Site = tuple[str, ...]


def site(error: Any) -> Site:
    """Where in the schema an assertion sits: its path from the root, through each `$ref` (which
    the library leaves out of the path) as if the definition were written in place."""
    return tuple(str(part) for part in error.absolute_schema_path)


def all_errors(data: Any) -> Iterator[Any]:
    """The oracle's errors and, inside each `anyOf`, its branches' errors."""
    pending = schema_errors(data)
    while pending:
        error = pending.pop()
        yield error
        pending.extend(error.context or ())


def schema_sites(schema: dict[str, Any]) -> set[Site]:
    """Every assertion keyword at every place the root reaches, named as `site` names them;
    `additionalProperties: false` only where the object has properties to be unknown beside."""
    definitions = schema["definitions"]
    found: set[Site] = set()

    def visit(node: dict[str, Any], at: Site) -> None:
        found.update((*at, keyword) for keyword, value in node.items() if asserts(keyword, value))
        for keyword in ("allOf", "anyOf"):
            for index, branch in enumerate(node.get(keyword, ())):
                visit(branch, (*at, keyword, str(index)))
        if "$ref" in node:
            visit(definitions[node["$ref"].removeprefix("#/definitions/")], at)
        for key, value in node.get("properties", {}).items():
            visit(value, (*at, "properties", key))
        for keyword in ("items", "propertyNames"):
            if keyword in node:
                visit(node[keyword], (*at, keyword))
        if isinstance(node.get("additionalProperties"), dict):
            visit(node["additionalProperties"], (*at, "additionalProperties"))

    visit(schema, ())
    return found


def asserts(keyword: str, value: Any) -> bool:
    """Whether a schema keyword can refuse something (`type: null` is the `or null` branch)."""
    if keyword == "type":
        return bool(value != "null")
    if keyword == "additionalProperties":
        return value is False
    return keyword in ASSERTIONS


def is_icon(place: Place) -> bool:
    return len(place) == 3 and place[0] == "services" and place[2] == "icon"


def value_at(data: Any, place: Place) -> Any:
    for part in place:
        data = data[part]
    return data


def json_gap(value: Any) -> bool:
    """A number JSON cannot write, or a text the library's `$` lets through."""
    if isinstance(value, str):
        return value.endswith("\n")
    return isinstance(value, int | float) and not is_json_number(None, value)
