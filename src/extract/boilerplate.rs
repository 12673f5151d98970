//! What is not article text: inert markup cut before parsing, and the
//! elements and lines that are page furniture.

use ego_tree::NodeRef;
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{ElementRef, Node};

use super::metadata::HUMAN_DATE_RE;

/// The page without comments, `<style>`s and `<script>`s other than
/// JSON-LD. They are half the bytes of a typical news page and never text,
/// so cutting them before the tree is built halves the parse. The scan
/// follows the tokenizer: a comment runs to `-->`, a script or style to
/// its closing tag, whatever they contain.
pub(super) fn strip_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &bytes[start + 1..];
        let raw = ["script", "style"].into_iter().find(|tag| {
            rest.len() > tag.len()
                && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && matches!(rest[tag.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        });
        let end = if rest.starts_with(b"!--") {
            html[start + 4..].find("-->").map_or(html.len(), |i| start + 4 + i + 3)
        } else if let Some(tag) = raw {
            let open_end = html[start..].find('>').map_or(html.len(), |i| start + i + 1);
            if tag == "script" && html[start..open_end].to_ascii_lowercase().contains("ld+json") {
                at = open_end;
                continue;
            }
            closing_tag(html, open_end, tag)
        } else {
            at = start + 1;
            continue;
        };
        out.push_str(&html[copied..start]);
        copied = end;
        at = end;
    }
    out.push_str(&html[copied..]);
    out
}

/// The end of the first `</tag ...>` at or after `from` (ASCII case
/// ignored), or the end of the input.
fn closing_tag(html: &str, from: usize, tag: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html[at..].find("</") {
        let name = at + i + 2;
        if bytes.len() >= name + tag.len() && bytes[name..name + tag.len()].eq_ignore_ascii_case(tag.as_bytes()) {
            return html[name..].find('>').map_or(html.len(), |j| name + j + 1);
        }
        at = name;
    }
    html.len()
}

/// Elements that never hold article text, whatever their class.
const DROPPED_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "form", "button", "iframe", "svg",
    "template", "select", "textarea", "input", "head", "dialog", "menu", "figcaption", "object", "embed",
];
/// Class or id fragments that mark page furniture. Always dropped.
const FURNITURE: &[&str] = &[
    "cookie", "consent", "gdpr", "related", "share", "sharing", "social", "comment", "newsletter",
    "subscribe", "advert", "promo", "breadcrumb", "popup", "modal", "signup", "recirc",
    "taboola", "outbrain", "read-more", "readmore", "more-stories", "trending", "most-popular", "caption",
    "author-bio", "authorbio", "about-author", "author-info", "sponsor", "recommend",
    "tags", "credit",
];
/// Class or id fragments that mark furniture unless the same element also
/// says it holds content ("content-with-sidebar").
const WEAK_FURNITURE: &[&str] = &["banner", "sidebar", "menu", "widget", "toolbar", "masthead", "skip", "footer"];
const CONTENT_HINTS: &[&str] = &["article", "content", "main", "story", "body", "entry", "post"];

/// One case-insensitive matcher per word list: an element's class names
/// are tested once against all fragments instead of once per fragment.
pub(super) fn any_of(words: &[&str]) -> Regex {
    Regex::new(&format!("(?i){}", words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|"))).expect("valid regex")
}
static FURNITURE_RE: Lazy<Regex> = Lazy::new(|| any_of(FURNITURE));
static WEAK_FURNITURE_RE: Lazy<Regex> = Lazy::new(|| any_of(WEAK_FURNITURE));
static CONTENT_HINTS_RE: Lazy<Regex> = Lazy::new(|| any_of(CONTENT_HINTS));
static HIDDEN_STYLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden").expect("valid regex"));

/// Which elements count as page furniture. Class and id names are a strong
/// hint but wrong on some sites (a `paywall` or `form` wrapper around the
/// whole story), so the body is extracted strictly first and again without
/// them when the strict pass finds almost nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filter {
    /// Tags, hidden elements, and class or id names.
    Strict,
    /// Tags (except `form`) and hidden elements only.
    Relaxed,
}

/// True for an element whose subtree is page furniture, never text.
pub(super) fn is_boilerplate(el: &scraper::node::Element, filter: Filter) -> bool {
    let name = el.name();
    if DROPPED_TAGS.contains(&name) {
        return filter == Filter::Strict || name != "form";
    }
    if matches!(name, "html" | "body" | "main") {
        return false;
    }
    if el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el.attr("style").is_some_and(|s| HIDDEN_STYLE.is_match(s))
    {
        return true;
    }
    if filter == Filter::Relaxed {
        return false;
    }
    let (mut furniture, mut weak, mut content) = (false, false, false);
    for token in el.classes().chain(el.id()) {
        let is_ad = token.split(['-', '_']).any(|p| {
            p.eq_ignore_ascii_case("ad") || p.eq_ignore_ascii_case("ads") || p.eq_ignore_ascii_case("advertisement")
        });
        if is_ad {
            return true;
        }
        if token.len() >= 10 && token.to_ascii_lowercase().contains("commentary") {
            continue;
        }
        furniture |= FURNITURE_RE.is_match(token);
        weak |= WEAK_FURNITURE_RE.is_match(token);
        content |= CONTENT_HINTS_RE.is_match(token);
    }
    furniture || (weak && !content)
}

/// True for a reader comment or a thread of them, by class or id. Even the
/// relaxed pass drops these: no site names its story "comments".
pub(super) fn is_comment_thread(el: &scraper::node::Element) -> bool {
    el.classes().chain(el.id()).any(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("comment") && !t.contains("commentary")
    })
}

/// True for a byline or dateline: read for metadata, kept out of the text.
pub(super) fn is_byline(el: &scraper::node::Element) -> bool {
    el.classes().chain(el.id()).any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("byline") || c.contains("dateline")
    })
}

/// True when the element or one of its ancestors is furniture.
pub(super) fn within_boilerplate(el: &ElementRef, filter: Filter) -> bool {
    std::iter::once(**el)
        .chain(el.ancestors())
        .filter_map(|n| n.value().as_element())
        .any(|e| is_boilerplate(e, filter))
}

/// Characters of link text in a subtree, skipping furniture.
pub(super) fn link_chars(node: NodeRef<Node>, filter: Filter) -> usize {
    match node.value() {
        Node::Element(e) if e.name() == "a" => text_len(node, filter),
        Node::Element(e) if is_boilerplate(e, filter) => 0,
        _ => node.children().map(|c| link_chars(c, filter)).sum(),
    }
}

/// Characters of text (whitespace excluded) in a subtree, skipping furniture.
pub(super) fn text_len(node: NodeRef<Node>, filter: Filter) -> usize {
    match node.value() {
        Node::Text(t) => visible_chars(t),
        Node::Element(e) if is_boilerplate(e, filter) => 0,
        _ => node.children().map(|c| text_len(c, filter)).sum(),
    }
}

pub(super) fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}


/// Lines that are furniture wherever they stand.
const STOCK_LINES: &[&str] = &[
    "advertisement", "advertisements", "sponsored", "sponsored content", "read more", "continue reading",
    "share", "share this", "share this article", "related", "related articles", "related stories",
    "recommended", "skip advertisement", "story continues below advertisement", "click to expand",
    "image", "photo", "video", "close", "caption",
];

/// True for a line that is furniture wherever it stands: a stock phrase
/// ("Advertisement", "Read more"), a bare URL, a copyright notice, or a
/// dateline ("Updated 5:27 am CST, Wednesday, November 20, 2019").
pub(super) fn is_furniture_line(text: &str) -> bool {
    let line = text.trim_matches(|c: char| !c.is_alphanumeric());
    if line.len() <= 40 && STOCK_LINES.iter().any(|s| s.eq_ignore_ascii_case(line)) {
        return true;
    }
    let bare_url = (text.starts_with("http://") || text.starts_with("https://")) && !text.contains(' ');
    let copyright = text.len() < 200 && (text.starts_with('©') || text.starts_with("Copyright ©") || text.starts_with("(c) "));
    let dateline = text.len() < 80
        && !text.ends_with('.')
        && HUMAN_DATE_RE.find(text).or_else(|| NUMERIC_DATE.find(text)).is_some_and(|d| d.len() * 3 >= text.len());
    bare_url || copyright || dateline
}
static NUMERIC_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b").expect("valid regex"));


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_markup_is_cut_but_json_ld_and_text_stay() {
        let html = "<p>a<!-- <p>hidden</p> --></p><SCRIPT src=x>if (a<b) { s = '</p>'; }</Script >\
                    <style>p{}</style><script type=\"application/ld+json\">{\"x\":1}</script><p>b</p><!-- open";
        assert_eq!(strip_inert(html), "<p>a</p><script type=\"application/ld+json\">{\"x\":1}</script><p>b</p>");
        assert_eq!(strip_inert("x < y <scripts>"), "x < y <scripts>");
    }

}
