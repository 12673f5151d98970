//! The rhetoric index: per holder and data month, how the coverage spoke
//! (stories, claims, negative and alarmist shares, mean tone) beside how
//! the holdings moved (the change, its z-score against the holder's own
//! monthly moves, its share of all foreign holdings) and a hype ratio.
//!
//! Definitions (the README's "Rhetoric index" section says the same):
//! - a claim belongs to the month it is about: its period, else the latest
//!   month published on its article's date, else the month it was checked at;
//! - a story is a set of syndicated copies, counted once: articles with the
//!   same normalised title, whose claim sentences overlap with a word
//!   5-shingle Jaccard of at least [`SYNDICATED_JACCARD`], or whose story
//!   embeddings from the tone model (of the lead) have a cosine of at least
//!   [`SYNDICATED_COSINE`];
//! - a story is alarmist about a holder when one of its claim sentences about
//!   the holder grades [`Intensity::Heavy`] or stronger on the trend scale
//!   ("dumping", "exodus", "fleeing"), or the tone stage scores that sentence's
//!   alarm (sirens, shouting, panic words) at [`ALARMIST_SCORE`] or more;
//! - hype ratio = share alarmist / max(|z|, 1): the alarm per standard
//!   deviation of the actual move. An ordinary month (|z| under 1) counts as
//!   one deviation, so the ratio is the alarmist share itself; a 3-sigma
//!   move with every story alarmist scores 0.33. Above 0.5 the coverage is
//!   louder than the data.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use serde::Serialize;

use crate::calendar;
use crate::gazetteer::Holder;
use crate::holdings::{Holdings, Measure};
use crate::store::ClaimRow;
use crate::tone::ToneLabel;
use crate::units::Period;
use crate::claims::Intensity;
use crate::stats::mean_sd;
use crate::verify::Verdict;

use super::{new_table, write_csv, write_json, Format, ReportError};

/// Two articles whose claim sentences share at least this share of their
/// word 5-shingles are copies of one story. Rewritten headlines over the
/// same wire text still share almost all shingles; two reports of one
/// release in different words share few.
pub const SYNDICATED_JACCARD: f64 = 0.5;

/// Two articles whose story embeddings are at least this similar are copies
/// of one story. Copies that differ by a byline, a headline tweak or a
/// trimmed paragraph score above 0.95 with all-MiniLM-L6-v2; two reports of
/// one release in different words stay well below.
pub const SYNDICATED_COSINE: f32 = 0.9;

/// A claim sentence whose tone alarm reaches this is alarmist whatever its
/// move words: on the tone stage's scale one marker scores 0.30, two 0.50
/// ("🚨 PANIC SELLING!" passes, a lone "plummets" does not).
pub const ALARMIST_SCORE: f64 = 0.5;

/// Which rows of the index to build; `None` means any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RhetoricQuery {
    pub holder: Option<Holder>,
    /// First data month, inclusive.
    pub from: Option<Period>,
    /// Last data month, inclusive.
    pub to: Option<Period>,
}

/// One holder in one data month: the coverage against the data.
#[derive(Debug, Clone, Serialize)]
pub struct RhetoricRow {
    pub holder: Holder,
    pub month: Period,
    /// Distinct stories (syndicated copies counted once).
    pub stories: usize,
    /// Articles before syndicated copies are merged.
    pub articles: usize,
    pub claims: usize,
    /// Claims checked inconsistent or exaggerated.
    pub refuted: usize,
    /// Share of stories whose overall tone is negative.
    pub share_negative: f64,
    /// Share of stories with a heavy or stronger move word about the holder.
    pub share_alarmist: f64,
    /// Mean article tone (-1..1) over the stories.
    pub mean_tone: f64,
    /// The measure the figures are in; `None` when TIC has no figures.
    pub measure: Option<Measure>,
    pub level_usd_bn: Option<f64>,
    /// The change from the month before.
    pub change_usd_bn: Option<f64>,
    /// The change's z-score against all the holder's monthly changes.
    pub change_z: Option<f64>,
    /// The change as a percent of all foreign holdings that month.
    pub share_of_total_pct: Option<f64>,
    /// share_alarmist / max(|z|, 1); see the module docs.
    pub hype_ratio: Option<f64>,
}

/// Builds the index from stored claim rows: one row per holder and month,
/// holders in name order, months oldest first. `story_vectors` are the
/// articles' story embeddings by source key (see
/// [`Store::story_vectors`](crate::store::Store::story_vectors)); articles
/// without one are grouped by title and shingles alone.
pub fn rhetoric(
    rows: &[ClaimRow],
    story_vectors: &HashMap<String, Vec<f32>>,
    holdings: &Holdings,
    query: &RhetoricQuery,
) -> Vec<RhetoricRow> {
    let stories = Stories::of(rows, story_vectors);
    let mut buckets: BTreeMap<(&Holder, Period), Vec<&ClaimRow>> = BTreeMap::new();
    for row in rows {
        let holder = &row.claim.claim.holder;
        let Some(month) = month_of(row) else { continue };
        let wanted = query.holder.as_ref().is_none_or(|h| h == holder)
            && query.from.is_none_or(|p| month >= p)
            && query.to.is_none_or(|p| month <= p);
        if wanted {
            buckets.entry((holder, month)).or_default().push(row);
        }
    }
    let mut moves = MoveStats::default();
    buckets
        .into_iter()
        .map(|((holder, month), rows)| index_row(holder, month, &rows, &stories, holdings, &mut moves))
        .collect()
}

/// The data month a claim is about.
pub fn month_of(row: &ClaimRow) -> Option<Period> {
    let claim = &row.claim.claim;
    claim
        .period
        .or_else(|| row.published.map(calendar::latest_published_on))
        .or_else(|| row.claim.check.figures.iter().map(|f| f.month).max())
}

fn index_row(
    holder: &Holder,
    month: Period,
    rows: &[&ClaimRow],
    stories: &Stories,
    holdings: &Holdings,
    moves: &mut MoveStats,
) -> RhetoricRow {
    // One entry per story: its first article's tone, and whether any of its
    // claims about the holder is alarmist.
    let mut per_story: BTreeMap<usize, (ToneLabel, f64, bool)> = BTreeMap::new();
    let articles: BTreeSet<&str> = rows.iter().map(|r| r.url.as_str()).collect();
    for r in rows {
        let alarmist = r.alarm >= ALARMIST_SCORE
            || r.claim.claim.intensity.is_some_and(|i| i >= Intensity::Heavy);
        let entry = per_story.entry(stories.of_url(&r.url)).or_insert((r.tone_label, r.tone_score, false));
        entry.2 |= alarmist;
    }
    let n = per_story.len().max(1) as f64;
    let share = |f: &dyn Fn(&(ToneLabel, f64, bool)) -> bool| per_story.values().filter(|s| f(s)).count() as f64 / n;
    let share_alarmist = share(&|s| s.2);
    let refuted = rows
        .iter()
        .filter(|r| matches!(r.claim.check.verdict, Verdict::Inconsistent | Verdict::Exaggerated))
        .count();
    let measure = holdings.measure_for_claim(holder, Some(month));
    let level = measure.and_then(|m| holdings.value(holder, m, month)).map(|v| v.get());
    let before = measure.and_then(|m| holdings.value(holder, m, month.add_months(-1))).map(|v| v.get());
    let change = level.zip(before).map(|(a, b)| a - b);
    let change_z = measure.zip(change).and_then(|(m, c)| moves.z(holdings, holder, m, c));
    let all_foreign = Holder::named("All foreign");
    let total = measure.and_then(|m| holdings.value(&all_foreign, m, month)).map(|v| v.get());
    RhetoricRow {
        holder: holder.clone(),
        month,
        stories: per_story.len(),
        articles: articles.len(),
        claims: rows.len(),
        refuted,
        share_negative: share(&|s| s.0 == ToneLabel::Negative),
        share_alarmist,
        mean_tone: per_story.values().map(|s| s.1).sum::<f64>() / n,
        measure,
        level_usd_bn: level,
        change_usd_bn: change,
        change_z,
        share_of_total_pct: change.zip(total).filter(|(_, t)| *t > 0.0).map(|(c, t)| 100.0 * c / t),
        hype_ratio: change_z.map(|z| share_alarmist / z.abs().max(1.0)),
    }
}

/// The mean and standard deviation of each holder's month-on-month changes,
/// computed once per holder and measure.
#[derive(Default)]
struct MoveStats {
    by_holder: HashMap<(Holder, Measure), Option<(f64, f64)>>,
}

impl MoveStats {
    /// `change` as a z-score against the holder's monthly changes; `None`
    /// with fewer than 12 changes or none that differ.
    fn z(&mut self, holdings: &Holdings, holder: &Holder, measure: Measure, change: f64) -> Option<f64> {
        let stats = self.by_holder.entry((holder.clone(), measure)).or_insert_with(|| {
            let series = holdings.series(holder, measure);
            let changes: Vec<f64> = series
                .windows(2)
                .filter(|w| w[1].month.months_since(w[0].month) == 1)
                .map(|w| w[1].value.get() - w[0].value.get())
                .collect();
            mean_sd(&changes)
        });
        stats.map(|(mean, sd)| (change - mean) / sd)
    }
}

/// Articles grouped into stories: syndicated copies share one story id.
struct Stories {
    by_url: HashMap<String, usize>,
}

impl Stories {
    /// Groups the articles of the rows by normalised title, by the overlap
    /// of their claim sentences and by their story embeddings (union-find
    /// over every pair; a corpus of thousands of articles is fine, millions
    /// would want MinHash and an ANN index).
    fn of(rows: &[ClaimRow], story_vectors: &HashMap<String, Vec<f32>>) -> Stories {
        let mut urls: Vec<&str> = Vec::new();
        let mut titles: Vec<String> = Vec::new();
        let mut shingles: Vec<BTreeSet<String>> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for r in rows {
            let i = *at.entry(r.url.as_str()).or_insert_with(|| {
                urls.push(&r.url);
                titles.push(r.title.as_deref().map(normalise).unwrap_or_default());
                shingles.push(BTreeSet::new());
                urls.len() - 1
            });
            shingles[i].extend(word_shingles(&r.claim.claim.quote));
        }
        let mut parent: Vec<usize> = (0..urls.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for a in 0..urls.len() {
            for b in a + 1..urls.len() {
                let same_title = !titles[a].is_empty() && titles[a] == titles[b];
                let same_story = || match (story_vectors.get(urls[a]), story_vectors.get(urls[b])) {
                    (Some(x), Some(y)) => cosine(x, y) >= SYNDICATED_COSINE,
                    _ => false,
                };
                if same_title || jaccard(&shingles[a], &shingles[b]) >= SYNDICATED_JACCARD || same_story() {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[rb.max(ra)] = ra.min(rb);
                }
            }
        }
        let by_url = (0..urls.len()).map(|i| (urls[i].to_string(), root(&mut parent, i))).collect();
        Stories { by_url }
    }

    fn of_url(&self, url: &str) -> usize {
        self.by_url.get(url).copied().unwrap_or(usize::MAX)
    }
}

/// Lower-case words of letters and digits, joined by single spaces: "China
/// DUMPS Treasuries!" and "China dumps treasuries" are one title.
fn normalise(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// Overlapping runs of five words; a text shorter than that is one shingle.
fn word_shingles(text: &str) -> Vec<String> {
    let w: Vec<String> = words(text).collect();
    if w.len() <= 5 {
        return if w.is_empty() { Vec::new() } else { vec![w.join(" ")] };
    }
    w.windows(5).map(|s| s.join(" ")).collect()
}

/// Cosine similarity; 0 when either vector is all zeros.
fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms = a.iter().map(|x| x * x).sum::<f32>().sqrt() * b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norms == 0.0 {
        0.0
    } else {
        dot / norms
    }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    // |A ∪ B| = |A| + |B| - |A ∩ B|
    shared / ((a.len() + b.len()) as f64 - shared)
}

/// Writes the index in the chosen format.
pub fn write_rhetoric(out: &mut dyn Write, rows: &[RhetoricRow], format: Format) -> Result<(), ReportError> {
    match format {
        Format::Json => write_json(out, rows)?,
        Format::Csv => write_csv(out, rows.iter())?,
        Format::Table => {
            let mut t = new_table(&[
                "holder", "month", "stories", "claims", "refuted", "negative", "alarmist", "mean tone",
                "change", "z", "% of total", "hype",
            ]);
            for r in rows {
                let cells = r.cells();
                t.add_row(cells.to_vec());
            }
            writeln!(out, "{t}")?;
            if rows.iter().any(|r| r.measure == Some(Measure::LongTermTreasuries)) {
                writeln!(out, "* long-term Treasuries only (TIC Table 1): bills not included")?;
            }
            writeln!(out, "hype = share alarmist / max(|z|, 1); above 0.5 the coverage is louder than the data")?;
        }
    }
    Ok(())
}

impl RhetoricRow {
    /// The row as table cells, shared by the terminal table and the HTML
    /// report so both print the same numbers the same way.
    pub fn cells(&self) -> [String; 12] {
        let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or_else(|| "no data".to_string(), f);
        let lt = if self.measure == Some(Measure::LongTermTreasuries) { " *" } else { "" };
        [
            self.holder.to_string(),
            self.month.to_string(),
            self.stories.to_string(),
            self.claims.to_string(),
            self.refuted.to_string(),
            format!("{:.0}%", 100.0 * self.share_negative),
            format!("{:.0}%", 100.0 * self.share_alarmist),
            format!("{:+.2}", self.mean_tone),
            opt(self.change_usd_bn, &|c| format!("{c:+.1}bn{lt}")),
            opt(self.change_z, &|z| format!("{z:+.2}")),
            opt(self.share_of_total_pct, &|p| format!("{p:+.3}%")),
            opt(self.hype_ratio, &|h| format!("{h:.2}")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::Page;
    use crate::store::{ClaimQuery, Store};
    use crate::tone::ToneScorer;
    use crate::{claims, extract, verify};

    /// Two rewrites of one wire story (different headlines, reworded claim
    /// sentences, so titles and shingles do not match) and a third story.
    const TEXTS: [(&str, &str); 3] = [
        ("https://a.example/japan", "Japan trims its Treasury pile\n\nJapan's holdings of US Treasuries slipped to $1.2026 trillion in November from $1.2 trillion a month earlier, data showed."),
        ("https://b.example/japan", "Tokyo's Treasury stash edges down\n\nIn November Japan held $1.2026 trillion of Treasuries, a touch under October's $1.2 trillion, according to the data."),
        ("https://c.example/japan", "Japan still the largest holder\n\nJapan remained the largest foreign holder of US government debt in November, ahead of Britain and China."),
    ];

    /// Stores the three articles, with story vectors when given, and
    /// returns the stories the index counts for Japan in 2025-11.
    fn stories(vectors: Option<[Vec<f32>; 3]>) -> usize {
        let mut store = Store::open_in_memory().unwrap();
        let holdings = Holdings::bundled();
        for (i, (url, text)) in TEXTS.iter().enumerate() {
            let mut article = extract::from_text(text, url);
            article.published = "2026-01-20".parse().ok();
            let mut tone = ToneScorer::rules().score(&article);
            tone.story = vectors.as_ref().map(|v| v[i].clone());
            let checked = verify::check_all(&claims::tag(&article), &holdings, article.published);
            let page = Page::local(url.to_string(), Some("text/plain".to_string()), text.as_bytes().to_vec());
            store.save_article(&page, &article, &tone, &checked).unwrap();
        }
        let rows = store.query_claims(&ClaimQuery::default()).unwrap();
        let query = RhetoricQuery { holder: Some(Holder::named("Japan")), ..RhetoricQuery::default() };
        let index = rhetoric(&rows, &store.story_vectors().unwrap(), &holdings, &query);
        let row = index.iter().find(|r| r.month.to_string() == "2025-11").expect("Japan 2025-11");
        assert_eq!(row.articles, 3);
        row.stories
    }

    #[test]
    fn close_story_vectors_merge_syndicated_copies() {
        assert_eq!(stories(None), 3, "titles and shingles alone keep the rewrites apart");
        let (wire, rewrite, other) = (vec![0.6, 0.8, 0.0], vec![0.62, 0.78, 0.05], vec![0.0, 0.6, 0.8]);
        assert!(cosine(&wire, &rewrite) >= SYNDICATED_COSINE && cosine(&wire, &other) < SYNDICATED_COSINE);
        assert_eq!(stories(Some([wire, rewrite, other])), 2);
    }

    /// The real model on real rewrites: a wire story and its copy with a
    /// new headline, a changed attribution and a credit line are one story
    /// (0.99 when measured, bf16); another holder's story in the same month
    /// is not, nor is an independent write-up of the same release (0.33 and
    /// 0.59). Before the story vector came from the polarity pass, the whole
    /// lead's embedding scored 0.99, 0.39 and 0.64 (f32).
    #[cfg(feature = "transformer")]
    #[test]
    fn syndicated_copies_embed_close_and_other_stories_do_not() {
        use crate::tone::worker::{locate, ToneWorker};
        use crate::tone::ToneScorer;
        // The model as the pipeline runs it, in the tone worker (cargo
        // builds it beside the test binaries); one libtorch thread, as in
        // the transformer's own tests.
        let model = ToneWorker::start(locate(), vec!["--threads".into(), "1".into()]).unwrap_or_else(|err| panic!("{err}"));
        let article = |title: &str, text: &str| extract::Article {
            title: Some(title.to_string()),
            text: text.to_string(),
            ..extract::Article::default()
        };
        let stories = [
            article(
                "China cuts Treasury holdings to lowest since 2008",
                "China reduced its holdings of US Treasuries to $682.6 billion in November, Treasury data showed on Wednesday, the lowest level since 2008.",
            ),
            article(
                "Japan lifts its Treasury holdings to a record",
                "Japan's holdings of US government debt rose to a record in November, data showed, as life insurers bought long bonds.",
            ),
            article(
                "China dumps more US debt",
                "Beijing keeps shrinking its stash of American government bonds: the November tally came in at $682.6bn, a level not seen for seventeen years, and analysts see more selling ahead.",
            ),
            article(
                "Beijing's Treasury pile shrinks to a 17-year low",
                "China reduced its holdings of US Treasuries to $682.6 billion in November, figures from the US Treasury showed on Wednesday, the lowest since 2008. (Reporting by wire staff)",
            ),
        ];
        // As ingest scores them: the story vectors come from the polarity pass.
        let scored = ToneScorer::new(Box::new(model)).score_batch(&stories.iter().collect::<Vec<_>>());
        let v: Vec<Vec<f32>> = scored.into_iter().map(|tone| tone.story.expect("the transformer embeds")).collect();
        assert!(cosine(&v[0], &v[3]) >= SYNDICATED_COSINE, "copies: {}", cosine(&v[0], &v[3]));
        assert!(cosine(&v[0], &v[1]) < SYNDICATED_COSINE, "another holder: {}", cosine(&v[0], &v[1]));
        assert!(cosine(&v[0], &v[2]) < SYNDICATED_COSINE, "an independent story: {}", cosine(&v[0], &v[2]));
    }

    #[test]
    fn cosine_of_parallel_orthogonal_and_zero_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 3.0]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}
