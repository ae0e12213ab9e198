"""archgen: one YAML model of an architecture renders its diagram and its project brief."""

__version__ = "0.1.0"
