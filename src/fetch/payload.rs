//! HTTP payloads as archives hold them: the status line and headers, then
//! the body, possibly in chunks and compressed.

use std::io::Read;

/// Status, headers and body of an archived HTTP response.
pub(super) fn split_http(block: &[u8]) -> Result<(u16, Vec<(String, String)>, &[u8]), String> {
    let mut headers = vec![httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    let parsed = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .parse_response(&mut response, block);
    match parsed {
        Ok(httparse::Status::Complete(length)) => {
            let status = response.code.ok_or("no HTTP status")?;
            let headers = response
                .headers
                .iter()
                .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).trim().to_string()))
                .collect();
            Ok((status, headers, &block[length..]))
        }
        Ok(httparse::Status::Partial) => Err("HTTP header cut short".to_string()),
        Err(err) => Err(format!("bad HTTP header ({err})")),
    }
}

/// Whether a content type is a page we read: HTML, XHTML or plain text.
pub(super) fn is_page_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime.contains("html") || mime == "text/plain" || mime.is_empty()
}

/// Joins the chunks of an HTTP/1.1 chunked body as archived verbatim;
/// `None` if the body is not in chunks.
pub(super) fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let (used, size) = match httparse::parse_chunk_size(raw) {
            Ok(httparse::Status::Complete(found)) => found,
            _ => return None,
        };
        raw = &raw[used..];
        if size == 0 {
            return Some(out);
        }
        let size = usize::try_from(size).ok()?;
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size..)?;
        raw = raw.strip_prefix(b"\r\n").or_else(|| raw.strip_prefix(b"\n")).unwrap_or(raw);
    }
}

/// Undoes a `Content-Encoding` (`gzip`, `x-gzip`, `deflate`, `br`, or
/// several in the order applied), refusing a body that grows past `limit`.
pub(super) fn decode_body(encoding: &str, body: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut body = body.to_vec();
    for coding in encoding.split(',').map(|c| c.trim().to_ascii_lowercase()).rev() {
        let reader: Box<dyn Read + '_> = match coding.as_str() {
            "" | "identity" => continue,
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&body[..])),
            // "deflate" is zlib-wrapped by the standard, raw by some servers.
            "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => Box::new(flate2::read::ZlibDecoder::new(&body[..])),
            "deflate" => Box::new(flate2::read::DeflateDecoder::new(&body[..])),
            "br" => Box::new(brotli_decompressor::Decompressor::new(&body[..], 4096)),
            other => return Err(format!("unknown Content-Encoding {other:?}")),
        };
        let mut decoded = Vec::new();
        reader
            .take(limit.saturating_add(1))
            .read_to_end(&mut decoded)
            .map_err(|err| format!("damaged {coding} payload ({err})"))?;
        if decoded.len() as u64 > limit {
            return Err(format!("payload larger than {limit} bytes once decoded"));
        }
        body = decoded;
    }
    Ok(body)
}
