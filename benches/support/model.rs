//! Where the tone benches find MiniLM: as the CLI's `--model-dir` does,
//! `CLAIMSCOPE_MODEL_DIR` (which scripts/test and scripts/demo set), else
//! where the setup script puts it.

use std::path::PathBuf;

// The bench that includes this file includes src/transformer.rs too.
use crate::transformer::default_model_dir;

pub fn model_dir() -> PathBuf {
    std::env::var_os("CLAIMSCOPE_MODEL_DIR").map_or_else(default_model_dir, PathBuf::from)
}
