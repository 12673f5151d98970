//! Any bytes, under any of the content types pages come with, through
//! decoding and article extraction.
#![no_main]

use claimscope::extract;
use claimscope::fetch::Page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the declared type, so one corpus covers all.
    let Some((pick, body)) = data.split_first() else { return };
    let content_type = ["text/html; charset=utf-8", "text/plain", "text/html; charset=windows-1252", ""][usize::from(*pick) % 4];
    let page = Page::local("https://fuzz.example/2026/01/20/a".to_string(), Some(content_type.to_string()), body.to_vec());
    let _ = extract::extract(&page);
});
