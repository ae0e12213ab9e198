"""Did-you-mean over known names."""

from __future__ import annotations

import pytest

from archgen.validate.suggest import did_you_mean, slugify_id, suggest, suggestion_hint

SERVICES = ["app-runner", "dynamodb", "s3", "sqs", "cloudfront", "lambda"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("dynamo", "dynamodb"),
        ("AppRunner", "app-runner"),
        ("app_runner", "app-runner"),
        ("lamda", "lambda"),
        ("cloudfrnt", "cloudfront"),
    ],
)
def test_likely_meaning_comes_first(typed: str, meant: str) -> None:
    assert suggest(typed, SERVICES)[0] == meant


def test_transposed_letters_are_one_slip() -> None:
    assert suggest("nmae", ["name", "icon", "does"]) == ["name"]


def test_unrelated_short_names_are_not_suggested() -> None:
    assert suggest("ec2", SERVICES) == []


def test_hint_lists_known_ids_when_nothing_is_close() -> None:
    names = [f"service-{n}" for n in range(10)]
    assert suggestion_hint("zzz", names, "services") == (
        "known services: 'service-0', 'service-1', 'service-2', 'service-3', 'service-4', "
        "'service-5', 'service-6', 'service-7' and 2 more"
    )


def test_did_you_mean_joins_choices() -> None:
    assert did_you_mean(["a", "b", "c"]) == "did you mean 'a', 'b' or 'c'?"
    assert did_you_mean([]) == ""


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("App Runner", "app-runner"),
        ("AppRunner", "app-runner"),
        ("S3 Bucket!", "s3-bucket"),
        ("3d-models", ""),
    ],
)
def test_slugify_id(written: str, slug: str) -> None:
    assert slugify_id(written) == slug


def test_look_alike_letters_are_folded_and_named() -> None:
    assert slugify_id("\u0430pp") == "app"  # Cyrillic 'а'
    assert suggestion_hint("\u0440hotos", ["photos", "web"], "services") == (
        "did you mean 'photos'? ('р' is U+0440 CYRILLIC SMALL LETTER ER, not the ASCII letter 'p')"
    )
    assert suggestion_hint("photos", ["ph\u043etos"], "services").endswith(
        "('о' is U+043E CYRILLIC SMALL LETTER O, not the ASCII letter 'o')"
    )
