//! Reporting: stored rows out as tables, JSON, CSV and HTML.
