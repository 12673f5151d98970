//! tone-train: trains the tone head on all-MiniLM-L6-v2 features, then
//! fine-tunes it together with the encoder's biases and LayerNorm weights
//! (BitFit), and measures the result on Financial PhraseBank, which it never
//! trains on.
//!
//! Training data: the twitter-financial-news headlines (train split; 0 bearish,
//! 1 bullish, 2 neutral) plus the team's sentences about Treasury holdings in
//! `data/tone/holdings_sentences.tsv`. Model selection uses the headlines'
//! valid split and every fifth holdings sentence, never PhraseBank. Training
//! is seeded, in f32, on one libtorch thread, so that the result does not
//! depend on the machine; the frozen model's features use `--threads`
//! (libtorch's default otherwise) and are cached.
//!
//! ```text
//! cargo run --release --features transformer --bin tone-train -- --data ../shared/data/sentiment
//! cargo run --release --features transformer --bin tone-train -- --data ../shared/data/sentiment --eval-only
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use once_cell::sync::Lazy;
use regex::Regex;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tch::nn::{self, ModuleT, OptimizerConfig};
use tch::{Device, Kind, Tensor};

use claimscope::tone::ToneLabel;

// Shared with the tone worker and the tone benches, each using part of it.
#[allow(dead_code)]
#[path = "../transformer.rs"]
mod transformer;

use transformer::{
    default_model_dir, set_threads, Dense, MiniLm, Precision, ToneHead, TunedParameter, FEATURE_DIM, PROBE_LAYER,
};

/// The version the trained head reports in `tone.model`; its files are
/// `models/tone-{HEAD_VERSION}.json` and `.metrics.json`.
const HEAD_VERSION: &str = "head-v4";

/// Class order of the head's outputs and of every confusion matrix here.
const LABELS: [ToneLabel; 3] = [ToneLabel::Negative, ToneLabel::Neutral, ToneLabel::Positive];

/// Published figures on PhraseBank AllAgree, printed beside ours.
const REFERENCES: [(&str, f64); 5] = [
    ("always neutral", 0.614),
    ("Loughran-McDonald lexicon", 0.603),
    ("VADER", 0.571),
    ("TF-IDF + LR, in-domain 10-fold CV", 0.891),
    ("FinBERT, trained on PhraseBank", 0.97),
];

#[derive(Parser)]
#[command(about = "Train the tone head and tune MiniLM's biases with it; measure it on PhraseBank")]
struct Args {
    /// The MiniLM model folder.
    #[arg(long, value_name = "DIR", env = "CLAIMSCOPE_MODEL_DIR", default_value_os_t = default_model_dir())]
    model_dir: PathBuf,
    /// Folder holding twitter-financial-news/ and financial-phrasebank/.
    #[arg(long, default_value = "../shared/data/sentiment")]
    data: PathBuf,
    /// The team's labelled sentences about Treasury holdings (label TAB sentence).
    #[arg(long, default_value = "data/tone/holdings_sentences.tsv")]
    holdings: PathBuf,
    /// Where the head and its metrics go (and, with --eval-only, come from).
    #[arg(long, default_value = "models")]
    out: PathBuf,
    /// Measure the committed head on the validation sets and PhraseBank
    /// instead of training one.
    #[arg(long)]
    eval_only: bool,
    /// Hidden units of the head's one hidden layer; 0 trains softmax regression.
    #[arg(long, default_value_t = 256)]
    hidden: i64,
    #[arg(long, default_value_t = 120)]
    epochs: usize,
    #[arg(long, default_value_t = 1e-3)]
    learning_rate: f64,
    #[arg(long, default_value_t = 1e-4)]
    weight_decay: f64,
    /// Dropout on the embedding and on the hidden layer while training.
    #[arg(long, default_value_t = 0.4)]
    dropout: f64,
    /// How much more a holdings sentence counts than a headline.
    #[arg(long, default_value_t = 4.0)]
    holdings_weight: f64,
    #[arg(long, default_value_t = 20240607)]
    seed: u64,
    /// With --eval-only, the precision to measure; the tone stage's
    /// default (the faster on this CPU) when not given.
    #[arg(long, value_enum, env = "CLAIMSCOPE_PRECISION")]
    precision: Option<Precision>,
    /// libtorch threads for the frozen model's features (training itself
    /// runs on one). Default: one per core.
    #[arg(long, env = "CLAIMSCOPE_THREADS")]
    threads: Option<std::num::NonZeroUsize>,
    /// Epochs of fine-tuning the encoder's biases and LayerNorm weights with
    /// the head, after the head is trained on the frozen model; 0 skips it.
    #[arg(long, default_value_t = 3)]
    tune_epochs: usize,
    /// Learning rate of the encoder's weights at the start of fine-tuning;
    /// both learning rates fall linearly to zero over the tuning epochs.
    #[arg(long, default_value_t = 2e-4)]
    tune_learning_rate: f64,
    /// Learning rate of the head at the start of fine-tuning.
    #[arg(long, default_value_t = 1e-4)]
    tune_head_learning_rate: f64,
    /// Sentences per step while fine-tuning.
    #[arg(long, default_value_t = 32)]
    tune_batch: usize,
}

/// A labelled text and how much it counts in the loss.
struct Example {
    text: String,
    label: ToneLabel,
    weight: f64,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tone-train: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<()> {
    let model_dir = &args.model_dir;
    // Trained on the published model's f32 features on every machine, so the
    // committed head does not depend on the CPU; --eval-only measures the
    // precision the tone stage would use here (--precision).
    if let Some(threads) = args.threads {
        set_threads(threads);
    }
    let precision = if args.eval_only { args.precision.unwrap_or_else(Precision::native) } else { Precision::F32 };
    let minilm = MiniLm::load_in(model_dir, precision)?;
    let phrasebank = read_phrasebank(&args.data.join("financial-phrasebank/Sentences_AllAgree.txt"))?;
    let head_path = args.out.join(format!("tone-{HEAD_VERSION}.json"));

    let tweets = args.data.join("twitter-financial-news");
    let valid_tweets = read_tweets(&tweets.join("sent_valid.csv"))?;
    let (train_holdings, valid_holdings) = split_every_fifth(read_holdings(&args.holdings, args.holdings_weight)?);

    if args.eval_only {
        let head = ToneHead::from_file(&head_path)?;
        let tuned = !head.encoder.is_empty();
        if tuned {
            minilm.tune(&head.encoder).map_err(|reason| anyhow::anyhow!("{}: {reason}", head_path.display()))?;
        }
        // Features of a tuned model are not what the cache holds.
        let measure = |examples: &[Example]| -> Result<Score> {
            let x = if tuned { features(&minilm, examples) } else { embed_cached(&minilm, examples)? };
            Ok(evaluate(&head, &x, examples))
        };
        print_validation(&[measure(&valid_tweets)?, measure(&valid_holdings)?]);
        print_phrasebank(&minilm.name(), &measure(&phrasebank)?);
        return Ok(());
    }

    let train_tweets = read_tweets(&tweets.join("sent_train.csv"))?;
    // Embedded per source so that editing the holdings sentences does not
    // re-embed ten thousand headlines.
    let train_x: Vec<Vec<f32>> =
        embed_cached(&minilm, &train_tweets)?.into_iter().chain(embed_cached(&minilm, &train_holdings)?).collect();
    let train: Vec<Example> = train_tweets.into_iter().chain(train_holdings).collect();
    let valid_x = embed_cached(&minilm, &valid_tweets)?;
    let holdings_x = embed_cached(&minilm, &valid_holdings)?;

    let validation =
        [(valid_tweets.as_slice(), valid_x.as_slice()), (valid_holdings.as_slice(), holdings_x.as_slice())];
    let (frozen, epoch) = train_head(&args, &train, &train_x, &validation)?;
    let frozen_scores = validate(&frozen, &validation);
    println!("head on the frozen model: epoch {epoch}, mean validation macro-F1 {:.4}", mean_f1(&frozen_scores));
    let (head, tune_epoch, tune_curve, scores) =
        fine_tune(&args, &minilm, &train, [&valid_tweets, &valid_holdings], frozen, frozen_scores)?;
    // The model is now tuned as the chosen head expects.
    let phrase = evaluate(&head, &features(&minilm, &phrasebank), &phrasebank);
    print!("chosen tuning epoch {tune_epoch}: ");
    print_validation(&scores);
    print_phrasebank(&minilm.name(), &phrase);
    let [tweets_valid, holdings_valid] = scores;

    std::fs::create_dir_all(&args.out)?;
    std::fs::write(&head_path, serde_json::to_string(&head)?)
        .with_context(|| format!("{}: cannot write", head_path.display()))?;
    let metrics = Metrics {
        model: format!("{}+{}", minilm.name(), head.version),
        command: "cargo run --release --features transformer --bin tone-train -- --data ../shared/data/sentiment",
        selection: "epochs, settings and the inner layer the features read by mean macro-F1 over tweets_valid and holdings_valid; PhraseBank is only measured",
        seed: args.seed,
        hidden: args.hidden,
        epochs: args.epochs,
        chosen_epoch: epoch,
        tune_epochs: args.tune_epochs,
        chosen_tune_epoch: tune_epoch,
        tune_curve,
        tune_learning_rate: args.tune_learning_rate,
        tune_head_learning_rate: args.tune_head_learning_rate,
        tune_batch: args.tune_batch,
        tuned_weights: head.encoder.iter().map(|p| p.values.len()).sum(),
        learning_rate: args.learning_rate,
        weight_decay: args.weight_decay,
        holdings_weight: args.holdings_weight,
        dropout: args.dropout,
        train_examples: train.len(),
        tweets_valid,
        holdings_valid,
        phrasebank_allagree: phrase,
        references: REFERENCES.iter().map(|&(name, accuracy)| Reference { name, accuracy }).collect(),
    };
    let metrics_path = args.out.join(format!("tone-{HEAD_VERSION}.metrics.json"));
    std::fs::write(&metrics_path, serde_json::to_string_pretty(&metrics)? + "\n")
        .with_context(|| format!("{}: cannot write", metrics_path.display()))?;
    println!("wrote {} and {}", head_path.display(), metrics_path.display());
    Ok(())
}

/// URLs and cashtags say nothing about tone and do not occur in articles;
/// without them the headlines look more like the sentences the head will see.
fn clean_headline(text: &str) -> String {
    static URL: Lazy<Regex> = Lazy::new(|| Regex::new(r"https?://\S+").expect("valid regex"));
    static LEADING_TICKERS: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(\$[A-Za-z.]+[\s,:]*)+(-\s*)?").expect("valid regex"));
    static TICKER: Lazy<Regex> = Lazy::new(|| Regex::new(r"\$([A-Za-z][A-Za-z.]*)").expect("valid regex"));
    let text = URL.replace_all(text, "");
    let text = LEADING_TICKERS.replace(text.trim(), "");
    let text = TICKER.replace_all(&text, "$1");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_tweets(path: &Path) -> Result<Vec<Example>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut examples = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}:{}", path.display(), i + 2))?;
        let label = match record.get(1) {
            Some("0") => ToneLabel::Negative,
            Some("1") => ToneLabel::Positive,
            Some("2") => ToneLabel::Neutral,
            other => bail!("{}:{}: label {other:?} is not 0, 1 or 2", path.display(), i + 2),
        };
        let text = clean_headline(record.get(0).unwrap_or_default());
        if !text.is_empty() {
            examples.push(Example { text, label, weight: 1.0 });
        }
    }
    Ok(examples)
}

fn parse_label(word: &str) -> Option<ToneLabel> {
    match word.trim() {
        "negative" => Some(ToneLabel::Negative),
        "neutral" => Some(ToneLabel::Neutral),
        "positive" => Some(ToneLabel::Positive),
        _ => None,
    }
}

fn read_holdings(path: &Path, weight: f64) -> Result<Vec<Example>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut examples = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (label, sentence) = line
            .split_once('\t')
            .with_context(|| format!("{}:{}: expected `label<TAB>sentence`", path.display(), i + 1))?;
        let label = parse_label(label).with_context(|| {
            format!("{}:{}: label {label:?} is not negative, neutral or positive", path.display(), i + 1)
        })?;
        examples.push(Example { text: sentence.trim().to_string(), label, weight });
    }
    Ok(examples)
}

/// Every fifth example (by position) for validation, the rest for training.
fn split_every_fifth(examples: Vec<Example>) -> (Vec<Example>, Vec<Example>) {
    let (valid, train): (Vec<_>, Vec<_>) = examples.into_iter().enumerate().partition(|(i, _)| i % 5 == 4);
    (train.into_iter().map(|(_, e)| e).collect(), valid.into_iter().map(|(_, e)| e).collect())
}

/// PhraseBank is distributed in Latin-1; a UTF-8 copy is read as is.
fn read_phrasebank(path: &Path) -> Result<Vec<Example>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => encoding_rs::WINDOWS_1252.decode(err.as_bytes()).0.into_owned(),
    };
    let mut examples = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = line.rsplit_once('@').and_then(|(sentence, label)| Some((sentence, parse_label(label)?)));
        let Some((sentence, label)) = parsed else {
            bail!("{}:{}: expected `sentence@label`", path.display(), i + 1);
        };
        examples.push(Example { text: sentence.trim().to_string(), label, weight: 1.0 });
    }
    Ok(examples)
}

/// Embeddings of the examples' texts, kept in the setup cache under a hash of
/// the texts so that retraining the head does not re-run the transformer.
fn embed_cached(minilm: &MiniLm, examples: &[Example]) -> Result<Vec<Vec<f32>>> {
    let mut hasher = Sha256::new();
    // The features' layout is part of the key: a cache of other features
    // with the same width would otherwise be read back silently.
    hasher.update(format!("{} layer {PROBE_LAYER} width {FEATURE_DIM}", minilm.name()));
    for example in examples {
        hasher.update(example.text.as_bytes());
        hasher.update([0]);
    }
    let key = hex::encode(hasher.finalize());
    let cache = default_model_dir().with_file_name("embeddings");
    let path = cache.join(format!("{}.f32", &key[..32]));
    if let Ok(bytes) = std::fs::read(&path) {
        if bytes.len() == examples.len() * FEATURE_DIM * 4 {
            let floats: Vec<f32> =
                bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
            return Ok(floats.chunks(FEATURE_DIM).map(<[f32]>::to_vec).collect());
        }
    }
    let started = std::time::Instant::now();
    let embeddings = features(minilm, examples);
    eprintln!("embedded {} sentences in {:.1?}", examples.len(), started.elapsed());
    std::fs::create_dir_all(&cache)?;
    let bytes: Vec<u8> = embeddings.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(&path, bytes).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(embeddings)
}

fn class_index(label: ToneLabel) -> usize {
    LABELS.iter().position(|&l| l == label).expect("LABELS lists every label")
}

/// SplitMix64: a seeded shuffle that does not depend on a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn matrix(rows: &[Vec<f32>]) -> Tensor {
    let flat: Vec<f32> = rows.iter().flatten().copied().collect();
    Tensor::from_slice(&flat).view([rows.len() as i64, FEATURE_DIM as i64])
}

/// Trains with AdamW on a class-balanced, per-example-weighted cross-entropy;
/// keeps the epoch with the best mean macro-F1 over the validation sets (the
/// headlines' valid split and the held-out holdings sentences: the second is
/// closer to what the head will read).
fn train_head(
    args: &Args,
    train: &[Example],
    train_x: &[Vec<f32>],
    validation: &[(&[Example], &[Vec<f32>]); 2],
) -> Result<(ToneHead, usize)> {
    // One thread: sums in a fixed order, so the same seed gives the same head.
    tch::set_num_threads(1);
    tch::manual_seed(args.seed as i64);
    let vs = nn::VarStore::new(Device::Cpu);
    let net = head_net(&vs, args);
    let mut optimizer = nn::AdamW { wd: args.weight_decay, ..Default::default() }.build(&vs, args.learning_rate)?;
    let x = matrix(train_x);
    let (y, w) = targets(train);

    let mut rng = Rng(args.seed);
    let mut order: Vec<i64> = (0..train.len() as i64).collect();
    let mut best: Option<(f64, usize, ToneHead)> = None;
    for epoch in 1..=args.epochs {
        rng.shuffle(&mut order);
        for batch in order.chunks(64) {
            let index = Tensor::from_slice(batch);
            let logits = net.forward_t(&x.index_select(0, &index), true);
            optimizer.backward_step(&loss(&logits, &y, &w, &index));
        }
        let head = export_head(&vs, args.hidden > 0)?;
        let f1 = mean_f1(&validate(&head, validation));
        if best.as_ref().is_none_or(|(best_f1, _, _)| f1 > *best_f1) {
            best = Some((f1, epoch, head));
        }
    }
    let (_, epoch, head) = best.context("--epochs must be at least 1")?;
    Ok((head, epoch))
}

/// The head's layers as a tch module: dropout on its input and on the hidden
/// layer while training.
fn head_net(vs: &nn::VarStore, args: &Args) -> nn::SequentialT {
    let root = vs.root();
    let dropout = args.dropout;
    let net = nn::seq_t().add_fn_t(move |x, train| x.dropout(dropout, train));
    if args.hidden > 0 {
        net.add(nn::linear(&root / "l0", FEATURE_DIM as i64, args.hidden, Default::default()))
            .add_fn(|x| x.relu())
            .add_fn_t(move |x, train| x.dropout(dropout, train))
            .add(nn::linear(&root / "l1", args.hidden, 3, Default::default()))
    } else {
        net.add(nn::linear(&root / "l0", FEATURE_DIM as i64, 3, Default::default()))
    }
}

/// Class indices and loss weights of the examples. Each class weighs the
/// same in total, so neutral's majority does not win by default.
fn targets(train: &[Example]) -> (Tensor, Tensor) {
    let mut counts = [0.0f64; 3];
    for example in train {
        counts[class_index(example.label)] += example.weight;
    }
    let total: f64 = counts.iter().sum();
    let y = Tensor::from_slice(&train.iter().map(|e| class_index(e.label) as i64).collect::<Vec<_>>());
    let w = Tensor::from_slice(
        &train.iter().map(|e| (e.weight * total / (3.0 * counts[class_index(e.label)])) as f32).collect::<Vec<_>>(),
    );
    (y, w)
}

/// Weighted cross-entropy of a batch's logits; `index` picks the batch's
/// rows of the targets.
fn loss(logits: &Tensor, y: &Tensor, w: &Tensor, index: &Tensor) -> Tensor {
    let picked =
        logits.log_softmax(-1, Kind::Float).gather(1, &y.index_select(0, index).unsqueeze(1), false).squeeze_dim(1);
    let weights = w.index_select(0, index);
    -(picked * &weights).sum(Kind::Float) / weights.sum(Kind::Float)
}

/// The head's scores on the validation sets (the headlines' valid split and
/// the held-out holdings sentences), in that order.
fn validate(head: &ToneHead, validation: &[(&[Example], &[Vec<f32>]); 2]) -> [Score; 2] {
    validation.map(|(examples, x)| evaluate(head, x, examples))
}

/// Mean macro-F1 over the validation sets: what every choice here is made by.
fn mean_f1(scores: &[Score; 2]) -> f64 {
    scores.iter().map(|score| score.macro_f1).sum::<f64>() / scores.len() as f64
}

/// Fine-tunes the encoder's biases and LayerNorm weights (BitFit) together
/// with the head, starting from the head trained on the frozen model: a
/// random head's first gradients would otherwise pull the pretrained
/// features apart before it has learnt anything. Both learning rates fall
/// linearly to zero over the epochs. Keeps the epoch with the
/// best mean validation macro-F1, epoch 0 being the frozen model's head, and
/// leaves `minilm` tuned as the chosen head expects. Returns the head, its
/// epoch, the mean validation macro-F1 of every epoch, and the chosen
/// epoch's validation scores (so they are not computed again).
fn fine_tune(
    args: &Args,
    minilm: &MiniLm,
    train: &[Example],
    validation: [&[Example]; 2],
    frozen: ToneHead,
    frozen_scores: [Score; 2],
) -> Result<(ToneHead, usize, Vec<f64>, [Score; 2])> {
    tch::manual_seed(args.seed as i64);
    let tunable = minilm.tunable();
    let published = tuned_values(&tunable)?;
    // Adam without weight decay: decay would pull the biases towards zero
    // rather than towards the published model.
    let mut encoder_optimizer = tch::COptimizer::adam(args.tune_learning_rate, 0.9, 0.999, 0.0, 1e-8, false)?;
    for (_, weight) in &tunable {
        encoder_optimizer.add_parameters(weight, 0)?;
    }
    let vs = nn::VarStore::new(Device::Cpu);
    let net = head_net(&vs, args);
    load_head(&vs, &frozen)?;
    let mut head_optimizer =
        nn::AdamW { wd: args.weight_decay, ..Default::default() }.build(&vs, args.tune_head_learning_rate)?;
    let (y, w) = targets(train);

    let mut rng = Rng(args.seed);
    let mut order: Vec<i64> = (0..train.len() as i64).collect();
    let batch_size = args.tune_batch.max(1);
    let steps = (args.tune_epochs * train.len().div_ceil(batch_size)) as f64;
    let mut step = 0.0;
    let mut curve = vec![mean_f1(&frozen_scores)];
    let mut best = (curve[0], 0, frozen, frozen_scores);
    for epoch in 1..=args.tune_epochs {
        let started = std::time::Instant::now();
        rng.shuffle(&mut order);
        let progress = indicatif::ProgressBar::new(order.len() as u64).with_style(
            indicatif::ProgressStyle::with_template("tuning epoch {msg} {wide_bar} {pos}/{len} sentences, eta {eta}")
                .expect("static template"),
        );
        progress.set_message(epoch.to_string());
        for batch in order.chunks(batch_size) {
            let texts: Vec<&str> = batch.iter().map(|&i| train[i as usize].text.as_str()).collect();
            let logits = net.forward_t(&minilm.features_t(&texts, true), true);
            let loss = loss(&logits, &y, &w, &Tensor::from_slice(batch));
            let left = 1.0 - step / steps;
            head_optimizer.set_lr(args.tune_head_learning_rate * left);
            encoder_optimizer.set_learning_rate(args.tune_learning_rate * left)?;
            step += 1.0;
            head_optimizer.zero_grad();
            encoder_optimizer.zero_grad()?;
            loss.backward();
            head_optimizer.step();
            encoder_optimizer.step()?;
            progress.inc(batch.len() as u64);
        }
        progress.finish_and_clear();
        let mut head = export_head(&vs, args.hidden > 0)?;
        head.encoder = tuned_values(&tunable)?;
        let validation_x = validation.map(|examples| features(minilm, examples));
        let scores = validate(&head, &[(validation[0], &validation_x[0]), (validation[1], &validation_x[1])]);
        let f1 = mean_f1(&scores);
        eprintln!("tuning epoch {epoch}: mean validation macro-F1 {f1:.4} ({:.0?})", started.elapsed());
        curve.push(f1);
        if f1 > best.0 {
            best = (f1, epoch, head, scores);
        }
    }
    let (_, epoch, head, scores) = best;
    let chosen = if head.encoder.is_empty() { &published } else { &head.encoder };
    minilm.tune(chosen).map_err(anyhow::Error::msg)?;
    Ok((head, epoch, curve, scores))
}

/// The current values of the tuned weights, as the head stores them.
fn tuned_values(tunable: &[(String, Tensor)]) -> Result<Vec<TunedParameter>> {
    tunable
        .iter()
        .map(|(name, weight)| Ok(TunedParameter { name: name.clone(), values: Vec::<f32>::try_from(weight.detach())? }))
        .collect()
}

/// Writes a trained head's layers into the variables of [`head_net`].
fn load_head(vs: &nn::VarStore, head: &ToneHead) -> Result<()> {
    let variables = vs.variables();
    for (i, layer) in head.layers.iter().enumerate() {
        let rows = layer.weights.len() as i64;
        let flat: Vec<f32> = layer.weights.iter().flatten().copied().collect();
        let weight = Tensor::from_slice(&flat).view([rows, -1]);
        for (suffix, value) in [("weight", weight), ("bias", Tensor::from_slice(&layer.bias))] {
            let name = format!("l{i}.{suffix}");
            let mut variable =
                variables.get(&name).with_context(|| format!("the head net has no {name}"))?.shallow_clone();
            tch::no_grad(|| variable.copy_(&value));
        }
    }
    Ok(())
}

/// [`MiniLm::features`] of the examples' texts.
fn features(minilm: &MiniLm, examples: &[Example]) -> Vec<Vec<f32>> {
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    minilm.features(&texts)
}

fn export_head(vs: &nn::VarStore, hidden: bool) -> Result<ToneHead> {
    let variables = vs.variables();
    let layer = |name: &str| -> Result<Dense> {
        let weight = variables.get(&format!("{name}.weight")).context("missing weight")?;
        let bias = variables.get(&format!("{name}.bias")).context("missing bias")?;
        Ok(Dense { weights: Vec::<Vec<f32>>::try_from(weight)?, bias: Vec::<f32>::try_from(bias)? })
    };
    let layers = if hidden { vec![layer("l0")?, layer("l1")?] } else { vec![layer("l0")?] };
    Ok(ToneHead { version: HEAD_VERSION.to_string(), labels: LABELS, layers, encoder: Vec::new() })
}

/// Accuracy, macro-F1 and the confusion matrix (rows true, columns predicted,
/// in [`LABELS`] order).
#[derive(Serialize)]
struct Score {
    n: usize,
    accuracy: f64,
    macro_f1: f64,
    confusion: [[usize; 3]; 3],
}

fn evaluate(head: &ToneHead, embeddings: &[Vec<f32>], examples: &[Example]) -> Score {
    let mut confusion = [[0usize; 3]; 3];
    for (embedding, example) in embeddings.iter().zip(examples) {
        let predicted = head.probabilities(embedding).label();
        confusion[class_index(example.label)][class_index(predicted)] += 1;
    }
    score(confusion)
}

fn score(confusion: [[usize; 3]; 3]) -> Score {
    let n: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
    let f1 = |c: usize| {
        let tp = confusion[c][c] as f64;
        let predicted: usize = (0..3).map(|r| confusion[r][c]).sum();
        let actual: usize = confusion[c].iter().sum();
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (predicted + actual) as f64
        }
    };
    Score {
        n,
        accuracy: if n == 0 { 0.0 } else { correct as f64 / n as f64 },
        macro_f1: (0..3).map(f1).sum::<f64>() / 3.0,
        confusion,
    }
}

fn print_validation(scores: &[Score; 2]) {
    let [tweets, holdings] = scores;
    println!(
        "tweets valid acc {:.3} macro-F1 {:.3}; holdings valid acc {:.3} macro-F1 {:.3} (n={}); mean macro-F1 {:.4}",
        tweets.accuracy,
        tweets.macro_f1,
        holdings.accuracy,
        holdings.macro_f1,
        holdings.n,
        mean_f1(scores)
    );
}

fn print_phrasebank(model: &str, score: &Score) {
    println!("Financial PhraseBank AllAgree ({} sentences, never trained on):", score.n);
    println!(
        "  {:<36} accuracy {:.3}  macro-F1 {:.3}",
        format!("{model} + {HEAD_VERSION}"),
        score.accuracy,
        score.macro_f1
    );
    for (name, accuracy) in REFERENCES {
        println!("  {name:<36} accuracy {accuracy:.3}");
    }
    println!("  confusion (rows true, columns predicted; negative, neutral, positive): {:?}", score.confusion);
}

#[derive(Serialize)]
struct Reference {
    name: &'static str,
    accuracy: f64,
}

#[derive(Serialize)]
struct Metrics {
    model: String,
    command: &'static str,
    selection: &'static str,
    seed: u64,
    hidden: i64,
    epochs: usize,
    chosen_epoch: usize,
    tune_epochs: usize,
    chosen_tune_epoch: usize,
    /// Mean validation macro-F1 after each tuning epoch, from epoch 0.
    tune_curve: Vec<f64>,
    tune_learning_rate: f64,
    tune_head_learning_rate: f64,
    tune_batch: usize,
    tuned_weights: usize,
    learning_rate: f64,
    weight_decay: f64,
    holdings_weight: f64,
    dropout: f64,
    train_examples: usize,
    tweets_valid: Score,
    holdings_valid: Score,
    phrasebank_allagree: Score,
    references: Vec<Reference>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_lose_urls_and_cashtags() {
        assert_eq!(
            clean_headline("$CCL $RCL - Nomura points to bookings weakness at Carnival https://t.co/yGjpT2ReD3"),
            "Nomura points to bookings weakness at Carnival"
        );
        assert_eq!(clean_headline("$ESS: BTIG Research cuts to Neutral"), "BTIG Research cuts to Neutral");
        assert_eq!(clean_headline("Apple ($AAPL) beats estimates"), "Apple (AAPL) beats estimates");
    }

    #[test]
    fn a_head_loaded_into_the_training_net_exports_unchanged() {
        let args = Args::parse_from(["tone-train", "--hidden", "4"]);
        let vs = nn::VarStore::new(Device::Cpu);
        let _net = head_net(&vs, &args);
        let mut head = export_head(&vs, true).unwrap();
        head.layers[0].weights[1][2] = 0.5;
        head.layers[1].bias[2] = -1.25;
        let fresh = nn::VarStore::new(Device::Cpu);
        let _net = head_net(&fresh, &args);
        load_head(&fresh, &head).unwrap();
        assert_eq!(export_head(&fresh, true).unwrap(), head);
    }

    #[test]
    fn macro_f1_averages_the_classes() {
        // negative all right, neutral half right, positive never predicted
        let s = score([[2, 0, 0], [1, 1, 0], [0, 2, 0]]);
        assert_eq!(s.n, 6);
        assert!((s.accuracy - 0.5).abs() < 1e-12);
        let f1_negative = 2.0 * 2.0 / (3.0 + 2.0);
        let f1_neutral = 2.0 * 1.0 / (3.0 + 2.0);
        assert!((s.macro_f1 - (f1_negative + f1_neutral) / 3.0).abs() < 1e-12);
    }
}
