"""report: exports (JSON, JSONL, CSV, Parquet) and the static HTML report."""
