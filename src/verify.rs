//! Stage 5: a [`Claim`] and the official figures in, a [`Check`] out.
//! Pure: no I/O, so every verdict can be reproduced from its inputs.

use serde::{Deserialize, Serialize};

use crate::claims::Claim;

/// The outcome of checking a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Consistent,
    Inconsistent,
    /// Right direction, far larger than the data shows.
    Exaggerated,
    /// The data cannot settle it; the note says why.
    NotCheckable,
}

/// A verdict with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub verdict: Verdict,
    /// The figures the verdict rests on.
    pub figures: Vec<crate::holdings::Figure>,
    /// The table and vintage the figures come from.
    pub source: String,
    /// The rule applied and the numbers compared, in one sentence.
    pub note: String,
}

/// A claim with its check: the unit the claim JSON is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub check: Check,
}
