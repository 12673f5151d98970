//! English month names and their abbreviations: the one table the stages
//! read them from (dates in pages, headers of the TIC tables, time
//! expressions in claims).

/// Full names, January first.
const NAMES: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

/// A regex alternation (no groups, no flags) matching every full name and
/// common abbreviation: "Jan", "January", "Sep", "Sept", "September", ...
/// Case as written; callers add `(?i)` when case does not matter.
pub const PATTERN: &str = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

/// The full name of month `number` (1 = January).
pub fn name(number: u32) -> Option<&'static str> {
    NAMES.get(usize::try_from(number).ok()?.checked_sub(1)?).copied()
}

/// The three-letter abbreviation of month `number` ("Jan"), as the TIC
/// tables head their columns.
pub fn abbreviation(number: u32) -> Option<&'static str> {
    name(number).map(|n| &n[..3])
}

/// The number (1 = January) of a month written as [`PATTERN`] matches it,
/// any case, with or without a trailing period ("Sept.").
pub fn number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() < 3 {
        return None;
    }
    let full = NAMES.iter().position(|n| n.len() >= word.len() && n[..word.len()].eq_ignore_ascii_case(word))?;
    let known = word.len() == 3 || word.len() == NAMES[full].len() || word.eq_ignore_ascii_case("sept");
    known.then_some(full as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_the_pattern_matches_has_its_number() {
        let re = regex::Regex::new(&format!("^(?:{PATTERN})$")).expect("valid pattern");
        for m in 1..=12 {
            let (full, short) = (name(m).unwrap(), abbreviation(m).unwrap());
            for form in [full, short, &full.to_uppercase(), &format!("{short}.")] {
                assert_eq!(number(form), Some(m), "{form}");
            }
            assert!(re.is_match(full) && re.is_match(short), "{full}");
        }
        assert_eq!(number("Sept"), Some(9));
        assert!(re.is_match("Sept") && re.is_match("June") && !re.is_match("Janu"));
        for not_a_month in ["Ma", "Janu", "Mayday", "Sep-", ""] {
            assert_eq!(number(not_a_month), None, "{not_a_month}");
        }
        assert_eq!((name(0), name(13), abbreviation(9)), (None, None, Some("Sep")));
    }
}
