//! `claimscope extract`: one document (or a JSONL batch) in, claim JSON out,
//! no database.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use serde::Deserialize;

use claimscope::extract::{self, Article};
use claimscope::holdings::Holdings;
use claimscope::report::{self, ExtractDoc};
use claimscope::verify::Rules;

use super::pipeline::Pipeline;

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
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Holdings::bundled(), Rules::default())?;
    if jsonl {
        return run_jsonl(input, &pipeline, out);
    }
    let (content, name) = read_input(input)?;
    let html = is_html(input, &content);
    let url = url.map(str::to_string).unwrap_or(name);
    let doc = analyze(&pipeline, &url, &content, html, published)?;
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
                let (body, html) = match (item.html, item.text) {
                    (Some(h), None) => (h, true),
                    (None, Some(t)) => (t, false),
                    _ => {
                        return Err((Some(id), format!("{input}:{}: give exactly one of \"text\" or \"html\"", i + 1)))
                    }
                };
                let url = item.url.unwrap_or_else(|| id_string(&id));
                analyze(pipeline, &url, &body, html, item.published)
                    .map(|doc| (id, doc))
                    .map_err(|e| (Some(item.id), format!("{input}:{}: {e:#}", i + 1)))
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

fn analyze(
    pipeline: &Pipeline,
    url: &str,
    content: &str,
    html: bool,
    published: Option<NaiveDate>,
) -> anyhow::Result<ExtractDoc> {
    let mut article: Article = if html { extract::from_html(content, url) } else { extract::from_text(content, url) };
    if published.is_some() {
        article.published = published;
    }
    if article.text.trim().is_empty() {
        anyhow::bail!("{url}: no article text found");
    }
    let analysis = pipeline.analyze(article);
    Ok(ExtractDoc::new(url.to_string(), &analysis.article, &analysis.tone, analysis.claims))
}

/// Reads a file (decoding its charset) or standard input; returns the text
/// and a name to use as the document's URL.
fn read_input(input: &str) -> anyhow::Result<(String, String)> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        return Ok((extract::decode(&bytes, None), "stdin".to_string()));
    }
    let path = Path::new(input);
    bytes = std::fs::read(path).with_context(|| format!("{input}: cannot read"))?;
    let name =
        std::fs::canonicalize(path).map(|p| format!("file://{}", p.display())).unwrap_or_else(|_| input.to_string());
    Ok((extract::decode(&bytes, None), name))
}

fn is_html(input: &str, content: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return true;
    }
    if lower.ends_with(".txt") {
        return false;
    }
    content.trim_start().starts_with('<')
}
