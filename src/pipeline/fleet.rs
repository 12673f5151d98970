//! One worker of a fleet sharing a PostgreSQL database's queue.
//!
//! The worker enqueues its inputs (putting failed and skipped ones back),
//! then claims batches of pending sources, of any worker's inputs or of
//! `claimscope enqueue`, and runs each through the same fetch → analyse →
//! store stages as a SQLite run ([`Ingest::process`]). A heartbeat
//! thread, on a connection of its own, renews the batch's leases while the
//! batch runs. When nothing is left to claim but other workers still hold
//! sources, it waits: if they die, their leases run out and it takes their
//! sources over. It stops when every source is done.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::fetch::{self, Source};
use crate::report::RunCounts;
use crate::store::{Failure, Location, Store, WorkerId};

use super::ingest::Queue;
use super::{Ingest, IngestError, Progress};

/// How a worker claims and leases.
#[derive(Debug, Clone, Copy)]
pub struct Fleet {
    /// How long a lease lasts unless renewed: a killed worker's sources
    /// wait this long before another worker takes them over.
    pub lease: Duration,
    /// Most sources claimed at once.
    pub batch: usize,
}

/// How often an idle worker looks for work that others still hold.
const POLL: Duration = Duration::from_millis(500);

impl Ingest<'_> {
    /// Works the shared queue of the PostgreSQL `store` until every source
    /// is done, `sources` among them; returns this worker's share.
    pub fn work_queue(&self, store: &mut Store, sources: &[Source], fleet: Fleet) -> Result<RunCounts, IngestError> {
        if self.settings.refresh {
            return Err(IngestError::RefreshOnSharedQueue { db: self.db.to_string() });
        }
        // Registered first, so a fleet started at once counts every worker
        // in the first claims' shares of the sites (a worker still adding
        // its inputs would find them all taken).
        let worker = store.register_worker(fleet.lease)?;
        let keys: Vec<String> = sources.iter().map(Source::key).collect();
        store.requeue(&keys)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let worked = thread::scope(|scope| {
            scope.spawn(|| heartbeat(self.db, &worker, fleet.lease, stopped, self.progress));
            let worked = self.work(store, &worker, fleet);
            drop(stop);
            worked
        });
        let total = worked?;
        store.worker_report(&worker, 0, 0, true)?;
        Ok(total)
    }

    /// Claims and works batches until every source is done. A run goes on
    /// from one claim to the next without draining its stages: its fetch
    /// stage claims the next batch once it has fetched the last, while
    /// analysis and the writer still work on that one. The writer adds the
    /// worker's share to its row in each group of writes it commits, so
    /// the row counts what is stored even when the worker is killed.
    fn work(&self, store: &mut Store, worker: &WorkerId, fleet: Fleet) -> Result<RunCounts, IngestError> {
        // As many sites at once as the fetcher can keep busy at its per-site limit.
        let sites = (self.fetch.concurrency / self.fetch.per_host.max(1)).max(1);
        let claim = |store: &mut Store| store.claim(worker, fleet.batch.max(1), sites, fleet.lease);
        let mut total = RunCounts::default();
        loop {
            let claimed = claim(store)?;
            if claimed.is_empty() {
                if store.unfinished()? == 0 {
                    return Ok(total);
                }
                thread::sleep(POLL);
                continue;
            }
            let Claimed { files, mut archives, mut failed } = self.sort(store, claimed)?;
            // This worker's share as its row last showed it: stored, failed.
            let mut reported = (0, 0);
            let counts = {
                let mut more = |reader: &mut Store| {
                    let claimed = claim(reader)?;
                    let next = self.sort(reader, claimed)?;
                    // Archives are read in a run of their own, after this one.
                    archives.extend(next.archives);
                    failed += next.failed;
                    Ok(next.files)
                };
                let mut report = |store: &mut Store, counts: &RunCounts| {
                    store.worker_report(worker, counts.stored - reported.0, counts.failed - reported.1, false)?;
                    reported = (counts.stored, counts.failed);
                    Ok(())
                };
                self.process(store, files, Vec::new(), Some(Queue { more: &mut more, report: &mut report }))?
            };
            let mut counts = RunCounts { failed: counts.failed + failed, ..counts };
            if !archives.is_empty() {
                let read = self.process(store, Vec::new(), archives.iter().map(|(_, path)| path.clone()).collect(), None)?;
                for (key, _) in &archives {
                    store.archive_done(key)?;
                }
                counts = add(counts, read);
            }
            store.worker_report(worker, counts.stored - reported.0, counts.failed - reported.1, false)?;
            total = add(total, counts);
        }
    }

    /// Sorts claimed keys into sources to fetch or read and archives,
    /// recording the keys that no longer name either as failed.
    fn sort(&self, store: &mut Store, claimed: Vec<String>) -> Result<Claimed, IngestError> {
        let mut sorted = Claimed { files: Vec::new(), archives: Vec::new(), failed: 0 };
        for key in claimed {
            match source_of(&key) {
                Ok(Source::Archive(path)) => sorted.archives.push((key, path)),
                Ok(source) => sorted.files.push(source),
                Err(problem) => {
                    let message = format!("{key}: cannot be processed from the queue: {problem}");
                    self.progress.notice(&message);
                    store.record_attempt(&key, &Failure { reason: None, status: None, message: &message, retry_at: None })?;
                    sorted.failed += 1;
                }
            }
        }
        Ok(sorted)
    }
}

/// A claimed batch: sources to fetch or read, archives with their queue
/// keys, and how many keys failed.
struct Claimed {
    files: Vec<Source>,
    archives: Vec<(String, std::path::PathBuf)>,
    failed: usize,
}

/// Renews the worker's leases every third of a lease until `stopped`
/// closes; a failed renewal is reported and tried again.
fn heartbeat(db: &Location, worker: &WorkerId, lease: Duration, stopped: mpsc::Receiver<()>, progress: &dyn Progress) {
    let warn = |e: &dyn std::fmt::Display| {
        progress.notice(&format!("warning: cannot renew the leases of worker {worker}: {e}"));
    };
    let mut store: Option<Store> = None;
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(lease / 3) {
        if store.is_none() {
            match Store::open_at(db) {
                Ok(opened) => store = Some(opened),
                Err(e) => {
                    warn(&e);
                    continue;
                }
            }
        }
        if let Some(Err(e)) = store.as_mut().map(|s| s.renew(worker, lease)) {
            warn(&e);
            store = None;
        }
    }
}

/// The source a queue key names: the URL, or the file or archive at the
/// path, classified as the inputs were.
fn source_of(key: &str) -> Result<Source, String> {
    let input = key.strip_prefix("file://").unwrap_or(key);
    let (mut sources, errors) = fetch::expand_inputs(&[input.to_string()]);
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    match sources.pop() {
        Some(source) if sources.is_empty() && source.key() == key => Ok(source),
        _ => Err("it no longer names one article or archive".to_string()),
    }
}

fn add(a: RunCounts, b: RunCounts) -> RunCounts {
    RunCounts {
        inputs: a.inputs + b.inputs,
        input_errors: a.input_errors + b.input_errors,
        already_stored: a.already_stored + b.already_stored,
        stored: a.stored + b.stored,
        failed: a.failed + b.failed,
        skipped: a.skipped + b.skipped,
        unchanged: a.unchanged + b.unchanged,
        claims: a.claims + b.claims,
    }
}
