//! Any text as each TIC table layout, and through layout detection.
#![no_main]

use claimscope::holdings::Table;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = Table::detect("fuzz.txt", &text);
    for table in [Table::MajorForeignHolders, Table::LegacyMfh, Table::SltTable1, Table::SltTable5] {
        let _ = table.parse("fuzz.txt", &text, None);
    }
});
