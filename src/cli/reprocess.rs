//! `claimscope reprocess`: the pipeline again, from extraction on, over every
//! stored page, without the network, so improvements to extraction, tagging,
//! tone and checking reach data already collected.

use std::io::Write;
use std::process::ExitCode;

use claimscope::pipeline::{Pipeline, ToneSettings};
use claimscope::store::{ClaimQuery, Location, Store};
use claimscope::verify::Rules;

use super::ingest::Bar;

pub fn run(
    db: &Location,
    rules: Rules,
    tone: &ToneSettings,
    quiet: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut store = super::open_existing(db)?;
    let pipeline = Pipeline::for_store(&mut store, rules, tone)?;
    let before = claim_count(&store)?;
    let bar = Bar::new(quiet);
    let counts = pipeline.reprocess(&mut store, &bar);
    bar.bar.finish_and_clear();
    let counts = counts?;
    // Reprocessing is ungated, so nothing is passed over; were it, that too
    // would be a page handled.
    let (done, failed) = (counts.stored + counts.skipped, counts.failed);
    if !quiet {
        writeln!(
            out,
            "{}: reprocessed {done} article(s); claims {before} -> {}; {failed} could not be reprocessed",
            db,
            claim_count(&store)?
        )?;
    }
    Ok(if done == 0 && failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn claim_count(store: &Store) -> anyhow::Result<usize> {
    Ok(store.query_claims(&ClaimQuery::default())?.len())
}
