//! Stage 3b: [`Article`] in, [`ArticleTone`] out: polarity, alarm, hedging
//! and sarcasm per sentence and for the whole article.

use serde::{Deserialize, Serialize};

use crate::extract::Article;

/// Negative, neutral or positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToneLabel {
    Negative,
    Neutral,
    Positive,
}

/// The tone of a sentence or an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    pub label: ToneLabel,
    /// -1 (most negative) to 1 (most positive).
    pub score: f64,
    /// 0..1: hyperbole, emergency markers, "crash", sirens.
    pub alarm: f64,
    /// 0..1: "may", "reportedly", "could".
    pub hedging: f64,
    /// 0..1: mock praise, scare quotes, "one wonders if".
    pub sarcasm: f64,
    /// What produced the scores, with its version.
    pub model: String,
}

/// The tone of one sentence, with its byte offsets in the article text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceTone {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub tone: Tone,
}

/// The tone of a whole article and of each of its sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleTone {
    #[serde(flatten)]
    pub overall: Tone,
    pub sentences: Vec<SentenceTone>,
}

/// A sentence-level polarity model: the team's lexicon, or the transformer
/// added behind the `transformer` feature. Alarm, hedging and sarcasm stay
/// with the rules whichever model gives polarity.
pub trait PolarityModel: Send + Sync {
    /// Name and version, reported in [`Tone::model`].
    fn name(&self) -> String;
    /// One (label, score in -1..1) per sentence, in order. Batched so a
    /// transformer can amortise its forward pass across articles.
    fn polarity(&self, sentences: &[&str]) -> Vec<(ToneLabel, f64)>;
}
