//! Stage 2: [`Page`] in, [`Article`] out: the main text and its metadata.
//!
//! [`decode`] turns bytes into text; for HTML, [`boilerplate`] cuts inert
//! markup and names page furniture, [`layout`] finds the body and
//! [`metadata`] reads title, date and author; [`text`] reads plain-text
//! articles; [`sentences`] splits the text for the later stages.

mod boilerplate;
mod decode;
mod layout;
mod metadata;
mod sentences;
mod text;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use scraper::Html;

use crate::fetch::Page;
use crate::units::Period;

pub use decode::decode;
pub use metadata::{date_in_url, month_in_url, year_in_url};
pub use sentences::{sentences, Span};
pub use text::{from_text, is_list_item};

/// The version of the extraction rules, stored with every article so a
/// database records what made its rows (bump it when output changes).
pub const VERSION: &str = "extract-5";

/// An article's text and metadata, as every later stage sees it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Article {
    /// The page's key (see `fetch::Source::key`).
    pub url: String,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The month of publication when only that is known: a `/2019/10/` URL
    /// with no day in it and no date on the page. `None` when `published`
    /// is set.
    pub published_month: Option<Period>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    /// The article body: paragraphs separated by blank lines, table rows one
    /// per line. Claim and tone offsets are byte offsets into this string.
    pub text: String,
}

impl Article {
    /// The sentences of the text, in order, trimmed, each within one
    /// paragraph. The one segmentation claims and tone both use, so their
    /// offsets agree.
    pub fn sentences(&self) -> Vec<Span> {
        sentences(&self.text)
    }

    /// Sets [`Article::published_month`] from the URL when the page gave no date.
    fn dated_by_url_month(mut self) -> Article {
        if self.published.is_none() {
            self.published_month = month_in_url(&self.url);
        }
        self
    }
}

/// Why a page yields no article. Each message starts with the page's URL.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The page is a PDF, an image or another type we cannot read text from.
    #[error("{url}: not an article: content type {content_type}; save the text as a .txt file and pass that instead")]
    Unsupported { url: String, content_type: String },
    /// The page parsed but held no readable text (often a page built by
    /// JavaScript).
    #[error("{url}: no article text found; the page may be rendered by JavaScript, save the text as a .txt file and pass that instead")]
    NoText { url: String },
}

/// How a page's body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Text,
}

/// Turns a fetched page into an [`Article`]: HTML through [`from_html`],
/// plain text through [`from_text`]; anything else is refused rather than
/// mined for garbage.
pub fn extract(page: &Page) -> Result<Article, ExtractError> {
    let mime = page
        .content_type
        .as_deref()
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let format = match mime.as_deref() {
        Some(m) if m.contains("html") => Some(Format::Html),
        Some("text/plain" | "text/markdown" | "text/x-markdown") => Some(Format::Text),
        None | Some("application/octet-stream") => format_by_extension(&page.final_url)
            .or_else(|| format_by_extension(&page.url))
            .or_else(|| sniff(&page.bytes)),
        Some(_) => None,
    };
    let unsupported = || ExtractError::Unsupported {
        url: page.url.clone(),
        content_type: mime.clone().unwrap_or_else(|| "unknown".to_string()),
    };
    let format = format.ok_or_else(unsupported)?;
    let body = decode(&page.bytes, page.content_type.as_deref());
    let mut article = match format {
        Format::Html => from_html(&body, &page.final_url),
        Format::Text => from_text(&body, &page.final_url),
    };
    if article.text.trim().is_empty() {
        return Err(ExtractError::NoText { url: page.url.clone() });
    }
    article.url = page.url.clone();
    Ok(article)
}

/// The format a URL's file extension names, if it names a known one.
fn format_by_extension(url: &str) -> Option<Format> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    let (_, ext) = file.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx" => Some(Format::Html),
        "txt" | "text" | "md" => Some(Format::Text),
        _ => None,
    }
}

/// A last guess for untyped bodies: markup if it starts with a tag (a
/// fragment such as `<p>...` counts) or has a `<body>`, text if it decodes
/// without control bytes, otherwise nothing (binary).
fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let starts_with_tag = head.strip_prefix('<').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!'));
    if starts_with_tag || head.contains("<body") {
        Some(Format::Html)
    } else if bytes.iter().take(4096).any(|&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b) {
        None
    } else {
        Some(Format::Text)
    }
}

/// Extracts the main text and metadata of an HTML page. `url` is where the
/// page was found; it supplies a date in the path and the site's host when
/// the markup does not.
pub fn from_html(html: &str, url: &str) -> Article {
    let doc = Html::parse_document(&boilerplate::strip_inert(html));
    let meta = metadata::Meta::read(&doc);
    let ld = metadata::json_ld(&doc);
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
    let site = meta
        .get(&["og:site_name", "application-name"])
        .or_else(|| metadata::ld_field(&ld, |o| o.get("publisher").and_then(metadata::name_of)))
        .or(host);
    let title = metadata::title(&doc, &meta, &ld, site.as_deref());
    let text = layout::main_text(&doc, title.as_deref());
    Article {
        url: url.to_string(),
        canonical_url: metadata::canonical(&doc, &meta, url),
        published: metadata::published(&doc, &meta, &ld, url),
        published_month: None,
        author: metadata::author(&doc, &meta, &ld),
        lang: doc
            .root_element()
            .attr("lang")
            .and_then(|l| l.split(['-', '_']).next())
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty()),
        title,
        site,
        text,
    }
    .dated_by_url_month()
}

/// The longest start of `text` of at most `max_bytes` that ends on a
/// character boundary.
pub fn leading(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The longest end of `text` of at most `max_bytes` that starts on a
/// character boundary.
pub fn trailing(text: &str, max_bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(max_bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// Whitespace runs (including no-break spaces) to one space, invisible
/// format characters removed, ends trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}')));
    }
    out
}
