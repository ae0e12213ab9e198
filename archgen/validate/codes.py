"""Every problem code archgen reports, with a one-line explanation of each.

AG1xx: the shape of arch.yaml (keys, types, values). AG2xx: references between parts of the
model and to icons. AG3xx: warnings, for a model that is valid but probably not what its writer
meant; `--strict` makes them fail.

Ids are namespaced by kind: a group and a service may share an id (the example's `performance`
group and `performance` requirement do), because every reference says which kind it names
(`group:` names a group, a step's `to:` a service). Ids must be unique within their kind.

Not checked on purpose: whether a flow's consecutive steps connect (step n's `to` being step
n+1's `from`). Real flows fan out (a user asks DNS, then the CDN), so it would fire on good models.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.problems import Severity


@dataclass(frozen=True)
class Code:
    """One problem code: what it is called and what it means, in one line."""

    code: str
    severity: Severity
    title: str
    explanation: str


UNKNOWN_KEY = "AG101"
MISSING_KEY = "AG102"
WRONG_TYPE = "AG103"
BAD_VALUE = "AG104"
BAD_ID = "AG105"
EMPTY = "AG106"
TOO_LONG = "AG107"
OUT_OF_RANGE = "AG108"
BAD_DATE = "AG109"
BAD_FORMAT = "AG110"
BAD_STRUCTURE = "AG199"

UNKNOWN_SERVICE = "AG201"
UNKNOWN_GROUP = "AG202"
UNKNOWN_REQUIREMENT = "AG203"
DUPLICATE_ID = "AG204"
GROUP_CYCLE = "AG205"
UNKNOWN_ICON = "AG206"
ICON_OUTSIDE = "AG207"
ICON_MISSING = "AG208"
ICON_FILE_TYPE = "AG209"
ICON_NOT_INSTALLED = "AG210"

UNSERVED_REQUIREMENT = "AG301"
UNUSED_SERVICE = "AG302"
SERVES_NOTHING = "AG303"
MISPLACED_GROUP = "AG304"
EMPTY_GROUP = "AG305"
SELF_STEP = "AG306"
UNANCHORED_TRADEOFF = "AG307"

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code(UNKNOWN_KEY, "error", "unknown key", "A key the model does not have, often a typo."),
        Code(MISSING_KEY, "error", "missing key", "A required key is absent from its mapping."),
        Code(WRONG_TYPE, "error", "wrong type", "Text, number, list or mapping where another kind "
             "of value belongs, e.g. `authors: Ana` for `authors: [Ana]`."),
        Code(BAD_VALUE, "error", "value not allowed", "A value outside a fixed set, e.g. a group "
             "`kind` or a step `mode`."),
        Code(BAD_ID, "error", "bad id", "Ids use lowercase letters, digits, '-' or '_', starting "
             "with a letter."),
        Code(EMPTY, "error", "empty", "Empty text, or a list with fewer entries than it needs."),
        Code(TOO_LONG, "error", "too long", "Text or a list longer than the model allows."),
        Code(OUT_OF_RANGE, "error", "out of range", "A number below or above its limit, e.g. a "
             "negative cost."),
        Code(BAD_DATE, "error", "bad date", "A date that is not a real YYYY-MM-DD date."),
        Code(BAD_FORMAT, "error", "bad format", "Text in the wrong form, e.g. a currency that is "
             "not three capital letters."),
        Code(BAD_STRUCTURE, "error", "invalid", "Any other value the model cannot accept."),
        Code(UNKNOWN_SERVICE, "error", "unknown service", "A step, link or trade-off names a "
             "service id that no service has."),
        Code(UNKNOWN_GROUP, "error", "unknown group", "A service's `group` or a group's `parent` "
             "names a group id that no group has."),
        Code(UNKNOWN_REQUIREMENT, "error", "unknown requirement", "A `serves` key or a trade-off "
             "names a requirement id that no requirement has."),
        Code(DUPLICATE_ID, "error", "duplicate id", "Two entries of one kind share an id; ids "
             "are unique per kind (services, groups, requirements, flows, trade-offs)."),
        Code(GROUP_CYCLE, "error", "group cycle", "Groups whose `parent`s lead back to "
             "themselves, so none of them can be drawn inside the others."),
        Code(UNKNOWN_ICON, "error", "unknown icon", "An `icon` that is neither a known diagrams "
             "node kind nor an image path."),
        Code(ICON_OUTSIDE, "error", "icon outside project", "An icon path that is absolute or "
             "leads outside the project folder (through '..' or a symlink)."),
        Code(ICON_MISSING, "error", "icon file missing", "An icon path naming no file in the "
             "project folder."),
        Code(ICON_FILE_TYPE, "error", "icon file type", "An icon file that is not PNG or JPEG, "
             "the only images diagrams can draw."),
        Code(ICON_NOT_INSTALLED, "error", "icon not installed", "A known node kind whose image "
             "is missing from the installed diagrams package."),
        Code(UNSERVED_REQUIREMENT, "warning", "unserved requirement", "No service says in "
             "`serves` how it meets this requirement."),
        Code(UNUSED_SERVICE, "warning", "unused service", "A service in no flow step and no "
             "link: it floats alone on the diagram."),
        Code(SERVES_NOTHING, "warning", "serves nothing", "A service whose `serves` is empty: "
             "the brief cannot say which requirement it helps."),
        Code(MISPLACED_GROUP, "warning", "misplaced boundary", "A cloud boundary outside the "
             "one it lives in, e.g. a subnet outside a VPC or a VPC outside a region."),
        Code(EMPTY_GROUP, "warning", "empty group", "A group with no services and no groups "
             "inside it."),
        Code(SELF_STEP, "warning", "step to itself", "A flow step whose `from` and `to` are "
             "the same service."),
        Code(UNANCHORED_TRADEOFF, "warning", "unanchored trade-off", "A trade-off naming no "
             "services and no requirements."),
    )
}
