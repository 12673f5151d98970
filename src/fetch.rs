//! Stage 1: URL or local file in, [`Page`] out.
//!
//! Owns everything that touches the network or the file system for input:
//! expanding the user's INPUT arguments into [`Source`]s, and fetching each
//! with limits (timeouts, redirects, body size, a clear user agent).

use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// One thing to ingest, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An `http(s)` URL.
    Url(url::Url),
    /// A local `.html`, `.htm` or `.txt` file.
    File(PathBuf),
}

impl Source {
    /// The key a source is stored and de-duplicated under: the URL, or
    /// `file://` plus the canonical path.
    pub fn key(&self) -> String {
        todo!()
    }
}

/// The raw result of fetching a [`Source`].
#[derive(Debug, Clone)]
pub struct Page {
    /// The source's key ([`Source::key`]).
    pub url: String,
    /// Where redirects ended; equal to `url` for files.
    pub final_url: String,
    /// HTTP status; 200 for files.
    pub status: u16,
    pub fetched_at: DateTime<Utc>,
    /// The `Content-Type` header, or one guessed from a file's extension.
    pub content_type: Option<String>,
    /// The body as received (decompressed, not decoded).
    pub bytes: Vec<u8>,
}
