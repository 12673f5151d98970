//! Web archives: WARC and ARC files, plain or gzipped, read record by
//! record as crawlers (wget, warcprox, Browsertrix, the Internet Archive)
//! write them, and never fetched.
//!
//! The gzip members of a `.warc.gz` are read as one stream (a record may
//! span members), while the member each byte came from is remembered: a
//! record's offset is that of its member, as CDX indexes give it, and a
//! damaged member or record is passed over to the next member. A plain file
//! resumes at the next line that starts a record.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use super::inputs::{normalize_url, parse_web_url};
use super::members::{Damage, Position, Stream, MAX_LINE};
use super::payload::{decode_body, dechunk, is_page_type, split_http};
use super::{Page, Source, UrlProblem};

/// Why an archive, or one of its records, yielded no page. Messages start
/// with the archive's path and, for a record, its byte offset.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// The archive could not be opened.
    #[error("{}: cannot read the archive: {cause}; check the file", path.display())]
    Open {
        /// The archive.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
    },
    /// A record (or the gzip member holding it) that could not be parsed;
    /// reading resumes at the next record.
    #[error("{}: byte {offset}: damaged record ({cause}); reading resumes at the next record", path.display())]
    Damaged {
        /// The archive.
        path: PathBuf,
        /// Where the record (or its gzip member) starts in the file.
        offset: u64,
        /// What is wrong.
        cause: String,
    },
    /// An intact record whose payload cannot be read.
    #[error("{}: byte {offset}: {target}: {problem}", path.display())]
    Payload {
        /// The archive.
        path: PathBuf,
        /// Where the record (or its gzip member) starts in the file.
        offset: u64,
        /// The record's target URI.
        target: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// One record of an archive that matters to a run. Requests, metadata,
/// warcinfo and ARC file headers are passed over without a word.
#[derive(Debug)]
pub enum Record {
    /// An HTML or text page: a response, a resource, or a revisit resolved.
    Page {
        /// The record's stable key ([`RecordKey`]).
        key: String,
        /// The page, keyed by its normalised target URL.
        page: Page,
    },
    /// A record with nothing for us, and why (an image, a redirect, a
    /// revisit of a record not in this input).
    Skipped {
        /// The record's stable key.
        key: String,
        /// Why it holds no page.
        reason: String,
    },
    /// A damaged record or an unreadable payload; the next run reads it again.
    Failed {
        /// The record's stable key.
        key: String,
        /// What went wrong, with file and offset.
        error: WarcError,
    },
}

/// What an archive held, for its one-line summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ArchiveCounts {
    /// Records read, of every type, damaged ones included.
    pub records: usize,
    /// Responses, resources and resolved revisits with a 2xx HTML or text page.
    pub html: usize,
    /// Records yielding no page, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Damaged records and unreadable payloads.
    pub failed: usize,
}

/// Payload bytes kept for resolving revisits, across the archives of a run.
const MAX_REVISIT_BYTES: usize = 64 * 1024 * 1024;

/// The responses seen so far in a run, so that a `revisit` record can be
/// resolved to the record it points to, in this archive or an earlier one.
#[derive(Debug, Default)]
pub struct Revisits {
    by_id: HashMap<String, usize>,
    by_digest: HashMap<String, usize>,
    by_target_date: HashMap<(String, String), usize>,
    seen: Vec<Seen>,
    bytes: usize,
}

/// A page a revisit may point to; its body is dropped once
/// [`MAX_REVISIT_BYTES`] are kept.
#[derive(Debug)]
struct Seen {
    page_key: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
}

impl Revisits {
    fn remember(&mut self, header: &Fields, page: &Page) {
        let index = self.seen.len();
        let keep = self.bytes + page.bytes.len() <= MAX_REVISIT_BYTES;
        if keep {
            self.bytes += page.bytes.len();
        }
        self.seen.push(Seen {
            page_key: page.url.clone(),
            content_type: page.content_type.clone(),
            body: keep.then(|| page.bytes.clone()),
        });
        if let Some(id) = header.get("warc-record-id") {
            self.by_id.insert(id.to_string(), index);
        }
        if let Some(digest) = header.get("warc-payload-digest") {
            self.by_digest.insert(digest.to_string(), index);
        }
        if let (Some(target), Some(date)) = (header.target(), header.get("warc-date")) {
            self.by_target_date.insert((target, date.to_string()), index);
        }
    }

    /// The page a revisit points to: by record id, else by payload digest,
    /// else by target and date.
    fn find(&self, header: &Fields) -> Option<&Seen> {
        let by_target = || {
            let target = header.get("warc-refers-to-target-uri").map(unbracket)?;
            let date = header.get("warc-refers-to-date")?;
            self.by_target_date.get(&(target.to_string(), date.to_string()))
        };
        header
            .get("warc-refers-to")
            .and_then(|id| self.by_id.get(id))
            .or_else(|| header.get("warc-payload-digest").and_then(|d| self.by_digest.get(d)))
            .or_else(by_target)
            .map(|&index| &self.seen[index])
    }
}

/// A record's key, stable across runs: its `WARC-Record-ID`, else the
/// archive's `file://` key and the record's offset (`file:///a.arc@1234`,
/// `@1234+567` for a later record in the same gzip member).
fn record_key(archive: &str, id: Option<&str>, at: Position) -> String {
    match (id, at.within) {
        (Some(id), _) => id.to_string(),
        (None, 0) => format!("{archive}@{}", at.offset),
        (None, within) => format!("{archive}@{}+{within}", at.offset),
    }
}

/// Opens an archive for [`ArchiveReader`]; `max_bytes` caps a page as
/// [`super::FetchConfig::max_bytes`] caps a fetched body, and `revisits`
/// carries the responses of earlier archives of the run.
pub fn read_archive(path: &Path, max_bytes: u64, revisits: Revisits) -> Result<ArchiveReader, WarcError> {
    let open = |cause| WarcError::Open { path: path.to_path_buf(), cause };
    let stream = File::open(path).and_then(Stream::open).map_err(open)?;
    Ok(ArchiveReader {
        path: path.to_path_buf(),
        archive: Source::Archive(path.to_path_buf()).key(),
        stream,
        start: Position::default(),
        max_bytes,
        revisits,
        counts: ArchiveCounts::default(),
        arc_version: 1,
        resync: false,
        queued: None,
        done: false,
    })
}

/// The records of one archive, in file order. Records are read one at a
/// time, so an archive of any size takes the memory of its largest record
/// (and the revisit index).
#[derive(Debug)]
pub struct ArchiveReader {
    path: PathBuf,
    archive: String,
    stream: Stream,
    max_bytes: u64,
    revisits: Revisits,
    counts: ArchiveCounts,
    /// The ARC format version its `filedesc` header gave (1 or 2).
    arc_version: u8,
    /// Where the record being read starts.
    start: Position,
    /// Set after damage: pass over bytes silently until a record starts.
    resync: bool,
    /// The damage of the record just returned, reported next.
    queued: Option<Record>,
    done: bool,
}

impl ArchiveReader {
    /// What the archive held so far, and the revisit index to hand the
    /// next archive of the run.
    pub fn finish(self) -> (ArchiveCounts, Revisits) {
        (self.counts, self.revisits)
    }

    /// Reads up to the next record that matters, `None` at the end.
    fn next_record(&mut self) -> Option<Record> {
        if let Some(record) = self.queued.take() {
            return Some(record);
        }
        while !self.done {
            match self.read_one() {
                Ok(Some(record)) => {
                    self.count(&record);
                    return Some(record);
                }
                Ok(None) => {}
                Err(Damage::End) => self.done = true,
                Err(Damage::Bad(cause)) => {
                    let start = self.stream.damaged_member().unwrap_or(self.start);
                    if let Err(err) = self.stream.skip_damaged(start) {
                        // The file itself cannot be read on: record why and stop.
                        self.done = true;
                        return Some(self.damaged(start, format!("{cause}; then {err}")));
                    }
                    if std::mem::replace(&mut self.resync, true) {
                        continue;
                    }
                    return Some(self.damaged(start, cause));
                }
            }
        }
        None
    }

    fn damaged(&mut self, start: Position, cause: String) -> Record {
        let record = Record::Failed {
            key: record_key(&self.archive, None, start),
            error: WarcError::Damaged { path: self.path.clone(), offset: start.offset, cause },
        };
        self.count(&record);
        record
    }

    fn count(&mut self, record: &Record) {
        match record {
            Record::Page { .. } => self.counts.html += 1,
            Record::Skipped { reason, .. } => *self.counts.skipped.entry(reason.clone()).or_default() += 1,
            Record::Failed { .. } => self.counts.failed += 1,
        }
    }

    /// One line and the record it starts: `Ok(None)` for a blank line, a
    /// record passed over silently, or bytes passed over after damage.
    fn read_one(&mut self) -> Result<Option<Record>, Damage> {
        let line = self.stream.line()?;
        let at = self.stream.back(line.len());
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            return Ok(None);
        }
        self.start = at;
        if text.starts_with("WARC/") {
            self.resync = false;
            self.counts.records += 1;
            let header = self.warc_header()?;
            return self.warc_record(&header, at);
        }
        match ArcHeader::parse(text, self.arc_version) {
            Some(Ok(arc)) => {
                self.resync = false;
                self.counts.records += 1;
                self.arc_record(&arc, at)
            }
            _ if self.resync => Ok(None),
            shaped => {
                self.counts.records += 1;
                Err(Damage::Bad(shaped.map_or_else(|| "not a WARC or ARC record header".to_string(), |e| e.err().unwrap_or_default())))
            }
        }
    }

    fn warc_header(&mut self) -> Result<Fields, Damage> {
        let mut fields = Fields::default();
        let mut size = 0u64;
        loop {
            let line = self.stream.line()?;
            size += line.len() as u64;
            if size > MAX_LINE {
                return Err(Damage::Bad("header larger than 64 KiB".to_string()));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(fields);
            }
            if text.starts_with([' ', '\t']) {
                match fields.0.last_mut() {
                    Some((_, value)) => value.push_str(text.trim_start()),
                    None => return Err(Damage::Bad("header continues a field it has not begun".to_string())),
                }
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Err(Damage::Bad(format!("header line without a colon: {:?}", clip(text))));
            };
            fields.0.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }

    fn warc_record(&mut self, header: &Fields, start: Position) -> Result<Option<Record>, Damage> {
        let length: u64 = match header.get("content-length").map(str::parse) {
            Some(Ok(length)) => length,
            Some(Err(_)) => return Err(Damage::Bad("Content-Length is not a number".to_string())),
            None => return Err(Damage::Bad("no Content-Length".to_string())),
        };
        let key = record_key(&self.archive, header.get("warc-record-id"), start);
        let kind = header.get("warc-type").unwrap_or_default().to_ascii_lowercase();
        let wanted = matches!(kind.as_str(), "response" | "resource" | "revisit");
        let (block, short) = self.stream.block(length, if wanted { self.max_bytes } else { 0 })?;
        self.cut_short(start, length, short);
        let Some(block) = block else {
            return Ok(wanted.then(|| self.skipped(key, format!("larger than {} bytes", self.max_bytes))));
        };
        if !wanted {
            return Ok(None);
        }
        let target = header.target().unwrap_or_default();
        let fetched_at = header
            .get("warc-date")
            .and_then(|date| DateTime::parse_from_rfc3339(date).ok())
            .map_or_else(Utc::now, |date| date.with_timezone(&Utc));
        let found = match kind.as_str() {
            "resource" => self.document(&target, 200, header.get("content-type").map(str::to_string), block, fetched_at),
            "response" if is_http_block(header) => self.http_document(&target, &block, fetched_at, None),
            "response" => Ok(Found::Skip(format!("not an HTTP response ({})", header.get("content-type").unwrap_or("untyped")))),
            _ => self.revisit(header, &target, &block, fetched_at),
        };
        Ok(Some(match found {
            Ok(Found::Page(page)) => {
                if kind != "revisit" {
                    self.revisits.remember(header, &page);
                }
                Record::Page { key, page }
            }
            Ok(Found::Skip(reason)) => self.skipped(key, reason),
            Err(problem) => self.payload_failed(key, start, target, problem),
        }))
    }

    fn revisit(&self, header: &Fields, target: &str, block: &[u8], fetched_at: DateTime<Utc>) -> Result<Found, String> {
        let Some(seen) = self.revisits.find(header) else {
            return Ok(Found::Skip("revisit of a record not in this input".to_string()));
        };
        let url = web_url(target)?;
        let Some(url) = url else { return Ok(Found::Skip("not a web page".to_string())) };
        if normalize_url(&url).as_str() == seen.page_key {
            return Ok(Found::Skip("revisit of a page already read".to_string()));
        }
        let Some(body) = &seen.body else {
            return Ok(Found::Skip("revisit of a record too far back to keep".to_string()));
        };
        // The revisit's own HTTP header, if it kept one, gives the status.
        let status = split_http(block).ok().map_or(200, |(status, _, _)| status);
        let original = (seen.content_type.clone(), body.clone());
        self.http_document(target, &[], fetched_at, Some((status, original)))
    }

    /// The page in an HTTP response block, or (for a revisit) in the
    /// status and the page it resolved to.
    fn http_document(
        &self,
        target: &str,
        block: &[u8],
        fetched_at: DateTime<Utc>,
        resolved: Option<(u16, (Option<String>, Vec<u8>))>,
    ) -> Result<Found, String> {
        let (status, content_type, body) = match resolved {
            Some((status, (content_type, body))) => (status, content_type, body),
            None => {
                let (status, headers, body) = split_http(block)?;
                let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
                let mut body = body.to_vec();
                if header("transfer-encoding").is_some_and(|e| e.to_ascii_lowercase().contains("chunked")) {
                    // Some crawlers archive the body already joined under the
                    // header: keep it as it is when it is not in chunks.
                    if let Some(joined) = dechunk(&body) {
                        body = joined;
                    }
                }
                if let Some(encoding) = header("content-encoding") {
                    body = decode_body(encoding, &body, self.max_bytes)?;
                }
                (status, header("content-type").map(str::to_string), body)
            }
        };
        if !(200..300).contains(&status) {
            return Ok(Found::Skip(format!("HTTP {status}")));
        }
        self.document(target, status, content_type, body, fetched_at)
    }

    /// A page if the record holds an HTML or text document at a web URL.
    fn document(
        &self,
        target: &str,
        status: u16,
        content_type: Option<String>,
        bytes: Vec<u8>,
        fetched_at: DateTime<Utc>,
    ) -> Result<Found, String> {
        if !content_type.as_deref().is_none_or(is_page_type) {
            let shown = content_type.as_deref().unwrap_or_default().split(';').next().unwrap_or_default().trim();
            return Ok(Found::Skip(format!("not HTML or text ({shown})")));
        }
        let Some(url) = web_url(target)? else { return Ok(Found::Skip("not a web page".to_string())) };
        if bytes.len() as u64 > self.max_bytes {
            return Ok(Found::Skip(format!("larger than {} bytes", self.max_bytes)));
        }
        let key = normalize_url(&url).to_string();
        Ok(Found::Page(Page { final_url: url.to_string(), url: key, status, fetched_at, content_type, bytes }))
    }

    fn arc_record(&mut self, arc: &ArcHeader, start: Position) -> Result<Option<Record>, Damage> {
        let key = record_key(&self.archive, None, start);
        let is_filedesc = arc.url.starts_with("filedesc:");
        let limit = if is_filedesc { MAX_LINE } else { self.max_bytes };
        let (block, short) = self.stream.block(arc.length, limit)?;
        self.cut_short(start, arc.length, short);
        let Some(block) = block else {
            return Ok((!is_filedesc).then(|| self.skipped(key, format!("larger than {} bytes", self.max_bytes))));
        };
        if is_filedesc {
            // Its first line is "1 0 name" or "2 0 name": the version.
            if block.starts_with(b"2 ") {
                self.arc_version = 2;
            }
            return Ok(None);
        }
        let fetched_at = NaiveDateTime::parse_from_str(arc.date.get(..14).unwrap_or_default(), "%Y%m%d%H%M%S")
            .map_or_else(|_| Utc::now(), |date| date.and_utc());
        let found = if block.starts_with(b"HTTP/") {
            self.http_document(&arc.url, &block, fetched_at, None)
        } else {
            self.document(&arc.url, 200, Some(arc.mime.clone()), block, fetched_at)
        };
        Ok(Some(match found {
            Ok(Found::Page(page)) => Record::Page { key, page },
            Ok(Found::Skip(reason)) => self.skipped(key, reason),
            Err(problem) => self.payload_failed(key, start, arc.url.clone(), problem),
        }))
    }

    /// Queues the damage of a record the file ended in, to be reported
    /// after what could be read of it.
    fn cut_short(&mut self, start: Position, length: u64, short: Option<u64>) {
        if let Some(got) = short {
            let record = self.damaged(start, format!("record cut short by the end of the file: {got} of {length} bytes"));
            self.queued = Some(record);
        }
    }

    fn skipped(&self, key: String, reason: String) -> Record {
        Record::Skipped { key, reason }
    }

    fn payload_failed(&self, key: String, start: Position, target: String, problem: String) -> Record {
        Record::Failed { key, error: WarcError::Payload { path: self.path.clone(), offset: start.offset, target, problem } }
    }
}

impl Iterator for ArchiveReader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        self.next_record()
    }
}

/// What a record holds for us.
enum Found {
    Page(Page),
    Skip(String),
}

/// A WARC header's fields in order, names lowercased.
#[derive(Debug, Default)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// `WARC-Target-URI`, without the `<...>` wget puts around it.
    fn target(&self) -> Option<String> {
        self.get("warc-target-uri").map(|t| unbracket(t).to_string())
    }
}

fn unbracket(uri: &str) -> &str {
    let uri = uri.trim();
    uri.strip_prefix('<').and_then(|u| u.strip_suffix('>')).unwrap_or(uri)
}

/// Whether a WARC record's block is an HTTP message (its `Content-Type`
/// says `application/http`, or it has none).
fn is_http_block(header: &Fields) -> bool {
    header.get("content-type").is_none_or(|ct| ct.to_ascii_lowercase().starts_with("application/http"))
}

/// A target that parses as a URL: `Ok(Some)` for http(s), `Ok(None)` for
/// another scheme (`metadata://`, `file://`, `dns:`), an error otherwise.
fn web_url(target: &str) -> Result<Option<url::Url>, String> {
    match parse_web_url(target) {
        Ok(url) => Ok(Some(url)),
        Err(UrlProblem::Scheme(_)) => Ok(None),
        Err(problem) => Err(problem.to_string()),
    }
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

/// An ARC record's header line: `URL IP DATE MIME LENGTH` (version 1), or
/// with five more fields before the length (version 2). URLs with spaces
/// in them are put back together.
#[derive(Debug)]
struct ArcHeader {
    url: String,
    date: String,
    mime: String,
    length: u64,
}

impl ArcHeader {
    /// `None` if the line is not shaped like an ARC header, an error if it
    /// is but its length is unusable.
    fn parse(line: &str, version: u8) -> Option<Result<ArcHeader, String>> {
        let fields: Vec<&str> = line.split(' ').filter(|f| !f.is_empty()).collect();
        let after_url = if version == 2 { 9 } else { 4 };
        if fields.len() < after_url + 1 || !fields[0].contains("://") {
            return None;
        }
        let url_end = fields.len() - after_url;
        let length = fields[fields.len() - 1];
        Some(match length.parse::<u64>() {
            Ok(length) => Ok(ArcHeader {
                url: fields[..url_end].join(" "),
                date: fields[url_end + 1].to_string(),
                mime: fields[url_end + 2].to_string(),
                length,
            }),
            Err(_) => Err(format!("ARC record length {length:?} is not a number of bytes")),
        })
    }
}


#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use crate::fetch::inputs::expand_inputs_with_stdin;

    /// A WARC record written by the `warc` crate, so the reader is tested
    /// against another implementation's output.
    fn record(kind: warc::RecordType, target: &str, extra: &[(warc::WarcHeader, &str)], body: &[u8]) -> Vec<u8> {
        // A fixed id and date, so the bytes (and so the tests) never vary.
        let mut builder = warc::RecordBuilder::default()
            .warc_type(kind.clone())
            .header(warc::WarcHeader::RecordID, format!("<urn:test:{kind}:{target}>").into_bytes())
            .header(warc::WarcHeader::Date, b"2026-01-20T10:00:00Z".to_vec())
            .header(warc::WarcHeader::TargetURI, target.as_bytes().to_vec())
            .body(body.to_vec());
        for (name, value) in extra {
            builder = builder.header(name.clone(), value.as_bytes().to_vec());
        }
        let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
        writer.write(&builder.build().unwrap()).unwrap();
        writer.into_inner().unwrap()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    /// Writes an archive and reads all its records.
    fn read(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> (Vec<Record>, ArchiveCounts) {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut reader = read_archive(&path, 1 << 20, Revisits::default()).unwrap();
        let records: Vec<Record> = reader.by_ref().collect();
        (records, reader.finish().0)
    }

    fn page(record: &Record) -> &Page {
        match record {
            Record::Page { page, .. } => page,
            other => panic!("not a page: {other:?}"),
        }
    }

    const HTML: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Japan sold.</p>";

    #[test]
    fn an_archive_yields_its_html_pages_and_says_why_it_skips_the_rest() {
        use warc::RecordType::{Request, Resource, Response};
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Ch\r\n8\r\nina.</p>\r\n0\r\n\r\n";
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        let moved = b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n";
        let records = [
            record(Request, "https://news.example/a", &[], b"GET /a HTTP/1.1\r\n\r\n"),
            record(Response, "https://news.example/a?utm_source=rss", &[], HTML),
            record(Response, "<https://news.example/b>", &[], chunked),
            record(Response, "https://news.example/logo.png", &[], image),
            record(Response, "https://news.example/old", &[], moved),
            record(Resource, "https://news.example/c.txt", &[(warc::WarcHeader::ContentType, "text/plain")], b"Belgium bought."),
            record(Response, "not a url", &[], HTML),
        ];
        let dir = tempfile::tempdir().unwrap();
        let plain = records.concat();
        let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        for (name, bytes) in [("crawl.warc", plain), ("crawl.warc.gz", members.clone()), ("one-member.warc.gz", gzip(&records.concat()))] {
            let (read, counts) = read(&dir, name, &bytes);
            assert_eq!(read.len(), 6, "{name}: {read:#?}");
            let first = page(&read[0]);
            assert_eq!((first.url.as_str(), first.status), ("https://news.example/a", 200));
            assert_eq!(first.final_url, "https://news.example/a?utm_source=rss");
            assert_eq!(first.content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert_eq!(first.bytes, b"<p>Japan sold.</p>");
            assert_eq!(page(&read[1]).bytes, b"<p>China.</p>", "{name}: chunks joined, <uri> unwrapped");
            assert!(matches!(&read[2], Record::Skipped { reason, .. } if reason == "not HTML or text (image/png)"));
            assert!(matches!(&read[3], Record::Skipped { reason, .. } if reason == "HTTP 301"));
            assert_eq!(page(&read[4]).bytes, b"Belgium bought.", "{name}: a resource record");
            let Record::Failed { error, .. } = &read[5] else { panic!("{:?}", read[5]) };
            assert!(error.to_string().contains(": not a url: not a URL"), "{error}");
            assert_eq!((counts.records, counts.html, counts.failed), (7, 3, 1), "{name}");
        }
        // Each member's offset is in the key of a record without an id.
        let (read, _) = read(&dir, "crawl.warc.gz", &members);
        let Record::Page { key, .. } = &read[0] else { panic!() };
        assert_eq!(key, "<urn:test:response:https://news.example/a?utm_source=rss>", "its WARC-Record-ID");
        let (sources, errors) = expand_inputs_with_stdin(&[dir.path().join("crawl.warc.gz").display().to_string()], &mut Cursor::new(Vec::new()));
        assert!(errors.is_empty());
        assert_eq!(sources, vec![Source::Archive(dir.path().join("crawl.warc.gz").canonicalize().unwrap())]);
    }

    #[test]
    fn compressed_payloads_are_decoded() {
        use warc::RecordType::Response;
        let text = b"<p>Foreign holdings of Treasuries rose.</p>";
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        deflated.write_all(text).unwrap();
        let mut brotli = Vec::new();
        brotli::BrotliCompress(&mut &text[..], &mut brotli, &brotli::enc::BrotliEncoderParams::default()).unwrap();
        let payload = |encoding: &str, body: &[u8]| {
            [format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n\r\n").as_bytes(), body].concat()
        };
        let archive = [
            record(Response, "http://a.example/gzip", &[], &payload("gzip", &gzip(text))),
            record(Response, "http://a.example/deflate", &[], &payload("deflate", &deflated.finish().unwrap())),
            record(Response, "http://a.example/br", &[], &payload("br", &brotli)),
            record(Response, "http://a.example/broken", &[], &payload("gzip", b"\x1f\x8b\x08garbage")),
        ]
        .concat();
        let dir = tempfile::tempdir().unwrap();
        let (read, _) = read(&dir, "encoded.warc", &archive);
        for record in &read[..3] {
            assert_eq!(page(record).bytes, text, "{}", page(record).url);
        }
        let Record::Failed { error, .. } = &read[3] else { panic!("{:?}", read[3]) };
        assert!(error.to_string().contains("http://a.example/broken: damaged gzip payload"), "{error}");
    }

    #[test]
    fn a_damaged_gzip_member_is_recorded_and_reading_resumes_at_the_next() {
        use warc::RecordType::Response;
        let first = gzip(&record(Response, "http://a.example/1", &[], HTML));
        let mut second = gzip(&record(Response, "http://a.example/2", &[], HTML));
        // Past the 10-byte gzip header: a deflate block of the reserved type.
        second[10] = 0xff;
        let third = gzip(&record(Response, "http://a.example/3", &[], HTML));
        let dir = tempfile::tempdir().unwrap();
        let (read, counts) = read(&dir, "damaged.warc.gz", &[first.clone(), second, third].concat());
        assert_eq!(page(&read[0]).url, "http://a.example/1");
        let Record::Failed { error: WarcError::Damaged { offset, cause, .. }, key } = &read[1] else { panic!("{:?}", read[1]) };
        assert_eq!(*offset, first.len() as u64, "the damaged member's offset");
        assert!(cause.contains(&format!("damaged gzip member at byte {}", first.len())), "{cause}");
        assert!(key.ends_with(&format!("damaged.warc.gz@{}", first.len())), "{key}");
        assert_eq!(page(&read[2]).url, "http://a.example/3");
        assert_eq!(read.len(), 3);
        assert_eq!(counts.failed, 1);
    }

    #[test]
    fn a_plain_archive_resumes_at_the_next_record_after_a_bad_header() {
        use warc::RecordType::Response;
        let good = record(Response, "http://a.example/1", &[], HTML);
        let archive = [&good[..], b"WARC/1.0\r\nWARC-Type: response\r\nno colon here\r\n\r\n<p>lost</p>\r\n\r\n", &record(Response, "http://a.example/2", &[], HTML)].concat();
        let dir = tempfile::tempdir().unwrap();
        let (read, _) = read(&dir, "bad-header.warc", &archive);
        assert_eq!(read.len(), 3, "{read:#?}");
        assert_eq!(page(&read[0]).url, "http://a.example/1");
        let Record::Failed { error: WarcError::Damaged { offset, .. }, .. } = &read[1] else { panic!("{:?}", read[1]) };
        assert_eq!(*offset, good.len() as u64);
        assert_eq!(page(&read[2]).url, "http://a.example/2");
    }

    #[test]
    fn a_revisit_resolves_to_the_record_it_points_to() {
        use warc::RecordType::{Response, Revisit};
        let original = record(Response, "http://a.example/story", &[(warc::WarcHeader::PayloadDigest, "sha1:ABC")], HTML);
        let refers = |target: &str, digest: &str| {
            record(Revisit, target, &[(warc::WarcHeader::PayloadDigest, digest)], b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        };
        let archive = [
            original,
            refers("http://a.example/story", "sha1:ABC"),
            refers("http://mirror.example/story", "sha1:ABC"),
            refers("http://a.example/other", "sha1:XYZ"),
        ]
        .concat();
        let dir = tempfile::tempdir().unwrap();
        let (read, _) = read(&dir, "revisits.warc", &archive);
        assert!(matches!(&read[1], Record::Skipped { reason, .. } if reason == "revisit of a page already read"));
        let mirrored = page(&read[2]);
        assert_eq!((mirrored.url.as_str(), &mirrored.bytes[..]), ("http://mirror.example/story", &b"<p>Japan sold.</p>"[..]));
        assert!(matches!(&read[3], Record::Skipped { reason, .. } if reason == "revisit of a record not in this input"));
    }

    #[test]
    fn arc_records_are_read_with_their_offsets() {
        let body = "HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>Japan sold.</p>";
        let version = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
        let filedesc = format!("filedesc://x.arc 0.0.0.0 20140216050221 text/plain {}\n{version}\n", version.len());
        let page_header = format!("http://a.example/with space 93.184.216.119 20140216050221 text/html {}\n", body.len());
        let archive = format!("{filedesc}{page_header}{body}\n");
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("x.arc", archive.clone().into_bytes()), ("x.arc.gz", gzip(archive.as_bytes()))] {
            let (read, counts) = read(&dir, name, &bytes);
            assert_eq!(read.len(), 1, "{name}: {read:#?}");
            let Record::Page { key, page } = &read[0] else { panic!() };
            assert_eq!(page.url, "http://a.example/with%20space");
            assert_eq!(page.bytes, b"<p>Japan sold.</p>");
            assert_eq!(page.fetched_at.to_rfc3339(), "2014-02-16T05:02:21+00:00");
            if name == "x.arc" {
                assert!(key.ends_with(&format!("x.arc@{}", filedesc.len())), "{key}");
            }
            assert_eq!(counts.records, 2, "the filedesc header is a record");
        }
    }
}
