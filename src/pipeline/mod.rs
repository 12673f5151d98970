//! The stages joined: page → article → claims + tone → checks → store.
//!
//! [`Pipeline`] holds what analysis needs (the figures, the rules, the
//! tone model), built once per process, and is the one place that turns a
//! page into stored rows or a recorded failure. The commands that analyse
//! (`ingest`, `demo`, `reprocess`, `extract`) all go through it: `ingest`
//! as the stages of [`Ingest`] (`ingest.rs`, and `fleet.rs` for a worker on
//! a shared queue), `reprocess` through [`Pipeline::reprocess`], `demo`
//! through [`Pipeline::store_pages`]. Nothing here prints: long runs tell
//! their caller how they go through [`Progress`].

mod fleet;
mod ingest;

pub use fleet::Fleet;
pub use ingest::{ArchiveSummary, Ingest, IngestError, IngestSettings};

use crate::claims;
use crate::extract::{self, Article, ExtractError};
use crate::fetch::Page;
use crate::gazetteer;
use crate::holdings::Holdings;
use crate::report::RunCounts;
use crate::store::{Failure, Reason, Store, StoreError};
use crate::tone::{ArticleTone, ToneScorer};
use crate::verify::{CheckedClaim, Rules};

/// Everything derived from one article.
pub struct Analysis {
    pub article: Article,
    pub tone: ArticleTone,
    pub claims: Vec<CheckedClaim>,
}

/// Why a page has no [`Analysis`].
#[derive(Debug, thiserror::Error)]
pub enum Unanalysed {
    /// No article could be extracted.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The relevance gate ([`Pipeline::analyze_gated`]) found no mention of
    /// Treasury holdings; the article's title is kept for the record.
    #[error("{url}: not about Treasury holdings")]
    NotRelevant { url: String, title: Option<String> },
}

/// Which model scores sentence polarity (`--tone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ToneModel {
    /// The best this build has: the transformer with the `transformer`
    /// feature, else the lexicon.
    #[default]
    #[value(skip)]
    Default,
    /// The team's lexicon, in any build (the ingest bench measures both
    /// models with one binary this way).
    Lexicon,
    /// all-MiniLM-L6-v2 and the trained head; only with the feature.
    Transformer,
}

/// How the tone stage scores polarity: `--tone`, and in a transformer
/// build `--precision` and `--threads`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToneSettings {
    pub model: ToneModel,
    /// The sentences the polarity model reads (`--tone-sentences`).
    pub sentences: crate::tone::Scope,
    /// The transformer's number format; `None` picks the faster on this
    /// CPU ([`crate::tone::worker::Precision::native`]).
    #[cfg(feature = "transformer")]
    pub precision: Option<crate::tone::worker::Precision>,
    /// libtorch's threads in the tone worker; `None` keeps its default
    /// (one per core).
    #[cfg(feature = "transformer")]
    pub threads: Option<std::num::NonZeroUsize>,
    /// The MiniLM folder; `None` is where the setup script puts it
    /// (the worker's default, `~/.cache/claimscope/all-minilm-l6-v2`).
    #[cfg(feature = "transformer")]
    pub model_dir: Option<std::path::PathBuf>,
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The tone worker is missing, or its model files are missing or
    /// corrupt (the message names the file and the fix).
    #[cfg(feature = "transformer")]
    #[error(transparent)]
    ToneWorker(#[from] crate::tone::worker::WorkerError),
    /// The transformer was asked for in a build without it.
    #[cfg(not(feature = "transformer"))]
    #[error("--tone transformer: this build has no transformer; rebuild with --features transformer (after scripts/setup-transformer) or use --tone lexicon")]
    NoTransformer,
    /// The database's loaded vintages could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What [`Pipeline::record`] does with a page that yields no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Records the typed reason and the page's status on its source, as
    /// final: the same bytes will read the same way next time.
    Record,
    /// Leaves the source, and any rows an earlier run derived from the
    /// page, as they are (`reprocess`, which re-reads stored pages).
    Keep,
}

/// What became of one page handed to [`Pipeline::record`].
#[derive(Debug)]
pub enum Outcome {
    /// Its article, claims and tone are stored.
    Stored { claims: usize },
    /// The relevance gate passed it over (recorded as skipped, with its
    /// title, under [`OnFailure::Record`]).
    NotRelevant,
    /// It yields no article.
    Failed(ExtractError),
}

/// What a long run tells its caller as it goes (the CLI draws a progress
/// bar and prints the messages). Every method does nothing unless the
/// caller says otherwise; `()` is a caller that listens to nothing.
pub trait Progress: Sync {
    /// There are `_pages` more to handle than announced so far.
    fn more(&self, _pages: u64) {}
    /// `_pages` are handled.
    fn done(&self, _pages: u64) {}
    /// A page failed for good (`_message` names it); `_failures` is the
    /// run's count so far.
    fn failed(&self, _message: &str, _failures: usize) {}
    /// Something the user should hear now that is not a page's failure: an
    /// input that cannot be read, a lease that could not be renewed.
    fn notice(&self, _message: &str) {}
    /// An archive is read and its pages handled (told at the end of a run).
    fn archive(&self, _summary: &ArchiveSummary) {}
}

impl Progress for () {}

/// Counts a page's final failure and tells `progress`.
fn fail(counts: &mut RunCounts, progress: &dyn Progress, message: &str) {
    counts.failed += 1;
    progress.failed(message, counts.failed);
}

/// The loaded models and data, built once per process.
pub struct Pipeline {
    holdings: Holdings,
    rules: Rules,
    tone: ToneScorer,
    batch: usize,
}

/// The figures a database's claims are checked against: the bundled
/// tables plus every vintage loaded into the database, so a claim is
/// compared with the figures published on its article's date as well as
/// the latest revision.
pub fn holdings_of(store: &Store) -> Result<Holdings, StoreError> {
    let mut figures = Holdings::bundled().revisions().to_vec();
    figures.extend(store.holdings_vintages()?);
    Ok(Holdings::from_figures(figures))
}

impl Pipeline {
    /// Checks against `holdings` with `rules` and scores tone as `tone`
    /// says (a missing or corrupt transformer model is an error that names
    /// the file and the setup command); `tone.model` in the output names
    /// the model used.
    pub fn new(holdings: Holdings, rules: Rules, tone: &ToneSettings) -> Result<Pipeline, PipelineError> {
        let (tone, batch) = tone_scorer(tone)?;
        Ok(Pipeline { holdings, rules, tone, batch })
    }

    /// A pipeline for the claims of `store`: the bundled figures are saved
    /// beside them, so the database answers "checked against what?" on its
    /// own (a no-op once stored), and claims are checked against those plus
    /// every vintage loaded into it ([`holdings_of`]).
    pub fn for_store(store: &mut Store, rules: Rules, tone: &ToneSettings) -> Result<Pipeline, PipelineError> {
        store.save_holdings(Holdings::bundled().revisions())?;
        Pipeline::new(holdings_of(store)?, rules, tone)
    }

    /// How many pages to hand [`Pipeline::analyze_pages`] at once when more
    /// are waiting: several for the transformer, whose forward passes fill
    /// up and whose sentences repeat across pages; one for the lexicon, so
    /// that a short queue still spreads over every analysis thread.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// The figures claims are checked against.
    pub fn holdings(&self) -> &Holdings {
        &self.holdings
    }

    /// Extracts and analyses fetched pages, in order, scoring the tone of
    /// all their articles in one call so the model batches across them.
    pub fn analyze_pages(&self, pages: &[Page]) -> Vec<Result<Analysis, Unanalysed>> {
        self.analyze_gated(pages, &[])
    }

    /// [`Pipeline::analyze_pages`] with the relevance gate on for the
    /// pages whose entry in `gated` is true: an article that does not
    /// mention Treasury holdings ([`gazetteer::mentions_treasury_holdings`])
    /// is passed over before tone and claims, so bulk input of general news
    /// costs little more than extraction.
    pub fn analyze_gated(&self, pages: &[Page], gated: &[bool]) -> Vec<Result<Analysis, Unanalysed>> {
        let articles: Vec<Result<Article, Unanalysed>> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| relevant(extract::extract(page)?, gated.get(i).copied().unwrap_or(false)))
            .collect();
        let extracted: Vec<&Article> = articles.iter().filter_map(|a| a.as_ref().ok()).collect();
        let mut tones = self.tone.score_batch(&extracted).into_iter();
        articles
            .into_iter()
            .map(|article| {
                let article = article?;
                let tone = tones.next().expect("score_batch gives one tone per article");
                Ok(self.check(article, tone))
            })
            .collect()
    }

    /// Tags, scores and checks an extracted article.
    pub fn analyze(&self, article: Article) -> Analysis {
        let tone = self.tone.score(&article);
        self.check(article, tone)
    }

    /// Stores a page's article, claims and tone (replacing what an earlier
    /// run derived from it, in one transaction), or handles its failure as
    /// `on_failure` says.
    pub fn record(
        &self,
        store: &mut Store,
        page: &Page,
        analysis: Result<Analysis, Unanalysed>,
        on_failure: OnFailure,
    ) -> Result<Outcome, StoreError> {
        match analysis {
            Ok(analysis) => {
                store.save_article(page, &analysis.article, &analysis.tone, &analysis.claims)?;
                Ok(Outcome::Stored { claims: analysis.claims.len() })
            }
            Err(Unanalysed::NotRelevant { .. }) if on_failure == OnFailure::Keep => Ok(Outcome::NotRelevant),
            Err(gated @ Unanalysed::NotRelevant { .. }) => {
                let Unanalysed::NotRelevant { title, .. } = &gated else { unreachable!("matched above") };
                let title = title.as_deref().map(|t| format!(" (title: {t})")).unwrap_or_default();
                store.record_skip(&page.url, Reason::NotRelevant, &format!("{gated}{title}"))?;
                Ok(Outcome::NotRelevant)
            }
            Err(Unanalysed::Extract(err)) if on_failure == OnFailure::Keep => Ok(Outcome::Failed(err)),
            Err(Unanalysed::Extract(err)) => {
                let reason = match err {
                    ExtractError::Unsupported { .. } => Reason::Unsupported,
                    ExtractError::NoText { .. } => Reason::NoText,
                };
                let message = err.to_string();
                let failure = Failure { reason: Some(reason), status: Some(page.status), message: &message, retry_at: None };
                store.record_attempt(&page.url, &failure)?;
                Ok(Outcome::Failed(err))
            }
        }
    }

    /// [`Pipeline::record`], counting the outcome in `counts`; a failure is
    /// also told to `progress`.
    fn record_counted(
        &self,
        store: &mut Store,
        page: &Page,
        analysis: Result<Analysis, Unanalysed>,
        on_failure: OnFailure,
        counts: &mut RunCounts,
        progress: &dyn Progress,
    ) -> Result<Outcome, StoreError> {
        let outcome = self.record(store, page, analysis, on_failure)?;
        match &outcome {
            Outcome::Stored { claims } => {
                counts.stored += 1;
                counts.claims += claims;
            }
            Outcome::NotRelevant => counts.skipped += 1,
            Outcome::Failed(err) => match on_failure {
                OnFailure::Record => fail(counts, progress, &err.to_string()),
                OnFailure::Keep => fail(counts, progress, &format!("{err} (its stored rows are kept)")),
            },
        }
        Ok(outcome)
    }

    /// Queues, analyses and stores pages read from elsewhere than the
    /// fetcher (the demo's embedded corpus), all in one analysis call.
    pub fn store_pages(&self, store: &mut Store, pages: &[Page]) -> Result<RunCounts, StoreError> {
        let keys: Vec<String> = pages.iter().map(|page| page.url.clone()).collect();
        store.enqueue(&keys)?;
        let mut counts = RunCounts { inputs: pages.len(), ..RunCounts::default() };
        for (page, analysis) in pages.iter().zip(self.analyze_pages(pages)) {
            self.record_counted(store, page, analysis, OnFailure::Record, &mut counts, &())?;
        }
        Ok(counts)
    }

    /// Analyses every stored page again, ungated, replacing each article's
    /// rows in its own transaction, so a failure or a kill leaves every
    /// article either wholly old or wholly new; a page that now yields no
    /// article keeps its rows ([`OnFailure::Keep`]). Counts re-derived
    /// pages as stored (or skipped) and the others as failed.
    pub fn reprocess(&self, store: &mut Store, progress: &dyn Progress) -> Result<RunCounts, StoreError> {
        let keys = store.stored_keys()?;
        progress.more(keys.len() as u64);
        let mut counts = RunCounts { inputs: keys.len(), ..RunCounts::default() };
        for chunk in keys.chunks(self.batch) {
            let mut pages = Vec::with_capacity(chunk.len());
            for key in chunk {
                pages.extend(store.stored_page(key)?);
            }
            for (page, analysis) in pages.iter().zip(self.analyze_pages(&pages)) {
                self.record_counted(store, page, analysis, OnFailure::Keep, &mut counts, progress)?;
            }
            progress.done(chunk.len() as u64);
        }
        Ok(counts)
    }

    fn check(&self, article: Article, tone: ArticleTone) -> Analysis {
        let tagged = claims::tag(&article);
        let claims = self.rules.check_all(&tagged, &self.holdings, article.published);
        Analysis { article, tone, claims }
    }
}

/// Sentences whose transformer polarity is kept for the rest of the run:
/// about 25 MB, plus 1.5 KB for each story sentence's embedding (the lead's
/// sentences about holdings: in the ingest bench's pages, where every
/// sentence has a figure, 11 of 14, so up to 120 MB more), and far more
/// than one site's boilerplate plus the copies of the stories in flight.
#[cfg(feature = "transformer")]
const TONE_CACHE_SENTENCES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(100_000).unwrap();

/// Pages per tone call with the transformer: about 200 sentences, a dozen
/// full forward passes, while keeping each thread's share of a short queue.
#[cfg(feature = "transformer")]
const TRANSFORMER_PAGES: usize = 8;

/// The tone scorer and its [`Pipeline::batch`].
fn tone_scorer(settings: &ToneSettings) -> Result<(ToneScorer, usize), PipelineError> {
    match settings.model {
        ToneModel::Lexicon => Ok((ToneScorer::rules().with_scope(settings.sentences), 1)),
        #[cfg(feature = "transformer")]
        ToneModel::Default | ToneModel::Transformer => {
            let polarity = crate::tone::worker::ToneWorker::start(crate::tone::worker::locate(), worker_args(settings))?;
            let scorer = ToneScorer::new(Box::new(polarity)).with_scope(settings.sentences).with_cache(TONE_CACHE_SENTENCES);
            Ok((scorer, TRANSFORMER_PAGES))
        }
        #[cfg(not(feature = "transformer"))]
        ToneModel::Default => Ok((ToneScorer::rules().with_scope(settings.sentences), 1)),
        #[cfg(not(feature = "transformer"))]
        ToneModel::Transformer => Err(PipelineError::NoTransformer),
    }
}

/// The tone worker's arguments for `settings`; what is not set the worker
/// chooses as the in-process model did (native precision, a thread per core).
#[cfg(feature = "transformer")]
fn worker_args(settings: &ToneSettings) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    if let Some(precision) = settings.precision {
        args.extend(["--precision".into(), precision.as_str().into()]);
    }
    if let Some(threads) = settings.threads {
        args.extend(["--threads".into(), threads.to_string().into()]);
    }
    if let Some(dir) = &settings.model_dir {
        args.extend(["--model-dir".into(), dir.clone().into_os_string()]);
    }
    args
}

/// The article, or why the gate (when on) passes it over.
fn relevant(article: Article, gated: bool) -> Result<Article, Unanalysed> {
    let title = article.title.as_deref().unwrap_or_default();
    if !gated || gazetteer::mentions_treasury_holdings(title) || gazetteer::mentions_treasury_holdings(&article.text) {
        return Ok(article);
    }
    Err(Unanalysed::NotRelevant { url: article.url, title: article.title })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SourceState;

    fn pipeline() -> Pipeline {
        let tone = ToneSettings { model: ToneModel::Lexicon, ..ToneSettings::default() };
        Pipeline::new(Holdings::bundled(), Rules::default(), &tone).expect("the lexicon always loads")
    }

    fn page(key: &str, content_type: &str, body: &[u8]) -> Page {
        Page::local(key.to_string(), Some(content_type.to_string()), body.to_vec())
    }

    #[test]
    fn a_page_is_stored_with_its_checked_claims() {
        let (pipeline, mut store) = (pipeline(), Store::open_in_memory().expect("in-memory database"));
        let page = page(
            "https://wire.example/2026/01/20/china",
            "text/plain",
            b"China\n\nChina's holdings of US Treasuries fell to $682.6 billion in November 2025.\n",
        );
        store.enqueue(std::slice::from_ref(&page.url)).unwrap();
        let analysis = pipeline.analyze_pages(std::slice::from_ref(&page)).pop().expect("one result per page");
        let claims = match pipeline.record(&mut store, &page, analysis, OnFailure::Record).unwrap() {
            Outcome::Stored { claims } => claims,
            other => panic!("{other:?}"),
        };
        assert_eq!(claims, 1);
        assert_eq!(store.queue_entry(&page.url).unwrap().map(|e| e.state), Some(SourceState::Stored));
        assert_eq!(store.summary().unwrap().holders[0].holder.to_string(), "China");
    }

    #[test]
    fn a_page_without_an_article_is_recorded_or_left_as_asked() {
        let (pipeline, mut store) = (pipeline(), Store::open_in_memory().expect("in-memory database"));
        let pdf = page("https://x.example/report.pdf", "application/pdf", b"%PDF-1.7");
        store.enqueue(std::slice::from_ref(&pdf.url)).unwrap();

        let kept = pipeline.analyze_pages(std::slice::from_ref(&pdf)).pop().unwrap();
        let outcome = pipeline.record(&mut store, &pdf, kept, OnFailure::Keep).unwrap();
        assert!(matches!(outcome, Outcome::Failed(ExtractError::Unsupported { .. })), "{outcome:?}");
        assert_eq!(store.queue_entry(&pdf.url).unwrap().map(|e| (e.state, e.attempts)), Some((SourceState::Pending, 0)));

        let recorded = pipeline.analyze_pages(std::slice::from_ref(&pdf)).pop().unwrap();
        pipeline.record(&mut store, &pdf, recorded, OnFailure::Record).unwrap();
        assert_eq!(store.queue_entry(&pdf.url).unwrap().map(|e| (e.state, e.attempts)), Some((SourceState::Failed, 1)));
        let failed = &store.summary().unwrap().failed[0];
        assert!(failed.reason.starts_with("https://x.example/report.pdf: not an article"), "{}", failed.reason);
    }

    #[test]
    fn the_gate_passes_over_only_gated_pages_not_about_treasury_holdings() {
        let (pipeline, mut store) = (pipeline(), Store::open_in_memory().expect("in-memory database"));
        let bus = page("https://city.example/bus", "text/plain", b"Bus route\n\nThe council approved a new bus route on Tuesday.\n");
        let china = page(
            "https://wire.example/2026/01/20/china",
            "text/plain",
            b"China\n\nChina's holdings of US Treasuries fell to $682.6 billion in November 2025.\n",
        );
        let pages = [bus.clone(), china.clone(), bus.clone()];
        let mut analyses = pipeline.analyze_gated(&pages, &[true, true, false]).into_iter();
        assert!(matches!(analyses.next(), Some(Err(Unanalysed::NotRelevant { title: Some(ref t), .. })) if t == "Bus route"));
        assert!(matches!(analyses.next(), Some(Ok(ref a)) if a.claims.len() == 1));
        assert!(matches!(analyses.next(), Some(Ok(ref a)) if a.claims.is_empty()), "ungated, it is analysed");

        store.enqueue(std::slice::from_ref(&bus.url)).unwrap();
        let gated = pipeline.analyze_gated(std::slice::from_ref(&bus), &[true]).pop().unwrap();
        assert!(matches!(pipeline.record(&mut store, &bus, gated, OnFailure::Record).unwrap(), Outcome::NotRelevant));
        assert_eq!(store.queue_entry(&bus.url).unwrap().map(|e| e.state), Some(SourceState::Skipped));
    }
}
