//! `netns` / `ipnetns` / `rns netns`: iproute2's `ip netns`, byte for byte.
//!
//! Parsing is iproute2's, not getopt: global options while a word starts
//! with `-` (first match in ip's order, any non-empty prefix), then the
//! subcommand word, again first match in ip's order (`s` is list, `a` is
//! add). Exit statuses follow ip's `-(handler result) & 0xff` rule: 1 for
//! most failures, 2 for kernel refusals, 255 for usage and bad arguments,
//! the command's own status for `exec`.

use crate::cli::Prog;
use crate::netns::{self, Source};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;

mod batch;
mod diag;
mod exec;
mod globals;
mod ids;
mod owner;
mod query;
mod user;

use batch::batch;
use diag::{ioerr, say};
use exec::exec;
use globals::globals;
pub use globals::{flag_docs, version_text, Global, GlobalOpt, GLOBALS};
use ids::{list, list_id, ns_fd, rtnl};
use query::{identify, monitor, pids};

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

pub(crate) fn out(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(bytes).and_then(|_| o.flush());
}

/// A subcommand: its word, what it runs, and how `--user` runs it.
pub(crate) struct Command {
    pub(crate) word: &'static str,
    run: fn(&Opts, &[OsString]) -> Ret,
    /// How `rns netns --user` runs it; None: not available with `--user`.
    pub(crate) user: Option<user::Kind>,
}

const fn cmd(
    word: &'static str,
    run: fn(&Opts, &[OsString]) -> Ret,
    user: Option<user::Kind>,
) -> Command {
    Command { word, run, user }
}

/// The subcommands, in the order ip tries them (`s` is list, `a` is add).
const COMMANDS: &[Command] = {
    use user::Kind::{Add, Delete, Exec, Read};
    &[
        cmd("list", |o, _| list(o), Some(Read)),
        cmd("show", |o, _| list(o), Some(Read)),
        cmd("lst", |o, _| list(o), Some(Read)),
        cmd("list-id", list_id, None),
        cmd("help", |_, _| Err(usage()), None),
        cmd("add", |o, args| add(o, args, true), Some(Add)),
        cmd("set", |_, args| set(args), None),
        cmd("delete", delete, Some(Delete)),
        cmd("identify", identify, Some(Read)),
        cmd("pids", pids, Some(Read)),
        cmd("exec", exec, Some(Exec)),
        cmd("monitor", |_, _| monitor(), None),
        cmd("attach", |o, args| add(o, args, false), None),
    ]
};

/// The subcommand words, in the order ip tries them.
pub const WORDS: &[&str] = &{
    let mut words = [""; COMMANDS.len()];
    let mut i = 0;
    while i < words.len() {
        words[i] = COMMANDS[i].word;
        i += 1;
    }
    words
};

/// The subcommand WORD names: the first match in ip's order.
pub(crate) fn command(word: &[u8]) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| matches(word, c.word))
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
    match command(cmd.as_bytes()) {
        Some(c) => (c.run)(o, &argv[1..]),
        None => {
            say!(
                &"Command \"",
                cmd.as_os_str(),
                &"\" is unknown, try \"ip netns help\"."
            );
            Err(Exit(255))
        }
    }
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
    fn commands_dispatch_in_ip_order() {
        let word = |w: &str| command(w.as_bytes()).map(|c| c.word);
        assert_eq!(word("s"), Some("show"));
        assert_eq!(word("l"), Some("list"));
        assert_eq!(word("list-"), Some("list-id"));
        assert_eq!(word("a"), Some("add"));
        assert_eq!(word("at"), Some("attach"));
        assert_eq!(word("d"), Some("delete"));
        assert_eq!(word("e"), Some("exec"));
        assert_eq!(word("x"), None);
        assert_eq!(word(""), None);
    }

    #[test]
    fn user_runs_only_the_store_commands() {
        use user::Kind::*;
        let user = |w: &str| command(w.as_bytes()).and_then(|c| c.user);
        for w in ["list", "show", "lst", "identify", "pids"] {
            assert_eq!(user(w), Some(Read), "{w}");
        }
        assert_eq!(user("add"), Some(Add));
        assert_eq!(user("delete"), Some(Delete));
        assert_eq!(user("exec"), Some(Exec));
        for w in ["list-id", "help", "set", "monitor", "attach"] {
            assert_eq!(user(w), None, "{w}");
        }
    }

    #[test]
    fn words_match_in_ip_order() {
        assert!(matches(b"s", "show"));
        assert!(!matches(b"", "list"));
        assert!(matches(b"lis", "list-id") && matches(b"lis", "list"));
    }
}
