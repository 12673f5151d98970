//! Generated WARC.gz archives of news, for the archive tests and the
//! archive bench: one gzip member per record, written with the `warc`
//! crate, every page at its own URL with its own sentences. Pages about
//! Treasury holdings come from a few templates of our own; the others are
//! general news with no word of Treasuries.

use std::io::Write;
use std::path::Path;

const TOWNS: [&str; 8] = ["Bergen", "Tampere", "Ghent", "Porto", "Leeds", "Graz", "Lyon", "Aarhus"];
const THINGS: [&str; 8] = ["tram line", "library", "bridge", "bike lane", "school", "market hall", "harbour wall", "park"];
const HOLDERS: [&str; 6] = ["Japan", "China", "Belgium", "Canada", "Ireland", "Switzerland"];

/// The HTML of page `n`: about Treasury holdings when `relevant`.
pub fn page(n: usize, relevant: bool) -> String {
    let (title, body) = if relevant {
        let holder = HOLDERS[n % HOLDERS.len()];
        let level = 200 + (n * 37) % 900;
        let change = 1 + (n * 7) % 40;
        (
            format!("{holder} trims Treasury holdings, report {n}"),
            format!(
                "<p>{holder} cut its holdings of US Treasuries by ${change}.{} billion in November to ${level}.{} billion, \
                 according to TIC data released on Tuesday (item {n}).</p>\
                 <p>Analysts in the note numbered {n} said foreign official holders had been trimming for months.</p>",
                n % 10,
                (n / 10) % 10
            ),
        )
    } else {
        let town = TOWNS[n % TOWNS.len()];
        let thing = THINGS[(n / TOWNS.len()) % THINGS.len()];
        (
            format!("{town} council approves a new {thing}, story {n}"),
            format!(
                "<p>The council of {town} voted on Tuesday to build a new {thing}, the {n}th project this decade.</p>\
                 <p>Work starts in spring and should take {} months, the mayor told reporters at the town hall.</p>\
                 <p>Residents of ward {} asked for more evening buses during the works.</p>",
                6 + n % 18,
                n % 30
            ),
        )
    };
    format!("<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>")
}

/// Writes `pages` (URL, HTML) as response records, each in its own gzip
/// member, to `path`.
pub fn write_archive(path: &Path, pages: &[(String, String)]) {
    let mut out = Vec::new();
    for (url, html) in pages {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
        let record = warc::RecordBuilder::default()
            .warc_type(warc::RecordType::Response)
            .header(warc::WarcHeader::TargetURI, url.as_bytes().to_vec())
            .header(warc::WarcHeader::ContentType, b"application/http; msgtype=response".to_vec())
            .body(http.into_bytes())
            .build()
            .expect("a valid record");
        let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
        writer.write(&record).expect("write record");
        let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::fast());
        gz.write_all(&writer.into_inner().expect("flush record")).expect("gzip record");
        gz.finish().expect("gzip member");
    }
    std::fs::write(path, out).expect("write archive");
}

/// Page `n` of a generated crawl: its URL and HTML, relevant for every
/// `every`-th page.
pub fn crawl_page(n: usize, every: usize) -> (String, String) {
    let relevant = n % every == 0;
    let section = if relevant { "markets" } else { "local" };
    (format!("https://news.example/{section}/{n}"), page(n, relevant))
}
