"""The files of a new project: a short commented arch.yaml, its JSON Schema, a .gitignore."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from archgen.model.jsonschema import render_json_schema
from archgen.problems import ArchgenError

SCHEMA_PATH = "schema/arch.schema.json"

STARTER_MODEL = """\
# yaml-language-server: $schema=./schema/arch.schema.json
# An architecture model for archgen. The line above gives your editor autocomplete and
# hover help. Check it with `archgen validate`, render it with `archgen render`, and
# find icons with `archgen icons <words>` (e.g. `archgen icons load balancer`).

project:
  title: My web application
  authors: [Your Name]
  date: 2026-01-15
  summary: >
    A small web application: visitors reach a serverless API that stores their data
    in a managed database. Say here what you build, for whom, and why.

requirements:
  - id: availability
    title: High availability
    description: The application keeps working when a server or a zone fails.
  - id: security
    title: Security
    description: Only the application can read and write its data.

groups:
  - id: backend
    label: Backend
    description: Where requests are handled and data is kept.

services:
  - id: visitors
    name: Visitors
    icon: onprem.client.Users
    does: People using the application in their browser.
    why: They are the reason the system exists.
    serves:
      availability: They notice at once when the application is down.
  - id: api
    name: API
    icon: aws.compute.Lambda
    group: backend
    does: Runs the application code for each request.
    why: No servers to manage; it scales with the number of visitors.
    analogy: A kitchen that only lights the stove when an order comes in.
    serves:
      availability: Runs in several availability zones without any set-up.
  - id: database
    name: Database
    icon: aws.database.Dynamodb
    group: backend
    does: Keeps the application's data.
    why: A managed database with no capacity planning for a small project.
    serves:
      availability: Replicates every write across three availability zones.
      security: Encrypts all data at rest by default.

flows:
  - id: save-data
    name: Save data
    steps:   # numbered 1, 2 … on the diagram and in the brief
      - {from: visitors, to: api, label: POST /items}
      - {from: api, to: database, label: write item}

# Optional: a look back at the project work, with your team and their roles (the brief gives
# it a chapter of its own). Remove the `#` signs to use it.
# reflection:
#   text: >
#     How the work went, what you researched, and how you managed your time.
#   team:
#     - {name: Your Name, role: Diagram and flows, contribution: Drew the diagram.}
"""

GITIGNORE = """\
# archgen writes through hidden temporary files; a render that was interrupted may leave one.
output/.*.tmp
"""


def create_project(directory: Path) -> list[str]:
    """Write the starter files that do not exist yet; returns one line per file for the user."""
    files: dict[str, Callable[[], str]] = {
        "arch.yaml": lambda: STARTER_MODEL,
        SCHEMA_PATH: render_json_schema,
        ".gitignore": lambda: GITIGNORE,
    }
    lines = []
    for name, content in files.items():
        lines.append(_create_file(directory / name, content, name))
    enter = "" if directory in (Path(), Path(".")) else f"cd {shlex.quote(str(directory))} && "
    lines.append(f"next: {enter}archgen validate && archgen render")
    return lines


def _create_file(path: Path, content: Callable[[], str], name: str) -> str:
    if path.exists() or path.is_symlink():
        return f"left alone: {name} (it already exists)"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(content())
    except OSError as error:
        raise ArchgenError(f"cannot create {path}: {error.strerror or error}") from None
    return f"created: {name}"
