//! The build itself: native on any 64-bit glibc Linux host, static and
//! non-PIE (docs/performance.md), and documented where a new user looks.

use crate::common::*;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The host's target tuple, as rustc reports it.
fn host_tuple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let o = std::process::Command::new(rustc)
        .args(["--print", "host-tuple"])
        .output()
        .expect("rustc");
    assert!(o.status.success(), "{o:?}");
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// `rustc --print cfg --target TUPLE`: needs no standard library for it.
fn cfg_of(tuple: &str) -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let o = std::process::Command::new(rustc)
        .args(["--print", "cfg", "--target", tuple])
        .output()
        .expect("rustc");
    assert!(o.status.success(), "{o:?}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn cargo_config_builds_natively_on_every_64_bit_glibc_host() {
    let config = read(".cargo/config.toml");
    let settings: Vec<&str> = config
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    // The target is explicit (so the flags skip build scripts and
    // proc-macros) but is the host's, whatever its architecture.
    assert!(settings.contains(&"target = \"host-tuple\""), "{config}");
    let headers: Vec<&&str> = settings.iter().filter(|l| l.starts_with('[')).collect();
    for h in &headers {
        assert!(
            *h == &"[build]" || h.starts_with("[target.'cfg("),
            "{h}: a section for one architecture"
        );
    }
    // Every condition of the flags' section holds on x86_64 and aarch64.
    let cfg = headers.iter().find(|h| h.contains("cfg(")).expect("flags");
    let atoms: Vec<String> = cfg
        .split(['(', ')', ','])
        .filter(|a| a.contains('='))
        .map(|a| a.trim().replace(" = ", "="))
        .collect();
    assert!(atoms.len() >= 3, "{atoms:?}");
    for tuple in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
        let have = cfg_of(tuple);
        for a in &atoms {
            assert!(have.lines().any(|l| l == a), "{tuple} lacks {a}");
        }
    }
    assert!(
        !config.contains("shared/"),
        "names a file outside the repository"
    );
}

#[test]
fn the_binary_lands_in_the_host_tuple_directory_readme_names() {
    let bin = Path::new(env!("CARGO_BIN_EXE_rns"));
    let tuple_dir = bin.parent().and_then(Path::parent).unwrap();
    assert_eq!(
        tuple_dir.file_name().unwrap().to_str(),
        Some(&*host_tuple())
    );
    let readme = read("README.md");
    assert!(
        readme.contains("target/$(rustc --print host-tuple)/release/rns"),
        "README does not say where the binary lands"
    );
    let msrv = env!("CARGO_PKG_RUST_VERSION");
    assert!(
        readme.contains(&format!("Rust {msrv} or newer")),
        "README does not state Rust {msrv}"
    );
}

#[test]
fn nothing_names_one_architectures_target_directory() {
    // Built from pieces so that this file does not match itself.
    let pins = [
        format!("target/{}-unknown", "x86_64"),
        format!("target/{}-unknown", "aarch64"),
    ];
    let mut files = vec!["README.md".to_string(), "install.sh".to_string()];
    for dir in ["bench", "docs", "man", "tests/integration"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            files.push(format!("{dir}/{name}"));
        }
    }
    for f in files {
        let Ok(text) = std::fs::read_to_string(root().join(&f)) else {
            continue;
        };
        for p in &pins {
            assert!(!text.contains(p.as_str()), "{f} names {p}");
        }
    }
}

/// Static (no PT_INTERP, no PT_DYNAMIC) and, on the 64-bit glibc targets
/// the config covers, non-PIE (ET_EXEC): see docs/performance.md.
#[test]
fn the_built_binary_is_static_and_not_pie() {
    let elf = std::fs::read(rns_bin()).unwrap();
    assert_eq!(&elf[..5], b"\x7fELF\x02", "a 64-bit ELF file");
    let u16_at = |o: usize| u16::from_le_bytes([elf[o], elf[o + 1]]);
    let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap());
    let phoff = u64::from_le_bytes(elf[32..40].try_into().unwrap()) as usize;
    let (phentsize, phnum) = (usize::from(u16_at(54)), usize::from(u16_at(56)));
    let types: Vec<u32> = (0..phnum).map(|i| u32_at(phoff + i * phentsize)).collect();
    const ET_EXEC: u16 = 2;
    const PT_DYNAMIC: u32 = 2;
    const PT_INTERP: u32 = 3;
    assert_eq!(u16_at(16), ET_EXEC, "a position-dependent executable");
    assert!(!types.contains(&PT_INTERP), "no dynamic loader");
    assert!(!types.contains(&PT_DYNAMIC), "no dynamic section");
}
