//! The writer's framing of foreign demand for US debt, as opposed to the
//! direction of the facts: "China cut its holdings by $10bn" is a neutral
//! report; worry, alarm, reassurance and dismissal are how it is told.
//! Cues are the team's own, written from the annotation guide's categories
//! (`../shared/data/claims-real/GUIDE.md`), not learned from its excerpts.

use once_cell::sync::Lazy;
use regex::Regex;

/// Worry in measured words: the development framed as a risk to US debt
/// demand or US finances.
static WORRY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:concern(?:s|ed|ing)?|worr(?:y|ies|ied|ying|isome)|fears?|feared|risks?|risky|threat\w*|danger\w*|vulnerab\w*|warn\w*|weaken\w*|erod\w*|erosion|wan(?:e|es|ed|ing)|diminish\w*|de-?dollari[sz]\w*|weaponi[sz]\w*|unsustainable|troubl\w*|headwinds?|red flags?|doubts?|losing (?:faith|confidence|appetite|interest)|loss of (?:faith|confidence|appetite)|(?:less|little|weak\w*|fading|declining|waning) (?:appetite|demand|interest)|shun\w*|turn(?:ing|ed)? away|pull(?:ing|ed)? back|step(?:ping|ped)? back|retreat\w*|abandon\w*|problem\w*|strain\w*|pressure|jeopard\w*|undermin\w*|precarious|fragil\w*|worse\w*|alarm(?:ing|ed)?)\b",
    )
    .expect("static regex")
});

/// Reassurance: demand framed as strong or stable.
static REASSURANCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:strong(?:er|ly)?|robust|resilien\w*|healthy|solid|reassur\w*|confiden\w*|safe[- ]haven|steady|stable|stabili[sz]\w*|insatiable|buoyant|bright spot|appetite (?:remains|is still|holds)|still (?:the )?(?:largest|biggest|top)|remains? (?:the )?(?:largest|biggest|top)|vote of confidence|trust(?:ed)?|attractive|in demand|snapp\w* up|flock\w*|good news|welcome)\b",
    )
    .expect("static regex")
});

/// Dismissal: the concern explicitly played down. Matched before worry so
/// "nothing to worry about" is dismissive, not worried.
static DISMISSAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:nothing to (?:worry|fear|see)|no (?:cause|reason|need) (?:for|to) (?:concern|worry|alarm|panic|fear)|(?:not|isn['’]t|aren['’]t|is not|are not) (?:a )?(?:cause for (?:concern|alarm)|worr\w+|concern\w*|a big deal|a problem|alarming|significant)|no big deal|irrelevant|overblown|overstated|over-?hyped|exaggerat\w*|myths?|nonsense|(?:doesn['’]t|don['’]t|does not|do not) (?:really )?matter|non-?event|red herring|much ado|storm in a teacup|misplaced|unfounded|baseless|(?:don['’]t|do not|no need to) panic|drop in the (?:bucket|ocean)|negligible|rounding error|misleading|mis(?:read|understood|interpret\w*)|overreact\w*|scaremonger\w*|fearmonger\w*|alarmis[tm]\w*|hysteri\w*|doom-?mongers?|doomsayers?|hand-?wringing|far from (?:a )?(?:crisis|collapse|exodus)|tiny (?:fraction|share)|small (?:fraction|share)|just (?:a )?(?:fraction|blip)|blip|overdone|overplayed|far-?fetched|premature|laughabl\w*|ridiculous|silly|conspiracy|nothing new|no (?:sign|evidence) of|(?:not|no|isn['’]t|aren['’]t|nor|never|hardly|without) (?:\w+ ){0,2}(?:dump\w*|exodus|crash\w*|collaps\w*|crisis|flee\w*|fire[- ]sale|panic\w*|sell(?:ing)?[- ]off|abandon\w*|the end))\b",
    )
    .expect("static regex")
});

/// Holdings vocabulary or a figure: a sentence that carries or surrounds a
/// claim. The tone stage runs beside the claim tagger, not after it, so this
/// stands in for the claims' spans.
static HOLDINGS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:treasur\w*|bonds?|debt|holdings?|holders?|dollars?|reserves?|foreign\w*|t-bills?)\b|\d")
        .expect("static regex")
});

/// Sentences of the lead that always count as framing, whatever they say.
pub const LEAD_SENTENCES: usize = 2;

/// Counts of the framing cues in one sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cues {
    pub worry: f64,
    pub reassurance: f64,
    pub dismissal: f64,
    /// Dismissals that deny an alarm word ("no exodus"): the alarm rules
    /// take that word back.
    pub denied_alarm: f64,
}

/// An alarm word under denial, within a [`DISMISSAL`] match.
static DENIED_ALARM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:dump\w*|exodus|crash\w*|collaps\w*|flee\w*|fire[- ]sale|panic\w*)\b").expect("static regex")
});

impl Cues {
    /// The cues of one sentence. A worry or reassurance word inside a
    /// dismissal ("not a cause for concern") counts only as the dismissal.
    pub fn of(sentence: &str) -> Cues {
        let dismissals: Vec<(usize, usize)> = DISMISSAL.find_iter(sentence).map(|m| (m.start(), m.end())).collect();
        let outside = |re: &Regex| {
            re.find_iter(sentence)
                .filter(|m| !dismissals.iter().any(|&(s, e)| m.start() < e && s < m.end()))
                .count() as f64
        };
        let denied_alarm =
            dismissals.iter().map(|&(s, e)| DENIED_ALARM.find_iter(&sentence[s..e]).count()).sum::<usize>() as f64;
        Cues {
            worry: outside(&WORRY),
            reassurance: outside(&REASSURANCE),
            dismissal: dismissals.len() as f64,
            denied_alarm,
        }
    }

    /// The sum of two sentences' cues.
    pub fn add(self, other: Cues) -> Cues {
        Cues {
            worry: self.worry + other.worry,
            reassurance: self.reassurance + other.reassurance,
            dismissal: self.dismissal + other.dismissal,
            denied_alarm: self.denied_alarm + other.denied_alarm,
        }
    }
}

/// Whether a sentence frames the article: the title or the lead (index
/// below [`LEAD_SENTENCES`]), or a sentence with holdings vocabulary or a figure.
pub fn is_framing(index: usize, sentence: &str) -> bool {
    index < LEAD_SENTENCES || HOLDINGS.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dismissal_swallows_the_worry_word_it_denies() {
        let c = Cues::of("Analysts say the drop is not a cause for concern and the fears are overblown.");
        assert_eq!(c.dismissal, 2.0);
        assert_eq!(c.worry, 1.0, "only 'fears' stands outside a dismissal: {c:?}");
        let plain = Cues::of("Japan trimmed its holdings by $20bn in April.");
        assert_eq!(plain, Cues::default());
    }

    #[test]
    fn a_denied_alarm_word_is_a_dismissal() {
        let c = Cues::of("Beijing is not dumping its bonds, whatever the headlines say.");
        assert_eq!((c.dismissal, c.denied_alarm), (1.0, 1.0), "{c:?}");
        assert_eq!(Cues::of("Beijing is dumping its bonds.").dismissal, 0.0);
    }

    #[test]
    fn worry_and_reassurance_are_counted_apart() {
        let worried = Cues::of("The retreat raises concerns about waning appetite for US debt.");
        assert!(worried.worry >= 2.0 && worried.reassurance == 0.0, "{worried:?}");
        let reassured = Cues::of("Demand stays robust and the market remains a safe haven.");
        assert!(reassured.reassurance >= 2.0 && reassured.worry == 0.0, "{reassured:?}");
    }

    #[test]
    fn lead_and_holdings_sentences_frame_the_article() {
        assert!(is_framing(0, "A quiet morning."));
        assert!(is_framing(5, "Belgium held $300bn of Treasuries."));
        assert!(!is_framing(5, "The weather was fine."));
    }
}
