//! Ingest: inputs → queue → fetch (politely, with retries) → analyse →
//! store, reporting progress to the caller's [`Progress`].
//!
//! Three stages joined by bounded channels, each feeding only the next:
//! fetching on Tokio ([`fetch_stage`], which also reads archives and the
//! pages an interrupted run left), analysis on a thread per core
//! ([`analyse_stage`]), and one writer thread that owns the database
//! ([`Writer`]). A slow stage fills the channel before it and so holds
//! back the one feeding it; memory stays flat.
//!
//! The queue lives in the database, so a run killed at any moment (even
//! SIGKILL) is picked up by the next one: stored pages are skipped, pages
//! whose raw bytes were saved are analysed without fetching again, and the
//! rest (pending, in flight, failed, skipped) are fetched again. The writer
//! saves a page and its article in the same group of writes
//! ([`Store::batch`]), each write still all or nothing, so a kill loses at
//! most the open group and nothing is stored twice.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::sync::mpsc as async_mpsc;

use crate::fetch::{
    self, ArchiveCounts, FetchConfig, FetchError, Fetched, Fetcher, Job, Page, Record, Reply, Revisits, Source,
    Validators, WarcError,
};
use crate::report::RunCounts;
use crate::store::{Derived, Failure, Location, Reason, Saved, SourceState, Store, StoreError};

use super::{fail, Analysis, OnFailure, Outcome, Pipeline, Progress, Unanalysed};

/// Pages waiting in each channel between two stages: enough to keep the
/// analysis threads and the writer busy, few enough that memory stays flat
/// (tens of pages, a few MB).
const QUEUED: usize = 32;

/// The writer commits what it has recorded after this long (or [`GROUP`]
/// messages): each commit costs WAL frames and a full-text index flush, so
/// pages are grouped, yet a killed run loses at most this much work and a
/// reader sees progress this often.
const COMMIT_EVERY: Duration = Duration::from_millis(200);

/// Most messages the writer records in one transaction.
const GROUP: usize = 256;

/// How an ingest treats what it reads, besides fetching ([`FetchConfig`]).
#[derive(Debug, Clone, Default)]
pub struct IngestSettings {
    /// Re-fetch stored pages too, conditionally (ETag, Last-Modified), and
    /// read archived pages stored before again (`--refresh`).
    pub refresh: bool,
    /// Analyse every archived page, not only those about Treasury holdings
    /// (`--all`).
    pub all: bool,
    /// Analysis threads; one per core when `None`.
    pub analysis_threads: Option<usize>,
}

/// Why an ingest stopped. A page that fails is not one of these: it is
/// recorded, counted and reported to [`Progress::failed`].
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The fetch stage's Tokio runtime could not start.
    #[error("cannot start the fetch stage: {0}")]
    Runtime(#[source] std::io::Error),
    /// `--refresh` asked of a worker on a shared queue.
    #[error("{db}: --refresh is not supported on a shared queue yet; run it against a SQLite copy")]
    RefreshOnSharedQueue { db: String },
}

/// One ingest: the pipeline, the database, and how to fetch and report.
/// [`Ingest::run`] ingests into SQLite; [`Ingest::work_queue`] is one
/// worker of a fleet on PostgreSQL.
pub struct Ingest<'a> {
    pub pipeline: &'a Pipeline,
    /// Where the store passed to [`Ingest::run`] lives: the fetch stage
    /// (and a worker's heartbeat) open connections of their own to it.
    pub db: &'a Location,
    pub fetch: &'a FetchConfig,
    pub settings: &'a IngestSettings,
    pub progress: &'a dyn Progress,
}

impl Ingest<'_> {
    /// Queues `sources` (archives are read, not queued) and fetches,
    /// analyses and stores them.
    pub fn run(&self, store: &mut Store, sources: &[Source]) -> Result<RunCounts, IngestError> {
        let (mut files, mut archives) = (Vec::new(), Vec::new());
        for source in sources {
            match source {
                Source::Archive(path) => archives.push(path.clone()),
                source => files.push(source.clone()),
            }
        }
        store.enqueue(&files.iter().map(Source::key).collect::<Vec<_>>())?;
        self.process(store, files, archives, None)
    }

    /// Fetches, analyses and stores `sources` (already in the queue) and
    /// reads the `archives`, and returns what happened to them. With
    /// `queue`, the fetch stage asks it for further sources each time it
    /// has fetched all it was given, until it returns none (a fleet
    /// worker's next claim, taken while the pages before it are still
    /// analysed and written, so neither stage waits for the other between
    /// claims), and each group of writes ends with its report.
    pub(super) fn process(
        &self,
        store: &mut Store,
        sources: Vec<Source>,
        archives: Vec<PathBuf>,
        queue: Option<Queue<'_>>,
    ) -> Result<RunCounts, IngestError> {
        let (pipeline, progress, refresh) = (self.pipeline, self.progress, self.settings.refresh);
        let planned = plan(store, sources, refresh)?;
        let counts = RunCounts { inputs: planned.inputs, already_stored: planned.already_stored, ..RunCounts::default() };
        let Planned { jobs, resumed, .. } = planned;

        // The fetch stage reads resumed pages and archive duplicates through
        // its own connection, while the writer writes through `store`.
        let mut reader = Store::open_at(self.db)?;
        progress.more((jobs.len() + resumed.len()) as u64);
        let (to_analyse, fetched) = async_mpsc::channel(QUEUED);
        let (to_write, analysed) = mpsc::sync_channel(QUEUED);
        let (more, report) = queue.map(|q| (q.more, q.report)).unzip();
        let writer = Writer {
            pipeline,
            refresh,
            counts,
            report,
            progress,
            archives: archives
                .iter()
                .map(|path| ArchiveSummary { path: path.clone(), ..ArchiveSummary::default() })
                .collect(),
        };
        let gate_archives = !self.settings.all;
        let threads =
            self.settings.analysis_threads.unwrap_or_else(|| thread::available_parallelism().map_or(2, |n| n.get()));
        let (counts, read) = thread::scope(|scope| {
            // Shared, and dropped with the last analysis thread: should they
            // all stop, the fetch stage's next send fails instead of waiting.
            let fetched = Arc::new(Mutex::new(fetched));
            let analysers: Vec<_> = (0..threads.max(1))
                .map(|_| {
                    let (fetched, to_write) = (Arc::clone(&fetched), to_write.clone());
                    scope.spawn(move || analyse_stage(pipeline, gate_archives, &fetched, &to_write))
                })
                .collect();
            drop((fetched, to_write));
            let writing = scope.spawn(move || writer.run(store, analysed));
            let inputs = Inputs { resumed, archives: &archives, jobs, refresh, more };
            // Returning drops `to_analyse`: the analysers finish what they
            // hold and stop, and then so does the writer.
            let read = fetch_stage(inputs, self.fetch, &mut reader, to_analyse, progress);
            let counts = writing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // A panic in analysis cost only the pages it held (still queued
            // for the next run); it is reported once the rest is safely written.
            for analyser in analysers {
                analyser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
            Ok::<_, IngestError>((counts?, read?))
        })?;
        Ok(RunCounts {
            inputs: counts.inputs + read.pages + read.more,
            input_errors: counts.input_errors + read.errors,
            already_stored: counts.already_stored + read.already_stored,
            ..counts
        })
    }
}

/// A run on a shared queue (see [`Ingest::process`]).
pub(super) struct Queue<'m> {
    /// Further sources, asked for by the fetch stage on its connection:
    /// the next ones, already in the queue; none ends the run.
    pub more: &'m mut dyn FnMut(&mut Store) -> Result<Vec<Source>, IngestError>,
    /// Called by the writer at the end of each group of writes, in its
    /// transaction, with what the run has done so far: the worker's share
    /// is committed with the pages it counts.
    pub report: &'m mut (dyn FnMut(&mut Store, &RunCounts) -> Result<(), StoreError> + Send),
}

/// Sources sorted by what their queue entries say is left to do.
struct Planned {
    /// Sources planned (stored ones included).
    inputs: usize,
    /// Sources to fetch.
    jobs: Vec<Job>,
    /// Keys of pages an interrupted run saved but did not analyse.
    resumed: Vec<String>,
    /// Sources stored before, not fetched again.
    already_stored: usize,
}

/// Reads the queue entries of `sources` (in one read, not one per source:
/// on PostgreSQL each is a round trip) and plans what to do with each.
fn plan(store: &Store, sources: Vec<Source>, refresh: bool) -> Result<Planned, StoreError> {
    let keys: Vec<String> = sources.iter().map(Source::key).collect();
    let entries = store.queue_entries(&keys)?;
    let mut planned = Planned { inputs: keys.len(), jobs: Vec::with_capacity(keys.len()), resumed: Vec::new(), already_stored: 0 };
    for (source, key) in sources.into_iter().zip(keys) {
        match entries.get(&key).cloned() {
            Some(entry) if entry.state == SourceState::Stored => {
                if refresh && matches!(source, Source::Url(_)) {
                    planned.jobs.push(Job { source, validators: Some(entry.validators), not_before: None });
                } else {
                    planned.already_stored += 1;
                }
            }
            Some(entry) if entry.state == SourceState::Fetched => planned.resumed.push(key),
            entry => planned.jobs.push(Job { source, validators: None, not_before: entry.and_then(|e| e.next_attempt) }),
        }
    }
    Ok(planned)
}

/// Where a page handed to analysis came from, which decides how the
/// writer saves it.
enum Origin {
    /// Fetched in this run, with the validators to re-fetch it.
    Fetched(Validators),
    /// Read from the archive of this index in the run's inputs.
    Archived(usize),
    /// Saved by an interrupted run and not yet analysed.
    Resumed,
}

/// A fetch or an archive record that brought no page: nothing to analyse,
/// only to record.
enum Unfetched {
    /// The stored copy is current (HTTP 304).
    NotModified(String),
    /// The fetch failed or was refused; retried in this run at `retry_at`,
    /// or final when that is `None`.
    Failed { key: String, error: FetchError, retry_at: Option<DateTime<Utc>> },
    /// A damaged archive record or an unreadable payload, under the
    /// record's key; read again next run.
    ArchiveFailed { key: String, error: WarcError },
    /// The archive of this index is read: what its reader found, and how
    /// many of its pages were stored by an earlier run, for its summary.
    ArchiveRead { index: usize, counts: ArchiveCounts, already_stored: usize },
}

/// What the fetch stage hands to analysis (boxed: a page is large).
enum Fetch {
    Page(Box<(Page, Origin)>),
    Unfetched(Unfetched),
}

impl From<Fetched> for Fetch {
    fn from(fetched: Fetched) -> Fetch {
        let key = fetched.source.key();
        match fetched.reply {
            Ok(Reply::Page { page, validators }) => Fetch::Page(Box::new((page, Origin::Fetched(validators)))),
            Ok(Reply::NotModified) => Fetch::Unfetched(Unfetched::NotModified(key)),
            Err(error) => Fetch::Unfetched(Unfetched::Failed { key, error, retry_at: fetched.retry_at }),
        }
    }
}

/// What analysis hands to the writer (boxed: an analysed page is large).
enum Analysed {
    Page(Box<(Page, Origin, Result<Analysis, Unanalysed>)>),
    Unfetched(Unfetched),
}

/// What the fetch stage reads, in this order.
struct Inputs<'a, 'm> {
    /// Keys of pages an interrupted run saved but did not analyse.
    resumed: Vec<String>,
    archives: &'a [PathBuf],
    jobs: Vec<Job>,
    /// `--refresh`: archived pages stored before are read again too.
    refresh: bool,
    /// Where further sources come from once `jobs` are fetched.
    more: Option<&'m mut dyn FnMut(&mut Store) -> Result<Vec<Source>, IngestError>>,
}

/// What the fetch stage counted itself: pages read from archives, archives
/// or records that could not be read, and archived pages stored before
/// (or sources `more` gave that were).
#[derive(Default)]
struct Read {
    pages: usize,
    errors: usize,
    already_stored: usize,
    /// Sources `more` gave.
    more: usize,
}

/// The fetch stage: hands analysis every page in turn (resumed pages, then
/// archived ones, then what the fetcher reports), waiting while the channel
/// is full. Stops early when analysis has stopped (the writer failed, which
/// `Ingest::process` reports).
fn fetch_stage(
    inputs: Inputs<'_, '_>,
    config: &FetchConfig,
    reader: &mut Store,
    to_analyse: async_mpsc::Sender<Fetch>,
    progress: &dyn Progress,
) -> Result<Read, IngestError> {
    let mut read = Read::default();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(IngestError::Runtime)?;
    let send = |fetch: Fetch| async { to_analyse.send(fetch).await.is_ok() };
    runtime.block_on(async {
        if !send_resumed(inputs.resumed, reader, &to_analyse, progress).await? {
            return Ok(read);
        }
        // Revisits resolve against the records of every archive read so far.
        let mut revisits = Revisits::default();
        for (index, path) in inputs.archives.iter().enumerate() {
            let mut records = match fetch::read_archive(path, config.max_bytes, std::mem::take(&mut revisits)) {
                Ok(records) => records,
                Err(err) => {
                    read.errors += 1;
                    progress.notice(&err.to_string());
                    continue;
                }
            };
            let mut already_stored = 0;
            for record in records.by_ref() {
                let fetch = match record {
                    Record::Page { page, .. } => {
                        read.pages += 1;
                        progress.more(1);
                        // Not analysed again just to be found stored (the
                        // writer checks once more, for a URL archived twice).
                        if blocking(|| stored_before(reader, &page.url, inputs.refresh))? {
                            already_stored += 1;
                            progress.done(1);
                            continue;
                        }
                        Fetch::Page(Box::new((page, Origin::Archived(index))))
                    }
                    Record::Failed { key, error } => {
                        progress.more(1);
                        Fetch::Unfetched(Unfetched::ArchiveFailed { key, error })
                    }
                    Record::Skipped { .. } => continue,
                };
                if !send(fetch).await {
                    return Ok(read);
                }
            }
            read.already_stored += already_stored;
            let (counts, seen) = records.finish();
            revisits = seen;
            let summary = Unfetched::ArchiveRead { index, counts, already_stored };
            if !send(Fetch::Unfetched(summary)).await {
                return Ok(read);
            }
        }
        let (mut jobs, mut more) = (inputs.jobs, inputs.more);
        let mut fetcher = None;
        loop {
            if !jobs.is_empty() {
                let fetcher = match &fetcher {
                    Some(fetcher) => fetcher,
                    None => fetcher.insert(Fetcher::new(config)?),
                };
                let mut reports = std::pin::pin!(fetcher.fetch_all(std::mem::take(&mut jobs)));
                while let Some(fetched) = reports.next().await {
                    if !send(fetched.into()).await {
                        return Ok(read);
                    }
                }
            }
            let Some(more) = more.as_mut() else { return Ok(read) };
            let sources = blocking(|| more(reader))?;
            if sources.is_empty() {
                return Ok(read);
            }
            let planned = blocking(|| plan(reader, sources, inputs.refresh))?;
            read.more += planned.inputs;
            read.already_stored += planned.already_stored;
            progress.more((planned.jobs.len() + planned.resumed.len()) as u64);
            if !send_resumed(planned.resumed, reader, &to_analyse, progress).await? {
                return Ok(read);
            }
            jobs = planned.jobs;
        }
    })
}

/// Hands analysis the saved pages of `keys`, sources an interrupted run
/// left `fetched`; false when analysis has stopped.
async fn send_resumed(
    keys: Vec<String>,
    reader: &Store,
    to_analyse: &async_mpsc::Sender<Fetch>,
    progress: &dyn Progress,
) -> Result<bool, StoreError> {
    for key in keys {
        match blocking(|| reader.fetched_page(&key))? {
            Some(page) => {
                if to_analyse.send(Fetch::Page(Box::new((page, Origin::Resumed)))).await.is_err() {
                    return Ok(false);
                }
            }
            None => progress.done(1),
        }
    }
    Ok(true)
}

/// Runs a store read from the fetch stage's runtime: PostgreSQL's client
/// blocks on a runtime of its own, which Tokio allows only outside this one.
fn blocking<T>(read: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(read)
}

/// True when `key` was stored by an earlier run and `--refresh` is off.
fn stored_before(store: &Store, key: &str, refresh: bool) -> Result<bool, StoreError> {
    Ok(!refresh && store.queue_entry(key)?.is_some_and(|e| e.state == SourceState::Stored))
}

/// An analysis thread: derives the articles of the pages it takes and
/// hands everything on to the writer, until the fetch stage is done or the
/// writer has stopped. It takes up to [`Pipeline::batch`] waiting items at
/// a time, so the tone model batches across pages. Archived pages go
/// through the relevance gate when `gate_archives` (no `--all`).
fn analyse_stage(
    pipeline: &Pipeline,
    gate_archives: bool,
    fetched: &Mutex<async_mpsc::Receiver<Fetch>>,
    to_write: &SyncSender<Analysed>,
) {
    loop {
        let batch: Vec<Fetch> = {
            let mut fetched = fetched.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(first) = fetched.blocking_recv() else { return };
            std::iter::once(first)
                .chain(std::iter::from_fn(|| fetched.try_recv().ok()).take(pipeline.batch() - 1))
                .collect()
        };
        let mut pages = Vec::with_capacity(batch.len());
        let mut origins = Vec::with_capacity(batch.len());
        for item in batch {
            match item {
                Fetch::Page(page) => {
                    let (page, origin) = *page;
                    pages.push(page);
                    origins.push(origin);
                }
                Fetch::Unfetched(unfetched) => {
                    if to_write.send(Analysed::Unfetched(unfetched)).is_err() {
                        return;
                    }
                }
            }
        }
        let gated: Vec<bool> =
            origins.iter().map(|origin| gate_archives && matches!(origin, Origin::Archived(_))).collect();
        let analyses = pipeline.analyze_gated(&pages, &gated);
        for ((page, origin), analysis) in pages.into_iter().zip(origins).zip(analyses) {
            if to_write.send(Analysed::Page(Box::new((page, origin, analysis)))).is_err() {
                return;
            }
        }
    }
}

/// The writer: the one thread that talks to the store, so each outcome is
/// recorded in one place whichever way the page arrived.
struct Writer<'p, 'r> {
    pipeline: &'p Pipeline,
    refresh: bool,
    counts: RunCounts,
    /// Ends each group of writes on a shared queue ([`Queue::report`]).
    report: Option<&'r mut (dyn FnMut(&mut Store, &RunCounts) -> Result<(), StoreError> + Send)>,
    progress: &'p dyn Progress,
    /// What became of each archive's records, for its summary.
    archives: Vec<ArchiveSummary>,
}

/// One archive's summary: what the reader found, then what became of its
/// pages. Displayed as `PATH: 7 records, 1 HTML pages, 1 stored, 2 skipped
/// (1 HTTP 302, 1 not HTML or text (image/png)), 0 failed`.
#[derive(Debug, Default)]
pub struct ArchiveSummary {
    path: PathBuf,
    /// What the reader found; `None` until the archive is read to the end.
    read: Option<ArchiveCounts>,
    stored: usize,
    skipped: BTreeMap<String, usize>,
    failed: usize,
}

impl fmt::Display for ArchiveSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unread = ArchiveCounts::default();
        let read = self.read.as_ref().unwrap_or(&unread);
        let mut skipped = read.skipped.clone();
        for (reason, n) in &self.skipped {
            *skipped.entry(reason.clone()).or_default() += n;
        }
        let total: usize = skipped.values().sum();
        let reasons: Vec<String> = skipped.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        let reasons = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) };
        write!(
            f,
            "{}: {} records, {} HTML pages, {} stored, {total} skipped{reasons}, {} failed",
            self.path.display(),
            read.records,
            read.html,
            self.stored,
            read.failed + self.failed,
        )
    }
}

impl ArchiveSummary {
    fn skip(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.to_string()).or_default() += n;
        }
    }
}

impl Writer<'_, '_> {
    /// Records what analysis hands on as it comes, in one transaction per
    /// [`COMMIT_EVERY`] or [`GROUP`] items, until every analysis thread
    /// has stopped. Returning drops the channel, which stops analysis and
    /// then the fetch stage if this failed.
    fn run(mut self, store: &mut Store, analysed: Receiver<Analysed>) -> Result<RunCounts, IngestError> {
        while let Ok(mut item) = analysed.recv() {
            let deadline = Instant::now() + COMMIT_EVERY;
            store.batch(|store| {
                for handled in 1.. {
                    self.write(store, item)?;
                    if handled == GROUP {
                        break;
                    }
                    match analysed.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(next) => item = next,
                        Err(_) => break,
                    }
                }
                match self.report.as_mut() {
                    Some(report) => report(store, &self.counts),
                    None => Ok(()),
                }
            })?;
        }
        // An archive that could not be opened has no summary (its error was told).
        for summary in self.archives.iter().filter(|summary| summary.read.is_some()) {
            self.progress.archive(summary);
        }
        Ok(self.counts)
    }

    /// Counts what became of a page in its archive's summary, if it came
    /// from one: stored, skipped for a reason, or failed (`Err(None)`).
    fn tally(&mut self, origin: &Origin, outcome: Result<(), Option<&str>>) {
        let Origin::Archived(index) = *origin else { return };
        let tally = &mut self.archives[index];
        match outcome {
            Ok(()) => tally.stored += 1,
            Err(Some(reason)) => tally.skip(reason, 1),
            Err(None) => tally.failed += 1,
        }
    }

    fn write(&mut self, store: &mut Store, item: Analysed) -> Result<(), StoreError> {
        match item {
            Analysed::Page(page) => {
                let (page, origin, analysis) = *page;
                self.page(store, &page, origin, analysis)
            }
            Analysed::Unfetched(unfetched) => self.unfetched(store, unfetched),
        }
    }

    /// Saves a page with its article, claims and tone, unless it duplicates
    /// another page or has not changed.
    fn page(
        &mut self,
        store: &mut Store,
        page: &Page,
        origin: Origin,
        analysis: Result<Analysis, Unanalysed>,
    ) -> Result<(), StoreError> {
        // An analysed page is saved with its article in one step.
        let derived = analysis.as_ref().ok().map(|a| Derived { article: &a.article, tone: &a.tone, claims: &a.claims });
        let saved = match origin {
            // Its bytes are what the interrupted run saved.
            Origin::Resumed => Saved::Fetched,
            Origin::Archived(_) => {
                store.enqueue(std::slice::from_ref(&page.url))?;
                if stored_before(store, &page.url, self.refresh)? {
                    self.counts.already_stored += 1;
                    self.tally(&origin, Err(Some("already stored")));
                    self.progress.done(1);
                    return Ok(());
                }
                store.save_page(page, &Validators::default(), derived)?
            }
            Origin::Fetched(ref validators) => store.save_page(page, validators, derived)?,
        };
        match saved {
            Saved::Stored => {
                self.counts.stored += 1;
                self.counts.claims += analysis.map_or(0, |a| a.claims.len());
                self.tally(&origin, Ok(()));
            }
            Saved::Fetched => {
                let recorded = self.pipeline.record_counted(
                    store,
                    page,
                    analysis,
                    OnFailure::Record,
                    &mut self.counts,
                    self.progress,
                )?;
                let outcome = match recorded {
                    Outcome::Stored { .. } => Ok(()),
                    Outcome::NotRelevant => Err(Some("not about Treasury holdings")),
                    Outcome::Failed(_) => Err(None),
                };
                self.tally(&origin, outcome);
            }
            Saved::Unchanged => {
                self.counts.unchanged += 1;
                self.tally(&origin, Err(Some("unchanged")));
            }
            Saved::DuplicateOf(_) => {
                self.counts.skipped += 1;
                self.tally(&origin, Err(Some("duplicate of another page")));
            }
        }
        self.progress.done(1);
        Ok(())
    }

    fn unfetched(&mut self, store: &mut Store, unfetched: Unfetched) -> Result<(), StoreError> {
        let last = match unfetched {
            Unfetched::NotModified(key) => {
                store.mark_not_modified(&key)?;
                self.counts.unchanged += 1;
                true
            }
            Unfetched::Failed {
                key,
                error: err @ (FetchError::Disallowed { .. } | FetchError::RobotsUnavailable { .. }),
                ..
            } => {
                store.record_skip(&key, Reason::Robots, &err.to_string())?;
                self.counts.skipped += 1;
                true
            }
            Unfetched::Failed { key, error, retry_at } => {
                let failure = Failure {
                    reason: fetch_reason(&error),
                    status: error.status(),
                    message: &error.to_string(),
                    retry_at,
                };
                store.record_attempt(&key, &failure)?;
                if retry_at.is_none() {
                    fail(&mut self.counts, self.progress, failure.message);
                }
                retry_at.is_none()
            }
            Unfetched::ArchiveFailed { key, error } => {
                let reason = match error {
                    WarcError::Payload { .. } => Reason::BadResponse,
                    WarcError::Open { .. } | WarcError::Damaged { .. } => Reason::Unreadable,
                };
                let failure =
                    Failure { reason: Some(reason), status: None, message: &error.to_string(), retry_at: None };
                store.record_attempt(&key, &failure)?;
                fail(&mut self.counts, self.progress, failure.message);
                true
            }
            Unfetched::ArchiveRead { index, counts, already_stored } => {
                let tally = &mut self.archives[index];
                tally.read = Some(counts);
                tally.skip("already stored", already_stored);
                false
            }
        };
        if last {
            self.progress.done(1);
        }
        Ok(())
    }
}

/// The queue's one-word reason for a fetch failure.
fn fetch_reason(err: &FetchError) -> Option<Reason> {
    Some(match err {
        FetchError::Client { .. } => return None,
        FetchError::Status { .. } => Reason::HttpStatus,
        FetchError::Unsupported { .. } => Reason::Unsupported,
        FetchError::Disallowed { .. } | FetchError::RobotsUnavailable { .. } => Reason::Robots,
        FetchError::TooLarge { .. } => Reason::TooLarge,
        FetchError::Timeout { .. } => Reason::Timeout,
        FetchError::RedirectLoop { .. } | FetchError::TooManyRedirects { .. } => Reason::Redirects,
        FetchError::Connect { .. } => Reason::Connect,
        FetchError::PrivateAddress { .. } => Reason::PrivateAddress,
        FetchError::Transfer { .. } => Reason::Transfer,
        FetchError::BadResponse { .. } => Reason::BadResponse,
        FetchError::Unreadable { .. } => Reason::Unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holdings::Holdings;
    use crate::pipeline::{ToneModel, ToneSettings};
    use crate::verify::Rules;

    /// What a run told its caller.
    #[derive(Default)]
    struct Heard {
        more: Mutex<u64>,
        done: Mutex<u64>,
        failed: Mutex<Vec<(String, usize)>>,
    }

    impl Progress for Heard {
        fn more(&self, pages: u64) {
            *self.more.lock().unwrap() += pages;
        }
        fn done(&self, pages: u64) {
            *self.done.lock().unwrap() += pages;
        }
        fn failed(&self, message: &str, failures: usize) {
            self.failed.lock().unwrap().push((message.to_string(), failures));
        }
    }

    /// A loopback site with one article (`/china`); every other path is 404.
    fn site() -> String {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let reply = match request.url() {
                    "/china" => tiny_http::Response::from_string(
                        "China\n\nChina's holdings of US Treasuries fell to $682.6 billion in November 2025.\n",
                    )
                    .with_header(tiny_http::Header::from_bytes("Content-Type", "text/plain").unwrap()),
                    _ => tiny_http::Response::from_string("").with_status_code(404),
                };
                let _ = request.respond(reply);
            }
        });
        base
    }

    #[test]
    fn a_run_stores_what_it_can_records_the_rest_and_reports_every_page() {
        let base = site();
        let dir = tempfile::tempdir().unwrap();
        let db = Location::Sqlite(dir.path().join("ingest.db"));
        let tone = ToneSettings { model: ToneModel::Lexicon, ..ToneSettings::default() };
        let pipeline = Pipeline::new(Holdings::bundled(), Rules::default(), &tone).unwrap();
        let fetch = FetchConfig { host_delay: Duration::ZERO, ..FetchConfig::default() };
        let (sources, errors) = fetch::expand_inputs(&[format!("{base}/china"), format!("{base}/gone")]);
        assert!(errors.is_empty(), "{errors:?}");

        let heard = Heard::default();
        let settings = IngestSettings::default();
        let ingest = Ingest { pipeline: &pipeline, db: &db, fetch: &fetch, settings: &settings, progress: &heard };
        let mut store = Store::open_at(&db).unwrap();
        let counts = ingest.run(&mut store, &sources).unwrap();
        assert_eq!((counts.inputs, counts.stored, counts.claims, counts.failed), (2, 1, 1, 1), "{counts:?}");
        assert_eq!((*heard.more.lock().unwrap(), *heard.done.lock().unwrap()), (2, 2));
        let failed = heard.failed.lock().unwrap().clone();
        assert!(
            matches!(&failed[..], [(message, 1)] if message.contains("/gone") && message.contains("404")),
            "{failed:?}"
        );
        let gone = store.queue_entry(&format!("{base}/gone")).unwrap().map(|e| e.state);
        assert_eq!(gone, Some(SourceState::Failed));

        // A second run, on a fresh connection as a new process would open,
        // finds the article stored and fetches only the failed page again.
        let mut store = Store::open_at(&db).unwrap();
        let again = ingest.run(&mut store, &sources).unwrap();
        assert_eq!((again.already_stored, again.stored, again.failed), (1, 0, 1), "{again:?}");
        assert_eq!(*heard.done.lock().unwrap(), 3);
    }
}
