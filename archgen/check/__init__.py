"""`archgen check`: are the outputs in output/ what the model renders today?"""

from archgen.check.freshness import CheckResult, Finding, run_check

__all__ = ["CheckResult", "Finding", "run_check"]
