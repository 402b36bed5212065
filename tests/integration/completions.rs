//! The shell completions driven for real: bash, zsh and fish complete
//! command lines and must offer what the flag tables say.

use crate::common::*;
use crate::docs::{applets, read, root, same_set, table_words};
use std::collections::BTreeSet;
use std::path::PathBuf;

mod bash;
mod fish;
mod zsh;

pub(crate) fn bash_file() -> PathBuf {
    root().join("completions/rns.bash")
}

pub(crate) fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn got(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

#[test]
fn completion_files_parse() {
    let o = run(cmd("/bin/bash").arg("-n").arg(bash_file()));
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "bash -n");
    if need_tool("/usr/bin/zsh") {
        let o = run(cmd("/usr/bin/zsh")
            .arg("-n")
            .arg(root().join("completions/_rns")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "zsh -n");
    }
    if need_tool("/usr/bin/fish") {
        let o = run(cmd("/usr/bin/fish")
            .arg("--no-execute")
            .arg(root().join("completions/rns.fish")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "fish --no-execute");
    }
}

/// The bash template lints clean on its own (the tables it reads are
/// generated around it, hence SC2154) and so does the generated file.
#[test]
fn bash_completion_is_shellcheck_clean() {
    if !need_tool("/usr/bin/shellcheck") {
        return;
    }
    let template = root().join("src/lib/docs/templates/engine.bash");
    let o = run(cmd("/usr/bin/shellcheck")
        .args(["--shell=bash", "--exclude=SC2154"])
        .arg(&template));
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "shellcheck template");
    let o = run(cmd("/usr/bin/shellcheck").arg(bash_file()));
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "shellcheck rns.bash");
}
