//! WARC archives: many pages per file, never fetched.

use std::io;
use std::path::{Path, PathBuf};

use super::inputs::{normalize_url, parse_web_url};
use super::Page;

/// Why a WARC record yielded no page. Messages start with the archive's
/// path and the record's target URL when it has one.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// The archive could not be opened or its gzip stream is corrupt.
    #[error("{}: cannot read the WARC archive: {cause}; check the file", path.display())]
    Open {
        /// The archive.
        path: PathBuf,
        /// The OS or gzip error.
        cause: io::Error,
    },
    /// A record that could not be parsed; the rest of the archive is not
    /// read, since its record boundaries are lost.
    #[error("{}: damaged WARC record ({cause}); records after it are not read", path.display())]
    Record {
        /// The archive.
        path: PathBuf,
        /// The parser's reason.
        cause: String,
    },
    /// A response record whose HTTP payload cannot be read.
    #[error("{}: {target}: {problem}", path.display())]
    Payload {
        /// The archive.
        path: PathBuf,
        /// The record's `WARC-Target-URI`.
        target: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// The pages archived in a WARC or WARC.gz file: one per `response`
/// record whose HTTP status is 2xx and whose payload is HTML (declared, or
/// untyped); other records (requests, metadata, images, redirects) are
/// passed over. Records are read one at a time, so an archive of any size
/// takes the memory of its largest record. Each page's key is its target
/// URL normalised as [`Source::key`] does, so an archived copy and a
/// fetched one are the same source.
pub fn read_warc(path: &Path) -> Result<impl Iterator<Item = Result<Page, WarcError>>, WarcError> {
    // Opened here rather than with warc's own from_path helpers, which ask
    // for create-or-open and so fail on a read-only file.
    let file = std::fs::File::open(path).map_err(|cause| WarcError::Open { path: path.to_path_buf(), cause })?;
    let records: Box<dyn Iterator<Item = _>> = if path.to_string_lossy().to_ascii_lowercase().ends_with(".gz") {
        // .warc.gz is one gzip member per record: read them all.
        let members = flate2::read::MultiGzDecoder::new(io::BufReader::new(file));
        Box::new(warc::WarcReader::new(io::BufReader::new(members)).iter_records())
    } else {
        Box::new(warc::WarcReader::new(io::BufReader::new(file)).iter_records())
    };
    let path = path.to_path_buf();
    let mut damaged = false;
    Ok(records.map_while(move |record| {
        if damaged {
            return None;
        }
        Some(match record {
            Ok(record) => warc_page(&path, &record).transpose(),
            Err(err) => {
                damaged = true;
                Some(Err(WarcError::Record { path: path.clone(), cause: err.to_string() }))
            }
        })
    })
    .flatten())
}

/// The page in one WARC record, if it is an HTML response.
fn warc_page(path: &Path, record: &warc::Record<warc::BufferedBody>) -> Result<Option<Page>, WarcError> {
    if *record.warc_type() != warc::RecordType::Response {
        return Ok(None);
    }
    let target = record.header(warc::WarcHeader::TargetURI).map(|t| t.trim().to_string()).unwrap_or_default();
    let payload = |problem: &str| WarcError::Payload {
        path: path.to_path_buf(),
        target: target.clone(),
        problem: problem.to_string(),
    };
    let url = parse_web_url(&target).map_err(|problem| payload(&problem.to_string()))?;
    let body = record.body();
    let split = body.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| payload("no HTTP header in the record"))?;
    let head = String::from_utf8_lossy(&body[..split]);
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| payload("no HTTP status line in the record"))?;
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .find(|(field, _)| field.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_string())
    };
    let content_type = header("content-type");
    let is_html = content_type.as_deref().is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
    if !(200..300).contains(&status) || !is_html {
        return Ok(None);
    }
    if header("content-encoding").is_some_and(|e| !e.eq_ignore_ascii_case("identity")) {
        return Err(payload("compressed HTTP payload (Content-Encoding); re-archive without compression"));
    }
    let raw = &body[split + 4..];
    let bytes = if header("transfer-encoding").is_some_and(|e| e.to_ascii_lowercase().contains("chunked")) {
        dechunk(raw).ok_or_else(|| payload("damaged chunked payload"))?
    } else {
        raw.to_vec()
    };
    let key = normalize_url(&url).to_string();
    Ok(Some(Page {
        final_url: url.to_string(),
        url: key,
        status,
        fetched_at: *record.date(),
        content_type,
        bytes,
    }))
}

/// Joins the chunks of an HTTP/1.1 chunked body as archived verbatim.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&raw[..line_end]).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::fetch::inputs::expand_inputs_with_stdin;
    use crate::fetch::Source;

    /// A WARC archive of `records` (type, target, HTTP response bytes).
    fn warc_bytes(records: &[(warc::RecordType, &str, &[u8])]) -> Vec<u8> {
        let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
        for (kind, target, body) in records {
            let record = warc::RecordBuilder::default()
                .warc_type(kind.clone())
                .header(warc::WarcHeader::TargetURI, target.as_bytes().to_vec())
                .body(body.to_vec())
                .build()
                .unwrap();
            writer.write(&record).unwrap();
        }
        writer.into_inner().unwrap()
    }

    #[test]
    fn a_warc_archive_yields_its_html_responses_plain_or_gzipped() {
        use std::io::Write;
        use warc::RecordType::{Request, Response};
        let html = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Japan sold.</p>";
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Ch\r\n8\r\nina.</p>\r\n0\r\n\r\n";
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        let moved = b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n";
        let archive = warc_bytes(&[
            (Request, "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n"),
            (Response, "https://news.example/a?utm_source=rss", html),
            (Response, "https://news.example/b", chunked),
            (Response, "https://news.example/logo.png", image),
            (Response, "https://news.example/old", moved),
            (Response, "not a url", html),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("crawl.warc");
        std::fs::write(&plain, &archive).unwrap();
        let zipped = dir.path().join("crawl.warc.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&archive).unwrap();
        std::fs::write(&zipped, gz.finish().unwrap()).unwrap();

        for path in [&plain, &zipped] {
            let read: Vec<Result<Page, WarcError>> = read_warc(path).unwrap().collect();
            assert_eq!(read.len(), 3, "{read:?}");
            let page = read[0].as_ref().unwrap();
            assert_eq!((page.url.as_str(), page.status), ("https://news.example/a", 200));
            assert_eq!(page.final_url, "https://news.example/a?utm_source=rss");
            assert_eq!(page.content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert_eq!(page.bytes, b"<p>Japan sold.</p>");
            assert_eq!(read[1].as_ref().unwrap().bytes, b"<p>China.</p>", "chunks joined");
            let err = read[2].as_ref().unwrap_err().to_string();
            assert!(err.starts_with(&format!("{}: not a url: not a URL", path.display())), "{err}");
        }
        let (sources, errors) = expand_inputs_with_stdin(&[zipped.display().to_string()], &mut Cursor::new(Vec::new()));
        assert!(errors.is_empty());
        assert_eq!(sources, vec![Source::Warc(zipped.canonicalize().unwrap())]);
    }
}
