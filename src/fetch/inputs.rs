//! INPUT arguments → de-duplicated [`Source`]s.

use std::collections::HashSet;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use url::Url;

use super::error::{InputError, UrlProblem};

/// One thing to ingest, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An `http(s)` URL.
    Url(url::Url),
    /// A local `.html`, `.htm` or `.txt` file.
    File(PathBuf),
    /// A WARC or ARC archive, plain or gzipped: many pages, read with
    /// [`read_archive`](super::read_archive) and never fetched; each page is
    /// keyed by its record's target URL.
    Archive(PathBuf),
}

impl Source {
    /// The key a source is stored and de-duplicated under: the URL, or
    /// `file://` plus the canonical path.
    ///
    /// URLs lose their fragment and click-tracking parameters (`utm_*`,
    /// `fbclid`, `gclid`, ...), which name the same article; the rest of the query is kept byte for byte because
    /// it can select content. A file that cannot be canonicalised (it has
    /// gone) falls back to its absolute path so the key stays stable enough
    /// to name it in an error.
    pub fn key(&self) -> String {
        match self {
            Source::Url(url) => normalize_url(url).to_string(),
            Source::File(path) | Source::Archive(path) => {
                let absolute = std::fs::canonicalize(path)
                    .or_else(|_| std::path::absolute(path))
                    .unwrap_or_else(|_| path.clone());
                format!("file://{}", absolute.display())
            }
        }
    }
}

/// Query parameters that only say where a click came from (ad and mail
/// campaign ids); `utm_*` is matched as a prefix.
const TRACKING_PARAMETERS: [&str; 6] = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid"];

/// Whether a query parameter only tracks the click, so dropping it keeps
/// the same article.
fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMETERS.contains(&name.as_str())
}

/// Drops the fragment and tracking parameters from a URL.
pub(super) fn normalize_url(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    let kept = url.query().map(|query| {
        query
            .split('&')
            .filter(|pair| !is_tracking_parameter(pair.split('=').next().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("&")
    });
    match kept {
        Some(query) if !query.is_empty() => url.set_query(Some(&query)),
        _ => url.set_query(None),
    }
    url
}

/// Parses an http(s) URL.
pub(super) fn parse_web_url(text: &str) -> Result<Url, UrlProblem> {
    let url = Url::parse(text)?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(UrlProblem::Scheme(other.to_string())),
    }
}

/// Expands INPUT arguments into sources to fetch, de-duplicated by
/// [`Source::key`] in first-seen order, plus one error per bad input.
///
/// Each input is one of:
/// - an http(s) URL (anything containing `://` is taken as a URL);
/// - `-`: URLs from stdin, one per line (read once, however often given);
/// - a `.html` or `.htm` file: an article;
/// - a `.txt` file: a URL list if every line is a URL, else an article;
/// - a `.warc`, `.warc.gz`, `.arc` or `.arc.gz` file, or any file that
///   starts as one does (gzip, `WARC/`, `filedesc://`): an archive of pages
///   ([`read_archive`](super::read_archive));
/// - a directory: its `.html`, `.htm`, `.txt` and archive files,
///   recursively, in sorted path order; other files are ignored;
/// - any other file: a URL list (one per line, blank lines and `#` comments
///   skipped) if its first non-comment line is a URL, otherwise an error.
///
/// Files are keyed by canonical path, so `a.html` and `./a.html` are one
/// source.
pub fn expand_inputs(inputs: &[String]) -> (Vec<Source>, Vec<InputError>) {
    expand_inputs_with_stdin(inputs, &mut io::stdin().lock())
}

/// [`expand_inputs`] with stdin supplied, so tests can feed it.
pub(super) fn expand_inputs_with_stdin(
    inputs: &[String],
    stdin: &mut dyn BufRead,
) -> (Vec<Source>, Vec<InputError>) {
    let mut expansion = Expansion::default();
    for input in inputs {
        expansion.input(input, stdin);
    }
    (expansion.sources, expansion.errors)
}

/// The extensions of files read as articles rather than URL lists.
const ARTICLE_EXTENSIONS: [&str; 3] = ["html", "htm", "txt"];

/// The article extension of a path, lowercased, if it has one.
pub(super) fn article_extension(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    ARTICLE_EXTENSIONS
        .contains(&extension.as_str())
        .then_some(extension)
}

/// Whether a path names a web archive by its extension.
fn is_archive(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_ascii_lowercase();
    [".warc", ".warc.gz", ".arc", ".arc.gz"].iter().any(|extension| name.ends_with(extension))
}

/// Whether a file's first bytes are those of a web archive: a gzip member
/// (nothing else we read is gzipped), a WARC record or an ARC file header.
fn looks_like_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b]) || bytes.starts_with(b"WARC/") || bytes.starts_with(b"filedesc://")
}

/// Accumulates sources and errors while inputs are expanded.
#[derive(Default)]
struct Expansion {
    sources: Vec<Source>,
    errors: Vec<InputError>,
    seen: HashSet<String>,
    stdin_read: bool,
}

impl Expansion {
    fn push(&mut self, source: Source) {
        if self.seen.insert(source.key()) {
            self.sources.push(source);
        }
    }

    fn input(&mut self, input: &str, stdin: &mut dyn BufRead) {
        if input == "-" {
            if !std::mem::replace(&mut self.stdin_read, true) {
                self.stdin(stdin);
            }
        } else if input.contains("://") {
            match parse_web_url(input) {
                Ok(url) => self.push(Source::Url(url)),
                Err(problem) => self.errors.push(InputError::BadUrl {
                    input: input.to_string(),
                    problem,
                }),
            }
        } else {
            self.path(Path::new(input));
        }
    }

    fn stdin(&mut self, stdin: &mut dyn BufRead) {
        let mut bytes = Vec::new();
        match stdin.read_to_end(&mut bytes) {
            Ok(_) => self.url_list("<stdin>", &String::from_utf8_lossy(&bytes)),
            Err(cause) => self.errors.push(InputError::Unreadable {
                path: PathBuf::from("<stdin>"),
                cause,
            }),
        }
    }

    fn path(&mut self, path: &Path) {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(cause) => return self.unreadable(path, cause),
        };
        if metadata.is_dir() {
            let mut files = Vec::new();
            self.walk(path, &mut HashSet::new(), &mut files);
            files.sort();
            for file in files {
                if is_archive(&file) {
                    self.archive(&file);
                } else {
                    self.file(&file);
                }
            }
        } else if is_archive(path) {
            self.archive(path);
        } else if matches!(article_extension(path).as_deref(), Some("html" | "htm")) {
            self.file(path);
        } else {
            match std::fs::read(path) {
                Ok(bytes) if looks_like_archive(&bytes) => self.archive(path),
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    let mut lines = list_lines(&text).peekable();
                    let first_is_url = lines.peek().is_some_and(|(_, line)| parse_web_url(line).is_ok());
                    // `urls.txt` is the usual name for a URL list: a .txt
                    // file is a list when every line is a URL.
                    let all_urls = first_is_url && lines.all(|(_, line)| parse_web_url(line).is_ok());
                    let is_text = article_extension(path).is_some();
                    if all_urls || (first_is_url && !is_text) {
                        self.url_list(&path.display().to_string(), &text);
                    } else if is_text {
                        self.file(path);
                    } else {
                        self.errors.push(InputError::NotAnInput {
                            path: path.to_path_buf(),
                        });
                    }
                }
                Err(cause) => self.unreadable(path, cause),
            }
        }
    }

    /// Adds an archive under its canonical path.
    fn archive(&mut self, path: &Path) {
        self.canonical(path, Source::Archive);
    }

    /// Adds an article file under its canonical path.
    fn file(&mut self, path: &Path) {
        self.canonical(path, Source::File);
    }

    fn canonical(&mut self, path: &Path, source: fn(PathBuf) -> Source) {
        match std::fs::canonicalize(path) {
            Ok(canonical) => self.push(source(canonical)),
            Err(cause) => self.unreadable(path, cause),
        }
    }

    /// Collects the article files under `dir`; `visited` holds canonical
    /// directories already walked so symlink cycles end.
    fn walk(&mut self, dir: &Path, visited: &mut HashSet<PathBuf>, files: &mut Vec<PathBuf>) {
        match std::fs::canonicalize(dir) {
            Ok(canonical) => {
                if !visited.insert(canonical) {
                    return;
                }
            }
            Err(cause) => return self.unreadable(dir, cause),
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(cause) => return self.unreadable(dir, cause),
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(cause) => return self.unreadable(dir, cause),
            };
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => self.walk(&path, visited, files),
                Ok(_) if article_extension(&path).is_some() || is_archive(&path) => files.push(path),
                Ok(_) => {}
                Err(cause) => self.unreadable(&path, cause),
            }
        }
    }

    fn url_list(&mut self, origin: &str, text: &str) {
        for (line, entry) in list_lines(text) {
            match parse_web_url(entry) {
                Ok(url) => self.push(Source::Url(url)),
                Err(problem) => self.errors.push(InputError::BadLine {
                    origin: origin.to_string(),
                    line,
                    problem,
                }),
            }
        }
    }

    fn unreadable(&mut self, path: &Path, cause: io::Error) {
        self.errors.push(InputError::Unreadable {
            path: path.to_path_buf(),
            cause,
        });
    }
}

/// The entries of a URL list with their 1-based line numbers: trimmed,
/// without blank lines and `#` comments.
fn list_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::fetch::testing::*;

    #[test]
    fn url_keys_drop_fragments_and_tracking_parameters_only() {
        let key = |text: &str| url(text).key();
        assert_eq!(
            key("HTTPS://Example.com:443/a?id=7&utm_source=x&UTM_Medium=y#s2"),
            "https://example.com/a?id=7"
        );
        assert_eq!(
            key("http://example.com/a?utm_campaign=z&fbclid=1&GCLID=2"),
            "http://example.com/a"
        );
        assert_eq!(key("http://example.com/a?fbclid_note=1"), "http://example.com/a?fbclid_note=1");
        assert_eq!(
            key("http://example.com/a?q=a%20b&b"),
            "http://example.com/a?q=a%20b&b"
        );
    }

    #[test]
    fn expands_urls_lists_files_directories_and_stdin_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("urls.list"),
            "# reading list\nhttps://example.com/a\n\nnot a url\nftp://example.com/f\nhttps://example.com/a#again\n",
        )
        .unwrap();
        std::fs::write(root.join("lone.html"), "<p>x</p>").unwrap();
        let corpus = root.join("corpus");
        std::fs::create_dir_all(corpus.join("z")).unwrap();
        std::fs::create_dir_all(corpus.join("b")).unwrap();
        std::fs::write(corpus.join("z/1.txt"), "x").unwrap();
        std::fs::write(corpus.join("b/2.htm"), "x").unwrap();
        std::fs::write(corpus.join("a.html"), "x").unwrap();
        std::fs::write(corpus.join("notes.md"), "x").unwrap();
        std::fs::write(root.join("data.csv"), "holder,amount\n").unwrap();

        let arg = |path: &Path| path.display().to_string();
        let inputs = vec![
            arg(&root.join("urls.list")),
            arg(&root.join("lone.html")),
            arg(&corpus),
            // The same file again, by another spelling.
            arg(&corpus.join("b/../a.html")),
            "-".to_string(),
            "https://example.com/b?utm_source=feed".to_string(),
            "mailto://someone".to_string(),
            arg(&root.join("data.csv")),
            arg(&root.join("missing.html")),
        ];
        let mut stdin = Cursor::new(b"https://example.com/b\nhttps://example.com/c\n".to_vec());
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut stdin);

        let canonical = |path: PathBuf| Source::File(path.canonicalize().unwrap());
        assert_eq!(
            sources,
            vec![
                url("https://example.com/a"),
                canonical(root.join("lone.html")),
                canonical(corpus.join("a.html")),
                canonical(corpus.join("b/2.htm")),
                canonical(corpus.join("z/1.txt")),
                url("https://example.com/b"),
                url("https://example.com/c"),
            ]
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let list = arg(&root.join("urls.list"));
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(
            messages[0].starts_with(&format!("{list}:4: not a URL")),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with(&format!("{list}:5: unsupported scheme \"ftp\"")),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].starts_with("mailto://someone: unsupported scheme"),
            "{}",
            messages[2]
        );
        assert!(
            matches!(errors[3], InputError::NotAnInput { .. }),
            "{}",
            messages[3]
        );
        assert!(
            messages[4].starts_with(&format!(
                "{}: cannot read: No such file or directory",
                arg(&root.join("missing.html"))
            )),
            "{}",
            messages[4]
        );
    }

    #[test]
    fn reading_stdin_twice_adds_nothing_new() {
        let mut stdin = Cursor::new(b"https://example.com/a\n".to_vec());
        let inputs = vec!["-".to_string(), "-".to_string()];
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut stdin);
        assert_eq!(sources, vec![url("https://example.com/a")]);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_txt_file_of_urls_is_a_list_and_prose_is_an_article() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("urls.txt");
        std::fs::write(&list, "# feed\nhttps://example.com/a\n\nhttps://example.com/b\n").unwrap();
        let prose = dir.path().join("note.txt");
        std::fs::write(&prose, "https://example.com/c\nChina trimmed its holdings.\n").unwrap();
        let inputs = [list, prose.clone()].map(|p| p.display().to_string());
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut Cursor::new(Vec::new()));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            sources,
            vec![
                url("https://example.com/a"),
                url("https://example.com/b"),
                Source::File(prose.canonicalize().unwrap()),
            ]
        );
    }
}
