//! claimscope-tone: the transformer tone worker. `claimscope` starts it when
//! a command scores tone and talks to it over stdin and stdout (see
//! `claimscope::tone::worker`), so that only this binary (and `tone-train`)
//! links libtorch. The transformer module is compiled in here, not into the
//! library, which is what keeps libtorch out of `claimscope`.

use std::io::{stdin, stdout, BufWriter};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use claimscope::tone::worker::{send, serve, Reply};

// Shared with tone-train and the tone benches, each using part of it.
#[allow(dead_code)]
#[path = "../transformer.rs"]
mod transformer;

use transformer::{default_model_dir, set_threads, Precision, TransformerPolarity};

#[derive(Parser)]
#[command(version, about = "The transformer tone worker that claimscope starts; not meant to be run by hand")]
struct Args {
    /// The MiniLM model folder.
    #[arg(long, value_name = "DIR", env = "CLAIMSCOPE_MODEL_DIR", default_value_os_t = default_model_dir())]
    model_dir: PathBuf,
    /// The number format. Default: the faster on this CPU.
    #[arg(long, value_enum, env = "CLAIMSCOPE_PRECISION")]
    precision: Option<Precision>,
    /// libtorch threads. Default: one per core.
    #[arg(long, env = "CLAIMSCOPE_THREADS")]
    threads: Option<NonZeroUsize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    keep_freed_memory();
    if let Some(threads) = args.threads {
        set_threads(threads);
    }
    let mut out = BufWriter::new(stdout().lock());
    let served = match TransformerPolarity::load(&args.model_dir, args.precision.unwrap_or_else(Precision::native)) {
        Ok(model) => serve(&model, stdin().lock(), &mut out),
        Err(err) => {
            let _ = send(&mut out, &Reply::Error(err.to_string()));
            return ExitCode::from(2);
        }
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe is claimscope ending without saying goodbye.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("claimscope-tone: {err}");
            ExitCode::from(1)
        }
    }
}

/// Keeps the buffers of one forward pass in the heap for the next. By
/// default glibc maps each block over 128 KiB afresh and unmaps it when
/// freed, so every batch's activations were new pages to fault in and
/// zero: about a quarter of the worker's CPU time, in the kernel.
fn keep_freed_memory() {
    const MIB: libc::c_int = 1 << 20;
    // SAFETY: mallopt only sets the allocator's parameters.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * MIB);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 * MIB);
    }
}
