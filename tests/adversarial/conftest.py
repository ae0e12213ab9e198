"""The harness's fixtures, for every module of the adversarial suite."""

from tests.adversarial.harness import good_render, project

__all__ = ["good_render", "project"]
