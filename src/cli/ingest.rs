//! `claimscope ingest`: inputs → fetch (concurrently) → analyse → store, with
//! a progress bar and a summary. Resumable: stored pages are skipped, failed
//! ones retried, and each page is saved in its own transaction.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use claimscope::fetch::{self, FetchConfig, Fetched, Fetcher, Source};
use claimscope::report::{self, RunCounts};
use claimscope::store::Store;

use super::pipeline::Pipeline;

/// Output switches for a run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub quiet: bool,
    pub json: bool,
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
    let keys: Vec<String> = sources.iter().map(Source::key).collect();
    store.enqueue(&keys)?;
    let mut todo = Vec::with_capacity(sources.len());
    for source in sources {
        if store.needs_processing(&source.key())? {
            todo.push(source);
        }
    }
    let mut counts = RunCounts {
        inputs: keys.len(),
        input_errors: input_errors.len(),
        already_stored: keys.len() - todo.len(),
        ..RunCounts::default()
    };

    let pipeline = Pipeline::new();
    let bar = progress_bar(todo.len() as u64, opts.quiet);
    process(&todo, config, &pipeline, &mut store, &bar, &mut counts)?;
    bar.finish_and_clear();

    if !opts.quiet || opts.json {
        let summary = store.summary()?;
        report::write_summary(out, db, &counts, &summary, opts.json)?;
    }
    let nothing_done = counts.stored == 0 && counts.already_stored == 0;
    let something_failed = counts.failed > 0 || counts.input_errors > 0;
    Ok(if nothing_done && something_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Fetches every source with bounded concurrency and stores each page as it
/// arrives, so a killed run keeps everything finished before it.
fn process(
    todo: &[Source],
    config: &FetchConfig,
    pipeline: &Pipeline,
    store: &mut Store,
    bar: &ProgressBar,
    counts: &mut RunCounts,
) -> anyhow::Result<()> {
    if todo.is_empty() {
        return Ok(());
    }
    let fetcher = Fetcher::new(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut results = std::pin::pin!(fetcher.fetch_all(todo.to_vec()));
        while let Some(Fetched { source, page }) = results.next().await {
            let key = source.key();
            let outcome = page
                .map_err(|e| e.to_string())
                .and_then(|page| pipeline.analyze_page(&page).map(|a| (page, a)).map_err(|e| e.to_string()));
            match outcome {
                Ok((page, analysis)) => {
                    store.save_article(&page, &analysis.article, &analysis.tone, &analysis.claims)?;
                    counts.stored += 1;
                    counts.claims += analysis.claims.len();
                }
                Err(reason) => {
                    store.record_failure(&key, &reason)?;
                    counts.failed += 1;
                    bar.suspend(|| eprintln!("claimscope: {reason}"));
                }
            }
            bar.inc(1);
        }
        anyhow::Ok(())
    })
}

fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} pages ({per_sec}, eta {eta})")
            .expect("static template"),
    );
    bar
}
