//! ip's global options: one table, in ip's first-match order, that the
//! parser walks and that `-help`, the man page and the completions read.

use super::{invarg, matches, out, say, Exit, Opts, USAGE};
use crate::cli::{ArgKind, Complete, Flag, FlagDoc};
use crate::netns;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;

/// What one of ip's global options does in `ip netns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// Accepted and ignored (`-4`, `-details`, ...).
    Ignore,
    /// Takes a value that does not matter here (`-loops N`); the text
    /// names it in ip's missing-argument message.
    Skip(&'static str),
    /// `-family NAME`: checked, then ignored.
    Family,
    /// `-rcvbuf SIZE`: checked, then ignored.
    Rcvbuf,
    /// `-Version`: print the version line and exit.
    Version,
    /// `-force`: a batch goes on after a failed command.
    Force,
    /// `-batch FILE`: run the commands in FILE.
    Batch,
    /// `-json`.
    Json,
    /// `-pretty`: indented JSON.
    Pretty,
    /// `-color[=WHEN]`: accepted, no effect on `ip netns`.
    Color,
    /// `-help`: usage and options, to stderr.
    Help,
    /// `-netns NAME`: run the subcommand inside namespace NAME.
    Netns,
    /// `-all`: delete, or exec in, every named namespace.
    All,
}

/// How ip recognises an option word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Any non-empty prefix of `-NAME` (ip's `matches()`).
    Prefix,
    /// `-NAME` only (ip's `strcmp()`).
    Exact,
    /// `-c`, `-color`, `-color=WHEN`: at least two characters of `-color`.
    Color,
}

/// One global option: how ip matches it, and its table entry. Entries
/// with help text are documented; for them `rank` is the place in `-help`
/// and the docs (ip's first-match order is the table's own).
#[derive(Debug, Clone, Copy)]
pub struct GlobalOpt {
    matching: Match,
    /// Name (without its `-`), whether it takes a value, and the docs.
    pub flag: Flag<Global>,
}

/// An undocumented option: NAME without its `-`.
const fn ip(name: &'static str, matching: Match, id: Global) -> GlobalOpt {
    let arg = match id {
        Global::Skip(_) | Global::Family | Global::Rcvbuf | Global::Batch | Global::Netns => {
            ArgKind::Required
        }
        _ => ArgKind::NoArg,
    };
    let flag = Flag::new(id, None, name, arg, "", "", u8::MAX, Complete::Nothing);
    GlobalOpt { matching, flag }
}

impl GlobalOpt {
    /// The same option, documented: `-help` lists it at place `rank`.
    const fn doc(
        mut self,
        short: Option<char>,
        value: &'static str,
        help: &'static str,
        complete: Complete,
        rank: u8,
    ) -> GlobalOpt {
        self.flag.short = short;
        self.flag.value = value;
        self.flag.help = help;
        self.flag.complete = complete;
        self.flag.rank = rank;
        self
    }

    /// Whether OPT (the word, one `-` of a `--` dropped) is this option.
    fn is(&self, opt: &[u8]) -> bool {
        let Some(rest) = opt.strip_prefix(b"-") else {
            return false;
        };
        let name = self.flag.long.as_bytes();
        match self.matching {
            Match::Prefix => name.starts_with(rest),
            Match::Exact => rest == name,
            Match::Color => is_color(opt),
        }
    }
}

use Match::{Exact, Prefix};

/// ip's global options in its first-match order (`ip -d` is `-details`,
/// `ip -n` is `-netns`, `ip -a` is `-all`).
pub static GLOBALS: &[GlobalOpt] = &[
    ip("loops", Prefix, Global::Skip("loop count")),
    ip("family", Prefix, Global::Family),
    ip("4", Exact, Global::Ignore),
    ip("6", Exact, Global::Ignore),
    ip("0", Exact, Global::Ignore),
    ip("M", Exact, Global::Ignore),
    ip("B", Exact, Global::Ignore),
    ip("human", Prefix, Global::Ignore),
    ip("human-readable", Prefix, Global::Ignore),
    ip("iec", Prefix, Global::Ignore),
    ip("stats", Prefix, Global::Ignore),
    ip("statistics", Prefix, Global::Ignore),
    ip("details", Prefix, Global::Ignore),
    ip("resolve", Prefix, Global::Ignore),
    ip("oneline", Prefix, Global::Ignore),
    ip("timestamp", Prefix, Global::Ignore),
    ip("tshort", Prefix, Global::Ignore),
    ip("Version", Prefix, Global::Version),
    ip("force", Prefix, Global::Force).doc(
        None,
        "",
        "go on after a failed batch command",
        Complete::Nothing,
        5,
    ),
    ip("batch", Prefix, Global::Batch).doc(
        Some('b'),
        " <file>",
        "run the commands in FILE (- for stdin)",
        Complete::File,
        4,
    ),
    ip("brief", Prefix, Global::Ignore),
    ip("json", Prefix, Global::Json).doc(
        Some('j'),
        "",
        "JSON output (list, list-id, identify, pids)",
        Complete::Nothing,
        0,
    ),
    ip("pretty", Prefix, Global::Pretty).doc(
        Some('p'),
        "",
        "indent JSON output",
        Complete::Nothing,
        1,
    ),
    ip("rcvbuf", Prefix, Global::Rcvbuf),
    ip("color", Match::Color, Global::Color),
    ip("help", Prefix, Global::Help),
    ip("netns", Prefix, Global::Netns).doc(
        Some('n'),
        " <name>",
        "run the subcommand inside namespace NAME",
        Complete::NetnsName,
        3,
    ),
    ip("Numeric", Prefix, Global::Ignore),
    ip("all", Prefix, Global::All).doc(
        None,
        "",
        "delete, or exec in, every named namespace",
        Complete::Nothing,
        2,
    ),
    ip("echo", Exact, Global::Ignore),
];

/// The documented options, in `-help` order.
fn documented() -> Vec<&'static Flag<Global>> {
    let mut v: Vec<_> = GLOBALS
        .iter()
        .map(|g| &g.flag)
        .filter(|f| !f.help.is_empty())
        .collect();
    v.sort_by_key(|f| f.rank);
    v
}

/// The documented options, for the man page and the completions.
pub fn flag_docs() -> Vec<FlagDoc> {
    documented().into_iter().map(Flag::doc).collect()
}

/// `-help`/`--help` (ip's global help): the usage and, from the table,
/// the documented options; like ip's, to stderr with status 255. `netns
/// help` stays ip's text byte for byte.
fn global_help() -> Exit {
    let mut text = format!("{USAGE}\nOptions:\n");
    for f in documented() {
        let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
        let left = format!(" {short}-{}{}", f.long, f.value);
        text += &format!("{left:<24}{}\n", f.help);
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
    Exit(255)
}

/// Read ip's global options; return the words after them.
pub(super) fn globals(o: &mut Opts, args: Vec<OsString>) -> Result<Vec<OsString>, Exit> {
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.peek() {
        let b = a.as_bytes();
        if b == b"--" {
            it.next();
            break;
        }
        if b.first() != Some(&b'-') {
            break;
        }
        let arg = it.next().unwrap_or_default();
        let mut opt = arg.as_bytes();
        if opt.get(1) == Some(&b'-') {
            opt = &opt[1..];
        }
        global(o, opt, &mut it)?;
    }
    Ok(it.collect())
}

/// The option's value, or ip's message naming it (`loop count`, ...).
fn need(value: Option<OsString>, key: &str) -> Result<OsString, Exit> {
    value.ok_or_else(|| {
        say!(&"Error: argument \"", key, &"\" is required");
        Exit(255)
    })
}

fn global(o: &mut Opts, opt: &[u8], it: &mut impl Iterator<Item = OsString>) -> Result<(), Exit> {
    let Some(g) = GLOBALS.iter().find(|g| g.is(opt)) else {
        let opt = OsStr::from_bytes(opt);
        say!(&"Option \"", opt, &"\" is unknown, try \"ip -help\".");
        return Err(Exit(255));
    };
    let value = match g.flag.arg {
        ArgKind::Required => it.next(),
        _ => None,
    };
    match g.flag.id {
        Global::Ignore | Global::Color => {}
        Global::Skip(what) => drop(need(value, what)?),
        Global::Family => family(need(value, "family type")?)?,
        Global::Rcvbuf => rcvbuf(need(value, "rcvbuf size")?)?,
        Global::Version => {
            out(version_text().as_bytes());
            return Err(Exit(0));
        }
        Global::Force => o.force = true,
        Global::Batch => o.batch = Some(need(value, "batch file")?),
        Global::Json => o.json = true,
        Global::Pretty => o.pretty = true,
        Global::Help => return Err(global_help()),
        Global::Netns => switch_or_exit(o, value)?,
        Global::All => o.all = true,
    }
    Ok(())
}

/// `-rcvbuf SIZE`: only checked.
fn rcvbuf(v: OsString) -> Result<(), Exit> {
    if crate::cnum::get_unsigned(v.as_bytes()).is_none() {
        say!(&"Invalid rcvbuf size '", v, &"'");
        return Err(Exit(255));
    }
    Ok(())
}

/// `-V`: newest iproute2's line, rns's version appended as unshare's
/// `--version` does, so scripts that parse ip's version keep working.
pub fn version_text() -> String {
    format!(
        "ip utility, iproute2-7.1.0 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// `-family NAME`: only checked (nothing here depends on it).
fn family(f: OsString) -> Result<(), Exit> {
    const FAMILIES: &[&str] = &["inet", "inet6", "link", "mpls", "bridge", "ipx", "dnet"];
    if FAMILIES.iter().any(|x| f.as_bytes() == x.as_bytes()) {
        return Ok(());
    }
    Err(invarg("invalid protocol family", &f))
}

/// `-c`, `-color`, `-color=always|auto|never` (any prefix of -color).
fn is_color(opt: &[u8]) -> bool {
    let (word, _) = match opt.iter().position(|&c| c == b'=') {
        Some(i) => (&opt[..i], Some(&opt[i + 1..])),
        None => (opt, None),
    };
    word.len() >= 2 && matches(word, "-color")
}

/// `-n NAME`: the whole exec environment, now, in this process.
fn switch_or_exit(o: &mut Opts, name: Option<OsString>) -> Result<(), Exit> {
    match name {
        None => {
            let e = crate::sys::strerror(libc::ENOENT);
            say!(&"Cannot open network namespace \"(null)\": ", &e);
            Err(Exit(255))
        }
        Some(n) => {
            if !o.home.is_noted() {
                o.home = netns::HomeMounts::here();
            }
            netns::switch(&n, &mut super::diag::warn).map_err(|e| {
                super::diag::print(&e);
                Exit(255)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(opt: &str) -> Option<Global> {
        GLOBALS
            .iter()
            .find(|g| g.is(opt.as_bytes()))
            .map(|g| g.flag.id)
    }

    #[test]
    fn first_match_in_ip_order() {
        assert_eq!(find("-"), Some(Global::Skip("loop count")));
        assert_eq!(find("-a"), Some(Global::All));
        assert_eq!(find("-b"), Some(Global::Batch));
        assert_eq!(find("-br"), Some(Global::Ignore));
        assert_eq!(find("-c"), Some(Global::Color));
        assert_eq!(find("-co"), Some(Global::Color));
        assert_eq!(find("-color=never"), Some(Global::Color));
        assert_eq!(find("-h"), Some(Global::Ignore));
        assert_eq!(find("-he"), Some(Global::Help));
        assert_eq!(find("-n"), Some(Global::Netns));
        assert_eq!(find("-N"), Some(Global::Ignore));
        assert_eq!(find("-e"), None);
        assert_eq!(find("-echo"), Some(Global::Ignore));
        assert_eq!(find("-40"), None);
    }

    #[test]
    fn documented_in_help_order() {
        let names: Vec<_> = documented().iter().map(|f| f.long).collect();
        assert_eq!(names, ["json", "pretty", "all", "netns", "batch", "force"]);
    }
}
