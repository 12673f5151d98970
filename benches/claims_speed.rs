//! Throughput of `claims::tag` alone, in MB of article text per second on
//! one core: `cargo bench --bench claims_speed`.
//!
//! Two inputs, each repeated to a few MB: the 17 corpus articles (extracted
//! before the clock starts), whole pages of commentary as the tool meets
//! them; and the dev-set passages, one article each, nearly every sentence
//! a claim: the worst case, where no sentence is skipped early. The best of several rounds is reported: the machine is
//! shared, and the fastest round is the one least disturbed by other load.
//! Every round must find the same number of claims.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;

use claimscope::claims;
use claimscope::extract::{self, Article};

/// Repeat the texts until at least this many bytes are tagged per round.
const TARGET_BYTES: usize = 2 << 20;
const ROUNDS: usize = 15;

/// The fields of a dev-set passage this bench needs.
#[derive(Deserialize)]
struct Passage {
    published: NaiveDate,
    text: String,
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = Vec::new();
    for entry in std::fs::read_dir(root.join("corpus")).context("corpus/: cannot list")? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            corpus.push(extract::from_html(&html, &path.display().to_string()));
        }
    }
    let dev = root.join("data/claims-dev/dev.jsonl");
    let raw = std::fs::read_to_string(&dev).with_context(|| format!("{}: cannot read", dev.display()))?;
    let mut passages = Vec::new();
    for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let p: Passage = serde_json::from_str(line).with_context(|| format!("{}:{}: bad passage", dev.display(), i + 1))?;
        passages.push(Article { text: p.text, published: Some(p.published), ..Article::default() });
    }
    run("corpus articles", &corpus)?;
    run("dev passages", &passages)?;
    Ok(())
}

/// Tags `articles` repeatedly, best of [`ROUNDS`], and prints the throughput.
fn run(name: &str, articles: &[Article]) -> Result<()> {
    let once: usize = articles.iter().map(|a| a.text.len()).sum();
    let repeats = TARGET_BYTES.div_ceil(once);
    // Warm-up, untimed: the regexes compile on first use.
    let expected: usize = articles.iter().map(|a| claims::tag(a).len()).sum();
    let mut best = Duration::MAX;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut found = 0;
        for _ in 0..repeats {
            found += articles.iter().map(|a| claims::tag(a).len()).sum::<usize>();
        }
        best = best.min(start.elapsed());
        ensure!(found == expected * repeats, "{name}: claim count changed between rounds: {found} vs {}", expected * repeats);
    }
    let mb = (once * repeats) as f64 / 1e6;
    println!(
        "claims::tag on {name}: {mb:.2} MB ({} texts x {repeats}, {expected} claims per pass) in {:.1} ms: {:.1} MB/s per core (best of {ROUNDS})",
        articles.len(),
        best.as_secs_f64() * 1e3,
        mb / best.as_secs_f64()
    );
    Ok(())
}
