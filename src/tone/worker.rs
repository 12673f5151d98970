//! The transformer's polarity in a process of its own, so that `claimscope`
//! links no libtorch and its commands start in milliseconds; only the ones
//! that score tone start the worker, `claimscope-tone`, the one binary (with
//! `tone-train`) that links it.
//!
//! The two talk in JSON lines over the worker's stdin and stdout: the worker
//! first answers `{"ready": NAME}` (or `{"error": MESSAGE}` when the model
//! cannot load), then one reply per request (`{"read": {"sentences": [...],
//! "embed": [...]}}`, answered `{"read": [...]}`), in order, until its stdin
//! closes. libtorch's own messages go to the worker's stderr, which is ours.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{PolarityModel, Reading, ToneLabel};

/// The worker's file name, looked for beside the running binary.
pub const WORKER: &str = "claimscope-tone";

/// The number format the transformer computes in (`--precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Precision {
    /// 32-bit floats: the published model as is.
    F32,
    /// bfloat16 weights and activations. On a CPU with native bf16 dot
    /// products (AVX-512 BF16) the tone bench ran 309 sentences/s at batch
    /// 16 against 237 in f32, back to back; elsewhere libtorch emulates bf16
    /// and it would be slower.
    Bf16,
}

impl Precision {
    /// The faster of the two on this CPU: bf16 where the CPU computes it
    /// natively, f32 everywhere else.
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

/// What one request asks of the model: strings borrowed when written,
/// owned when read.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Request<S> {
    /// [`PolarityModel::read`] of these sentences, embedding those whose
    /// `embed` flag is set.
    Read { sentences: Vec<S>, embed: Vec<bool> },
}

/// One line from the worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reply {
    /// The model loaded; its [`PolarityModel::name`].
    Ready(String),
    /// One reading per sentence asked for.
    Read(Vec<Reading>),
    /// The model could not load, or a request was malformed.
    Error(String),
}

/// Why the worker could not be started or stopped answering.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(
        "{path}: the transformer tone worker is not there; build it with `cargo build --release --features transformer --bins`, point CLAIMSCOPE_TONE_WORKER at it, or use --tone lexicon"
    )]
    Missing { path: PathBuf },
    #[error("{path}: cannot start the tone worker: {source}")]
    Spawn {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The worker said why (a missing model names the setup command).
    #[error("{path}: {message}")]
    Refused { path: PathBuf, message: String },
    #[error("{path}: the tone worker stopped answering ({reason}); its messages are above")]
    Gone { path: PathBuf, reason: String },
}

/// Answers requests from `input` on `output` with `model` until `input`
/// ends: the worker's main loop, after its [`Reply::Ready`].
pub fn serve(model: &dyn PolarityModel, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    send(&mut output, &Reply::Ready(model.name()))?;
    for line in input.lines() {
        let reply = match serde_json::from_str::<Request<String>>(&line?) {
            Ok(Request::Read { sentences, embed }) if sentences.len() == embed.len() => {
                Reply::Read(model.read(&borrowed(&sentences), &embed))
            }
            Ok(Request::Read { sentences, embed }) => {
                Reply::Error(format!("{} sentences with {} embed flags", sentences.len(), embed.len()))
            }
            Err(err) => Reply::Error(format!("not a tone request: {err}")),
        };
        send(&mut output, &reply)?;
    }
    Ok(())
}

/// Writes one reply line and flushes it: the other side is waiting for it.
pub fn send(output: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    serde_json::to_writer(&mut *output, reply)?;
    output.write_all(b"\n")?;
    output.flush()
}

fn borrowed(strings: &[String]) -> Vec<&str> {
    strings.iter().map(String::as_str).collect()
}

/// The worker binary: `CLAIMSCOPE_TONE_WORKER`, else `claimscope-tone`
/// beside the running binary, or one folder up, where cargo keeps the
/// binaries that its test and bench executables (in `deps/`) run beside.
pub fn locate() -> PathBuf {
    if let Some(path) = std::env::var_os("CLAIMSCOPE_TONE_WORKER") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    let here = exe.parent().map(|dir| dir.join(WORKER)).unwrap_or_else(|| PathBuf::from(WORKER));
    let above = exe.parent().and_then(Path::parent).map(|dir| dir.join(WORKER));
    match above {
        Some(above) if !here.exists() && above.exists() => above,
        _ => here,
    }
}

/// A running worker and the pipes to it.
struct Process {
    child: Child,
    /// `None` only while dropping: closing it ends the worker's loop.
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Process {
    fn start(path: &Path, args: &[OsString]) -> Result<(Process, String), WorkerError> {
        if !path.exists() {
            return Err(WorkerError::Missing { path: path.to_path_buf() });
        }
        let mut command = Command::new(path);
        // libtorch's OpenMP threads spin for a while after each operation by
        // default; between the short operations of a forward pass that
        // burned as much CPU as the model (ingest of 400 pages: 74.6 s CPU
        // in 38.9 s), and far more while another process held a core.
        // Read by libgomp when the worker loads, so it is set here.
        if std::env::var_os("OMP_WAIT_POLICY").is_none() {
            command.env("OMP_WAIT_POLICY", "PASSIVE");
        }
        let mut child = command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|source| WorkerError::Spawn { path: path.to_path_buf(), source })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            unreachable!("both pipes were asked for")
        };
        let mut process = Process { child, stdin: Some(stdin), stdout: BufReader::new(stdout) };
        match process.read(path)? {
            Reply::Ready(name) => Ok((process, name)),
            Reply::Error(message) => Err(WorkerError::Refused { path: path.to_path_buf(), message }),
            other => Err(gone(path, format!("it began with {other:?}"))),
        }
    }

    fn ask(&mut self, path: &Path, request: &Request<&str>) -> Result<Reply, WorkerError> {
        let mut line = serde_json::to_vec(request).expect("strings always serialise");
        line.push(b'\n');
        let stdin = self.stdin.as_mut().expect("open until drop");
        stdin.write_all(&line).and_then(|()| stdin.flush()).map_err(|err| gone(path, err.to_string()))?;
        self.read(path)
    }

    fn read(&mut self, path: &Path) -> Result<Reply, WorkerError> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) => Err(gone(path, "it exited".to_string())),
            Ok(_) => serde_json::from_str(&line).map_err(|err| gone(path, format!("unreadable reply: {err}"))),
            Err(err) => Err(gone(path, err.to_string())),
        }
    }
}

impl Drop for Process {
    /// Closing stdin ends the worker's loop; wait so no zombie is left.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn gone(path: &Path, reason: String) -> WorkerError {
    WorkerError::Gone { path: path.to_path_buf(), reason }
}

/// The transformer's polarity, computed by a `claimscope-tone` process.
/// Calls take turns, as they did on the in-process model, whose forward
/// pass uses every libtorch thread anyway.
pub struct ToneWorker {
    path: PathBuf,
    args: Vec<OsString>,
    name: String,
    process: Mutex<Option<Process>>,
}

impl ToneWorker {
    /// Starts the worker at `path` with `args` and waits until its model
    /// has loaded, so a missing model is an error here, before any page.
    pub fn start(path: PathBuf, args: Vec<OsString>) -> Result<ToneWorker, WorkerError> {
        let (process, name) = Process::start(&path, &args)?;
        Ok(ToneWorker { path, args, name, process: Mutex::new(Some(process)) })
    }

    /// One reply, restarting the worker once if it died (killed for memory,
    /// say) so that one lost process does not end a long run.
    fn call(&self, request: &Request<&str>) -> Reply {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut last = None;
        for _ in 0..2 {
            let attempt = match slot.as_mut() {
                Some(process) => process.ask(&self.path, request),
                None => Process::start(&self.path, &self.args)
                    .and_then(|(process, _)| slot.insert(process).ask(&self.path, request)),
            };
            match attempt {
                Ok(reply) => return reply,
                Err(err) => {
                    *slot = None;
                    last = Some(err);
                }
            }
        }
        panic!("{}", last.expect("two attempts failed"))
    }
}

impl PolarityModel for ToneWorker {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn polarity(&self, sentences: &[&str]) -> Vec<(ToneLabel, f64)> {
        self.read(sentences, &vec![false; sentences.len()]).into_iter().map(|r| r.polarity).collect()
    }

    /// The worker runs the transformer, which embeds.
    fn embeds(&self) -> bool {
        true
    }

    fn read(&self, sentences: &[&str], embed: &[bool]) -> Vec<Reading> {
        if sentences.is_empty() {
            return Vec::new();
        }
        match self.call(&Request::Read { sentences: sentences.to_vec(), embed: embed.to_vec() }) {
            Reply::Read(readings) if readings.len() == sentences.len() => readings,
            other => panic!("{}: {} sentences got {other:?}", self.path.display(), sentences.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tone::Lexicon;

    /// The worker's loop on the lexicon: a ready line, then one reply per
    /// request in order, a bad line answered with an error and not the end.
    #[test]
    fn serve_answers_each_request_in_order() {
        let input = concat!(
            r#"{"read":{"sentences":["Japan's holdings rose to a record high.","Bond prices plunged."],"embed":[true,false]}}"#,
            "\n",
            "not json\n",
            r#"{"read":{"sentences":["a lead"],"embed":[]}}"#,
            "\n",
        );
        let mut output = Vec::new();
        serve(&Lexicon, input.as_bytes(), &mut output).unwrap();
        let replies: Vec<Reply> =
            String::from_utf8(output).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert!(matches!(&replies[0], Reply::Ready(name) if *name == Lexicon.name()), "{replies:?}");
        // The lexicon has no embeddings to give, asked or not.
        let expected = Lexicon.read(&["Japan's holdings rose to a record high.", "Bond prices plunged."], &[true, false]);
        assert!(expected.iter().all(|r| r.embedding.is_none()));
        assert!(matches!(&replies[1], Reply::Read(got) if *got == expected), "{replies:?}");
        assert!(matches!(&replies[2], Reply::Error(message) if message.starts_with("not a tone request")), "{replies:?}");
        assert!(matches!(&replies[3], Reply::Error(message) if message == "1 sentences with 0 embed flags"), "{replies:?}");
        assert_eq!(replies.len(), 4);
    }

    #[test]
    fn precision_names_parse_back() {
        use clap::ValueEnum;
        for precision in [Precision::F32, Precision::Bf16] {
            assert_eq!(Precision::from_str(precision.as_str(), false), Ok(precision));
        }
        assert!(Precision::from_str("fp16", false).is_err());
    }

    #[test]
    fn a_missing_worker_is_named_with_the_fix() {
        let err = ToneWorker::start(PathBuf::from("/nonexistent/claimscope-tone"), Vec::new()).err().unwrap();
        let message = err.to_string();
        assert!(message.starts_with("/nonexistent/claimscope-tone: "), "{message}");
        assert!(message.contains("--features transformer") && message.contains("--tone lexicon"), "{message}");
    }
}
