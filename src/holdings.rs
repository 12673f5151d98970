//! The official figures: TIC tables in, [`Figure`]s out, with a
//! [`Holdings`] index to look them up by holder, measure and month.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::gazetteer::Holder;
use crate::units::{Period, UsdBillions};

/// Which published table a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// Major Foreign Holders of Treasury Securities (`mfhhis01.txt`).
    MajorForeignHolders,
    /// TIC Table 1, long-term securities held by foreign residents (`slt_table1.txt`).
    SltTable1,
}

/// What a figure measures; claims are only compared within one measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// All Treasury securities: bills, notes and bonds.
    TotalTreasuries,
    /// Long-term Treasuries only (notes and bonds, no bills).
    LongTermTreasuries,
}

/// The unit a table publishes in; values are always converted to billions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Billions,
    Millions,
}

/// One published number: a holder's holdings at the end of a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub series: Series,
    pub measure: Measure,
    pub holder: Holder,
    pub month: Period,
    /// In billions of USD whatever the table's unit.
    pub value: UsdBillions,
    /// The unit the table printed the value in.
    pub unit: Unit,
    /// When this value was published (or last revised).
    pub vintage: NaiveDate,
}

/// Every loaded figure, indexed for look-ups by holder, measure and month.
#[derive(Debug, Clone, Default)]
pub struct Holdings {
    figures: Vec<Figure>,
}

impl Holdings {
    /// The TIC tables bundled in `data/` (compiled into the binary, so the
    /// tool runs from any directory).
    pub fn bundled() -> Holdings {
        todo!()
    }

    /// An index over the given figures (later figures for the same series,
    /// holder and month replace earlier ones).
    pub fn from_figures(figures: Vec<Figure>) -> Holdings {
        let _ = figures;
        todo!()
    }

    /// Every figure, ordered by series, holder and month.
    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    /// The measures available for a holder, best first (total Treasuries
    /// before long-term only).
    pub fn measures_for(&self, holder: &Holder) -> Vec<Measure> {
        let _ = holder;
        todo!()
    }

    /// The figure for one holder, measure and month.
    pub fn get(&self, holder: &Holder, measure: Measure, month: Period) -> Option<&Figure> {
        let _ = (holder, measure, month);
        todo!()
    }

    /// A holder's figures for one measure, oldest month first.
    pub fn series(&self, holder: &Holder, measure: Measure) -> Vec<&Figure> {
        let _ = (holder, measure);
        todo!()
    }

    /// Every holder's figure for one measure and month, largest first;
    /// aggregates (all foreign, foreign official) are left out, so the
    /// position in the list is the holder's rank.
    pub fn ranking(&self, measure: Measure, month: Period) -> Vec<&Figure> {
        let _ = (measure, month);
        todo!()
    }

    /// The latest month with data for a measure.
    pub fn latest_month(&self, measure: Measure) -> Option<Period> {
        let _ = measure;
        todo!()
    }
}
