//! `claimscope article`: inputs → fetch → extract, printed; no claims, no
//! database. For checking what the extractor sees on a page.

use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;

use claimscope::extract::{self, ArticleFormat};
use claimscope::fetch::{self, FetchConfig, Fetched, Fetcher};

pub fn run(inputs: &[String], format: ArticleFormat, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (sources, input_errors) = fetch::expand_inputs(inputs);
    for e in &input_errors {
        eprintln!("claimscope: {e}");
    }
    let fetcher = Fetcher::new(&FetchConfig::default())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut fetched: Vec<Fetched> = runtime.block_on(fetcher.fetch_all(sources.clone()).collect());
    // Print in the order the user named the inputs, not the order fetches finished.
    fetched.sort_by_key(|f| sources.iter().position(|s| s == &f.source));
    let mut failed = input_errors.len();
    for (i, Fetched { page, .. }) in fetched.into_iter().enumerate() {
        match page.map_err(|e| e.to_string()).and_then(|p| extract::extract(&p).map_err(|e| e.to_string())) {
            Ok(article) => {
                if i > 0 && format == ArticleFormat::Text {
                    writeln!(out, "\n---\n")?;
                }
                writeln!(out, "{}", article.render(format))?;
            }
            Err(reason) => {
                failed += 1;
                eprintln!("claimscope: {reason}");
            }
        }
    }
    let printed_none = failed > 0 && failed == sources.len() + input_errors.len();
    Ok(if printed_none { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
