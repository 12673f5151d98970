//! Main-text extraction on the ScrapingHub article-extraction benchmark:
//! writes predictions for `score.py` and reports CPU time per page.
//!
//! Run through `benches/extraction.sh`, which also scores the output and
//! times Python trafilatura in the same run. Usage:
//! `cargo bench --bench extraction -- BENCH_DIR PREDICTIONS_JSON`.
//!
//! Only `extract::from_html` is timed: gunzip and file reads happen before
//! the clock starts, as `score.py` loads documents before timing its
//! baselines. Time is the thread's CPU time (like Python's
//! `time.process_time`), so other load on a shared machine does not count.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

use claimscope::extract;

/// One benchmark page, decompressed and ready to extract.
struct Doc {
    id: String,
    url: String,
    html: String,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let [dir, out] = args.as_slice() else {
        bail!("usage: cargo bench --bench extraction -- BENCH_DIR PREDICTIONS_JSON");
    };
    let docs = load(Path::new(dir))?;
    if docs.is_empty() {
        bail!("{dir}: no pages in ground-truth.json");
    }
    // Warm-up, untimed: lazy selectors and regexes compile on first use.
    extract::from_html(&docs[0].html, &docs[0].url);
    let mut predictions = Map::new();
    let mut total = Duration::ZERO;
    let mut slowest = (Duration::ZERO, "");
    for doc in &docs {
        let start = thread_cpu_time();
        let article = extract::from_html(&doc.html, &doc.url);
        let spent = thread_cpu_time().saturating_sub(start);
        total += spent;
        if spent > slowest.0 {
            slowest = (spent, &doc.id);
        }
        predictions.insert(doc.id.clone(), json!({ "articleBody": article.text }));
    }
    std::fs::write(out, serde_json::to_string(&Value::Object(predictions))?).with_context(|| format!("{out}: cannot write"))?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "claimscope: {} pages, CPU {:.2} ms/page ({:.1} pages/s per core); slowest {:.1} ms ({})",
        docs.len(),
        ms(total) / docs.len() as f64,
        docs.len() as f64 / total.as_secs_f64(),
        ms(slowest.0),
        slowest.1
    );
    Ok(())
}

/// The pages listed in `ground-truth.json`, in its order.
fn load(dir: &Path) -> Result<Vec<Doc>> {
    let truth_path = dir.join("ground-truth.json");
    let truth: Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path).with_context(|| format!("{}: cannot read", truth_path.display()))?,
    )
    .with_context(|| format!("{}: not a JSON object", truth_path.display()))?;
    truth
        .into_iter()
        .map(|(id, item)| {
            let path: PathBuf = dir.join("html").join(format!("{id}.html.gz"));
            let mut html = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path).with_context(|| format!("{}: cannot open", path.display()))?)
                .read_to_string(&mut html)
                .with_context(|| format!("{}: not gzipped UTF-8", path.display()))?;
            let url = item.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
            Ok(Doc { id, url, html })
        })
        .collect()
}

/// CPU time this thread has used so far.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec and the clock id is a
    // constant every Linux kernel supports.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
