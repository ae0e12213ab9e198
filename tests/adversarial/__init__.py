"""Adversarial cases: every hostile or broken input ends the same way (exit status, a located
message, no traceback, outputs untouched, nothing written outside the output folder)."""
