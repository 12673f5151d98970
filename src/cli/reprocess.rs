//! `claimscope reprocess`: the pipeline again, from extraction on, over every
//! stored page, without the network, so improvements to extraction, tagging,
//! tone and checking reach data already collected.

use std::io::Write;
use std::process::ExitCode;

use claimscope::holdings::Holdings;
use claimscope::pipeline::{holdings_of, OnFailure, Outcome, Pipeline, ToneSettings};
use claimscope::store::{ClaimQuery, Location, Store};
use claimscope::verify::Rules;


pub fn run(db: &Location, rules: Rules, tone: &ToneSettings, quiet: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = super::open_existing(db)?;
    store.save_holdings(Holdings::bundled().revisions())?;
    let pipeline = Pipeline::new(holdings_of(&store)?, rules, tone)?;
    let before = claim_count(&store)?;
    let keys = store.stored_keys()?;
    let bar = super::ingest::progress_bar(keys.len() as u64, quiet);
    let (mut done, mut failed) = (0usize, 0usize);
    for chunk in keys.chunks(pipeline.batch()) {
        let mut pages = Vec::with_capacity(chunk.len());
        for key in chunk {
            pages.extend(store.stored_page(key)?);
        }
        // Each article is replaced in its own transaction: a failure or a
        // kill leaves every article either wholly old or wholly new.
        for (page, analysis) in pages.iter().zip(pipeline.analyze_pages(&pages)) {
            match pipeline.record(&mut store, page, analysis, OnFailure::Keep)? {
                // Ungated: every stored page is analysed again.
                Outcome::Stored { .. } | Outcome::NotRelevant => done += 1,
                Outcome::Failed(e) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("claimscope: {e} (its stored rows are kept)"));
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
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
