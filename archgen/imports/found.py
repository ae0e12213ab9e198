"""What a reader of infrastructure code found: resources with their references and places.

Both readers (cloudformation.py, terraform.py) produce a `Found`; build.py turns it into a model
without knowing which language it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.imports.aws_types import TypeInfo


@dataclass
class Resource:
    """One resource (or module call, or subnet/VPC parameter) of the source."""

    key: str  # logical id, or Terraform address without instance index
    type: str  # `AWS::EC2::Instance`, `aws_instance`, `module`
    info: TypeInfo  # how it is drawn
    file: str  # inside the imported folder (`main.tf`); "" when the source is one file
    line: int
    column: int = 0  # of the declaration's first character; 0 when unknown
    label: str = ""  # a human name when the source gives one (tags Name, function_name…)
    refs: dict[str, str] = field(default_factory=dict)  # referenced key → where (property name)
    multiplicity: str = ""  # "× 2", "× var.az_count", "for each var.buckets"
    condition: str = ""  # the CloudFormation condition that creates it
    public: bool = False  # a subnet that gives its instances public addresses
    zone: str = ""  # availability zone of a subnet, when the source states it


@dataclass
class Found:
    """Everything read from one source, in source order."""

    language: str  # "CloudFormation" or "Terraform"
    source: str  # the file or folder, as the user named it
    title: str
    description: str
    region: str = ""
    resources: list[Resource] = field(default_factory=list)

    def by_key(self) -> dict[str, Resource]:
        return {resource.key: resource for resource in self.resources}

    def shown_file(self, resource: Resource) -> str:
        """The file a resource is declared in, as the user named the source (for messages)."""
        return f"{self.source.rstrip('/')}/{resource.file}" if resource.file else self.source
