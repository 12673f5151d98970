//! The trend-intensity scale: how big a move a claim's words describe, read
//! once by the tagger so that verify and report use the field, not the text.

use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// How big a move the words of a trend claim describe, on the scale the
/// README documents under "Trend verdicts": 1 gradual ("trimming",
/// "quietly"), 2 steady ("cutting", "selling", "buying"), 3 heavy
/// ("dumping", "exiting", "piling in"), 4 flight ("exodus", "fleeing",
/// "stampede"). A softener ("quietly", "slowly") takes one step off the
/// strongest word, so "quietly selling" is 1 and "quietly exiting" 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    Gradual = 1,
    Steady = 2,
    Heavy = 3,
    Flight = 4,
}

/// The words of each grade, strongest first, as regex alternations over
/// lower-cased text; word boundaries keep "exits" from matching in "exist".
static INTENSITY_WORDS: Lazy<[(Intensity, Regex); 4]> = Lazy::new(|| {
    let words = |alternation: &str| Regex::new(&format!(r"\b(?:{alternation})\b")).expect("valid regex");
    [
        (
            Intensity::Flight,
            words(
                r"exodus|flee(?:ing|s)?|fled|flight|stampede\w*|rush(?:ing)? for the exits?|mass (?:exit|sell\w*)|panic\w*|abandon\w*|collapse\w*|capitulat\w*",
            ),
        ),
        (
            Intensity::Heavy,
            words(
                r"dump\w*|unload\w*|slash\w*|fire[- ]?sales?|sell-?offs?|exit(?:s|ing)?|heading for the exits?|pull(?:ing|s)? out|divest\w*|ditch\w*|piling in(?:to)?|pil(?:e|es|ing) into|snapp?(?:ing|s)? up|gobbl\w*|load(?:ing|s)? up",
            ),
        ),
        (
            Intensity::Steady,
            words(
                r"cut(?:s|ting)?|reduc\w*|sell(?:s|ing)?|sold|shed\w*|offload\w*|buy(?:s|ing)?|bought|add(?:s|ing|ed)?|accumulat\w*|still buying",
            ),
        ),
        (
            Intensity::Gradual,
            words(r"trim\w*|eas(?:e|es|ing)|edg(?:e|es|ing)|nibbl\w*|drift\w*|declin\w*|decline|slipp?\w*"),
        ),
    ]
});

/// Words that soften a move: one step off the strongest word.
static SOFTENERS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:quietly|slowly|gradually|gently|modestly|steadily|slow)\b").expect("valid regex"));

impl Intensity {
    /// The grade of a sentence: its strongest move word, one step lower
    /// with a softener; `None` when it has no move word of the scale.
    pub fn of_sentence(sentence: &str) -> Option<Intensity> {
        let text = sentence.to_lowercase();
        let strongest = INTENSITY_WORDS.iter().find(|(_, re)| re.is_match(&text)).map(|(grade, _)| *grade)?;
        if SOFTENERS.is_match(&text) {
            return Some(strongest.softened());
        }
        Some(strongest)
    }

    fn softened(self) -> Intensity {
        match self {
            Intensity::Flight => Intensity::Heavy,
            Intensity::Heavy => Intensity::Steady,
            Intensity::Steady | Intensity::Gradual => Intensity::Gradual,
        }
    }

    /// The grade's number on the scale, 1 to 4.
    pub fn grade(self) -> u8 {
        self as u8
    }

    /// The smallest move the words claim, over the trend window: a percent
    /// of the level at the start of the window or a z-score against the
    /// holder's own moves over windows of that length; the move must reach
    /// either. A gradual move claims only a direction.
    pub fn threshold(self) -> (f64, f64) {
        match self {
            Intensity::Gradual => (0.0, 0.0),
            Intensity::Steady => (2.0, 0.5),
            Intensity::Heavy => (5.0, 1.0),
            Intensity::Flight => (15.0, 2.0),
        }
    }

    /// The scale's word for the grade, for notes and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Intensity::Gradual => "gradual",
            Intensity::Steady => "steady",
            Intensity::Heavy => "heavy",
            Intensity::Flight => "flight",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_words_grade_on_the_intensity_scale() {
        let grade = |q: &str| Intensity::of_sentence(q).map(Intensity::grade);
        assert_eq!(grade("China is quietly selling its Treasuries."), Some(1));
        assert_eq!(grade("China keeps trimming its stake."), Some(1));
        assert_eq!(grade("Japan is cutting its holdings."), Some(2));
        assert_eq!(grade("Denmark is quietly exiting the market."), Some(2));
        assert_eq!(grade("Beijing is DUMPING Treasuries."), Some(3));
        assert_eq!(grade("London keeps piling in."), Some(3));
        assert_eq!(grade("An exodus from Treasuries is under way."), Some(4));
        assert_eq!(grade("Central banks are fleeing the dollar."), Some(4));
        // "exist" is not "exit"; no move word, no grade.
        assert_eq!(grade("Doubts exist about the data."), None);
    }
}
