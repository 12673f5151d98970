//! Any bytes as an INPUT file: a URL list, an article, an archive or
//! neither; whichever it is, it yields a source or an error, never nothing.
#![no_main]

use std::io::Write;

use claimscope::fetch::expand_inputs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::Builder::new().suffix(".list").tempfile().expect("temp file");
    file.write_all(data).expect("write input");
    let (sources, errors) = expand_inputs(&[file.path().display().to_string()]);
    assert!(!sources.is_empty() || !errors.is_empty(), "an input vanished without a word");
});
