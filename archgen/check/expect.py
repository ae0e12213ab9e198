"""What the model says each output must show, with the line of the model that says it.

One `Meant` for every service, group, flow, step, requirement, trade-off and link, keyed as
the readers key what they see (`archgen.check.read.Shown`): by id, a step by its number, a
link by its place in the model's list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from archgen.check.read import Kind, words
from archgen.commands.model import ValidModel
from archgen.resolve.collapse import NODE_SUFFIX, overview
from archgen.resolve.view import RenderView


@dataclass(frozen=True)
class Meant:
    kind: Kind
    key: str
    text: str  # as `words`
    line: int  # the model line that gives `text`
    verb: str  # how the model line says it: "names it", "labels it"
    ends: tuple[str, str] | None = None
    inside: str | None = None  # a service's group id, "" for none
    extra: str | None = None  # a flow's step numbers, "1–6"
    inside_line: int = 0  # the line that puts a service in its group


@dataclass(frozen=True)
class Model:
    """The model's side of every comparison: `file` as findings name it, what it means."""

    file: str
    view: RenderView
    meant: dict[tuple[Kind, str], Meant]
    order: tuple[Meant, ...]
    headed: frozenset[str] = frozenset()  # the groups the brief gives a heading (with services)
    overview: Model | None = None  # what the overview diagram draws, when it collapses groups

    def get(self, kind: Kind, key: str) -> Meant | None:
        return self.meant.get((kind, key))

    def of_kind(self, kind: Kind) -> list[Meant]:
        return [m for m in self.order if m.kind == kind]

    def name_of(self, service_id: str) -> str:
        found = self.meant.get(("service", service_id))
        return found.text if found else service_id


def model_of(valid: ValidModel, view: RenderView) -> Model:
    from archgen.render.brief import build_outline

    order = tuple(_meant(valid, view))
    outline = build_outline(view)
    headed = frozenset(g.id for g in view.groups if f"group-{g.id}" in outline)
    meant = {(m.kind, m.key): m for m in order}
    drawn = overview(view)
    collapsed = None
    if drawn is not view:
        shown = tuple(_overview_meant(valid, meant, drawn))
        collapsed = Model(valid.file, drawn, {(m.kind, m.key): m for m in shown}, shown)
    return Model(valid.file, view, meant, order, headed, collapsed)


def _overview_meant(
    valid: ValidModel, meant: dict[tuple[Kind, str], Meant], drawn: RenderView
) -> Iterator[Meant]:
    """What the overview of a big model draws: the groups it keeps, the services outside the
    collapsed groups, a node for each collapsed group and the lines between them (no flows:
    their steps are drawn as lines labelled with their numbers)."""
    index = {group.id: number for number, group in enumerate(valid.model.groups)}

    def group_line(group_id: str | None) -> int:
        if group_id is None:
            return 0
        return valid.document.position(("groups", index[group_id], "label")).line

    for group in drawn.groups:
        yield meant[("group", group.id)]
    lines: dict[str, int] = {}
    for service in drawn.services:
        if ("service", service.id) in meant:
            yield meant[("service", service.id)]
            lines[service.id] = meant[("service", service.id)].line
            continue
        group_id = service.id.removesuffix(NODE_SUFFIX)
        lines[service.id] = group_line(group_id)
        yield Meant("service", service.id, words(service.service.name), lines[service.id],
                    "collapses it into", inside=service.group_id or "",
                    inside_line=group_line(service.group_id))  # fmt: skip
    for number, link in enumerate(drawn.links, start=1):
        yield Meant("link", str(number), words(link.label or ""), lines[link.source],
                    "aggregates it as", ends=(link.source, link.target))  # fmt: skip


def _meant(valid: ValidModel, view: RenderView) -> Iterator[Meant]:
    model = valid.model

    def line(*path: str | int) -> int:
        return valid.document.position(path).line

    for index, group in enumerate(model.groups):
        yield Meant("group", group.id, words(group.label), line("groups", index, "label"),
                    "labels it")  # fmt: skip
    for index, service in enumerate(model.services):
        where = line("services", index, "name")
        put = line("services", index, "group") if service.group else where
        yield Meant("service", service.id, words(service.name), where, "names it",
                    inside=service.group or "", inside_line=put)  # fmt: skip
    yield from _flows(valid, view)
    for index, link in enumerate(model.links):
        where = line("links", index, "label" if link.label else "from")
        yield Meant("link", str(index + 1), words(link.label or ""), where, "labels it",
                    ends=(link.source, link.target))  # fmt: skip
    for index, requirement in enumerate(model.requirements):
        where = line("requirements", index, "title")
        yield Meant("requirement", requirement.id, words(requirement.title), where, "titles it")
    for index, tradeoff in enumerate(model.tradeoffs):
        where = line("tradeoffs", index, "title")
        yield Meant("tradeoff", tradeoff.id, words(tradeoff.title), where, "titles it")


def _flows(valid: ValidModel, view: RenderView) -> Iterator[Meant]:
    position = valid.document.position
    for index, flow in enumerate(view.flows):
        numbers = [step.number for step in flow.steps]
        span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
        where = position(("flows", index, "name")).line
        yield Meant("flow", flow.id, words(flow.name), where, "names it", extra=span)
        for step_index, step in enumerate(flow.steps):
            where = position(("flows", index, "steps", step_index, "label")).line
            yield Meant("step", str(step.number), words(step.label), where, "labels it",
                        ends=(step.source, step.target))  # fmt: skip
