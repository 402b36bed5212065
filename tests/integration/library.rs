//! The library as an outside crate uses it: examples/netns_exec.rs and
//! examples/seed.rs, built by `cargo test` (which compiles the examples),
//! run as root in a sandbox.

use crate::common::*;

/// The example's binary, beside the rns binary cargo built for this run.
fn example(name: &str) -> std::path::PathBuf {
    let rns = std::path::Path::new(env!("CARGO_BIN_EXE_rns"));
    let path = rns.parent().unwrap().join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing: README's `cargo test --locked` builds the examples \
         (a filtered `cargo test --test integration` does not)",
        path.display()
    );
    path
}

/// netns_exec makes a named namespace, runs a program there (a /sys of that
/// namespace, only its loopback), and deletes the name again.
#[test]
fn netns_exec_example_runs_a_program_in_a_fresh_named_namespace() {
    let Some(t) = Test::new().root().sandbox().ready() else {
        return;
    };
    let bin = example("netns_exec");
    let o = t.sh(&format!(
        r#"{} sh -c 'ls /sys/class/net; ip -o link | cut -d: -f2; ls /run/netns'; echo rc=$?
ls -A /run/netns | wc -l"#,
        bin.display()
    ));
    assert_eq!(o.stdout, "lo\n lo\nrns-example\nrc=0\n0\n", "{o:?}");
    assert_eq!(o.stderr, "", "{o:?}");
}

/// seed makes a named namespace, wires a veth pair into it with addresses
/// through `rns::veth`, pings across from inside, and removes everything:
/// no name, no link left.
#[test]
fn seed_example_wires_pings_and_cleans_up() {
    let Some(t) = Test::new().root().tool("/usr/bin/ping").sandbox().ready() else {
        return;
    };
    let bin = example("seed");
    let o = t.sh(&format!(
        r#"exec unshare -n sh -c '{} > /run/out; echo rc=$?; grep -c " 0% packet loss" /run/out
ls -A /run/netns | wc -l; ip -o link | grep -c rs-'"#,
        bin.display()
    ));
    assert_eq!(o.stdout, "rc=0\n1\n0\n0\n", "{o:?}");
}
