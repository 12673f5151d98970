//! Stage 5: a [`Claim`] and the official figures in, a [`Check`] out.
//! Pure: no I/O, so every verdict can be reproduced from its inputs.
//!
//! Checking v1: each claim is compared with one measure of one holder (total
//! Treasuries from the Major Foreign Holders table when the holder has a row
//! there, else long-term Treasuries from TIC Table 1) at one month (the
//! claim's period, else the latest month published on the article's date,
//! else the latest month in the data). Every note starts with the rule it
//! applied and gives the numbers compared, so a reader can redo the check.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::claims::{Bound, Claim, ClaimKind};
use crate::gazetteer::{Holder, HolderKind};
use crate::holdings::{Figure, Holdings, Measure};
use crate::stats::mean_sd;
use crate::units::{Direction, Period, Since, UsdBillions};

/// The version of the checking rules, stored with every verdict.
pub const VERSION: &str = "verify-3";

/// The outcome of checking a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Verdict {
    Consistent,
    Inconsistent,
    /// Right direction, far larger than the data shows.
    Exaggerated,
    /// The data cannot settle it; the note says why.
    #[value(alias = "not-checkable")]
    NotCheckable,
}

impl Verdict {
    /// The word used in JSON, SQL and CLI flags ("not_checkable").
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Exaggerated => "exaggerated",
            Verdict::NotCheckable => "not_checkable",
        }
    }
}

/// A verdict with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub verdict: Verdict,
    /// The figures the verdict rests on.
    pub figures: Vec<crate::holdings::Figure>,
    /// The table and vintage the figures come from.
    pub source: String,
    /// The rule applied and the numbers compared, in one sentence.
    pub note: String,
}

/// A claim with its check: the unit the claim JSON is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub check: Check,
}

/// Settings of the checking rules a user may change; [`Rules::default`]
/// is what the README documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Months a trend claim is checked over: trend words describe a run of
    /// months, and the default year smooths out single-month noise.
    pub trend_window: u16,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules { trend_window: TREND_WINDOW_MONTHS }
    }
}

/// The default trend window; see [`Rules::trend_window`].
pub const TREND_WINDOW_MONTHS: u16 = 12;

impl Rules {
    /// Checks every claim of an article; `published` is the article's date,
    /// which fixes the data month of claims that name none and the vintage
    /// of the figures "published at the time".
    pub fn check_all(&self, claims: &[Claim], holdings: &Holdings, published: Option<NaiveDate>) -> Vec<CheckedClaim> {
        let then = published.map(|date| (date, holdings.as_of(date)));
        let then = then.as_ref().map(|(date, h)| (*date, &**h));
        claims
            .iter()
            .map(|claim| CheckedClaim {
                claim: claim.clone(),
                check: self.check_vintages(claim, holdings, then, published),
            })
            .collect()
    }

    /// Checks one claim against the figures (Checking v1, see the module
    /// docs), both as published on the article's date and as last revised.
    ///
    /// Never fails: a claim the data cannot settle (a plan, an institution,
    /// a month not yet published) gets [`Verdict::NotCheckable`] with the
    /// reason.
    pub fn check(&self, claim: &Claim, holdings: &Holdings, published: Option<NaiveDate>) -> Check {
        let mut checked = self.check_all(std::slice::from_ref(claim), holdings, published);
        checked.pop().expect("one claim in, one checked claim out").check
    }
}

/// [`Rules::check_all`] with the default rules.
pub fn check_all(claims: &[Claim], holdings: &Holdings, published: Option<NaiveDate>) -> Vec<CheckedClaim> {
    Rules::default().check_all(claims, holdings, published)
}

/// [`Rules::check`] with the default rules.
pub fn check(claim: &Claim, holdings: &Holdings, published: Option<NaiveDate>) -> Check {
    Rules::default().check(claim, holdings, published)
}

impl Rules {
    /// Checks against the latest revision and, when the article's date is
    /// known, against the figures published by then; the note says which
    /// vintage supports the claim. A claim is consistent if either vintage
    /// supports it: a writer cannot be faulted for quoting the first release,
    /// nor for having a later one.
    fn check_vintages(
        &self,
        claim: &Claim,
        latest: &Holdings,
        then: Option<(NaiveDate, &Holdings)>,
        published: Option<NaiveDate>,
    ) -> Check {
        let mut now = self.check_one(claim, latest, published);
        let Some((date, at_time)) = then else {
            return now;
        };
        if now.figures.is_empty() {
            return now;
        }
        let past = self.check_one(claim, at_time, published);
        if past.figures.is_empty() {
            now.note.push_str(&format!(
                "; checked against the latest revision only: no figure for it published by {date} is loaded"
            ));
            return now;
        }
        if past.figures == now.figures {
            return now;
        }
        let ok = |c: &Check| c.verdict == Verdict::Consistent;
        let mut figures = past.figures.clone();
        figures.extend(now.figures.iter().cloned());
        let source = format!("at the time: {}; latest: {}", past.source, now.source);
        let (verdict, note) = match (ok(&past), ok(&now)) {
            (true, true) => (
                Verdict::Consistent,
                format!("consistent with the figure published at the time and with the latest revision: {}", now.note),
            ),
            (true, false) => (
                Verdict::Consistent,
                format!(
                    "consistent with the figure published at the time, revised since: at the time {}; latest revision {}",
                    past.note, now.note
                ),
            ),
            (false, true) => (
                Verdict::Consistent,
                format!(
                    "consistent with the latest revision, not with the figure published at the time: latest revision {}; at the time {}",
                    now.note, past.note
                ),
            ),
            (false, false) => (
                now.verdict,
                format!(
                    "{} with every vintage: latest revision {}; at the time {}",
                    now.verdict.as_str(),
                    now.note,
                    past.note
                ),
            ),
        };
        Check { verdict, figures, source, note }
    }

    /// Checks one claim against one set of figures.
    fn check_one(&self, claim: &Claim, holdings: &Holdings, published: Option<NaiveDate>) -> Check {
        let found = assess(claim, holdings, published, self);
        let mut note = found.note;
        if found.figures.iter().any(|f| f.measure == Measure::LongTermTreasuries) {
            note.push_str("; long-term only (no bills)");
        }
        Check { verdict: found.verdict, source: source_of(&found.figures), figures: found.figures, note }
    }
}

/// A verdict before the source and measure caveats are added.
struct Found {
    verdict: Verdict,
    figures: Vec<Figure>,
    note: String,
}

impl Found {
    fn new(verdict: Verdict, figures: &[&Figure], note: String) -> Found {
        Found { verdict, figures: figures.iter().map(|&f| f.clone()).collect(), note }
    }

    fn not_checkable(note: String) -> Found {
        Found::new(Verdict::NotCheckable, &[], note)
    }
}

/// What every rule needs: the claim and the figure it is compared with.
struct Ctx<'h> {
    claim: &'h Claim,
    holdings: &'h Holdings,
    measure: Measure,
    /// The holder's figure at the claim's (resolved) month.
    at: &'h Figure,
    rules: &'h Rules,
}

impl<'h> Ctx<'h> {
    fn holder(&self) -> &'h Holder {
        &self.claim.holder
    }

    fn period(&self) -> Period {
        self.at.month
    }

    fn level(&self) -> f64 {
        self.at.value.get()
    }

    /// The holder's figure at another month, or the not-checkable verdict
    /// that names the missing month.
    fn figure(&self, month: Period) -> Result<&'h Figure, Found> {
        self.holdings
            .get(self.holder(), self.measure, month)
            .ok_or_else(|| no_data(self.claim.kind, self.holdings, self.holder(), self.measure, month))
    }
}

type Rule = fn(&Ctx<'_>) -> Found;

fn assess(claim: &Claim, holdings: &Holdings, published: Option<NaiveDate>, rules: &Rules) -> Found {
    let kind = claim.kind;
    let rule: Rule = match kind {
        ClaimKind::Level => level,
        ClaimKind::Change => change,
        ClaimKind::Extremum => extremum,
        ClaimKind::Rank => rank,
        ClaimKind::Trend => trend,
        ClaimKind::Intent | ClaimKind::Forecast => {
            return Found::not_checkable(format!(
                "{}: about the future; TIC data only records holdings already reported",
                kind.as_str()
            ))
        }
    };
    let holder = &claim.holder;
    if holder.kind() == HolderKind::Institution {
        return Found::not_checkable(format!(
            "{}: {holder} is an institution or a name TIC does not list; TIC reports countries, not single investors",
            kind.as_str()
        ));
    }
    let stated = claim.period.or_else(|| published.map(calendar::latest_published_on));
    let Some(measure) = holdings.measure_for_claim(holder, stated) else {
        return Found::not_checkable(format!("{}: no TIC figures for {holder}", kind.as_str()));
    };
    let period = stated.or_else(|| holdings.latest_month(measure));
    let Some(period) = period else {
        return Found::not_checkable(format!("{}: no month stated and no data", kind.as_str()));
    };
    match holdings.get(holder, measure, period) {
        Some(at) => rule(&Ctx { claim, holdings, measure, at, rules }),
        None => no_data(kind, holdings, holder, measure, period),
    }
}

fn no_data(kind: ClaimKind, holdings: &Holdings, holder: &Holder, measure: Measure, month: Period) -> Found {
    let series = holdings.series(holder, measure);
    let span = match (series.first(), series.last()) {
        (Some(first), Some(last)) => format!(" (data cover {} to {})", first.month, last.month),
        _ => String::new(),
    };
    let mut note = format!("{}: no data for {holder} in {month}, {}{span}", kind.as_str(), measure.describe());
    // A month past everything loaded is a refresh away, not a gap.
    if let Some(newest) = holdings.latest_month(measure).filter(|newest| month > *newest) {
        note.push_str(&format!(
            "; the newest month loaded is {newest}; `claimscope holdings refresh` loads newer releases"
        ));
    }
    Found::not_checkable(note)
}

/// "level: stated $682.6bn vs $683.9bn for 2025-11; ...", or the bound rule.
fn level(ctx: &Ctx<'_>) -> Found {
    let Some(stated) = ctx.claim.level_usd_bn else {
        return Found::not_checkable("level: no amount stated".to_string());
    };
    let (stated, actual, period) = (stated.get(), ctx.level(), ctx.period());
    let head = format!("level: stated {} vs {} for {period}", UsdBillions(stated), ctx.at.value);
    if let Some(bound) = ctx.claim.bound {
        // A bound has no stated precision ("more than $1 trillion" is not
        // "$1 trillion give or take $500bn"), so only revisions are allowed for.
        let allowance = 0.01 * actual;
        let (holds, word) = match bound {
            Bound::Over => (actual > stated - allowance, "over"),
            Bound::Under => (actual < stated + allowance, "under"),
        };
        let verdict = if holds { Verdict::Consistent } else { Verdict::Inconsistent };
        let note = format!(
            "{head}; bound {word} {}: {} (1% revision allowance {})",
            UsdBillions(stated),
            if holds { "satisfied" } else { "not satisfied" },
            num(allowance)
        );
        return Found::new(verdict, &[ctx.at], note);
    }
    let tolerance = Tolerance::level(stated, actual, ctx.claim.level_half_unit, ctx.claim.approx);
    let (verdict, tail) = judge(stated, actual, tolerance, false);
    Found::new(verdict, &[ctx.at], format!("{head}; {tail}"))
}

/// A move from the base month (stated, else the previous month) to the
/// period, checked in dollars, in percent, or by direction alone.
fn change(ctx: &Ctx<'_>) -> Found {
    let claim = ctx.claim;
    let base_month = claim.base_period.unwrap_or_else(|| ctx.period().add_months(-1));
    let base = match ctx.figure(base_month) {
        Ok(base) => base,
        Err(found) => return found,
    };
    let actual = ctx.level() - base.value.get();
    let mut parts: Vec<(Verdict, String)> = Vec::new();
    if let Some(stated) = claim.change_usd_bn {
        let stated = signed(stated.get(), claim.direction);
        let tolerance = Tolerance::change(stated, claim.change_half_unit, claim.approx);
        let (verdict, tail) = judge(stated, actual, tolerance, true);
        parts.push((verdict, format!("stated {} vs {}; {tail}", signed_usd(stated), signed_usd(actual))));
    }
    if let Some(stated) = claim.change_pct {
        let stated = signed(stated, claim.direction);
        let actual_pct = 100.0 * actual / base.value.get();
        let tolerance = Tolerance::percent(stated, claim.pct_half_unit, claim.approx);
        let (verdict, tail) = judge(stated, actual_pct, tolerance, true);
        parts.push((verdict, format!("stated {stated:+.1}% vs {actual_pct:+.1}%; {tail}")));
    }
    if parts.is_empty() {
        parts.push(judge_direction(claim.direction, actual, ctx.level()));
    }
    let verdict = parts.iter().map(|(v, _)| *v).max_by_key(|v| severity(*v)).unwrap_or(Verdict::NotCheckable);
    let notes: Vec<String> = parts.into_iter().map(|(_, n)| n).collect();
    let note = format!("change from {base_month} to {}: {}", ctx.period(), notes.join("; "));
    Found::new(verdict, &[base, ctx.at], note)
}

/// Direction against the change over [`Rules::trend_window`] to the period,
/// then size: the words' grade on the [`Intensity`] scale against the
/// move as a percent of the level and as a z-score among the holder's own
/// moves over windows of the same length. Right direction but short of the
/// grade's threshold on both measures is exaggerated.
fn trend(ctx: &Ctx<'_>) -> Found {
    let window = i32::from(ctx.rules.trend_window);
    let base_month = ctx.period().add_months(-window);
    let base = match ctx.figure(base_month) {
        Ok(base) => base,
        Err(found) => return found,
    };
    let actual = ctx.level() - base.value.get();
    let (verdict, note) = judge_direction(ctx.claim.direction, actual, ctx.level());
    let head = format!("trend over {window} months from {base_month} to {}: {note}", ctx.period());
    let figures = [base, ctx.at];
    let sign = match ctx.claim.direction {
        Some(Direction::Down) => -1.0,
        Some(Direction::Up) => 1.0,
        _ => return Found::new(verdict, &figures, head),
    };
    let Some(grade) = ctx.claim.intensity.filter(|_| verdict == Verdict::Consistent) else {
        return Found::new(verdict, &figures, head);
    };
    let (min_pct, min_z) = grade.threshold();
    let pct = 100.0 * actual / base.value.get();
    let moves: Vec<f64> = {
        let series = ctx.holdings.series(ctx.holder(), ctx.measure);
        series
            .iter()
            .zip(series.iter().skip(window as usize))
            .filter(|(a, b)| b.month.months_since(a.month) == window)
            .map(|(a, b)| b.value.get() - a.value.get())
            .collect()
    };
    let z = mean_sd(&moves).map(|(mean, sd)| (actual - mean) / sd);
    // Size in the claimed direction: a fall is a positive size for "dumping".
    let (size_pct, size_z) = (sign * pct, z.map(|z| sign * z));
    let big_enough = size_pct >= min_pct || size_z.is_some_and(|z| z >= min_z);
    let z_text = z.map_or_else(|| "no z-score (under 12 windows of data)".to_string(), |z| format!("z {z:+.2}"));
    let rule = format!(
        "the words grade {} ({}) on the intensity scale, claiming a move of at least {min_pct}% or z {min_z} in the stated direction; data {pct:+.1}%, {z_text} among {}'s {window}-month moves",
        grade.grade(),
        grade.as_str(),
        ctx.holder()
    );
    if big_enough {
        Found::new(Verdict::Consistent, &figures, format!("{head}; {rule}: big enough"))
    } else {
        Found::new(Verdict::Exaggerated, &figures, format!("{head}; {rule}: far smaller than the words claim"))
    }
}

/// "lowest since S" / "highest since S" / record lows and highs, with an
/// allowance of 1% of the level for revisions.
fn extremum(ctx: &Ctx<'_>) -> Found {
    let (sign, words) = match ctx.claim.direction {
        Some(Direction::Down) => (1.0, ("lowest", "below")),
        Some(Direction::Up) => (-1.0, ("highest", "above")),
        _ => return Found::not_checkable("extremum: neither a low nor a high stated".to_string()),
    };
    let (superlative, beyond) = words;
    // Lows and highs share one test: a high is a low of the negated values.
    let key = |f: &Figure| sign * f.value.get();
    let (period, at) = (ctx.period(), ctx.at);
    let allowance = 0.01 * ctx.level();
    let series = ctx.holdings.series(ctx.holder(), ctx.measure);
    let since = ctx.claim.since;
    let head = format!("extremum: {} in {period}, stated {superlative} {}", at.value, since_text(since));
    let breach = series
        .iter()
        .copied()
        .filter(|f| f.month < period && since.is_none_or(|s| f.month > s.last_month()))
        .filter(|f| key(f) < key(at) - allowance)
        .min_by(|a, b| key(a).total_cmp(&key(b)));
    if let Some(b) = breach {
        let note = format!(
            "{head}; {} was {}, {beyond} it by more than the 1% allowance {}",
            b.month,
            b.value,
            num(allowance)
        );
        return Found::new(Verdict::Inconsistent, &[b, at], note);
    }
    let Some(since) = since else {
        let first = series.first().map_or(period, |f| f.month);
        let note = format!(
            "{head}; no month from {first} to {period} {beyond} it by more than the 1% allowance {}",
            num(allowance)
        );
        return Found::new(Verdict::Consistent, &[at], note);
    };
    let reference = series
        .iter()
        .copied()
        .filter(|f| f.month >= since.first_month() && f.month <= since.last_month())
        .min_by(|a, b| key(a).total_cmp(&key(b)));
    let Some(reference) = reference else {
        return Found::not_checkable(format!("{head}; no data for {since}"));
    };
    let (verdict, relation) = if key(reference) <= key(at) + allowance {
        (Verdict::Consistent, "within")
    } else {
        (Verdict::Inconsistent, "not within")
    };
    let note = format!(
        "{head}; nothing after {since} went further, and the {superlative} of {since} was {} in {}, {relation} the 1% allowance {}",
        reference.value,
        reference.month,
        num(allowance)
    );
    Found::new(verdict, &[reference, at], note)
}

/// Exact position among countries for the measure and month.
fn rank(ctx: &Ctx<'_>) -> Found {
    let Some(stated) = ctx.claim.rank else {
        return Found::not_checkable("rank: no position stated".to_string());
    };
    let (holder, period) = (ctx.holder(), ctx.period());
    let ranking = ctx.holdings.ranking(ctx.measure, period);
    let Some(index) = ranking.iter().position(|f| &f.holder == holder) else {
        return Found::not_checkable(format!("rank: {holder} is not among the countries ranked for {period}"));
    };
    let actual = index + 1;
    let stated_at = stated.checked_sub(1).and_then(|i| ranking.get(i as usize));
    // "top ten" is a bound: any place up to the tenth.
    let (holds, stated_text) = match ctx.claim.bound {
        Some(Bound::Under) => (actual <= stated as usize, format!("top {stated}")),
        Some(Bound::Over) => (actual >= stated as usize, format!("{stated} or lower")),
        None => (actual == stated as usize, stated.to_string()),
    };
    let verdict = if holds { Verdict::Consistent } else { Verdict::Inconsistent };
    let mut note = format!(
        "rank: stated {stated_text} vs {actual} of {} countries, {} for {period} ({holder} {})",
        ranking.len(),
        ctx.measure.describe(),
        ctx.at.value
    );
    let mut figures = vec![ctx.at];
    if let Some(other) = stated_at.filter(|_| verdict == Verdict::Inconsistent) {
        note.push_str(&format!("; number {stated} is {} with {}", other.holder, other.value));
        figures.push(other);
    }
    Found::new(verdict, &figures, note)
}

/// The least a stated amount may be off by for revisions, in billions.
const REVISION_FLOOR_BN: f64 = 2.0;

/// How far off a stated number may be, and which allowance set that.
#[derive(Debug, Clone, Copy)]
struct Tolerance {
    value: f64,
    basis: &'static str,
}

impl Tolerance {
    /// For a dollar level: the largest of the stated precision (as the
    /// text gave it, else read from the number), a 5% allowance for amounts
    /// called approximate, and an allowance for revisions: news quotes first
    /// releases, which annual revisions move by a couple of billion for any
    /// holder and by up to about 1.5% for the largest.
    fn level(stated: f64, level: f64, half_unit: Option<UsdBillions>, approx: bool) -> Tolerance {
        let revision = if 0.015 * level.abs() > REVISION_FLOOR_BN {
            Tolerance { value: 0.015 * level.abs(), basis: "1.5% revision allowance" }
        } else {
            Tolerance { value: REVISION_FLOOR_BN, basis: "$2bn revision allowance" }
        };
        Tolerance::amount(stated, half_unit, approx, revision)
    }

    /// For a dollar change: as for a level, but revisions are allowed for
    /// with the floor alone, since a month's move is small beside the level
    /// and a percent of the level would swallow it.
    fn change(stated: f64, half_unit: Option<UsdBillions>, approx: bool) -> Tolerance {
        Tolerance::amount(stated, half_unit, approx, Tolerance { value: REVISION_FLOOR_BN, basis: "$2bn revision allowance" })
    }

    fn amount(stated: f64, half_unit: Option<UsdBillions>, approx: bool, revision: Tolerance) -> Tolerance {
        let precision = half_unit.map_or_else(|| stated_half_unit(stated), UsdBillions::get);
        Tolerance::largest([
            Tolerance { value: precision, basis: "half a unit of the last stated digit" },
            Tolerance { value: approximate(stated, approx), basis: "5% allowance for an approximate amount" },
            revision,
        ])
    }

    /// For a percent change: the stated precision plus one point (revisions
    /// move both months), or the 5% hedge allowance if larger. Percents are
    /// taken as stated to the whole point at least: "30%" is not "30 give or
    /// take 5", as "$190 billion" may be "give or take $5bn".
    fn percent(stated: f64, half_unit: Option<f64>, approx: bool) -> Tolerance {
        let precision = half_unit.unwrap_or_else(|| stated_half_unit(stated)).min(0.5);
        Tolerance::largest([
            Tolerance { value: precision + 1.0, basis: "half a unit of the stated percent plus 1 point" },
            Tolerance { value: approximate(stated, approx), basis: "5% allowance for an approximate amount" },
        ])
    }

    fn largest<const N: usize>(candidates: [Tolerance; N]) -> Tolerance {
        candidates.into_iter().fold(Tolerance { value: 0.0, basis: "exact" }, |best, t| {
            if t.value > best.value {
                t
            } else {
                best
            }
        })
    }
}

fn approximate(stated: f64, approx: bool) -> f64 {
    if approx {
        0.05 * stated.abs()
    } else {
        0.0
    }
}

/// Half a unit of the last digit a number was stated with, read from its
/// decimal form: 682.6 -> 0.05, 1200 -> 50, 9 -> 0.5, 0.1 -> 0.05.
///
/// The fallback for claims that do not carry the precision the text stated
/// (the tagger records it, since "$1,200 billion" and "$1.2 trillion"
/// differ).
fn stated_half_unit(value: f64) -> f64 {
    // Six decimals absorb float noise from unit conversions (1.2 * 1000).
    let text = format!("{:.6}", value.abs());
    let text = text.trim_end_matches('0');
    let unit = match text.split_once('.') {
        Some((_, "")) | None => {
            let int = text.trim_end_matches('.');
            let zeros = int.len() - int.trim_end_matches('0').len();
            // "0" has one zero but its unit is 1.
            if int.trim_end_matches('0').is_empty() {
                1.0
            } else {
                10f64.powi(zeros as i32)
            }
        }
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
    };
    unit / 2.0
}

/// Compares a stated number with the data; with `is_change`, a move in the
/// right direction more than twice the actual one is exaggerated.
fn judge(stated: f64, actual: f64, tolerance: Tolerance, is_change: bool) -> (Verdict, String) {
    let diff = (stated - actual).abs();
    let within = diff <= tolerance.value + 1e-9;
    let tol = format!("tolerance {} ({})", num(tolerance.value), tolerance.basis);
    if within {
        return (Verdict::Consistent, format!("difference {} within {tol}", num(diff)));
    }
    let same_direction = stated * actual > 0.0;
    if is_change && same_direction && stated.abs() > 2.0 * actual.abs() {
        return (
            Verdict::Exaggerated,
            format!("difference {} beyond {tol}, more than twice the actual move", num(diff)),
        );
    }
    (Verdict::Inconsistent, format!("difference {} beyond {tol}", num(diff)))
}

/// A stated direction against an actual move; moves under 1% of the level
/// are within revision noise and count as flat.
fn judge_direction(stated: Option<Direction>, actual: f64, level: f64) -> (Verdict, String) {
    let noise = 0.01 * level.abs();
    let moved = if actual.abs() < noise { Direction::Flat } else { Direction::of(actual) };
    let data = format!(
        "data {}, {} (a move under {}, 1% of the level, counts as flat)",
        signed_usd(actual),
        moved.as_str(),
        num(noise)
    );
    match stated {
        None => (Verdict::NotCheckable, format!("no direction stated; {data}")),
        Some(d) => {
            let verdict = if d == moved { Verdict::Consistent } else { Verdict::Inconsistent };
            (verdict, format!("stated {} vs {data}", d.as_str()))
        }
    }
}

/// A stated amount with the sign the stated direction gives it, for
/// taggers that keep "fell by $6.1bn" unsigned.
fn signed(value: f64, direction: Option<Direction>) -> f64 {
    match direction {
        Some(Direction::Down) => -value.abs(),
        Some(Direction::Up) => value.abs(),
        _ => value,
    }
}

/// Which of several verdicts on one claim wins: the worst.
fn severity(v: Verdict) -> u8 {
    match v {
        Verdict::Consistent => 0,
        Verdict::NotCheckable => 1,
        Verdict::Exaggerated => 2,
        Verdict::Inconsistent => 3,
    }
}

fn source_of(figures: &[Figure]) -> String {
    let Some(first) = figures.first() else {
        return String::new();
    };
    let vintage = figures.iter().filter(|f| f.series == first.series).map(|f| f.vintage).max().unwrap_or(first.vintage);
    format!("{}, vintage {vintage}", first.series.describe())
}

fn since_text(since: Option<Since>) -> String {
    since.map_or_else(|| "on record".to_string(), |s| format!("since {s}"))
}

fn signed_usd(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "+" };
    format!("{sign}{}", UsdBillions(v.abs()))
}

/// A number for a note: one decimal, two below 1 so small allowances show.
fn num(x: f64) -> String {
    if x.abs() < 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Intensity;
    use crate::holdings::{Series, Unit};

    fn month(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Figures as the MFH table prints them (billions), one per (month, value).
    fn mfh(holder: &str, points: &[(&str, f64)]) -> Vec<Figure> {
        points
            .iter()
            .map(|&(m, v)| Figure {
                series: Series::MajorForeignHolders,
                measure: Measure::TotalTreasuries,
                holder: Holder::named(holder),
                month: month(m),
                value: UsdBillions(v),
                unit: Unit::Billions,
                vintage: date("2026-03-18"),
            })
            .collect()
    }

    /// Hand-made figures in the shape of the real tables: China's values
    /// for 2024-11 to 2025-12 are MFH's, the older points are sparse
    /// stand-ins chosen to make each extremum rule go both ways.
    fn holdings() -> Holdings {
        let mut figures = mfh(
            "China",
            &[
                ("2007-06", 500.0),
                ("2008-06", 650.0),
                ("2008-12", 727.4),
                ("2009-05", 690.0),
                ("2013-11", 1316.7),
                ("2022-04", 1003.1),
                ("2024-11", 769.0),
                ("2025-10", 688.7),
                ("2025-11", 683.9),
                ("2025-12", 683.5),
            ],
        );
        figures.extend(mfh(
            "Japan",
            &[("2024-11", 1100.0), ("2024-12", 1180.0), ("2025-10", 1200.0), ("2025-11", 1202.7), ("2025-12", 1185.5)],
        ));
        figures.extend(mfh("United Kingdom", &[("2025-11", 889.0), ("2025-12", 866.0)]));
        figures.extend(mfh("Kuwait", &[("2025-11", 46.3)]));
        // An aggregate larger than everyone: must not take rank 1.
        figures.extend(mfh("All foreign", &[("2025-11", 9243.0), ("2025-12", 9260.0)]));
        figures.extend([("2025-10", 5310.0), ("2025-11", 5000.0)].map(|(m, millions)| Figure {
            series: Series::SltTable1,
            measure: Measure::LongTermTreasuries,
            holder: Holder::named("Denmark"),
            month: month(m),
            value: UsdBillions::from_millions(millions),
            unit: Unit::Millions,
            vintage: date("2026-01-16"),
        }));
        Holdings::from_figures(figures)
    }

    fn claim(holder: &str, kind: ClaimKind, period: Option<&str>) -> Claim {
        Claim {
            holder: Holder::named(holder),
            kind,
            direction: None,
            level_usd_bn: None,
            change_usd_bn: None,
            change_pct: None,
            period: period.map(month),
            base_period: None,
            since: None,
            rank: None,
            bound: None,
            quote: String::new(),
            start: 0,
            end: 0,
            speaker: None,
            hedged: false,
            level_half_unit: None,
            change_half_unit: None,
            pct_half_unit: None,
            approx: false,
            intensity: None,
        }
    }

    fn level_claim(holder: &str, period: Option<&str>, level: f64) -> Claim {
        Claim { level_usd_bn: Some(UsdBillions(level)), ..claim(holder, ClaimKind::Level, period) }
    }

    fn verdict(c: &Claim) -> Verdict {
        check(c, &holdings(), None).verdict
    }

    #[test]
    fn half_unit_follows_the_last_stated_digit() {
        for (value, want) in [
            (682.6, 0.05),
            (1200.0, 50.0),
            (9.0, 0.5),
            (190.0, 5.0),
            (0.1, 0.05),
            (1.2 * 1000.0, 50.0),
            (-6.1, 0.05),
            (1000.0, 500.0),
        ] {
            assert!((stated_half_unit(value) - want).abs() < 1e-12, "{value}: {}", stated_half_unit(value));
        }
    }

    #[test]
    fn level_within_revision_allowance_is_consistent() {
        let c = check(&level_claim("China", Some("2025-11"), 682.6), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent);
        assert_eq!(
            c.note,
            "level: stated $682.6bn vs $683.9bn for 2025-11; difference 1.3 within tolerance 10.3 (1.5% revision allowance)"
        );
        assert_eq!(c.source, "TIC Major Foreign Holders, vintage 2026-03-18");
        assert_eq!(c.figures.len(), 1);
        assert_eq!(c.figures[0].value, UsdBillions(683.9));
        assert_eq!(verdict(&level_claim("China", Some("2025-11"), 650.0)), Verdict::Inconsistent);
    }

    #[test]
    fn small_holders_get_two_billion_for_revisions() {
        // 1.5% of Kuwait's $46.3bn is 0.7: a first release $1.3bn off is
        // still within what revisions move, $2.5bn off is not.
        let c = check(&level_claim("Kuwait", Some("2025-11"), 45.0), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.ends_with("within tolerance 2.0 ($2bn revision allowance)"), "{}", c.note);
        assert_eq!(verdict(&level_claim("Kuwait", Some("2025-11"), 43.8)), Verdict::Inconsistent);
    }

    #[test]
    fn stated_precision_widens_tolerance() {
        // "$1.2 trillion": 1185.5 is within 50, 1100 is not.
        let c = check(&level_claim("Japan", Some("2025-12"), 1200.0), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.contains("half a unit of the last stated digit"), "{}", c.note);
        assert_eq!(verdict(&level_claim("Japan", Some("2024-11"), 1200.0)), Verdict::Inconsistent);
    }

    #[test]
    fn approximate_amounts_get_five_percent() {
        let plain = level_claim("China", Some("2025-11"), 715.0);
        assert_eq!(verdict(&plain), Verdict::Inconsistent);
        // "reportedly" hedges the claim, not the precision of its number.
        let reported = Claim { hedged: true, ..plain.clone() };
        assert_eq!(verdict(&reported), Verdict::Inconsistent);
        let about = Claim { approx: true, ..plain };
        let c = check(&about, &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent);
        assert!(c.note.contains("5% allowance for an approximate amount"), "{}", c.note);
    }

    #[test]
    fn the_texts_own_precision_beats_the_numbers() {
        // "$1,200 billion" is precise to the billion; "$1.2 trillion" is not.
        let japan = level_claim("Japan", Some("2025-11"), 1200.0);
        let to_the_billion = Claim { level_half_unit: Some(UsdBillions(0.5)), ..japan.clone() };
        assert!(check(&japan, &holdings(), None).note.contains("half a unit"));
        assert!(!check(&to_the_billion, &holdings(), None).note.contains("half a unit"));
    }

    #[test]
    fn bounds_hold_when_the_data_satisfies_them() {
        let over = |holder: &str| Claim { bound: Some(Bound::Over), ..level_claim(holder, Some("2025-11"), 1000.0) };
        assert_eq!(verdict(&over("Japan")), Verdict::Consistent);
        assert_eq!(verdict(&over("China")), Verdict::Inconsistent);
        let under = Claim { bound: Some(Bound::Under), ..level_claim("China", Some("2025-11"), 700.0) };
        assert_eq!(verdict(&under), Verdict::Consistent);
    }

    fn change_claim(usd: Option<f64>, pct: Option<f64>, base: Option<&str>) -> Claim {
        Claim {
            change_usd_bn: usd.map(UsdBillions),
            change_pct: pct,
            base_period: base.map(month),
            direction: usd.or(pct).map(Direction::of),
            ..claim("China", ClaimKind::Change, Some("2025-11"))
        }
    }

    #[test]
    fn dollar_changes_consistent_exaggerated_inconsistent() {
        // Actual 688.7 -> 683.9 = -4.8; the first release said -6.1.
        let c = check(&change_claim(Some(-6.1), None, None), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.starts_with("change from 2025-10 to 2025-11: stated -$6.1bn vs -$4.8bn"), "{}", c.note);
        assert_eq!(c.figures.len(), 2);
        assert_eq!(verdict(&change_claim(Some(-6.1), None, Some("2025-10"))), Verdict::Consistent);
        assert_eq!(verdict(&change_claim(Some(-20.0), None, None)), Verdict::Exaggerated);
        // A month's move gets the $2bn floor, not a share of China's level:
        // $2.2bn off the actual move is too far.
        assert_eq!(verdict(&change_claim(Some(-7.0), None, None)), Verdict::Inconsistent);
        assert_eq!(verdict(&change_claim(Some(5.0), None, None)), Verdict::Inconsistent);
        // An unsigned amount takes its sign from the direction.
        let unsigned = Claim {
            change_usd_bn: Some(UsdBillions(6.1)),
            direction: Some(Direction::Down),
            ..change_claim(None, None, None)
        };
        assert_eq!(verdict(&unsigned), Verdict::Consistent);
    }

    #[test]
    fn percent_changes_over_a_year() {
        // 769.0 -> 683.9 is -11.1%.
        assert_eq!(verdict(&change_claim(None, Some(-11.0), Some("2024-11"))), Verdict::Consistent);
        assert_eq!(verdict(&change_claim(None, Some(-30.0), Some("2024-11"))), Verdict::Exaggerated);
        assert_eq!(verdict(&change_claim(None, Some(11.0), Some("2024-11"))), Verdict::Inconsistent);
        // "16%" is stated to the point: 4.9 points off is beyond 1.5.
        assert_eq!(verdict(&change_claim(None, Some(-16.0), Some("2024-11"))), Verdict::Inconsistent);
        // Both stated: the worse part decides.
        assert_eq!(verdict(&change_claim(Some(-85.0), Some(-30.0), Some("2024-11"))), Verdict::Exaggerated);
        let c = check(&change_claim(None, Some(-11.0), Some("2023-11")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert!(c.note.contains("no data for China in 2023-11"), "{}", c.note);
    }

    fn extremum_claim(holder: &str, period: &str, direction: Direction, since: Option<&str>) -> Claim {
        Claim {
            direction: Some(direction),
            since: since.map(|s| s.parse().unwrap()),
            ..claim(holder, ClaimKind::Extremum, Some(period))
        }
    }

    #[test]
    fn lows_since_a_year() {
        let low = |since| verdict(&extremum_claim("China", "2025-11", Direction::Down, Some(since)));
        assert_eq!(low("2008"), Verdict::Consistent);
        // 2013 never got near 683.9.
        assert_eq!(low("2013"), Verdict::Inconsistent);
        // 2008-06 (650) lies after 2007 and below 683.9 - 6.8.
        assert_eq!(low("2007"), Verdict::Inconsistent);
        // A later, lower month refutes the claim even without data for 2005.
        assert_eq!(low("2005"), Verdict::Inconsistent);
        // Nothing after 2010 went lower, but there is no 2010 to compare.
        assert_eq!(low("2010"), Verdict::NotCheckable);
    }

    #[test]
    fn lows_since_a_month() {
        let c = check(&extremum_claim("China", "2025-11", Direction::Down, Some("2009-05")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        let c = check(&extremum_claim("China", "2025-11", Direction::Down, Some("2022-04")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Inconsistent);
        assert!(c.note.contains("the lowest of 2022-04 was $1.003tn in 2022-04, not within"), "{}", c.note);
    }

    #[test]
    fn record_lows_and_highs() {
        let record = |holder, period, direction| verdict(&extremum_claim(holder, period, direction, None));
        assert_eq!(record("China", "2025-11", Direction::Down), Verdict::Inconsistent);
        assert_eq!(record("China", "2007-06", Direction::Down), Verdict::Consistent);
        assert_eq!(record("China", "2013-11", Direction::Up), Verdict::Consistent);
        assert_eq!(record("China", "2025-11", Direction::Up), Verdict::Inconsistent);
        assert_eq!(record("Japan", "2025-11", Direction::Up), Verdict::Consistent);
    }

    #[test]
    fn highs_since_mirror_lows() {
        // 2025-10 and 2025-11 were above 1185.5 + 11.9.
        let c = check(&extremum_claim("Japan", "2025-12", Direction::Up, Some("2024-11")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Inconsistent, "{}", c.note);
        assert!(c.note.contains("2025-11 was $1.203tn, above it"), "{}", c.note);
        // Higher than all of 2024 by more than the allowance: a record, not "since 2024".
        let c = check(&extremum_claim("Japan", "2025-11", Direction::Up, Some("2024")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Inconsistent, "{}", c.note);
        let c = check(&extremum_claim("China", "2022-04", Direction::Up, Some("2013")), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
    }

    #[test]
    fn rank_is_exact_among_countries() {
        let ranked = |holder, rank| Claim { rank: Some(rank), ..claim(holder, ClaimKind::Rank, Some("2025-11")) };
        assert_eq!(verdict(&ranked("Japan", 1)), Verdict::Consistent);
        assert_eq!(verdict(&ranked("China", 3)), Verdict::Consistent);
        let c = check(&ranked("China", 2), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Inconsistent);
        assert!(c.note.contains("number 2 is United Kingdom"), "{}", c.note);
        assert_eq!(verdict(&ranked("All foreign", 1)), Verdict::NotCheckable);
    }

    #[test]
    fn trend_against_twelve_month_change() {
        let trend = |holder, period, direction| Claim {
            direction: Some(direction),
            ..claim(holder, ClaimKind::Trend, Some(period))
        };
        assert_eq!(verdict(&trend("China", "2025-11", Direction::Down)), Verdict::Consistent);
        assert_eq!(verdict(&trend("China", "2025-11", Direction::Up)), Verdict::Inconsistent);
        assert_eq!(verdict(&trend("Japan", "2025-11", Direction::Up)), Verdict::Consistent);
        // Japan 2024-12 -> 2025-12 is +5.5, under 1% of the level: flat.
        assert_eq!(verdict(&trend("Japan", "2025-12", Direction::Up)), Verdict::Inconsistent);
        assert_eq!(verdict(&trend("Japan", "2025-12", Direction::Flat)), Verdict::Consistent);
    }

    #[test]
    fn table1_only_holders_are_long_term_only() {
        let c = check(&level_claim("Denmark", Some("2025-11"), 5.0), &holdings(), None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.ends_with("long-term only (no bills)"), "{}", c.note);
        assert_eq!(c.source, "TIC Table 1 (long-term only), vintage 2026-01-16");
        assert_eq!(c.figures[0].unit, Unit::Millions);
    }

    #[test]
    fn institutions_plans_and_unknown_holders_are_not_checkable() {
        let c = check(&level_claim("AkademikerPension", Some("2025-11"), 0.1), &holdings(), None);
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert!(c.note.contains("institution"), "{}", c.note);
        assert!(c.figures.is_empty() && c.source.is_empty());
        let intent = Claim { direction: Some(Direction::Down), ..level_claim("Denmark", None, 0.1) };
        let c = check(&Claim { kind: ClaimKind::Intent, ..intent }, &holdings(), None);
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert!(c.note.starts_with("intent: about the future"), "{}", c.note);
        let forecast =
            Claim { kind: ClaimKind::Forecast, bound: Some(Bound::Under), ..level_claim("China", None, 500.0) };
        assert_eq!(verdict(&forecast), Verdict::NotCheckable);
        assert_eq!(verdict(&level_claim("Germany", Some("2025-11"), 100.0)), Verdict::NotCheckable);
    }

    #[test]
    fn period_comes_from_claim_then_publication_then_data() {
        let undated = level_claim("China", None, 683.9);
        let c = check(&undated, &holdings(), Some(date("2026-01-22")));
        assert!(c.note.contains("for 2025-11"), "{}", c.note);
        assert_eq!(c.figures[0].month, month("2025-11"));
        let c = check(&undated, &holdings(), None);
        assert_eq!(c.figures[0].month, month("2025-12"));
        // Published before the 2025-11 release: 2025-10 is what was out.
        let c = check(&undated, &holdings(), Some(date("2026-01-05")));
        assert_eq!(c.figures[0].month, month("2025-10"));
    }

    #[test]
    fn months_without_data_are_not_checkable() {
        let c = check(&level_claim("China", Some("2026-03"), 680.0), &holdings(), None);
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert_eq!(c.note, "level: no data for China in 2026-03, total Treasuries (data cover 2007-06 to 2025-12); the newest month loaded is 2025-12; `claimscope holdings refresh` loads newer releases");
        // A gap inside the data is not a refresh away.
        let c = check(&level_claim("Denmark", Some("2008-06"), 5.0), &holdings(), None);
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert!(!c.note.contains("refresh"), "{}", c.note);
        let c = check(&level_claim("China", None, 680.0), &holdings(), Some(date("2026-06-20")));
        assert_eq!(c.verdict, Verdict::NotCheckable);
        assert!(c.note.contains("2026-04"), "{}", c.note);
    }

    #[test]
    fn claims_are_checked_against_the_vintage_of_their_day_and_the_latest() {
        let mut figures = Holdings::bundled().figures().to_vec();
        let first_release = include_str!("../tests/fixtures/tic/mfh.txt");
        figures.extend(crate::holdings::Table::LegacyMfh.parse("mfh.txt", first_release, None).unwrap());
        let h = Holdings::from_figures(figures);
        let day = Some(date("2026-01-22"));
        // First release 715.0 for 2025-09, revised to 699.2.
        let c = check(&level_claim("China", Some("2025-09"), 715.0), &h, day);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.starts_with("consistent with the figure published at the time, revised since: at the time level: stated $715.0bn vs $715.0bn"), "{}", c.note);
        assert!(c.note.contains("latest revision level: stated $715.0bn vs $699.2bn"), "{}", c.note);
        assert_eq!(c.source, "at the time: TIC Major Foreign Holders, vintage 2026-01-16; latest: TIC Major Foreign Holders, vintage 2026-03-18");
        let c = check(&level_claim("China", Some("2025-09"), 650.0), &h, day);
        assert_eq!(c.verdict, Verdict::Inconsistent);
        assert!(c.note.starts_with("inconsistent with every vintage"), "{}", c.note);
        let c = check(&level_claim("China", Some("2025-09"), 699.2), &h, day);
        assert_eq!(c.verdict, Verdict::Consistent);
        assert!(
            c.note.starts_with("consistent with the latest revision, not with the figure published at the time"),
            "{}",
            c.note
        );
        // Without the first release only the latest revision can be used, and the note says so.
        let c = check(&level_claim("China", Some("2025-09"), 699.2), &Holdings::bundled(), day);
        assert!(
            c.note.ends_with(
                "checked against the latest revision only: no figure for it published by 2026-01-22 is loaded"
            ),
            "{}",
            c.note
        );
        // Undated articles are checked against the latest revision alone.
        let c = check(&level_claim("China", Some("2025-09"), 715.0), &h, None);
        assert_eq!(c.verdict, Verdict::Inconsistent);
    }

    #[test]
    fn trend_size_is_graded_against_the_words() {
        let trend = |quote: &str| Claim {
            direction: Some(Direction::Down),
            quote: quote.to_string(),
            intensity: Intensity::of_sentence(quote),
            ..claim("China", ClaimKind::Trend, Some("2025-11"))
        };
        let h = Holdings::bundled();
        // 2024-11 -> 2025-11: 768.6 -> 683.9, -11.0%.
        let c = check(&trend("China keeps trimming."), &h, None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        let c = check(&trend("China is dumping Treasuries."), &h, None);
        assert_eq!(c.verdict, Verdict::Consistent, "{}", c.note);
        assert!(c.note.contains("grade 3 (heavy)") && c.note.contains("data -11.0%"), "{}", c.note);
        // An exodus claims 15% or two standard deviations: -11% is neither.
        let c = check(&trend("An exodus: China is fleeing Treasuries."), &h, None);
        assert_eq!(c.verdict, Verdict::Exaggerated, "{}", c.note);
        assert!(c.note.ends_with("far smaller than the words claim"), "{}", c.note);
        // The wrong direction stays inconsistent whatever the words.
        let up = Claim { direction: Some(Direction::Up), ..trend("China is piling into Treasuries.") };
        assert_eq!(check(&up, &h, None).verdict, Verdict::Inconsistent);
    }

    #[test]
    fn trend_window_is_a_setting() {
        let dumping = Claim {
            direction: Some(Direction::Down),
            quote: "China is dumping Treasuries.".to_string(),
            ..claim("China", ClaimKind::Trend, Some("2025-11"))
        };
        let h = Holdings::bundled();
        let year = check(&dumping, &h, None);
        assert_eq!(year.verdict, Verdict::Consistent, "{}", year.note);
        assert!(year.note.starts_with("trend over 12 months from 2024-11 to 2025-11"), "{}", year.note);
        // One month, 688.7 -> 683.9, is under 1% of the level: no move to speak of.
        let month = Rules { trend_window: 1 }.check(&dumping, &h, None);
        assert_eq!(month.verdict, Verdict::Inconsistent, "{}", month.note);
        assert!(month.note.starts_with("trend over 1 months from 2025-10 to 2025-11"), "{}", month.note);
        assert_eq!(month.figures[0].month, "2025-10".parse().unwrap());
    }

    #[test]
    fn check_all_keeps_claim_order() {
        let claims = [level_claim("China", Some("2025-11"), 682.6), level_claim("AkademikerPension", None, 0.1)];
        let checked = check_all(&claims, &holdings(), None);
        let verdicts: Vec<Verdict> = checked.iter().map(|c| c.check.verdict).collect();
        assert_eq!(verdicts, [Verdict::Consistent, Verdict::NotCheckable]);
        assert_eq!(checked[1].claim, claims[1]);
    }

    #[test]
    fn top_ten_is_any_place_up_to_ten() {
        let top = |holder: &str, n: u32| Claim {
            rank: Some(n),
            bound: Some(Bound::Under),
            ..claim(holder, ClaimKind::Rank, Some("2025-11"))
        };
        let ranked = holdings().ranking(Measure::TotalTreasuries, month("2025-11")).len() as u32;
        assert!(ranked >= 2, "the test figures rank at least two countries");
        assert_eq!(verdict(&top("Japan", ranked)), Verdict::Consistent);
        let last = holdings().ranking(Measure::TotalTreasuries, month("2025-11"))[ranked as usize - 1].holder.clone();
        assert_eq!(verdict(&top(last.name(), 1)), Verdict::Inconsistent);
    }
}
