"""The icon catalogue: fresh against the installed diagrams, complete, and forgiving to search."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.icons.catalog import (
    CATALOG_PATH,
    GENERATED_BY,
    IconCatalog,
    IconKind,
    icon_file,
    load_catalog,
    normalise,
)
from archgen.icons.generate import build_catalog, render_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> IconCatalog:
    return load_catalog()


def kinds(found: list[IconKind]) -> list[str]:
    return [kind.kind for kind in found]


def test_committed_catalog_matches_installed_diagrams() -> None:
    expected = render_catalog(build_catalog())
    assert CATALOG_PATH.read_text(encoding="utf-8") == expected, (
        f"{CATALOG_PATH.name} is stale for the installed diagrams; run `{GENERATED_BY}`"
    )


def test_header_names_its_generator_and_diagrams_version() -> None:
    built = build_catalog()
    assert built["generated_by"] == GENERATED_BY
    assert built["diagrams_version"] == importlib.metadata.version("diagrams")


def test_catalog_covers_the_library(catalog: IconCatalog) -> None:
    assert len(catalog.kinds) >= 1500
    assert len(catalog.providers()) >= 10
    assert {"aws", "azure", "gcp", "k8s", "onprem", "saas"} <= set(catalog.providers())
    assert not {"custom", "c4", "base"} & set(catalog.providers())


def test_every_icon_file_exists(catalog: IconCatalog) -> None:
    missing = [kind.kind for kind in catalog.kinds if not icon_file(kind).is_file()]
    assert missing == []
    assert icon_file(catalog.kinds[0]).is_absolute()


def test_kinds_are_sorted_and_unique(catalog: IconCatalog) -> None:
    names = [kind.kind for kind in catalog.kinds]
    assert names == sorted(set(names))
    assert catalog.all_names() == sorted(set(catalog.all_names()))


def test_icon_kind_parts(catalog: IconCatalog) -> None:
    app_runner = catalog.resolve("aws.compute.AppRunner")
    assert app_runner is not None
    assert (app_runner.provider, app_runner.category, app_runner.name) == (
        "aws",
        "compute",
        "AppRunner",
    )
    assert app_runner.icon == "resources/aws/compute/app-runner.png"
    logo = catalog.resolve("aws.AWS")
    assert logo is not None and (logo.provider, logo.category, logo.name) == ("aws", "", "AWS")


def test_aliases_resolve_to_their_canonical_kind(catalog: IconCatalog) -> None:
    cloudfront = catalog.resolve("aws.network.CF")
    assert cloudfront is not None
    assert cloudfront.kind == "aws.network.CloudFront"
    assert "aws.network.CF" in cloudfront.aliases
    assert catalog.resolve("aws.network.CloudFront") is cloudfront
    assert "aws.network.CF" in catalog.all_names()
    assert catalog.resolve("aws.network.cloudfront") is None  # resolve is exact; suggest forgives


@pytest.mark.parametrize("query", ["app runner", "apprunner", "AppRunner", "App-Runner"])
def test_app_runner_spellings_find_it_first(catalog: IconCatalog, query: str) -> None:
    assert kinds(catalog.search(query))[0] == "aws.compute.AppRunner"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("aws lambda", "aws.compute.Lambda"),
        ("gcp run", "gcp.compute.Run"),
        ("k8s pod", "k8s.compute.Pod"),
        ("cloudfront", "aws.network.CloudFront"),
        ("s3", "aws.storage.SimpleStorageServiceS3"),  # through its alias aws.storage.S3
        ("dynamo", "aws.database.Dynamodb"),
        ("postgres", "onprem.database.Postgresql"),
        ("aws.network.CF", "aws.network.CloudFront"),
        ("aws lamda", "aws.compute.Lambda"),  # a typo in the last word still finds it
    ],
)
def test_search_ranks_the_obvious_kind_first(catalog: IconCatalog, query: str, first: str) -> None:
    assert kinds(catalog.search(query))[0] == first


def test_search_ranks_exact_then_prefix_then_substring(catalog: IconCatalog) -> None:
    found = kinds(catalog.search("cloudfront", limit=50))
    assert found[:2] == ["aws.network.CloudFront", "aws.network.CloudFrontDownloadDistribution"]
    postgres = kinds(catalog.search("postgres", limit=50))
    assert postgres.index("onprem.database.Postgresql") < postgres.index(
        "aws.database.RDSPostgresqlInstance"
    )


def test_multi_word_queries_need_every_word(catalog: IconCatalog) -> None:
    found = catalog.search("k8s pod", limit=100)
    assert found and all(kind.provider == "k8s" for kind in found)
    assert all(kind.provider == "gcp" for kind in catalog.search("gcp run", limit=100))


def test_search_for_nonsense_finds_nothing(catalog: IconCatalog) -> None:
    assert catalog.search("qzxwvjk") == []
    assert catalog.search("aws qzxwvjk") == []


def test_empty_query_lists_the_catalogue_in_order(catalog: IconCatalog) -> None:
    assert catalog.search("", limit=5) == list(catalog.kinds[:5])
    assert catalog.search("  ", limit=5) == list(catalog.kinds[:5])


def test_search_respects_the_limit(catalog: IconCatalog) -> None:
    assert len(catalog.search("aws", limit=7)) == 7


@pytest.mark.parametrize(
    ("mistyped", "meant"),
    [
        ("aws.compute.Apprunner", "aws.compute.AppRunner"),
        ("aws.network.Cloudfront", "aws.network.CloudFront"),
        ("aws.database.Dynamo", "aws.database.Dynamodb"),
        ("aws.network.cf", "aws.network.CloudFront"),
        ("aws.compute.Lamda", "aws.compute.Lambda"),
        ("aws.compute.S3", "aws.storage.SimpleStorageServiceS3"),
        ("postgres", "onprem.database.Postgresql"),
    ],
)
def test_suggest_offers_the_meant_kind_first(
    catalog: IconCatalog, mistyped: str, meant: str
) -> None:
    suggestions = catalog.suggest(mistyped)
    assert suggestions[0] == meant
    assert len(suggestions) <= 3
    assert all(catalog.resolve(name) is not None for name in suggestions)


def test_suggest_returns_only_the_match_when_case_alone_differs(catalog: IconCatalog) -> None:
    assert catalog.suggest("AWS.Compute.APPRUNNER") == ["aws.compute.AppRunner"]


def test_suggest_nothing_for_nonsense(catalog: IconCatalog) -> None:
    assert catalog.suggest("foo.bar.Qzxwvjk") == []


def test_normalise_keeps_letters_and_digits() -> None:
    assert normalise("App-Runner 2.0") == "apprunner20"


def test_reading_the_catalogue_does_not_import_diagrams() -> None:
    code = (
        "import archgen.icons.catalog as c, sys; c.load_catalog().search('s3'); "
        "c.icon_file(c.load_catalog().kinds[0]); print('diagrams' in sys.modules)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_an_exact_alias_is_listed_as_written(catalog: IconCatalog) -> None:
    """`archgen icons s3` lists `aws.storage.S3` first: the name a student would write."""
    names = catalog.search_names("s3", limit=5)
    assert names[:2] == ["aws.storage.S3", "aws.storage.SimpleStorageServiceS3"]
    assert catalog.resolve(names[0]) == catalog.resolve(names[1])


def test_a_provider_alias_finds_what_the_provider_name_does(catalog: IconCatalog) -> None:
    assert catalog.search("kubernetes pod") == catalog.search("k8s pod")
    assert catalog.search("kubernetes pod")[0].kind == "k8s.compute.Pod"
    assert catalog.search("google functions")[0].kind == "gcp.compute.Functions"


def test_a_product_named_exactly_comes_before_an_alias_of_another(catalog: IconCatalog) -> None:
    """'rds' is aws.database.RDS by name and alibabacloud's RelationalDatabaseService by alias."""
    assert [kind.kind for kind in catalog.search("rds", limit=2)] == [
        "aws.database.RDS",
        "alibabacloud.database.RelationalDatabaseService",
    ]


def test_icons_command_prints_the_alias_first() -> None:
    from click.testing import CliRunner

    from archgen.cli import main

    result = CliRunner().invoke(main, ["icons", "s3", "--limit", "3"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "aws.storage.S3",
        "aws.storage.SimpleStorageServiceS3",
        "aws.storage.S3AccessPoints",
    ]
