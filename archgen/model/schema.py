"""The architecture model: the one source of truth for arch.yaml.

Every field carries a description: the JSON Schema (editor autocomplete and hover help) and
docs/model.md are generated from these classes, never written by hand.
"""

from __future__ import annotations

import datetime
import os
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from archgen.model.rules import COLOUR_PATTERN, ID_PATTERN

# pydantic scans every installed package's entry points for plugins (~15 ms of start-up, which
# `archgen validate` feels); archgen uses none. Set before the first model class is built.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

Identifier = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(
        description="A short id: letters (either case) and digits, words joined by '-', '_' or "
        "'.', starting with a letter (e.g. `app-runner`, `PublicSubnet1`). Case-sensitive. "
        "Other parts of the model refer to it."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(max_length=200)]
Colour = Annotated[
    str,
    StringConstraints(pattern=COLOUR_PATTERN),
    Field(
        description="A colour: `#rrggbb` (e.g. `#D13212`) or a CSS colour name "
        "(e.g. `firebrick`, `steelblue`)."
    ),
]
LintCode = Annotated[
    str,
    StringConstraints(pattern=r"^AG3[0-9]{2}$"),
    Field(description="A warning code, e.g. `AG302` (`archgen validate` prints each one)."),
]


def iso_date_only(value: object) -> object:
    """Let only a `YYYY-MM-DD` text (or a date) through, as the JSON Schema's `format: date` says.

    Left alone, pydantic also reads `0` as 1970-01-01 and drops a time of midnight; the
    validator (archgen.validate) refuses both, and the two must agree.
    """
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise ValueError("write the date as YYYY-MM-DD")


IsoDate = Annotated[datetime.date, BeforeValidator(iso_date_only)]
Prose = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000),
    Field(description="Text; accepts a safe subset of Markdown (emphasis, code, lists, links)."),
]


class StrictModel(BaseModel):
    """Unknown keys are errors, so a typo never silently disappears."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, defer_build=True)


class Weight(StrEnum):
    """How heavy a line or a label is drawn."""

    LIGHT = "light"
    NORMAL = "normal"
    BOLD = "bold"


class Lint(StrictModel):
    """Warnings this entry is known to trip on purpose, so `validate --strict` passes."""

    ignore: list[LintCode] = Field(
        default_factory=list,
        description="Warning codes not to report for this entry, e.g. `[AG302]` for a "
        "service drawn without edges. Errors (AG1xx, AG2xx) cannot be ignored. Without it, "
        "blank placeholders and gateways (internet, NAT, transit, ...; services with `border`) "
        "may stand unconnected, blank placeholders and actors (users, clients, devices) need "
        "serve no requirement, and a VPC or availability zone needs a region around it only "
        "when the model draws regions.",
    )


LINT_FIELD = "`lint: {ignore: [AG302]}` silences the listed warnings for this entry."


class Project(StrictModel):
    """What the brief is about and who wrote it: the cover page and the document metadata."""

    title: Text = Field(description="Title of the architecture, shown on the cover and diagram.")
    subtitle: Text | None = Field(None, description="One line under the title on the cover.")
    authors: list[Text] = Field(
        default_factory=list, description="People who wrote the model, in cover order."
    )
    course: Text | None = Field(None, description="Course or module the brief is written for.")
    organisation: Text | None = Field(
        None, description="School, company or team the work belongs to."
    )
    date: IsoDate | None = Field(
        None,
        description="Date of this version, as YYYY-MM-DD. Also fixes the PDF's dates, so the "
        "same model always renders the same bytes.",
    )
    version: Text | None = Field(None, description="Version of the document, e.g. `1.0`.")
    summary: Prose = Field(description="The overview: what is built, for whom, and why.")
    keywords: list[Text] = Field(
        default_factory=list, description="Keywords for the PDF metadata and the HTML head."
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO 4217 code for every cost estimate in the model, e.g. `USD`."
    )


class Requirement(StrictModel):
    """A quality the architecture must deliver; services say how they serve it."""

    id: Identifier
    title: Text = Field(description="Name of the requirement, e.g. `High availability`.")
    description: Prose = Field(description="What the requirement asks of the architecture.")
    lint: Lint | None = Field(None, description=LINT_FIELD)


class GroupKind(StrEnum):
    """How a group is drawn: a neutral tier or a cloud boundary in the AWS icon style."""

    TIER = "tier"
    AWS_CLOUD = "aws-cloud"
    REGION = "region"
    AVAILABILITY_ZONE = "availability-zone"
    VPC = "vpc"
    PUBLIC_SUBNET = "public-subnet"
    PRIVATE_SUBNET = "private-subnet"
    SECURITY_GROUP = "security-group"
    AUTO_SCALING_GROUP = "auto-scaling-group"
    ACCOUNT = "account"
    ON_PREMISES = "on-premises"
    SUBNET = "subnet"
    GENERIC = "generic"
    GCP_PROJECT = "gcp-project"
    AZURE_RESOURCE_GROUP = "azure-resource-group"
    K8S_CLUSTER = "k8s-cluster"
    K8S_NAMESPACE = "k8s-namespace"


class Arrangement(StrEnum):
    """How a group's child groups sit on the page."""

    ROW = "row"
    COLUMN = "column"


class Group(StrictModel):
    """A box around services: a tier such as `frontend`, or a boundary such as a VPC."""

    id: Identifier
    label: Text = Field(description="Name shown on the diagram and as a heading in the brief.")
    kind: GroupKind = Field(
        GroupKind.TIER,
        description="`tier` for a plain grouping, `generic` for a plain boundary, or a cloud "
        "boundary: `aws-cloud`, `region`, `availability-zone`, `vpc`, `public-subnet`, "
        "`private-subnet`, `subnet`, `security-group`, `auto-scaling-group`, `account`, "
        "`on-premises`, `gcp-project`, `azure-resource-group`, `k8s-cluster`, `k8s-namespace`.",
    )
    parent: Identifier | None = Field(
        None, description="Id of the group this one sits inside; groups nest to any depth."
    )
    members: list[Identifier] = Field(
        default_factory=list,
        description="Ids of services this group is drawn around as an overlay, across the "
        "boxes they sit in (an Auto Scaling group spanning two subnets): a dashed outline drawn "
        "after the layout. A group with `members` holds no services or groups and has no "
        "`parent`.",
    )
    arrange: Arrangement | None = Field(
        None,
        description="`row` puts the child groups side by side, `column` stacks them, in model "
        "order (the preferred order); omit to let the layout choose.",
    )
    colour: Colour | None = Field(None, description="Colour of the border and the label.")
    weight: Weight = Field(
        Weight.NORMAL, description="Border thickness: `light`, `normal` or `bold`."
    )
    description: Prose | None = Field(
        None, description="What this group is for; introduces its services in the brief."
    )
    lint: Lint | None = Field(None, description=LINT_FIELD)


class Cost(StrictModel):
    """A monthly cost estimate and what it assumes."""

    # strict: `monthly: "12"` and `monthly: true` are mistakes, not 12.0 and 1.0; no .inf either.
    monthly: float = Field(
        ge=0,
        strict=True,
        allow_inf_nan=False,
        description="Estimated cost per month, in the project currency: a plain number such as "
        '`12.5` (a quoted `"12.5"` is text, and refused).',
    )
    assumptions: Prose | None = Field(
        None, description="What the estimate assumes: traffic, storage, instance sizes."
    )


class Origin(StrictModel):
    """Where an imported service came from in the infrastructure code it was read from."""

    source: Text = Field(
        description="The CloudFormation logical id or Terraform resource address, e.g. "
        "`WebServer` or `aws_instance.web`."
    )
    type: Text = Field(description="The resource type, e.g. `AWS::EC2::Instance`.")
    file: Text = Field(
        description="The file it is declared in, relative to the model's folder (`infra/main.tf`), "
        "or by its own name when it lies elsewhere."
    )
    line: int = Field(ge=1, strict=True, description="The line its declaration starts on.")


class Service(StrictModel):
    """One building block of the architecture, drawn with its icon and explained in the brief."""

    id: Identifier
    name: Name = Field(
        description="Name shown under the icon and as a heading in the brief. A line break "
        "(a literal block `|`, or `\\n` in double quotes) is kept as is; a name without one "
        "is wrapped to fit. Empty for a blank placeholder (icon `generic.blank.Blank`): "
        "nothing is drawn under it."
    )
    icon: Text = Field(
        description="A node kind of the diagrams library, e.g. `aws.network.CloudFront` "
        "(find one with `archgen icons QUERY`), or a PNG/JPEG file inside the project, "
        "e.g. `icons/viewer.png`."
    )
    group: Identifier | None = Field(
        None, description="Id of the group the service is drawn in; omit for none."
    )
    border: bool = Field(
        False,
        description="Draw the service on its group's edge (an internet gateway on the VPC "
        "border): it is placed first in the group, its centre on the box's leading side.",
    )
    colour: Colour | None = Field(None, description="Colour of the name under the icon.")
    weight: Weight = Field(Weight.NORMAL, description="`bold` draws the name in bold.")
    does: Prose = Field(description="What the service does in this architecture.")
    why: Prose = Field(description="Why it was chosen over the alternatives.")
    analogy: Prose | None = Field(
        None, description="A plain-language comparison for readers new to the service."
    )
    serves: dict[Identifier, Prose] = Field(
        default_factory=dict,
        description="How the service serves each requirement: requirement id → explanation.",
    )
    cost: Cost | None = Field(None, description="Optional monthly cost estimate.")
    lint: Lint | None = Field(None, description=LINT_FIELD)
    origin: Origin | None = Field(
        None, description="Where `archgen import` found the service; omit for a hand-made one."
    )


class StepMode(StrEnum):
    """Whether the sender waits for the answer."""

    SYNC = "sync"
    ASYNC = "async"


class Step(StrictModel):
    """One numbered arrow of a flow: who sends what to whom."""

    source: Identifier = Field(alias="from", description="Id of the service sending.")
    target: Identifier = Field(alias="to", description="Id of the service receiving.")
    label: Text = Field(description="Short label drawn on the arrow, e.g. `GET /catalog`.")
    mode: StepMode = Field(
        StepMode.SYNC,
        description="`sync` when the sender waits for the answer, `async` when it does not "
        "(drawn dashed).",
    )
    detail: Prose | None = Field(
        None, description="A longer explanation of the step for the brief's walk-through."
    )
    colour: Colour | None = Field(None, description="Colour of this arrow (default: its flow's).")
    weight: Weight = Field(Weight.NORMAL, description="Line weight: `light`, `normal`, `bold`.")
    constrain: bool = Field(
        True,
        description="`false`: the arrow does not push its ends apart in the layout (Graphviz "
        "`constraint=false`), for a back edge that should not reorder the diagram.",
    )


class Flow(StrictModel):
    """A named, ordered sequence of steps: one path information takes through the system."""

    id: Identifier
    name: Text = Field(description="Name of the flow, e.g. `Browse the 3D catalogue`.")
    colour: Colour | None = Field(
        None, description="Colour of the flow's arrows and legend entry (default: a palette)."
    )
    description: Prose | None = Field(None, description="What the flow achieves, for the brief.")
    steps: list[Step] = Field(
        min_length=1,
        description="The steps in order; they are numbered on the diagram and in the brief.",
    )


class LinkStyle(StrEnum):
    """Line style of a link."""

    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"


class LinkDirection(StrEnum):
    """Where the arrowheads go."""

    FORWARD = "forward"
    BACK = "back"
    BOTH = "both"
    NONE = "none"


class Link(StrictModel):
    """An unnumbered relationship, e.g. KMS encrypts the bucket, CloudWatch observes a service."""

    source: Identifier = Field(alias="from", description="Id of the service at the start.")
    target: Identifier = Field(alias="to", description="Id of the service at the end.")
    label: Text | None = Field(None, description="Short label drawn on the line, e.g. `encrypts`.")
    style: LinkStyle = Field(LinkStyle.DOTTED, description="`solid`, `dashed` or `dotted`.")
    direction: LinkDirection = Field(
        LinkDirection.FORWARD, description="Arrowheads: `forward`, `back`, `both` or `none`."
    )
    colour: Colour | None = Field(None, description="Colour of the line and its label.")
    weight: Weight = Field(Weight.NORMAL, description="Line weight: `light`, `normal`, `bold`.")
    constrain: bool = Field(
        True,
        description="`false`: the line does not push its ends apart in the layout (Graphviz "
        "`constraint=false`).",
    )


class TradeOff(StrictModel):
    """A design decision and what it cost: the honest part of the brief."""

    id: Identifier
    title: Text = Field(description="Short name of the decision, e.g. `App Runner vs ECS`.")
    decision: Prose = Field(description="What was decided.")
    alternatives: list[Prose] = Field(
        default_factory=list, description="Alternatives that were considered."
    )
    benefits: list[Prose] = Field(default_factory=list, description="What the decision gains.")
    costs: list[Prose] = Field(
        default_factory=list, description="What it costs: money, effort, complexity."
    )
    risks: list[Prose] = Field(
        default_factory=list, description="What could go wrong, and how it is contained."
    )
    services: list[Identifier] = Field(
        default_factory=list, description="Ids of the services the decision touches."
    )
    requirements: list[Identifier] = Field(
        default_factory=list, description="Ids of the requirements the decision weighs."
    )


class Challenge(StrictModel):
    """A difficulty met while designing, and how it was resolved."""

    title: Text = Field(description="Short name of the challenge.")
    text: Prose = Field(description="What the challenge was.")
    resolution: Prose | None = Field(None, description="How it was resolved.")


class TeamMember(StrictModel):
    """One person of the team and their part in the work."""

    name: Text = Field(description="The person's name, as the brief shows it.")
    role: Text = Field(
        description="Their part of the work, in a few words, e.g. `Requirements write-up`."
    )
    contribution: Prose | None = Field(
        None, description="What they did, in a sentence or two; shown in the team table."
    )


class Reflection(StrictModel):
    """Looking back on the project work itself: what was researched, who did which part, how
    the time was managed. The brief gives it a chapter of its own, after the challenges."""

    text: Prose = Field(
        description="The reflection itself: how the work went, what was researched, how the "
        "time was managed. First person is fine."
    )
    team: list[TeamMember] = Field(
        default_factory=list,
        description="Who worked on the project and what each one did, in the order the brief "
        "lists them; omit for none.",
    )


class Direction(StrEnum):
    """Main direction of the diagram."""

    LEFT_RIGHT = "LR"
    TOP_BOTTOM = "TB"


class DiagramOptions(StrictModel):
    """How the diagram is laid out."""

    direction: Direction = Field(
        Direction.LEFT_RIGHT, description="`LR` (left to right) or `TB` (top to bottom)."
    )


class View(StrictModel):
    """A picture of part of the architecture, drawn beside the whole one: the services it
    names, those in the groups it names and those the flows it names touch, inside their
    groups, with the steps of those flows (numbered as on the overview) and the links between
    what it shows. Written to `views/<id>.svg` and `.png`; each flow has one of its own too,
    `flow-<flow id>`, and so has each group of a model whose overview draws groups as one box,
    `group-<group id>`."""

    id: Identifier = Field(description="Id of the view; its files are `views/<id>.svg`, `.png`.")
    title: Text = Field(description="Title drawn above the view, e.g. `The data tier`.")
    groups: list[Identifier] = Field(
        default_factory=list,
        description="Ids of groups whose services (their child groups' too) the view shows.",
    )
    services: list[Identifier] = Field(
        default_factory=list, description="Ids of more services the view shows."
    )
    flows: list[Identifier] = Field(
        default_factory=list,
        description="Ids of flows whose steps the view draws, with the services they touch.",
    )
    direction: Direction | None = Field(
        None, description="`LR` or `TB` for this view (default: the diagram's direction)."
    )


class Architecture(StrictModel):
    """The whole model: everything the diagram and the brief are made from."""

    project: Project = Field(description="Title, authors and summary of the brief.")
    requirements: list[Requirement] = Field(
        default_factory=list,
        description="The qualities the architecture must meet, e.g. high availability.",
    )
    groups: list[Group] = Field(
        default_factory=list, description="Tiers and cloud boundaries that services sit in."
    )
    services: list[Service] = Field(
        min_length=1, description="The building blocks, each drawn with its icon."
    )
    flows: list[Flow] = Field(
        default_factory=list,
        description="Numbered sequences of steps: the logical flow of information.",
    )
    links: list[Link] = Field(
        default_factory=list, description="Unnumbered relationships between services."
    )
    tradeoffs: list[TradeOff] = Field(
        default_factory=list, description="Design decisions with their benefits, costs and risks."
    )
    challenges: list[Challenge] = Field(
        default_factory=list, description="Challenges met and how they were resolved."
    )
    reflection: Reflection | None = Field(
        None,
        description="Optional: a reflection on the project work (what was researched, who did "
        "which part, how the time was managed) and the team with their roles.",
    )
    diagram: DiagramOptions = Field(
        default_factory=DiagramOptions, description="Layout options for the diagram."
    )
    views: list[View] = Field(
        default_factory=list,
        description="Pictures of parts of the architecture, each in `views/<id>.svg` and `.png`.",
    )
