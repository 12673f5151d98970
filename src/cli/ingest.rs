//! `claimscope ingest`: the library's [`Ingest`] with a progress bar, the
//! messages it reports, and the run's summary.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use claimscope::fetch::{self, FetchConfig};
use claimscope::pipeline::{ArchiveSummary, Fleet, Ingest, IngestSettings, Pipeline, Progress, ToneSettings};
use claimscope::report::{self, RunCounts};
use claimscope::store::{Location, Store};
use claimscope::verify::Rules;

/// The settings of one `ingest`, from its flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub quiet: bool,
    pub json: bool,
    pub settings: IngestSettings,
    pub rules: Rules,
    pub tone: ToneSettings,
    /// How a worker on a shared PostgreSQL queue claims and leases.
    pub fleet: Fleet,
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
    let pipeline = Pipeline::for_store(&mut store, opts.rules, &opts.tone)?;
    let bar = Bar::new(opts.quiet);
    let ingest = Ingest { pipeline: &pipeline, db, fetch: config, settings: &opts.settings, progress: &bar };
    let counts = match db {
        Location::Postgres(_) => ingest.work_queue(&mut store, &sources, opts.fleet),
        Location::Sqlite(_) => ingest.run(&mut store, &sources),
    };
    bar.bar.finish_and_clear();
    let counts = counts?;
    let counts = RunCounts { input_errors: counts.input_errors + input_errors.len(), ..counts };

    if !opts.quiet || opts.json {
        let summary = store.summary()?;
        report::write_summary(out, &db.to_string(), &counts, &summary, opts.json)?;
    }
    let nothing_done = counts.stored + counts.already_stored + counts.unchanged + counts.skipped == 0;
    let something_failed = counts.failed > 0 || counts.input_errors > 0;
    Ok(if nothing_done && something_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The progress bar and the messages a run reports on stderr; with
/// `quiet`, only failures and notices.
pub(super) struct Bar {
    pub(super) bar: ProgressBar,
    quiet: bool,
}

impl Bar {
    pub(super) fn new(quiet: bool) -> Bar {
        Bar { bar: progress_bar(quiet), quiet }
    }
}

impl Progress for Bar {
    fn more(&self, pages: u64) {
        self.bar.inc_length(pages);
    }

    fn done(&self, pages: u64) {
        self.bar.inc(pages);
    }

    fn failed(&self, message: &str, failures: usize) {
        self.bar.set_message(format!("{failures} failed"));
        self.notice(message);
    }

    fn notice(&self, message: &str) {
        self.bar.suspend(|| eprintln!("claimscope: {message}"));
    }

    fn archive(&self, summary: &ArchiveSummary) {
        if !self.quiet {
            self.notice(&summary.to_string());
        }
    }
}

/// Done/total, rate, ETA and failures on stderr; hidden with `--quiet` or
/// when stderr is not a terminal (logs and scripts).
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} pages ({per_sec}, eta {eta}) {msg}",
        )
        .expect("static template"),
    );
    bar
}
