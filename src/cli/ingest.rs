//! `claimscope ingest`: inputs → queue → fetch (politely, with retries) →
//! analyse → store, with a progress bar and a summary.
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
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc as async_mpsc;

use claimscope::fetch::{
    self, ArchiveCounts, FetchConfig, FetchError, Fetched, Fetcher, Job, Page, Record, Reply, Revisits, Source, Validators,
    WarcError,
};
use claimscope::holdings::Holdings;
use claimscope::pipeline::{holdings_of, Analysis, OnFailure, Outcome, Pipeline, ToneSettings, Unanalysed};
use claimscope::report::{self, RunCounts};
use claimscope::store::{Failure, Location, Reason, Saved, SourceState, Store, StoreError};
use claimscope::verify::Rules;

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

/// Output and refetch switches for a run.
#[derive(Debug, Clone)]
pub struct Options {
    pub quiet: bool,
    pub json: bool,
    /// Re-fetch stored pages too, conditionally (ETag, Last-Modified).
    pub refresh: bool,
    /// Analyse every archived page, not only those about Treasury holdings.
    pub all: bool,
    pub rules: Rules,
    pub tone: ToneSettings,
    /// Analysis threads; one per core when `None`.
    pub analysis_threads: Option<usize>,
    /// How a worker on a shared PostgreSQL queue claims and leases.
    pub fleet: super::worker::Fleet,
}

pub fn run(
    inputs: &[String],
    db: &Location,
    config: &FetchConfig,
    opts: Options,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if inputs.is_empty() && matches!(db, Location::Sqlite(_)) {
        anyhow::bail!(
            "give at least one INPUT (a URL, a file of URLs, an article file, a directory or an archive); \
             only a worker on a shared PostgreSQL queue runs without one"
        );
    }
    let (sources, input_errors) = fetch::expand_inputs(inputs);
    for e in &input_errors {
        eprintln!("claimscope: {e}");
    }
    let mut store = Store::open_at(db)?;
    // The figures claims are checked against sit beside them, so the
    // database answers "checked against what?" on its own (a no-op once stored).
    store.save_holdings(Holdings::bundled().revisions())?;
    let pipeline = Pipeline::new(holdings_of(&store)?, opts.rules, &opts.tone)?;
    let counts = match db {
        Location::Postgres(_) => super::worker::run(&mut store, db, &pipeline, &sources, config, &opts)?,
        Location::Sqlite(_) => {
            let (files, archives): (Vec<&Source>, Vec<&Source>) =
                sources.iter().partition(|source| !matches!(source, Source::Archive(_)));
            store.enqueue(&files.iter().map(|source| source.key()).collect::<Vec<_>>())?;
            let archives = archives.into_iter().cloned().collect();
            process(&mut store, db, &pipeline, files.into_iter().cloned().collect(), archives, config, &opts)?
        }
    };
    let counts = RunCounts { input_errors: counts.input_errors + input_errors.len(), ..counts };

    if !opts.quiet || opts.json {
        let summary = store.summary()?;
        report::write_summary(out, &db.to_string(), &counts, &summary, opts.json)?;
    }
    let nothing_done = counts.stored + counts.already_stored + counts.unchanged + counts.skipped == 0;
    let something_failed = counts.failed > 0 || counts.input_errors > 0;
    Ok(if nothing_done && something_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Fetches, analyses and stores `sources` (already in the queue) and reads
/// the `archives`, and returns what happened to them.
pub(super) fn process(
    store: &mut Store,
    db: &Location,
    pipeline: &Pipeline,
    sources: Vec<Source>,
    archives: Vec<Source>,
    config: &FetchConfig,
    opts: &Options,
) -> anyhow::Result<RunCounts> {
    let keys: Vec<String> = sources.iter().map(Source::key).collect();
    let mut counts = RunCounts { inputs: keys.len(), ..RunCounts::default() };
    let mut jobs = Vec::with_capacity(sources.len());
    let mut resumed = Vec::new();
    for (source, key) in sources.into_iter().zip(keys) {
        let entry = store.queue_entry(&key)?;
        match entry {
            Some(entry) if entry.state == SourceState::Stored => {
                if opts.refresh && matches!(source, Source::Url(_)) {
                    jobs.push(Job { source, validators: Some(entry.validators), not_before: None });
                } else {
                    counts.already_stored += 1;
                }
            }
            Some(entry) if entry.state == SourceState::Fetched => resumed.push(key),
            entry => jobs.push(Job { source, validators: None, not_before: entry.and_then(|e| e.next_attempt) }),
        }
    }

    // The fetch stage reads resumed pages and archive duplicates through its
    // own connection, while the writer writes through `store`.
    let reader = Store::open_at(db)?;
    let bar = progress_bar((jobs.len() + resumed.len()) as u64, opts.quiet);
    let (to_analyse, fetched) = async_mpsc::channel(QUEUED);
    let (to_write, analysed) = mpsc::sync_channel(QUEUED);
    let writer = Writer {
        pipeline,
        refresh: opts.refresh,
        quiet: opts.quiet,
        counts,
        bar: bar.clone(),
        archives: archives.iter().map(|_| Tally::default()).collect(),
    };
    let gate_archives = !opts.all;
    let threads = opts.analysis_threads.unwrap_or_else(|| thread::available_parallelism().map_or(2, |n| n.get()));
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
        let inputs = Inputs { resumed, archives: &archives, jobs, refresh: opts.refresh };
        // Returning drops `to_analyse`: the analysers finish what they hold
        // and stop, and then so does the writer.
        let read = fetch_stage(inputs, config, &reader, to_analyse, &bar);
        let counts = writing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A panic in analysis cost only the pages it held (still queued for
        // the next run); it is reported once the rest is safely written.
        for analyser in analysers {
            analyser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        anyhow::Ok((counts?, read?))
    })?;
    bar.finish_and_clear();
    Ok(RunCounts {
        inputs: counts.inputs + read.pages,
        input_errors: counts.input_errors + read.errors,
        already_stored: counts.already_stored + read.already_stored,
        ..counts
    })
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
    ArchiveRead { index: usize, path: PathBuf, counts: ArchiveCounts, already_stored: usize },
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
struct Inputs<'a> {
    /// Keys of pages an interrupted run saved but did not analyse.
    resumed: Vec<String>,
    archives: &'a [Source],
    jobs: Vec<Job>,
    /// `--refresh`: archived pages stored before are read again too.
    refresh: bool,
}

/// What the fetch stage counted itself: pages read from archives, archives
/// or records that could not be read, and archived pages stored before.
#[derive(Default)]
struct Read {
    pages: usize,
    errors: usize,
    already_stored: usize,
}

/// The fetch stage: hands analysis every page in turn (resumed pages, then
/// archived ones, then what the fetcher reports), waiting while the channel
/// is full. Stops early when analysis has stopped (the writer failed, which
/// `run` reports).
fn fetch_stage(
    inputs: Inputs<'_>,
    config: &FetchConfig,
    reader: &Store,
    to_analyse: async_mpsc::Sender<Fetch>,
    bar: &ProgressBar,
) -> anyhow::Result<Read> {
    let mut read = Read::default();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let send = |fetch: Fetch| async { to_analyse.send(fetch).await.is_ok() };
    runtime.block_on(async {
        for key in inputs.resumed {
            match blocking(|| reader.fetched_page(&key))? {
                Some(page) => {
                    if !send(Fetch::Page(Box::new((page, Origin::Resumed)))).await {
                        return Ok(read);
                    }
                }
                None => bar.inc(1),
            }
        }
        // Revisits resolve against the records of every archive read so far.
        let mut revisits = Revisits::default();
        for (index, archive) in inputs.archives.iter().enumerate() {
            let Source::Archive(path) = archive else { continue };
            let mut records = match fetch::read_archive(path, config.max_bytes, std::mem::take(&mut revisits)) {
                Ok(records) => records,
                Err(err) => {
                    read.errors += 1;
                    bar.suspend(|| eprintln!("claimscope: {err}"));
                    continue;
                }
            };
            let mut already_stored = 0;
            for record in records.by_ref() {
                let fetch = match record {
                    Record::Page { page, .. } => {
                        read.pages += 1;
                        bar.inc_length(1);
                        // Not analysed again just to be found stored (the
                        // writer checks once more, for a URL archived twice).
                        if blocking(|| stored_before(reader, &page.url, inputs.refresh))? {
                            already_stored += 1;
                            bar.inc(1);
                            continue;
                        }
                        Fetch::Page(Box::new((page, Origin::Archived(index))))
                    }
                    Record::Failed { key, error } => {
                        bar.inc_length(1);
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
            let summary = Unfetched::ArchiveRead { index, path: path.clone(), counts, already_stored };
            if !send(Fetch::Unfetched(summary)).await {
                return Ok(read);
            }
        }
        if inputs.jobs.is_empty() {
            return Ok(read);
        }
        let fetcher = Fetcher::new(config)?;
        let mut reports = std::pin::pin!(fetcher.fetch_all(inputs.jobs));
        while let Some(fetched) = reports.next().await {
            if !send(fetched.into()).await {
                break;
            }
        }
        Ok(read)
    })
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
            std::iter::once(first).chain(std::iter::from_fn(|| fetched.try_recv().ok()).take(pipeline.batch() - 1)).collect()
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
        let gated: Vec<bool> = origins.iter().map(|origin| gate_archives && matches!(origin, Origin::Archived(_))).collect();
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
struct Writer<'p> {
    pipeline: &'p Pipeline,
    refresh: bool,
    quiet: bool,
    counts: RunCounts,
    bar: ProgressBar,
    /// What became of each archive's records, for its summary line.
    archives: Vec<Tally>,
}

/// One archive's summary: what the reader found, then what became of its
/// pages.
#[derive(Default)]
struct Tally {
    path: Option<PathBuf>,
    read: ArchiveCounts,
    stored: usize,
    skipped: BTreeMap<String, usize>,
    failed: usize,
}

impl Tally {
    /// `PATH: 7 records, 1 HTML pages, 1 stored, 2 skipped (1 HTTP 302, 1
    /// not HTML or text (image/png)), 0 failed`.
    fn line(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut skipped = self.read.skipped.clone();
        for (reason, n) in &self.skipped {
            *skipped.entry(reason.clone()).or_default() += n;
        }
        let total: usize = skipped.values().sum();
        let reasons: Vec<String> = skipped.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        let reasons = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) };
        Some(format!(
            "{}: {} records, {} HTML pages, {} stored, {total} skipped{reasons}, {} failed",
            path.display(),
            self.read.records,
            self.read.html,
            self.stored,
            self.read.failed + self.failed,
        ))
    }

    fn skip(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.to_string()).or_default() += n;
        }
    }
}

impl Writer<'_> {
    /// Records what analysis hands on as it comes, in one transaction per
    /// [`COMMIT_EVERY`] or [`GROUP`] items, until every analysis thread
    /// has stopped. Returning drops the channel, which stops analysis and
    /// then the fetch stage if this failed.
    fn run(mut self, store: &mut Store, analysed: Receiver<Analysed>) -> anyhow::Result<RunCounts> {
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
                anyhow::Ok(())
            })?;
        }
        if !self.quiet {
            for line in self.archives.iter().filter_map(Tally::line) {
                self.bar.suspend(|| eprintln!("claimscope: {line}"));
            }
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

    fn write(&mut self, store: &mut Store, item: Analysed) -> anyhow::Result<()> {
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
    ) -> anyhow::Result<()> {
        let saved = match origin {
            // Its bytes are what the interrupted run saved.
            Origin::Resumed => Saved::Fetched,
            Origin::Archived(_) => {
                store.enqueue(std::slice::from_ref(&page.url))?;
                if stored_before(store, &page.url, self.refresh)? {
                    self.counts.already_stored += 1;
                    self.tally(&origin, Err(Some("already stored")));
                    self.bar.inc(1);
                    return Ok(());
                }
                store.save_page(page, &Validators::default())?
            }
            Origin::Fetched(ref validators) => store.save_page(page, validators)?,
        };
        match saved {
            Saved::Fetched => match self.pipeline.record(store, page, analysis, OnFailure::Record)? {
                Outcome::Stored { claims } => {
                    self.counts.stored += 1;
                    self.counts.claims += claims;
                    self.tally(&origin, Ok(()));
                }
                Outcome::NotRelevant => {
                    self.counts.skipped += 1;
                    self.tally(&origin, Err(Some("not about Treasury holdings")));
                }
                Outcome::Failed(err) => {
                    self.tally(&origin, Err(None));
                    self.count_failure(&err.to_string());
                }
            },
            Saved::Unchanged => {
                self.counts.unchanged += 1;
                self.tally(&origin, Err(Some("unchanged")));
            }
            Saved::DuplicateOf(_) => {
                self.counts.skipped += 1;
                self.tally(&origin, Err(Some("duplicate of another page")));
            }
        }
        self.bar.inc(1);
        Ok(())
    }

    fn unfetched(&mut self, store: &mut Store, unfetched: Unfetched) -> anyhow::Result<()> {
        let last = match unfetched {
            Unfetched::NotModified(key) => {
                store.mark_not_modified(&key)?;
                self.counts.unchanged += 1;
                true
            }
            Unfetched::Failed { key, error: err @ (FetchError::Disallowed { .. } | FetchError::RobotsUnavailable { .. }), .. } => {
                store.record_skip(&key, Reason::Robots, &err.to_string())?;
                self.counts.skipped += 1;
                true
            }
            Unfetched::Failed { key, error, retry_at } => {
                let failure =
                    Failure { reason: fetch_reason(&error), status: error.status(), message: &error.to_string(), retry_at };
                store.record_attempt(&key, &failure)?;
                if retry_at.is_none() {
                    self.count_failure(failure.message);
                }
                retry_at.is_none()
            }
            Unfetched::ArchiveFailed { key, error } => {
                let reason = match error {
                    WarcError::Payload { .. } => Reason::BadResponse,
                    WarcError::Open { .. } | WarcError::Damaged { .. } => Reason::Unreadable,
                };
                let failure = Failure { reason: Some(reason), status: None, message: &error.to_string(), retry_at: None };
                store.record_attempt(&key, &failure)?;
                self.count_failure(failure.message);
                true
            }
            Unfetched::ArchiveRead { index, path, counts, already_stored } => {
                let tally = &mut self.archives[index];
                tally.path = Some(path);
                tally.read = counts;
                tally.skip("already stored", already_stored);
                false
            }
        };
        if last {
            self.bar.inc(1);
        }
        Ok(())
    }

    /// Counts and prints a page's final failure.
    fn count_failure(&mut self, message: &str) {
        self.counts.failed += 1;
        self.bar.set_message(format!("{} failed", self.counts.failed));
        self.bar.suspend(|| eprintln!("claimscope: {message}"));
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

/// Done/total, rate, ETA and failures on stderr; hidden with `--quiet` or
/// when stderr is not a terminal (logs and scripts).
pub(super) fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} pages ({per_sec}, eta {eta}) {msg}",
        )
        .expect("static template"),
    );
    bar
}
