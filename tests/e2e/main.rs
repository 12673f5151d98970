//! End-to-end tests: the real binary on real files, a real loopback HTTP
//! server and real SQLite and PostgreSQL databases. One test binary, as in ripgrep, so it
//! links once.

mod util;
mod warc_gen;

mod archives;
mod commands;
mod corpus;
mod faults;
mod holdings;
mod ingest;
mod report;
mod tone;
mod workers;
