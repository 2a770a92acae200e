-- Version 3: a quote is stored whole; its pieces (sentences or quoted stretches, each with
-- its cluster) are a JSON list [{"span": [start, end], "text", "cluster"}].
ALTER TABLE quotes ADD COLUMN pieces TEXT NOT NULL DEFAULT '[]';
