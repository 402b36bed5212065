//! `netns` / `ipnetns` / `rns netns`: iproute2's `ip netns`, byte for byte.
//!
//! Parsing is iproute2's, not getopt: global options while a word starts
//! with `-` (first match in ip's order, any non-empty prefix), then the
//! subcommand word, again first match in ip's order (`s` is list, `a` is
//! add). Exit statuses follow ip's `-(handler result) & 0xff` rule: 1 for
//! most failures, 2 for kernel refusals, 255 for usage and bad arguments,
//! the command's own status for `exec`.

use crate::cli::{ArgKind, Complete, Flag, FlagDoc, Prog};
use crate::netns::{self, Source};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;

mod batch;
mod diag;
mod exec;
mod ids;
mod owner;
mod query;
mod user;

use batch::batch;
use diag::{ioerr, say};
use exec::exec;
use ids::{list, list_id, ns_fd, rtnl};
use query::{identify, monitor, pids};

/// The subcommand words, in the order ip tries them.
pub const WORDS: &[&str] = &[
    "list", "show", "lst", "list-id", "help", "add", "set", "delete", "identify", "pids", "exec",
    "monitor", "attach",
];

/// ip's global options that matter to `ip netns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Json,
    Pretty,
    All,
    Netns,
    Batch,
    Force,
}

const fn flag(
    id: Global,
    short: Option<char>,
    long: &'static str,
    value: &'static str,
    help: &'static str,
    complete: Complete,
) -> Flag<Global> {
    let arg = if value.is_empty() {
        ArgKind::NoArg
    } else {
        ArgKind::Required
    };
    Flag::new(id, short, long, arg, value, help, id as u8, complete)
}

/// For docs and completions only: parsing is ip's matcher (`GLOBALS`).
pub static FLAGS: &[Flag<Global>] = &[
    flag(
        Global::Json,
        Some('j'),
        "json",
        "",
        "JSON output (list, list-id, identify, pids)",
        Complete::Nothing,
    ),
    flag(
        Global::Pretty,
        Some('p'),
        "pretty",
        "",
        "indent JSON output",
        Complete::Nothing,
    ),
    flag(
        Global::All,
        None,
        "all",
        "",
        "delete, or exec in, every named namespace",
        Complete::Nothing,
    ),
    flag(
        Global::Netns,
        Some('n'),
        "netns",
        " <name>",
        "run the subcommand inside namespace NAME",
        Complete::NetnsName,
    ),
    flag(
        Global::Batch,
        Some('b'),
        "batch",
        " <file>",
        "run the commands in FILE (- for stdin)",
        Complete::File,
    ),
    flag(
        Global::Force,
        None,
        "force",
        "",
        "go on after a failed batch command",
        Complete::Nothing,
    ),
];

pub fn flag_docs() -> Vec<FlagDoc> {
    crate::cli::docs(FLAGS)
}

const USAGE: &str = "Usage:\tip netns list
\tip netns add NAME
\tip netns attach NAME PID
\tip netns set NAME NETNSID
\tip [-all] netns delete [NAME]
\tip netns identify [PID]
\tip netns pids NAME
\tip [-all] netns exec [NAME] cmd ...
\tip netns monitor
\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]
NETNSID := auto | POSITIVE-INT
";

/// Leave the whole program with this status (ip's `exit()` from deep down,
/// which also ends a batch).
pub(crate) struct Exit(pub(crate) i32);

/// A handler's C-style result: 0, -1, -2, or minus a child's status.
pub(crate) type Ret = Result<i32, Exit>;

#[derive(Default)]
pub(crate) struct Opts {
    json: bool,
    pretty: bool,
    all: bool,
    force: bool,
    batch: Option<OsString>,
    in_batch: bool,
    /// `--user exec`: where the names are (the keeper's /proc/PID/root).
    root: Option<std::path::PathBuf>,
    /// `rns netns --user`: the caller's own store.
    user: bool,
    /// `-n`: the mount namespace rns started in, where `add` binds.
    home: netns::HomeMounts,
}

pub fn main(_prog: &Prog, mut args: Vec<OsString>) -> i32 {
    let mut o = Opts::default();
    let user = args.first().is_some_and(|a| a == "--user");
    if user {
        args.remove(0);
        o.user = true;
    }
    let rest = match globals(&mut o, args) {
        Ok(rest) => rest,
        Err(Exit(code)) => return code,
    };
    let code = match o.batch.take() {
        Some(_) if user => {
            say!(&"-batch is not available with --user");
            255
        }
        Some(file) => batch(&mut o, &file),
        None if user => match user::dispatch(&mut o, &rest) {
            Ok(r) => r.wrapping_neg() & 0xff,
            Err(Exit(code)) => code,
        },
        None => match do_netns(&o, &rest) {
            Ok(r) => r.wrapping_neg() & 0xff,
            Err(Exit(code)) => code,
        },
    };
    let _ = std::io::stdout().flush();
    code
}

/// ip's `matches(word, full)`: WORD is a non-empty prefix of FULL.
pub(crate) fn matches(word: &[u8], full: &str) -> bool {
    !word.is_empty() && full.as_bytes().starts_with(word)
}

pub(crate) fn usage() -> Exit {
    let _ = std::io::stderr().write_all(USAGE.as_bytes());
    Exit(255)
}

/// `-help`/`--help` (ip's global help): the usage and, from the flag table,
/// the global options; like ip's, to stderr with status 255. `netns help`
/// stays ip's text byte for byte.
fn global_help() -> Exit {
    let mut text = format!("{USAGE}\nOptions:\n");
    for f in FLAGS {
        let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
        let left = format!(" {short}-{}{}", f.long, f.value);
        text += &format!("{left:<24}{}\n", f.help);
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
    Exit(255)
}

/// Read ip's global options; return the words after them.
fn globals(o: &mut Opts, args: Vec<OsString>) -> Result<Vec<OsString>, Exit> {
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

fn missarg(key: &str) -> Exit {
    say!(&"Error: argument \"", key, &"\" is required");
    Exit(255)
}

/// What a global option does here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Ignore,
    /// Takes a value that does not matter here (`-loops N`).
    Skip(&'static str),
    Family,
    Rcvbuf,
    Version,
    Force,
    Batch,
    Json,
    Pretty,
    Color,
    Help,
    Netns,
    All,
}

/// ip's global options in its first-match order: (name, exact, action).
/// Inexact names match any non-empty prefix of themselves.
const GLOBALS: &[(&str, bool, Act)] = &[
    ("-loops", false, Act::Skip("loop count")),
    ("-family", false, Act::Family),
    ("-4", true, Act::Ignore),
    ("-6", true, Act::Ignore),
    ("-0", true, Act::Ignore),
    ("-M", true, Act::Ignore),
    ("-B", true, Act::Ignore),
    ("-human", false, Act::Ignore),
    ("-human-readable", false, Act::Ignore),
    ("-iec", false, Act::Ignore),
    ("-stats", false, Act::Ignore),
    ("-statistics", false, Act::Ignore),
    ("-details", false, Act::Ignore),
    ("-resolve", false, Act::Ignore),
    ("-oneline", false, Act::Ignore),
    ("-timestamp", false, Act::Ignore),
    ("-tshort", false, Act::Ignore),
    ("-Version", false, Act::Version),
    ("-force", false, Act::Force),
    ("-batch", false, Act::Batch),
    ("-brief", false, Act::Ignore),
    ("-json", false, Act::Json),
    ("-pretty", false, Act::Pretty),
    ("-rcvbuf", false, Act::Rcvbuf),
    ("-color", false, Act::Color),
    ("-help", false, Act::Help),
    ("-netns", false, Act::Netns),
    ("-Numeric", false, Act::Ignore),
    ("-all", false, Act::All),
    ("-echo", true, Act::Ignore),
];

fn lookup(opt: &[u8]) -> Option<Act> {
    GLOBALS.iter().find_map(|&(name, exact, act)| {
        let hit = match act {
            Act::Color => is_color(opt),
            _ if exact => opt == name.as_bytes(),
            _ => matches(opt, name),
        };
        hit.then_some(act)
    })
}

fn global(o: &mut Opts, opt: &[u8], it: &mut impl Iterator<Item = OsString>) -> Result<(), Exit> {
    let Some(act) = lookup(opt) else {
        let opt = OsStr::from_bytes(opt);
        say!(&"Option \"", opt, &"\" is unknown, try \"ip -help\".");
        return Err(Exit(255));
    };
    match act {
        Act::Ignore | Act::Color => {}
        Act::Skip(what) => drop(it.next().ok_or_else(|| missarg(what))?),
        Act::Family => family(it.next().ok_or_else(|| missarg("family type"))?)?,
        Act::Rcvbuf => {
            let v = it.next().ok_or_else(|| missarg("rcvbuf size"))?;
            if crate::cnum::get_unsigned(v.as_bytes()).is_none() {
                say!(&"Invalid rcvbuf size '", v, &"'");
                return Err(Exit(255));
            }
        }
        Act::Version => {
            out(version_text().as_bytes());
            return Err(Exit(0));
        }
        Act::Force => o.force = true,
        Act::Batch => o.batch = Some(it.next().ok_or_else(|| missarg("batch file"))?),
        Act::Json => o.json = true,
        Act::Pretty => o.pretty = true,
        Act::Help => return Err(global_help()),
        Act::Netns => switch_or_exit(o, it.next())?,
        Act::All => o.all = true,
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
            netns::switch(&n, &mut diag::warn).map_err(|e| {
                diag::print(&e);
                Exit(255)
            })
        }
    }
}

pub(crate) fn out(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(bytes).and_then(|_| o.flush());
}

/// `do_netns`: the subcommand and its arguments.
pub(crate) fn do_netns(o: &Opts, argv: &[OsString]) -> Ret {
    let Some(cmd) = argv.first() else {
        return list(o);
    };
    if !o.all && argv.len() > 1 && netns::invalid_name(&argv[1]) {
        say!(&"Invalid netns name \"", argv[1].as_os_str(), &"\"");
        return Err(Exit(255));
    }
    let w = cmd.as_bytes();
    let args = &argv[1..];
    if matches(w, "list") || matches(w, "show") || matches(w, "lst") {
        return list(o);
    }
    if matches(w, "list-id") {
        return list_id(o, args);
    }
    if matches(w, "help") {
        return Err(usage());
    }
    if matches(w, "add") {
        return add(o, args, true);
    }
    if matches(w, "set") {
        return set(args);
    }
    if matches(w, "delete") {
        return delete(o, args);
    }
    if matches(w, "identify") {
        return identify(o, args);
    }
    if matches(w, "pids") {
        return pids(o, args);
    }
    if matches(w, "exec") {
        return exec(o, args);
    }
    if matches(w, "monitor") {
        return monitor();
    }
    if matches(w, "attach") {
        return add(o, args, false);
    }
    say!(
        &"Command \"",
        cmd.as_os_str(),
        &"\" is unknown, try \"ip netns help\"."
    );
    Err(Exit(255))
}

pub(crate) fn fail(text: &str) -> Ret {
    say!(&text);
    Ok(-1)
}

/// 0, or -1 once the store's error is printed.
pub(crate) fn status(r: netns::Res<()>) -> Ret {
    Ok(diag::or_print(r).map_or(-1, |()| 0))
}

// ---------------------------------------------------------------- numbers

/// C's strtol(s, &end, 0) over the whole string (see crate::cnum).
pub use crate::cnum::strtol0;

/// ip's get_integer / get_s32: a C int.
pub(crate) fn get_int(s: &OsStr) -> Option<i32> {
    crate::cnum::get_integer(s.as_bytes())
}

pub(crate) fn invarg(msg: &str, arg: &OsStr) -> Exit {
    say!(&"Error: argument \"", arg, &"\" is wrong: ", &msg);
    Exit(255)
}

// ------------------------------------------------------- add, set, delete

fn add(o: &Opts, args: &[OsString], create: bool) -> Ret {
    // ip checks names only without -all, so `ip -all netns add ../x`
    // creates /run/x and mounts a namespace there (6.1.0 and upstream).
    // The name is checked here whatever the options (issue 7: names never
    // escape RUN_DIR).
    if let Some(name) = args.first().filter(|n| netns::invalid_name(n)) {
        say!(&"Invalid netns name \"", name.as_os_str(), &"\"");
        return Err(Exit(255));
    }
    let src = if create {
        if args.is_empty() {
            return fail("No netns name specified");
        }
        match owner::parse(&args[1..])? {
            Some(o) => Source::Owned(o),
            None => Source::New,
        }
    } else {
        if args.len() < 2 {
            return fail("No netns name and PID specified");
        }
        match get_int(&args[1]) {
            Some(pid) if pid != 0 => Source::Pid(pid),
            _ => {
                say!(&"Invalid PID: ", args[1].as_os_str());
                return Ok(-1);
            }
        }
    };
    let res = netns::add(&args[0], src, &o.home, &mut diag::warn);
    let failed = res.is_err();
    let ret = status(res);
    if failed && !nix::unistd::geteuid().is_root() && o.root.is_none() && !o.user {
        user::hint();
    }
    ret
}

fn set(args: &[OsString]) -> Ret {
    if args.is_empty() {
        return fail("No netns name specified");
    }
    if args.len() < 2 {
        return fail("No nsid specified");
    }
    let nsid = if args[1].as_bytes() == b"auto" {
        -1
    } else {
        match get_int(&args[1]) {
            None => return Err(invarg("Invalid \"netnsid\" value", &args[1])),
            Some(n) if n < 0 => return Err(invarg("\"netnsid\" value should be >= 0", &args[1])),
            Some(n) => n,
        }
    };
    // As iproute2 since v6.4: a name that cannot be opened fails quietly.
    let Some(fd) = ns_fd(&args[0]) else {
        return Ok(-1);
    };
    let set = || rtnl().map(|mut c| c.set_nsid(fd.as_fd(), nsid));
    match crate::progress::window("netns-set", set)? {
        Ok(()) => Ok(0),
        Err(e) => {
            say!(&e.to_string());
            Ok(-2)
        }
    }
}

/// netns_foreach: RUN_DIR in readdir order until `f` fails. A missing
/// directory is empty; the result is 0 even when `f` failed (as ip).
pub(crate) fn foreach(o: &Opts, mut f: impl FnMut(&OsStr) -> bool) -> Ret {
    let names = match netns::entries_in(o.root.as_deref()) {
        Ok(n) => n,
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(0),
        Err(e) => {
            say!(
                &"Failed to open directory ",
                netns::RUN_DIR,
                &": ",
                &ioerr(&e)
            );
            return Ok(-1);
        }
    };
    for n in &names {
        if !f(n) {
            break;
        }
    }
    Ok(0)
}

fn delete(o: &Opts, args: &[OsString]) -> Ret {
    if o.all {
        return foreach(o, |n| diag::or_print(netns::delete(n)).is_some());
    }
    match args.first() {
        None => fail("No netns name specified"),
        Some(name) => status(netns::delete(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtol_base_zero() {
        assert_eq!(strtol0(b"0x10"), Some(16));
        assert_eq!(strtol0(b"010"), Some(8));
        assert_eq!(strtol0(b" -5"), Some(-5));
        assert_eq!(strtol0(b"08"), None);
        assert_eq!(strtol0(b"0x"), None);
        assert_eq!(strtol0(b""), None);
        assert_eq!(strtol0(b"abc"), None);
        assert_eq!(strtol0(b"1 "), None);
        assert_eq!(strtol0(b"99999999999999999999"), None);
        assert_eq!(get_int(OsStr::new("99999999999")), None);
    }

    #[test]
    fn words_match_in_ip_order() {
        assert!(matches(b"s", "show"));
        assert!(!matches(b"", "list"));
        assert!(matches(b"lis", "list-id") && matches(b"lis", "list"));
    }
}
