//! Tone polarity throughput: the tone stage's transformer path (sort,
//! de-duplicate, encode, head) against rust-bert's own sentence-embeddings
//! pipeline for the same model, in the same precision, on the same batches, at
//! batch 1, 16 (the default) and 64, in one run.
//!
//! `cargo bench --features transformer --bench tone` (needs
//! scripts/setup-transformer). Threads: CLAIMSCOPE_THREADS, default 2.
//! Corpus: the team's holdings sentences, checked in under data/tone/.

use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

#[path = "support/model.rs"]
mod model;
// The model in this process, as the tone worker runs it; the library
// leaves it to the binaries that load it.
#[allow(dead_code)]
#[path = "../src/transformer.rs"]
mod transformer;

use claimscope::tone::PolarityModel;
use transformer::{
    rust_bert_pipeline, set_threads, MiniLm, ToneHead, TransformerError, TransformerPolarity,
};

/// Rounds per variant and batch size; the best round is reported, which is
/// the least disturbed by other processes on a shared machine.
const ROUNDS: usize = 5;
const BATCHES: [usize; 3] = [1, 16, 64];

fn fail(err: TransformerError) -> ! {
    eprintln!("tone bench: {err}");
    std::process::exit(2);
}

fn main() {
    let threads = std::env::var("CLAIMSCOPE_THREADS").ok().and_then(|n| n.parse().ok()).unwrap_or(NonZeroUsize::new(2).unwrap());
    set_threads(threads);
    let corpus = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tone/holdings_sentences.tsv"))
        .expect("data/tone/holdings_sentences.tsv is checked in");
    let sentences: Vec<&str> = corpus
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t').map(|(_, sentence)| sentence))
        .take(192)
        .collect();
    assert_eq!(sentences.len(), 192, "the corpus has fewer sentences than the benchmark needs");

    let model_dir = model::model_dir();
    let minilm = MiniLm::load(&model_dir).unwrap_or_else(|err| fail(err));
    let minilm = minilm.with_batch(*BATCHES.iter().max().unwrap_or(&64));
    let raw = rust_bert_pipeline(&model_dir, minilm.precision()).unwrap_or_else(|err| fail(err));
    let polarity = TransformerPolarity::new(minilm, ToneHead::bundled()).unwrap_or_else(|err| fail(err));
    println!(
        "{} on {} sentences, {} libtorch threads, best of {ROUNDS} rounds",
        polarity.name(),
        sentences.len(),
        tch::get_num_threads()
    );
    println!("{:>5} {:>14} {:>14} {:>9}", "batch", "tone sent/s", "raw sent/s", "overhead");

    // Warm-up: first calls allocate libtorch's buffers.
    polarity.polarity(&sentences[..16]);

    for batch in BATCHES {
        let mut tone_best = Duration::MAX;
        let mut raw_best = Duration::MAX;
        for round in 0..ROUNDS {
            // Alternate which variant goes first, so that a disturbance or a
            // warm cache favours neither.
            for tone_first in [round % 2 == 0, round % 2 == 1] {
                let started = Instant::now();
                if tone_first {
                    let labelled: usize = sentences.chunks(batch).map(|chunk| polarity.polarity(chunk).len()).sum();
                    tone_best = tone_best.min(started.elapsed());
                    assert_eq!(labelled, sentences.len());
                } else {
                    let embedded: i64 = sentences
                        .chunks(batch)
                        .map(|chunk| raw.encode_as_tensor(chunk).expect("chunks are not empty").embeddings.size()[0])
                        .sum();
                    raw_best = raw_best.min(started.elapsed());
                    assert_eq!(embedded as usize, sentences.len());
                }
            }
        }
        let per_second = |d: Duration| sentences.len() as f64 / d.as_secs_f64();
        println!(
            "{batch:>5} {:>14.1} {:>14.1} {:>8.1}%",
            per_second(tone_best),
            per_second(raw_best),
            100.0 * (tone_best.as_secs_f64() / raw_best.as_secs_f64() - 1.0)
        );
    }
}
