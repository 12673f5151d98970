//! Store tests on real databases: SQLite in memory, and in a temporary file
//! where reopening, WAL and locking matter; and a real PostgreSQL server
//! (the one `scripts/test` starts), where every test that holds for either
//! engine runs again in a fresh schema (see `on_both_engines!`). Values are
//! built by hand, so these tests depend on no other stage's logic.

use chrono::{NaiveDate, TimeZone};

use super::backend::Dialect;
use super::query::fts_literal;
use super::*;
use crate::claims::{Bound, Claim, ClaimKind, Intensity};
use crate::holdings::{Measure, Series, Unit};
use crate::tone::{SentenceTone, Tone, ToneLabel};
use crate::verify::{Check, Verdict};
use crate::gazetteer::Holder;
use crate::units::{Direction, Period, Since, UsdBillions};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn month(s: &str) -> Period {
    s.parse().unwrap()
}

fn page(key: &str) -> Page {
    Page {
        url: key.to_string(),
        final_url: format!("{key}?final"),
        status: 200,
        fetched_at: Utc.with_ymd_and_hms(2026, 1, 22, 9, 30, 0).unwrap(),
        content_type: Some("text/html; charset=utf-8".to_string()),
        bytes: format!("<html><body>{key}</body></html>").into_bytes(),
    }
}

fn article(key: &str, site: &str, published: &str, text: &str) -> Article {
    Article {
        url: key.to_string(),
        canonical_url: Some(key.to_string()),
        title: Some(format!("Holdings report from {site}")),
        published: Some(date(published)),
        published_month: None,
        author: Some("A. Writer".to_string()),
        site: Some(site.to_string()),
        lang: Some("en".to_string()),
        text: text.to_string(),
    }
}

fn tone(label: ToneLabel, score: f64) -> ArticleTone {
    let t = Tone { label, score, alarm: 0.4, dismissive: 0.0, hedging: 0.1, sarcasm: 0.0, model: "lexicon-1".to_string() };
    ArticleTone {
        overall: t.clone(),
        sentences: vec![SentenceTone { start: 0, end: 10, tone: t.clone() }, SentenceTone { start: 11, end: 20, tone: t }],
        story: None,
    }
}

fn figure(holder: &str, m: &str, value: f64, vintage: &str) -> Figure {
    Figure {
        series: Series::MajorForeignHolders,
        measure: Measure::TotalTreasuries,
        holder: Holder::named(holder),
        month: month(m),
        value: UsdBillions(value),
        unit: Unit::Billions,
        vintage: date(vintage),
    }
}

/// A claim with every optional field set, so round trips cover each column.
fn claim(holder: &str, kind: ClaimKind, verdict: Verdict, quote: &str) -> CheckedClaim {
    CheckedClaim {
        claim: Claim {
            holder: Holder::named(holder),
            kind,
            direction: Some(Direction::Down),
            level_usd_bn: Some(UsdBillions(682.6)),
            change_usd_bn: Some(UsdBillions(-6.1)),
            change_pct: Some(-0.9),
            period: Some(month("2025-11")),
            base_period: Some(month("2025-10")),
            since: Some(Since::Year(2008)),
            rank: Some(2),
            bound: Some(Bound::Over),
            quote: quote.to_string(),
            start: 3,
            end: 3 + quote.len(),
            speaker: Some("the U.S. Treasury".to_string()),
            hedged: true,
            level_half_unit: Some(UsdBillions(0.05)),
            change_half_unit: None,
            pct_half_unit: Some(0.5),
            approx: true,
            intensity: Some(Intensity::Heavy),
        },
        check: Check {
            verdict,
            figures: vec![figure(holder, "2025-11", 682.6, "2026-01-15"), figure(holder, "2025-10", 688.7, "2026-01-15")],
            source: "MFH, vintage 2026-01-15".to_string(),
            note: "level within tolerance 0.05 of 682.6".to_string(),
        },
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn.borrow_mut().query_value(&format!("SELECT COUNT(*) FROM {table}"), &[]).unwrap()
}

/// The first row of a query, as `f` reads it, on either engine.
fn first_row<T>(store: &Store, sql: &str, f: impl FnMut(&Row<'_>) -> Result<T, DbError>) -> T {
    store.conn.borrow_mut().query_opt(sql, &[], f).unwrap().expect("a row")
}

fn dialect(store: &Store) -> Dialect {
    store.conn.borrow().dialect()
}

fn sqlite(store: &Store) -> std::cell::Ref<'_, Connection> {
    std::cell::Ref::map(store.conn.borrow(), |c| match c {
        Conn::Sqlite(c) => c,
        Conn::Postgres(_) => panic!("a SQLite test got a PostgreSQL store"),
    })
}

fn user_version(store: &Store) -> i64 {
    sqlite(store).pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

/// Two articles from two sites with three claims, for the query tests.
fn two_articles(store: &mut Store) {
    store
        .save_article(
            &page("https://a.example/exodus"),
            &article("https://a.example/exodus", "a.example", "2026-01-22",
                "China's holdings fell, the U.S. Treasury's data show. Japan stayed first."),
            &tone(ToneLabel::Negative, -0.6),
            &[
                claim("China", ClaimKind::Level, Verdict::Consistent,
                    "China's holdings fell to $682.6 billion, the U.S. Treasury's data show."),
                claim("Japan", ClaimKind::Rank, Verdict::Inconsistent, "Japan stayed the largest holder."),
            ],
        )
        .unwrap();
    store
        .save_article(
            &page("https://b.example/calm"),
            &article("https://b.example/calm", "b.example", "2025-06-02", "Britain added bills quietly."),
            &tone(ToneLabel::Neutral, 0.0),
            &[claim("Britain", ClaimKind::Trend, Verdict::NotCheckable, "Britain added bills quietly.")],
        )
        .unwrap();
}

fn holders(rows: &[ClaimRow]) -> Vec<&str> {
    rows.iter().map(|r| r.claim.claim.holder.name()).collect()
}

#[test]
fn migrations_are_valid() {
    MIGRATIONS.validate().unwrap();
}

#[test]
fn fresh_file_gets_the_schema_and_reopening_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), STEPS.len() as i64);
    let mode: String = sqlite(&store).pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlite(&store).pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let schema_objects = count(&store, "sqlite_schema");
    store.enqueue(&["https://a.example/x".to_string()]).unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), STEPS.len() as i64);
    assert_eq!(count(&store, "sqlite_schema"), schema_objects);
    assert_eq!(count(&store, "sources"), 1, "data survives reopening");
}

fn story_vectors_round_trip_exactly(store: &mut Store) {
    let (a, b) = ("https://a.example/one", "https://b.example/two");
    let story = vec![0.25, -1.5, f32::MIN_POSITIVE, 3.0e-7];
    let with = ArticleTone { story: Some(story.clone()), ..tone(ToneLabel::Neutral, 0.0) };
    store.save_article(&page(a), &article(a, "a.example", "2026-01-22", "One."), &with, &[]).unwrap();
    store.save_article(&page(b), &article(b, "b.example", "2026-01-22", "Two."), &tone(ToneLabel::Neutral, 0.0), &[]).unwrap();
    let c = "https://c.example/three";
    let derived = Derived { article: &article(c, "c.example", "2026-01-22", "Three."), tone: &with, claims: &[] };
    assert_eq!(store.save_page(&page(c), &Validators::default(), Some(derived)).unwrap(), Saved::Stored);
    let vectors = store.story_vectors().unwrap();
    assert_eq!(vectors.len(), 2, "articles without a vector are left out");
    assert_eq!((&vectors[a], &vectors[c]), (&story, &story));
    // Saving again without a vector (a lexicon reprocess) clears it.
    store.save_article(&page(a), &article(a, "a.example", "2026-01-22", "One."), &tone(ToneLabel::Neutral, 0.0), &[]).unwrap();
    assert_eq!(store.story_vectors().unwrap().len(), 1);
}

fn saving_an_article_twice_duplicates_nothing(store: &mut Store) {
    let key = "https://a.example/exodus";
    let claims = [
        claim("China", ClaimKind::Level, Verdict::Consistent, "China fell to $682.6 billion."),
        claim("Japan", ClaimKind::Rank, Verdict::Consistent, "Japan is the largest holder."),
    ];
    let art = article(key, "a.example", "2026-01-22", "China fell to $682.6 billion. Japan is the largest holder.");
    let first = store.save_article(&page(key), &art, &tone(ToneLabel::Negative, -0.5), &claims).unwrap();
    let second = store.save_article(&page(key), &art, &tone(ToneLabel::Negative, -0.5), &claims).unwrap();
    assert_eq!(first, second, "the article keeps its id");
    for (table, want) in [("sources", 1), ("pages", 1), ("articles", 1), ("sentence_tone", 2), ("claims", 2)] {
        assert_eq!(count(store, table), want, "{table}");
    }
    if dialect(store) == Dialect::Sqlite {
        // The FTS indexes hold no stale rows for the replaced claims or article.
        let conn = sqlite(store);
        for fts in ["claims_fts", "articles_fts"] {
            conn.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('integrity-check')"), []).unwrap();
        }
        let hits: i64 =
            conn.query_row("SELECT COUNT(*) FROM claims_fts WHERE claims_fts MATCH 'largest'", [], |r| r.get(0)).unwrap();
        assert_eq!(hits, 1);
    }
    let largest = ClaimQuery { search: Some("largest".to_string()), ..ClaimQuery::default() };
    // Found in one quote and, through the article's text, in both: each claim once.
    assert_eq!(holders(&store.query_claims(&largest).unwrap()), ["China", "Japan"]);
    let attempts: i64 = first_row(store, "SELECT attempts FROM sources", |r| r.get(0));
    assert_eq!(attempts, 2);
}

fn a_batch_keeps_all_its_writes_or_none(store: &mut Store) {
    let key = "https://a.example/exodus";
    let art = article(key, "a.example", "2026-01-22", "China fell to $682.6 billion.");
    let claims = [claim("China", ClaimKind::Level, Verdict::Consistent, "China fell to $682.6 billion.")];
    let failed: Result<(), StoreError> = store.batch(|store| {
        store.save_page(&page(key), &Validators::default(), None)?;
        store.save_article(&page(key), &art, &tone(ToneLabel::Negative, -0.5), &claims)?;
        // A write that fails after the others: the whole batch goes.
        store.conn.get_mut().execute("INSERT INTO no_such_table VALUES (1)", &[]).map_err(|e| StoreError::sql("test", e))?;
        Ok(())
    });
    assert!(failed.is_err());
    for table in ["sources", "pages", "articles", "claims"] {
        assert_eq!(count(store, table), 0, "{table} after a rolled-back batch");
    }

    let saved: Result<Saved, StoreError> = store.batch(|store| {
        let saved = store.save_page(&page(key), &Validators::default(), None)?;
        store.save_article(&page(key), &art, &tone(ToneLabel::Negative, -0.5), &claims)?;
        Ok(saved)
    });
    assert_eq!(saved.unwrap(), Saved::Fetched);
    for table in ["sources", "pages", "articles", "claims"] {
        assert_eq!(count(store, table), 1, "{table} after a committed batch");
    }
    if dialect(store) == Dialect::Sqlite {
        assert_eq!(count(store, "claims_fts"), 1);
    }
    let (state, attempts): (String, i64) =
        first_row(store, "SELECT state, attempts FROM sources", |r| Ok((r.get(0)?, r.get(1)?)));
    assert_eq!((state.as_str(), attempts), ("stored", 1), "save_article after save_page counts one attempt");
    assert!(!store.conn.borrow().in_transaction(), "the batch's transaction is closed");
}

fn a_page_saved_with_its_article_is_stored_in_one_step(store: &mut Store) {
    let key = "https://a.example/exodus";
    let art = article(key, "a.example", "2026-01-22", "China fell to $682.6 billion.");
    let t = tone(ToneLabel::Negative, -0.5);
    let old = [claim("China", ClaimKind::Level, Verdict::Consistent, "China fell to $682.6 billion.")];
    let derived = Derived { article: &art, tone: &t, claims: &old };
    assert_eq!(store.save_page(&page(key), &Validators::default(), Some(derived)).unwrap(), Saved::Stored);
    let state = |store: &Store| -> (String, i64) {
        first_row(store, "SELECT state, attempts FROM sources", |r| Ok((r.get(0)?, r.get(1)?)))
    };
    assert_eq!(state(store), ("stored".to_string(), 1), "one attempt, as save_page then save_article count");
    assert_eq!(holders(&store.query_claims(&ClaimQuery::default()).unwrap()), ["China"]);
    assert_eq!(count(store, "sentence_tone"), 2);

    // The same body again: nothing is derived anew.
    let new = [claim("Japan", ClaimKind::Trend, Verdict::Inconsistent, "Japan sold.")];
    let again = Derived { claims: &new, ..derived };
    assert_eq!(store.save_page(&page(key), &Validators::default(), Some(again)).unwrap(), Saved::Unchanged);
    assert_eq!(holders(&store.query_claims(&ClaimQuery::default()).unwrap()), ["China"]);

    // Another key with the same body is its duplicate, with nothing derived.
    let copy = Page { url: "https://b.example/copy".to_string(), ..page(key) };
    assert_eq!(
        store.save_page(&copy, &Validators::default(), Some(again)).unwrap(),
        Saved::DuplicateOf(key.to_string())
    );
    assert_eq!((count(store, "pages"), count(store, "articles"), count(store, "claims")), (1, 1, 1));

    // A changed body replaces the article's rows rather than adding to them.
    let changed = Page { bytes: b"<html><body>changed</body></html>".to_vec(), ..page(key) };
    assert_eq!(store.save_page(&changed, &Validators::default(), Some(again)).unwrap(), Saved::Stored);
    assert_eq!(holders(&store.query_claims(&ClaimQuery::default()).unwrap()), ["Japan"]);
    assert_eq!((count(store, "articles"), count(store, "sentence_tone")), (1, 2));
    let stored: (String, i64) =
        first_row(store, &format!("SELECT state, attempts FROM sources WHERE key = '{key}'"), |r| Ok((r.get(0)?, r.get(1)?)));
    assert_eq!(stored, ("stored".to_string(), 3));
}

fn a_changed_article_replaces_its_claims(store: &mut Store) {
    let key = "https://a.example/exodus";
    let art = article(key, "a.example", "2026-01-22", "China fell.");
    let t = tone(ToneLabel::Negative, -0.5);
    store.save_article(&page(key), &art, &t, &[claim("China", ClaimKind::Level, Verdict::Consistent, "old quote")]).unwrap();
    store.save_article(&page(key), &art, &t, &[claim("Japan", ClaimKind::Trend, Verdict::Inconsistent, "new quote")]).unwrap();
    let rows = store.query_claims(&ClaimQuery::default()).unwrap();
    assert_eq!(holders(&rows), ["Japan"]);
    let old = ClaimQuery { search: Some("old".to_string()), ..ClaimQuery::default() };
    assert!(store.query_claims(&old).unwrap().is_empty());
}

fn stored_claims_read_back_unchanged(store: &mut Store) {
    let key = "https://a.example/exodus";
    let art = article(key, "a.example", "2026-01-22", "China fell to $682.6 billion.");
    let mut minimal = claim("AkademikerPension", ClaimKind::Intent, Verdict::NotCheckable, "will fully divest");
    minimal.claim = Claim {
        direction: None, level_usd_bn: None, change_usd_bn: None, change_pct: None, period: None,
        base_period: None, since: None, rank: None, bound: None, speaker: None, hedged: false,
        level_half_unit: None, change_half_unit: None, pct_half_unit: None, approx: false, intensity: None,
        ..minimal.claim
    };
    minimal.check.figures.clear();
    let mut by_month = claim("China", ClaimKind::Extremum, Verdict::Exaggerated, "lowest since April 2022");
    by_month.claim.since = Some(Since::Month(month("2022-04")));
    let claims = vec![claim("China", ClaimKind::Level, Verdict::Consistent, "China fell to $682.6 billion."), minimal, by_month];
    let t = tone(ToneLabel::Negative, -0.5);
    store.save_article(&page(key), &art, &t, &claims).unwrap();
    // The same through ingest's one step (on PostgreSQL, one statement
    // with a column's values as an array), under another site.
    let other = "https://b.example/exodus";
    let derived = Derived { article: &article(other, "b.example", "2026-01-22", "China fell to $682.6 billion."), tone: &t, claims: &claims };
    assert_eq!(store.save_page(&page(other), &Validators::default(), Some(derived)).unwrap(), Saved::Stored);

    for (key, site) in [(key, "a.example"), (other, "b.example")] {
        let rows = store.query_claims(&ClaimQuery { site: Some(site.to_string()), ..ClaimQuery::default() }).unwrap();
        let got: Vec<CheckedClaim> = rows.iter().map(|r| r.claim.clone()).collect();
        assert_eq!(got, claims, "{site}");
        let row = &rows[0];
        assert_eq!((row.url.as_str(), row.site.as_deref()), (key, Some(site)));
        assert_eq!(row.published, Some(date("2026-01-22")));
        assert_eq!((row.tone_label, row.tone_score), (ToneLabel::Negative, -0.5));
    }
    let tones = |site: &str| -> Vec<(i64, i64, String, f64, f64, String)> {
        store
            .read(|conn| {
                conn.query(
                    "SELECT s.start_byte, s.end_byte, s.label, s.alarm, s.hedging, s.model
                     FROM sentence_tone AS s JOIN articles AS a ON a.id = s.article_id WHERE a.site = ?1 ORDER BY s.id",
                    params![site],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                )
            })
            .unwrap()
    };
    assert_eq!(tones("b.example"), tones("a.example"));
    assert_eq!(tones("a.example").len(), 2);
}

fn failure_then_success(store: &mut Store) {
    let key = "https://a.example/flaky";
    assert_eq!(store.enqueue(&[key.to_string(), "https://a.example/other".to_string()]).unwrap(), 2);
    let state = |store: &Store, key: &str| store.queue_entry(key).unwrap().map(|e| e.state);
    assert_eq!(state(&store, key), Some(SourceState::Pending));
    assert_eq!(state(&store, "https://never.example/"), None);

    let message = "https://a.example/flaky: HTTP 503; try again later";
    store.record_attempt(key, &Failure { reason: None, status: None, message, retry_at: None }).unwrap();
    assert_eq!(store.enqueue(&[key.to_string()]).unwrap(), 0, "enqueue does not reset a failed source");
    assert_eq!(state(&store, key), Some(SourceState::Failed));
    let summary = store.summary().unwrap();
    assert_eq!(summary.pending, 1);
    assert_eq!(summary.failed.len(), 1);
    assert_eq!(summary.failed[0].key, key);
    assert_eq!(summary.failed[0].attempts, 1);
    assert!(summary.failed[0].reason.contains("HTTP 503"));

    let art = article(key, "a.example", "2026-01-22", "Japan rose.");
    store.save_article(&page(key), &art, &tone(ToneLabel::Positive, 0.3), &[]).unwrap();
    assert_eq!(state(&store, key), Some(SourceState::Stored));
    let summary = store.summary().unwrap();
    assert!(summary.failed.is_empty());
    assert_eq!(summary.pages_stored, 1);
    assert_eq!(count(store, "failures"), 1, "the failure log keeps the history");
}

fn queue_entries_read_many_keys_at_once(store: &mut Store) {
    // More keys than one statement reads, a failed one among them.
    let keys: Vec<String> = (0..1100).map(|n| format!("https://a.example/{n}")).collect();
    assert_eq!(store.enqueue(&keys).unwrap(), keys.len());
    let failed = &keys[700];
    store.record_attempt(failed, &Failure { reason: None, status: Some(500), message: "HTTP 500", retry_at: None }).unwrap();
    let asked: Vec<String> = keys.iter().cloned().chain(["https://never.example/".to_string()]).collect();
    let entries = store.queue_entries(&asked).unwrap();
    assert_eq!(entries.len(), keys.len(), "a key never enqueued has no entry");
    for key in &keys {
        assert_eq!(entries.get(key), store.queue_entry(key).unwrap().as_ref(), "{key}");
    }
    assert_eq!((entries[failed].state, entries[failed].attempts), (SourceState::Failed, 1));
}

fn query_by_each_filter(store: &mut Store) {
    two_articles(store);
    let q = |f: fn(&mut ClaimQuery)| {
        let mut q = ClaimQuery::default();
        f(&mut q);
        store.query_claims(&q).unwrap()
    };
    assert_eq!(holders(&q(|_| {})), ["China", "Japan", "United Kingdom"], "newest article first");
    assert_eq!(holders(&q(|q| q.holder = Some(Holder::named("UK")))), ["United Kingdom"]);
    assert_eq!(holders(&q(|q| q.kind = Some(ClaimKind::Rank))), ["Japan"]);
    assert_eq!(holders(&q(|q| q.verdict = Some(Verdict::NotCheckable))), ["United Kingdom"]);
    assert_eq!(holders(&q(|q| q.site = Some("a.example".to_string()))), ["China", "Japan"]);
    assert_eq!(holders(&q(|q| q.from = Some(date("2026-01-22")))), ["China", "Japan"], "from is inclusive");
    assert_eq!(holders(&q(|q| q.to = Some(date("2025-06-02")))), ["United Kingdom"], "to is inclusive");
    assert!(q(|q| {
        q.from = Some(date("2025-06-03"));
        q.to = Some(date("2026-01-21"));
    })
    .is_empty());
    assert_eq!(holders(&q(|q| q.limit = Some(1))), ["China"]);
    assert_eq!(
        holders(&q(|q| {
            q.site = Some("a.example".to_string());
            q.verdict = Some(Verdict::Consistent);
            q.holder = Some(Holder::named("Chinese"));
        })),
        ["China"]
    );
}

fn search_takes_punctuation_literally(store: &mut Store) {
    two_articles(store);
    let search = |s: &str| {
        store.query_claims(&ClaimQuery { search: Some(s.to_string()), ..ClaimQuery::default() }).unwrap()
    };
    // In the China quote and, through the article text, every claim of that article.
    assert_eq!(holders(&search("U.S. Treasury's")), ["China", "Japan"]);
    assert_eq!(holders(&search("quietly")), ["United Kingdom"]);
    assert_eq!(holders(&search("Holdings report")), ["China", "Japan", "United Kingdom"], "titles are searched");
    for odd in ["\"unbalanced", "NEAR(China", "China*", "a - b", "col:umn", "AND OR NOT", "^start", "(", "'"] {
        let q = ClaimQuery { search: Some(odd.to_string()), ..ClaimQuery::default() };
        store.query_claims(&q).unwrap_or_else(|e| panic!("{odd:?}: {e}"));
    }
    assert!(search("???").is_empty(), "nothing searchable matches nothing");
}

fn holdings_are_idempotent_and_keep_revisions(store: &mut Store) {
    let figures = vec![
        figure("China", "2025-10", 688.7, "2025-12-16"),
        figure("China", "2025-11", 682.6, "2026-01-15"),
        figure("Japan", "2025-11", 1202.6, "2026-01-15"),
        Figure {
            series: Series::SltTable1,
            measure: Measure::LongTermTreasuries,
            unit: Unit::Millions,
            ..figure("Denmark", "2025-11", 9.1, "2026-01-15")
        },
    ];
    assert_eq!(store.save_holdings(&figures).unwrap(), 4);
    assert_eq!(store.save_holdings(&figures).unwrap(), 0);
    assert_eq!(count(store, "holdings"), 4);

    // A revision of October is kept beside the first release.
    let revised = figure("China", "2025-10", 689.0, "2026-01-15");
    assert_eq!(store.save_holdings(std::slice::from_ref(&revised)).unwrap(), 1);
    assert_eq!(count(store, "holdings"), 5);

    // Checks see every vintage: the first release of October and its revision.
    let vintages = store.holdings_vintages().unwrap();
    assert_eq!(vintages.len(), 5);
    assert_eq!(vintages[..2], [figures[0].clone(), revised]);
}

#[test]
fn a_locked_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let short = Duration::from_millis(50);

    // Opening a file another process holds exclusively.
    let path = dir.path().join("claims.db");
    let other = Connection::open(&path).unwrap();
    other.execute_batch("CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);").unwrap();
    let err = Store::open_with_timeout(&path, short).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{}: database is locked by another process; wait for it or use another --db", path.display())
    );
    drop(other);

    // Writing while another process holds the write lock of an open store.
    let mut store = Store::open_with_timeout(&path, short).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE; INSERT INTO t VALUES (2);").unwrap();
    let err = store.enqueue(&["https://a.example/".to_string()]).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.enqueue(&["https://a.example/".to_string()]).unwrap(), 1, "works once the lock is gone");
}

#[test]
fn a_file_that_is_not_a_database_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "this is not an SQLite file, just some text that is long enough to have a header").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!("{}: cannot open the database", path.display())), "{err}");
}

fn views_exist_and_select(store: &mut Store) {
    two_articles(store);
    let (holder, title): (String, String) =
        first_row(store, "SELECT holder, title FROM v_claims WHERE site = 'b.example'", |r| Ok((r.get(0)?, r.get(1)?)));
    assert_eq!((holder.as_str(), title.as_str()), ("United Kingdom", "Holdings report from b.example"));

    let summary = store.summary().unwrap();
    assert_eq!(summary.pages_stored, 2);
    let china = summary.holders.iter().find(|h| h.holder.name() == "China").unwrap();
    assert_eq!(
        (china.claims, china.articles, china.consistent, china.inconsistent, china.exaggerated, china.not_checkable),
        (1, 1, 1, 0, 0, 0)
    );
    assert_eq!(summary.holders.len(), 3);
    let uk = summary.holders.iter().find(|h| h.holder.name() == "United Kingdom").unwrap();
    assert_eq!(uk.not_checkable, 1);
}

fn pages_come_back_for_reprocessing(store: &mut Store) {
    two_articles(store);
    let keys = store.stored_keys().unwrap();
    assert_eq!(keys, ["https://a.example/exodus", "https://b.example/calm"]);
    let pages: Vec<Page> = keys.iter().map(|k| store.stored_page(k).unwrap().expect("stored")).collect();
    let want = [page("https://a.example/exodus"), page("https://b.example/calm")];
    assert!(store.stored_page("https://nowhere.example/").unwrap().is_none());
    let versions: (String, String, String) = first_row(
        store,
        "SELECT a.extract_version, c.tagger_version, c.verify_version FROM claims AS c JOIN articles AS a ON a.id = c.article_id LIMIT 1",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    assert_eq!(versions, (crate::extract::VERSION.into(), crate::claims::VERSION.into(), crate::verify::VERSION.into()));
    for (got, want) in pages.iter().zip(&want) {
        assert_eq!(
            (&got.url, &got.final_url, got.status, got.fetched_at, &got.content_type, &got.bytes),
            (&want.url, &want.final_url, want.status, want.fetched_at, &want.content_type, &want.bytes)
        );
    }
    let hash: String = first_row(store, "SELECT content_hash FROM pages ORDER BY id LIMIT 1", |r| r.get(0));
    assert_eq!(hash, hex::encode(Sha256::digest(&want[0].bytes)));
}

#[test]
fn fts_literal_quotes_every_word() {
    assert_eq!(fts_literal("U.S. Treasury's").as_deref(), Some("\"U.S.\" \"Treasury's\""));
    assert_eq!(fts_literal("say \"hi\"").as_deref(), Some("\"say\" \"\"\"hi\"\"\""));
    assert_eq!(fts_literal(" - ? "), None);
}

/// Generates, for each test that holds for either engine, one `#[test]` on
/// SQLite in memory and one on a fresh PostgreSQL schema.
macro_rules! on_both_engines {
    ($($name:ident),+ $(,)?) => {
        mod on_sqlite {
            $(#[test]
            fn $name() {
                super::$name(&mut super::Store::open_in_memory().unwrap());
            })+
        }
        mod on_postgres {
            $(#[test]
            fn $name() {
                super::on_server::with_store(super::$name);
            })+
        }
    };
}

on_both_engines!(
    story_vectors_round_trip_exactly,
    saving_an_article_twice_duplicates_nothing,
    a_batch_keeps_all_its_writes_or_none,
    a_changed_article_replaces_its_claims,
    a_page_saved_with_its_article_is_stored_in_one_step,
    stored_claims_read_back_unchanged,
    failure_then_success,
    queue_entries_read_many_keys_at_once,
    query_by_each_filter,
    search_takes_punctuation_literally,
    holdings_are_idempotent_and_keep_revisions,
    views_exist_and_select,
    pages_come_back_for_reprocessing,
);

/// The PostgreSQL side: a fresh schema per test on the server named by
/// `CLAIMSCOPE_TEST_PG`, dropped afterwards, so tests run in parallel.
mod on_server {
    use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// The server's admin URL, or `None` after printing why the
    /// PostgreSQL half of a test is skipped.
    pub(super) fn server() -> Option<String> {
        match std::env::var("CLAIMSCOPE_TEST_PG") {
            Ok(url) if !url.is_empty() => Some(url),
            _ => {
                let why = std::env::var("CLAIMSCOPE_TEST_PG_SKIP").unwrap_or_else(|_| {
                    "CLAIMSCOPE_TEST_PG is not set (scripts/test starts a server and sets it)".to_string()
                });
                // Past the test harness's capture (eprintln! would be
                // shown only on failure), once per test binary.
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| {
                    use std::io::Write;
                    let _ = writeln!(std::io::stderr(), "SKIPPED: the store's PostgreSQL tests: {why}");
                });
                None
            }
        }
    }

    /// `url` with its sessions' tables in `schema`.
    pub(super) fn in_schema(url: &str, schema: &str) -> String {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}options=-csearch_path%3D{schema}")
    }

    /// Runs `test` on a store in a schema of its own, dropped afterwards
    /// whether the test passed or not.
    pub(super) fn with_store(test: impl FnOnce(&mut Store)) {
        with_schema(|url| test(&mut Store::open_at(&Location::Postgres(url.to_string())).unwrap()));
    }

    /// Runs `test` with the URL of a fresh, empty schema.
    pub(super) fn with_schema(test: impl FnOnce(&str)) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let Some(server) = server() else { return };
        let schema = format!("store_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("CLAIMSCOPE_TEST_PG={server}: {}", backend::pg_message(&e)));
        admin.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| test(&in_schema(&server, &schema))));
        admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
        if let Err(panic) = outcome {
            resume_unwind(panic);
        }
    }

    #[test]
    fn reopening_migrates_nothing_and_keeps_the_data() {
        with_schema(|url| {
            let db = Location::Postgres(url.to_string());
            let mut store = Store::open_at(&db).unwrap();
            store.enqueue(&["https://a.example/x".to_string()]).unwrap();
            drop(store);
            let store = Store::open_existing(&db).unwrap();
            let version: i64 = first_row(&store, "SELECT version FROM schema_version", |r| r.get(0));
            assert_eq!(version, schema::POSTGRES_STEPS.len() as i64);
            assert_eq!(count(&store, "schema_version"), 1);
            assert_eq!(count(&store, "sources"), 1, "data survives reopening");
        });
    }

    #[test]
    fn a_query_on_an_empty_database_says_there_is_none() {
        with_schema(|url| {
            let db = Location::Postgres(url.to_string());
            let err = Store::open_existing(&db).unwrap_err();
            assert!(matches!(err, StoreError::Empty { .. }), "{err:?}");
            assert!(err.to_string().contains("no such database; run `claimscope ingest INPUT --db"), "{err}");
        });
    }

    /// The same SQL questions work on both: every table and view has the
    /// same columns, in the same order, on either engine (FTS5's shadow
    /// tables and the version table are each engine's own bookkeeping).
    #[test]
    fn both_engines_have_the_same_tables_and_columns() {
        let sqlite_store = Store::open_in_memory().unwrap();
        let lite: Vec<(String, String)> = {
            let conn = sqlite(&sqlite_store);
            let mut stmt = conn
                .prepare(
                    "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p
                     WHERE m.type IN ('table', 'view') AND m.name NOT LIKE '%fts%' ORDER BY m.name, p.cid",
                )
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        assert!(lite.len() > 100, "{} columns", lite.len());
        with_store(|store| {
            let pg: Vec<(String, String)> = store
                .conn
                .borrow_mut()
                .query(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name <> 'schema_version'
                     ORDER BY table_name COLLATE \"C\", ordinal_position",
                    &[],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(pg, lite);
        });
    }

    fn keys(sites: &[&str], per_site: usize) -> Vec<String> {
        (0..per_site).flat_map(|i| sites.iter().map(move |site| format!("https://{site}/story-{i}"))).collect()
    }

    fn site_of(key: &str) -> String {
        url::Url::parse(key).unwrap().origin().ascii_serialization()
    }

    const LONG: Duration = Duration::from_secs(600);

    #[test]
    fn workers_split_the_queue_and_a_site_goes_to_one_worker_at_a_time() {
        with_store(|a| {
            assert_eq!(a.requeue(&keys(&["one.test", "two.test", "three.test", "four.test"], 5)).unwrap(), 20);
            let first = a.register_worker(LONG).unwrap();
            let mine = a.claim(&first, 100, 8, LONG).unwrap();
            // Alone, the first worker may take every site.
            assert_eq!(mine.len(), 20);
            // Finish one site's sources: that site is free again.
            for key in mine.iter().filter(|k| site_of(k) == "https://one.test") {
                a.record_skip(key, Reason::Robots, "robots.txt forbids it").unwrap();
            }
            assert!(a.queue_status().unwrap().workers[0].active);
            assert_eq!(a.queue_status().unwrap().leased, 15);
            assert_eq!(a.unfinished().unwrap(), 15);
            // Sources of a site another worker holds are never leased to a
            // second one, even once the first worker's own sources of it
            // are spread over several claims.
            a.requeue(&keys(&["two.test", "five.test", "six.test"], 7)[15..].to_vec()).unwrap();
            let second = a.register_worker(LONG).unwrap();
            // Two active workers, five sites with work left: a share is
            // three sites, of which two are free.
            let theirs = a.claim(&second, 100, 8, LONG).unwrap();
            let sites = |keys: &[String]| keys.iter().map(|k| site_of(k)).collect::<Vec<_>>();
            let taken: std::collections::BTreeSet<String> = sites(&theirs).into_iter().collect();
            assert_eq!(taken.into_iter().collect::<Vec<_>>(), ["https://five.test", "https://six.test"], "{theirs:?}");
            assert!(mine.iter().all(|k| !theirs.contains(k)), "no source is leased twice");
            assert!(a.claim(&second, 100, 8, LONG).unwrap().is_empty(), "two.test stays with the first worker");
            // A third worker, four more sites: nine sites with work left,
            // three each, counting the ones each holds already.
            a.requeue(&keys(&["seven.test", "eight.test", "nine.test", "ten.test"], 1)).unwrap();
            let third = a.register_worker(LONG).unwrap();
            let its = a.claim(&third, 100, 8, LONG).unwrap();
            assert_eq!(sites(&its), ["https://seven.test", "https://eight.test", "https://nine.test"], "{its:?}");
            let status = a.queue_status().unwrap();
            assert_eq!(status.workers.len(), 3);
            assert_eq!(status.workers.iter().map(|w| w.leases).sum::<usize>(), status.leased);
        });
    }

    #[test]
    fn a_worker_over_its_share_keeps_the_sites_it_claimed_last_and_lets_the_others_drain() {
        with_store(|a| {
            a.requeue(&keys(&["a.test", "b.test", "c.test", "d.test"], 10)).unwrap();
            let first = a.register_worker(LONG).unwrap();
            let sites = |keys: &[String]| keys.iter().map(|k| site_of(k)).collect::<std::collections::BTreeSet<_>>();
            // Alone, it takes every site (two sources of each).
            let all = a.claim(&first, 8, 8, LONG).unwrap();
            assert_eq!(sites(&all).len(), 4);
            let second = a.register_worker(LONG).unwrap();
            // Claiming again while those are in flight, it takes its share,
            // two sites: those of its newest leases, the same each time.
            let last = ["https://c.test", "https://d.test"].map(String::from).into_iter().collect();
            for _ in 0..3 {
                let next = a.claim(&first, 4, 8, LONG).unwrap();
                assert_eq!(sites(&next), last, "{next:?}");
            }
            assert!(a.claim(&second, 4, 8, LONG).unwrap().is_empty(), "every site is held");
            // Once its sources of the other two sites are done, they are the second worker's.
            for key in all.iter().filter(|k| !last.contains(&site_of(k))) {
                a.record_skip(key, Reason::Robots, "robots.txt forbids it").unwrap();
            }
            let theirs = a.claim(&second, 4, 8, LONG).unwrap();
            assert_eq!(sites(&theirs), ["https://a.test", "https://b.test"].map(String::from).into_iter().collect(), "{theirs:?}");
            assert_eq!(sites(&a.claim(&first, 4, 8, LONG).unwrap()), last);
        });
    }

    #[test]
    fn an_expired_lease_is_taken_over_and_a_renewed_one_is_not() {
        with_store(|store| {
            store.requeue(&keys(&["one.test"], 3)).unwrap();
            let dead = store.register_worker(Duration::ZERO).unwrap();
            assert_eq!(store.claim(&dead, 10, 8, Duration::ZERO).unwrap().len(), 3);
            // A lease of no time has run out by the next transaction.
            let alive = store.register_worker(LONG).unwrap();
            let taken = store.claim(&alive, 10, 8, LONG).unwrap();
            assert_eq!(taken.len(), 3, "the dead worker's sources are taken over");
            store.renew(&alive, LONG).unwrap();
            let late = store.register_worker(LONG).unwrap();
            assert!(store.claim(&late, 10, 8, LONG).unwrap().is_empty(), "a live lease is kept");
            let status = store.queue_status().unwrap();
            let active: Vec<bool> = status.workers.iter().map(|w| w.active).collect();
            assert_eq!(active, [false, true, true]);
            // A finished worker gives back what it held.
            store.worker_report(&alive, 0, 0, true).unwrap();
            assert_eq!(store.claim(&late, 10, 8, LONG).unwrap().len(), 3);
        });
    }

    #[test]
    fn an_outcome_ends_the_lease_and_requeue_retries_failures_only() {
        with_store(|store| {
            let [stored, failed, retried] = ["https://a.test/s", "https://a.test/f", "https://a.test/r"];
            store.requeue(&[stored, failed, retried].map(String::from)).unwrap();
            let w = store.register_worker(LONG).unwrap();
            assert_eq!(store.claim(&w, 10, 8, LONG).unwrap().len(), 3);
            store.save_article(&page(stored), &article(stored, "a.test", "2026-01-22", "Text."), &tone(ToneLabel::Neutral, 0.0), &[]).unwrap();
            let gone = Failure { reason: Some(Reason::HttpStatus), status: Some(404), message: "https://a.test/f: HTTP 404", retry_at: None };
            store.record_attempt(failed, &gone).unwrap();
            let soon = Failure { reason: Some(Reason::Timeout), status: None, message: "timed out", retry_at: Some(Utc::now()) };
            store.record_attempt(retried, &soon).unwrap();
            let owners: Vec<(String, Option<String>)> = store
                .conn
                .borrow_mut()
                .query("SELECT key, lease_owner FROM sources ORDER BY key", &[], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!(
                owners,
                [(failed.to_string(), None), (retried.to_string(), Some(w.0.clone())), (stored.to_string(), None)],
                "a retry in this run keeps its lease; an outcome ends it"
            );
            assert_eq!(store.requeue(&[stored, failed].map(String::from)).unwrap(), 1, "the failure is queued again");
            assert_eq!(store.queue_entry(failed).unwrap().unwrap().state, SourceState::Pending);
            assert_eq!(store.queue_entry(stored).unwrap().unwrap().state, SourceState::Stored);
        });
    }

    #[test]
    fn requeue_adds_and_retries_more_keys_than_one_statement_takes() {
        with_store(|store| {
            let keys: Vec<String> = (0..1100).map(|n| format!("https://a.test/{n}")).collect();
            assert_eq!(store.requeue(&keys).unwrap(), keys.len());
            assert_eq!(store.requeue(&keys).unwrap(), 0, "known pending keys are left alone");
            let ids: Vec<String> = store
                .conn
                .borrow_mut()
                .query("SELECT key FROM sources ORDER BY id", &[], |r| r.get(0))
                .unwrap();
            assert_eq!(ids, keys, "added in input order, which claims follow");
            let failed = &keys[900];
            let gone = Failure { reason: Some(Reason::HttpStatus), status: Some(404), message: "HTTP 404", retry_at: None };
            store.record_attempt(failed, &gone).unwrap();
            store.record_skip(&keys[3], Reason::Robots, "robots.txt").unwrap();
            assert_eq!(store.requeue(&keys).unwrap(), 2, "the failed and the skipped one are queued again");
            let entries = store.queue_entries(&keys).unwrap();
            assert!(entries.values().all(|e| e.state == SourceState::Pending), "{entries:?}");
            assert_eq!(entries[failed].attempts, 1, "its attempts are kept");
        });
    }

    #[test]
    fn sqlite_has_no_shared_queue() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store.register_worker(LONG).unwrap_err();
        assert!(matches!(err, StoreError::SharedQueue { .. }), "{err:?}");
        assert_eq!(store.queue_status().unwrap().workers, []);
    }

    #[test]
    fn an_unreachable_server_is_a_connect_error_without_the_password() {
        // Port 1 on loopback: nothing listens there.
        let db = Location::parse("postgres://claimscope:s3cret@127.0.0.1:1/claims");
        let err = Store::open_at(&db).unwrap_err();
        assert!(matches!(err, StoreError::Connect { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with("postgres://claimscope:***@127.0.0.1:1/claims: cannot connect"), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
    }
}
