//! The named-netns store as a library: failures are values (operation,
//! path or name as bytes, errno) that render as ip's own lines, and no
//! library module prints or exits on its own.

use crate::common::*;
use nix::errno::Errno;
use rns::netns::{self, Op};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

#[test]
fn store_errors_are_values_in_ips_words() {
    let name = unique("rns-api-");
    let e = netns::pids(OsStr::new(&name)).expect_err("no such name");
    assert_eq!(e.op(), &Op::OpenNs);
    assert_eq!(e.errno(), Errno::ENOENT);
    assert_eq!(
        e.subject(),
        Path::new(netns::RUN_DIR).join(&name).as_os_str()
    );
    assert!(!e.is_fatal() && e.later().is_none());
    let ip = host("ip", &["netns", "pids", &name]);
    assert_eq!((ip.stderr, ip.code), (format!("{e}\n"), 1));
    assert_eq!(e.lines().concat(), format!("{e}\n").into_bytes());
    let ours = rns("netns", &["pids", &name]);
    assert_eq!(ours.stderr, format!("{e}\n"));
}

#[test]
fn error_subjects_keep_names_that_are_not_utf8() {
    let mut name = b"rns-api-\xff".to_vec();
    name.extend_from_slice(unique("").as_bytes());
    let e = netns::pids(OsStr::from_bytes(&name)).expect_err("no such name");
    assert!(e.subject().as_bytes().ends_with(&name));
    let _: &dyn std::error::Error = &e;
}

/// Library files that may still print or exit, and why.
const ALLOWED: &[(&str, &str)] = &[
    (
        "sys/process.rs",
        "defines exit_now (_exit) for forked children",
    ),
    (
        "netns/keeper.rs",
        "the keeper's forked children _exit (documented)",
    ),
    ("ids/userdb.rs", "the getent child _exits when exec fails"),
];

#[test]
fn library_modules_neither_print_nor_exit() {
    const WORDS: &[&str] = &[
        "say!(",
        "print!(",
        "println!(",
        "eprint!(",
        "eprintln!(",
        "stdout()",
        "stderr()",
        "exit_now(",
        "process::exit(",
    ];
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib");
    let mut found = Vec::new();
    for path in walk(&lib).unwrap() {
        let rel = path
            .strip_prefix(&lib)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with("applet/") || ALLOWED.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for w in WORDS.iter().filter(|w| text.contains(*w)) {
            found.push(format!("{rel}: {w}"));
        }
    }
    assert!(found.is_empty(), "library code prints or exits: {found:#?}");
}

fn walk(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            out.extend(walk(&p)?);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    Ok(out)
}
