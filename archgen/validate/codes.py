"""Every problem code archgen reports, with a one-line explanation of each.

AG0xx belong to the loader (reading the YAML; listed in `archgen.load`). AG1xx: the shape of
arch.yaml (keys, types, values). AG2xx: references between parts of the model and to icons.
AG3xx: warnings, for a model that is valid but probably not what its writer meant; `--strict`
makes them fail. AG4xx: the brief's templates (syntax, sandbox, limits), located in the template.

Ids are namespaced by kind: a group and a service may share an id (the example's `performance`
group and `performance` requirement do), because every reference says which kind it names
(`group:` names a group, a step's `to:` a service). Ids must be unique within their kind.

Not checked on purpose: whether a flow's consecutive steps connect (step n's `to` being step
n+1's `from`). Real flows fan out (a user asks DNS, then the CDN), so it would fire on good models.
"""

from __future__ import annotations

from archgen.problems import Severity

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
GROUP_TOO_DEEP = "AG211"
ICON_UNREADABLE = "AG212"
ICON_TOO_LARGE = "AG213"
OVERLAY_CONTAINER = "AG214"
UNKNOWN_FLOW = "AG215"
VIEW_ID_TAKEN = "AG216"
EMPTY_VIEW = "AG217"

UNSERVED_REQUIREMENT = "AG301"
UNUSED_SERVICE = "AG302"
SERVES_NOTHING = "AG303"
MISPLACED_GROUP = "AG304"
EMPTY_GROUP = "AG305"
SELF_STEP = "AG306"
UNANCHORED_TRADEOFF = "AG307"
HIDDEN_TEXT = "AG308"
UNPRICED_SERVICES = "AG309"
CASE_CLASH = "AG310"
PLACEHOLDER = "AG311"
UNNAMED_SERVICE = "AG312"

TEMPLATE_SYNTAX = "AG401"
TEMPLATE_UNDEFINED = "AG402"
TEMPLATE_UNSAFE = "AG403"
TEMPLATE_LIMIT = "AG404"
TEMPLATE_NOT_FOUND = "AG405"
TEMPLATE_ERROR = "AG406"
TEMPLATE_FILE = "AG407"

CODES: dict[str, str] = {
    UNKNOWN_KEY: "A key the model does not have, often a typo or a key indented one level wrong.",
    MISSING_KEY: "A required key is absent from its mapping.",
    WRONG_TYPE: "A value of the wrong kind, e.g. `authors: Ana` for the list `authors: [Ana]`.",
    BAD_VALUE: "A value outside a fixed set, e.g. a group's `kind` or a step's `mode`.",
    BAD_ID: "An id not made of letters, digits and single '-', '_' or '.', starting with a letter.",
    EMPTY: "A key with no value, empty text, or a list with fewer entries than it needs.",
    TOO_LONG: "Text or a list longer than the model allows.",
    OUT_OF_RANGE: "A number outside its limits, e.g. a negative cost.",
    BAD_DATE: "A date not written as a real YYYY-MM-DD date.",
    BAD_FORMAT: "Text in the wrong form, e.g. a currency that is not three capital letters.",
    BAD_STRUCTURE: "Any other value the model cannot accept.",
    UNKNOWN_SERVICE: "A step, link, trade-off or view names a service id no service has.",
    UNKNOWN_GROUP: "A service's `group`, a group's `parent` or a view names a group id no group "
    "has.",
    UNKNOWN_REQUIREMENT: "A `serves` key or a trade-off names a requirement id no one has.",
    DUPLICATE_ID: "Two entries of one kind share an id; ids are unique per kind.",
    GROUP_CYCLE: "Groups whose `parent`s lead back to themselves: no box can hold the others.",
    UNKNOWN_ICON: "An `icon` that is no diagrams node kind (find one with `archgen icons`).",
    ICON_OUTSIDE: "An icon path that is absolute or leads outside the project ('..', a symlink).",
    ICON_MISSING: "An icon path naming no file in the project folder.",
    ICON_FILE_TYPE: "An icon file that is not PNG or JPEG, the only images diagrams can draw.",
    ICON_NOT_INSTALLED: "A node kind whose image is missing from the installed diagrams package.",
    GROUP_TOO_DEEP: "Groups nested more than 20 deep: more boxes in boxes than a page can show.",
    ICON_UNREADABLE: "An icon file that does not decode as the PNG or JPEG its name says it is.",
    ICON_TOO_LARGE: "An icon file over the byte or pixel cap (a picture far too big for a node).",
    OVERLAY_CONTAINER: "A service or group placed in an overlay group (one with `members:`), or "
    "an overlay with a `parent`: overlays are drawn around their members, over the boxes.",
    UNKNOWN_FLOW: "A view's `flows` names a flow id no flow has.",
    VIEW_ID_TAKEN: (
        "A view id that an automatic view has: `overview`, `flow-<id>` of a flow, or "
        "`group-<id>` of a group."
    ),
    EMPTY_VIEW: "A view naming no group, no service and no flow: it would draw nothing.",
    UNSERVED_REQUIREMENT: "No service says under `serves` how it meets this requirement.",
    UNUSED_SERVICE: "A service in no flow step and no link: it floats alone on the diagram.",
    SERVES_NOTHING: "A service whose `serves` is empty: the brief cannot say what it is for.",
    MISPLACED_GROUP: "A cloud boundary outside its container, e.g. a subnet outside a VPC, or "
    "inside one it should hold, e.g. a region inside a subnet.",
    EMPTY_GROUP: "A group with no services and no groups inside it.",
    SELF_STEP: "A flow step whose `from` and `to` are the same service.",
    UNANCHORED_TRADEOFF: "A trade-off naming no services and no requirements.",
    HIDDEN_TEXT: "Text holding a bidi control (U+202E, ...) or an invisible character (U+200B, "
    "...): it reads differently from how it is stored.",
    UNPRICED_SERVICES: "Some services have a `cost:` and others none: the brief's total leaves "
    "those out.",
    CASE_CLASH: "Two ids of one kind that differ only in case ('Web', 'web'): legal, since ids "
    "are case-sensitive, but easy to mix up.",
    PLACEHOLDER: "Text still holding a `TODO(archgen):` placeholder that `archgen import` wrote: "
    "a person has to write it (the project's summary, a service's `does:` and `why:`).",
    UNNAMED_SERVICE: "A service with an empty name whose icon is not `generic.blank.Blank`.",
    TEMPLATE_SYNTAX: "A template that Jinja2 cannot parse, e.g. an unclosed `{% block %}`.",
    TEMPLATE_UNDEFINED: "A template naming a variable, attribute or filter the brief lacks.",
    TEMPLATE_UNSAFE: "A template reaching for Python internals (`__class__`, `__globals__`, ...):"
    " templates run in a sandbox.",
    TEMPLATE_LIMIT: "A template past a bound: run time, memory, output size, a number too big.",
    TEMPLATE_NOT_FOUND: "An include, import or extends naming no template in the searched folders"
    " (absolute paths and '..' are refused).",
    TEMPLATE_ERROR: "Any other error while a template renders (a wrong type, 1/0).",
    TEMPLATE_FILE: "A template file archgen cannot use: a link leading out, too big, not UTF-8.",
}


def severity_of(code: str) -> Severity:
    """AG3xx codes are warnings; every other code is an error."""
    return "warning" if code.startswith("AG3") else "error"
