"""`archgen init`: a starter project that validates clean and overwrites nothing."""

from archgen.init.starter import create_project

__all__ = ["create_project"]
