//! Stage 2: [`Page`] in, [`Article`] out: the main text and its metadata.

use std::collections::HashMap;

use chrono::NaiveDate;
use ego_tree::NodeRef;
use encoding_rs::Encoding;
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::fetch::Page;

/// The version of the extraction rules, stored with every article so a
/// database records what made its rows (bump it when output changes).
pub const VERSION: &str = "extract-3";

/// An article's text and metadata, as every later stage sees it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Article {
    /// The page's key (see `fetch::Source::key`).
    pub url: String,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    /// The article body: paragraphs separated by blank lines, table rows one
    /// per line. Claim and tone offsets are byte offsets into this string.
    pub text: String,
}

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

/// How `claimscope article` prints an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    /// One pretty-printed JSON object.
    Json,
    /// One compact JSON object per line, for piping many articles.
    Jsonl,
    /// Metadata lines ("Title: ..."), a blank line, then the text.
    Text,
}

impl Article {
    /// The article as the CLI prints it, without a trailing newline.
    pub fn render(&self, format: ArticleFormat) -> String {
        match format {
            ArticleFormat::Json => serde_json::to_string_pretty(self).unwrap_or_default(),
            ArticleFormat::Jsonl => serde_json::to_string(self).unwrap_or_default(),
            ArticleFormat::Text => {
                let published = self.published.map(|d| d.to_string());
                let fields = [
                    ("URL", Some(&self.url)),
                    ("Canonical", self.canonical_url.as_ref()),
                    ("Title", self.title.as_ref()),
                    ("Published", published.as_ref()),
                    ("Author", self.author.as_ref()),
                    ("Site", self.site.as_ref()),
                    ("Language", self.lang.as_ref()),
                ];
                let mut out = String::new();
                for (name, value) in fields {
                    if let Some(value) = value {
                        out.push_str(&format!("{name}: {value}\n"));
                    }
                }
                out.push('\n');
                out.push_str(&self.text);
                out
            }
        }
    }

    /// The sentences of the text, in order, trimmed, each within one
    /// paragraph. The one segmentation claims and tone both use, so their
    /// offsets agree.
    pub fn sentences(&self) -> Vec<Span> {
        sentences(&self.text)
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

/// A last guess for untyped bodies: markup if it starts like HTML, text if
/// it decodes without control bytes, otherwise nothing (binary).
fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        Some(Format::Html)
    } else if bytes.iter().take(4096).any(|&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b) {
        None
    } else {
        Some(Format::Text)
    }
}

/// Decodes a body the way browsers do, so mojibake never reaches the claim
/// tagger: byte-order mark, then the header's charset, then a `<meta>`
/// declaration in the first 2 KB, then statistical detection.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    let declared = content_type
        .and_then(charset_label)
        .or_else(|| {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
            META_CHARSET.captures(&head).and_then(|c| Encoding::for_label(c[1].as_bytes()))
        })
        // A document that reached us as bytes cannot really be UTF-16
        // without a BOM; the HTML standard reads such labels as UTF-8.
        .map(|e| if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { e });
    let encoding = declared.unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            return encoding_rs::UTF_8;
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, true)
    });
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding named by a `charset=` parameter, if encoding_rs knows it.
fn charset_label(content_type: &str) -> Option<&'static Encoding> {
    let caps = CHARSET_PARAM.captures(content_type)?;
    Encoding::for_label(caps[1].as_bytes())
}

static CHARSET_PARAM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)charset\s*=\s*["']?\s*([\w.:-]+)"#).expect("valid regex"));
static META_CHARSET: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?is)<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)"#).expect("valid regex"));

/// Extracts the main text and metadata of an HTML page. `url` is where the
/// page was found; it supplies a date in the path and the site's host when
/// the markup does not.
pub fn from_html(html: &str, url: &str) -> Article {
    let doc = Html::parse_document(&strip_inert(html));
    let meta = Meta::read(&doc);
    let ld = json_ld(&doc);
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
    let site = meta
        .get(&["og:site_name", "application-name"])
        .or_else(|| ld_field(&ld, |o| o.get("publisher").and_then(name_of)))
        .or(host);
    let title = title(&doc, &meta, &ld, site.as_deref());
    let text = main_text(&doc, title.as_deref());
    Article {
        url: url.to_string(),
        canonical_url: canonical(&doc, &meta, url),
        published: published(&doc, &meta, &ld, url),
        author: author(&doc, &meta, &ld),
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
}

/// The page without comments, `<style>`s and `<script>`s other than
/// JSON-LD. They are half the bytes of a typical news page and never text,
/// so cutting them before the tree is built halves the parse. The scan
/// follows the tokenizer: a comment runs to `-->`, a script or style to
/// its closing tag, whatever they contain.
fn strip_inert(html: &str) -> String {
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
    // more text; a lone paragraph is all body.
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let headed = first.filter(|&i| {
        lines.get(i + 1).is_some_and(|l| l.trim().is_empty()) && lines[i + 1..].iter().any(|l| !l.trim().is_empty())
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
            // Lines inside a paragraph are hard wraps, not sentence ends.
            paragraphs.push(collapse(block));
        }
    }
    Article {
        url: url.to_string(),
        title,
        published: published.or_else(|| date_in_url(url)),
        text: paragraphs.join("\n\n"),
        ..Article::default()
    }
}

static PUBLISHED_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:published|posted|date|updated)(?:\s+on)?\s*:?\s+(.{6,60})$").expect("valid regex")
});
/// A line that is only a date, optionally with a time and zone.
static DATE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:\d{{4}}-\d{{2}}-\d{{2}}|{human})(?:[ T,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|[+-]\d{{2}}:?\d{{2}}|[A-Z]{{2,4}}))?)?$",
        human = HUMAN_DATE
    ))
    .expect("valid regex")
});

/// The page's `<meta>` values by lower-cased `property`, `name` or
/// `itemprop`; the first declaration of a key wins.
struct Meta(HashMap<String, String>);

impl Meta {
    fn read(doc: &Html) -> Meta {
        let mut map = HashMap::new();
        for el in doc.select(&META) {
            let Some(content) = el.attr("content").map(collapse).filter(|c| !c.is_empty()) else {
                continue;
            };
            for key in ["property", "name", "itemprop"].iter().filter_map(|a| el.attr(a)) {
                map.entry(key.trim().to_ascii_lowercase()).or_insert_with(|| content.clone());
            }
        }
        Meta(map)
    }

    /// The first of `keys` the page declares.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.0.get(*k).cloned())
    }
}

/// Every JSON-LD object on the page, arrays and `@graph`s flattened.
/// Scripts that are not valid JSON are skipped: metadata is best effort.
fn json_ld(doc: &Html) -> Vec<Value> {
    fn flatten(value: Value, out: &mut Vec<Value>) {
        match value {
            Value::Array(items) => items.into_iter().for_each(|v| flatten(v, out)),
            Value::Object(mut obj) => {
                if let Some(graph) = obj.remove("@graph") {
                    flatten(graph, out);
                }
                out.push(Value::Object(obj));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for script in doc.select(&SCRIPT) {
        let is_ld = script.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if let (true, Ok(value)) = (is_ld, serde_json::from_str(script.text().collect::<String>().trim())) {
            flatten(value, &mut out);
        }
    }
    out
}

/// The first value `field` finds, looking at article-typed objects first.
fn ld_field(objects: &[Value], field: impl Fn(&Value) -> Option<String>) -> Option<String> {
    let is_article = |o: &&Value| {
        let types = match o.get("@type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        types.iter().any(|t| t.contains("Article") || t.contains("Posting") || *t == "Report")
    };
    objects
        .iter()
        .filter(is_article)
        .chain(objects.iter().filter(|o| !is_article(o)))
        .find_map(|o| field(o).map(|s| collapse(&s)).filter(|s| !s.is_empty()))
}

/// A name from a JSON-LD person or organisation: a string, an object with
/// `name`, or a list of those (joined with ", ").
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(name_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn title(doc: &Html, meta: &Meta, ld: &[Value], site: Option<&str>) -> Option<String> {
    let h1 = || doc.select(&H1).map(|h| collapse(&h.text().collect::<String>())).find(|t| !t.is_empty());
    let title_tag = || {
        doc.select(&TITLE)
            .next()
            .map(|t| collapse(&t.text().collect::<String>()))
            .map(|t| strip_site_suffix(&t, site, true))
    };
    meta.get(&["og:title", "twitter:title"])
        .map(|t| strip_site_suffix(&t, site, false))
        .or_else(|| ld_field(ld, |o| o.get("headline").and_then(Value::as_str).map(str::to_string)))
        .or_else(h1)
        .or_else(title_tag)
        .filter(|t| !t.is_empty())
}

/// Drops a " | Site" style suffix: always when it names the site, and when
/// `any` is set also when it is shorter than the rest (a `<title>` nearly
/// always ends with the site's name).
fn strip_site_suffix(title: &str, site: Option<&str>, any: bool) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let names_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim()));
            if names_site || (any && tail.len() < head.len()) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn published(doc: &Html, meta: &Meta, ld: &[Value], url: &str) -> Option<NaiveDate> {
    let from_ld = || ld_field(ld, |o| o.get("datePublished").and_then(Value::as_str).map(str::to_string));
    let from_meta = || {
        meta.get(&[
            "article:published_time",
            "og:published_time",
            "date",
            "pubdate",
            "parsely-pub-date",
            "datepublished",
            "publishdate",
            "dc.date",
            "dcterms.date",
            "sailthru.date",
        ])
    };
    let from_time = || {
        doc.select(&TIME)
            .filter(|t| !within_boilerplate(t, Filter::Strict))
            .find_map(|t| t.attr("datetime").and_then(parse_date))
    };
    let from_url = || date_in_url(url);
    let from_byline = || {
        doc.select(&BYLINE)
            .filter(|el| !within_boilerplate(el, Filter::Strict))
            .find_map(|el| parse_date(&el.text().collect::<String>()))
    };
    from_ld()
        .and_then(|d| parse_date(&d))
        .or_else(|| from_meta().and_then(|d| parse_date(&d)))
        .or_else(from_time)
        .or_else(from_url)
        .or_else(from_byline)
}

fn author(doc: &Html, meta: &Meta, ld: &[Value]) -> Option<String> {
    let byline = || {
        doc.select(&AUTHOR_LINK)
            .chain(doc.select(&BYLINE))
            .filter(|el| !within_boilerplate(el, Filter::Strict))
            .map(|el| collapse(&el.text().collect::<String>()))
            .map(|t| BY_PREFIX.replace(&t, "").into_owned())
            .find(|t| !t.is_empty() && t.len() < 80 && parse_date(t).is_none())
    };
    ld_field(ld, |o| o.get("author").and_then(name_of))
        .or_else(|| meta.get(&["author", "article:author", "parsely-author", "sailthru.author"]))
        .filter(|a| !a.starts_with("http"))
        .or_else(byline)
}

fn canonical(doc: &Html, meta: &Meta, url: &str) -> Option<String> {
    let href = doc
        .select(&CANONICAL)
        .find_map(|l| l.attr("href").map(str::trim).filter(|h| !h.is_empty()).map(str::to_string))
        .or_else(|| meta.get(&["og:url"]))?;
    match url::Url::parse(url).and_then(|base| base.join(&href)) {
        Ok(u) => Some(u.to_string()),
        Err(_) => Some(href),
    }
}

/// A date at the start of `s`: ISO 8601 (`2026-01-22`, with or without a
/// time) or written out ("January 22, 2026", "22 Jan 2026", "Thu, 22 Jan
/// 2026 13:51:00 GMT").
fn parse_date(s: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = HUMAN_DATE_RE.captures(s)?;
    let (month, day, year) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m.as_str(), &c["d1"], &c["y1"]),
        (None, Some(m)) => (m.as_str(), &c["d2"], &c["y2"]),
        (None, None) => return None,
    };
    let month = MONTHS.iter().position(|p| month.to_ascii_lowercase().starts_with(p))? as u32 + 1;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const HUMAN_DATE: &str = r"(?:(?P<m1>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?P<y2>(?:19|20)\d{2}))";
static HUMAN_DATE_RE: Lazy<Regex> = Lazy::new(|| Regex::new(&format!(r"(?i)\b{HUMAN_DATE}\b")).expect("valid regex"));
static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})(?:$|[T\s])").expect("valid regex"));
// "/2015/09/17/", "/2018-10-17/", or a compact "20190816" between
// separators; the digits must make a real date to count.
static URL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|\.html?|$)|[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)")
        .expect("valid regex")
});

/// A full date in a URL's path, which news sites often put there: the
/// publication date when the page states none.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    URL_DATE.captures_iter(url).find_map(|c| {
        let part = |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).and_then(|m| m.as_str().parse::<u32>().ok());
        NaiveDate::from_ymd_opt(part(1, 4)? as i32, part(2, 5)?, part(3, 6)?)
    })
}
static BY_PREFIX: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^by\s+").expect("valid regex"));

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}
static META: Lazy<Selector> = Lazy::new(|| selector("meta[content]"));
static SCRIPT: Lazy<Selector> = Lazy::new(|| selector("script"));
static H1: Lazy<Selector> = Lazy::new(|| selector("h1"));
static TITLE: Lazy<Selector> = Lazy::new(|| selector("title"));
static TIME: Lazy<Selector> = Lazy::new(|| selector("time[datetime]"));
static CANONICAL: Lazy<Selector> = Lazy::new(|| selector("link[rel~=canonical]"));
static AUTHOR_LINK: Lazy<Selector> = Lazy::new(|| selector("a[rel~=author]"));
static BYLINE: Lazy<Selector> = Lazy::new(|| {
    selector(r#"[class*=byline], [class*=author], [class*=date], [class*=meta], [class*=time], [class*=posted], [class*=published], [id*=byline], [itemprop=author], [itemprop=datePublished]"#)
});
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
fn any_of(words: &[&str]) -> Regex {
    Regex::new(&format!("(?i){}", words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|"))).expect("valid regex")
}
static FURNITURE_RE: Lazy<Regex> = Lazy::new(|| any_of(FURNITURE));
static WEAK_FURNITURE_RE: Lazy<Regex> = Lazy::new(|| any_of(WEAK_FURNITURE));
static CONTENT_HINTS_RE: Lazy<Regex> = Lazy::new(|| any_of(CONTENT_HINTS));
/// Class or id fragments of page parts that hold text but not the story.
const NON_CONTENT: &[&str] = &["footer", "copyright", "legal", "disclaimer", "contact", "sitemap", "site-info"];
static NON_CONTENT_RE: Lazy<Regex> = Lazy::new(|| any_of(NON_CONTENT));
static STORY_HINTS_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)article|content|entry|story|post|text|body").expect("valid regex"));
static HIDDEN_STYLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden").expect("valid regex"));

/// Which elements count as page furniture. Class and id names are a strong
/// hint but wrong on some sites (a `paywall` or `form` wrapper around the
/// whole story), so the body is extracted strictly first and again without
/// them when the strict pass finds almost nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    /// Tags, hidden elements, and class or id names.
    Strict,
    /// Tags (except `form`) and hidden elements only.
    Relaxed,
}

/// True for an element whose subtree is page furniture, never text.
fn is_boilerplate(el: &scraper::node::Element, filter: Filter) -> bool {
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
fn is_comment_thread(el: &scraper::node::Element) -> bool {
    el.classes().chain(el.id()).any(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("comment") && !t.contains("commentary")
    })
}

/// True for a byline or dateline: read for metadata, kept out of the text.
fn is_byline(el: &scraper::node::Element) -> bool {
    el.classes().chain(el.id()).any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("byline") || c.contains("dateline")
    })
}

/// True when the element or one of its ancestors is furniture.
fn within_boilerplate(el: &ElementRef, filter: Filter) -> bool {
    std::iter::once(**el)
        .chain(el.ancestors())
        .filter_map(|n| n.value().as_element())
        .any(|e| is_boilerplate(e, filter))
}

/// Characters of link text in a subtree, skipping furniture.
fn link_chars(node: NodeRef<Node>, filter: Filter) -> usize {
    match node.value() {
        Node::Element(e) if e.name() == "a" => text_len(node, filter),
        Node::Element(e) if is_boilerplate(e, filter) => 0,
        _ => node.children().map(|c| link_chars(c, filter)).sum(),
    }
}

/// Characters of text (whitespace excluded) in a subtree, skipping furniture.
fn text_len(node: NodeRef<Node>, filter: Filter) -> usize {
    match node.value() {
        Node::Text(t) => visible_chars(t),
        Node::Element(e) if is_boilerplate(e, filter) => 0,
        _ => node.children().map(|c| text_len(c, filter)).sum(),
    }
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// The article body as text: blocks separated by blank lines, table rows
/// one per line with cells joined by " | ".
///
/// The page is cut into blocks (runs of text between block-level
/// boundaries, whatever the tag: `<p>`, text in `<div>`s, lines between
/// `<br>`s) in one walk. Each block scores its non-link text when it reads
/// like prose and a penalty when it is links or a scrap; the element whose
/// subtree scores highest holds the article. Inside it, link lists, runs
/// of story cards and teasers, repeated paragraphs and stock phrases are
/// dropped, and scraps before the first and after the last prose block
/// (datelines, tags, credits) are trimmed.
fn main_text(doc: &Html, title: Option<&str>) -> String {
    let title = title.map(|t| collapse(t).to_lowercase());
    let run = |filter| {
        let mut layout = Layout::new(filter, title.as_deref(), *doc.root_element());
        layout.walk(*doc.root_element());
        layout.flush();
        layout.body()
    };
    let strict = run(Filter::Strict);
    if strict.len() >= MIN_BODY {
        return strict;
    }
    let relaxed = run(Filter::Relaxed);
    if relaxed.len() > strict.len() { relaxed } else { strict }
}

/// Below this many bytes the strict pass has probably lost the story to a
/// misleading class name. Lower than readability's 500: a wrapper of most
/// of the page is already kept (see `Layout::is_wrapper`), and a short
/// story found strictly is better than the comment thread under it.
const MIN_BODY: usize = 250;

/// A block-level element seen by the walk, with the totals of the blocks
/// below it.
struct Frame {
    parent: Option<usize>,
    /// Index of the last frame inside this one: frames are in document
    /// order, so a subtree is the range `self..=end`.
    end: usize,
    score: f64,
    /// How much the element's markup says it is the story (see [`markup_weight`]).
    weight: f64,
    chars: usize,
    links: usize,
    blocks: usize,
    /// The first block inside, if any.
    first: Option<usize>,
    /// The element's tag and classes, numbers aside (see [`signature`]).
    signature: u64,
    /// Prose blocks, and headings that are not links, inside.
    prose: usize,
    headings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Text,
    Heading,
    /// An `<h1>` repeating the title: never part of the body.
    Title,
    Table,
}

/// Text between two block boundaries.
struct Block {
    text: String,
    /// Visible characters, and how many of them are link text.
    chars: usize,
    links: usize,
    /// The innermost frame holding the block.
    owner: usize,
    kind: BlockKind,
    /// One of the lines of a `<p>` broken by `<br>`s that together read
    /// as prose (an address, a list of dates): the paragraph is the unit.
    in_prose_paragraph: bool,
    /// The block opens with link text (a headline).
    starts_with_link: bool,
    /// One of several linked headlines with a cut-off excerpt side by side
    /// (see [`Layout::mark_teasers`]).
    teaser: bool,
}

impl Block {
    /// A block of `kind` not yet placed in a frame, with no marks.
    fn new(text: String, chars: usize, links: usize, kind: BlockKind) -> Block {
        // A table's links are counted over the whole element, its text over
        // its rows only (a linked caption is outside them).
        let links = links.min(chars);
        Block { text, chars, links, owner: 0, kind, in_prose_paragraph: false, starts_with_link: false, teaser: false }
    }

    /// Reads like prose: enough non-link text, or a full sentence.
    fn is_prose(&self) -> bool {
        let own = self.chars - self.links;
        let sentence = self.text.ends_with(['.', '!', '?', '"', '”', '。', '…', ':', ')']);
        match self.kind {
            BlockKind::Text => {
                self.links * 2 < self.chars && (own >= 80 || (own >= 30 && sentence) || self.in_prose_paragraph)
            }
            BlockKind::Table => self.links * 3 < self.chars,
            BlockKind::Heading | BlockKind::Title => false,
        }
    }

    /// Mostly links, or a story-list teaser: an item of a story list
    /// either way.
    fn is_link_list(&self) -> bool {
        self.links * 2 > self.chars || self.teaser
    }

    /// A linked headline followed by a cut-off excerpt ("... may soon...").
    fn looks_like_teaser(&self) -> bool {
        self.starts_with_link && ["...", "…", "...]", "…]"].iter().any(|cut| self.text.ends_with(cut))
    }

    /// What the block adds to the score of the elements holding it.
    fn value(&self) -> f64 {
        if self.is_prose() {
            (self.chars - self.links) as f64
        } else if self.is_link_list() {
            -(self.chars as f64)
        } else {
            -0.25 * self.chars as f64
        }
    }
}

/// Characters of non-prose blocks after the last prose block from which
/// they are taken as content rather than trailing furniture.
const TRAILING_CONTENT: usize = 250;

/// At most this many blocks under a linked headline make a teaser card.
const TEASER_BLOCKS: usize = 5;

/// Lines that are furniture wherever they stand.
const STOCK_LINES: &[&str] = &[
    "advertisement", "advertisements", "sponsored", "sponsored content", "read more", "continue reading",
    "share", "share this", "share this article", "related", "related articles", "related stories",
    "recommended", "skip advertisement", "story continues below advertisement", "click to expand",
    "image", "photo", "video", "close", "caption",
];

/// The page cut into blocks, with the block-level elements holding them.
struct Layout<'t> {
    filter: Filter,
    title: Option<&'t str>,
    page: NodeRef<'t, Node>,
    /// Visible characters of the whole page, furniture included; counted
    /// only when a furniture name needs checking.
    page_chars: std::cell::OnceCell<usize>,
    frames: Vec<Frame>,
    blocks: Vec<Block>,
    /// Frames enclosing the walk's position, innermost last.
    stack: Vec<usize>,
    kinds: Vec<BlockKind>,
    current: String,
    chars: usize,
    links: usize,
    in_link: usize,
    /// The current block's first text was link text.
    starts_with_link: bool,
}

impl<'t> Layout<'t> {
    fn new(filter: Filter, title: Option<&'t str>, page: NodeRef<'t, Node>) -> Self {
        Layout {
            filter,
            title,
            page,
            page_chars: std::cell::OnceCell::new(),
            frames: Vec::new(),
            blocks: Vec::new(),
            stack: Vec::new(),
            kinds: Vec::new(),
            current: String::new(),
            chars: 0,
            links: 0,
            in_link: 0,
            starts_with_link: false,
        }
    }

    fn open(&mut self, kind: BlockKind, weight: f64, signature: u64) {
        let index = self.frames.len();
        let parent = self.stack.last().copied();
        self.frames.push(Frame {
            parent,
            end: index,
            score: 0.0,
            weight,
            chars: 0,
            links: 0,
            blocks: 0,
            first: None,
            signature,
            prose: 0,
            headings: 0,
        });
        self.stack.push(index);
        self.kinds.push(kind);
    }

    fn close(&mut self) {
        if let Some(index) = self.stack.pop() {
            self.frames[index].end = self.frames.len() - 1;
            self.kinds.pop();
        }
    }

    fn flush(&mut self) {
        if self.chars > 0 {
            let text = collapse(&self.current);
            let mut kind = self.kinds.last().copied().unwrap_or(BlockKind::Text);
            if kind == BlockKind::Title && self.title != Some(text.to_lowercase().as_str()) {
                kind = BlockKind::Heading;
            }
            let mut block = Block::new(text, self.chars, self.links, kind);
            block.starts_with_link = self.starts_with_link;
            self.push(block);
        }
        self.current.clear();
        self.chars = 0;
        self.links = 0;
    }

    fn push(&mut self, mut block: Block) {
        block.owner = self.stack.last().copied().unwrap_or(0);
        self.blocks.push(block);
    }

    fn walk(&mut self, node: NodeRef<Node>) {
        let el = match node.value() {
            Node::Text(t) => {
                let n = visible_chars(t);
                if self.chars == 0 {
                    self.starts_with_link = self.in_link > 0;
                }
                self.current.push_str(t);
                self.chars += n;
                if self.in_link > 0 {
                    self.links += n;
                }
                return;
            }
            Node::Element(el) => el,
            Node::Document | Node::Fragment => return node.children().for_each(|c| self.walk(c)),
            _ => return,
        };
        if is_byline(el)
            || is_boilerplate(el, self.filter) && !self.is_wrapper(node, el)
            || self.filter == Filter::Relaxed && is_comment_thread(el)
        {
            return;
        }
        match el.name() {
            "br" | "hr" => self.flush(),
            "a" => {
                self.in_link += 1;
                node.children().for_each(|c| self.walk(c));
                self.in_link -= 1;
            }
            "table" if is_data_table(node, self.filter) => {
                self.flush();
                let rows = table_rows(node, self.filter);
                if !rows.is_empty() {
                    let text = rows.join("\n");
                    let chars = visible_chars(&text);
                    let links = link_chars(node, self.filter);
                    self.push(Block::new(text, chars, links, BlockKind::Table));
                }
            }
            name if is_block(name) => {
                self.flush();
                let kind = match name {
                    "h1" if self.title.is_some() => BlockKind::Title,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                    _ => BlockKind::Text,
                };
                self.open(kind, markup_weight(el), signature(el));
                let first_block = self.blocks.len();
                node.children().for_each(|c| self.walk(c));
                self.flush();
                if name == "p" {
                    self.group_lines(first_block);
                }
                self.close();
            }
            _ => node.children().for_each(|c| self.walk(c)),
        }
    }

    /// Marks the lines of a `<p>` (blocks from `first` on) as prose when
    /// the paragraph as a whole reads as prose.
    fn group_lines(&mut self, first: usize) {
        let lines = &self.blocks[first..];
        if lines.len() < 2 || lines.iter().any(|b| b.kind != BlockKind::Text) {
            return;
        }
        let chars: usize = lines.iter().map(|b| b.chars).sum();
        let links: usize = lines.iter().map(|b| b.links).sum();
        if links * 2 < chars && chars - links >= 80 {
            self.blocks[first..].iter_mut().for_each(|b| b.in_prose_paragraph = true);
        }
    }

    /// True for an element dropped only by its class or id that holds
    /// most of the page's text: a wrapper whose name misleads (a
    /// `has-sidebar` page, a `paywall` story), not furniture.
    fn is_wrapper(&self, node: NodeRef<Node>, el: &scraper::node::Element) -> bool {
        self.filter == Filter::Strict
            && !is_boilerplate(el, Filter::Relaxed)
            && text_len(node, Filter::Relaxed) * 2
                > *self.page_chars.get_or_init(|| text_len(self.page, Filter::Relaxed))
    }

    /// Marks teaser-like blocks (see [`Block::looks_like_teaser`]) that
    /// stand beside another one under the same element: a story list. A
    /// lone one is an author's trailing quote.
    fn mark_teasers(&mut self) {
        let mut per_parent: HashMap<Option<usize>, usize> = HashMap::new();
        for b in self.blocks.iter().filter(|b| b.looks_like_teaser()) {
            *per_parent.entry(self.frames.get(b.owner).and_then(|f| f.parent)).or_default() += 1;
        }
        for b in &mut self.blocks {
            let parent = self.frames.get(b.owner).and_then(|f| f.parent);
            b.teaser = b.looks_like_teaser() && per_parent.get(&parent).is_some_and(|&n| n >= 2);
        }
    }

    /// Which frames inside `best` are story cards: three or more like
    /// siblings (same tag and classes, numbers aside), most of them built
    /// of nested boxes (image, headline, excerpt) with at most one prose
    /// block and no heading of their own, and together less than half of
    /// `best`'s text. A "more stories" list looks like this even when its
    /// headlines sit in dropped `<header>`s; a story's own paragraphs and
    /// bullet points do not.
    fn teaser_cards(&self, best: usize) -> Vec<bool> {
        let inside = best + 1..=self.frames[best].end;
        let is_card = |i: usize| {
            let f = &self.frames[i];
            f.end >= i + 2 && f.blocks > 0 && f.prose <= 1 && f.headings == 0
        };
        // (parent, signature) -> (siblings, cards, characters)
        let mut groups: HashMap<(usize, u64), (usize, usize, usize)> = HashMap::new();
        for i in inside.clone() {
            let f = &self.frames[i];
            if let Some(parent) = f.parent {
                let group = groups.entry((parent, f.signature)).or_default();
                group.0 += 1;
                group.1 += usize::from(is_card(i));
                group.2 += f.chars;
            }
        }
        let half = self.frames[best].chars / 2;
        (0..self.frames.len())
            .map(|i| {
                let f = &self.frames[i];
                inside.contains(&i)
                    && is_card(i)
                    && f.parent.and_then(|p| groups.get(&(p, f.signature))).is_some_and(|&(siblings, cards, chars)| {
                        siblings >= 3 && cards * 3 >= siblings * 2 && chars < half
                    })
            })
            .collect()
    }

    /// The text of the best-scoring element's blocks, cleaned.
    fn body(mut self) -> String {
        while !self.stack.is_empty() {
            self.close();
        }
        self.mark_teasers();
        for (index, block) in self.blocks.iter().enumerate() {
            let value = block.value();
            let prose = usize::from(block.is_prose());
            let heading = usize::from(block.kind == BlockKind::Heading && !block.is_link_list());
            let mut frame = Some(block.owner);
            while let Some(i) = frame {
                let f = &mut self.frames[i];
                f.score += value;
                f.prose += prose;
                f.headings += heading;
                f.chars += block.chars;
                f.links += block.links;
                f.blocks += 1;
                f.first.get_or_insert(index);
                frame = f.parent;
            }
        }
        let weighted = |i: usize| self.frames[i].score * self.frames[i].weight;
        let Some(best) = (0..self.frames.len()).max_by(|&a, &b| weighted(a).total_cmp(&weighted(b)))
        else {
            return String::new();
        };
        let end = self.frames[best].end;
        let frames = &self.frames;
        // A list or box of mostly links inside the container (related
        // stories, tags, share rows) goes as a whole, its dates and
        // bylines with it; so does a teaser card: a few blocks under a
        // linked headline.
        let blocks = &self.blocks;
        let cards = self.teaser_cards(best);
        let in_link_box = |owner: usize| {
            let mut frame = Some(owner);
            while let Some(i) = frame.filter(|&i| i != best) {
                let f = &frames[i];
                let headline = f.first.map(|b| &blocks[b]).is_some_and(|b| b.kind == BlockKind::Heading && b.is_link_list());
                if cards[i] || f.blocks >= 2 && (f.links * 2 > f.chars || headline && f.blocks <= TEASER_BLOCKS) {
                    return true;
                }
                frame = f.parent;
            }
            false
        };
        let mut seen = std::collections::HashSet::new();
        let kept: Vec<&Block> = self
            .blocks
            .iter()
            .filter(|b| (best..=end).contains(&b.owner) && b.kind != BlockKind::Title)
            .filter(|b| !b.is_link_list())
            .filter(|b| !in_link_box(b.owner))
            .filter(|b| !is_furniture_line(&b.text))
            .filter(|b| !b.is_prose() || seen.insert(b.text.as_str()))
            .collect();
        // Scraps before the first prose block are datelines, kickers and
        // bylines; after the last one, credits and tags, unless there are
        // enough of them to be content (a list of dates, a track list).
        let first = kept.iter().position(|b| b.is_prose()).unwrap_or(0);
        let mut last = kept.iter().rposition(|b| b.is_prose()).unwrap_or(kept.len());
        let tail = kept.get(last + 1..).unwrap_or_default();
        let (tail_chars, tail_links) = tail.iter().fold((0, 0), |(c, l), b| (c + b.chars, l + b.links));
        // ... but a run of headline links ("More great stories") is not.
        if tail_chars >= TRAILING_CONTENT && tail_links * 4 < tail_chars {
            last = kept.len().saturating_sub(1);
        }
        let kept = kept.get(first..=last).unwrap_or(&kept[..]);
        kept.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
    }
}

/// A factor on an element's score from what its markup says: the marked
/// article body, an `<article>`, a story-like class or id weigh more; a
/// footer or legal box less. Only the element itself is weighed, so a
/// page-wide `content` wrapper cannot win by its name alone.
fn markup_weight(el: &scraper::node::Element) -> f64 {
    if el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody")) {
        return 1.5;
    }
    // A `<body>`'s classes name the page type ("single-post"), not a part.
    if matches!(el.name(), "body" | "html") {
        return 1.0;
    }
    let mut tokens = el.classes().chain(el.id());
    if tokens.clone().any(|t| NON_CONTENT_RE.is_match(t)) {
        0.5
    } else if el.name() == "article" || tokens.any(|t| STORY_HINTS_RE.is_match(t)) {
        1.25
    } else {
        1.0
    }
}

/// A hash of an element's tag and class names with digits dropped, so the
/// items of one list (`post-3494524`, `post-3493722`) compare equal.
fn signature(el: &scraper::node::Element) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    el.name().hash(&mut hasher);
    for c in el.attr("class").unwrap_or_default().chars().filter(|c| !c.is_ascii_digit()) {
        c.hash(&mut hasher);
    }
    hasher.finish()
}

/// True for a line that is furniture wherever it stands: a stock phrase
/// ("Advertisement", "Read more"), a bare URL, a copyright notice, or a
/// dateline ("Updated 5:27 am CST, Wednesday, November 20, 2019").
fn is_furniture_line(text: &str) -> bool {
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

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "section" | "article" | "main" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol"
            | "dl" | "dt" | "dd" | "blockquote" | "pre" | "figure" | "table" | "tr" | "td"
            | "th" | "address" | "center" | "details" | "summary" | "body" | "html"
    )
}

/// A table of data rather than of layout: no nested tables and no
/// paragraph-length cells.
fn is_data_table(node: NodeRef<Node>, filter: Filter) -> bool {
    node.descendants().skip(1).all(|d| {
        d.value().as_element().is_none_or(|e| match e.name() {
            "table" => false,
            "td" | "th" => text_len(d, filter) < 400,
            _ => true,
        })
    })
}

/// The rows of a data table, cells joined by " | ", empty rows dropped.
fn table_rows(table: NodeRef<Node>, filter: Filter) -> Vec<String> {
    table
        .descendants()
        .filter(|d| d.value().as_element().is_some_and(|e| e.name() == "tr"))
        .filter_map(|tr| {
            let cells: Vec<String> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th") && !is_boilerplate(c.value(), filter))
                .map(|c| collapse(&c.text().collect::<String>()))
                .collect();
            cells.iter().any(|c| !c.is_empty()).then(|| cells.join(" | "))
        })
        .collect()
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

/// False when the word before a period is a known abbreviation or a single
/// capital letter (an initial), so the period does not end the sentence.
fn starts_new_after_abbreviation(before: &str, abbreviations: &[&str]) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let is_initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    !(is_initial || abbreviations.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod sentence_tests {
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
    fn offsets_point_into_the_text() {
        let t = "  First one.  Second one.\n\nThird";
        for s in sentences(t) {
            assert_eq!(s.of(t).trim(), s.of(t));
        }
        assert_eq!(split(t), vec!["First one.", "Second one.", "Third"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `html_extract` fuzz target: a link in a data table's
    /// caption counted as link text of a table whose rows leave the caption
    /// out, so links exceeded characters and the prose test underflowed.
    #[test]
    fn a_link_outside_a_tables_rows_does_not_count_against_them() {
        let article = from_html("<table><caption><a>?\u{FFFD}<td>S", "https://example.com/a");
        assert!(article.text.len() <= 10, "{:?}", article.text);
    }

    /// A news page with the usual furniture around a story that has a
    /// table, JSON-LD in a `@graph`, and a comment thread.
    const NEWS: &str = r##"<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>China trims Treasury pile again | Daily Ledger</title>
<link rel="canonical" href="/markets/2026/01/china-treasuries">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Daily Ledger","url":"https://ledger.example.com/"},
 {"@type":"NewsArticle","headline":"China trims Treasury pile again",
  "datePublished":"2026-01-22T13:51:00+00:00","dateModified":"2026-01-23T08:00:00+00:00",
  "author":[{"@type":"Person","name":"Mei Lin"},{"@type":"Person","name":"Tom Reyes"}],
  "publisher":{"@type":"Organization","name":"Daily Ledger Media"}}]}
</script>
<style>.cookie-banner{position:fixed}</style>
</head>
<body class="article-page has-sidebar">
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p><button>Accept</button></div>
<header class="site-header"><a href="/">Daily Ledger</a>
 <nav><ul><li><a href="/markets">Markets</a></li><li><a href="/economy">Economy</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<main>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/markets">Markets</a></div>
<article class="story">
 <h1>China trims Treasury pile again</h1>
 <div class="byline">By <a rel="author" href="/staff/mei-lin">Mei Lin</a> · <time datetime="2026-01-22T13:51:00Z">January 22, 2026</time></div>
 <div class="share-tools"><a href="#">Share on X</a><a href="#">Share on Facebook</a></div>
 <p>China's holdings of US Treasuries fell to
    <strong>$682.6&nbsp;billion</strong> in November, the lowest since 2008,
    according to data released by the Treasury Department on Wednesday.</p>
 <p>The decline extends a   steady retreat that began more than a decade ago, when Beijing held
    well over $1.2 trillion of US government debt.</p>
 <h2>Who still buys</h2>
 <p>Japan remains the largest foreign holder, while the United Kingdom moved up to second place
    during the year, analysts at several banks noted.</p>
 <table class="data">
  <thead><tr><th>Holder</th><th>Oct 2025</th><th>Nov 2025</th></tr></thead>
  <tbody>
   <tr><td>Japan</td><td>1,200.0</td><td>1,202.6</td></tr>
   <tr><td>China, Mainland</td><td>688.7</td><td>682.6</td></tr>
  </tbody>
 </table>
 <aside class="pullquote"><p>Read also: Why yields rose this week and what it means for you</p></aside>
 <div class="newsletter-signup"><p>Get the Markets Brief in your inbox every morning. Subscribe now, it is free.</p></div>
 <ul class="related-links"><li><a href="/a">Dollar slides as traders weigh Fed path for the new year</a></li>
  <li><a href="/b">Gold hits record as central banks keep buying bullion</a></li></ul>
</article>
<section id="comments" class="comments-area">
 <h3>3 Comments</h3>
 <p class="comment">This is all a plot by the central banks and nobody is talking about it at all.</p>
</section>
</main>
<footer><p>© 2026 Daily Ledger Media. All rights reserved. Terms of use and privacy policy apply.</p></footer>
</body></html>"##;

    #[test]
    fn news_page_text_skips_furniture_and_keeps_table_rows() {
        let a = from_html(NEWS, "https://ledger.example.com/markets/china-treasuries?utm=x");
        let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
        assert_eq!(
            paragraphs,
            vec![
                "China's holdings of US Treasuries fell to $682.6 billion in November, the lowest since 2008, according to data released by the Treasury Department on Wednesday.",
                "The decline extends a steady retreat that began more than a decade ago, when Beijing held well over $1.2 trillion of US government debt.",
                "Who still buys",
                "Japan remains the largest foreign holder, while the United Kingdom moved up to second place during the year, analysts at several banks noted.",
                "Holder | Oct 2025 | Nov 2025\nJapan | 1,200.0 | 1,202.6\nChina, Mainland | 688.7 | 682.6",
            ],
            "{}",
            a.text
        );
    }

    #[test]
    fn news_page_metadata_comes_from_json_ld_and_links() {
        let a = from_html(NEWS, "https://www.ledger.example.com/markets/china-treasuries");
        assert_eq!(a.title.as_deref(), Some("China trims Treasury pile again"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert_eq!(a.author.as_deref(), Some("Mei Lin, Tom Reyes"));
        assert_eq!(a.site.as_deref(), Some("Daily Ledger Media"));
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://www.ledger.example.com/markets/2026/01/china-treasuries")
        );
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    /// A blog built of `<div>`s with no `<article>`: the body is found by
    /// paragraph density; metadata comes from plain meta tags and the
    /// `<title>`; the date only from the visible byline.
    const BLOG: &str = r##"<html lang="de"><head>
<title>Denmark's quiet exit from US debt - Bond Notes</title>
<meta name="author" content="Anders Holm">
<meta property="og:site_name" content="Bond Notes">
</head><body>
<div id="top-menu"><a href="/">Home</a> <a href="/about">About</a> <a href="/archive">Archive</a></div>
<div class="wrap">
 <div class="col-main">
  <h1 class="entry-title">Denmark's quiet exit from US debt</h1>
  <div class="post-meta">Posted on 22 Jan 2026 in Markets</div>
  <div class="entry">
   <p>Over the past year Denmark reduced its US Treasury holdings by about $4 billion, a decline of roughly 30 percent, the data show.</p>
   <p>A Danish pension fund said it would sell its remaining US government bonds, worth around $100 million, by the end of the month.</p>
   <p>Other holders have so far shown little sign of following, and overall foreign demand remains near its record.</p>
  </div>
 </div>
 <div class="sidebar-right">
  <div class="widget"><h4>Popular posts</h4>
   <p><a href="/1">Ten charts that explain the bond market in one afternoon</a></p>
   <p><a href="/2">Why the yield curve matters more than you think right now</a></p></div>
  <div class="widget"><p>Advertise with us! Reach thousands of investors every week for a small fee.</p></div>
 </div>
</div>
</body></html>"##;

    #[test]
    fn div_soup_blog_is_found_by_paragraph_density() {
        let a = from_html(BLOG, "file:///tmp/blog.html");
        assert!(a.text.starts_with("Over the past year Denmark reduced"), "{}", a.text);
        assert!(a.text.ends_with("remains near its record."), "{}", a.text);
        assert_eq!(a.text.matches("\n\n").count(), 2, "{}", a.text);
        assert_eq!(a.title.as_deref(), Some("Denmark's quiet exit from US debt"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert_eq!(a.author.as_deref(), Some("Anders Holm"));
        assert_eq!(a.site.as_deref(), Some("Bond Notes"));
        assert_eq!(a.lang.as_deref(), Some("de"));
        assert_eq!(a.canonical_url, None);
    }

    #[test]
    fn date_falls_back_to_url_path_and_title_to_title_tag() {
        let html = "<html><head><title>Yields climb | Wire</title></head><body><h1>Breaking</h1>\
                    <p>Yields climbed for a third day as foreign demand at the auction was weak.</p></body></html>";
        let a = from_html(html, "https://wire.example.org/2025/12/03/yields-climb/");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 12, 3));
        // The <h1> differs from the chosen title, so it outranks <title>.
        assert_eq!(a.title.as_deref(), Some("Breaking"));
        assert_eq!(a.site.as_deref(), Some("wire.example.org"));
    }

    #[test]
    fn json_ld_may_be_a_top_level_array_with_string_author() {
        let html = r#"<html><head><script type="application/ld+json">[{"@type":"Organization","name":"X"},
            {"@type":"BlogPosting","headline":"Japan adds to holdings","datePublished":"2025-11-19","author":"Kenji Sato"}]</script>
            </head><body><p>Japan added to its holdings of US Treasuries in September for a fourth month.</p></body></html>"#;
        let a = from_html(html, "https://example.jp/p/1");
        assert_eq!(a.title.as_deref(), Some("Japan adds to holdings"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 11, 19));
        assert_eq!(a.author.as_deref(), Some("Kenji Sato"));
    }

    /// Latin-1 bytes as an old server sends them: no charset anywhere.
    fn latin1(s: &str) -> Vec<u8> {
        s.chars().map(|c| u8::try_from(u32::from(c)).expect("latin-1 test text")).collect()
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let text = "<html><body><p>Die Schweizerische Nationalbank in Zürich hält weniger US-Staatsanleihen. \
                    Die Bestände fielen auf 290 Milliarden Dollar; für Anleger in Genf und Basel ist das \
                    überraschend, erklärte ein Ökonom gegenüber der Zeitung. Größere Käufe seien nicht geplant.</p></body></html>";
        let bytes = latin1(text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes, Some("text/html"));
        assert_eq!(decoded, text);
        assert!(from_html(&decoded, "https://example.ch/").text.contains("Zürich hält"));
    }

    #[test]
    fn meta_charset_windows_1252_is_honoured() {
        // 0x93/0x94 are curly quotes and 0x80 the euro sign only in windows-1252.
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>".to_vec();
        bytes.extend_from_slice(b"\x93Sell,\x94 he said, as \x80200 million left the fund.</p></body></html>");
        let a = extract(&page("https://example.eu/sell", Some("text/html"), &bytes)).expect("an html page");
        assert_eq!(a.text, "“Sell,” he said, as €200 million left the fund.");
        // The header outranks the document, a BOM outranks both.
        assert_eq!(decode(b"caf\xe9", Some("text/plain; charset=ISO-8859-1")), "café");
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9", Some("text/plain; charset=latin1")), "café");
    }

    fn page(url: &str, content_type: Option<&str>, bytes: &[u8]) -> Page {
        Page {
            url: url.to_string(),
            final_url: url.to_string(),
            status: 200,
            fetched_at: chrono::Utc::now(),
            content_type: content_type.map(str::to_string),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn extract_refuses_binary_and_empty_pages() {
        let pdf = extract(&page("https://x.example/r.pdf", Some("application/pdf"), b"%PDF-1.7"));
        let err = pdf.expect_err("a pdf is not an article").to_string();
        assert!(err.starts_with("https://x.example/r.pdf: not an article: content type application/pdf"), "{err}");
        let png = extract(&page("file:///tmp/chart.png", None, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(matches!(png, Err(ExtractError::Unsupported { .. })), "{png:?}");
        let empty = extract(&page("https://x.example/app", Some("text/html"), b"<html><body><div id=root></div></body></html>"));
        assert!(matches!(empty, Err(ExtractError::NoText { ref url }) if url == "https://x.example/app"), "{empty:?}");
    }

    #[test]
    fn extract_reads_text_files_by_extension() {
        let a = extract(&page("file:///tmp/note.txt", None, b"Title line\n\nBody with $9 billion.\n"))
            .expect("a text file");
        assert_eq!((a.title.as_deref(), a.text.as_str()), (Some("Title line"), "Body with $9 billion."));
        assert_eq!(a.url, "file:///tmp/note.txt");
    }

    #[test]
    fn plain_text_published_line_sets_the_date() {
        let a = from_text("\n  Headline here\nPublished: Jan. 22, 2026\n\nFirst para.\n\n\n\nSecond   para.\n", "file:///t.txt");
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert_eq!(a.text, "First para.\n\nSecond para.");
    }

    /// Every claim quote of the hand-checked corpus must survive extraction:
    /// a paragraph lost to boilerplate removal is a claim never checked.
    #[test]
    fn corpus_pages_keep_every_quoted_sentence() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut pages = 0;
        for entry in std::fs::read_dir(&dir).expect("corpus/ is part of the repo") {
            let path = entry.expect("readable corpus entry").path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let expected_path = path.with_extension("expected.json");
            let expected: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("expected file beside the page"))
                .expect("expected file is JSON");
            let html = std::fs::read(&path).expect("readable page");
            let url = expected["url"].as_str().unwrap_or("file:///corpus.html");
            let a = from_html(&decode(&html, None), url);
            let text = collapse(&a.text);
            for claim in expected["claims"].as_array().into_iter().flatten() {
                let quote = collapse(claim["quote"].as_str().unwrap_or_default());
                assert!(text.contains(&quote), "{}: quote missing from the text: {quote}\n---\n{}", path.display(), a.text);
            }
            if let Some(published) = expected["published"].as_str() {
                assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some(published), "{}", path.display());
            }
            pages += 1;
        }
        assert!(pages >= 10, "only {pages} corpus pages found in {}", dir.display());
    }

    #[test]
    fn article_renders_as_json_and_text() {
        let a = from_html(NEWS, "https://ledger.example.com/markets/china-treasuries");
        let json: Value = serde_json::from_str(&a.render(ArticleFormat::Jsonl)).expect("valid JSON");
        assert_eq!(json["published"], "2026-01-22");
        assert_eq!(json["title"], "China trims Treasury pile again");
        assert!(!a.render(ArticleFormat::Jsonl).contains('\n'));
        let text = a.render(ArticleFormat::Text);
        assert!(text.starts_with("URL: https://ledger.example.com/markets/china-treasuries\n"), "{text}");
        assert!(text.contains("\nPublished: 2026-01-22\n") && text.ends_with("682.6"), "{text}");
    }

    #[test]
    fn inert_markup_is_cut_but_json_ld_and_text_stay() {
        let html = "<p>a<!-- <p>hidden</p> --></p><SCRIPT src=x>if (a<b) { s = '</p>'; }</Script >\
                    <style>p{}</style><script type=\"application/ld+json\">{\"x\":1}</script><p>b</p><!-- open";
        assert_eq!(strip_inert(html), "<p>a</p><script type=\"application/ld+json\">{\"x\":1}</script><p>b</p>");
        assert_eq!(strip_inert("x < y <scripts>"), "x < y <scripts>");
    }

    #[test]
    fn seed_article_from_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/great-treasury-exodus.txt");
        let Ok(raw) = std::fs::read(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let a = from_text(&decode(&raw, Some("text/plain")), "file:///seed.txt");
        assert_eq!(a.title.as_deref(), Some("The Great Treasury Exodus: Will the US Fall?"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 22));
        assert!(a.text.contains("$682.6 billion"));
        assert!(!a.text.contains("13:51"), "the date line is metadata, not text");
        assert!(!sentences(&a.text).is_empty());
    }

    /// Three story paragraphs, for pages whose furniture is under test.
    const STORY: &str = "<p>Japan added $12.6 billion of US Treasuries in September, lifting its holdings to a three-month high as yields rose.</p>\
        <p>China's holdings slipped for a second month, to $770.4 billion, the lowest level since early 2009, the data showed.</p>\
        <p>Foreign demand overall held near its record, analysts said, with private buyers making up for official selling.</p>";

    #[test]
    fn wrapper_named_like_furniture_is_not_furniture() {
        // The whole page sits in a div whose class says "sidebar": it is
        // the layout, not a sidebar, so the story must survive and the
        // real furniture inside it must still go.
        let html = format!(
            "<html><body><div id=\"page\" class=\"site has-sidebar\"><article>{STORY}\
             <div class=\"related-posts\"><p>Why the yield curve matters more than you think this winter and beyond.</p></div></article></div></body></html>"
        );
        let a = from_html(&html, "https://example.com/a");
        assert!(a.text.starts_with("Japan added $12.6 billion"), "{}", a.text);
        assert!(a.text.ends_with("official selling."), "{}", a.text);
        assert!(!a.text.contains("yield curve"), "{}", a.text);
    }

    #[test]
    fn short_post_keeps_out_the_comment_thread_below() {
        let comment = "<li class=\"comment\"><div class=\"comment-body\"><p>I wonder whether the pension fund will also sell its \
                       agency bonds, since the argument about currency risk applies to those as well, surely.</p></div></li>";
        let first = "<p>Our quarterly open thread is a place to raise questions about the fund's bond holdings \
                     and anything related in the comments below. We try to answer promptly.</p>";
        let second = "<p>You can also write to us privately, or read last quarter's thread and the answers we gave there.</p>";
        // Two paragraphs pass the strict pass; one alone is short enough to
        // go through the relaxed pass, which must still skip the comments.
        for story in [format!("{first}{second}"), first.to_string()] {
            let html = format!(
                "<html><body><article><div class=\"entry-content\">{story}</div></article>\
                 <div id=\"comments\" class=\"comments-area\"><ul class=\"comment-list\">{}</ul></div></body></html>",
                comment.repeat(6)
            );
            let a = from_html(&html, "https://example.com/open-thread");
            assert!(a.text.starts_with("Our quarterly open thread"), "{}", a.text);
            assert!(!a.text.contains("agency bonds"), "{}", a.text);
        }
    }

    #[test]
    fn lines_of_a_br_broken_paragraph_are_read_together() {
        let html = "<html><body><div class=\"post\"><p>Auction 1: 7 January – 3-year notes<br>Auction 2: 8 January – 10-year notes<br>\
                    Auction 3: 9 January – 30-year bonds<br>Auction 4: 13 January – 20-year bonds<br>Auction 5: 15 January – 5-year TIPS</p></div>\
                    <div class=\"box\"><p>Sign up today, it is free.</p></div></body></html>";
        let a = from_html(html, "https://example.com/calendar");
        assert_eq!(a.text.split("\n\n").count(), 5, "{}", a.text);
        assert!(a.text.starts_with("Auction 1: 7 January") && a.text.ends_with("5-year TIPS"), "{}", a.text);
    }

    #[test]
    fn story_cards_and_tickers_around_the_story_are_dropped() {
        // Cards: an image, a headline in a <header> (dropped as furniture)
        // and an excerpt that reads as prose, repeated.
        let card = |n: u32| {
            format!(
                "<li><article class=\"post-{n} archive-view\"><figure><a href=\"/s/{n}\"><img src=\"/{n}.jpg\"></a></figure>\
                 <div class=\"info\"><header><h5><a href=\"/s/{n}\">Story {n}</a></h5></header><div class=\"excerpt\">\
                 Card {n} excerpt: the central bank trimmed its dollar reserves again last quarter, officials said on Friday.</div></div></article></li>"
            )
        };
        // A ticker: linked headlines, each with an excerpt cut off.
        let tick = |n: u32| format!("<li><a href=\"/t/{n}\">Ticker headline number {n} about bonds</a> <span>WASHINGTON: Officials said the plan may soon...</span></li>");
        let html = format!(
            "<html><body><div id=\"content\" class=\"site-content\"><div class=\"ticker\"><ul>{}</ul></div>\
             <article class=\"post\">{STORY}<p><a href=\"/q\">One trader told us</a> the market was not worried about foreign central banks selling Treasuries, not yet…</p></article>\
             <div class=\"more-news\"><ul>{}</ul></div></div></body></html>",
            (1..=4).map(tick).collect::<String>(),
            (1..=4).map(card).collect::<String>()
        );
        let a = from_html(&html, "https://example.com/story");
        assert!(a.text.starts_with("Japan added $12.6 billion"), "{}", a.text);
        assert!(a.text.ends_with("not yet…"), "a lone linked line cut off is the author's: {}", a.text);
        assert!(!a.text.contains("Card ") && !a.text.contains("may soon"), "{}", a.text);
    }

    #[test]
    fn tweets_and_repeated_lines_stay_while_link_tables_and_footers_go() {
        let menu = "<h3>Breakfast</h3><p>Containers: 1 Red, 1 Yellow</p><h3>Lunch</h3><p>Containers: 1 Green, 1 Red</p>";
        let html = format!(
            "<html><body><div class=\"wrap\"><div class=\"entry-content\">{STORY}\
             <blockquote class=\"twitter-tweet\"><p>Treasury data out today: foreign holdings at a record high again.</p>\
             — Market Wire (@marketwire) November 18, 2025</blockquote>{menu}{menu}\
             <p>Demand is expected to stay firm into next year, strategists at several banks wrote in notes to clients.</p>\
             <table><tr><td><img src=\"/1.jpg\"></td><td><a href=\"/1\">Ten charts that explain the bond market in one afternoon</a></td></tr>\
             <tr><td><img src=\"/2.jpg\"></td><td><a href=\"/2\">Why the yield curve matters more than you think right now</a></td></tr></table></div>\
             <div class=\"footer\"><p>The material on this site may not be reproduced or distributed without prior written permission.</p></div>\
             </div></body></html>"
        );
        let a = from_html(&html, "https://example.com/meal");
        assert!(a.text.contains("foreign holdings at a record high again."), "{}", a.text);
        assert_eq!(a.text.matches("Containers: 1 Red, 1 Yellow").count(), 2, "{}", a.text);
        assert!(!a.text.contains("Ten charts"), "{}", a.text);
        assert!(!a.text.contains("may not be reproduced"), "{}", a.text);
    }
}
