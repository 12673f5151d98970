//! `claimscope rhetoric` and `claimscope report`: the rhetoric index and the
//! HTML report, read from a database.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use claimscope::pipeline::holdings_of;
use claimscope::report::html::{self, ReportInput};
use claimscope::report::rhetoric::{self, RhetoricQuery};
use claimscope::report::Format;
use claimscope::store::{ClaimQuery, Store};


/// Prints the rhetoric index.
pub fn rhetoric(store: &Store, query: &RhetoricQuery, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let claims = store.query_claims(&ClaimQuery { holder: query.holder.clone(), ..ClaimQuery::default() })?;
    let index = rhetoric::rhetoric(&claims, &store.story_vectors()?, &holdings_of(store)?, query);
    rhetoric::write_rhetoric(out, &index, format)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the HTML report to `path`.
pub fn write_report(store: &Store, path: &Path) -> anyhow::Result<()> {
    let claims = store.query_claims(&ClaimQuery::default())?;
    let holdings = holdings_of(store)?;
    let index = rhetoric::rhetoric(&claims, &store.story_vectors()?, &holdings, &RhetoricQuery::default());
    let file = std::fs::File::create(path).with_context(|| {
        format!("{}: cannot create the report; check that the directory exists and is writable", path.display())
    })?;
    let mut w = BufWriter::new(file);
    html::write_html(&mut w, &ReportInput { claims: &claims, holdings: &holdings, index: &index })
        .and_then(|()| Ok(w.flush()?))
        .with_context(|| format!("{}: cannot write the report", path.display()))?;
    Ok(())
}

/// `claimscope report`: writes the file and says where it is.
pub fn report(store: &Store, path: &Path, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    write_report(store, path)?;
    writeln!(out, "wrote {}", path.display())?;
    Ok(ExitCode::SUCCESS)
}
