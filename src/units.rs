//! Small value types shared by every stage: the data month a figure or claim
//! is about, amounts in billions of US dollars, and the direction of a move.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, the unit of time of every TIC series ("2025-11").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    /// 1..=12
    month: u32,
}

impl Period {
    /// The month `year`-`month`; `None` unless `month` is 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        (1..=12).contains(&month).then_some(Period { year, month })
    }

    /// The month a date falls in.
    pub fn of_date(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// This month moved by `n` months (negative goes back).
    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        let next = self.add_months(1);
        NaiveDate::from_ymd_opt(next.year(), next.month(), 1).expect("a valid month") - chrono::Days::new(1)
    }

    pub fn add_months(self, n: i32) -> Period {
        let idx = self.index() + n;
        Period { year: idx.div_euclid(12), month: idx.rem_euclid(12) as u32 + 1 }
    }

    /// Months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: Period) -> i32 {
        self.index() - earlier.index()
    }

    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Error for a string that is not a `YYYY-MM` month.
#[derive(Debug, thiserror::Error)]
#[error("{input:?} is not a month: expected YYYY-MM, such as 2025-11")]
pub struct ParsePeriodError {
    input: String,
}

impl FromStr for Period {
    type Err = ParsePeriodError;

    fn from_str(s: &str) -> Result<Period, ParsePeriodError> {
        let err = || ParsePeriodError { input: s.to_string() };
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        Period::new(year, month).ok_or_else(err)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The reference point of a "lowest since ..." claim: a year or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Since {
    Year(i32),
    Month(Period),
}

impl Since {
    /// The first month the reference point covers.
    pub fn first_month(self) -> Period {
        match self {
            Since::Year(y) => Period::new(y, 1).expect("January exists"),
            Since::Month(p) => p,
        }
    }

    /// The last month the reference point covers.
    pub fn last_month(self) -> Period {
        match self {
            Since::Year(y) => Period::new(y, 12).expect("December exists"),
            Since::Month(p) => p,
        }
    }
}

impl fmt::Display for Since {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Since::Year(y) => write!(f, "{y:04}"),
            Since::Month(p) => p.fmt(f),
        }
    }
}

impl FromStr for Since {
    type Err = ParsePeriodError;

    fn from_str(s: &str) -> Result<Since, ParsePeriodError> {
        let t = s.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Since::Year(t.parse().expect("four digits")));
        }
        t.parse().map(Since::Month)
    }
}

impl Serialize for Since {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Since {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Since, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An amount in billions of US dollars, the unit of every claim and check.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct UsdBillions(pub f64);

impl UsdBillions {
    /// Converts an amount given in millions of US dollars.
    pub fn from_millions(m: f64) -> UsdBillions {
        UsdBillions(m / 1000.0)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for UsdBillions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v.abs() >= 1000.0 {
            write!(f, "${:.3}tn", v / 1000.0)
        } else if v.abs() < 1.0 && v != 0.0 {
            write!(f, "${:.0}m", v * 1000.0)
        } else {
            write!(f, "${v:.1}bn")
        }
    }
}

/// Which way a claim or a series moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Flat,
}

impl Direction {
    /// The direction of a signed change.
    pub fn of(change: f64) -> Direction {
        if change > 0.0 {
            Direction::Up
        } else if change < 0.0 {
            Direction::Down
        } else {
            Direction::Flat
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Flat => "flat",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_parses_prints_and_moves() {
        let p: Period = "2025-11".parse().unwrap();
        assert_eq!(p.to_string(), "2025-11");
        assert_eq!(p.add_months(2).to_string(), "2026-01");
        assert_eq!(p.add_months(-11).to_string(), "2024-12");
        assert_eq!(p.months_since("2024-11".parse().unwrap()), 12);
        assert!("2025-13".parse::<Period>().is_err());
        assert!("November".parse::<Period>().is_err());
    }

    #[test]
    fn since_is_year_or_month() {
        assert_eq!("2008".parse::<Since>().unwrap(), Since::Year(2008));
        assert_eq!("2022-04".parse::<Since>().unwrap().to_string(), "2022-04");
    }

    #[test]
    fn amounts_display_in_natural_units() {
        assert_eq!(UsdBillions(1200.0).to_string(), "$1.200tn");
        assert_eq!(UsdBillions(0.1).to_string(), "$100m");
        assert_eq!(UsdBillions(682.6).to_string(), "$682.6bn");
    }
}
