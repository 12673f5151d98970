//! Readers of single words and phrases: verbs of direction, extremes,
//! ranks, number words and month names.

use regex::Captures;

use super::patterns::*;
use super::Bound;
use crate::units::{Direction, Period, Since};

/// A verb of direction, at byte offsets of the text it was found in.
#[derive(Clone, Copy)]
pub(super) struct Verb {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) direction: Direction,
}

/// The first verb of direction in `t` and the first at or after `from`,
/// phrasal verbs ("show up") skipped, in one scan.
pub(super) fn direction_verbs(t: &str, from: usize) -> (Option<Verb>, Option<Verb>) {
    let mut first = None;
    // Matches are classified by two anchored checks on the matched words:
    // cheaper than resolving capture groups over the whole segment.
    for m in DIRECTION.find_iter(t) {
        let w = m.as_str();
        if w.contains(char::is_whitespace) && PHRASAL_WORDS.is_match(w) {
            continue;
        }
        let direction = if DOWN_WORDS.is_match(w) {
            Direction::Down
        } else {
            Direction::Up
        };
        let v = Verb {
            start: m.start(),
            end: m.end(),
            direction,
        };
        let first = *first.get_or_insert(v);
        if v.start >= from {
            return (Some(first), Some(v));
        }
    }
    (first, None)
}

/// The direction of a match with `down` and `up` groups.
pub(super) fn direction_of(c: &Captures) -> Direction {
    if c.name("down").is_some() {
        Direction::Down
    } else {
        Direction::Up
    }
}

/// "lowest since 2008", "a 17-year low", "lowest in 14 years", "record low";
/// `None` since for an all-time record, or for a reference point the text
/// gives only against a period it does not give. `period` dates the "N
/// years" forms.
/// Ordinals ("second-highest on record") are not extremes. `record` is the
/// direction of "a record $481.0bn", an all-time extreme stated by amount.
pub(super) fn extremum(
    t: &str,
    period: Option<Period>,
    latest: Option<Period>,
    record: Option<Direction>,
    verb: Option<Direction>,
) -> Option<(Direction, Option<Since>)> {
    let not_ordinal =
        |c: &Captures| !ORDINAL_TAIL.is_match(&t[..c.get(0).expect("group 0").start()]);
    let is_low = |w: &str| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "lowest" | "smallest" | "weakest" | "least" | "low"
        )
    };
    let dir = |w: &str| {
        if is_low(w) {
            Direction::Down
        } else {
            Direction::Up
        }
    };
    let year = period.map(Period::year);
    // The reference point, `None` when the text gives it relative to a
    // period it does not give ("an 18-year low" in an undated post).
    let mut found: Vec<(usize, Direction, Option<Since>)> = Vec::new();
    let holdings_extreme = |c: &Captures| c.name("gap").is_none_or(|g| !MOVE_NOUN.is_match(g.as_str()));
    if let Some(c) = LOW_SINCE.captures_iter(t).filter(holdings_extreme).find(not_ordinal) {
        let year = c.name("y").and_then(|y| y.as_str().parse().ok());
        // "since July": the latest July out when the article appeared.
        // Undated, "since July" has no year to give.
        let since = match (c.name("m"), year) {
            (Some(m), y) => match resolve_month(month_number(m.as_str()), y, latest) {
                Some(p) => Some(Since::Month(p)),
                None if period.is_none() => None,
                None => return None,
            },
            (None, _) => Some(Since::Year(c["yo"].parse().ok()?)),
        };
        // "levels not seen since 2009" takes its direction from the verb.
        let direction = match c.name("ext") {
            Some(ext) => Some(dir(ext.as_str())),
            None => verb.or(record),
        };
        if let Some(direction) = direction {
            found.push((c.get(0).expect("group 0").start(), direction, since));
        }
    }
    // "a 17-year low", and "lowest in 14 years" which says the same: last
    // this low N years before the period.
    for years_ago in [&*N_YEAR_LOW, &*LOW_IN_YEARS] {
        if let Some(c) = years_ago.captures_iter(t).find(not_ordinal) {
            // "in nearly two decades": twenty years; "in a decade": ten.
            let n = match (c.name("decades"), c.name("year")) {
                (Some(d), _) if d.as_str().eq_ignore_ascii_case("a") => 10,
                (Some(d), _) => 10 * number(d.as_str())?,
                (None, Some(_)) => 1,
                (None, None) => number(&c["n"])?,
            };
            found.push((c.get(0).expect("group 0").start(), dir(&c["ext"]), year.map(|y| Since::Year(y - n))));
        }
    }
    if let Some(&(_, d, since)) = found.iter().min_by_key(|f| f.0) {
        return Some((d, since));
    }
    let Some(c) = RECORD.captures_iter(t).find(not_ordinal) else {
        return record.map(|d| (d, None));
    };
    // "a record" alone is a high unless the verb says otherwise ("fell to a record").
    let Some(word) = c.name("ext").or(c.name("ext2")) else {
        return Some((record.or(verb).unwrap_or(Direction::Up), None));
    };
    Some((dir(word.as_str()), None))
}

/// "largest foreign holder" (1), "second-largest creditor" (2), "fell to third" (3).
/// "ranks third", "in the top ten" (a bound: tenth or better). A rank held
/// in the past or denied ("once the top holder", "no longer the largest") is none.
pub(super) fn rank(t: &str) -> Option<(u32, Option<Direction>, Option<Bound>)> {
    let current = |c: &Captures| !RANK_DENIED.is_match(&t[..c.get(0).expect("group 0").start()]);
    if let Some(c) = RANK.captures_iter(t).find(current) {
        return Some((position(&c).unwrap_or(1), None, None));
    }
    if RANK_MOST.find_iter(t).any(|m| !RANK_DENIED.is_match(&t[..m.start()])) {
        return Some((1, None, None));
    }
    if let Some(c) = RANK_MOVE.captures(t) {
        return Some((position(&c)?, Some(direction_of(&c)), None));
    }
    if let Some(c) = RANK_AS.captures_iter(t).find(current) {
        return Some((position(&c)?, None, None));
    }
    let c = TOP_N.captures_iter(t).find(current)?;
    Some((number(&c["n"])?.try_into().ok()?, None, Some(Bound::Under)))
}

/// The place in a `num*` ("No. 3"), `ord*` ("third"), `card` ("number
/// eight") or `top` group.
pub(super) fn position(c: &Captures) -> Option<u32> {
    const NUMS: [&str; 4] = ["num", "num2", "num3", "num4"];
    const ORDS: [&str; 6] = ["ord", "ord2", "ord3", "ord4", "ord5", "ord6"];
    if let Some(n) = NUMS.iter().find_map(|g| c.name(g)) {
        return n.as_str().parse().ok();
    }
    if let Some(o) = ORDS.iter().find_map(|g| c.name(g)) {
        return ordinal(o.as_str());
    }
    if let Some(n) = c.name("card") {
        return number(n.as_str()).and_then(|n| u32::try_from(n).ok());
    }
    c.name("top").map(|_| 1)
}

/// "third", "twenty-fourth", "17th".
pub(super) fn ordinal(word: &str) -> Option<u32> {
    const UNITS: [&str; 9] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
    const TEENS: [&str; 11] = [
        "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
        "eighteenth", "nineteenth", "twentieth",
    ];
    const TENS: [(&str, u32); 3] = [("twenty", 20), ("thirty", 30), ("forty", 40)];
    const ROUND: [(&str, u32); 2] = [("thirtieth", 30), ("fortieth", 40)];
    let w = word.to_ascii_lowercase();
    let unit = |u: &str| UNITS.iter().position(|o| *o == u).map(|i| i as u32 + 1);
    if let Some((tens, rest)) = w.split_once('-') {
        let tens = TENS.iter().find(|(t, _)| *t == tens)?.1;
        return unit(rest.trim()).map(|u| tens + u);
    }
    unit(&w)
        .or_else(|| TEENS.iter().position(|o| *o == w).map(|i| i as u32 + 10))
        .or_else(|| ROUND.iter().find(|(o, _)| *o == w).map(|&(_, n)| n))
        .or_else(|| w.trim_end_matches(char::is_alphabetic).parse().ok())
}

/// "14" or "fourteen".
pub(super) fn number(word: &str) -> Option<i32> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_ascii_lowercase();
    WORDS
        .iter()
        .position(|n| *n == w)
        .map(|i| i as i32 + 1)
        .or_else(|| w.parse().ok())
}

/// 1..=12 for a month name matched by [`crate::months::PATTERN`].
pub(super) fn month_number(name: &str) -> u32 {
    crate::months::number(name).expect("the month pattern matches only month names")
}

/// A named month as a data month: with its year, or else the latest such
/// month whose data was out when the article appeared.
pub(super) fn resolve_month(
    month: u32,
    year: Option<i32>,
    latest: Option<Period>,
) -> Option<Period> {
    match year {
        Some(y) => Period::new(y, month),
        None => {
            let latest = latest?;
            let p = Period::new(latest.year(), month)?;
            Some(if p > latest { p.add_months(-12) } else { p })
        }
    }
}

/// A month named without a year in an undated text, dated by the text's own
/// [`anchor`](super::tagger::text_anchor): the year that puts it nearest the
/// anchor, since such texts run back and forth around the month they report
/// ("May 2025 ... up from April").
pub(super) fn month_near(month: u32, anchor: Period) -> Option<Period> {
    (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| Period::new(y, month))
        .min_by_key(|p| p.months_since(anchor).abs())
}
