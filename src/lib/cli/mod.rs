//! Command-line plumbing shared by the applets: the flag table types, a
//! getopt_long-compatible parser on lexopt, `--help` rendering, and output
//! helpers that behave like util-linux's `close_stdout`.

mod getopt;
mod help;

pub use getopt::{getopt, getopt_with, Given};
pub use help::{render_help, HelpStyle};

use crate::error::{io_errno, Error, Op, Result};
use std::ffi::OsString;
use std::io::Write;

/// How an option takes its argument (getopt's `no_argument`,
/// `required_argument`, `optional_argument`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    NoArg,
    Required,
    /// Only `--opt=VAL` or an attached short `-xVAL`.
    Optional,
}

/// What a shell should complete for an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complete {
    Nothing,
    File,
    Dir,
    Command,
    User,
    Group,
    Pid,
    Signal,
    NetnsName,
    /// One of a fixed set of words.
    Words(&'static [&'static str]),
}

/// One option of an applet. The table of these is the single source of truth
/// for parsing, `--help`, the man-page drift test and the completions.
#[derive(Debug, Clone, Copy)]
pub struct Flag<Id: 'static> {
    pub id: Id,
    pub short: Option<char>,
    pub long: &'static str,
    pub arg: ArgKind,
    /// The value as `--help` shows it, e.g. `[=<file>]` or ` <dir>`.
    pub value: &'static str,
    /// The help text; further lines are indented under the first.
    pub help: &'static str,
    /// Blank line before this entry in `--help`.
    pub section: bool,
    /// Position in the reference tool's `longopts` array: glibc lists
    /// ambiguous prefixes in that order.
    pub rank: u8,
    pub complete: Complete,
}

/// A flag without its applet-specific id: what docs, completions and the
/// drift tests read.
#[derive(Debug, Clone, Copy)]
pub struct FlagDoc {
    pub short: Option<char>,
    pub long: &'static str,
    pub arg: ArgKind,
    pub value: &'static str,
    pub help: &'static str,
    pub complete: Complete,
}

impl<Id> Flag<Id> {
    pub fn doc(&self) -> FlagDoc {
        FlagDoc {
            short: self.short,
            long: self.long,
            arg: self.arg,
            value: self.value,
            help: self.help,
            complete: self.complete,
        }
    }
}

/// The docs view of a whole table.
pub fn docs<Id>(table: &[Flag<Id>]) -> Vec<FlagDoc> {
    table.iter().map(Flag::doc).collect()
}

/// An applet's invocation: argv[0] as given (glibc's getopt prints it) and
/// the basename util-linux prints everywhere else.
#[derive(Debug, Clone)]
pub struct Prog {
    pub argv0: String,
    pub name: String,
}

impl Prog {
    pub fn new(argv0: &str) -> Prog {
        let name = argv0.rsplit('/').next().unwrap_or(argv0).to_string();
        Prog {
            argv0: argv0.to_string(),
            name,
        }
    }

    /// Report an error the way the reference tools do, return the status.
    pub fn fail(&self, e: &Error) -> i32 {
        e.report(&self.argv0, &self.name)
    }
}

/// Write `text` to stdout and flush, as util-linux's close_stdout does at
/// exit: a failure prints `PROG: write error: ...` and exits 1.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::os(Op::Call("write error"), io_errno(&e)))
}

/// `--version` in util-linux's form, with rns's own version appended.
pub fn version_text(name: &str) -> String {
    format!(
        "{name} from util-linux 2.42 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Parse a decimal the way util-linux's `strtoul_or_err` does (HEAD): digits
/// only, no sign; errors `MSG: 'ARG'` (EINVAL) or with strerror (ERANGE).
pub fn parse_u32(arg: &OsString, msg: &str) -> Result<u32> {
    let s = arg.to_string_lossy();
    let bad = || Error::msg(format!("{msg}: '{s}'"));
    if s.starts_with('-') {
        return Err(range_error(msg, &s));
    }
    let digits = s.trim_start_matches('+');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || s.starts_with("++") {
        return Err(bad());
    }
    match digits.parse::<u64>() {
        Ok(v) if v <= u64::from(u32::MAX) => Ok(v as u32),
        _ => Err(range_error(msg, &s)),
    }
}

/// `strtos64_or_err`: a signed 64-bit decimal.
pub fn parse_i64(arg: &OsString, msg: &str) -> Result<i64> {
    let s = arg.to_string_lossy();
    let body = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let digits = body.trim_start_matches(['+', '-']);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || body.len() - digits.len() > 1
    {
        return Err(Error::msg(format!("{msg}: '{s}'")));
    }
    body.parse::<i64>().map_err(|_| range_error(msg, &s))
}

fn range_error(msg: &str, s: &str) -> Error {
    Error::Os {
        code: 1,
        op: Op::Text(format!("{msg}: '{s}'")),
        errno: nix::errno::Errno::ERANGE,
    }
}
