"""ingest: find input files and read them into raw documents (decoded text, never bytes).

Readers know formats (.txt, .html/.htm/.html.gz, .jsonl, .warc/.warc.gz);
they do not clean. Every problem becomes a ``Skipped`` with a one-line reason.
"""

from retold.ingest.decode import MAX_BYTES, decode_bytes
from retold.ingest.readers import RawDocument, article_id_for_path, expand_paths, read_inputs, read_path

__all__ = [
    "MAX_BYTES", "RawDocument", "article_id_for_path", "decode_bytes", "expand_paths",
    "read_inputs", "read_path",
]
