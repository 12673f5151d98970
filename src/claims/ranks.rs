//! Ranks a sentence implies by listing holders in order: "third, behind
//! Japan and the UK" ranks Japan first and the UK second; "the largest,
//! followed by Japan" ranks Japan second; "overtook China as the largest"
//! puts China second. The listed holders are objects of the sentence, so
//! the holder segments never read them.

use once_cell::sync::Lazy;
use regex::Regex;

use super::patterns::*;
use crate::gazetteer::Holder;

/// Before a list of the holders ranked above the subject.
/// "After China and Japan, the third-largest ..." opens with it; "third
/// after", "largest creditors to the US, after" name the rank before it.
static ABOVE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"(?i)(?:\b(?:(?:only\s+)?behind|following|(?:ranks?|ranked|largest|biggest|holders?|creditors?|owners?|{ORDINALS})\b[\w\s.,'’-]{{0,40}}?\bafter|trail(?:s|ing)?|second\s+to|only\s+to)|^\W*after)\s+(?:only\s+)?"))
});
/// "held by foreigners, led by Japan": the first of the holders.
static LED_BY: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:foreigners|holders|owners|creditors)\b[^.;]{0,20}?\bled\s+by\s+"));
/// How far past "as" the rank of "overtook China as ..." may end.
const ROLE_REACH: usize = 60;
/// Before a list of the holders ranked right below the subject.
static BELOW: Lazy<Regex> = Lazy::new(|| re(r"(?i)\bfollowed\s+(?:closely\s+)?by\s+"));
/// "overtook China as the largest holder": the one overtaken is now second.
static DISPLACED: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:overt(?:ook|aken|akes|aking)|surpass(?:ed|es|ing)?|replac(?:ed|es|ing)|displac(?:ed|es|ing)|unseat(?:ed|s|ing)?)\s+")
});
/// "overtook China as the largest", "to become the No. 2 holder": the rank
/// the subject takes, read by [`super::words::rank`] after this.
static AS_RANK: Lazy<Regex> = Lazy::new(|| re(r"(?i)^\s*(?:as|to\s+become|(?:in\s+)?becoming)\s+(?:the\s+)?"));
/// "the top five foreign owners -- China, Japan, ...", "the two largest
/// holders, Japan and China": a list as long as the top.
static TOP_LIST: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:top[- ](?P<n>two|three|four|five|six|seven|eight|nine|ten|\d)|(?P<n2>two|three|four|five)\s+(?:largest|biggest))\b[\w\s.-]{0,50}?(?:--|—|–|:|,|\bwere|\bare|\binclude)\s+")
});
/// "The largest investors in US debt, China and Japan": a list named by a
/// plural of holders under a superlative, in order.
static LARGEST_LIST: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:largest|biggest|top)\s+(?:[\w.-]+\s+){0,2}?(?:holders|creditors|investors|owners)\b[^,;.]{0,40},\s+")
});
/// Between two listed holders: a comma, "and", "&", and an aside in
/// brackets or a figure ("Peru with $88.1 billion, Mexico at $70.2 billion").
static LIST_GAP: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"^{LISTED_FIGURE}?(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?"))
});
/// A figure beside a listed holder: "(...)", "with $88.1 billion", "'s USD 3.2 trillion".
const LISTED_FIGURE: &str = r"(?:\s*\([^)]{0,40}\)|(?:\s+(?:with|at)\s+|['’]s\s+)(?:about\s+|around\s+|roughly\s+|nearly\s+)?(?:US\s?\$|USD\s?|\$)?\s?[\d.,]+\s*(?:trillion|billion|tn|bn|t|b)?(?:\s+dollars)?)";
/// After a list: it is not the whole of the ranks above ("after China,
/// Japan and Taiwan, among others").
static LIST_PARTIAL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^(?:\s*\([^)]{0,40}\))?\s*,?\s*(?:among\s+others|and\s+others|etc\b|to\s+name\s+(?:a\s+)?few)"));
/// Where a list may end: punctuation, the sentence's end, a preposition, or
/// the holdings the list owns ("Japan, China and the UK holdings diverged").
static LIST_END: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"^{LISTED_FIGURE}?\s*(?:[,.;:)!?—–•·-]|$|(?:in|with|as|among|on|at|by|for|and|respectively|which|whose|who|holdings)\b)"))
});

/// The holders named one after another from `at`: "Japan and the UK",
/// "Brazil ($311.7 billion), Ireland ($262.1 billion) and ...". Empty unless
/// the list ends where a list can.
fn list_at(s: &str, at: usize) -> Vec<Holder> {
    let mut out = Vec::new();
    let mut pos = at + s[at..].len() - s[at..].trim_start_matches("the ").len();
    while let Some(m) = GAZETTEER.find_at(s, pos).filter(|m| m.start() == pos) {
        out.push(gazetteer_holder(m.as_str()));
        match LIST_GAP.find(&s[m.end()..]) {
            Some(g) if GAZETTEER.find_at(s, m.end() + g.end()).is_some_and(|n| n.start() == m.end() + g.end()) => {
                pos = m.end() + g.end();
            }
            _ => {
                let rest = &s[m.end()..];
                return if LIST_END.is_match(rest) && !LIST_PARTIAL.is_match(rest) { out } else { Vec::new() };
            }
        }
    }
    Vec::new()
}

/// The ranks sentence `s` implies by order, given the rank its subject was
/// read with: `(holder, rank)` for each listed holder, and the subject's own
/// rank when the list fixes it ("the largest holder after China and Japan"
/// is third, whatever "largest" says).
pub(super) fn listed(s: &str, subject_rank: Option<u32>) -> (Vec<(Holder, u32)>, Option<u32>) {
    if let Some(m) = ABOVE.find(s) {
        let above = list_at(s, m.end());
        // "15th-largest, behind Hong Kong and Norway": the nearest above.
        // Without an ordinal ("the largest holder after China and Japan")
        // the list is everyone above.
        let k = above.len() as u32;
        let subject = subject_rank.filter(|&r| r > k).filter(|&r| r > 1).unwrap_or(k + 1);
        if k > 0 {
            return (above.into_iter().zip(subject - k..).collect(), Some(subject));
        }
    }
    if let Some(m) = TOP_LIST.captures(s) {
        let list = list_at(s, m.get(0).expect("group 0").end());
        let n = m.name("n").or(m.name("n2")).and_then(|n| super::words::number(n.as_str())).and_then(|n| u32::try_from(n).ok());
        if n.is_some_and(|n| n as usize == list.len()) {
            return (list.into_iter().zip(1..).collect(), subject_rank);
        }
    }
    if let Some(m) = LARGEST_LIST.find(s) {
        let list = list_at(s, m.end());
        if list.len() >= 2 {
            return (list.into_iter().zip(1..).collect(), subject_rank);
        }
    }
    if let Some(m) = LED_BY.find(s) {
        let led = list_at(s, m.end());
        if !led.is_empty() {
            return (led.into_iter().zip(1..).collect(), subject_rank);
        }
    }
    if let (Some(m), Some(r)) = (BELOW.find(s), subject_rank) {
        let below = list_at(s, m.end());
        return (below.into_iter().zip(r + 1..).collect(), subject_rank);
    }
    for m in DISPLACED.find_iter(s) {
        let Some(g) = GAZETTEER.find_at(s, m.end()).filter(|g| g.start() == m.end()) else { continue };
        let Some(role) = AS_RANK.find(&s[g.end()..]) else { continue };
        let rest = &s[g.end() + role.end()..];
        // The rank must open the phrase: "as the second-largest holder",
        // not "as its holdings fell to third".
        if let Some((r, None, None)) = super::words::rank(crate::extract::leading(rest, ROLE_REACH)) {
            return (vec![(gazetteer_holder(g.as_str()), r + 1)], Some(r));
        }
    }
    // "has become the biggest holder, surpassing China": the one passed
    // is one place below the place the subject took.
    if let Some(r) = subject_rank {
        let passed = DISPLACED.find_iter(s).find_map(|m| GAZETTEER.find_at(s, m.end()).filter(|g| g.start() == m.end()));
        if let Some(g) = passed {
            return (vec![(gazetteer_holder(g.as_str()), r + 1)], Some(r));
        }
    }
    (Vec::new(), subject_rank)
}
