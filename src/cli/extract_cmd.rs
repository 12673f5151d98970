//! `claimscope extract`: one document (or a JSONL batch) in, claim JSON out,
//! no database.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use serde::Deserialize;

use claimscope::extract::{self, ExtractError};
use claimscope::fetch::Page;
use claimscope::holdings::Holdings;
use claimscope::pipeline::{Pipeline, ToneSettings};
use claimscope::report::{self, ExtractDoc};
use claimscope::verify::Rules;

/// One line of `extract --jsonl` input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonlInput {
    id: serde_json::Value,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    published: Option<NaiveDate>,
}

pub fn run(
    input: &str,
    url: Option<&str>,
    published: Option<NaiveDate>,
    jsonl: bool,
    tone: &ToneSettings,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Holdings::bundled(), Rules::default(), tone)?;
    if jsonl {
        return run_jsonl(input, &pipeline, out);
    }
    let (bytes, name) = read_input(input)?;
    let url = url.map(str::to_string).unwrap_or(name);
    let doc = analyze(&pipeline, Page::local(url, None, bytes), published)?;
    report::write_json(out, &doc)?;
    Ok(ExitCode::SUCCESS)
}

/// Each line is analysed on its own; a bad line yields an error line with
/// its id (or its line number) and the batch goes on.
fn run_jsonl(input: &str, pipeline: &Pipeline, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn BufRead> = if input == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(input).with_context(|| format!("{input}: cannot open"))?;
        Box::new(std::io::BufReader::new(f))
    };
    let (mut ok, mut failed) = (0usize, 0usize);
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{input}:{}: cannot read", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<JsonlInput>(&line)
            .map_err(|e| (None, format!("{input}:{}: not a valid input line: {e}", i + 1)))
            .and_then(|item| {
                let id = item.id.clone();
                let (body, content_type) = match (item.html, item.text) {
                    (Some(h), None) => (h, "text/html; charset=utf-8"),
                    (None, Some(t)) => (t, "text/plain; charset=utf-8"),
                    _ => {
                        return Err((Some(id), format!("{input}:{}: give exactly one of \"text\" or \"html\"", i + 1)))
                    }
                };
                let url = item.url.unwrap_or_else(|| id_string(&id));
                let page = Page::local(url, Some(content_type.to_string()), body.into_bytes());
                analyze(pipeline, page, item.published)
                    .map(|doc| (id, doc))
                    .map_err(|e| (Some(item.id), format!("{input}:{}: {e}", i + 1)))
            });
        let value = match result {
            Ok((id, doc)) => {
                ok += 1;
                let mut v = serde_json::to_value(&doc)?;
                v["id"] = id;
                v
            }
            Err((id, error)) => {
                failed += 1;
                eprintln!("claimscope: {error}");
                serde_json::json!({ "id": id, "error": error })
            }
        };
        serde_json::to_writer(&mut *out, &value)?;
        writeln!(out)?;
    }
    Ok(if ok == 0 && failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn id_string(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The page's article, with `published` as its date when given, analysed.
fn analyze(pipeline: &Pipeline, page: Page, published: Option<NaiveDate>) -> Result<ExtractDoc, ExtractError> {
    let mut article = extract::extract(&page)?;
    if published.is_some() {
        article.published = published;
    }
    let analysis = pipeline.analyze(article);
    Ok(ExtractDoc::new(page.url, &analysis.article, &analysis.tone, analysis.claims))
}

/// Reads a file or standard input; returns the bytes and a name to use as
/// the document's URL (a file's extension there tells HTML from text).
fn read_input(input: &str) -> anyhow::Result<(Vec<u8>, String)> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        return Ok((bytes, "stdin".to_string()));
    }
    let path = Path::new(input);
    bytes = std::fs::read(path).with_context(|| format!("{input}: cannot read"))?;
    let name =
        std::fs::canonicalize(path).map(|p| format!("file://{}", p.display())).unwrap_or_else(|_| input.to_string());
    Ok((bytes, name))
}
