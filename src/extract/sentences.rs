//! The sentence splitter claims and tone share, so their offsets agree.

/// A byte range of the article text: a sentence, or a line that stands alone
/// (a heading, a table row, a quoted post).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The spanned text.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Splits text into sentences: at `.`, `!`, `?` or `…` followed by a space
/// and an upper-case letter, a digit or an opening quote, and at every line
/// break (paragraphs and table rows stand alone). Abbreviations such as
/// "U.S." and "Jan." and decimals such as "1.2" do not end a sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    const ABBREVIATIONS: &[&str] = &[
        "U.S", "U.K", "Mr", "Mrs", "Ms", "Dr", "St", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
        "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs", "approx", "est", "Inc", "Co",
        "Corp", "Ltd", "e.g", "i.e", "U.A.E", "Gov", "Sen", "Rep", "Prof",
    ];
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize| {
        let s = &text[start..end];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail < s.len() {
            out.push(Span { start: start + lead, end: end - trail });
        }
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            push(start, i);
            start = i + 1;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Swallow runs like "?!" and closing quotes or brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | '…') {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let after_space = rest.trim_start_matches([' ', '\t']);
        if after_space.len() == rest.len() {
            // "respectively.The United Kingdom": copied or machine-made text
            // that lost the space still ends a sentence after a word.
            if glued(&text[start..i], rest) {
                push(start, end);
                start = end;
            }
            continue;
        }
        let next = after_space.chars().next();
        let starts_new = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '$' | '🚨' | '–' | '—')
        });
        if c == '.' && !starts_new_after_abbreviation(&text[start..i], ABBREVIATIONS) {
            continue;
        }
        if starts_new || next == Some('\n') {
            push(start, end);
            start = end;
        }
    }
    if start < bytes.len() {
        push(start, bytes.len());
    }
    out
}

/// Whether a terminator with no space after it still ends a sentence: the
/// word before it ends in three lower-case letters and a capitalised word
/// follows ("respectively.The"), which no abbreviation ("U.S.The"), decimal
/// or domain name ("reuters.com") looks like.
fn glued(before: &str, rest: &str) -> bool {
    let tail = before.bytes().rev().take_while(u8::is_ascii_lowercase).count();
    let mut next = rest.chars();
    tail >= 3 && next.next().is_some_and(|c| c.is_ascii_uppercase()) && next.next().is_some_and(|c| c.is_ascii_lowercase())
}

/// False when the word before a period is a known abbreviation or a single
/// capital letter (an initial), so the period does not end the sentence.
fn starts_new_after_abbreviation(before: &str, abbreviations: &[&str]) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let is_initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    !(is_initial || abbreviations.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.of(t)).collect()
    }

    #[test]
    fn splits_on_terminators_but_not_abbreviations_or_decimals() {
        let t = "China's holdings fell to $682.6 billion in Nov. 2025, the U.S. Treasury said. Japan rose! \"Is it over?\" he asked.\nA table row 1.2";
        assert_eq!(
            split(t),
            vec![
                "China's holdings fell to $682.6 billion in Nov. 2025, the U.S. Treasury said.",
                "Japan rose!",
                "\"Is it over?\" he asked.",
                "A table row 1.2",
            ]
        );
    }

    #[test]
    fn a_lost_space_after_a_word_still_ends_the_sentence() {
        let t = "Peru held $88bn and Chile $61bn, respectively.The UK ranked third. See reuters.com for more.Data from the U.S.Treasury.";
        assert_eq!(
            split(t),
            vec!["Peru held $88bn and Chile $61bn, respectively.", "The UK ranked third.", "See reuters.com for more.", "Data from the U.S.Treasury."]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let t = "  First one.  Second one.\n\nThird";
        for s in sentences(t) {
            assert_eq!(s.of(t).trim(), s.of(t));
        }
        assert_eq!(split(t), vec!["First one.", "Second one.", "Third"]);
    }
}
