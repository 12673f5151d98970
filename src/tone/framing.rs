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
        r"(?i)\b(?:concern(?:s|ed|ing)?|worr(?:y|ies|ied|ying|isome)|fears?|feared|risks?|risky|threat\w*|danger\w*|vulnerab\w*|warn\w*|weaken\w*|erod\w*|erosion|wan(?:e|es|ed|ing)|diminish\w*|de-?dollari[sz]\w*|weaponi[sz]\w*|unsustainable|troubl\w*|headwinds?|red flags?|doubts?|losing (?:faith|confidence|appetite|interest)|loss of (?:faith|confidence|appetite)|(?:less|little|weak\w*|fading|declining|waning) (?:appetite|demand|interest)|shun\w*|turn(?:ing|ed)? away|pull(?:ing|ed)? back|step(?:ping|ped)? back|retreat\w*|abandon\w*|problem\w*|strain\w*|jeopard\w*|undermin\w*|precarious|fragil\w*|worse\w*|alarm(?:ing|ed)?|offload\w*|divestment|divest\w* from|(?:move[sd]?|moving|shift\w*|turn\w*) away from|away from (?:the )?(?:u\.?s\.?|dollar|american|treasur\w*)|reduc\w* (?:its |their )?(?:reliance|dependence)|spik(?:e|es|ed|ing)|systemic|reassess\w*|(?:less|no longer|not as|not so|never) (?:\w+ )?(?:attractive|safe|strong|robust|reliable|stable))\b",
    )
    .expect("static regex")
});

/// Reassurance: demand framed as strong or stable.
static REASSURANCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:strong(?:er|ly)?|robust|resilien\w*|healthy|solid|reassur\w*|confiden\w*|steady|stable|stabili[sz]\w*|insatiable|buoyant|bright spot|appetite (?:remains|is still|holds)|more than ever|new (?:all-time |record )?highs|magnet|allur\w*|enduring|vote of confidence|trust(?:ed)?|attractive|in demand|snapp\w* up|flock\w*|good news|welcome)\b",
    )
    .expect("static regex")
});

/// Dismissal: the concern explicitly played down ("nothing to worry
/// about"), an alarm denied ("not a sudden sell-off"), a size belittled
/// ("not a huge drop", "pocket change"), or the story itself put in
/// question as a story ("the narrative", "purporting to show", "does not
/// prove"). Matched before worry so "nothing to worry about" is dismissive,
/// not worried.
static DISMISSAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:nothing to (?:worry|fear|see)|no (?:cause|reason|need) (?:for|to) (?:concern|worry|alarm|panic|fear)|(?:not|isn['’]t|aren['’]t|is not|are not) (?:a )?(?:cause for (?:concern|alarm)|worr\w+|concern\w*|a big deal|a problem|alarming|significant)|no big deal|irrelevant|overblown|overstated|over-?hyped|exaggerat\w*|myths?|nonsense|(?:doesn['’]t|don['’]t|does not|do not) (?:really )?matter|non-?event|red herring|much ado|storm in a teacup|misplaced|unfounded|baseless|(?:don['’]t|do not|no need to) panic|drop in the (?:bucket|ocean)|negligible|rounding error|misleading|mis(?:read|understood|interpret\w*)|overreact\w*|scaremonger\w*|fearmonger\w*|alarmis[tm]\w*|hysteri\w*|doom-?mongers?|doomsayers?|hand-?wringing|far from (?:a )?(?:crisis|collapse|exodus)|tiny (?:fraction|share)|small (?:fraction|share)|just (?:a )?(?:fraction|blip)|blip|overdone|overplayed|far-?fetched|premature|laughabl\w*|ridiculous|silly|conspiracy|nothing new|no (?:sign|evidence) of|little (?:reason|evidence|sign)|narratives?|storyline|purport\w*|sensational\w*|doomsday (?:articles?|stor(?:y|ies)|headlines?|crowd)|fact-?check\w*|debunk\w*|pocket change|(?:not|\w+n['’]t) (?:a |an |that |so )?(?:huge|massive|big|dramatic|large|significant|major)|(?:impact|effect) (?:would|will) be (?:zero|minimal|negligible|limited|small)|(?:doesn['’]t|does not|don['’]t|do not|didn['’]t|did not) (?:\w+ )?(?:prove|mean|equal|show|tell the whole story|add up)|(?:not|no|nor|never|hardly|without|\w+n['’]t) (?:[\w-]+ ){0,3}?(?:dump\w*|exodus|crash\w*|collaps\w*|crisis|flee\w*|fire[- ]sale|panic\w*|sell(?:ing)?[- ]?off|abandon\w*|the end|exit\w*|ending|threat\w*))\b",
    )
    .expect("static regex")
});

/// A worry answered in the same clause: a concession ("despite fears of a
/// sell-off, demand held"), a worry eased or ruled out ("easing fears of",
/// "ruled out dumping", "worries about a sale have been allayed"). The clause counts as a dismissal when it holds a
/// worry or alarm word, and those words stop counting as worry or alarm.
static COUNTERED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:despite|in spite of|notwithstanding|for all (?:the )?(?:talk|fears?|worr\w+|concerns?|hype|noise|posturing)|(?:eas(?:e|es|ed|ing)|calm(?:s|ed|ing)?|dispel\w*|assuag\w*|sooth\w*|allay\w*) (?:\w+ ){0,2}(?:fears?|concerns?|worr\w+|nerves|jitters)|allay\w*|ruled? out|ruling out|put to rest|laid to rest)\b[^,.;:!?—–]*|\b(?:fears?|concerns?|worr\w+|talk) (?:of|about|over|that)\b[^,.;:!?—–]*?\b(?:allayed|eased|dispelled|calmed|put to rest|laid to rest|overdone)\b",
    )
    .expect("static regex")
});

/// Worry or alarm vocabulary inside a [`COUNTERED`] clause.
static COUNTERED_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:concerns?|worr\w+|fears?|risks?|threat\w*|turmoil|volatil\w*|tension\w*|dump\w*|exodus|crash\w*|collaps\w*|flee\w*|fire[- ]sale|panic\w*|sell(?:ing)?[- ]?off|default|de-?dollari[sz]\w*|posturing|talk)\b",
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
}

/// Byte ranges of a sentence that play a concern down: [`DISMISSAL`]
/// matches (but not "not only ...", which adds instead of denying) and
/// [`COUNTERED`] clauses that name a worry.
fn dismissals(sentence: &str) -> Vec<(usize, usize)> {
    let played_down = DISMISSAL.find_iter(sentence).filter(|m| {
        let lower = m.as_str().to_lowercase();
        !["not only", "not just", "not merely"].iter().any(|p| lower.starts_with(p))
    });
    let countered = COUNTERED.find_iter(sentence).filter(|m| COUNTERED_WORD.is_match(m.as_str()));
    let mut spans: Vec<(usize, usize)> = played_down.chain(countered).map(|m| (m.start(), m.end())).collect();
    spans.sort_unstable();
    spans.dedup_by(|later, earlier| later.0 < earlier.1 && {
        earlier.1 = earlier.1.max(later.1);
        true
    });
    spans
}

/// What the framing rules read in one sentence: its cues, and the
/// sentence with its dismissals blanked out (same length, so offsets hold)
/// for the alarm rules, so a denied or answered alarm word ("not dumping",
/// "despite fears of a crash") raises no alarm. The dismissals are found
/// once for both.
pub fn read(sentence: &str) -> (Cues, String) {
    let dismissals = dismissals(sentence);
    let mut undenied = sentence.to_string();
    for &(s, e) in &dismissals {
        undenied.replace_range(s..e, &" ".repeat(e - s));
    }
    (Cues::outside(sentence, &dismissals), undenied)
}

impl Cues {
    /// The cues of one sentence whose dismissals are `dismissals`. A worry
    /// or reassurance word inside a dismissal ("not a cause for concern")
    /// counts only as the dismissal; a reassurance word under a worry
    /// ("less attractive") only as the worry.
    fn outside(sentence: &str, dismissals: &[(usize, usize)]) -> Cues {
        let outside = |re: &Regex, taken: &[(usize, usize)]| -> Vec<(usize, usize)> {
            re.find_iter(sentence)
                .filter(|m| !taken.iter().any(|&(s, e)| m.start() < e && s < m.end()))
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        // "risk-free" names the asset class, it does not worry about it.
        let worries: Vec<(usize, usize)> =
            outside(&WORRY, dismissals).into_iter().filter(|&(_, e)| !sentence[e..].starts_with("-free")).collect();
        let taken: Vec<(usize, usize)> = dismissals.iter().chain(&worries).copied().collect();
        Cues {
            worry: worries.len() as f64,
            reassurance: outside(&REASSURANCE, &taken).len() as f64,
            dismissal: dismissals.len() as f64,
        }
    }

    /// The sum of two sentences' cues.
    pub fn add(self, other: Cues) -> Cues {
        Cues {
            worry: self.worry + other.worry,
            reassurance: self.reassurance + other.reassurance,
            dismissal: self.dismissal + other.dismissal,
        }
    }
}

/// Whether a sentence frames the article: the title or the lead (index
/// below [`LEAD_SENTENCES`]), or a sentence with holdings vocabulary or a figure.
pub fn is_framing(index: usize, sentence: &str) -> bool {
    index < LEAD_SENTENCES || about_holdings(sentence)
}

/// Whether a sentence has holdings vocabulary or a figure.
pub fn about_holdings(sentence: &str) -> bool {
    HOLDINGS.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(sentence: &str) -> Cues {
        read(sentence).0
    }

    fn undenied(sentence: &str) -> String {
        read(sentence).1
    }

    #[test]
    fn dismissal_swallows_the_worry_word_it_denies() {
        let c = cues("Analysts say the drop is not a cause for concern and the fears are overblown.");
        assert_eq!(c.dismissal, 2.0);
        assert_eq!(c.worry, 1.0, "only 'fears' stands outside a dismissal: {c:?}");
        let plain = cues("Japan trimmed its holdings by $20bn in April.");
        assert_eq!(plain, Cues::default());
    }

    #[test]
    fn a_denied_alarm_word_is_a_dismissal() {
        let denied = "Beijing is not dumping its bonds, whatever the headlines say.";
        assert_eq!(cues(denied).dismissal, 1.0);
        assert!(!undenied(denied).contains("dumping"), "{}", undenied(denied));
        assert_eq!(undenied(denied).len(), denied.len(), "offsets hold");
        assert_eq!(cues("Beijing is dumping its bonds.").dismissal, 0.0);
        let slow = "Tokyo trimmed slowly, not in a frantic sell-off.";
        assert_eq!(cues(slow).dismissal, 1.0, "up to three words between the denial and the alarm");
        let more = "Beijing is not only dumping its bonds but its bills too.";
        assert_eq!((cues(more).dismissal, undenied(more).as_str()), (0.0, more), "'not only' adds, it does not deny");
    }

    #[test]
    fn a_worry_answered_in_its_clause_is_played_down() {
        let held = "Despite fears of a crash, reserve managers kept buying bills in May.";
        let c = cues(held);
        assert_eq!((c.dismissal, c.worry), (1.0, 0.0), "{c:?}");
        assert!(!undenied(held).contains("crash"));
        let eased = "The figures eased concerns about a buyers' strike.";
        assert_eq!(cues(eased).dismissal, 1.0);
        let allayed = "Analysts say worries about Gulf funds dumping notes have been allayed.";
        assert_eq!((cues(allayed).dismissal, cues(allayed).worry), (1.0, 0.0));
        assert!(!undenied(allayed).contains("dumping"));
        // A concession that names no worry is only a concession.
        let plain = cues("Despite the cut, Norway still holds $150bn.");
        assert_eq!(plain, Cues::default());
    }

    #[test]
    fn a_reassurance_word_under_a_worry_is_only_the_worry() {
        let c = cues("The market has grown less attractive to reserve managers.");
        assert_eq!((c.worry, c.reassurance), (1.0, 0.0), "{c:?}");
    }

    #[test]
    fn a_rank_told_plainly_is_no_reassurance() {
        assert_eq!(cues("Japan remains the largest holder, with $1.1tn."), Cues::default());
    }

    #[test]
    fn worry_and_reassurance_are_counted_apart() {
        let worried = cues("The retreat raises concerns about waning appetite for US debt.");
        assert!(worried.worry >= 2.0 && worried.reassurance == 0.0, "{worried:?}");
        let reassured = cues("Demand stays robust and buyers remain confident.");
        assert!(reassured.reassurance >= 2.0 && reassured.worry == 0.0, "{reassured:?}");
    }

    #[test]
    fn lead_and_holdings_sentences_frame_the_article() {
        assert!(is_framing(0, "A quiet morning."));
        assert!(is_framing(5, "Belgium held $300bn of Treasuries."));
        assert!(!is_framing(5, "The weather was fine."));
    }
}
