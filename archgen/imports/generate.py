"""Write aws_types.json: every CloudFormation resource type (data/cloudformation-types.txt) with
its role on the diagram and its diagrams node kind.

    python -m archgen.imports.generate

The roles come from aws_types.py: the boxes and boundaries listed there, plumbing for the other
types of a namespace listed there; in any other namespace a type named like the thing a reader
draws (an App, a Cluster, a Workspace…) is a box and the rest plumbing. The icon of a namespace
is the one its boxes use, else the catalogue's node kind named like the namespace (`Amplify` →
aws.mobile.Amplify), else NAMESPACE_ICONS below, else the generic AWS icon. The file is
generated: edit this module or aws_types.py and run the command again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from archgen.icons.catalog import IconCatalog, load_catalog, normalise
from archgen.imports import aws_types as t

TYPES_PATH = Path(__file__).with_name("data") / "cloudformation-types.txt"
GENERATED_PATH = t.GENERATED_PATH
GENERATED_BY = "python -m archgen.imports.generate"

NAMESPACE_ICONS: dict[str, str] = {  # namespaces no catalogue kind is named like
    "ACMPCA": "aws.security.CertificateAuthority",
    "APS": "aws.management.AmazonManagedPrometheus",
    "AppConfig": "aws.management.SystemsManagerAppConfig",
    "AppFlow": "aws.integration.ApplicationIntegration",
    "AppStream": "aws.enduser.Appstream20",
    "Bedrock": "aws.ml.Bedrock",
    "BedrockAgentCore": "aws.ml.Bedrock",
    "CertificateManager": "aws.security.CertificateManager",
    "CloudWatch": "aws.management.Cloudwatch",
    "Connect": "aws.engagement.Connect",
    "DocDBElastic": "aws.database.DocumentdbMongodbCompatibility",
    "ElastiCache": "aws.database.Elasticache",
    "GameLift": "aws.game.Gamelift",
    "Grafana": "aws.management.AmazonManagedGrafana",
    "GuardDuty": "aws.security.Guardduty",
    "IoTEvents": "aws.iot.IotEvents",
    "IoTSiteWise": "aws.iot.IotSitewise",
    "KinesisAnalyticsV2": "aws.analytics.KinesisDataAnalytics",
    "KinesisVideo": "aws.media.KinesisVideoStreams",
    "Logs": "aws.management.CloudwatchLogs",
    "MWAA": "aws.management.AmazonManagedWorkflowsApacheAirflow",
    "MediaConnect": "aws.media.ElementalMediaconnect",
    "MediaConvert": "aws.media.ElementalMediaconvert",
    "MediaLive": "aws.media.ElementalMedialive",
    "MediaPackage": "aws.media.ElementalMediapackage",
    "MediaPackageV2": "aws.media.ElementalMediapackage",
    "MediaStore": "aws.media.ElementalMediastore",
    "MediaTailor": "aws.media.ElementalMediatailor",
    "OpenSearchServerless": "aws.analytics.AmazonOpensearchService",
    "QLDB": "aws.database.QuantumLedgerDatabaseQldb",
    "RedshiftServerless": "aws.database.Redshift",
    "RoboMaker": "aws.robotics.Robomaker",
    "Route53Resolver": "aws.network.Route53",
    "SSM": "aws.management.SystemsManager",
    "SecurityHub": "aws.security.SecurityHub",
    "ServiceDiscovery": "aws.network.CloudMap",
    "Shield": "aws.security.Shield",
    "SSO": "aws.security.SingleSignOn",
    "WAF": "aws.security.WAF",
    "WAFRegional": "aws.security.WAF",
    "WorkSpaces": "aws.enduser.Workspaces",
    "ARCRegionSwitch": "aws.management.ManagementAndGovernance",
    "ARCZonalShift": "aws.management.ManagementAndGovernance",
    "AccessAnalyzer": "aws.security.IdentityAndAccessManagementIamAccessAnalyzer",
    "AmplifyUIBuilder": "aws.mobile.Amplify",
    "AppIntegrations": "aws.integration.ApplicationIntegration",
    "AppTest": "aws.devtools.DeveloperTools",
    "ApplicationInsights": "aws.management.Cloudwatch",
    "ApplicationSignals": "aws.management.Cloudwatch",
    "AuditManager": "aws.security.SecurityIdentityAndCompliance",
    "BCM": "aws.cost.CostManagement",
    "BCMDataExports": "aws.cost.CostAndUsageReport",
    "BackupGateway": "aws.storage.Backup",
    "BcmPricingCalculator": "aws.cost.CostManagement",
    "Billing": "aws.cost.CostManagement",
    "BillingConductor": "aws.cost.CostManagement",
    "CE": "aws.cost.CostExplorer",
    "CUR": "aws.cost.CostAndUsageReport",
    "Cases": "aws.engagement.Connect",
    "Cassandra": "aws.database.KeyspacesManagedApacheCassandraService",
    "CleanRooms": "aws.analytics.Analytics",
    "CleanRoomsML": "aws.analytics.Analytics",
    "CodeConnections": "aws.devtools.Codestar",
    "CodeGuruProfiler": "aws.management.Codeguru",
    "CodeGuruReviewer": "aws.management.Codeguru",
    "CodeStarConnections": "aws.devtools.Codestar",
    "CodeStarNotifications": "aws.devtools.Codestar",
    "ConnectCampaigns": "aws.engagement.Connect",
    "ConnectCampaignsV2": "aws.engagement.Connect",
    "CustomerProfiles": "aws.engagement.Connect",
    "DAX": "aws.database.DynamodbDax",
    "DSQL": "aws.database.Aurora",
    "DataBrew": "aws.analytics.Glue",
    "Deadline": "aws.compute.ThinkboxDeadline",
    "DevOpsGuru": "aws.management.AmazonDevopsGuru",
    "EMRContainers": "aws.analytics.EMR",
    "EMRServerless": "aws.analytics.EMR",
    "EVS": "aws.compute.VmwareCloudOnAWS",
    "EventSchemas": "aws.integration.EventbridgeSchema",
    "Evidently": "aws.management.Cloudwatch",
    "FIS": "aws.management.ManagementAndGovernance",
    "FMS": "aws.security.FirewallManager",
    "GreengrassV2": "aws.iot.IotGreengrass",
    "HealthImaging": "aws.ml.MachineLearning",
    "HealthLake": "aws.ml.MachineLearning",
    "IAM": "aws.security.IdentityAndAccessManagementIam",
    "IVS": "aws.media.MediaServices",
    "IVSChat": "aws.media.MediaServices",
    "IdentityStore": "aws.security.SingleSignOn",
    "ImageBuilder": "aws.compute.EC2ImageBuilder",
    "InspectorV2": "aws.security.Inspector",
    "InternetMonitor": "aws.management.Cloudwatch",
    "Invoicing": "aws.cost.CostManagement",
    "IoTCoreDeviceAdvisor": "aws.iot.InternetOfThings",
    "IoTFleetHub": "aws.iot.InternetOfThings",
    "IoTFleetWise": "aws.iot.InternetOfThings",
    "IoTTwinMaker": "aws.iot.InternetOfThings",
    "IoTWireless": "aws.iot.InternetOfThings",
    "KafkaConnect": "aws.analytics.ManagedStreamingForKafka",
    "KendraRanking": "aws.ml.Kendra",
    "Location": "aws.general.General",
    "LookoutEquipment": "aws.ml.MachineLearning",
    "LookoutMetrics": "aws.ml.MachineLearning",
    "LookoutVision": "aws.ml.MachineLearning",
    "M2": "aws.migration.MigrationAndTransfer",
    "MemoryDB": "aws.database.ElasticacheForRedis",
    "NeptuneGraph": "aws.database.Neptune",
    "NetworkFlowMonitor": "aws.management.Cloudwatch",
    "NimbleStudio": "aws.media.MediaServices",
    "Notifications": "aws.management.UserNotifications",
    "NotificationsContacts": "aws.management.UserNotifications",
    "Oam": "aws.management.Cloudwatch",
    "ObservabilityAdmin": "aws.management.Cloudwatch",
    "Omics": "aws.ml.MachineLearning",
    "OpsWorksCM": "aws.management.Opsworks",
    "Panorama": "aws.ml.MachineLearning",
    "PaymentCryptography": "aws.security.KeyManagementService",
    "Pipes": "aws.integration.EventbridgePipes",
    "QBusiness": "aws.ml.Q",
    "RAM": "aws.security.ResourceAccessManager",
    "RUM": "aws.management.Cloudwatch",
    "ResilienceHub": "aws.management.ManagementAndGovernance",
    "ResilienceHubV2": "aws.management.ManagementAndGovernance",
    "ResourceExplorer2": "aws.management.ManagementAndGovernance",
    "ResourceGroups": "aws.management.ManagementAndGovernance",
    "RolesAnywhere": "aws.security.IdentityAndAccessManagementIam",
    "Route53GlobalResolver": "aws.network.Route53",
    "Route53Profiles": "aws.network.Route53",
    "Route53RecoveryControl": "aws.network.Route53",
    "Route53RecoveryReadiness": "aws.network.Route53",
    "S3Express": "aws.storage.SimpleStorageServiceS3",
    "S3Files": "aws.storage.SimpleStorageServiceS3",
    "S3ObjectLambda": "aws.storage.S3ObjectLambdaAccessPoints",
    "S3Outposts": "aws.storage.SimpleStorageServiceS3",
    "S3Tables": "aws.storage.SimpleStorageServiceS3",
    "S3Vectors": "aws.storage.SimpleStorageServiceS3",
    "SSMContacts": "aws.management.SystemsManager",
    "SSMGuiConnect": "aws.management.SystemsManager",
    "SSMIncidents": "aws.management.SystemsManager",
    "SSMQuickSetup": "aws.management.SystemsManager",
    "ServiceCatalogAppRegistry": "aws.management.ServiceCatalog",
    "SimSpaceWeaver": "aws.compute.Compute",
    "SupportApp": "aws.enablement.Support",
    "Synthetics": "aws.management.Cloudwatch",
    "SystemsManagerSAP": "aws.management.SystemsManager",
    "VoiceID": "aws.engagement.Connect",
    "WellArchitected": "aws.management.WellArchitectedTool",
    "Wisdom": "aws.engagement.Connect",
    "WorkSpacesThinClient": "aws.enduser.Workspaces",
    "WorkSpacesWeb": "aws.enduser.Workspaces",
    "WorkspacesInstances": "aws.enduser.Workspaces",
}


def read_types(path: Path = TYPES_PATH) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def namespace_icons(types: Iterable[str], catalog: IconCatalog) -> dict[str, str]:
    """Namespace → icon: its boxes' icon, a catalogue kind named like it, the table, generic."""
    icons: dict[str, str] = {}
    for box in t.BOXES:
        icons.setdefault(box.cloudformation.split("::")[1], box.icon)
    by_name: dict[str, str] = {}
    for kind in catalog.kinds:
        if kind.provider == "aws":
            by_name.setdefault(normalise(kind.name), kind.kind)
    for type_name in types:
        namespace = type_name.split("::")[1]
        if namespace not in icons:
            named = by_name.get(normalise(namespace))
            icons[namespace] = NAMESPACE_ICONS.get(namespace) or named or t.GENERIC_ICON
    return icons


def classify(type_name: str, icons: dict[str, str]) -> tuple[str, str]:
    """(role, icon) of one CloudFormation type."""
    info = t.cloudformation_type(type_name, generated=False)
    namespace, name = type_name.split("::")[1:]
    if info.known:
        return info.role, info.icon or (icons[namespace] if info.role == t.SERVICE else "")
    if t.PRIMARY.match(name):
        return t.SERVICE, icons[namespace]
    return t.PLUMBING, ""


def generated(types: list[str], catalog: IconCatalog) -> str:
    icons = namespace_icons(types, catalog)
    table = {name: list(classify(name, icons)) for name in sorted(set(types))}
    document = {
        "generated_by": GENERATED_BY,
        "source": TYPES_PATH.name,
        "namespace_icons": dict(sorted(icons.items())),
        "types": table,
    }
    return json.dumps(document, indent=1, sort_keys=False) + "\n"


def main() -> None:
    text = generated(read_types(), load_catalog())
    GENERATED_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {GENERATED_PATH}")


if __name__ == "__main__":
    main()
