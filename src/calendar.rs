//! The TIC release calendar: the one place that knows when Treasury published
//! the figures of a month.
//!
//! Treasury releases the data of month M between the 14th and the 18th of
//! month M+2. The days it announced are listed here; for any other month the
//! 14th stands in, the earliest day a reader could have seen the figures, so
//! "latest published by this date" never names a month that was not out.
//! Vintages, `verify`'s "as published on the article's date" and the claim
//! tagger's period resolution all ask this module.

use chrono::NaiveDate;

use crate::units::Period;

/// Release days Treasury announced, by the month they were released in
/// (year, month, day). The 2026 days are the ones reported publicly.
const KNOWN_RELEASES: &[(i32, u32, u32)] = &[
    (2026, 1, 15),
    (2026, 2, 18),
    (2026, 3, 18),
    (2026, 4, 15),
    (2026, 5, 18),
    (2026, 6, 18),
    (2026, 7, 14),
    (2026, 8, 17),
    (2026, 9, 16),
    (2026, 10, 16),
    (2026, 11, 18),
    (2026, 12, 15),
];

/// The day of the month used when the calendar does not list a release.
const DEFAULT_RELEASE_DAY: u32 = 14;

/// The day Treasury released the TIC data of `data_month` (in month M+2).
pub fn release_date(data_month: Period) -> NaiveDate {
    let out = data_month.add_months(2);
    let day = KNOWN_RELEASES
        .iter()
        .find(|&&(y, m, _)| y == out.year() && m == out.month())
        .map_or(DEFAULT_RELEASE_DAY, |&(_, _, d)| d);
    NaiveDate::from_ymd_opt(out.year(), out.month(), day).expect("release days are valid dates")
}

/// The newest data month whose figures were public on `date`.
///
/// On 2026-01-14 that is 2025-10 (November's figures came out on the 15th);
/// on 2026-01-15 it is 2025-11.
pub fn latest_published_on(date: NaiveDate) -> Period {
    let candidate = Period::of_date(date).add_months(-2);
    if release_date(candidate) <= date {
        candidate
    } else {
        candidate.add_months(-1)
    }
}

/// Whether a release newer than `newest_loaded` was due by `today`.
pub fn newer_release_due(newest_loaded: Period, today: NaiveDate) -> bool {
    latest_published_on(today) > newest_loaded
}

/// The month a month name without a year means in text dated `date`: the
/// most recent such month that could have been published by then.
pub fn month_named_on(month: u32, date: NaiveDate) -> Option<Period> {
    let latest = latest_published_on(date);
    let this_year = Period::new(latest.year(), month)?;
    Some(if this_year <= latest { this_year } else { this_year.add_months(-12) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn known_2026_days_are_used() {
        assert_eq!(release_date(p("2025-11")), d(2026, 1, 15));
        assert_eq!(release_date(p("2026-05")), d(2026, 7, 14));
        assert_eq!(release_date(p("2026-09")), d(2026, 11, 18));
    }

    #[test]
    fn other_years_use_the_14th() {
        assert_eq!(release_date(p("2015-07")), d(2015, 9, 14));
        assert_eq!(release_date(p("2024-12")), d(2025, 2, 14));
    }

    #[test]
    fn latest_published_turns_on_the_release_day() {
        assert_eq!(latest_published_on(d(2026, 1, 14)), p("2025-10"));
        assert_eq!(latest_published_on(d(2026, 1, 15)), p("2025-11"));
        assert_eq!(latest_published_on(d(2026, 12, 2)), p("2026-09"));
        assert_eq!(latest_published_on(d(2015, 9, 17)), p("2015-07"));
        assert_eq!(latest_published_on(d(2015, 9, 5)), p("2015-06"));
    }

    #[test]
    fn a_bare_month_is_the_latest_one_out() {
        assert_eq!(month_named_on(7, d(2015, 9, 17)), Some(p("2015-07")));
        assert_eq!(month_named_on(7, d(2015, 9, 5)), Some(p("2014-07")));
        assert_eq!(month_named_on(12, d(2026, 2, 18)), Some(p("2025-12")));
        assert_eq!(month_named_on(13, d(2026, 2, 18)), None);
    }

    #[test]
    fn a_release_is_due_once_its_day_has_passed() {
        assert!(newer_release_due(p("2026-08"), d(2026, 12, 2)));
        assert!(!newer_release_due(p("2026-09"), d(2026, 12, 2)));
    }
}
