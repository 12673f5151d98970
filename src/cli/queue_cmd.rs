//! `claimscope enqueue` and `claimscope status`: filling a shared queue for
//! a fleet started elsewhere, and watching it drain.

use std::io::Write;
use std::process::ExitCode;

use claimscope::fetch::{self, Source};
use claimscope::report::{self, Format};
use claimscope::store::{Location, Store};

/// Expands the inputs and adds them to the queue, archives as one source
/// each (one job per file); failed and skipped sources are put back.
pub fn enqueue(inputs: &[String], db: &Location, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (sources, errors) = fetch::expand_inputs(inputs);
    for e in &errors {
        eprintln!("claimscope: {e}");
    }
    let mut store = Store::open_at(db)?;
    let keys: Vec<String> = sources.iter().map(Source::key).collect();
    let queued = store.requeue(&keys)?;
    writeln!(
        out,
        "{db}: {} input(s), {queued} queued (new, or failed or skipped before); {} still to do in all{}",
        keys.len(),
        store.unfinished()?,
        if errors.is_empty() { String::new() } else { format!("; {} bad input(s)", errors.len()) },
    )?;
    Ok(if keys.is_empty() && !errors.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Prints sources by state and every worker with its leases.
pub fn status(store: &Store, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let status = store.queue_status()?;
    if format != Format::Table {
        report::write_json(out, &status)?;
        return Ok(ExitCode::SUCCESS);
    }
    let states: Vec<String> = status.sources.iter().map(|(state, n)| format!("{n} {}", state_word(*state))).collect();
    writeln!(out, "{}: sources: {}; {} under a live lease", store.name(), states.join(", "), status.leased)?;
    if status.workers.is_empty() {
        writeln!(out, "no workers have worked this queue")?;
        return Ok(ExitCode::SUCCESS);
    }
    let time = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    for w in &status.workers {
        let state = match (w.stopped_at, w.active) {
            (Some(at), _) => format!("finished {}", time(at)),
            (None, true) => "active".to_string(),
            (None, false) => format!("gone (last seen {})", time(w.seen_at)),
        };
        let leases = match (w.leases, w.active) {
            (0, _) => "no leases".to_string(),
            (n, true) => format!("{n} lease(s) until {}", time(w.lease_until)),
            (n, false) => format!("{n} lease(s) that ran out at {}, to be taken over", time(w.lease_until)),
        };
        writeln!(
            out,
            "worker {} (host {}, pid {}): {state}; started {}; {} stored, {} failed; {leases}",
            w.id,
            w.host,
            w.pid,
            time(w.started_at),
            w.stored,
            w.failed,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The state's word as the database spells it.
fn state_word(state: claimscope::store::SourceState) -> String {
    serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
