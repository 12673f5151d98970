//! The claim tagger on real commentary, scored as the reference scorer
//! `../shared/data/claims-real/score.py` scores it: runs the built binary's
//! `extract --jsonl` over `cases.jsonl` and prints every line score.py prints
//! (same rules, same rounding), then what score.py does not: precision and
//! recall per field, recall per holder and per `period_basis`, the issue's
//! targets beside the measured figures, and for each case with an error its
//! id and the missed and false facts (holder, month, field, value; never text).
//!
//! `cargo bench --bench claims_real [-- --dump FILE]`: FILE gets the raw
//! outputs, one `{"id", "out"}` line per case, as score.py's `--dump` writes.
//! Targets are reported, not enforced: exits 0 whatever the figures, 1 only
//! when the cases cannot be read or the binary fails.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const STRICT_F1_TARGET: f64 = 0.90;
const LENIENT_F1_TARGET: f64 = 0.93;
/// The issue allows one false fact per this many negative excerpts.
const NEGATIVES_PER_FALSE_FACT: usize = 10;
/// Holders listed in the per-holder table, the most frequent in the gold first.
const TOP_HOLDERS: usize = 15;

/// score.py's `ALIASES`: other names gold or output give a holder, after normalising.
const ALIASES: &[(&str, &str)] = &[
    ("china mainland", "china"),
    ("mainland china", "china"),
    ("prc", "china"),
    ("people s republic of china", "china"),
    ("uk", "united kingdom"),
    ("britain", "united kingdom"),
    ("great britain", "united kingdom"),
    ("u k", "united kingdom"),
    ("korea south", "south korea"),
    ("korea", "south korea"),
    ("republic of korea", "south korea"),
    ("all foreign holders", "all foreign"),
    ("foreign holders", "all foreign"),
    ("grand total", "all foreign"),
    ("total foreign", "all foreign"),
    ("foreign investors", "all foreign"),
    ("foreign", "all foreign"),
    ("foreigners", "all foreign"),
    ("all countries", "all foreign"),
    ("for official", "foreign official"),
    ("foreign official institutions", "foreign official"),
    ("foreign central banks", "foreign official"),
    ("cayman", "cayman islands"),
    ("uae", "united arab emirates"),
    ("hongkong", "hong kong"),
    ("russian federation", "russia"),
    ("ksa", "saudi arabia"),
];

/// One excerpt of cases.jsonl; gold claims stay JSON because score.py reads
/// their fields loosely (a missing key and `null` are the same).
#[derive(Deserialize)]
struct Case {
    id: String,
    text: String,
    published: Option<String>,
    url: Option<String>,
    tone: Option<String>,
    claims: Vec<Value>,
}

/// One line of `extract --jsonl` input, exactly the keys score.py writes.
#[derive(Serialize)]
struct Input<'a> {
    id: &'a str,
    text: &'a str,
    published: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Field {
    Level,
    Change,
    Pct,
    Dir,
    Extremum,
    Rank,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Level => "level",
            Field::Change => "change",
            Field::Pct => "pct",
            Field::Dir => "dir",
            Field::Extremum => "extremum",
            Field::Rank => "rank",
        }
    }
}

/// The numeric fields with their key in the gold and in the output.
const AMOUNTS: [(Field, &str, &str); 3] = [
    (Field::Level, "level_bn", "level_usd_bn"),
    (Field::Change, "change_bn", "change_usd_bn"),
    (Field::Pct, "change_pct", "change_pct"),
];

/// What a fact says about its field. Labels stay JSON values because
/// score.py compares whatever the gold or the output holds there.
#[derive(Clone, PartialEq, Debug)]
enum FactValue {
    Amount(f64),
    Label(Value),
    /// Direction and the year since when ("all" for an all-time extreme).
    Extremum(Value, String),
    Rank(i64),
}

impl FactValue {
    fn same(&self, other: &FactValue) -> bool {
        match (self, other) {
            (FactValue::Amount(a), FactValue::Amount(b)) => close(*a, *b),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Amount(x) => write!(f, "{x}"),
            FactValue::Label(v) => write!(f, "{}", label(v)),
            FactValue::Extremum(d, since) => write!(f, "{} since {since}", label(d)),
            FactValue::Rank(n) => write!(f, "#{n}"),
        }
    }
}

fn label(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// holder + month + one field + its value: the unit both sides are scored in.
#[derive(Clone, Debug)]
struct Fact {
    holder: String,
    /// `Null` when the claim has no month.
    period: Value,
    field: Field,
    value: FactValue,
}

impl Fact {
    /// A fact of a gold or output claim: both name holder and month alike.
    fn of(claim: &Value, field: Field, value: FactValue) -> Fact {
        Fact {
            holder: norm_holder(text(claim, "holder").unwrap_or_default()),
            period: claim.get("period").cloned().unwrap_or(Value::Null),
            field,
            value,
        }
    }

    /// Strict also wants the gold's month, when the gold has one.
    fn matches(&self, gold: &Fact, strict: bool) -> bool {
        self.holder == gold.holder
            && self.field == gold.field
            && self.value.same(&gold.value)
            && (!strict || gold.period.is_null() || self.period == gold.period)
    }

    /// score.py's dedupe key: the same fact twice in one output counts once.
    fn key(&self) -> String {
        format!("{}\u{0}{}\u{0}{:?}\u{0}{:?}", self.holder, self.period, self.field, self.value)
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {} {}", self.holder, label_or_dash(&self.period), self.field.name(), self.value)
    }
}

fn label_or_dash(v: &Value) -> String {
    if v.is_null() {
        "-".to_string()
    } else {
        label(v)
    }
}

struct GoldFact {
    fact: Fact,
    /// Derived and bounded values are not required, but may be matched.
    optional: bool,
    period_basis: String,
}

/// A gold claim's facts and its `tic` verdict when that is a checkable one.
struct GoldClaim {
    facts: Vec<GoldFact>,
    verdict: Option<String>,
}

struct PredFact {
    fact: Fact,
    /// The claim's `check.verdict`, "exaggerated" read as "inconsistent".
    verdict: Value,
}

/// score.py's `norm_holder`: drop a parenthesis, keep lowercase letters, no "the", then the aliases.
fn norm_holder(h: &str) -> String {
    let h = h.split(" (").next().unwrap_or_default().to_lowercase();
    let letters: String = h.chars().map(|c| if c.is_ascii_lowercase() { c } else { ' ' }).collect();
    let h = letters.split(' ').filter(|w| !w.is_empty() && *w != "the").collect::<Vec<_>>().join(" ");
    ALIASES.iter().find(|(from, _)| *from == h).map_or(h, |(_, to)| to.to_string())
}

/// score.py's tolerance for amounts: 0.051 absolute or 0.5 %.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.051_f64.max(0.005 * a.abs().max(b.abs()))
}

/// Python's `float(x)` for the forms JSON carries; `None` where it fails.
fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Python's `int(x)`: floats truncate, strings must be integers.
fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|x| x.is_finite()).map(|x| x.trunc() as i64)),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Python's truth value of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// Python's `str(x)` of a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Python's `repr(x)` of a verdict, as `Counter.most_common()` prints it.
fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
            let mut out = String::from(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => out.extend(['\\', c]),
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        other => py_str(other),
    }
}

/// The year an extreme is "since", score.py's `str(since)[:4]`, or "all".
fn since_year(v: Option<&Value>) -> String {
    if truthy(v) {
        py_str(v.unwrap_or(&Value::Null)).chars().take(4).collect()
    } else {
        "all".to_string()
    }
}

fn text<'a>(claim: &'a Value, key: &str) -> Option<&'a str> {
    claim.get(key).and_then(Value::as_str)
}

/// score.py's `gold_facts` for one gold claim.
fn gold_claim(case: &str, claim: &Value) -> Result<GoldClaim> {
    let derived: Vec<&str> =
        claim.get("derived").and_then(Value::as_array).map_or(vec![], |d| d.iter().filter_map(Value::as_str).collect());
    let bound_field = if truthy(claim.get("bound")) { text(claim, "bound_field") } else { None };
    let kind = text(claim, "kind");
    let direction = claim.get("direction").cloned().unwrap_or(Value::Null);
    let mut facts: Vec<(Field, FactValue, bool)> = AMOUNTS
        .iter()
        .filter_map(|&(field, key, _)| {
            let optional = derived.contains(&key) || bound_field == Some(key);
            num(claim.get(key)).map(|v| (field, FactValue::Amount(v), optional))
        })
        .collect();
    if matches!(kind, Some("change" | "trend" | "intent")) && truthy(Some(&direction)) {
        facts.push((Field::Dir, FactValue::Label(direction.clone()), false));
    }
    if kind == Some("extremum") {
        facts.push((Field::Extremum, FactValue::Extremum(direction, since_year(claim.get("extremum_since"))), false));
    }
    if let (Some("rank"), Some(rank)) = (kind, claim.get("rank").filter(|r| !r.is_null())) {
        let n = int(rank).with_context(|| format!("case {case}: gold rank {rank} is not an integer"))?;
        facts.push((Field::Rank, FactValue::Rank(n), bound_field == Some("rank")));
    }
    let fact = |(field, value, optional)| GoldFact {
        fact: Fact::of(claim, field, value),
        optional,
        period_basis: text(claim, "period_basis").unwrap_or("none").to_string(),
    };
    let verdict = claim.get("tic").and_then(|t| text(t, "verdict")).filter(|v| matches!(*v, "consistent" | "inconsistent"));
    Ok(GoldClaim { facts: facts.into_iter().map(fact).collect(), verdict: verdict.map(str::to_string) })
}

/// score.py's `pred_facts` for one output claim.
fn pred_facts(claim: &Value) -> Vec<PredFact> {
    let kind = text(claim, "kind");
    let direction = claim.get("direction").cloned().unwrap_or(Value::Null);
    let mut facts: Vec<(Field, FactValue)> = AMOUNTS
        .iter()
        .filter_map(|&(field, _, key)| num(claim.get(key)).map(|v| (field, FactValue::Amount(v))))
        .collect();
    if matches!(kind, Some("change" | "trend" | "intent" | "level"))
        && matches!(direction.as_str(), Some("up" | "down" | "flat"))
    {
        facts.push((Field::Dir, FactValue::Label(direction.clone())));
    }
    if kind == Some("extremum") {
        facts.push((Field::Extremum, FactValue::Extremum(direction, since_year(claim.get("since")))));
    }
    if kind == Some("rank") {
        if let Some(n) = claim.get("rank").and_then(int) {
            facts.push((Field::Rank, FactValue::Rank(n)));
        }
    }
    let verdict = match claim.get("check").and_then(|c| c.get("verdict")) {
        Some(Value::String(v)) if v == "exaggerated" => json!("inconsistent"),
        v => v.cloned().unwrap_or(Value::Null),
    };
    facts
        .into_iter()
        .map(|(field, value)| PredFact { fact: Fact::of(claim, field, value), verdict: verdict.clone() })
        .collect()
}

/// `hit` of `of`: a recall or a precision before dividing.
#[derive(Default, Clone, Copy)]
struct Count {
    hit: usize,
    of: usize,
}

impl Count {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.hit += usize::from(hit);
    }

    fn ratio(self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>4}/{:<4} {:.3}", self.hit, self.of, self.ratio())
    }
}

/// Predicted facts that match a gold one, and required gold facts that are found.
#[derive(Default, Clone, Copy)]
struct Score {
    precision: Count,
    recall: Count,
}

impl Score {
    fn f1(self) -> f64 {
        f1(self.precision.ratio(), self.recall.ratio())
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Strict first, then lenient, the order score.py prints them in.
const MODES: [(&str, bool); 2] = [("strict", true), ("lenient", false)];

/// Everything one run measures, summed over the cases.
#[derive(Default)]
struct Tally {
    cases: usize,
    no_output: usize,
    negatives: usize,
    facts_on_negatives: usize,
    modes: [Score; 2],
    /// Strict, by field name (sorted, as score.py sorts them).
    per_field: BTreeMap<&'static str, Score>,
    /// Strict and lenient recall.
    per_holder: HashMap<String, [Count; 2]>,
    per_basis: BTreeMap<String, [Count; 2]>,
    /// (gold verdict, output verdict) for each gold claim whose fact was found.
    verdicts: Vec<(String, Value)>,
    /// (gold, output) three-way tone label.
    tones: Vec<(&'static str, Option<String>)>,
    /// (gold alarmist, output alarm >= 0.5).
    alarms: Vec<(bool, bool)>,
    /// Case id and one line per missed or false fact (strict).
    errors: Vec<(String, Vec<String>)>,
}

impl Tally {
    fn add(&mut self, case: &Case, out: Option<&Value>) -> Result<()> {
        self.cases += 1;
        self.no_output += usize::from(out.is_none());
        let mut seen = HashSet::new();
        let preds: Vec<PredFact> = out
            .and_then(|o| o.get("claims"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(pred_facts)
            .filter(|p| seen.insert(p.fact.key()))
            .collect();
        let claims: Vec<GoldClaim> = case.claims.iter().map(|c| gold_claim(&case.id, c)).collect::<Result<_>>()?;
        let golds: Vec<&GoldFact> = claims.iter().flat_map(|c| &c.facts).collect();
        if case.claims.is_empty() {
            self.negatives += 1;
            self.facts_on_negatives += preds.len();
        }
        let found = |fact: &Fact, strict| preds.iter().any(|p| p.fact.matches(fact, strict));
        let true_fact = |p: &PredFact, strict| golds.iter().any(|g| p.fact.matches(&g.fact, strict));

        let mut lines = Vec::new();
        for g in golds.iter().filter(|g| !g.optional) {
            let hits = MODES.map(|(_, strict)| found(&g.fact, strict));
            for (i, &hit) in hits.iter().enumerate() {
                self.modes[i].recall.add(hit);
                self.per_holder.entry(g.fact.holder.clone()).or_default()[i].add(hit);
                self.per_basis.entry(g.period_basis.clone()).or_default()[i].add(hit);
            }
            self.per_field.entry(g.fact.field.name()).or_default().recall.add(hits[0]);
            if !hits[0] {
                lines.push(error_line("missed", &g.fact, hits[1]));
            }
        }
        for p in &preds {
            let hits = MODES.map(|(_, strict)| true_fact(p, strict));
            for (i, &hit) in hits.iter().enumerate() {
                self.modes[i].precision.add(hit);
            }
            self.per_field.entry(p.fact.field.name()).or_default().precision.add(hits[0]);
            if !hits[0] {
                lines.push(error_line("false ", &p.fact, hits[1]));
            }
        }
        if !lines.is_empty() {
            self.errors.push((case.id.clone(), lines));
        }

        for claim in &claims {
            let Some(gold) = &claim.verdict else { continue };
            if let Some(p) = preds.iter().find(|p| claim.facts.iter().any(|g| p.fact.matches(&g.fact, true))) {
                self.verdicts.push((gold.clone(), p.verdict.clone()));
            }
        }

        let gold_tone = match case.tone.as_deref() {
            Some("alarmist" | "negative") => Some("negative"),
            Some("neutral") => Some("neutral"),
            Some("positive" | "dismissive") => Some("positive"),
            _ => None,
        };
        if let Some(gold) = gold_tone {
            let tone = out.and_then(|o| o.get("tone"));
            let said = tone.and_then(|t| text(t, "label")).map(str::to_string);
            self.tones.push((gold, said));
            let alarm = num(tone.and_then(|t| t.get("alarm"))).is_some_and(|a| a >= 0.5);
            self.alarms.push((case.tone.as_deref() == Some("alarmist"), alarm));
        }
        Ok(())
    }

    /// The lines score.py prints, in its order and format.
    fn print_reference(&self) {
        let [strict, _] = self.modes;
        println!(
            "cases {} (no output for {}), gold facts required {}, predicted facts {}",
            self.cases, self.no_output, strict.recall.of, strict.precision.of
        );
        for ((mode, _), s) in MODES.iter().zip(self.modes) {
            println!(
                "{mode:8} precision {:.3}  recall {:.3}  F1 {:.3}",
                s.precision.ratio(),
                s.recall.ratio(),
                s.f1()
            );
        }
        let fields: Vec<String> = self
            .per_field
            .iter()
            .filter(|(_, s)| s.recall.of > 0)
            .map(|(k, s)| format!("{k} {}/{}={:.2}", s.recall.hit, s.recall.of, s.recall.ratio()))
            .collect();
        println!("recall by field (strict): {}", fields.join(", "));
        println!("facts emitted on the {} negative excerpts: {}", self.negatives, self.facts_on_negatives);
        if !self.verdicts.is_empty() {
            let agree = self.verdicts.iter().filter(|(g, p)| p.as_str() == Some(g)).count();
            let n = self.verdicts.len();
            println!(
                "verdict agreement on matched claims: {agree}/{n} = {:.3} ({})",
                agree as f64 / n as f64,
                most_common(self.verdicts.iter().map(|(_, p)| p))
            );
        }
        if !self.tones.is_empty() {
            let same = |l: &str, p: &Option<String>| p.as_deref() == Some(l);
            let accuracy = self.tones.iter().filter(|(g, p)| same(g, p)).count() as f64 / self.tones.len() as f64;
            let macro_f1 = ["negative", "neutral", "positive"]
                .iter()
                .map(|l| {
                    let tp = self.tones.iter().filter(|(g, p)| g == l && same(l, p)).count();
                    let said = self.tones.iter().filter(|(_, p)| same(l, p)).count();
                    let gold = self.tones.iter().filter(|(g, _)| g == l).count();
                    Score { precision: Count { hit: tp, of: said }, recall: Count { hit: tp, of: gold } }.f1()
                })
                .sum::<f64>()
                / 3.0;
            let tp = self.alarms.iter().filter(|(g, p)| *g && *p).count();
            let flagged = self.alarms.iter().filter(|(_, p)| *p).count();
            let gold = self.alarms.iter().filter(|(g, _)| *g).count();
            let alarm = Score { precision: Count { hit: tp, of: flagged }, recall: Count { hit: tp, of: gold } };
            println!(
                "tone polarity accuracy {accuracy:.3}, macro-F1 {macro_f1:.3}; alarm F1 {:.3} ({flagged} flagged, {gold} gold)",
                alarm.f1()
            );
        }
    }

    fn print_headline(&self) {
        let s = self.modes[0];
        println!("claim facts strict F1 {:.3} (P {:.3} R {:.3})", s.f1(), s.precision.ratio(), s.recall.ratio());
    }

    /// What score.py does not print: where the errors are.
    fn print_details(&self) {
        println!("misses and false facts (strict; \"month differs\": it matches with the month ignored)");
        for (id, lines) in &self.errors {
            println!("{id}");
            lines.iter().for_each(|l| println!("    {l}"));
        }
        println!("\n{} cases with an error", self.errors.len());

        println!("\n{:<10} {:>20} {:>20}", "field", "precision (strict)", "recall (strict)");
        for (field, s) in &self.per_field {
            println!("{field:<10} {:>20} {:>20}", s.precision.to_string(), s.recall.to_string());
        }

        let mut holders: Vec<(&String, &[Count; 2])> = self.per_holder.iter().collect();
        holders.sort_by(|a, b| b.1[0].of.cmp(&a.1[0].of).then(a.0.cmp(b.0)));
        print_recall_table("holder", holders.into_iter().take(TOP_HOLDERS));
        print_recall_table("period_basis", self.per_basis.iter());
        println!();
    }

    fn print_targets(&self) {
        let [strict, lenient] = self.modes;
        let allowed = self.negatives as f64 / NEGATIVES_PER_FALSE_FACT as f64;
        println!("targets: strict F1 {:.3} (target >= {STRICT_F1_TARGET:.2})", strict.f1());
        println!("         lenient F1 {:.3} (target >= {LENIENT_F1_TARGET:.2})", lenient.f1());
        println!(
            "         facts on negatives {} on {} (target <= 1 per {NEGATIVES_PER_FALSE_FACT}: <= {allowed:.1})",
            self.facts_on_negatives, self.negatives
        );
    }
}

fn error_line(what: &str, fact: &Fact, lenient_hit: bool) -> String {
    format!("{what} {fact}{}", if lenient_hit { "  (month differs)" } else { "" })
}

fn print_recall_table<'a>(name: &str, rows: impl Iterator<Item = (&'a String, &'a [Count; 2])>) {
    println!("\n{name:<28} {:>18} {:>18}", "recall (strict)", "recall (lenient)");
    for (key, [strict, lenient]) in rows {
        println!("{key:<28} {:>18} {:>18}", strict.to_string(), lenient.to_string());
    }
}

/// Python's `repr(Counter(values).most_common())`: by count, ties in first-seen order.
fn most_common<'a>(values: impl Iterator<Item = &'a Value>) -> String {
    let mut counts: Vec<(&Value, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let items: Vec<String> = counts.iter().map(|(v, n)| format!("({}, {n})", py_repr(v))).collect();
    format!("[{}]", items.join(", "))
}

/// One result line of the binary, parsed, and as written: serde_json may read
/// a float one unit in the last place off, and the dump keeps what was said.
struct Output {
    json: Value,
    raw: String,
}

/// Runs the binary as score.py does; its results by id (a later line for an id wins).
fn extract(cases: &[Case]) -> Result<HashMap<String, Output>> {
    let mut input = tempfile::NamedTempFile::new().context("cannot create the extract input file")?;
    for c in cases {
        let line = Input { id: &c.id, text: &c.text, published: c.published.as_deref(), url: c.url.as_deref() };
        serde_json::to_writer(&mut input, &line)?;
        writeln!(input)?;
    }
    input.flush()?;
    let bin = env!("CARGO_BIN_EXE_claimscope");
    let out = Command::new(bin)
        .args(["extract", "--jsonl"])
        .arg(input.path())
        .output()
        .with_context(|| format!("{bin}: cannot run"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!("{bin} extract --jsonl exited {}: {}", out.status, &err[err.len().saturating_sub(2000)..]);
    }
    let mut results = HashMap::new();
    for (i, line) in String::from_utf8_lossy(&out.stdout).lines().enumerate() {
        let line = line.trim();
        if line.starts_with('{') {
            let o: Value =
                serde_json::from_str(line).with_context(|| format!("extract output line {}: not JSON", i + 1))?;
            results.insert(py_str(o.get("id").unwrap_or(&Value::Null)), Output { json: o, raw: line.to_string() });
        }
    }
    Ok(results)
}

fn read_cases(path: &Path) -> Result<Vec<Case>> {
    let raw = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the claims-real cases (the bench needs ../shared)", path.display()))?;
    raw.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}: not a case", path.display(), i + 1)))
        .collect()
}

/// `--dump FILE`, the one option; cargo's own `--bench` is ignored.
fn dump_path() -> Result<Option<PathBuf>> {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dump = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dump" => dump = Some(PathBuf::from(args.next().context("--dump needs a file name")?)),
            other => bail!("unknown argument {other:?} (usage: cargo bench --bench claims_real [-- --dump FILE])"),
        }
    }
    Ok(dump)
}

fn main() -> Result<()> {
    let dump = dump_path()?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/claims-real/cases.jsonl");
    let cases = read_cases(&path)?;
    let results = extract(&cases)?;
    let mut tally = Tally::default();
    for case in &cases {
        tally.add(case, results.get(&case.id).map(|o| &o.json))?;
    }
    if let Some(file) = dump {
        let lines: Vec<String> = cases
            .iter()
            .map(|c| {
                let out = results.get(&c.id).map_or("null", |o| &o.raw);
                format!("{{\"id\": {}, \"out\": {out}}}", json!(c.id))
            })
            .collect();
        std::fs::write(&file, lines.join("\n") + "\n").with_context(|| format!("{}: cannot write", file.display()))?;
    }
    tally.print_details();
    tally.print_reference();
    tally.print_headline();
    tally.print_targets();
    Ok(())
}
