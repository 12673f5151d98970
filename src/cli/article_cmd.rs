//! `claimscope article`: inputs → fetch → extract, printed; no claims, no
//! database. For checking what the extractor sees on a page.

use std::io::Write;
use std::process::ExitCode;

use claimscope::extract;
use claimscope::report::{self, article::ArticleFormat};
use claimscope::fetch::{self, FetchConfig, Fetcher, Reply};

pub fn run(inputs: &[String], format: ArticleFormat, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (sources, input_errors) = fetch::expand_inputs(inputs);
    for e in &input_errors {
        eprintln!("claimscope: {e}");
    }
    let fetcher = Fetcher::new(&FetchConfig::default())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut failed = input_errors.len();
    // One at a time, in the order named: this is for looking at a few pages.
    for (i, source) in sources.iter().enumerate() {
        let page = runtime.block_on(fetcher.fetch(source, None)).map_err(|e| e.to_string()).and_then(|reply| match reply {
            Reply::Page { page, .. } => Ok(page),
            Reply::NotModified => Err(format!("{}: not modified", source.key())),
        });
        match page.and_then(|p| extract::extract(&p).map_err(|e| e.to_string())) {
            Ok(article) => {
                if i > 0 && format == ArticleFormat::Text {
                    writeln!(out, "\n---\n")?;
                }
                writeln!(out, "{}", report::article::render(&article, format))?;
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
