"""coverage stage: for each story, the units of content every outlet shares, adds and leaves out."""

from retold.coverage.compare import compare_coverage, outlet_view

__all__ = ["compare_coverage", "outlet_view"]
