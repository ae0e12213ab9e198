"""Write rendered outputs into the output folder, all or nothing."""

from archgen.write.atomic import write_outputs
from archgen.write.folder import check_output_folder

__all__ = ["check_output_folder", "write_outputs"]
