//! The bundled corpus pages as raw bytes, in file-name order: the pages the
//! ingest and workers benches serve over loopback.

use std::path::Path;

/// Every `corpus/*.html`, sorted, read whole.
pub fn corpus_pages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<Vec<u8>> = std::fs::read_dir(root.join("corpus"))
        .expect("corpus/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| std::fs::read(path).expect("corpus page"))
        .collect();
    pages.sort();
    pages
}
