"""The icon kind → draw.io AWS 2021+ shape table: generated, complete and naming real shapes."""

from __future__ import annotations

import pytest

from archgen.icons.catalog import load_catalog
from archgen.model.schema import GroupKind
from archgen.render.export import aws4
from archgen.render.export.aws4_generate import MAP_PATH, OVERRIDES, render_map
from archgen.render.export.aws4_shapes import resource_icons, service_icons


def test_the_committed_table_is_what_the_generator_writes() -> None:
    assert MAP_PATH.read_text(encoding="utf-8") == render_map(), (
        "aws4_map.json is stale: run `python -m archgen.render.export.aws4_generate`"
    )


def test_every_aws_kind_has_a_shape_that_draw_io_has() -> None:
    aws_kinds = {kind.kind for kind in load_catalog().kinds if kind.provider == "aws"}
    table = aws4.shape_table()
    assert set(table) == aws_kinds
    services, resources = service_icons(), resource_icons()
    for kind, (style, name, fill, how) in table.items():
        names = services if style == "service" else resources
        assert name in names, f"{kind}: draw.io has no {style} icon {name!r}"
        assert fill.startswith("#") and len(fill) == 7
        assert how in {"exact", "override", "suffix", "prefix", "fallback"}


def test_nearly_every_kind_is_matched_by_name_and_few_fall_back() -> None:
    hows = [row[3] for row in aws4.shape_table().values()]
    assert hows.count("fallback") <= 10, hows.count("fallback")


@pytest.mark.parametrize(
    ("kind", "shape"),
    [
        ("aws.compute.Lambda", "resIcon=mxgraph.aws4.lambda;"),
        ("aws.compute.EC2", "resIcon=mxgraph.aws4.ec2;"),
        ("aws.storage.SimpleStorageServiceS3", "resIcon=mxgraph.aws4.s3;"),
        ("aws.network.ElbApplicationLoadBalancer", "shape=mxgraph.aws4.application_load_balancer;"),
        ("aws.database.RDSPostgresqlInstance", "shape=mxgraph.aws4.rds_postgresql_instance;"),
        ("aws.management.Cloudwatch", "resIcon=mxgraph.aws4.cloudwatch_2;"),
        ("aws.network.Route53", "resIcon=mxgraph.aws4.route_53;"),
        ("onprem.client.Users", "shape=mxgraph.aws4.users;"),
    ],
)
def test_well_known_kinds_get_their_own_shape(kind: str, shape: str) -> None:
    assert shape in aws4.service_style(kind)


def test_an_alias_is_drawn_as_its_kind() -> None:
    aliases = [k for k in load_catalog().kinds if k.provider == "aws" and k.aliases]
    assert aliases
    for kind in aliases[:20]:
        assert aws4.service_style(kind.aliases[0]) == aws4.service_style(kind.kind)


def test_a_kind_beyond_aws_is_a_labelled_box() -> None:
    assert aws4.service_style("generic.compute.Rack") == aws4.GENERIC
    assert aws4.service_style("icons/own.png") == aws4.GENERIC
    assert "verticalLabelPosition=bottom" in aws4.GENERIC


def test_overrides_name_only_shapes_draw_io_has() -> None:
    services, resources = service_icons(), resource_icons()
    for stem, (style, name) in OVERRIDES.items():
        assert name in (services if style == "service" else resources), stem


@pytest.mark.parametrize("kind", list(GroupKind))
def test_every_group_kind_is_a_container(kind: GroupKind) -> None:
    style = aws4.group_style(kind)
    assert "container=1;" in style
    if kind in aws4.GROUP_STYLES:
        assert "shape=mxgraph.aws4.group" in style and "grIcon=mxgraph.aws4." in style
