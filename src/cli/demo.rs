//! `claimscope demo`: the main job on the corpus compiled into the binary.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use include_dir::{include_dir, Dir};

use claimscope::fetch::Page;
use claimscope::holdings::Holdings;
use claimscope::pipeline::{Pipeline, ToneSettings};
use claimscope::report::rhetoric::RhetoricQuery;
use claimscope::report::{self, Format};
use claimscope::store::Store;
use claimscope::verify::Rules;

use super::report_cmd;

/// The team's own articles, embedded so the demo runs from any directory.
static CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/corpus");

pub fn run(db: &Path, tone: &ToneSettings, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("{p}: cannot replace the old demo database"));
            }
            _ => {}
        }
    }
    let mut store = Store::open(db)?;
    let pipeline = Pipeline::new(Holdings::bundled(), Rules::default(), tone)?;
    store.save_holdings(pipeline.holdings().revisions())?;
    let mut files: Vec<_> = CORPUS.files().filter(|f| f.path().extension().is_some_and(|e| e == "html")).collect();
    files.sort_by_key(|f| f.path());
    let pages: Vec<Page> = files
        .iter()
        .map(|file| {
            let key = format!("corpus/{}", file.path().display());
            Page::local(key, Some("text/html; charset=utf-8".to_string()), file.contents().to_vec())
        })
        .collect();
    let counts = pipeline.store_pages(&mut store, &pages)?;
    report::write_summary(out, &db.display().to_string(), &counts, &store.summary()?, false)?;
    writeln!(out, "\nRhetoric against data, per holder and month:")?;
    report_cmd::rhetoric(&store, &RhetoricQuery::default(), Format::Table, out)?;
    let html = db.with_extension("html");
    report_cmd::write_report(&store, &html)?;
    writeln!(out, "\nReport: {}", html.display())?;
    writeln!(
        out,
        "\nTry next:\n  claimscope claims --db {db} --verdict inconsistent\n  claimscope claims --db {db} --holder China --format json\n  claimscope claims --db {db} --search \"lowest since\"\n  claimscope rhetoric --db {db} --holder China",
        db = db.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
