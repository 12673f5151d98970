//! The plain-text reader.

use once_cell::sync::Lazy;
use regex::Regex;

use super::metadata::{date_in_url, parse_date, HUMAN_DATE};
use super::{collapse, Article};

/// Reads a plain-text article: the first non-empty line is the title, the
/// rest is the text. A "Published: ..." line or a trailing date line sets
/// the date and is kept out of the text.
pub fn from_text(text: &str, url: &str) -> Article {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut published = None;
    lines.retain(|line| match PUBLISHED_LINE.captures(line.trim()) {
        Some(caps) if published.is_none() => {
            published = parse_date(&caps[1]);
            published.is_none()
        }
        _ => true,
    });
    // The first line is a title only when a blank line sets it apart from
    // more text and it reads as a headline; a lone paragraph is all body,
    // and so is a first paragraph of sentences (excerpts pasted without
    // their headline start with one).
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let headed = first.filter(|&i| {
        lines.get(i + 1).is_some_and(|l| l.trim().is_empty())
            && lines[i + 1..].iter().any(|l| !l.trim().is_empty())
            && reads_as_headline(lines[i].trim())
    });
    let title = headed.map(|i| collapse(lines[i]));
    lines.drain(..headed.map_or(0, |i| i + 1));
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if let Some(last) = lines.last() {
        let last = last.trim();
        let date = DATE_LINE.is_match(last).then(|| parse_date(last)).flatten();
        if date.is_some() {
            published = published.or(date);
            lines.pop();
        }
    }
    let mut paragraphs: Vec<String> = Vec::new();
    for block in lines.join("\n").split("\n\n") {
        let block = block.trim_matches('\n');
        if !block.trim().is_empty() {
            // Lines inside a paragraph are hard wraps, not sentence ends,
            // except where a list item starts: "- reserves rose" and "- but
            // holdings fell" are two statements, though neither ends in a stop.
            let mut items: Vec<String> = Vec::new();
            for line in block.lines() {
                match items.last_mut() {
                    Some(item) if !is_list_item(line) => {
                        item.push(' ');
                        item.push_str(line);
                    }
                    _ => items.push(line.to_string()),
                }
            }
            let items: Vec<String> = items.iter().map(|item| collapse(item)).collect();
            paragraphs.push(items.join("\n"));
        }
    }
    Article {
        url: url.to_string(),
        title,
        published: published.or_else(|| date_in_url(url)),
        text: paragraphs.join("\n\n"),
        ..Article::default()
    }
    .dated_by_url_month()
}

/// Whether a line opens a list item, a statement of its own though the
/// line before it may end in no stop.
pub fn is_list_item(line: &str) -> bool {
    LIST_ITEM.is_match(line)
}

/// Headlines are short and do not end in a full stop; a first line that
/// is long or ends like a sentence is the lead.
fn reads_as_headline(line: &str) -> bool {
    const HEADLINE_MAX_CHARS: usize = 160;
    line.chars().count() <= HEADLINE_MAX_CHARS && !(line.ends_with('.') && !line.ends_with("..."))
}

static PUBLISHED_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:published|posted|date|updated)(?:\s+on)?\s*:?\s+(.{6,60})$").expect("valid regex")
});
/// A line that opens a list item: a dash, bullet or number before its text.
static LIST_ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:[-–—•*·▪●]|\d{1,2}[.)])\s+\S").expect("valid regex"));
/// A line that is only a date, optionally with a time and zone.
static DATE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:\d{{4}}-\d{{2}}-\d{{2}}|{human})(?:[ T,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|[+-]\d{{2}}:?\d{{2}}|[A-Z]{{2,4}}))?)?$",
        human = *HUMAN_DATE
    ))
    .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::extract::{decode, sentences};

    #[test]
    fn plain_text_published_line_sets_the_date() {
        let a = from_text("\n  Headline here\nPublished: Jan. 22, 2026\n\nFirst para.\n\n\n\nSecond   para.\n", "file:///t.txt");
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert_eq!(a.text, "First para.\n\nSecond para.");
    }

    #[test]
    fn a_lead_paragraph_is_body_not_a_title() {
        let lead = "Norway's holdings of Treasuries rose to $190.1 billion in March, the data showed.";
        let a = from_text(&format!("{lead}\n\nThe rest of the story."), "file:///t.txt");
        assert_eq!(a.title, None);
        assert!(a.text.starts_with(lead), "{}", a.text);
        let long = format!("A headline that runs on {} without a full stop", "and on ".repeat(30));
        assert_eq!(from_text(&format!("{long}\n\nBody."), "file:///t.txt").title, None, "too long for a headline");
        let asked = from_text("Is Norway selling...\n\nBody.", "file:///t.txt");
        assert_eq!(asked.title.as_deref(), Some("Is Norway selling..."));
    }

    #[test]
    fn seed_article_from_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/great-treasury-exodus.txt");
        let raw = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{}: {e}; this test reads the shared test material beside the checkout", path.display())
        });
        let a = from_text(&decode(&raw, Some("text/plain")), "file:///seed.txt");
        assert_eq!(a.title.as_deref(), Some("The Great Treasury Exodus: Will the US Fall?"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert!(a.text.contains("$682.6 billion"));
        assert!(!a.text.contains("13:51"), "the date line is metadata, not text");
        assert!(!sentences(&a.text).is_empty());
    }
}
