//! Tone on real commentary: the article label (framing) against the gold
//! tone of `../shared/data/claims-real/cases.jsonl` (alarmist counted as
//! negative, dismissive as positive, as its `score.py` does), alarm
//! precision / recall / F1 (alarm >= [`ALARM_THRESHOLD`] against gold
//! alarmist), dismissive recall and sarcasm recall (gold: `notes` mention
//! sarcasm), for the shipped scorer beside always-neutral and the polarity
//! lexicon's old labelling, in one run. The rules are not trained on the
//! excerpts; the MiniLM head of the transformer build is, and is read only on
//! the fold it did not see. Prints case ids only, never text.
//!
//! `cargo bench --bench tone_real`; with `--features transformer` the
//! transformer's polarity is measured too (needs scripts/setup-transformer).

use std::path::Path;

#[cfg(feature = "transformer")]
#[path = "support/model.rs"]
mod model;
// The model in this process, as the tone worker runs it; the library
// leaves it to the binaries that load it.
#[cfg(feature = "transformer")]
#[allow(dead_code)]
#[path = "../src/transformer.rs"]
mod transformer;

use claimscope::extract::Article;
use claimscope::stats;
use claimscope::tone::{
    polarity_label, Scope, ToneLabel, ToneScorer, ALARM_THRESHOLD, DISMISSIVE_THRESHOLD, SARCASTIC_THRESHOLD,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    id: String,
    text: String,
    tone: String,
    #[serde(default)]
    notes: Option<String>,
}

/// What a scorer said about one case.
struct Said {
    label: ToneLabel,
    alarm: f64,
    dismissive: f64,
    sarcasm: f64,
}

fn gold_label(tone: &str) -> ToneLabel {
    match tone {
        "alarmist" | "negative" => ToneLabel::Negative,
        "positive" | "dismissive" => ToneLabel::Positive,
        "neutral" => ToneLabel::Neutral,
        other => panic!("cases.jsonl: unknown tone {other:?}"),
    }
}

/// Precision, recall and F1 of `tp` hits among `predicted` and `gold`.
fn f1(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted > 0 { tp as f64 / predicted as f64 } else { 0.0 };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
    (p, r, stats::f1(p, r))
}

const LABELS: [ToneLabel; 3] = [ToneLabel::Negative, ToneLabel::Neutral, ToneLabel::Positive];

fn report(name: &str, cases: &[Case], said: &[Said]) {
    let pairs: Vec<(ToneLabel, ToneLabel)> = cases.iter().zip(said).map(|(c, s)| (gold_label(&c.tone), s.label)).collect();
    let accuracy = pairs.iter().filter(|(g, p)| g == p).count() as f64 / pairs.len() as f64;
    let macro_f1 = LABELS
        .iter()
        .map(|&l| {
            let tp = pairs.iter().filter(|(g, p)| *g == l && *p == l).count();
            f1(tp, pairs.iter().filter(|(_, p)| *p == l).count(), pairs.iter().filter(|(g, _)| *g == l).count()).2
        })
        .sum::<f64>()
        / 3.0;
    let alarmist: Vec<bool> = cases.iter().map(|c| c.tone == "alarmist").collect();
    let flagged: Vec<bool> = said.iter().map(|s| s.alarm >= ALARM_THRESHOLD).collect();
    let tp = alarmist.iter().zip(&flagged).filter(|(g, p)| **g && **p).count();
    let (ap, ar, af) = f1(tp, flagged.iter().filter(|p| **p).count(), alarmist.iter().filter(|g| **g).count());
    let recall = |gold: &dyn Fn(&Case) -> bool, hit: &dyn Fn(&Said) -> bool| {
        let golds: Vec<&Said> = cases.iter().zip(said).filter(|(c, _)| gold(c)).map(|(_, s)| s).collect();
        format!("{}/{}", golds.iter().filter(|s| hit(s)).count(), golds.len())
    };
    let dismissive = recall(&|c| c.tone == "dismissive", &|s| s.dismissive >= DISMISSIVE_THRESHOLD);
    let sarcastic = recall(&|c| c.notes.as_deref().is_some_and(|n| n.to_lowercase().contains("sarcas")), &|s| {
        s.sarcasm >= SARCASTIC_THRESHOLD
    });
    println!(
        "| {name:<28} | {accuracy:.3} | {macro_f1:.3} | {ap:.3} | {ar:.3} | {af:.3} | {dismissive:>5} | {sarcastic:>5} |"
    );
    for gold in LABELS {
        let row: Vec<usize> = LABELS.iter().map(|&p| pairs.iter().filter(|x| **x == (gold, p)).count()).collect();
        eprintln!("  {name}: gold {gold:?} -> predicted neg/neu/pos {row:?}");
    }
    let wrong: Vec<&str> = cases.iter().zip(&pairs).filter(|(_, (g, p))| g != p).map(|(c, _)| c.id.as_str()).collect();
    eprintln!("  {name}: misread ids {}", wrong.join(" "));
}

fn score_all(scorer: &ToneScorer, cases: &[Case], polarity: bool) -> Vec<Said> {
    let articles: Vec<Article> =
        cases.iter().map(|c| Article { url: c.id.clone(), text: c.text.clone(), ..Article::default() }).collect();
    let refs: Vec<&Article> = articles.iter().collect();
    scorer
        .score_batch(&refs)
        .into_iter()
        .map(|t| {
            let o = t.overall;
            let label = if polarity { polarity_label(o.score) } else { o.label };
            Said { label, alarm: o.alarm, dismissive: o.dismissive, sarcasm: o.sarcasm }
        })
        .collect()
}

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/claims-real/cases.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the bench needs ../shared; it does not skip)", path.display()));
    let cases: Vec<Case> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1)))
        .collect();
    println!("claims-real: {} excerpts; alarm threshold {ALARM_THRESHOLD}", cases.len());
    println!("| scorer                       | acc   | macro-F1 | alarm P | alarm R | alarm F1 | dismissive R | sarcasm R |");
    println!("|---|---|---|---|---|---|---|---|");
    let neutral: Vec<Said> =
        cases.iter().map(|_| Said { label: ToneLabel::Neutral, alarm: 0.0, dismissive: 0.0, sarcasm: 0.0 }).collect();
    report("always neutral", &cases, &neutral);
    // Every sentence read: the old label is the mean polarity of them all.
    let rules = ToneScorer::rules().with_scope(Scope::All);
    report("lexicon polarity (old label)", &cases, &score_all(&rules, &cases, true));
    report("framing rules (shipped)", &cases, &score_all(&rules, &cases, false));
    #[cfg(feature = "transformer")]
    {
        use transformer::{Precision, TransformerPolarity};
        let model = TransformerPolarity::load(&model::model_dir(), Precision::native()).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
        let embeddings = model.minilm().embed(&texts);
        let scorer = ToneScorer::new(Box::new(model)).with_scope(Scope::All);
        report("MiniLM+head-v4 polarity", &cases, &score_all(&scorer, &cases, true));
        let framed = score_all(&scorer, &cases, false);
        report("framing rules, MiniLM build", &cases, &framed);
        report("MiniLM+rules head, 5-fold CV", &cases, &cross_validated(&cases, &embeddings, framed));
    }
}

/// Folds of the cross-validation; case `i` is held out in fold `i % FOLDS`.
#[cfg(feature = "transformer")]
const FOLDS: usize = 5;

/// A softmax regression over the excerpt's embedding and the rules'
/// outputs, trained on four folds and read on the fifth, for each fold:
/// whether a head trained on claims-real beats the rules, measured honestly.
/// Alarm, dismissal and sarcasm stay the rules'.
#[cfg(feature = "transformer")]
fn cross_validated(cases: &[Case], embeddings: &[Vec<f32>], rules: Vec<Said>) -> Vec<Said> {
    let features: Vec<Vec<f64>> = embeddings
        .iter()
        .zip(&rules)
        .map(|(e, r)| {
            let mut f: Vec<f64> = e.iter().map(|&x| f64::from(x)).collect();
            f.extend(LABELS.iter().map(|&l| if r.label == l { 1.0 } else { 0.0 }));
            f.extend([r.alarm, r.dismissive, r.sarcasm, 1.0]);
            f
        })
        .collect();
    let gold: Vec<usize> = cases.iter().map(|c| LABELS.iter().position(|&l| l == gold_label(&c.tone)).unwrap_or(1)).collect();
    let mut out: Vec<Option<ToneLabel>> = vec![None; cases.len()];
    for fold in 0..FOLDS {
        let train: Vec<usize> = (0..cases.len()).filter(|i| i % FOLDS != fold).collect();
        let w = softmax_regression(&features, &gold, &train);
        for i in (0..cases.len()).filter(|i| i % FOLDS == fold) {
            out[i] = Some(LABELS[argmax(&logits(&w, &features[i]))]);
        }
    }
    rules
        .into_iter()
        .zip(out)
        .map(|(r, l)| Said { label: l.unwrap_or(r.label), ..r })
        .collect()
}

#[cfg(feature = "transformer")]
fn logits(w: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    w.iter().map(|row| row.iter().zip(x).map(|(a, b)| a * b).sum()).collect()
}

#[cfg(feature = "transformer")]
fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |best, i| if v[i] > v[best] { i } else { best })
}

/// Full-batch gradient descent on the cross-entropy with L2, classes
/// weighted by inverse frequency so neutral does not swamp the rest.
#[cfg(feature = "transformer")]
fn softmax_regression(x: &[Vec<f64>], y: &[usize], rows: &[usize]) -> Vec<Vec<f64>> {
    const STEPS: usize = 400;
    const RATE: f64 = 0.5;
    const L2: f64 = 1e-3;
    let dim = x[0].len();
    let mut counts = [0.0f64; 3];
    rows.iter().for_each(|&i| counts[y[i]] += 1.0);
    let class_weight: Vec<f64> = counts.iter().map(|&c| rows.len() as f64 / (3.0 * c.max(1.0))).collect();
    let mut w = vec![vec![0.0; dim]; 3];
    for _ in 0..STEPS {
        let mut grad = vec![vec![0.0; dim]; 3];
        for &i in rows {
            let z = logits(&w, &x[i]);
            let m = z.iter().cloned().fold(f64::MIN, f64::max);
            let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
            let sum: f64 = e.iter().sum();
            for k in 0..3 {
                let g = class_weight[y[i]] * (e[k] / sum - if k == y[i] { 1.0 } else { 0.0 });
                grad[k].iter_mut().zip(&x[i]).for_each(|(gk, xi)| *gk += g * xi);
            }
        }
        for k in 0..3 {
            for d in 0..dim {
                w[k][d] -= RATE * (grad[k][d] / rows.len() as f64 + L2 * w[k][d]);
            }
        }
    }
    w
}
