//! The command line: clap arguments in, validated settings out, and the one
//! place that wires the stages together.

mod article_cmd;
mod demo;
mod extract_cmd;
mod holdings_cmd;
mod ingest;
mod report_cmd;
mod queue_cmd;
mod reprocess;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use claimscope::claims::ClaimKind;
use claimscope::report::article::ArticleFormat;
use claimscope::fetch::FetchConfig;
use claimscope::gazetteer::Holder;
use claimscope::holdings::{Holdings, Measure};
use claimscope::pipeline::{holdings_of, Fleet, IngestSettings, ToneModel, ToneSettings};
use claimscope::report::rhetoric::RhetoricQuery;
use claimscope::report::{self, Format};
use claimscope::store::{ClaimQuery, Location, Store};
use claimscope::units::Period;
use claimscope::verify::{self, Rules, Verdict};

/// Read market commentary on who holds US Treasuries, extract its claims and
/// tone, and check the claims against the Treasury's TIC figures.
#[derive(Debug, Parser)]
#[command(name = "claimscope", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fetch, extract, tag, check and store articles.
    ///
    /// INPUT is an article URL, a file of URLs one per line (`-` for stdin),
    /// a local .html/.htm/.txt file, a directory of them, or a WARC /
    /// WARC.gz archive. Pages already stored are skipped; pages that failed
    /// before are retried; a run killed at any point resumes where it stopped.
    ///
    /// With --db postgres://..., this process is one worker of a fleet: any
    /// number of them, on any machines, split the database's queue (their
    /// inputs and those of `claimscope enqueue`); without INPUT it works
    /// what is queued.
    Ingest {
        #[arg(value_name = "INPUT")]
        inputs: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// Requests in flight at once to one site.
        #[arg(long, default_value_t = 2)]
        per_host: usize,
        /// Least milliseconds between two requests to one site (a longer
        /// robots.txt Crawl-delay wins).
        #[arg(long, default_value_t = 250)]
        host_delay_ms: u64,
        /// Milliseconds before a request (body included) is abandoned.
        #[arg(long, default_value_t = 30_000)]
        timeout_ms: u64,
        /// Tries per page in one run for timeouts, connection errors, 429
        /// and 5xx.
        #[arg(long, default_value_t = 3)]
        max_attempts: u32,
        /// Milliseconds before the first retry; doubled for each later one.
        #[arg(long, default_value_t = 500)]
        retry_base_ms: u64,
        /// Largest body accepted, in bytes.
        #[arg(long, default_value_t = 10 * 1024 * 1024)]
        max_bytes: u64,
        /// Re-fetch stored pages too; unchanged ones (HTTP 304 to our
        /// If-None-Match / If-Modified-Since) cost nothing more.
        #[arg(long)]
        refresh: bool,
        /// Analyse every archived page. By default a page from an archive
        /// that does not mention Treasury holdings is stored as skipped (URL
        /// and title kept), without tone or claims.
        #[arg(long)]
        all: bool,
        /// Follow redirects and DNS answers to loopback, private, link-local
        /// and other non-public addresses even when no INPUT named the host.
        #[arg(long)]
        allow_private_addresses: bool,
        /// No progress bar and no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Print the summary as JSON (for scripts).
        #[arg(long)]
        json: bool,
        /// Analysis threads (extraction, tagging, tone, checks); one per
        /// core by default.
        #[arg(long, value_name = "N")]
        analysis_threads: Option<usize>,
        /// On a shared PostgreSQL queue: seconds a lease lasts unless the
        /// worker renews it (a killed worker's sources wait this long).
        #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
        lease_secs: f64,
        /// On a shared PostgreSQL queue: most sources claimed at once.
        #[arg(long, default_value_t = 64, value_name = "N")]
        claim: usize,
        #[command(flatten)]
        rules: RulesArg,
        #[command(flatten)]
        tone: ToneArg,
    },
    /// Run extraction, tagging, tone and checking again on every stored
    /// page, without fetching, replacing each article's derived rows in one
    /// transaction; each row records the stage versions that made it.
    Reprocess {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        rules: RulesArg,
        #[command(flatten)]
        tone: ToneArg,
        /// No progress bar and no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Add inputs to a shared queue without processing them, for workers
    /// (`claimscope ingest --db postgres://...`) started elsewhere. Failed
    /// and skipped sources among them are put back to be retried.
    Enqueue {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// The queue's progress: sources by state, and the workers with their
    /// leases.
    Status {
        #[command(flatten)]
        db: DbArg,
        /// table or json.
        #[arg(long, default_value = "table")]
        format: Format,
    },
    /// Query the stored claims.
    Claims {
        #[command(flatten)]
        db: DbArg,
        /// Only claims about this holder (any alias: "Chinese", "Britain").
        #[arg(long)]
        holder: Option<String>,
        /// level, change, extremum, rank, intent, trend or forecast.
        #[arg(long, value_enum, ignore_case = true)]
        kind: Option<ClaimKind>,
        /// Articles published on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Articles published on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// consistent, inconsistent, exaggerated or not_checkable.
        #[arg(long, value_enum, ignore_case = true)]
        verdict: Option<Verdict>,
        /// Full-text search over claim sentences and article text.
        #[arg(long)]
        search: Option<String>,
        /// Only articles from this site.
        #[arg(long)]
        site: Option<String>,
        /// At most this many claims.
        #[arg(long)]
        limit: Option<usize>,
        /// table, json or csv.
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: Format,
    },
    /// The official figures claims are checked against (bundled TIC tables);
    /// `load` and `refresh` add vintages to a database.
    #[command(args_conflicts_with_subcommands = true)]
    Holdings {
        #[command(subcommand)]
        action: Option<HoldingsAction>,
        #[command(flatten)]
        range: HolderMonths,
        /// total (all Treasuries, Major Foreign Holders table) or long-term
        /// (notes and bonds only, TIC Table 1); both when not given.
        #[arg(long, value_enum, ignore_case = true)]
        measure: Option<Measure>,
        /// table, json or csv.
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: Format,
        /// Include the vintages loaded into this database (the figures the
        /// database's claims are checked against).
        #[arg(long, value_name = "DB")]
        db: Option<Location>,
        /// Every vintage of each figure (first releases and revisions), not
        /// just the latest.
        #[arg(long)]
        vintages: bool,
    },
    /// Print the claims, tone and checks of one document as JSON, without a
    /// database.
    Extract {
        /// The document's publication date, when the document does not say.
        #[arg(long, value_parser = parse_date)]
        published: Option<NaiveDate>,
        /// The document's URL, for metadata and the output's `id`.
        #[arg(long)]
        url: Option<String>,
        /// Batch form: each input line is {"id", "text" or "html", "url"?,
        /// "published"?}; each output line is the result for that id.
        #[arg(long)]
        jsonl: bool,
        /// An .html/.htm/.txt file, or `-` for standard input.
        #[arg(default_value = "-")]
        input: String,
        #[command(flatten)]
        tone: ToneArg,
    },
    /// Print the extracted article text and metadata of pages or files, to
    /// see what the extractor keeps.
    Article {
        #[arg(required = true, value_name = "FILE_OR_URL")]
        inputs: Vec<String>,
        /// json, jsonl or text.
        #[arg(long, value_enum, ignore_case = true, default_value = "json")]
        format: ArticleFormat,
    },
    /// The rhetoric index: per holder and data month, stories, claims, share
    /// negative and alarmist, mean tone, against the actual change, its
    /// z-score, its share of all foreign holdings and the hype ratio.
    Rhetoric {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        range: HolderMonths,
        /// table, json or csv.
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: Format,
    },
    /// Write the HTML report: charts of holdings with the claims marked by
    /// verdict, the rhetoric index, and the refuted claims with evidence.
    Report {
        #[command(flatten)]
        db: DbArg,
        /// The HTML file to write (replaced if it exists).
        #[arg(long, default_value = "claimscope-report.html")]
        out: PathBuf,
    },
    /// The main job on the bundled corpus: ingest it into a fresh database,
    /// check every claim, print the summary and rhetoric against data.
    Demo {
        /// Where to write the demo database (replaced if it exists).
        #[arg(long, default_value = "claimscope-demo.db")]
        db: PathBuf,
        #[command(flatten)]
        tone: ToneArg,
    },
}

/// What `claimscope holdings` does besides listing the figures.
#[derive(Debug, Subcommand)]
enum HoldingsAction {
    /// Load TIC tables into the database as one more vintage:
    /// slt_table5.txt or mfhhis01.txt (Major Foreign Holders), slt_table1.txt,
    /// or the retired mfh.txt (loaded with a warning).
    Load {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The release date of the tables (YYYY-MM-DD), when the file does
        /// not state one.
        #[arg(long, value_parser = parse_date)]
        vintage: Option<NaiveDate>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Download Treasury's current tables (slt_table5.txt, mfhhis01.txt,
    /// slt_table1.txt) and load them, only if all three parse.
    Refresh {
        /// Where the tables are; Treasury's TIC site by default.
        #[arg(long, default_value = holdings_cmd::TIC_BASE)]
        base: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Per table: the newest month loaded, its vintage, and whether a newer
    /// release is due.
    Status {
        /// Include the vintages loaded into this database.
        #[arg(long, value_name = "DB")]
        db: Option<Location>,
        /// The date to judge "due" on (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
}

/// A holder and a range of data months, for `holdings` and `rhetoric`.
#[derive(Debug, clap::Args)]
struct HolderMonths {
    /// Only this holder (any alias: "Chinese", "Britain").
    #[arg(long)]
    holder: Option<String>,
    /// First data month (YYYY-MM).
    #[arg(long)]
    from: Option<Period>,
    /// Last data month (YYYY-MM).
    #[arg(long)]
    to: Option<Period>,
}

impl HolderMonths {
    fn holder(&self) -> Option<Holder> {
        self.holder.as_deref().map(Holder::named)
    }
}

/// The checking settings of the commands that check claims.
#[derive(Debug, clap::Args)]
struct RulesArg {
    /// Months a trend claim ("dumping", "exiting") is checked over: the
    /// change to the claim's month from this many months before.
    #[arg(long, value_name = "MONTHS", default_value_t = verify::TREND_WINDOW_MONTHS,
          value_parser = clap::value_parser!(u16).range(1..=240))]
    window: u16,
}

impl RulesArg {
    fn rules(&self) -> Rules {
        Rules { trend_window: self.window }
    }
}

/// The tone settings of the commands that score tone.
#[derive(Debug, clap::Args)]
struct ToneArg {
    /// The polarity model: lexicon (the team's word list, in any build) or
    /// transformer (MiniLM and the trained head, in a build with the
    /// `transformer` feature). Default: the transformer where built, else
    /// the lexicon.
    #[arg(long = "tone", value_enum, value_name = "MODEL")]
    model: Option<ToneModel>,
    /// The sentences the polarity model reads: framing (the lead and the
    /// sentences about holdings, which the label and the rhetoric index
    /// use; the others score 0) or all.
    #[arg(long, value_enum, value_name = "WHICH", default_value = "framing")]
    tone_sentences: claimscope::tone::Scope,
    /// The transformer's number format; bf16 is faster only where the CPU
    /// computes it natively. Default: the faster on this CPU.
    #[cfg(feature = "transformer")]
    #[arg(long, value_enum, env = "CLAIMSCOPE_PRECISION")]
    precision: Option<claimscope::tone::worker::Precision>,
    /// libtorch threads for the transformer. Default: one per core.
    #[cfg(feature = "transformer")]
    #[arg(long, env = "CLAIMSCOPE_THREADS")]
    threads: Option<std::num::NonZeroUsize>,
    /// The MiniLM model folder. Default: where scripts/setup-transformer
    /// puts it, ~/.cache/claimscope/all-minilm-l6-v2.
    #[cfg(feature = "transformer")]
    #[arg(long, value_name = "DIR", env = "CLAIMSCOPE_MODEL_DIR")]
    model_dir: Option<std::path::PathBuf>,
}

impl ToneArg {
    fn settings(&self) -> ToneSettings {
        ToneSettings {
            model: self.model.unwrap_or_default(),
            sentences: self.tone_sentences,
            #[cfg(feature = "transformer")]
            precision: self.precision,
            #[cfg(feature = "transformer")]
            threads: self.threads,
            #[cfg(feature = "transformer")]
            model_dir: self.model_dir.clone(),
        }
    }
}

/// The database shared by the commands that use one.
#[derive(Debug, clap::Args)]
struct DbArg {
    /// A SQLite file, or postgres://user@host:port/dbname for a database
    /// that many workers and machines share.
    #[arg(long = "db", env = "CLAIMSCOPE_DB", default_value = "claimscope.db")]
    path: Location,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date: use YYYY-MM-DD"))
}

/// Runs the command line and returns the exit code: 0 when the command did
/// its job, 1 when it could do nothing (every input failed), errors as 2.
pub fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.command {
        Command::Ingest {
            inputs,
            db,
            concurrency,
            per_host,
            host_delay_ms,
            timeout_ms,
            max_attempts,
            retry_base_ms,
            max_bytes,
            refresh,
            all,
            allow_private_addresses,
            quiet,
            json,
            rules,
            analysis_threads,
            lease_secs,
            claim,
            tone,
        } => {
            let config = FetchConfig {
                timeout: Duration::from_millis(timeout_ms),
                max_bytes,
                concurrency: concurrency.max(1),
                per_host: per_host.max(1),
                host_delay: Duration::from_millis(host_delay_ms),
                max_attempts: max_attempts.max(1),
                retry_base: Duration::from_millis(retry_base_ms),
                allow_private_addresses,
                ..FetchConfig::default()
            };
            let lease = Duration::try_from_secs_f64(lease_secs)
                .map_err(|_| anyhow::anyhow!("--lease-secs {lease_secs}: give a number of seconds, at least 0"))?;
            let fleet = Fleet { lease, batch: claim.max(1) };
            let settings = IngestSettings { refresh, all, analysis_threads };
            let opts = ingest::Options { quiet, json, settings, rules: rules.rules(), tone: tone.settings(), fleet };
            ingest::run(&inputs, &db.path, &config, opts, &mut out)
        }
        Command::Claims { db, holder, kind, from, to, verdict, search, site, limit, format } => {
            let store = open_existing(&db.path)?;
            let query = ClaimQuery {
                holder: holder.as_deref().map(Holder::named),
                kind,
                from,
                to,
                verdict,
                search,
                site,
                limit,
            };
            let rows = store.query_claims(&query)?;
            report::write_claims(&mut out, &rows, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Holdings { action: Some(HoldingsAction::Load { files, vintage, db }), .. } => {
            holdings_cmd::load(&files, vintage, &db.path, &mut out)
        }
        Command::Holdings { action: Some(HoldingsAction::Refresh { base, db }), .. } => {
            holdings_cmd::refresh(&base, &db.path, &mut out)
        }
        Command::Holdings { action: Some(HoldingsAction::Status { db, today }), .. } => {
            let holdings = holdings_with(db.as_ref())?;
            holdings_cmd::status(&holdings, today.unwrap_or_else(|| chrono::Utc::now().date_naive()), &mut out)
        }
        Command::Holdings { action: None, range, measure, format, db, vintages } => {
            let holdings = holdings_with(db.as_ref())?;
            let (holder, from, to) = (range.holder(), range.from, range.to);
            let listed = if vintages { holdings.revisions() } else { holdings.figures() };
            let figures: Vec<_> = listed
                .iter()
                .filter(|f| holder.as_ref().is_none_or(|h| &f.holder == h))
                .filter(|f| measure.is_none_or(|m| f.measure == m))
                .filter(|f| from.is_none_or(|p| f.month >= p) && to.is_none_or(|p| f.month <= p))
                .cloned()
                .collect();
            if figures.is_empty() {
                if let Some(h) = &holder {
                    anyhow::bail!("no figures for holder {h:?} in that range; `claimscope holdings --format csv` lists every holder");
                }
            }
            report::write_figures(&mut out, &figures, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { published, url, jsonl, input, tone } => {
            extract_cmd::run(&input, url.as_deref(), published, jsonl, &tone.settings(), &mut out)
        }
        Command::Article { inputs, format } => article_cmd::run(&inputs, format, &mut out),
        Command::Reprocess { db, rules, tone, quiet } => {
            reprocess::run(&db.path, rules.rules(), &tone.settings(), quiet, &mut out)
        }
        Command::Demo { db, tone } => demo::run(&db, &tone.settings(), &mut out),
        Command::Rhetoric { db, range, format } => {
            let store = open_existing(&db.path)?;
            let query = RhetoricQuery { holder: range.holder(), from: range.from, to: range.to };
            report_cmd::rhetoric(&store, &query, format, &mut out)
        }
        Command::Enqueue { inputs, db } => queue_cmd::enqueue(&inputs, &db.path, &mut out),
        Command::Status { db, format } => queue_cmd::status(&open_existing(&db.path)?, format, &mut out),
        Command::Report { db, out: path } => report_cmd::report(&open_existing(&db.path)?, &path, &mut out),
    }
}

/// Opens a database that a query expects to exist, with a hint when it does
/// not (rather than silently creating an empty one).
/// The bundled figures, plus the vintages loaded into `db` when given.
fn holdings_with(db: Option<&Location>) -> anyhow::Result<Holdings> {
    match db {
        Some(db) => Ok(holdings_of(&open_existing(db)?)?),
        None => Ok(Holdings::bundled()),
    }
}

/// Opens a database that a query expects to exist, with a hint when it does
/// not (rather than silently creating an empty one).
fn open_existing(db: &Location) -> anyhow::Result<Store> {
    Ok(Store::open_existing(db)?)
}
