//! Any bytes as a WARC or ARC archive, plain or gzipped: every record is
//! read, and the reader must end.
#![no_main]

use std::io::Write;

use claimscope::fetch::{read_archive, Revisits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(data).expect("write input");
    let reader = read_archive(file.path(), 1 << 20, Revisits::default()).expect("open temp file");
    // Each record consumes input, so more records than bytes is a loop.
    assert!(reader.take(data.len() + 2).count() <= data.len() + 1, "the reader did not end");
});
