"""Write rendered outputs into the output folder, all or nothing."""

from archgen.write.atomic import write_outputs

__all__ = ["write_outputs"]
