//! The team's corpus: every article's claims, field by field, against the
//! expected claims written beside it.

use serde_json::Value;

use crate::util::{corpus, read_json, Dir};

/// Fields an expected claim may state; each stated one must match.
const FIELDS: &[&str] = &[
    "direction", "level_usd_bn", "change_usd_bn", "change_pct", "period", "base_period", "since", "rank", "bound",
];

fn field_matches(field: &str, want: &Value, got: &Value) -> bool {
    match (want.as_f64(), got.as_f64()) {
        // Amounts are compared to the precision the corpus states them in.
        (Some(w), Some(g)) if field != "rank" => (w - g).abs() <= 0.051 + 1e-3 * w.abs(),
        _ => want == got,
    }
}

/// Why `got` is not the claim `want` describes, or None when it is.
fn mismatch(want: &Value, got: &Value) -> Option<String> {
    let mut diffs = Vec::new();
    for f in FIELDS {
        let w = &want[*f];
        // An extremum without "since" is an all-time record: null is stated.
        let stated = !w.is_null() || (*f == "since" && want["kind"] == "extremum");
        if stated && !field_matches(f, w, &got[*f]) {
            diffs.push(format!("{f}: want {w}, got {}", got[*f]));
        }
    }
    let verdict = &got["check"]["verdict"];
    if !want["verdict"].is_null() && want["verdict"] != *verdict {
        diffs.push(format!("verdict: want {}, got {verdict} ({})", want["verdict"], got["check"]["note"]));
    }
    (!diffs.is_empty()).then(|| diffs.join("; "))
}

fn describe(c: &Value) -> String {
    format!("{} {} {:?}", c["holder"], c["kind"], c["quote"].as_str().unwrap_or("").chars().take(80).collect::<String>())
}

#[test]
fn every_corpus_article_yields_its_expected_claims() {
    let dir = Dir::new();
    let articles = corpus();
    assert!(articles.len() >= 15, "corpus/ needs at least 15 articles, has {}", articles.len());
    let mut failures = Vec::new();
    let (mut expected_total, mut matched_total) = (0, 0);
    for (stem, html, expected) in &articles {
        let want = read_json(expected);
        let got = dir.json(&["extract", html.to_str().unwrap()]);
        for field in ["title", "published"] {
            if !want[field].is_null() && want[field] != got[field] {
                failures.push(format!("{stem}: {field}: want {}, got {}", want[field], got[field]));
            }
        }
        let mut produced: Vec<Option<&Value>> = got["claims"].as_array().unwrap().iter().map(Some).collect();
        for w in want["claims"].as_array().unwrap() {
            expected_total += 1;
            let same_kind = |c: &&Value| c["holder"] == w["holder"] && c["kind"] == w["kind"];
            let exact = produced.iter().position(|c| c.filter(same_kind).is_some_and(|c| mismatch(w, c).is_none()));
            match exact {
                Some(i) => {
                    produced[i] = None;
                    matched_total += 1;
                }
                None => {
                    let near: Vec<String> = produced
                        .iter()
                        .flatten()
                        .filter(|c| same_kind(c))
                        .map(|c| mismatch(w, c).unwrap_or_default())
                        .collect();
                    failures.push(format!("{stem}: missing {} {} {}; candidates: {near:?}", w["holder"], w["kind"], w));
                }
            }
        }
        for extra in produced.into_iter().flatten() {
            failures.push(format!("{stem}: unexpected claim {}", describe(extra)));
        }
    }
    assert!(
        failures.is_empty(),
        "{matched_total}/{expected_total} expected claims matched; {} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
