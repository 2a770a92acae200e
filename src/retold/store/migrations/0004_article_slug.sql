-- Version 4: a wire take's catchline as the agency sent it ("COURTS Dancer"), NULL for
-- everything else (see retold.clean.wrapped); stories join the takes of one wire story.
ALTER TABLE articles ADD COLUMN slug TEXT;
