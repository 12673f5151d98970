-- Claim rows carry the tone stage's alarm score of the claim's own
-- sentences (the highest, when a quote spans several), so the rhetoric
-- index can count a story as alarmist from its sirens and shouting as well
-- as from its move words. Same view as v1 plus that column.
DROP VIEW v_claims;
CREATE VIEW v_claims AS
SELECT
    c.id, c.article_id,
    a.url, a.title, a.published, a.site,
    a.tone_label, a.tone_score,
    c.holder, c.kind, c.direction, c.level_usd_bn, c.change_usd_bn, c.change_pct,
    c.period, c.base_period, c.since, c.rank, c.bound,
    c.quote, c.start_byte, c.end_byte, c.speaker, c.hedged,
    c.level_half_unit, c.change_half_unit, c.pct_half_unit, c.approx,
    c.verdict, c.source, c.note, c.figures_json,
    COALESCE((SELECT MAX(s.alarm) FROM sentence_tone AS s
              WHERE s.article_id = c.article_id
                AND s.start_byte < c.end_byte AND s.end_byte > c.start_byte), 0.0) AS sentence_alarm
FROM claims AS c
JOIN articles AS a ON a.id = c.article_id;

-- The tone model's embedding of each article's title and lead (little-endian
-- f32s; NULL from the lexicon build), which groups syndicated copies of one
-- story in the rhetoric index.
ALTER TABLE articles ADD COLUMN story_vector BLOB;
