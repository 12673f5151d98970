//! Stage 3a: [`Article`] in, [`Claim`]s out: what the text says about who
//! holds how many Treasuries.
//!
//! The tagger is a pattern layer over the sentences of [`Article::sentences`]:
//! for each sentence it finds the holders mentioned (gazetteer names,
//! institutions, or a pronoun carrying the previous holder), cuts the
//! sentence into one segment per holder, and reads amounts, verbs of
//! direction, months and superlatives inside each segment. Sentences outside
//! a Treasury-holdings context (yields, auctions, gold, FX reserves, the Fed's
//! balance sheet, US holdings abroad, net purchases) yield nothing.
//!
//! Every regex is compiled once; a sentence costs a handful of scans.

mod intensity;
mod mentions;
mod patterns;
mod ranks;
mod segment;
mod tagger;
#[cfg(test)]
mod tests;
mod time;
mod words;

use serde::{Deserialize, Serialize};

use crate::extract::{Article, Span};
use crate::gazetteer::Holder;
use crate::units::{Direction, Period, Since, UsdBillions};
pub use intensity::Intensity;
use tagger::Tagger;

/// The version of the tagger, stored with every claim (bump it when the
/// claims it finds change).
pub const VERSION: &str = "claims-5";

/// What sort of statement a claim makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub enum ClaimKind {
    /// "holdings stood at $682.6bn in November"
    Level,
    /// "fell by $6.1bn", "down 30% over the past year"
    Change,
    /// "the lowest since 2008", "a record high"
    Extremum,
    /// "the largest foreign holder", "fell to third"
    Rank,
    /// "will fully divest", "plans to sell"
    Intent,
    /// "is quietly exiting", "dumping": direction without a number
    Trend,
    /// "could fall below $500bn"
    Forecast,
}

impl ClaimKind {
    /// The word used in JSON, SQL and CLI flags ("level", "extremum").
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Level => "level",
            ClaimKind::Change => "change",
            ClaimKind::Extremum => "extremum",
            ClaimKind::Rank => "rank",
            ClaimKind::Intent => "intent",
            ClaimKind::Trend => "trend",
            ClaimKind::Forecast => "forecast",
        }
    }
}

/// Whether a stated amount is a bound rather than a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// "more than $1 trillion"
    Over,
    /// "less than $100 million"
    Under,
}

/// One checkable (or not) statement about a holder's Treasury holdings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub holder: Holder,
    pub kind: ClaimKind,
    /// For extremum claims, `down` is a low and `up` a high.
    pub direction: Option<Direction>,
    pub level_usd_bn: Option<UsdBillions>,
    /// Signed: negative for a fall.
    pub change_usd_bn: Option<UsdBillions>,
    /// Signed percent: -30.0 for "a 30% decline".
    pub change_pct: Option<f64>,
    /// The data month the claim is about.
    pub period: Option<Period>,
    /// The month a change is measured from, when not the previous month.
    pub base_period: Option<Period>,
    /// For extremum claims: "since 2008"; `None` means an all-time record,
    /// or, on a claim with no period, a reference point the text gives
    /// only against that unknown period ("an 18-year low").
    pub since: Option<Since>,
    /// 1 for "largest", 2 for "second-largest".
    pub rank: Option<u32>,
    /// Set when the amount is a bound ("more than", "less than").
    pub bound: Option<Bound>,
    /// The sentence the claim was read from.
    pub quote: String,
    /// Byte offsets of `quote` in the article text.
    pub start: usize,
    pub end: usize,
    /// Who the text attributes the claim to, if anyone.
    pub speaker: Option<String>,
    /// "reportedly", "may", "estimated", "about".
    pub hedged: bool,
    /// Half a unit of the last significant digit of `level_usd_bn`, so the
    /// verifier knows how precise the text was: 0.05 for "$682.6bn", 50 for
    /// "$1.2 trillion", 5 for "$190 billion", 0.05 for "$100 million".
    #[serde(default)]
    pub level_half_unit: Option<UsdBillions>,
    /// The same for `change_usd_bn`; a change computed from two stated levels
    /// gets the sum of their half-units.
    #[serde(default)]
    pub change_half_unit: Option<UsdBillions>,
    /// Half a unit of the last stated digit of `change_pct`, in percentage
    /// points: 0.5 for "30%", 0.05 for "2.5%".
    #[serde(default)]
    pub pct_half_unit: Option<f64>,
    /// The amount was stated as approximate ("about", "around", "~",
    /// "nearly", "some"), which widens its tolerance; `hedged` also covers
    /// hedges that say nothing about precision ("reportedly", "may").
    #[serde(default)]
    pub approx: bool,
    /// How big a move the sentence's words describe ("trimming" to
    /// "exodus"); `None` when it has no move word of the scale.
    #[serde(default)]
    pub intensity: Option<Intensity>,
}

/// Reads every claim the article makes about Treasury holders, in text order.
///
/// Month names without a year are resolved against `article.published`
/// (the latest such month whose TIC data was out on that date); without a
/// publication date they stay unresolved.
pub fn tag(article: &Article) -> Vec<Claim> {
    let mut tagger = Tagger::new(article);
    let mut pending: Option<Span> = None;
    for span in article.sentences() {
        pending = match pending {
            Some(p) if wrapped(&article.text, p, span) => Some(Span {
                start: p.start,
                end: span.end,
            }),
            Some(p) => {
                tagger.sentence(p);
                Some(span)
            }
            None => Some(span),
        };
    }
    if let Some(p) = pending {
        tagger.sentence(p);
    }
    tagger.claims
}

/// Whether `next` continues `prev` across a single line break: text wrapped
/// mid-sentence ("fell\nto $186.5 billion"), as copied from PDFs and feeds.
/// A line ending in a lower-case word or a comma has not ended its sentence;
/// table rows (tabs, pipes), list items and paragraphs (blank lines) stay apart.
fn wrapped(text: &str, prev: Span, next: Span) -> bool {
    let gap = &text[prev.end..next.start];
    let (a, b) = (prev.of(text), next.of(text));
    gap.bytes().filter(|&c| c == b'\n').count() == 1
        && a.ends_with(|c: char| c.is_ascii_lowercase() || c == ',')
        && !crate::extract::is_list_item(b)
        && ![a, b].iter().any(|l| l.contains(['\t', '|']))
}
