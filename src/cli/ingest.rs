//! `claimscope ingest`: inputs → queue → fetch (politely, with retries) →
//! analyse → store, with a progress bar and a summary.
//!
//! The three stages overlap: fetching runs on Tokio, analysis on a thread
//! per core, and one writer thread owns the database. Pages in between are
//! bounded by [`IN_FLIGHT`], so a slow stage holds back the fetching and
//! memory stays flat.
//!
//! The queue lives in the database, so a run killed at any moment (even
//! SIGKILL) is picked up by the next one: stored pages are skipped, pages
//! whose raw bytes were saved are analysed without fetching again, and the
//! rest (pending, in flight, failed, skipped) are fetched again. The writer
//! commits its writes in groups ([`Store::batch`]), each write still all or
//! nothing, so a kill loses at most the open group and nothing is stored
//! twice.

use std::io::{IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use claimscope::extract::ExtractError;
use claimscope::fetch::{self, FetchConfig, FetchError, Fetched, Fetcher, Job, Page, Reply, Source, Validators};
use claimscope::holdings::Holdings;
use claimscope::report::{self, RunCounts};
use claimscope::store::{Failure, Location, Reason, Saved, SourceState, Store};
use claimscope::verify::Rules;

use super::pipeline::{holdings_of, Analysis, Pipeline};

/// Pages between fetched and stored at once: enough to keep the analysis
/// threads and the writer busy, few enough that memory stays flat (tens of
/// pages, a few MB).
const IN_FLIGHT: usize = 64;

/// The writer commits what it has recorded after this long (or [`GROUP`]
/// messages): each commit costs WAL frames and a full-text index flush, so
/// pages are grouped, yet a killed run loses at most this much work and a
/// reader sees progress this often.
const COMMIT_EVERY: Duration = Duration::from_millis(200);

/// Most messages the writer records in one transaction.
const GROUP: usize = 256;

/// Output and refetch switches for a run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub quiet: bool,
    pub json: bool,
    /// Re-fetch stored pages too, conditionally (ETag, Last-Modified).
    pub refresh: bool,
    pub rules: Rules,
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
    let pipeline = Pipeline::new(holdings_of(&store)?, opts.rules)?;
    let counts = match db {
        Location::Postgres(_) => super::worker::run(&mut store, db, &pipeline, &sources, config, opts)?,
        Location::Sqlite(_) => {
            let (files, archives): (Vec<&Source>, Vec<&Source>) =
                sources.iter().partition(|source| !matches!(source, Source::Warc(_)));
            store.enqueue(&files.iter().map(|source| source.key()).collect::<Vec<_>>())?;
            let archives = archives.into_iter().cloned().collect();
            process(&mut store, &pipeline, files.into_iter().cloned().collect(), archives, config, opts)?
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
    pipeline: &Pipeline,
    sources: Vec<Source>,
    archives: Vec<Source>,
    config: &FetchConfig,
    opts: Options,
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

    let bar = progress_bar((jobs.len() + resumed.len()) as u64, opts.quiet);
    let (inbox, messages) = mpsc::channel();
    let (to_analyse, pages) = mpsc::channel();
    let writer = Writer { refresh: opts.refresh, counts, bar: bar.clone(), to_analyse, analysing: 0 };
    let threads = opts.analysis_threads.unwrap_or_else(|| thread::available_parallelism().map_or(2, |n| n.get()));
    let (counts, read) = thread::scope(|scope| {
        let pages = Arc::new(Mutex::new(pages));
        for _ in 0..threads.max(1) {
            let (pages, inbox) = (Arc::clone(&pages), inbox.clone());
            scope.spawn(move || analyse(pipeline, &pages, &inbox));
        }
        let writing = scope.spawn(move || writer.run(store, messages));
        let read = produce(resumed, &archives, jobs, config, &inbox, &bar);
        // Whatever stopped the producer, the writer finishes what it was
        // handed (or has failed, which is the error to report).
        let _ = inbox.send(Message::End);
        let counts = writing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        anyhow::Ok((counts?, read?))
    })?;
    bar.finish_and_clear();
    Ok(RunCounts { inputs: counts.inputs + read.pages, input_errors: counts.input_errors + read.errors, ..counts })
}

/// A permit for one page in flight ([`IN_FLIGHT`]), held until the page's
/// last step is done.
type Permit = OwnedSemaphorePermit;

/// What the writer is handed: a page at one of its steps (boxed: an
/// analysed page is large, the end marker is not), or the end of the inputs.
enum Message {
    Step(Box<Step>, Permit),
    End,
}

/// A page's steps through the writer: it arrives fetched, archived or left
/// `fetched` by an interrupted run, and comes back analysed.
enum Step {
    Fetched(Fetched),
    Archived(Page),
    Resumed(String),
    Analysed(Page, Result<Analysis, ExtractError>),
}

/// Pages read from archives, and archives or records that could not be
/// read, which the producer counts itself as it reads them.
#[derive(Default)]
struct Read {
    pages: usize,
    errors: usize,
}

/// Hands the writer every page in turn, each with a permit: resumed pages,
/// then archived ones, then what the fetcher reports.
fn produce(
    resumed: Vec<String>,
    archives: &[Source],
    jobs: Vec<Job>,
    config: &FetchConfig,
    inbox: &Sender<Message>,
    bar: &ProgressBar,
) -> anyhow::Result<Read> {
    let mut read = Read::default();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let in_flight = Arc::new(Semaphore::new(IN_FLIGHT));
    // A failed send means the writer stopped on an error, which run reports.
    let send = |step: Step| {
        let in_flight = Arc::clone(&in_flight);
        async move {
            let permit = in_flight.acquire_owned().await?;
            anyhow::Ok(inbox.send(Message::Step(Box::new(step), permit)).is_ok())
        }
    };
    runtime.block_on(async {
        for key in resumed {
            if !send(Step::Resumed(key)).await? {
                return Ok(read);
            }
        }
        for archive in archives {
            let Source::Warc(path) = archive else { continue };
            let pages = match fetch::read_warc(path) {
                Ok(pages) => pages,
                Err(err) => {
                    read.errors += 1;
                    bar.suspend(|| eprintln!("claimscope: {err}"));
                    continue;
                }
            };
            for page in pages {
                bar.inc_length(1);
                match page {
                    Ok(page) => {
                        read.pages += 1;
                        if !send(Step::Archived(page)).await? {
                            return Ok(read);
                        }
                    }
                    Err(err) => {
                        read.errors += 1;
                        bar.suspend(|| eprintln!("claimscope: {err}"));
                        bar.inc(1);
                    }
                }
            }
        }
        if jobs.is_empty() {
            return Ok(read);
        }
        let fetcher = Fetcher::new(config)?;
        let mut reports = std::pin::pin!(fetcher.fetch_all(jobs));
        while let Some(fetched) = reports.next().await {
            if !send(Step::Fetched(fetched)).await? {
                break;
            }
        }
        Ok(read)
    })
}

/// An analysis thread: derives the articles of the pages the writer saved
/// and hands them back, until the writer stops handing out pages. It takes
/// up to [`Pipeline::batch`] waiting pages at a time.
fn analyse(pipeline: &Pipeline, pages: &Mutex<Receiver<(Page, Permit)>>, inbox: &Sender<Message>) {
    loop {
        let (batch, permits): (Vec<Page>, Vec<Permit>) = {
            let pages = pages.lock().unwrap_or_else(PoisonError::into_inner);
            let Ok(first) = pages.recv() else { return };
            std::iter::once(first).chain(std::iter::from_fn(|| pages.try_recv().ok()).take(pipeline.batch() - 1)).unzip()
        };
        // A panic would leave the writer waiting for these pages forever:
        // end the process as a panic on the main thread would (the hook has
        // printed it; the database is safe, as after any kill).
        let analyses = std::panic::catch_unwind(AssertUnwindSafe(|| pipeline.analyze_pages(&batch)))
            .unwrap_or_else(|_| std::process::exit(101));
        for ((page, permit), analysis) in batch.into_iter().zip(permits).zip(analyses) {
            if inbox.send(Message::Step(Box::new(Step::Analysed(page, analysis)), permit)).is_err() {
                return;
            }
        }
    }
}

/// The writer: the one thread that talks to the store, so each outcome is
/// recorded in one place whichever way the page arrived.
struct Writer {
    refresh: bool,
    counts: RunCounts,
    bar: ProgressBar,
    to_analyse: Sender<(Page, Permit)>,
    /// Pages handed to the analysis threads and not yet back.
    analysing: usize,
}

impl Writer {
    /// Records the messages as they come, in one transaction per
    /// [`COMMIT_EVERY`] or [`GROUP`] messages, until the inputs have ended
    /// and every analysis is back. Returning drops the analysis queue, which
    /// ends the analysis threads, and the inbox, which stops the producer if
    /// this failed.
    fn run(mut self, store: &mut Store, messages: Receiver<Message>) -> anyhow::Result<RunCounts> {
        let mut ended = false;
        let done = |ended: bool, writer: &Writer| ended && writer.analysing == 0;
        while !done(ended, &self) {
            let Ok(mut message) = messages.recv() else { break };
            let deadline = Instant::now() + COMMIT_EVERY;
            store.batch(|store| {
                for handled in 1.. {
                    match message {
                        Message::Step(step, permit) => self.step(store, *step, permit)?,
                        Message::End => ended = true,
                    }
                    if handled == GROUP || done(ended, &self) {
                        break;
                    }
                    match messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(next) => message = next,
                        Err(_) => break,
                    }
                }
                anyhow::Ok(())
            })?;
        }
        Ok(self.counts)
    }

    fn step(&mut self, store: &mut Store, step: Step, permit: Permit) -> anyhow::Result<()> {
        match step {
            Step::Fetched(fetched) => self.fetched(store, fetched, permit)?,
            Step::Archived(page) => {
                store.enqueue(std::slice::from_ref(&page.url))?;
                let stored = store.queue_entry(&page.url)?.is_some_and(|e| e.state == SourceState::Stored);
                if stored && !self.refresh {
                    self.counts.already_stored += 1;
                    self.bar.inc(1);
                } else {
                    self.page(store, page, &Validators::default(), permit)?;
                }
            }
            Step::Resumed(key) => match store.fetched_page(&key)? {
                Some(page) => self.hand_over(page, permit),
                None => self.bar.inc(1),
            },
            Step::Analysed(page, analysis) => {
                self.analysing -= 1;
                self.analysed(store, &page, analysis)?;
                self.bar.inc(1);
            }
        }
        Ok(())
    }

    fn fetched(&mut self, store: &mut Store, fetched: Fetched, permit: Permit) -> anyhow::Result<()> {
        let key = fetched.source.key();
        let last = fetched.retry_at.is_none();
        match fetched.reply {
            Ok(Reply::Page { page, validators }) => return self.page(store, page, &validators, permit),
            Ok(Reply::NotModified) => {
                store.mark_not_modified(&key)?;
                self.counts.unchanged += 1;
            }
            Err(err @ (FetchError::Disallowed { .. } | FetchError::RobotsUnavailable { .. })) => {
                store.record_skip(&key, Reason::Robots, &err.to_string())?;
                self.counts.skipped += 1;
            }
            Err(err) => {
                let failure = Failure {
                    reason: fetch_reason(&err),
                    status: err.status(),
                    message: &err.to_string(),
                    retry_at: fetched.retry_at,
                };
                self.failed(store, &key, &failure)?;
            }
        }
        if last {
            self.bar.inc(1);
        }
        Ok(())
    }

    /// Saves a fetched page, then hands it to analysis unless it duplicates
    /// another page or has not changed.
    fn page(&mut self, store: &mut Store, page: Page, validators: &Validators, permit: Permit) -> anyhow::Result<()> {
        match store.save_page(&page, validators)? {
            Saved::Fetched => self.hand_over(page, permit),
            Saved::Unchanged => {
                self.counts.unchanged += 1;
                self.bar.inc(1);
            }
            Saved::DuplicateOf(_) => {
                self.counts.skipped += 1;
                self.bar.inc(1);
            }
        }
        Ok(())
    }

    /// Queues a saved page for the analysis threads, which live until this
    /// writer is done.
    fn hand_over(&mut self, page: Page, permit: Permit) {
        if self.to_analyse.send((page, permit)).is_ok() {
            self.analysing += 1;
        }
    }

    /// Stores a page's article, claims and tone, or why it has none.
    fn analysed(
        &mut self,
        store: &mut Store,
        page: &Page,
        analysis: Result<Analysis, ExtractError>,
    ) -> anyhow::Result<()> {
        match analysis {
            Ok(analysis) => {
                store.save_article(page, &analysis.article, &analysis.tone, &analysis.claims)?;
                self.counts.stored += 1;
                self.counts.claims += analysis.claims.len();
                Ok(())
            }
            Err(err) => {
                let reason = match err {
                    ExtractError::Unsupported { .. } => Reason::Unsupported,
                    ExtractError::NoText { .. } => Reason::NoText,
                };
                let message = err.to_string();
                let failure = Failure { reason: Some(reason), status: Some(page.status), message: &message, retry_at: None };
                self.failed(store, &page.url, &failure)
            }
        }
    }

    /// Records a failed attempt; a final one is counted and printed.
    fn failed(&mut self, store: &mut Store, key: &str, failure: &Failure<'_>) -> anyhow::Result<()> {
        store.record_attempt(key, failure)?;
        if failure.retry_at.is_none() {
            self.counts.failed += 1;
            self.bar.set_message(format!("{} failed", self.counts.failed));
            self.bar.suspend(|| eprintln!("claimscope: {}", failure.message));
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
