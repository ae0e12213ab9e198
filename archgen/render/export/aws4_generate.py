"""Regenerate aws4_map.json: each AWS icon kind of the catalogue → its draw.io AWS 2021+ shape.

Run `python -m archgen.render.export.aws4_generate` after the icon catalogue or `aws4_shapes`
changes; a test fails while the committed file differs from what this script writes.

A kind's icon file names it (`aws/network/elb-application-load-balancer.png`): that name, with
`-` as `_`, is looked up among draw.io's service icons, then its resource icons, then with its
leading words dropped one by one (`application_load_balancer`), then its trailing ones
(`keyspaces`). `OVERRIDES` settles the names draw.io spells otherwise. A kind none of this finds
gets its palette's category icon (`compute`, `database`, ...) and is marked `fallback`.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from archgen.icons.catalog import load_catalog
from archgen.render.export.aws4_shapes import PALETTES, resource_icons, service_icons

MAP_PATH = Path(__file__).with_name("aws4_map.json")
GENERATED_BY = "python -m archgen.render.export.aws4_generate"

# diagrams' icon folder → draw.io's palette
PALETTE_OF_FOLDER = {
    "analytics": "analytics", "ar": "ar_vr", "blockchain": "blockchain", "business": "business",
    "compute": "compute", "cost": "cost", "database": "database", "devtools": "devtools",
    "enablement": "enablement", "enduser": "enduser", "engagement": "engagement", "game": "game",
    "general": "general", "integration": "integration", "iot": "iot", "management": "management",
    "media": "media", "migration": "migration", "ml": "ml", "mobile": "frontend",
    "network": "network", "quantum": "quantum", "robotics": "robotics", "satellite": "satellite",
    "security": "security", "storage": "storage",
}  # fmt: skip
# each palette's own category icon, for a kind no shape matches
CATEGORY_ICON = {
    "analytics": "analytics", "ar_vr": "ar_vr", "blockchain": "blockchain",
    "business": "business_application", "compute": "compute", "cost": "cost_management",
    "database": "database", "devtools": "developer_tools", "enablement": "customer_enablement",
    "enduser": "desktop_and_app_streaming", "engagement": "customer_engagement", "game": "games",
    "general": "general", "integration": "application_integration", "iot": "internet_of_things",
    "management": "management_and_governance", "media": "media_services",
    "migration": "migration_and_transfer", "ml": "machine_learning", "frontend": "mobile",
    "network": "networking_and_content_delivery", "quantum": "quantum_technologies",
    "robotics": "robotics", "satellite": "satellite",
    "security": "security_identity_and_compliance", "storage": "storage",
}  # fmt: skip
# icon-file names draw.io spells otherwise: name → ("service" | "resource", draw.io name)
OVERRIDES: dict[str, tuple[str, str]] = {
    "aws": ("service", "general"),
    "amazon_opensearch_service": ("service", "elasticsearch_service"),
    "cloudsearch": ("service", "cloudsearch2"),
    "cloudsearch_search_documents": ("resource", "search_documents"),
    "data_lake_resource": ("resource", "data_lake_resource_icon"),
    "emr_cluster": ("resource", "cluster"),
    "emr_hdfs_cluster": ("resource", "hdfs_cluster"),
    "quantum_ledger_database_qldb": ("service", "quantum_ledger_database"),
    "business_applications": ("service", "business_application"),
    "ec2_auto_scaling": ("service", "auto_scaling2"),
    "ec2_container_registry": ("service", "ecr"),
    "ec2_container_registry_image": ("resource", "container_registry_image"),
    "ec2_container_registry_registry": ("resource", "registry"),
    "ec2_instance": ("resource", "instance2"),
    "elastic_container_service": ("service", "ecs"),
    "elastic_container_service_container": ("resource", "container_1"),
    "elastic_container_service_service": ("resource", "ecs_service"),
    "elastic_container_service_service_connect": ("resource", "ecs_service_connect"),
    "elastic_container_service_task": ("resource", "ecs_task"),
    "elastic_kubernetes_service": ("service", "eks"),
    "budgets": ("service", "budgets_2"),
    "database_migration_service_database_migration_workflow": (
        "resource", "database_migration_workflow_job"),
    "documentdb_mongodb_compatibility": ("service", "documentdb_with_mongodb_compatibility"),
    "dynamodb_global_secondary_index": ("resource", "global_secondary_index"),
    "dynamodb_streams": ("resource", "dynamodb_stream"),
    "cloud9_resource": ("resource", "cloud9"),
    "x_ray": ("service", "xray"),
    "appstream_2_0": ("service", "appstream_20"),
    "simple_email_service_ses": ("service", "simple_email_service"),
    "simple_email_service_ses_email": ("resource", "email"),
    "game_tech": ("service", "games"),
    "gamelift": ("service", "gamelift_2"),
    "generic_office_building": ("resource", "office_building"),
    "generic_sdk": ("resource", "external_sdk"),
    "sdk": ("resource", "external_sdk"),
    "generic_saml_token": ("resource", "saml_token"),
    "toolkit": ("resource", "external_toolkit"),
    "internet_gateway": ("resource", "internet_gateway"),
    "console_mobile_application": ("service", "mobile_application"),
    "eventbridge_event": ("resource", "event"),
    "eventbridge_rule": ("resource", "rule_3"),
    "express_workflows": ("service", "express_workflow"),
    "simple_notification_service_sns": ("service", "sns"),
    "simple_notification_service_sns_email_notification": ("resource", "email_notification"),
    "simple_notification_service_sns_http_notification": ("resource", "http_notification"),
    "simple_notification_service_sns_topic": ("resource", "topic"),
    "simple_queue_service_sqs": ("service", "sqs"),
    "simple_queue_service_sqs_message": ("resource", "message"),
    "simple_queue_service_sqs_queue": ("resource", "queue"),
    "iot_1_click": ("service", "iot_1click"),
    "iot_alexa_echo": ("resource", "echo"),
    "iot_alexa_voice_service": ("resource", "alexa_enabled_device"),
    "iot_analytics_data_set": ("resource", "data_set"),
    "iot_analytics_notebook": ("resource", "notebook"),
    "iot_bicycle": ("resource", "bycicle"),
    "iot_certificate": ("resource", "certificate_manager"),
    "iot_fire_tv": ("resource", "firetv"),
    "iot_fire_tv_stick": ("resource", "firetv_stick"),
    "iot_greengrass": ("service", "greengrass"),
    "iot_greengrass_connector": ("resource", "connector"),
    "iot_http": ("resource", "http_protocol"),
    "iot_http2": ("resource", "http2_protocol"),
    "iot_jobs": ("resource", "iot_device_jobs_resource"),
    "iot_lambda": ("resource", "lambda_function"),
    "iot_mqtt": ("resource", "mqtt_protocol"),
    "iot_policy_emergency": ("resource", "police_emergency"),
    "iot_topic": ("resource", "topic_2"),
    "amazon_devops_guru": ("service", "devops_guru"),
    "amazon_managed_grafana": ("service", "managed_service_for_grafana"),
    "amazon_managed_prometheus": ("service", "managed_service_for_prometheus"),
    "amazon_managed_workflows_apache_airflow": (
        "service", "managed_workflows_for_apache_airflow"),
    "auto_scaling": ("service", "autoscaling"),
    "cloudwatch": ("service", "cloudwatch_2"),
    "cloudwatch_alarm": ("resource", "alarm"),
    "cloudwatch_event_event_based": ("resource", "event_event_based"),
    "cloudwatch_event_time_based": ("resource", "event_time_based"),
    "cloudwatch_rule": ("resource", "rule_2"),
    "opsworks_deployments": ("resource", "deployments"),
    "opsworks_instances": ("resource", "instances_2"),
    "opsworks_stack": ("resource", "stack2"),
    "organizations_organizational_unit": ("resource", "organizations_organizational_unit"),
    "systems_manager_app_config": ("service", "app_config"),
    "systems_manager_opscenter": ("resource", "systems_manager_opscenter"),
    "well_architected_tool": ("service", "well_architect_tool"),
    "elemental_conductor": ("service", "elemental"),
    "elemental_delta": ("service", "elemental"),
    "elemental_live": ("service", "elemental"),
    "elemental_server": ("service", "elemental"),
    "datasync_agent": ("resource", "agent2"),
    "codeguru": ("service", "codeguru_2"),
    "elastic_inference": ("service", "elastic_inference_2"),
    "rekognition": ("service", "rekognition_2"),
    "sagemaker_training_job": ("resource", "sagemaker_train"),
    "api_gateway_endpoint": ("resource", "endpoint"),
    "cloudfront_download_distribution": ("resource", "download_distribution"),
    "cloudfront_edge_location": ("resource", "edge_location"),
    "cloudfront_streaming_distribution": ("resource", "streaming_distribution"),
    "nacl": ("resource", "network_access_control_list"),
    "privatelink": ("service", "vpc_privatelink"),
    "route_53": ("service", "route_53"),
    "route_53_hosted_zone": ("resource", "hosted_zone"),
    "vpc_peering": ("resource", "peering"),
    "vpc_router": ("resource", "router"),
    "elb_application_load_balancer": ("resource", "application_load_balancer"),
    "elb_classic_load_balancer": ("resource", "classic_load_balancer"),
    "elb_network_load_balancer": ("resource", "network_load_balancer"),
    "robomaker_simulator": ("resource", "simulation"),
    "certificate_authority": ("resource", "certificate_manager_2"),
    "certificate_manager": ("service", "certificate_manager_3"),
    "identity_and_access_management_iam": ("service", "identity_and_access_management"),
    "identity_and_access_management_iam_aws_sts": ("resource", "sts"),
    "identity_and_access_management_iam_aws_sts_alternate": ("resource", "sts_alternate"),
    "identity_and_access_management_iam_add_on": ("resource", "addon"),
    "simple_storage_service_s3": ("service", "s3"),
    "simple_storage_service_s3_bucket": ("resource", "bucket"),
    "simple_storage_service_s3_bucket_with_objects": ("resource", "bucket_with_objects"),
    "simple_storage_service_s3_glacier": ("service", "glacier"),
    "s3_glacier": ("service", "glacier"),
    "simple_storage_service_s3_object": ("resource", "object"),
    "elastic_file_system_efs": ("service", "elastic_file_system"),
    "elastic_block_store_ebs": ("service", "elastic_block_store"),
    "user_notifications": ("resource", "alert"),
    "s3_access_points": ("resource", "general_access_points"),
    "managed_microsoft_ad": ("resource", "managed_ms_ad"),
    "iot_generic": ("resource", "generic"),
}  # fmt: skip
# a tail this generic names no shape of its own (`ec2_instance` is not draw.io's `instance`)
WEAK_SUFFIXES = frozenset({"instance", "service", "resource", "generic", "general"})


def build_map() -> dict[str, Any]:
    """Every AWS kind of the catalogue → [style, draw.io name, fill colour, how it was found]."""
    services, resources = service_icons(), resource_icons()
    shapes: dict[str, list[str]] = {}
    for kind in load_catalog().kinds:
        if kind.provider != "aws":
            continue
        folder = kind.icon.split("/")[2] if kind.icon.count("/") >= 3 else "general"
        palette = PALETTE_OF_FOLDER.get(folder, "general")
        stem = posixpath.splitext(posixpath.basename(kind.icon))[0].replace("-", "_")
        style, name, how = match(stem, services, resources, palette)
        colour = (services if style == "service" else resources).get(name, PALETTES[palette][0])
        shapes[kind.kind] = [style, name, colour, how]
    return {"generated_by": GENERATED_BY, "kinds": dict(sorted(shapes.items()))}


def match(
    stem: str, services: dict[str, str], resources: dict[str, str], palette: str
) -> tuple[str, str, str]:
    """(style, draw.io name, how) for one icon-file name."""
    if stem in OVERRIDES:
        style, name = OVERRIDES[stem]
        return style, name, "override"
    if stem in services:
        return "service", stem, "exact"
    if stem in resources:
        return "resource", stem, "exact"
    words = stem.split("_")
    for start in range(1, len(words)):
        tail = "_".join(words[start:])
        if tail in WEAK_SUFFIXES:
            break
        for style, names in (("resource", resources), ("service", services)):
            if tail in names:
                return style, tail, "suffix"
    for end in range(len(words) - 1, 0, -1):
        head = "_".join(words[:end])
        for style, names in (("service", services), ("resource", resources)):
            if head in names:
                return style, head, "prefix"
    return "service", CATEGORY_ICON[palette], "fallback"


def render_map() -> str:
    return json.dumps(build_map(), indent=1, sort_keys=False) + "\n"


def main() -> None:
    MAP_PATH.write_text(render_map(), encoding="utf-8")
    print(f"wrote {MAP_PATH.name}")


if __name__ == "__main__":
    main()
