"""index.txt: the compact exact-lookup table `archgen validate` reads instead of catalog.json."""

from __future__ import annotations

import json

import pytest

from archgen.icons.catalog import (
    CATALOG_PATH,
    GENERATED_BY,
    INDEX_PATH,
    IconCatalog,
    IconIndex,
    catalog_from_json,
    load_catalog,
    shipped_kinds,
)
from archgen.icons.generate import render_index


def test_committed_index_matches_the_committed_catalog() -> None:
    # catalog.json is itself checked against the installed diagrams (test_catalog.py).
    expected = render_index(json.loads(CATALOG_PATH.read_text(encoding="utf-8")))
    assert INDEX_PATH.read_text(encoding="utf-8") == expected, (
        f"{INDEX_PATH.name} is stale; run `{GENERATED_BY}`"
    )


def test_index_resolves_every_name_as_the_catalogue_does() -> None:
    full = catalog_from_json(CATALOG_PATH.read_text(encoding="utf-8"))
    index = IconIndex(INDEX_PATH.read_text(encoding="utf-8"))
    names = full.all_names()
    assert len(names) > len(full.kinds) >= 1500  # aliases included
    assert [index.resolve(name) for name in names] == [full.resolve(name) for name in names]


@pytest.mark.parametrize(
    "name",
    [
        "",
        "#",
        "aws",
        "aws.compute",
        "aws.compute.apprunner",
        "aws.compute.AppRunner ",
        "aws.network.CloudFront resources/aws/network/cloudfront.png",
        "aws.network.CloudFront\naws.network.CF",
        "= aws.network.CloudFront",
    ],
)
def test_index_finds_only_whole_names(name: str) -> None:
    assert load_catalog().resolve(name) is None


def test_an_alias_and_its_kind_are_one_object() -> None:
    catalog = load_catalog()
    cloudfront = catalog.resolve("aws.network.CF")
    assert cloudfront is catalog.resolve("aws.network.CloudFront")
    assert cloudfront is not None and "aws.network.CF" in cloudfront.aliases


def test_exact_lookups_leave_the_catalogue_unread() -> None:
    catalog = IconCatalog(shipped_kinds, IconIndex(INDEX_PATH.read_text(encoding="utf-8")))
    assert catalog.resolve("aws.compute.AppRunner") is not None
    assert "kinds" not in vars(catalog)  # catalog.json is parsed only for search and suggestions
    assert catalog.suggest("aws.compute.AppRuner") == ["aws.compute.AppRunner"]
    assert "kinds" in vars(catalog)


def test_index_refuses_a_name_with_a_space() -> None:
    entry = {"kind": "x.Y Z", "icon": "resources/x/y.png", "aliases": []}
    with pytest.raises(ValueError, match="space"):
        render_index({"kinds": [entry]})
