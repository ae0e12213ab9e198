"""What each AWS resource type becomes on the diagram: a service box, a VPC or subnet boundary,
or plumbing that is left out (and listed at the top of the imported file).

Two layers. By hand: `BOXES` names the types a reader expects as boxes, with their
CloudFormation type, Terraform type(s) and diagrams node kind; `BOUNDARIES` the types that become
groups; every other type of a namespace in `NAMESPACES` is plumbing (IAM roles and policies,
permissions, route-table associations, security-group rules, listeners, log groups…).
Generated: aws_types.json gives every one of the ~1,500 types CloudFormation's registry lists
(data/cloudformation-types.txt) a role and an icon (`python -m archgen.imports.generate`), so a
type of any other namespace is drawn with its service's icon; a Terraform type follows its
CloudFormation twin (`aws_amplify_app` → `AWS::Amplify::App`). Only a type in neither is drawn
with the generic AWS icon, and the imported file says so. tests/imports/test_aws_types.py checks
every icon against the icon catalogue and the generated file against its sources.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import NamedTuple

SERVICE, VPC, SUBNET, PLUMBING = "service", "vpc", "subnet", "plumbing"
GENERATED_PATH = Path(__file__).with_name("aws_types.json")
GENERIC_ICON = "aws.general.General"


class Box(NamedTuple):
    """A resource type drawn as a service: its types in both languages, icon, and a few words."""

    cloudformation: str
    terraform: tuple[str, ...]
    icon: str
    what: str


class TypeInfo(NamedTuple):
    """How one resource type is drawn: `role` is SERVICE, VPC, SUBNET or PLUMBING."""

    role: str
    icon: str = ""
    what: str = ""
    known: bool = True  # False: a namespace archgen has no table for (generic icon)


def _box(cfn: str, tf: str, icon: str, what: str) -> Box:
    return Box(cfn, tuple(tf.split()), icon, what)


BOXES: tuple[Box, ...] = (
    # compute
    _box("AWS::EC2::Instance", "aws_instance", "aws.compute.EC2", "a virtual server"),
    _box(
        "AWS::EC2::SpotFleet",
        "aws_spot_fleet_request",
        "aws.compute.EC2SpotInstance",
        "spot servers",
    ),
    _box("AWS::EC2::NatGateway", "aws_nat_gateway", "aws.network.NATGateway", "a NAT gateway"),
    _box(
        "AWS::EC2::InternetGateway",
        "aws_internet_gateway",
        "aws.network.InternetGateway",
        "an internet gateway",
    ),
    _box(
        "AWS::EC2::TransitGateway",
        "aws_ec2_transit_gateway",
        "aws.network.TransitGateway",
        "a transit gateway",
    ),
    _box("AWS::EC2::VPNGateway", "aws_vpn_gateway", "aws.network.VpnGateway", "a VPN gateway"),
    _box("AWS::EC2::VPCEndpoint", "aws_vpc_endpoint", "aws.network.Endpoint", "a VPC endpoint"),
    _box(
        "AWS::EC2::ClientVpnEndpoint",
        "aws_ec2_client_vpn_endpoint",
        "aws.network.ClientVpn",
        "a client VPN",
    ),
    _box(
        "AWS::AutoScaling::AutoScalingGroup",
        "aws_autoscaling_group",
        "aws.compute.EC2AutoScaling",
        "an auto-scaling group of servers",
    ),
    _box("AWS::Lambda::Function", "aws_lambda_function", "aws.compute.Lambda", "a function"),
    _box("AWS::Serverless::Function", "", "aws.compute.Lambda", "a function"),
    _box(
        "AWS::ECS::Cluster",
        "aws_ecs_cluster",
        "aws.compute.ElasticContainerService",
        "a container cluster",
    ),
    _box(
        "AWS::ECS::Service",
        "aws_ecs_service",
        "aws.compute.ElasticContainerServiceService",
        "a container service",
    ),
    _box(
        "AWS::EKS::Cluster",
        "aws_eks_cluster",
        "aws.compute.ElasticKubernetesService",
        "a Kubernetes cluster",
    ),
    _box(
        "AWS::EKS::Nodegroup",
        "aws_eks_node_group",
        "aws.compute.EC2Instances",
        "Kubernetes worker nodes",
    ),
    _box(
        "AWS::ECR::Repository",
        "aws_ecr_repository",
        "aws.compute.EC2ContainerRegistry",
        "a container registry",
    ),
    _box(
        "AWS::Batch::ComputeEnvironment",
        "aws_batch_compute_environment",
        "aws.compute.Batch",
        "batch computing",
    ),
    _box(
        "AWS::ElasticBeanstalk::Environment",
        "aws_elastic_beanstalk_environment",
        "aws.compute.ElasticBeanstalk",
        "a Beanstalk environment",
    ),
    _box(
        "AWS::AppRunner::Service",
        "aws_apprunner_service",
        "aws.compute.AppRunner",
        "a container web service",
    ),
    _box(
        "AWS::Lightsail::Instance",
        "aws_lightsail_instance",
        "aws.compute.Lightsail",
        "a Lightsail server",
    ),
    # data stores
    _box(
        "AWS::S3::Bucket",
        "aws_s3_bucket",
        "aws.storage.SimpleStorageServiceS3Bucket",
        "an object store",
    ),
    _box(
        "AWS::EFS::FileSystem",
        "aws_efs_file_system",
        "aws.storage.ElasticFileSystemEFS",
        "a shared file system",
    ),
    _box(
        "AWS::FSx::FileSystem",
        "aws_fsx_lustre_file_system aws_fsx_windows_file_system",
        "aws.storage.Fsx",
        "a managed file system",
    ),
    _box(
        "AWS::EC2::Volume",
        "aws_ebs_volume",
        "aws.storage.ElasticBlockStoreEBSVolume",
        "a block volume",
    ),
    _box("AWS::Backup::BackupVault", "aws_backup_vault", "aws.storage.Backup", "a backup vault"),
    _box(
        "AWS::DynamoDB::Table", "aws_dynamodb_table", "aws.database.Dynamodb", "a key-value table"
    ),
    _box("AWS::DynamoDB::GlobalTable", "", "aws.database.Dynamodb", "a global key-value table"),
    _box("AWS::RDS::DBInstance", "aws_db_instance", "aws.database.RDS", "a relational database"),
    _box("AWS::RDS::DBCluster", "aws_rds_cluster", "aws.database.Aurora", "a database cluster"),
    _box("AWS::RDS::DBProxy", "aws_db_proxy", "aws.database.RDS", "a database proxy"),
    _box(
        "AWS::ElastiCache::CacheCluster",
        "aws_elasticache_cluster",
        "aws.database.Elasticache",
        "an in-memory cache",
    ),
    _box(
        "AWS::ElastiCache::ReplicationGroup",
        "aws_elasticache_replication_group",
        "aws.database.ElasticacheForRedis",
        "a replicated cache",
    ),
    _box(
        "AWS::Neptune::DBCluster", "aws_neptune_cluster", "aws.database.Neptune", "a graph database"
    ),
    _box(
        "AWS::DocDB::DBCluster",
        "aws_docdb_cluster",
        "aws.database.DocumentdbMongodbCompatibility",
        "a document database",
    ),
    _box(
        "AWS::Redshift::Cluster",
        "aws_redshift_cluster",
        "aws.database.Redshift",
        "a data warehouse",
    ),
    _box(
        "AWS::Timestream::Database",
        "aws_timestreamwrite_database",
        "aws.database.Timestream",
        "a time-series database",
    ),
    _box(
        "AWS::OpenSearchService::Domain",
        "aws_opensearch_domain",
        "aws.analytics.AmazonOpensearchService",
        "a search cluster",
    ),
    _box(
        "AWS::Elasticsearch::Domain",
        "aws_elasticsearch_domain",
        "aws.analytics.ElasticsearchService",
        "a search cluster",
    ),
    _box(
        "AWS::SecretsManager::Secret",
        "aws_secretsmanager_secret",
        "aws.security.SecretsManager",
        "a secret store",
    ),
    _box("AWS::KMS::Key", "aws_kms_key", "aws.security.KeyManagementService", "an encryption key"),
    # integration
    _box(
        "AWS::SQS::Queue",
        "aws_sqs_queue",
        "aws.integration.SimpleQueueServiceSqsQueue",
        "a message queue",
    ),
    _box(
        "AWS::SNS::Topic",
        "aws_sns_topic",
        "aws.integration.SimpleNotificationServiceSnsTopic",
        "a notification topic",
    ),
    _box(
        "AWS::Events::EventBus",
        "aws_cloudwatch_event_bus",
        "aws.integration.Eventbridge",
        "an event bus",
    ),
    _box(
        "AWS::Events::Rule",
        "aws_cloudwatch_event_rule",
        "aws.integration.EventbridgeRule",
        "an event rule",
    ),
    _box(
        "AWS::Scheduler::Schedule",
        "aws_scheduler_schedule",
        "aws.integration.EventbridgeScheduler",
        "a schedule",
    ),
    _box(
        "AWS::StepFunctions::StateMachine",
        "aws_sfn_state_machine",
        "aws.integration.StepFunctions",
        "a workflow",
    ),
    _box("AWS::AmazonMQ::Broker", "aws_mq_broker", "aws.integration.MQ", "a message broker"),
    _box(
        "AWS::AppSync::GraphQLApi",
        "aws_appsync_graphql_api",
        "aws.integration.Appsync",
        "a GraphQL API",
    ),
    _box(
        "AWS::Kinesis::Stream",
        "aws_kinesis_stream",
        "aws.analytics.KinesisDataStreams",
        "a data stream",
    ),
    _box(
        "AWS::KinesisFirehose::DeliveryStream",
        "aws_kinesis_firehose_delivery_stream",
        "aws.analytics.KinesisDataFirehose",
        "a delivery stream",
    ),
    _box(
        "AWS::MSK::Cluster",
        "aws_msk_cluster",
        "aws.analytics.ManagedStreamingForKafka",
        "a Kafka cluster",
    ),
    # network edges and entry points
    _box(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_lb aws_alb",
        "aws.network.ElbApplicationLoadBalancer",
        "a load balancer",
    ),
    _box(
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_elb",
        "aws.network.ElbClassicLoadBalancer",
        "a load balancer",
    ),
    _box(
        "AWS::CloudFront::Distribution",
        "aws_cloudfront_distribution",
        "aws.network.CloudFront",
        "a content delivery network",
    ),
    _box(
        "AWS::Route53::HostedZone",
        "aws_route53_zone",
        "aws.network.Route53HostedZone",
        "a DNS zone",
    ),
    _box("AWS::Route53::RecordSet", "aws_route53_record", "aws.network.Route53", "a DNS record"),
    _box("AWS::Route53::RecordSetGroup", "", "aws.network.Route53", "DNS records"),
    _box(
        "AWS::ApiGateway::RestApi",
        "aws_api_gateway_rest_api",
        "aws.network.APIGateway",
        "an HTTP API",
    ),
    _box(
        "AWS::ApiGatewayV2::Api",
        "aws_apigatewayv2_api",
        "aws.network.APIGateway",
        "an HTTP or WebSocket API",
    ),
    _box("AWS::Serverless::Api", "", "aws.network.APIGateway", "an HTTP API"),
    _box(
        "AWS::GlobalAccelerator::Accelerator",
        "aws_globalaccelerator_accelerator",
        "aws.network.GlobalAccelerator",
        "a global accelerator",
    ),
    _box(
        "AWS::NetworkFirewall::Firewall",
        "aws_networkfirewall_firewall",
        "aws.network.NetworkFirewall",
        "a network firewall",
    ),
    _box(
        "AWS::WAFv2::WebACL", "aws_wafv2_web_acl", "aws.security.WAF", "a web application firewall"
    ),
    _box(
        "AWS::Cognito::UserPool",
        "aws_cognito_user_pool",
        "aws.security.Cognito",
        "a user directory",
    ),
    _box(
        "AWS::DirectoryService::MicrosoftAD",
        "aws_directory_service_directory",
        "aws.security.ManagedMicrosoftAd",
        "a directory",
    ),
    _box("AWS::DirectoryService::SimpleAD", "", "aws.security.SimpleAd", "a directory"),
    # analytics, ML, management
    _box(
        "AWS::EMR::Cluster", "aws_emr_cluster", "aws.analytics.EMRCluster", "a Hadoop/Spark cluster"
    ),
    _box("AWS::Glue::Job", "aws_glue_job", "aws.analytics.Glue", "an ETL job"),
    _box("AWS::Glue::Crawler", "aws_glue_crawler", "aws.analytics.GlueCrawlers", "a data crawler"),
    _box(
        "AWS::Athena::WorkGroup", "aws_athena_workgroup", "aws.analytics.Athena", "a query engine"
    ),
    _box(
        "AWS::DataPipeline::Pipeline",
        "aws_datapipeline_pipeline",
        "aws.analytics.DataPipeline",
        "a data pipeline",
    ),
    _box(
        "AWS::SageMaker::Endpoint", "aws_sagemaker_endpoint", "aws.ml.Sagemaker", "a model endpoint"
    ),
    _box(
        "AWS::SageMaker::NotebookInstance",
        "aws_sagemaker_notebook_instance",
        "aws.ml.SagemakerNotebook",
        "a notebook",
    ),
    _box(
        "AWS::DMS::ReplicationInstance",
        "aws_dms_replication_instance",
        "aws.database.DatabaseMigrationService",
        "a migration instance",
    ),
    _box(
        "AWS::CodePipeline::Pipeline",
        "aws_codepipeline",
        "aws.devtools.Codepipeline",
        "a delivery pipeline",
    ),
    _box(
        "AWS::CodeBuild::Project",
        "aws_codebuild_project",
        "aws.devtools.Codebuild",
        "a build project",
    ),
    _box(
        "AWS::CodeCommit::Repository",
        "aws_codecommit_repository",
        "aws.devtools.Codecommit",
        "a source repository",
    ),
    _box(
        "AWS::Cloud9::EnvironmentEC2",
        "aws_cloud9_environment_ec2",
        "aws.devtools.Cloud9",
        "a cloud IDE",
    ),
    _box("AWS::CloudTrail::Trail", "aws_cloudtrail", "aws.management.Cloudtrail", "an audit trail"),
    _box(
        "AWS::Config::ConfigRule",
        "aws_config_config_rule",
        "aws.management.Config",
        "a compliance rule",
    ),
    _box("AWS::CloudFormation::Stack", "", "aws.management.CloudformationStack", "a nested stack"),
    _box("AWS::IoT::TopicRule", "aws_iot_topic_rule", "aws.iot.IotRule", "an IoT rule"),
    _box(
        "AWS::IoTAnalytics::Pipeline",
        "aws_iotanalytics_pipeline",
        "aws.iot.IotAnalyticsPipeline",
        "an IoT analytics pipeline",
    ),
    _box("AWS::Greengrass::Group", "", "aws.iot.IotGreengrass", "an edge device group"),
    _box(
        "AWS::SES::ConfigurationSet",
        "aws_ses_configuration_set",
        "aws.engagement.SimpleEmailServiceSes",
        "outbound e-mail",
    ),
    _box(
        "AWS::Transfer::Server",
        "aws_transfer_server",
        "aws.migration.TransferForSftp",
        "an SFTP server",
    ),
)

BOUNDARIES: dict[str, str] = {  # CloudFormation type → role, for the types drawn as groups
    "AWS::EC2::VPC": VPC,
    "AWS::EC2::Subnet": SUBNET,
}
TERRAFORM_BOUNDARIES: dict[str, str] = {
    "aws_vpc": VPC,
    "aws_subnet": SUBNET,
    "aws_default_vpc": VPC,
}

# Every CloudFormation namespace archgen knows: a type in one of them that is neither a box nor
# a boundary is plumbing. Terraform prefixes (`aws_iam_`, `aws_lb_`…) map onto these.
NAMESPACES: dict[str, tuple[str, ...]] = {
    "ApiGateway": ("aws_api_gateway_",),
    "ApiGatewayV2": ("aws_apigatewayv2_",),
    "AppRunner": ("aws_apprunner_",),
    "AppSync": ("aws_appsync_",),
    "ApplicationAutoScaling": ("aws_appautoscaling_",),
    "Athena": ("aws_athena_",),
    "AutoScaling": ("aws_autoscaling_", "aws_launch_configuration"),
    "Backup": ("aws_backup_",),
    "Batch": ("aws_batch_",),
    "CertificateManager": ("aws_acm_",),
    "Cloud9": ("aws_cloud9_",),
    "CloudFormation": ("aws_cloudformation_",),
    "CloudFront": ("aws_cloudfront_",),
    "CloudTrail": ("aws_cloudtrail",),
    "CloudWatch": (
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_dashboard",
        "aws_cloudwatch_composite_alarm",
    ),
    "CodeBuild": ("aws_codebuild_",),
    "CodeCommit": ("aws_codecommit_",),
    "CodeDeploy": ("aws_codedeploy_",),
    "CodePipeline": ("aws_codepipeline",),
    "Cognito": ("aws_cognito_",),
    "Config": ("aws_config_",),
    "DataPipeline": ("aws_datapipeline_",),
    "DirectoryService": ("aws_directory_service_",),
    "DMS": ("aws_dms_",),
    "DocDB": ("aws_docdb_",),
    "DynamoDB": ("aws_dynamodb_",),
    "EC2": (
        "aws_ec2_",
        "aws_instance",
        "aws_eip",
        "aws_route",
        "aws_security_group",
        "aws_network_",
        "aws_subnet",
        "aws_vpc",
        "aws_default_",
        "aws_key_pair",
        "aws_launch_template",
        "aws_ami",
        "aws_ebs_",
        "aws_volume_",
        "aws_nat_",
        "aws_internet_",
        "aws_egress_only_",
        "aws_vpn_",
        "aws_customer_gateway",
        "aws_main_route_table_association",
        "aws_flow_log",
        "aws_placement_group",
        "aws_spot_",
    ),
    "ECR": ("aws_ecr_",),
    "ECS": ("aws_ecs_",),
    "EFS": ("aws_efs_",),
    "EKS": ("aws_eks_",),
    "ElastiCache": ("aws_elasticache_",),
    "ElasticBeanstalk": ("aws_elastic_beanstalk_",),
    "ElasticLoadBalancing": (
        "aws_elb",
        "aws_lb_cookie_stickiness_policy",
        "aws_load_balancer_",
        "aws_app_cookie_stickiness_policy",
        "aws_proxy_protocol_policy",
    ),
    "ElasticLoadBalancingV2": ("aws_lb", "aws_alb"),
    "Elasticsearch": ("aws_elasticsearch_",),
    "EMR": ("aws_emr_",),
    "Events": ("aws_cloudwatch_event_",),
    "FSx": ("aws_fsx_",),
    "GlobalAccelerator": ("aws_globalaccelerator_",),
    "Glue": ("aws_glue_",),
    "Greengrass": ("aws_greengrass_",),
    "IAM": ("aws_iam_",),
    "IoT": ("aws_iot_",),
    "IoTAnalytics": ("aws_iotanalytics_",),
    "Kinesis": ("aws_kinesis_stream",),
    "KinesisFirehose": ("aws_kinesis_firehose_",),
    "KMS": ("aws_kms_",),
    "Lambda": ("aws_lambda_",),
    "Lightsail": ("aws_lightsail_",),
    "Logs": ("aws_cloudwatch_log_",),
    "AmazonMQ": ("aws_mq_",),
    "MSK": ("aws_msk_",),
    "Neptune": ("aws_neptune_",),
    "NetworkFirewall": ("aws_networkfirewall_",),
    "OpenSearchService": ("aws_opensearch_",),
    "RDS": ("aws_db_", "aws_rds_"),
    "Redshift": ("aws_redshift_",),
    "Route53": ("aws_route53_",),
    "S3": ("aws_s3_",),
    "SageMaker": ("aws_sagemaker_",),
    "Scheduler": ("aws_scheduler_",),
    "SecretsManager": ("aws_secretsmanager_",),
    "Serverless": (),
    "ServiceCatalog": ("aws_servicecatalog_",),
    "SES": ("aws_ses_",),
    "SNS": ("aws_sns_",),
    "SQS": ("aws_sqs_",),
    "SSM": ("aws_ssm_",),
    "StepFunctions": ("aws_sfn_",),
    "Timestream": ("aws_timestreamwrite_",),
    "Transfer": ("aws_transfer_",),
    "WAFv2": ("aws_wafv2_",),
}

# Names of the types a reader expects as a box, in namespaces aws_types.py has no table for.
PRIMARY = re.compile(
    r"^(App|Application|Api|Agent|Bot|Broker|Cluster|Collection|Database|DataStore|Domain|"
    r"Endpoint|Environment|Firewall|Fleet|FlowLog|Function|Gateway|Graph|Index|Instance|"
    r"KnowledgeBase|Ledger|Pipeline|Project|Queue|Repository|Server|Service|Space|Stack|"
    r"StateMachine|Stream|Table|Topic|Workflow|Workspace|Workgroup|Channel|Flow|Model|"
    r"Simulation|Studio|Detector|Dashboard|Portal|Accelerator|Analyzer|Bucket|FileSystem|"
    r"Volume|Vault|Key|Secret|Distribution|Cache|ServerlessCache|Connector|Instance\w*)$"
)

# Terraform types that are not resources of AWS itself but of a helper provider: plumbing.
HELPER_PROVIDERS = (
    "random_",
    "null_",
    "local_",
    "tls_",
    "archive_",
    "time_",
    "template_",
    "terraform_",
)

_BY_CLOUDFORMATION = {box.cloudformation: box for box in BOXES}
_BY_TERRAFORM = {name: box for box in BOXES for name in box.terraform}
_PREFIXES = sorted(
    ((prefix, namespace) for namespace, prefixes in NAMESPACES.items() for prefix in prefixes),
    key=lambda item: -len(item[0]),
)
CLOUDFORMATION_TYPE = re.compile(r"^(AWS|Alexa)::([A-Za-z0-9]+)::([A-Za-z0-9]+)$")


def cloudformation_type(type_name: str, *, generated: bool = True) -> TypeInfo:
    """How a CloudFormation type (`AWS::EC2::Instance`, `Custom::Thing`) is drawn: by the tables
    above, else by the generated table of every type (aws_types.json, see generate.py)."""
    curated = _curated_cloudformation(type_name)
    if curated.known or not generated:
        return curated
    entry = generated_types().get(type_name)
    if entry is None:
        return curated
    namespace, name = type_name.split("::")[1:]
    return TypeInfo(entry[0], entry[1], f"{namespace} {_spaced(name)}")


def _curated_cloudformation(type_name: str) -> TypeInfo:
    box = _BY_CLOUDFORMATION.get(type_name)
    if box is not None:
        return TypeInfo(SERVICE, box.icon, box.what)
    if type_name in BOUNDARIES:
        return TypeInfo(BOUNDARIES[type_name])
    match = CLOUDFORMATION_TYPE.match(type_name)
    if match is None or match.group(1) != "AWS":  # Custom::…, AWS::CloudFormation::CustomResource
        return TypeInfo(PLUMBING)
    if match.group(2) in NAMESPACES:
        return TypeInfo(PLUMBING)
    return TypeInfo(
        SERVICE, GENERIC_ICON, f"{match.group(2)} {_spaced(match.group(3))}", known=False
    )


def terraform_type(type_name: str) -> TypeInfo:
    """How a Terraform resource type (`aws_instance`, `aws_iam_role`) is drawn: by the tables
    above, else as its CloudFormation twin (`aws_amplify_app` → `AWS::Amplify::App`)."""
    box = _BY_TERRAFORM.get(type_name)
    if box is not None:
        return TypeInfo(SERVICE, box.icon, box.what)
    if type_name in TERRAFORM_BOUNDARIES:
        return TypeInfo(TERRAFORM_BOUNDARIES[type_name])
    if not type_name.startswith("aws_") or type_name.startswith(HELPER_PROVIDERS):
        return TypeInfo(PLUMBING)
    if any(type_name.startswith(prefix) for prefix, _ in _PREFIXES):
        return TypeInfo(PLUMBING)
    twin = _cloudformation_twin(type_name)
    if twin:
        return cloudformation_type(twin)
    namespace, rest = _namespace_of(type_name)
    if namespace:  # a type of a known namespace that CloudFormation does not have
        icon = generated_namespace_icons()[namespace]
        what = f"{namespace} {_spaced(rest)}"
        return TypeInfo(SERVICE, icon, what) if PRIMARY.match(rest) else TypeInfo(PLUMBING)
    words = type_name.removeprefix("aws_").replace("_", " ")
    return TypeInfo(SERVICE, GENERIC_ICON, words, known=False)


def _cloudformation_twin(type_name: str) -> str:
    """The CloudFormation type a Terraform type names, by namespace and words, or ""."""
    parts = type_name.removeprefix("aws_").split("_")
    index = _twin_index()
    for split in range(len(parts) - 1, 0, -1):
        key = "".join(parts[:split]) + "::" + "".join(parts[split:])
        if key in index:
            return index[key]
    return ""


def _namespace_of(type_name: str) -> tuple[str, str]:
    """(`Bedrock`, `CustomModel`) for `aws_bedrock_custom_model`, or ("", "")."""
    parts = type_name.removeprefix("aws_").split("_")
    namespaces = {name.lower(): name for name in generated_namespace_icons()}
    for split in range(len(parts) - 1, 0, -1):
        namespace = namespaces.get("".join(parts[:split]))
        if namespace:
            return namespace, "".join(part.capitalize() for part in parts[split:])
    return "", ""


@functools.cache
def generated_namespace_icons() -> dict[str, str]:
    document = json.loads(GENERATED_PATH.read_text(encoding="utf-8"))
    icons: dict[str, str] = document["namespace_icons"]
    return icons


@functools.cache
def generated_types() -> dict[str, tuple[str, str]]:
    """Every CloudFormation type → (role, icon), as generate.py wrote them."""
    document = json.loads(GENERATED_PATH.read_text(encoding="utf-8"))
    return {name: (entry[0], entry[1]) for name, entry in document["types"].items()}


@functools.cache
def _twin_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in generated_types():
        namespace, kind = name.split("::")[1:]
        index.setdefault(f"{namespace.lower()}::{kind.lower()}", name)
    return index


def _spaced(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


MODULE_HINTS: tuple[tuple[str, str, str], ...] = (  # word in a module's source → role, icon
    ("vpc", VPC, ""),
    ("lambda", SERVICE, "aws.compute.Lambda"),
    ("eks", SERVICE, "aws.compute.ElasticKubernetesService"),
    ("ecs", SERVICE, "aws.compute.ElasticContainerService"),
    ("rds", SERVICE, "aws.database.RDS"),
    ("aurora", SERVICE, "aws.database.Aurora"),
    ("dynamodb", SERVICE, "aws.database.Dynamodb"),
    ("s3", SERVICE, "aws.storage.SimpleStorageServiceS3Bucket"),
    ("alb", SERVICE, "aws.network.ElbApplicationLoadBalancer"),
    ("elb", SERVICE, "aws.network.ElasticLoadBalancing"),
    ("cloudfront", SERVICE, "aws.network.CloudFront"),
    ("sqs", SERVICE, "aws.integration.SimpleQueueServiceSqsQueue"),
    ("sns", SERVICE, "aws.integration.SimpleNotificationServiceSnsTopic"),
    ("apigateway", SERVICE, "aws.network.APIGateway"),
    ("ec2", SERVICE, "aws.compute.EC2"),
    ("autoscaling", SERVICE, "aws.compute.EC2AutoScaling"),
)


def module_type(source: str, name: str = "") -> TypeInfo:
    """A Terraform module call, judged by the words of its source (`terraform-aws-modules/vpc/aws`),
    else by its name's first telling word (`lambda_function_in_vpc` is a function): a VPC module
    becomes a boundary, a known kind a box with its icon, any other a generic box."""
    what = _module_what(source, name)
    for text in (source, name):
        words = [w for w in re.split(r"[/:._?=-]+", text.lower()) if w]
        hits = [
            (words.index(word), role, icon) for word, role, icon in MODULE_HINTS if word in words
        ]
        if hits:
            _, role, icon = min(hits)
            return TypeInfo(role, icon, what)
    return TypeInfo(SERVICE, GENERIC_ICON, what, known=False)


def _module_what(source: str, name: str) -> str:
    """ "the lambda module", with a registry or remote source named ("the vpc module
    (terraform-aws-modules/vpc/aws)"); a local path (`../../`) says nothing to a reader."""
    local = not source or source.startswith((".", "/"))
    shown = name or source
    return f"the {shown} module" + ("" if local or source == name else f" ({source})")
