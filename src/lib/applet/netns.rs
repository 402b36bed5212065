//! `netns`: not built yet.

use crate::cli::Prog;
use std::ffi::OsString;

pub fn main(prog: &Prog, _args: Vec<OsString>) -> i32 {
    eprintln!("{}: the netns applet is not built yet", prog.name);
    1
}

pub const WORDS: &[&str] = &[];

pub fn flag_docs() -> Vec<crate::cli::FlagDoc> {
    Vec::new()
}
