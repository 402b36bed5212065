//! Command-line plumbing shared by the applets: the flag table types, a
//! getopt_long-compatible parser on lexopt, `--help` rendering, and output
//! helpers that behave like util-linux's `close_stdout`.
//!
//! One table of [`Flag`]s per applet drives [`getopt`], [`render_help`],
//! the man-page drift test and the shell completions.

mod getopt;
mod help;

pub use getopt::{getopt, Given};
pub use help::{render_help, HelpStyle};

use crate::cnum;
use crate::error::{Error, Op, Result};
use nix::errno::Errno;
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

/// How an option takes its argument (getopt's `no_argument`,
/// `required_argument`, `optional_argument`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// No value (`-h`, `--help`).
    NoArg,
    /// A value, attached or the next argument (`-t DIR`, `--target=DIR`).
    Required,
    /// Only `--opt=VAL` or an attached short `-xVAL` (getopt's `x::`).
    Optional,
    /// Optional in the long form (`--opt=VAL`); the short form takes none
    /// (unshare's `-n`: in `-n/x`, `/` is another option).
    LongOptional,
}

/// What a shell should complete for an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complete {
    /// No value, or nothing a shell could offer.
    Nothing,
    /// A file name.
    File,
    /// A directory name.
    Dir,
    /// A command on `$PATH`.
    Command,
    /// A user name.
    User,
    /// A group name.
    Group,
    /// A process id.
    Pid,
    /// A signal name.
    Signal,
    /// The name of a named network namespace (`/run/netns`).
    NetnsName,
    /// One of a fixed set of words.
    Words(&'static [&'static str]),
}

/// One option of an applet. The table of these is the single source of truth
/// for parsing, `--help`, the man-page drift test and the completions.
#[derive(Debug, Clone, Copy)]
pub struct Flag<Id: 'static> {
    /// What the applet matches on when the option is given.
    pub id: Id,
    /// The short form (`-m`), if any.
    pub short: Option<char>,
    /// The long form without its dashes (`mount`); empty for none.
    pub long: &'static str,
    /// How the option takes a value.
    pub arg: ArgKind,
    /// The value as `--help` shows it, e.g. `[=<file>]` or ` <dir>`.
    pub value: &'static str,
    /// The help text; further lines are indented under the first.
    pub help: &'static str,
    /// Blank line before this entry in `--help`.
    pub section: bool,
    /// In `--help`, the description stays on the option's line (after two
    /// spaces) even where the option fills the left column.
    pub same_line: bool,
    /// Position in the reference tool's `longopts` array: glibc lists
    /// ambiguous prefixes in that order.
    pub rank: u8,
    /// What a shell completes for the value.
    pub complete: Complete,
}

impl<Id> Flag<Id> {
    /// A table entry (`section` off; see [`Flag::section`]).
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        id: Id,
        short: Option<char>,
        long: &'static str,
        arg: ArgKind,
        value: &'static str,
        help: &'static str,
        rank: u8,
        complete: Complete,
    ) -> Flag<Id> {
        Flag {
            id,
            short,
            long,
            arg,
            value,
            help,
            section: false,
            same_line: false,
            rank,
            complete,
        }
    }

    /// `-h, --help` (util-linux's wording), in a section of its own.
    pub const fn help(id: Id, rank: u8) -> Flag<Id> {
        let f = Flag::new(
            id,
            Some('h'),
            "help",
            ArgKind::NoArg,
            "",
            "display this help",
            rank,
            Complete::Nothing,
        );
        f.section()
    }

    /// `-V, --version`.
    pub const fn version(id: Id, rank: u8) -> Flag<Id> {
        Flag::new(
            id,
            Some('V'),
            "version",
            ArgKind::NoArg,
            "",
            "display version",
            rank,
            Complete::Nothing,
        )
    }

    /// The same entry with a blank line before it in `--help`.
    pub const fn section(mut self) -> Flag<Id> {
        self.section = true;
        self
    }

    /// The same entry with its description kept on its line in `--help`
    /// (see [`Flag::same_line`]).
    pub const fn same_line(mut self) -> Flag<Id> {
        self.same_line = true;
        self
    }
}

/// A flag without its applet-specific id: what docs, completions and the
/// drift tests read.
#[derive(Debug, Clone, Copy)]
pub struct FlagDoc {
    /// [`Flag::short`].
    pub short: Option<char>,
    /// [`Flag::long`].
    pub long: &'static str,
    /// [`Flag::arg`].
    pub arg: ArgKind,
    /// [`Flag::value`].
    pub value: &'static str,
    /// [`Flag::help`].
    pub help: &'static str,
    /// [`Flag::complete`].
    pub complete: Complete,
}

impl<Id> Flag<Id> {
    /// This entry without its id.
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

/// An applet's invocation: `argv[0]` as given (glibc's getopt prints it)
/// and the basename util-linux prints everywhere else.
#[derive(Debug, Clone)]
pub struct Prog {
    /// `argv[0]` as given, for getopt's messages.
    pub argv0: String,
    /// Its basename, for every other message.
    pub name: String,
}

impl Prog {
    /// The invocation `argv0`; [`Prog::name`] is its last `/` component.
    pub fn new(argv0: &str) -> Prog {
        let name = argv0.rsplit('/').next().unwrap_or(argv0).to_string();
        Prog {
            argv0: argv0.to_string(),
            name,
        }
    }
}

// The applets' stdout writer lives with them (the parser never prints);
// re-exported for the applets' call sites.
#[doc(hidden)]
pub use crate::applet::report::print_stdout;

/// `--version` in util-linux's form, with rns's own version appended.
pub fn version_text(name: &str) -> String {
    format!(
        "{name} from util-linux 2.42 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Parse a decimal the way util-linux's `strtoul_or_err` does (HEAD):
/// [`cnum::ul_strtou64`]; a negative number (other than `-0`) or one past
/// 64 bits is ERANGE (`MSG: 'ARG': Numerical result out of range`),
/// anything else bad EINVAL (`MSG: 'ARG'`). The 64-bit value is then
/// stored in a `uid_t`, so it is truncated to 32 bits as util-linux's
/// callers do ([`cnum::c_uint`]).
pub(crate) fn parse_u32(arg: &OsString, msg: &str) -> Result<u32> {
    cnum::ul_strtou64(arg.as_bytes())
        .map(cnum::c_uint)
        .map_err(|e| num_error(msg, arg, e))
}

/// `strtos64_or_err`: [`cnum::ul_strtos64`] (a range error wins over
/// trailing junk, as in util-linux).
pub(crate) fn parse_i64(arg: &OsString, msg: &str) -> Result<i64> {
    cnum::ul_strtos64(arg.as_bytes()).map_err(|e| num_error(msg, arg, e))
}

/// nsenter's `-N FD`: `str2num_or_err(.., 0, INT_MAX)`, [`cnum::ul_fd`].
pub(crate) fn parse_fd(arg: &OsString) -> Result<i32> {
    cnum::ul_fd(arg.as_bytes()).map_err(|e| num_error("failed to parse file descriptor", arg, e))
}

/// util-linux's `*_or_err` failure: `MSG: 'ARG'`, with strerror for
/// ERANGE only.
fn num_error(msg: &str, arg: &OsString, e: Errno) -> Error {
    let text = format!("{msg}: '{}'", arg.to_string_lossy());
    if e == Errno::ERANGE {
        Error::os(Op::Text(text), e)
    } else {
        Error::msg(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> std::result::Result<u32, String> {
        parse_u32(&s.into(), "m").map_err(|e| match e {
            Error::Os { .. } => "ERANGE".to_string(),
            _ => "EINVAL".to_string(),
        })
    }

    #[test]
    fn strtoul_or_err_semantics() {
        assert_eq!(u("5"), Ok(5));
        assert_eq!(u(" +5"), Ok(5));
        assert_eq!(u("-0"), Ok(0));
        assert_eq!(u("4294967296"), Ok(0));
        assert_eq!(u("18446744073709551615"), Ok(u32::MAX));
        for e in [
            "-1",
            " -1",
            "-5x",
            "18446744073709551616",
            "-99999999999999999999999",
        ] {
            assert_eq!(u(e), Err("ERANGE".into()), "{e}");
        }
        for e in ["", " ", "+", "-", "abc", "5x", "++5", "0x10", "5 "] {
            assert_eq!(u(e), Err("EINVAL".into()), "{e}");
        }
    }

    #[test]
    fn strtos64_or_err_semantics() {
        let i = |s: &str| parse_i64(&s.into(), "m").map_err(|e| e.code());
        assert_eq!(i("-5").ok(), Some(-5));
        assert_eq!(i(" +7").ok(), Some(7));
        assert_eq!(i("-9223372036854775808").ok(), Some(i64::MIN));
        assert!(i("9223372036854775808").is_err());
        assert!(i("abc").is_err());
        assert!(i("1e3").is_err());
    }
}
