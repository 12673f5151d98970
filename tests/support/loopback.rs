//! The bare HTTP/1.1 of the loopback sites that the workers test and the
//! workers bench serve: one request per connection, answered and closed.
//! Shared by `#[path]`, as a test binary and a bench cannot share a crate.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

/// The path of the request on `stream`, its headers read and dropped.
pub fn request_path(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    reader.read_line(&mut request).ok()?;
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    Some(request.split_whitespace().nth(1).unwrap_or("/").to_string())
}

/// Sends `body` as HTML with `status` ("200 OK") and closes the connection.
pub fn respond(stream: &TcpStream, status: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut out = stream;
    let _ = out.write_all(head.as_bytes()).and_then(|()| out.write_all(body));
}
