//! Stage 3a: [`Article`] in, [`Claim`]s out: what the text says about who
//! holds how many Treasuries.

use serde::{Deserialize, Serialize};

use crate::extract::Article;
use crate::gazetteer::Holder;
use crate::units::{Direction, Period, Since, UsdBillions};

/// What sort of statement a claim makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// For extremum claims: "since 2008"; `None` means an all-time record.
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
}
