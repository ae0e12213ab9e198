"""Reference loops between resources: CloudFormation and Terraform refuse them, and so does
`archgen import` (AG504), naming the loop at the first resource in it."""

from __future__ import annotations

from archgen.imports import codes
from archgen.imports.found import Found


def check_cycles(found: Found) -> None:
    """Raise AG504 for the first reference loop, in source order; iterative (no recursion)."""
    graph = {r.key: [ref for ref in r.refs if ref != r.key] for r in found.resources}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in graph:
        if start in state:
            continue
        path, stack = [start], [iter(graph[start])]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                _raise_cycle(found, [*path[path.index(nxt) :], nxt])
            elif nxt not in state and nxt in graph:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph[nxt]))


def _raise_cycle(found: Found, loop: list[str]) -> None:
    by_key = found.by_key()
    first = by_key[loop[0]]
    shown = " → ".join(f"'{key}'" for key in loop[:8]) + (" → …" if len(loop) > 8 else "")
    raise codes.fail_at(
        found.shown_file(first),
        first.line,
        first.column,
        codes.REFERENCE_CYCLE,
        f"resources reference each other in a loop: {shown}",
        "break the loop (e.g. move a security-group rule into its own resource); "
        "no tool can create these resources in any order",
    )
