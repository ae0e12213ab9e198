"""Renderers: the resolved view → diagram and brief bytes; they never write files."""
