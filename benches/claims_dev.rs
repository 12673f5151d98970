//! Scores `claims::tag` on the development set `data/claims-dev/dev.jsonl`:
//! precision and recall per field, fact-level F1, every miss and false fact.
//!
//! Usage: `cargo bench --bench claims_dev [-- CATEGORY]`. A fact is strict:
//! holder + kind + one field + its value ("China change change_usd_bn=-3.8").
//! An extremum without `since` counts as the fact `since=record`, so an
//! all-time claim is scored like a dated one. Passages with no expected claim
//! also count the false facts found in them, the number the issue caps.
//! Exits 1 when the targets (precision >= 0.95, recall >= 0.90) are missed.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use claimscope::claims;
use claimscope::extract::Article;
use claimscope::stats;

/// The fields a fact is made of, in the order the report prints them.
const FIELDS: &[&str] = &[
    "direction",
    "level_usd_bn",
    "change_usd_bn",
    "change_pct",
    "period",
    "base_period",
    "since",
    "rank",
    "bound",
];
const PRECISION_TARGET: f64 = 0.95;
const RECALL_TARGET: f64 = 0.90;

/// One dev-set passage with the claims a correct tagger reads from it.
#[derive(Deserialize)]
struct Passage {
    id: String,
    category: String,
    published: NaiveDate,
    text: String,
    claims: Vec<Value>,
}

/// "China change change_usd_bn=-3.8": one field of one claim.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Fact {
    holder: String,
    kind: String,
    field: &'static str,
    value: String,
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}={}", self.holder, self.kind, self.field, self.value)
    }
}

/// Matched, expected and found facts for one field (or all of them).
#[derive(Default, Clone, Copy)]
struct Tally {
    hit: usize,
    want: usize,
    got: usize,
}

impl Tally {
    fn precision(self) -> f64 {
        ratio(self.hit, self.got)
    }
    fn recall(self) -> f64 {
        ratio(self.hit, self.want)
    }
    fn f1(self) -> f64 {
        stats::f1(self.precision(), self.recall())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The facts of a claim in JSON form, as the dev set and `Claim`'s serde agree on.
fn facts(claim: &Value) -> Vec<Fact> {
    let text = |k: &str| claim.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
    let (holder, kind) = (text("holder"), text("kind"));
    FIELDS
        .iter()
        .filter_map(|&field| {
            let value = match claim.get(field) {
                Some(Value::Number(n)) => format!("{}", (n.as_f64()? * 1e4).round() / 1e4),
                Some(Value::String(s)) => s.clone(),
                _ if field == "since" && kind == "extremum" => "record".to_string(),
                _ => return None,
            };
            Some(Fact { holder: holder.clone(), kind: kind.clone(), field, value })
        })
        .collect()
}

fn main() -> Result<()> {
    let only: Option<String> = std::env::args().skip(1).find(|a| a != "--bench");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/claims-dev/dev.jsonl");
    let raw = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read the dev set", path.display()))?;
    let mut passages = Vec::new();
    for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let p: Passage =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not a dev passage", path.display(), i + 1))?;
        if only.as_ref().is_none_or(|c| *c == p.category) {
            passages.push(p);
        }
    }

    let mut per_field: BTreeMap<&str, Tally> = FIELDS.iter().map(|f| (*f, Tally::default())).collect();
    let mut errors = Vec::new();
    let (mut empty_passages, mut false_on_empty) = (0, 0);
    for p in &passages {
        let article = Article { text: p.text.clone(), published: Some(p.published), ..Article::default() };
        let tagged = claims::tag(&article);
        let mut want: Vec<Fact> = p.claims.iter().flat_map(facts).collect();
        let mut got: Vec<Fact> =
            tagged.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?.iter().flat_map(facts).collect();
        want.sort();
        got.sort();
        for f in &want {
            per_field.get_mut(f.field).expect("known field").want += 1;
        }
        for f in &got {
            per_field.get_mut(f.field).expect("known field").got += 1;
        }
        let (mut missed, mut false_facts) = (Vec::new(), Vec::new());
        let (mut w, mut g) = (want.iter().peekable(), got.iter().peekable());
        loop {
            match (w.peek(), g.peek()) {
                (Some(a), Some(b)) if a == b => {
                    per_field.get_mut(a.field).expect("known field").hit += 1;
                    w.next();
                    g.next();
                }
                (Some(a), b) if b.is_none_or(|b| a < b) => missed.extend(w.next()),
                (_, Some(_)) => false_facts.extend(g.next()),
                _ => break,
            }
        }
        if p.claims.is_empty() {
            empty_passages += 1;
            false_on_empty += false_facts.len();
        }
        if !missed.is_empty() || !false_facts.is_empty() {
            let mut e = format!("{} {:?}\n", p.id, p.text);
            missed.iter().for_each(|f| e.push_str(&format!("    missed {f}\n")));
            false_facts.iter().for_each(|f| e.push_str(&format!("    false  {f}\n")));
            errors.push(e);
        }
    }

    for e in &errors {
        print!("{e}");
    }
    println!("\n{:<14} {:>9} {:>7} {:>6} {:>6} {:>6}", "field", "precision", "recall", "hit", "want", "got");
    let mut all = Tally::default();
    for (field, t) in &per_field {
        println!("{field:<14} {:>9.3} {:>7.3} {:>6} {:>6} {:>6}", t.precision(), t.recall(), t.hit, t.want, t.got);
        all = Tally { hit: all.hit + t.hit, want: all.want + t.want, got: all.got + t.got };
    }
    println!(
        "{:<14} {:>9.3} {:>7.3} {:>6} {:>6} {:>6}   F1 {:.3}",
        "all facts",
        all.precision(),
        all.recall(),
        all.hit,
        all.want,
        all.got,
        all.f1()
    );
    println!(
        "{} passages ({} with no claim: {} false facts there); {} with an error",
        passages.len(),
        empty_passages,
        false_on_empty,
        errors.len()
    );
    if all.precision() < PRECISION_TARGET || all.recall() < RECALL_TARGET {
        println!("targets missed: precision >= {PRECISION_TARGET}, recall >= {RECALL_TARGET}");
        std::process::exit(1);
    }
    Ok(())
}
