//! The team's finance-aware polarity lexicon: weighted cues, negation,
//! intensifiers and bad-noun inversion. The all-rules build's polarity
//! model and the baseline the transformer must beat.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::{PolarityModel, ToneLabel};

/// Sentence polarity above this is positive, below its negation negative.
/// A single ordinary cue ("rose", weight 1) scores 0.45 and clears it; a lone
/// weak cue ("risk", 0.5) scores 0.24 and stays neutral, so wire copy that
/// merely mentions risk is not called negative. Chosen on the Twitter
/// financial news train split (0.2 and 0.4 both did worse).
pub const SENTENCE_THRESHOLD: f64 = 0.3;

/// Article polarity (a length-weighted mean over sentences) above this is
/// positive, below its negation negative. Lower than
/// [`SENTENCE_THRESHOLD`] because neutral sentences dilute the mean.
pub const ARTICLE_THRESHOLD: f64 = 0.1;

/// How the sum of cue weights is squashed into -1..1: `x / sqrt(x² + α)`
/// (VADER's normalisation with a smaller α, because our weights are about 1,
/// not about 2 as in VADER).
const SQUASH_ALPHA: f64 = 4.0;

/// Factor applied to a cue in the scope of a negator ("not concerned",
/// "did not fall"): it flips, but a denied fall is weaker than a rise.
const NEGATION_FACTOR: f64 = -0.75;

/// How many tokens before a cue a negator reaches.
const NEGATION_SCOPE: usize = 3;

/// How many tokens apart a move ("fell") and a bad noun ("loss") may be for
/// the noun to invert the move ("loss narrowed" is good news).
const BAD_NOUN_SCOPE: usize = 4;

/// What a lexicon cue does besides carrying a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Carries its weight as is.
    Plain,
    /// A movement (rose, fell, cut): inverted next to a [`Role::Bad`] noun.
    Move,
    /// A quantity whose growth is bad news (loss, deficit, costs); it hands
    /// its polarity to a nearby move and keeps its own weight only alone.
    Bad,
}

/// The polarity cues. A trailing `*` matches any word with that prefix;
/// two words match two adjacent tokens. Finance-aware: "record high" is a
/// cue while "record" alone is not, and "loss" inverts "narrowed".
const CUES: &[(&str, f64, Role)] = &[
    // Strong negative: collapse and crisis vocabulary.
    ("crash*", -2.0, Role::Plain),
    ("collaps*", -2.0, Role::Plain),
    ("plung*", -2.0, Role::Move),
    ("plummet*", -2.0, Role::Move),
    ("slump*", -1.5, Role::Move),
    ("tumbl*", -1.5, Role::Move),
    ("crisis", -2.0, Role::Plain),
    ("meltdown", -2.0, Role::Plain),
    ("catastroph*", -2.0, Role::Plain),
    ("bankrupt*", -2.0, Role::Plain),
    ("default", -1.5, Role::Plain),
    ("defaults", -1.5, Role::Plain),
    ("defaulted", -1.5, Role::Plain),
    ("exodus", -1.5, Role::Plain),
    ("panic*", -1.5, Role::Plain),
    ("turmoil", -1.5, Role::Plain),
    ("dump*", -1.5, Role::Plain),
    ("freefall", -2.0, Role::Move),
    // Ordinary negative moves.
    ("fell", -1.0, Role::Move),
    ("fall", -1.0, Role::Move),
    ("falls", -1.0, Role::Move),
    ("falling", -1.0, Role::Move),
    ("drop*", -1.0, Role::Move),
    ("declin*", -1.0, Role::Move),
    ("decreas*", -1.0, Role::Move),
    ("cut", -1.0, Role::Move),
    ("cuts", -1.0, Role::Move),
    ("cutting", -1.0, Role::Move),
    ("reduc*", -0.7, Role::Move),
    ("lower", -0.7, Role::Move),
    ("lowered", -1.0, Role::Move),
    ("lowest", -1.0, Role::Move),
    ("record low", -1.5, Role::Move),
    ("down", -0.7, Role::Move),
    ("shrink*", -1.0, Role::Move),
    ("shrank", -1.0, Role::Move),
    ("shrunk", -1.0, Role::Move),
    ("narrow*", -0.7, Role::Move),
    ("slid", -1.0, Role::Move),
    ("slide*", -1.0, Role::Move),
    ("slip*", -1.0, Role::Move),
    ("sank", -1.5, Role::Move),
    ("sink*", -1.5, Role::Move),
    ("erosion", -1.0, Role::Plain),
    ("erod*", -1.0, Role::Plain),
    ("sell-off", -1.5, Role::Plain),
    ("selloff", -1.5, Role::Plain),
    ("sell off", -1.5, Role::Plain),
    ("downgrad*", -1.5, Role::Plain),
    ("retreat*", -1.0, Role::Plain),
    ("exit", -0.7, Role::Plain),
    ("exiting", -0.7, Role::Plain),
    ("divest*", -0.7, Role::Plain),
    ("flee*", -1.5, Role::Plain),
    ("fled", -1.5, Role::Plain),
    // Negative states and judgements.
    ("loss", -1.0, Role::Bad),
    ("losses", -1.0, Role::Bad),
    ("deficit*", -0.5, Role::Bad),
    ("cost", 0.0, Role::Bad),
    ("costs", 0.0, Role::Bad),
    ("expenses", 0.0, Role::Bad),
    ("unemployment", -0.5, Role::Bad),
    ("lose", -1.0, Role::Plain),
    ("loses", -1.0, Role::Plain),
    ("losing", -1.0, Role::Plain),
    ("lost", -1.0, Role::Plain),
    ("risk", -0.5, Role::Plain),
    ("risks", -0.5, Role::Plain),
    ("risky", -1.0, Role::Plain),
    ("concern*", -1.0, Role::Plain),
    ("worr*", -1.0, Role::Plain),
    ("fear*", -1.0, Role::Plain),
    ("threat*", -1.0, Role::Plain),
    ("warn*", -1.0, Role::Plain),
    ("damag*", -1.0, Role::Plain),
    ("deteriorat*", -1.0, Role::Plain),
    ("weak*", -1.0, Role::Plain),
    ("poor*", -1.0, Role::Plain),
    ("worse", -1.0, Role::Plain),
    ("worst", -1.5, Role::Plain),
    ("fragil*", -1.0, Role::Plain),
    ("crumbl*", -1.5, Role::Plain),
    ("irresponsib*", -1.0, Role::Plain),
    ("stress*", -0.7, Role::Plain),
    ("pressure*", -0.7, Role::Plain),
    ("volatil*", -0.5, Role::Plain),
    ("uncertain*", -0.7, Role::Plain),
    ("impair*", -1.0, Role::Plain),
    ("disappoint*", -1.5, Role::Plain),
    ("miss", -1.0, Role::Plain),
    ("missed", -1.0, Role::Plain),
    ("misses", -1.0, Role::Plain),
    ("layoff*", -1.0, Role::Plain),
    ("fraud*", -1.5, Role::Plain),
    ("lawsuit*", -1.0, Role::Plain),
    ("bearish", -1.5, Role::Plain),
    ("bear", -1.0, Role::Plain),
    ("underweight", -1.0, Role::Plain),
    ("downside", -1.0, Role::Plain),
    ("negative", -1.0, Role::Plain),
    ("underperform*", -1.0, Role::Plain),
    ("halt*", -1.0, Role::Plain),
    ("suspend*", -1.0, Role::Plain),
    ("recession*", -1.5, Role::Plain),
    ("sell", -0.5, Role::Plain),
    // Positive moves.
    ("rose", 1.0, Role::Move),
    ("rise", 1.0, Role::Move),
    ("rises", 1.0, Role::Move),
    ("rising", 1.0, Role::Move),
    ("risen", 1.0, Role::Move),
    ("gain*", 1.0, Role::Move),
    ("increas*", 1.0, Role::Move),
    ("grow*", 1.0, Role::Move),
    ("grew", 1.0, Role::Move),
    ("expand*", 1.0, Role::Move),
    ("higher", 0.7, Role::Move),
    ("highest", 1.0, Role::Move),
    ("record high", 1.5, Role::Move),
    ("up from", 0.7, Role::Move),
    ("climb*", 1.0, Role::Move),
    ("jump*", 1.5, Role::Move),
    ("surg*", 1.5, Role::Move),
    ("soar*", 1.5, Role::Move),
    ("doubl*", 1.0, Role::Move),
    ("rally", 1.5, Role::Move),
    ("rallied", 1.5, Role::Move),
    ("rallies", 1.5, Role::Move),
    ("recover*", 1.0, Role::Move),
    ("rebound*", 1.0, Role::Move),
    ("boost*", 1.0, Role::Move),
    ("improv*", 1.0, Role::Move),
    ("accelerat*", 0.5, Role::Move),
    ("raise", 1.0, Role::Move),
    ("raises", 1.0, Role::Move),
    ("raised", 1.0, Role::Move),
    ("bounce*", 1.0, Role::Move),
    ("highs", 1.0, Role::Move),
    ("up", 0.5, Role::Move),
    // Positive states and judgements.
    ("strong", 1.0, Role::Plain),
    ("stronger", 1.0, Role::Plain),
    ("strongest", 1.0, Role::Plain),
    ("strength*", 1.0, Role::Plain),
    ("robust", 1.0, Role::Plain),
    ("solid", 0.7, Role::Plain),
    ("healthy", 0.7, Role::Plain),
    ("demand", 0.5, Role::Plain),
    ("confiden*", 1.0, Role::Plain),
    ("beat", 1.0, Role::Plain),
    ("beats", 1.0, Role::Plain),
    ("exceed*", 1.0, Role::Plain),
    ("outperform*", 1.0, Role::Plain),
    ("outpac*", 1.0, Role::Plain),
    ("upgrad*", 1.5, Role::Plain),
    ("bullish", 1.5, Role::Plain),
    ("bull", 1.0, Role::Plain),
    ("overweight", 1.0, Role::Plain),
    ("upside", 1.0, Role::Plain),
    ("tops", 0.7, Role::Plain),
    ("hopes", 0.5, Role::Plain),
    ("positive", 1.0, Role::Plain),
    ("optimis*", 1.0, Role::Plain),
    ("upbeat", 1.0, Role::Plain),
    ("success*", 1.0, Role::Plain),
    ("profitab*", 1.0, Role::Plain),
    ("benefit*", 0.7, Role::Plain),
    ("favorable", 1.0, Role::Plain),
    ("favourable", 1.0, Role::Plain),
    ("win", 1.0, Role::Plain),
    ("wins", 1.0, Role::Plain),
    ("won", 1.0, Role::Plain),
    ("award*", 0.7, Role::Plain),
    ("stabili*", 0.5, Role::Plain),
];

/// Words that put the next [`NEGATION_SCOPE`] tokens in negated scope;
/// any token ending in "n't" does too.
const NEGATORS: &[&str] =
    &["not", "no", "never", "without", "nor", "neither", "hardly", "cannot", "nothing"];

/// Adverbs that scale a cue one or two tokens before it or right after it
/// ("extremely damaging", "fell sharply"); repeated, they compound.
const INTENSIFIERS: &[(&str, f64)] = &[
    ("extremely", 1.5),
    ("very", 1.3),
    ("highly", 1.3),
    ("sharply", 1.5),
    ("steeply", 1.5),
    ("significantly", 1.3),
    ("substantially", 1.3),
    ("dramatically", 1.5),
    ("severely", 1.5),
    ("deeply", 1.3),
    ("hugely", 1.5),
    ("massively", 1.5),
    ("slightly", 0.5),
    ("marginally", 0.5),
    ("somewhat", 0.6),
    ("modestly", 0.6),
];

/// Cues split by how they match, built once from [`CUES`].
struct CueTable {
    exact: HashMap<&'static str, (f64, Role)>,
    prefixes: Vec<(&'static str, f64, Role)>,
}

static CUE_TABLE: Lazy<CueTable> = Lazy::new(|| {
    let mut exact = HashMap::new();
    let mut prefixes = Vec::new();
    for &(cue, weight, role) in CUES {
        match cue.strip_suffix('*') {
            Some(prefix) => prefixes.push((prefix, weight, role)),
            None => {
                exact.insert(cue, (weight, role));
            }
        }
    }
    CueTable { exact, prefixes }
});

impl CueTable {
    /// The cue for one token: an exact entry, else the first prefix entry.
    fn get(&self, word: &str) -> Option<(f64, Role)> {
        self.exact.get(word).copied().or_else(|| {
            self.prefixes
                .iter()
                .find(|(prefix, _, _)| word.starts_with(prefix))
                .map(|&(_, weight, role)| (weight, role))
        })
    }
}

pub(super) static WORD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*").expect("static regex"));

/// Lower-cased word tokens with curly apostrophes made straight.
fn tokens(sentence: &str) -> Vec<String> {
    WORD.find_iter(sentence).map(|m| m.as_str().to_lowercase().replace('’', "'")).collect()
}

/// A cue found in a sentence, at a token position.
struct Hit {
    pos: usize,
    weight: f64,
    role: Role,
}

/// The team's finance-aware polarity lexicon: weighted cues, negation,
/// intensifiers and bad-noun inversion, squashed into -1..1. Transparent
/// and fast; the baseline a transformer model must beat.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexicon;

impl Lexicon {
    /// The polarity of one sentence: the sum of its cue weights after
    /// modifiers, squashed, and the label from [`SENTENCE_THRESHOLD`].
    fn sentence(&self, sentence: &str) -> (ToneLabel, f64) {
        let toks = tokens(sentence);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let pair = toks.get(i + 1).map(|next| format!("{} {next}", toks[i]));
            if let Some((weight, role)) = pair.and_then(|p| CUE_TABLE.exact.get(p.as_str()).copied()) {
                hits.push(Hit { pos: i, weight, role });
                i += 2;
                continue;
            }
            if let Some((weight, role)) = CUE_TABLE.get(&toks[i]) {
                hits.push(Hit { pos: i, weight, role });
            }
            i += 1;
        }
        invert_moves_of_bad_nouns(&mut hits);
        let sum: f64 = hits.iter().map(|h| h.weight * modifier(&toks, h.pos)).sum();
        let score = sum / (sum * sum + SQUASH_ALPHA).sqrt();
        (label(score, SENTENCE_THRESHOLD), score)
    }
}

/// A move next to a bad noun takes the noun's sign ("losses narrowed" is
/// good, "costs rose" bad) and the noun then adds nothing of its own.
fn invert_moves_of_bad_nouns(hits: &mut [Hit]) {
    let bad: Vec<usize> = hits.iter().filter(|h| h.role == Role::Bad).map(|h| h.pos).collect();
    let mut used = Vec::new();
    for hit in hits.iter_mut().filter(|h| h.role == Role::Move) {
        if let Some(&noun) = bad.iter().find(|&&b| b.abs_diff(hit.pos) <= BAD_NOUN_SCOPE) {
            hit.weight = -hit.weight;
            used.push(noun);
        }
    }
    for hit in hits.iter_mut().filter(|h| used.contains(&h.pos)) {
        hit.weight = 0.0;
    }
}

/// The factor negators and intensifiers around token `pos` apply to its cue.
fn modifier(toks: &[String], pos: usize) -> f64 {
    let negated = toks[pos.saturating_sub(NEGATION_SCOPE)..pos]
        .iter()
        .any(|t| NEGATORS.contains(&t.as_str()) || t.ends_with("n't"));
    let intensity: f64 = toks[pos.saturating_sub(2)..(pos + 2).min(toks.len())]
        .iter()
        .filter_map(|t| INTENSIFIERS.iter().find(|(w, _)| w == t).map(|&(_, f)| f))
        .product();
    if negated {
        intensity * NEGATION_FACTOR
    } else {
        intensity
    }
}

/// The label of a score in -1..1 given a symmetric threshold.
pub(super) fn label(score: f64, threshold: f64) -> ToneLabel {
    if score > threshold {
        ToneLabel::Positive
    } else if score < -threshold {
        ToneLabel::Negative
    } else {
        ToneLabel::Neutral
    }
}

impl PolarityModel for Lexicon {
    fn name(&self) -> String {
        "lexicon-v1".to_string()
    }

    fn polarity(&self, sentences: &[&str]) -> Vec<(ToneLabel, f64)> {
        sentences.iter().map(|s| self.sentence(s)).collect()
    }
}
