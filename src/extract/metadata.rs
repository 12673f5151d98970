//! Title, date, author, site and canonical URL from a page's meta tags,
//! JSON-LD, bylines and URL.

use std::collections::HashMap;

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{Html, Selector};
use serde_json::Value;

use super::boilerplate::{within_boilerplate, Filter};
use super::collapse;
use crate::units::Period;

/// The page's `<meta>` values by lower-cased `property`, `name` or
/// `itemprop`; the first declaration of a key wins.
pub(super) struct Meta(HashMap<String, String>);

impl Meta {
    pub(super) fn read(doc: &Html) -> Meta {
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
    pub(super) fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.0.get(*k).cloned())
    }
}

/// Every JSON-LD object on the page, arrays and `@graph`s flattened.
/// Scripts that are not valid JSON are skipped: metadata is best effort.
pub(super) fn json_ld(doc: &Html) -> Vec<Value> {
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
pub(super) fn ld_field(objects: &[Value], field: impl Fn(&Value) -> Option<String>) -> Option<String> {
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
pub(super) fn name_of(value: &Value) -> Option<String> {
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

pub(super) fn title(doc: &Html, meta: &Meta, ld: &[Value], site: Option<&str>) -> Option<String> {
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

pub(super) fn published(doc: &Html, meta: &Meta, ld: &[Value], url: &str) -> Option<NaiveDate> {
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

pub(super) fn author(doc: &Html, meta: &Meta, ld: &[Value]) -> Option<String> {
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

pub(super) fn canonical(doc: &Html, meta: &Meta, url: &str) -> Option<String> {
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
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = HUMAN_DATE_RE.captures(s)?;
    let (month, day, year) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m.as_str(), &c["d1"], &c["y1"]),
        (None, Some(m)) => (m.as_str(), &c["d2"], &c["y2"]),
        (None, None) => return None,
    };
    let month = crate::months::number(month)?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

/// A written-out date: "January 22, 2026" or "Thu, 22 Jan 2026".
pub(super) static HUMAN_DATE: Lazy<String> = Lazy::new(|| {
    let month = crate::months::PATTERN;
    format!(
        r"(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{month})\.?,?\s+(?P<y2>(?:19|20)\d{{2}}))"
    )
});
pub(super) static HUMAN_DATE_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)\b{}\b", *HUMAN_DATE)).expect("valid regex"));
static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})(?:$|[T\s])").expect("valid regex"));
// "/2015/09/17/", "/2018-10-17/", or a compact "20190816" between
// separators; the digits must make a real date to count.
static URL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|\.html?|$)|[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)")
        .expect("valid regex")
});

// "/2019/10/slug", "/201202/30691.html", or a slug that ends in its year and
// month ("/holdings-soar-2014-4"), as some sites file their pages.
static URL_MONTH: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/|/((?:19|20)\d{2})(0[1-9]|1[0-2])/|-((?:19|20)\d{2})-(0?[1-9]|1[0-2])(?:/?(?:[?#]|$))")
        .expect("valid regex")
});

/// The number in the first of `groups` that matched: the URL patterns
/// spell one date several ways, each in its own groups.
fn either_number(c: &regex::Captures, groups: &[usize]) -> Option<u32> {
    groups.iter().find_map(|&g| c.get(g)).and_then(|m| m.as_str().parse().ok())
}

/// A year and month in a URL's path with no day after them ("/2019/10/slug",
/// "/201202/30691.html", "/slug-2014-4"), as many news sites file their pages.
pub fn month_in_url(url: &str) -> Option<Period> {
    let c = URL_MONTH.captures(url)?;
    Period::new(either_number(&c, &[1, 3, 5])? as i32, either_number(&c, &[2, 4, 6])?)
}

/// A full date in a URL's path, which news sites often put there: the
/// publication date when the page states none.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    URL_DATE.captures_iter(url).find_map(|c| {
        let part = |a, b| either_number(&c, &[a, b]);
        NaiveDate::from_ymd_opt(part(1, 4)? as i32, part(2, 5)?, part(3, 6)?)
    })
}
/// A year alone as a folder of a URL's path ("/Bonds/2015/130971.shtml"):
/// the year a page was filed in, when it gives no fuller date.
pub fn year_in_url(url: &str) -> Option<i32> {
    URL_YEAR.captures(url).and_then(|c| c[1].parse().ok())
}
static URL_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"/((?:19|20)\d{2})/").expect("valid regex"));
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
