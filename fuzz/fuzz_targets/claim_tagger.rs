//! Any text as an article through the sentence splitter and the claim
//! tagger.
#![no_main]

use claimscope::{claims, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = extract::from_text(&text, "https://fuzz.example/2026/01/20/a");
    let _ = claims::tag(&article);
});
