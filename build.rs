//! Links the `rns` binary with src/bin/rns.ld on Linux: the code unshare and
//! nsenter run before execve packed into one place, so that startup faults
//! in a few pages of text instead of one 64 KiB window in each of 18 (see
//! bench/hot-text, which generates the script, and docs/performance.md).
//! Only the binary is linked with it; the library, tests and examples are
//! not. Without the script (bench/hot-text writes it anew) the build goes on
//! without it.

fn main() {
    let script = "src/bin/rns.ld";
    println!("cargo:rerun-if-changed={script}");
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let path = format!("{dir}/{script}");
    if os == "linux" && std::path::Path::new(&path).is_file() {
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{path}");
    }
}
