//! `claimscope ingest`: inputs → queue → fetch (politely, with retries) →
//! analyse → store, with a progress bar and a summary.
//!
//! The queue lives in the database, so a run killed at any moment (even
//! SIGKILL) is picked up by the next one: stored pages are skipped, pages
//! whose raw bytes were saved are analysed without fetching again, and the
//! rest (pending, in flight, failed, skipped) are fetched again. Every write
//! is its own transaction, so nothing is stored twice.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use claimscope::extract::ExtractError;
use claimscope::fetch::{self, FetchConfig, FetchError, Fetched, Fetcher, Job, Page, Reply, Source, Validators};
use claimscope::holdings::Holdings;
use claimscope::report::{self, RunCounts};
use claimscope::store::{Failure, Reason, Saved, SourceState, Store};
use claimscope::verify::Rules;

use super::pipeline::{holdings_of, Pipeline};

/// Output and refetch switches for a run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub quiet: bool,
    pub json: bool,
    /// Re-fetch stored pages too, conditionally (ETag, Last-Modified).
    pub refresh: bool,
    pub rules: Rules,
}

pub fn run(
    inputs: &[String],
    db: &Path,
    config: &FetchConfig,
    opts: Options,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (sources, input_errors) = fetch::expand_inputs(inputs);
    for e in &input_errors {
        eprintln!("claimscope: {e}");
    }
    let mut store = Store::open(db)?;
    let (archives, sources): (Vec<Source>, Vec<Source>) =
        sources.into_iter().partition(|source| matches!(source, Source::Warc(_)));
    let keys: Vec<String> = sources.iter().map(Source::key).collect();
    store.enqueue(&keys)?;
    let mut counts = RunCounts { inputs: keys.len(), input_errors: input_errors.len(), ..RunCounts::default() };
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

    // The figures claims are checked against sit beside them, so the file
    // answers "checked against what?" on its own (a no-op once stored).
    store.save_holdings(Holdings::bundled().revisions())?;
    let pipeline = Pipeline::new(holdings_of(&store)?, opts.rules)?;
    let bar = progress_bar((jobs.len() + resumed.len()) as u64, opts.quiet);
    let mut ingest = Ingest { store: &mut store, pipeline: &pipeline, counts, bar };
    for key in &resumed {
        if let Some(page) = ingest.store.fetched_page(key)? {
            ingest.analyse(page)?;
        }
        ingest.bar.inc(1);
    }
    for archive in &archives {
        if let Source::Warc(path) = archive {
            ingest.archive(path, opts.refresh)?;
        }
    }
    ingest.fetch(jobs, config)?;
    ingest.bar.finish_and_clear();
    let counts = ingest.counts;

    if !opts.quiet || opts.json {
        let summary = store.summary()?;
        report::write_summary(out, db, &counts, &summary, opts.json)?;
    }
    let nothing_done = counts.stored + counts.already_stored + counts.unchanged + counts.skipped == 0;
    let something_failed = counts.failed > 0 || counts.input_errors > 0;
    Ok(if nothing_done && something_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One run's store, pipeline, counts and progress bar, so each outcome is
/// handled in one place whichever way the page arrived.
struct Ingest<'a> {
    store: &'a mut Store,
    pipeline: &'a Pipeline,
    counts: RunCounts,
    bar: ProgressBar,
}

impl Ingest<'_> {
    /// Fetches every job and stores each report as it arrives, so a killed
    /// run keeps everything finished before it.
    fn fetch(&mut self, jobs: Vec<Job>, config: &FetchConfig) -> anyhow::Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        let fetcher = Fetcher::new(config)?;
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        runtime.block_on(async {
            let mut reports = std::pin::pin!(fetcher.fetch_all(jobs));
            while let Some(fetched) = reports.next().await {
                let last = fetched.retry_at.is_none();
                self.fetched(fetched)?;
                if last {
                    self.bar.inc(1);
                }
            }
            anyhow::Ok(())
        })
    }

    fn fetched(&mut self, fetched: Fetched) -> anyhow::Result<()> {
        let key = fetched.source.key();
        match fetched.reply {
            Ok(Reply::Page { page, validators }) => self.page(page, &validators),
            Ok(Reply::NotModified) => {
                self.store.mark_not_modified(&key)?;
                self.counts.unchanged += 1;
                Ok(())
            }
            Err(err @ (FetchError::Disallowed { .. } | FetchError::RobotsUnavailable { .. })) => {
                self.store.record_skip(&key, Reason::Robots, &err.to_string())?;
                self.counts.skipped += 1;
                Ok(())
            }
            Err(err) => {
                let failure = Failure {
                    reason: fetch_reason(&err),
                    status: err.status(),
                    message: &err.to_string(),
                    retry_at: fetched.retry_at,
                };
                self.failed(&key, &failure)
            }
        }
    }

    /// Ingests the HTML pages archived in a WARC file, without fetching;
    /// pages already stored are passed over unless `refresh`.
    fn archive(&mut self, path: &Path, refresh: bool) -> anyhow::Result<()> {
        let pages = match fetch::read_warc(path) {
            Ok(pages) => pages,
            Err(err) => {
                self.counts.input_errors += 1;
                self.bar.suspend(|| eprintln!("claimscope: {err}"));
                return Ok(());
            }
        };
        for page in pages {
            self.bar.inc_length(1);
            match page {
                Ok(page) => {
                    self.counts.inputs += 1;
                    self.store.enqueue(std::slice::from_ref(&page.url))?;
                    let stored = self.store.queue_entry(&page.url)?.is_some_and(|e| e.state == SourceState::Stored);
                    if stored && !refresh {
                        self.counts.already_stored += 1;
                    } else {
                        self.page(page, &Validators::default())?;
                    }
                }
                Err(err) => {
                    self.counts.input_errors += 1;
                    self.bar.suspend(|| eprintln!("claimscope: {err}"));
                }
            }
            self.bar.inc(1);
        }
        Ok(())
    }

    /// Saves a fetched page, then derives and stores its article unless it
    /// duplicates another page or has not changed.
    fn page(&mut self, page: Page, validators: &Validators) -> anyhow::Result<()> {
        match self.store.save_page(&page, validators)? {
            Saved::Fetched => self.analyse(page),
            Saved::Unchanged => {
                self.counts.unchanged += 1;
                Ok(())
            }
            Saved::DuplicateOf(_) => {
                self.counts.skipped += 1;
                Ok(())
            }
        }
    }

    /// Derives a saved page's article, claims and tone and stores them.
    fn analyse(&mut self, page: Page) -> anyhow::Result<()> {
        match self.pipeline.analyze_page(&page) {
            Ok(analysis) => {
                self.store.save_article(&page, &analysis.article, &analysis.tone, &analysis.claims)?;
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
                self.failed(&page.url, &failure)
            }
        }
    }

    /// Records a failed attempt; a final one is counted and printed.
    fn failed(&mut self, key: &str, failure: &Failure<'_>) -> anyhow::Result<()> {
        self.store.record_attempt(key, failure)?;
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
