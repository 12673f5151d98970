-- claimscope schema on PostgreSQL, version 2: SQLite's v5.sql, the claim's
-- trend-intensity grade (NULL without a move word, and for rows stored
-- before this version until `claimscope reprocess`).
ALTER TABLE claims ADD COLUMN intensity TEXT COLLATE "C"
    CHECK (intensity IN ('gradual', 'steady', 'heavy', 'flight'));

-- Same view as version 1 plus that column, in SQLite's column order.
DROP VIEW v_claims;
CREATE VIEW v_claims AS
SELECT
    c.id, c.article_id,
    a.url, a.title, a.published, a.site,
    a.tone_label, a.tone_score,
    c.holder, c.kind, c.direction, c.level_usd_bn, c.change_usd_bn, c.change_pct,
    c.period, c.base_period, c.since, c.rank, c.bound,
    c.quote, c.start_byte, c.end_byte, c.speaker, c.hedged,
    c.level_half_unit, c.change_half_unit, c.pct_half_unit, c.approx, c.intensity,
    c.verdict, c.source, c.note, c.figures_json,
    COALESCE((SELECT MAX(s.alarm) FROM sentence_tone AS s
              WHERE s.article_id = c.article_id
                AND s.start_byte < c.end_byte AND s.end_byte > c.start_byte), 0.0) AS sentence_alarm
FROM claims AS c
JOIN articles AS a ON a.id = c.article_id;
