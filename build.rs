//! Bakes the libtorch directory that torch-sys linked against into the
//! binaries' rpath, so they run without LD_LIBRARY_PATH. torch-sys (links =
//! "tch") exports it only with the `transformer` feature; without it this
//! does nothing.

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
