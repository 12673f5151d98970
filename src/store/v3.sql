-- Which version of each stage derived a row, so reprocessing can be audited:
-- after `claimscope reprocess` every row carries the versions that made it.
ALTER TABLE articles ADD COLUMN extract_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE claims ADD COLUMN tagger_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE claims ADD COLUMN verify_version TEXT NOT NULL DEFAULT 'unknown';
