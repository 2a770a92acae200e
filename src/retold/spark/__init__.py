"""retold on Apache Spark: the same stages, distributed (issue 9)."""
