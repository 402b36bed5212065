//! `netns` / `ipnetns` / `rns netns`: iproute2's `ip netns`, byte for byte.
//!
//! Parsing is iproute2's, not getopt: global options while a word starts
//! with `-` (first match in ip's order, any non-empty prefix), then the
//! subcommand word, again first match in ip's order (`s` is list, `a` is
//! add). Exit statuses follow ip's `-(handler result) & 0xff` rule: 1 for
//! most failures, 2 for kernel refusals, 255 for usage and bad arguments,
//! the command's own status for `exec`.

use crate::cli::{ArgKind, Complete, Flag, FlagDoc, Prog};
use crate::netlink::nsid::{DumpError, NlError, NsidEntry, Rtnl};
use crate::netns::{self, json::Json, say, Failed, Source};
use std::ffi::{CString, OsStr, OsString};
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

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
    Flag {
        id,
        short,
        long,
        arg: if value.is_empty() {
            ArgKind::NoArg
        } else {
            ArgKind::Required
        },
        value,
        help,
        section: false,
        rank: id as u8,
        complete,
    }
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
struct Exit(i32);

/// A handler's C-style result: 0, -1, -2, or minus a child's status.
type Ret = Result<i32, Exit>;

#[derive(Default)]
struct Opts {
    json: bool,
    pretty: bool,
    all: bool,
    force: bool,
    batch: Option<OsString>,
    in_batch: bool,
}

pub fn main(_prog: &Prog, args: Vec<OsString>) -> i32 {
    let mut o = Opts::default();
    let rest = match globals(&mut o, args) {
        Ok(rest) => rest,
        Err(Exit(code)) => return code,
    };
    let code = match o.batch.take() {
        Some(file) => batch(&mut o, &file),
        None => match do_netns(&o, &rest) {
            Ok(r) => r.wrapping_neg() & 0xff,
            Err(Exit(code)) => code,
        },
    };
    let _ = std::io::stdout().flush();
    code
}

/// ip's `matches(word, full)`: WORD is a non-empty prefix of FULL.
fn matches(word: &[u8], full: &str) -> bool {
    !word.is_empty() && full.as_bytes().starts_with(word)
}

fn usage() -> Exit {
    let _ = std::io::stderr().write_all(USAGE.as_bytes());
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
            if !strtol0(v.as_bytes()).is_some_and(|n| (0..=i64::from(u32::MAX)).contains(&n)) {
                say!(&"Invalid rcvbuf size '", v, &"'");
                return Err(Exit(255));
            }
        }
        Act::Version => {
            let v = format!("ip utility, iproute2-rns-{}\n", env!("CARGO_PKG_VERSION"));
            out(v.as_bytes());
            return Err(Exit(0));
        }
        Act::Force => o.force = true,
        Act::Batch => o.batch = Some(it.next().ok_or_else(|| missarg("batch file"))?),
        Act::Json => o.json = true,
        Act::Pretty => o.pretty = true,
        Act::Help => return Err(usage()),
        Act::Netns => switch_or_exit(it.next())?,
        Act::All => o.all = true,
    }
    Ok(())
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
fn switch_or_exit(name: Option<OsString>) -> Result<(), Exit> {
    match name {
        None => {
            let e = crate::sys::strerror(libc::ENOENT);
            say!(&"Cannot open network namespace \"(null)\": ", &e);
            Err(Exit(255))
        }
        Some(n) => netns::switch(&n).map_err(|_| Exit(255)),
    }
}

fn out(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(bytes).and_then(|_| o.flush());
}

/// `do_netns`: the subcommand and its arguments.
fn do_netns(o: &Opts, argv: &[OsString]) -> Ret {
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
        return add(args, true);
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
        return Ok(netns::monitor().map_or(-1, |_| 0));
    }
    if matches(w, "attach") {
        return add(args, false);
    }
    say!(
        &"Command \"",
        cmd.as_os_str(),
        &"\" is unknown, try \"ip netns help\"."
    );
    Err(Exit(255))
}

fn fail(text: &str) -> Ret {
    say!(&text);
    Ok(-1)
}

fn status(r: netns::Res<()>) -> Ret {
    Ok(if r.is_ok() { 0 } else { -1 })
}

// ---------------------------------------------------------------- numbers

/// C's strtol(s, &end, 0) over the whole string: None when there are no
/// digits, trailing garbage, or the value overflows a long.
pub fn strtol0(s: &[u8]) -> Option<i64> {
    let mut i = s
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'..=b'\r'))
        .count();
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let rest = &s[i..];
    let (base, digits) = if (rest.starts_with(b"0x") || rest.starts_with(b"0X"))
        && rest.get(2).is_some_and(u8::is_ascii_hexdigit)
    {
        (16, &rest[2..])
    } else if rest.starts_with(b"0") {
        (8, rest)
    } else {
        (10, rest)
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i128 = 0;
    for &c in digits {
        let d = (c as char).to_digit(base)? as i128;
        v = (v * base as i128 + d).min(i128::from(i64::MAX) + 2);
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// ip's get_integer / get_s32: a C int.
fn get_int(s: &OsStr) -> Option<i32> {
    strtol0(s.as_bytes()).and_then(|v| i32::try_from(v).ok())
}

fn invarg(msg: &str, arg: &OsStr) -> Exit {
    say!(&"Error: argument \"", arg, &"\" is wrong: ", &msg);
    Exit(255)
}

// ------------------------------------------------------------------- list

fn rtnl() -> Result<Rtnl, Exit> {
    Rtnl::open().map_err(|_| {
        say!(&"Cannot open rtnetlink");
        Exit(1)
    })
}

/// netns_get_fd: RUN_DIR/NAME (NAME itself when it holds a `/`), then
/// /proc/NAME/ns/net when NAME is an integer.
fn ns_fd(name: &OsStr) -> Option<OwnedFd> {
    use nix::fcntl::{open, OFlag};
    use nix::sys::stat::Mode;
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let path = if name.as_bytes().contains(&b'/') {
        std::path::PathBuf::from(name)
    } else {
        netns::path_of(name)
    };
    if let Ok(fd) = open(&path, flags, Mode::empty()) {
        return Some(fd);
    }
    get_int(name)?;
    let mut p = b"/proc/".to_vec();
    p.extend_from_slice(name.as_bytes());
    p.extend_from_slice(b"/ns/net");
    open(OsStr::from_bytes(&p), flags, Mode::empty()).ok()
}

/// Every entry with its nsid: Ok(-1) when unassigned, Err when the kernel
/// refused (a stale file) or the file could not be opened (Err(None)).
struct Scan {
    entries: Vec<(OsString, Result<i32, Option<NlError>>)>,
}

fn scan(rt: &mut Rtnl, names: Vec<OsString>) -> Scan {
    let fds: Vec<Option<OwnedFd>> = names.iter().map(|n| ns_fd(n)).collect();
    let mut entries = Vec::with_capacity(names.len());
    let mut i = 0;
    // Query in chunks so at most a chunk's fds are open at once.
    let mut fds = fds.into_iter();
    while i < names.len() {
        let chunk: Vec<Option<OwnedFd>> = fds.by_ref().take(64).collect();
        let open: Vec<_> = chunk.iter().flatten().map(|f| f.as_fd()).collect();
        let mut ids = rt.nsids_of(&open).into_iter();
        for fd in &chunk {
            let r = match fd {
                Some(_) => ids.next().unwrap_or(Ok(-1)).map_err(Some),
                None => Err(None),
            };
            entries.push((names[i].clone(), r));
            i += 1;
        }
    }
    Scan { entries }
}

/// What ip prints for a GETNSID the kernel refused.
fn report(r: &Result<i32, Option<NlError>>) {
    if let Err(Some(e)) = r {
        say!(&e.to_string());
    }
}

fn list(o: &Opts) -> Ret {
    // No directory: nothing at all, not even `[]` (and no netlink).
    let Ok(names) = netns::entries() else {
        return Ok(0);
    };
    let scan = scan(&mut rtnl()?, names);
    // ip asks twice per entry (netns_map_init, then the list itself), so
    // each refusal is reported twice; we ask once and report it twice.
    for (_, r) in &scan.entries {
        report(r);
    }
    if o.json {
        let mut j = Json::array(o.pretty);
        for (name, r) in &scan.entries {
            report(r);
            j.open_object();
            j.string("name", name.as_bytes());
            if let Ok(id @ 0..) = r {
                j.int("id", i64::from(*id));
            }
            j.close_object();
        }
        out(&j.finish());
    } else {
        let mut text = Vec::new();
        for (name, r) in &scan.entries {
            report(r);
            text.extend_from_slice(name.as_bytes());
            if let Ok(id @ 0..) = r {
                text.extend_from_slice(format!(" (id: {id})").as_bytes());
            }
            text.push(b'\n');
        }
        out(&text);
    }
    Ok(0)
}

// ---------------------------------------------------------------- list-id

/// ip's nsid -> name cache: first name (readdir order) per nsid; names are
/// taken out once printed.
struct NameMap {
    scan: Scan,
    map: Vec<(i32, OsString)>,
}

impl NameMap {
    fn new(scan: Scan) -> NameMap {
        let mut map: Vec<(i32, OsString)> = Vec::new();
        for (name, r) in &scan.entries {
            report(r);
            if let Ok(id @ 0..) = r {
                if !map.iter().any(|(n, _)| n == id) {
                    map.push((*id, name.clone()));
                }
            }
        }
        NameMap { scan, map }
    }

    /// The name for an entry, as print_nsid finds it.
    fn name_for(&mut self, e: &NsidEntry) -> Option<OsString> {
        let key = e.current.unwrap_or(e.nsid);
        if key >= 0 {
            if let Some(i) = self.map.iter().position(|(n, _)| *n == key) {
                return Some(self.map.remove(i).1);
            }
        }
        if e.deleted || e.nsid < 0 {
            return None;
        }
        // netns_get_name: scan the directory again (ip asks the kernel
        // again; we print its refusals again) for the first entry whose
        // nsid is the *nsid* (not the current nsid).
        for (name, r) in &self.scan.entries {
            report(r);
            if *r == Ok(e.nsid) {
                self.map.push((e.nsid, name.clone()));
                return Some(name.clone());
            }
        }
        None
    }
}

fn print_nsid(o: &Opts, e: &NsidEntry, names: &mut NameMap, text: &mut Vec<u8>, j: &mut Json) {
    let name = names.name_for(e);
    if o.json {
        j.open_object();
        if e.deleted {
            j.boolean("deleted", true);
        }
        if e.nsid >= 0 {
            j.int("nsid", i64::from(e.nsid));
        }
        if let Some(c @ 0..) = e.current {
            j.int("current-nsid", i64::from(c));
        }
        if let Some(n) = &name {
            j.string("name", n.as_bytes());
        }
        j.close_object();
        return;
    }
    if e.deleted {
        text.extend_from_slice(b"Deleted ");
    }
    match e.nsid {
        n if n < 0 => text.extend_from_slice(b"nsid unassigned "),
        n => text.extend_from_slice(format!("nsid {n} ").as_bytes()),
    }
    match e.current {
        Some(c) if c < 0 => text.extend_from_slice(b"current-nsid unassigned "),
        Some(c) => text.extend_from_slice(format!("current-nsid {c} ").as_bytes()),
        None => {}
    }
    if let Some(n) = &name {
        text.extend_from_slice(b"(iproute2 netns name: ");
        text.extend_from_slice(n.as_bytes());
        text.push(b')');
    }
    text.push(b'\n');
}

/// `list-id [target-nsid N] [nsid N]`: exact keywords, each once.
fn list_id_args(args: &[OsString]) -> Result<(Option<i32>, Option<i32>), Exit> {
    let (mut target, mut nsid) = (None, None);
    let mut i = 0;
    while i < args.len() {
        let key = match args[i].as_bytes() {
            b"target-nsid" => "target-nsid",
            b"nsid" => "nsid",
            _ => return Err(usage()),
        };
        let slot = if key == "nsid" {
            &mut nsid
        } else {
            &mut target
        };
        if slot.is_some() {
            say!(
                &"Error: duplicate \"",
                &key,
                &"\": \"",
                &key,
                &"\" is the second value."
            );
            return Err(Exit(255));
        }
        i += 1;
        let Some(v) = args.get(i) else {
            say!(&"Command line is not complete. Try option \"help\"");
            return Err(Exit(255));
        };
        match get_int(v) {
            None => return Err(invarg(&format!("\"{key}\" value is invalid"), v)),
            // ip prints the word after the value (NULL at the end).
            Some(n) if n < 0 => {
                let next = args
                    .get(i + 1)
                    .map_or(OsStr::new("(null)"), |a| a.as_os_str());
                return Err(invarg(&format!("\"{key}\" value should be >= 0"), next));
            }
            Some(n) => *slot = Some(n),
        }
        i += 1;
    }
    Ok((target, nsid))
}

fn list_id(o: &Opts, args: &[OsString]) -> Ret {
    let mut rt = rtnl()?;
    let scan = scan(&mut rt, netns::entries().unwrap_or_default());
    let mut names = NameMap::new(scan);
    let (target, nsid) = list_id_args(args)?;
    let mut text = Vec::new();
    let mut j = Json::array(o.pretty);
    if let Some(n) = nsid {
        let e = match rt.nsid_get(n, target) {
            Ok(e) => e,
            Err(e) => {
                say!(&e.to_string());
                return Ok(-2);
            }
        };
        print_nsid(o, &e, &mut names, &mut text, &mut j);
        out(&if o.json { j.finish() } else { text });
        return Ok(0);
    }
    let (got, failure) = match rt.nsid_dump(target) {
        Ok(got) => (got, None),
        Err((got, e)) => (got, Some(e)),
    };
    for e in &got {
        print_nsid(o, e, &mut names, &mut text, &mut j);
    }
    out(&if o.json { j.finish() } else { text });
    match failure {
        None => Ok(0),
        Some(DumpError::Send(e)) => {
            say!(
                &"Cannot send dump request: ",
                &crate::sys::strerror(e.errno)
            );
            Err(Exit(1))
        }
        Some(DumpError::Error(e)) | Some(DumpError::Done(e)) => {
            let quiet = e.msg.is_none() && matches!(e.errno, libc::ENOENT | libc::EOPNOTSUPP);
            if e.msg.is_none() && e.errno == libc::EMSGSIZE {
                say!(&"Error: Buffer too small for object.");
            } else if !quiet {
                say!(&e.to_string());
            }
            say!(&"Dump terminated");
            Err(Exit(1))
        }
    }
}

// ------------------------------------------------------- add, set, delete

fn add(args: &[OsString], create: bool) -> Ret {
    let src = if create {
        if args.is_empty() {
            return fail("No netns name specified");
        }
        Source::New
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
    status(netns::add(&args[0], src))
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
    match rtnl()?.set_nsid(fd.as_fd(), nsid) {
        Ok(()) => Ok(0),
        Err(e) => {
            say!(&e.to_string());
            Ok(-2)
        }
    }
}

/// netns_foreach: RUN_DIR in readdir order until `f` fails. A missing
/// directory is empty; the result is 0 even when `f` failed (as ip).
fn foreach(mut f: impl FnMut(&OsStr) -> bool) -> Ret {
    let names = match netns::entries() {
        Ok(n) => n,
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(0),
        Err(e) => {
            say!(
                &"Failed to open directory ",
                netns::RUN_DIR,
                &": ",
                &netns::ioerr(&e)
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
        return foreach(|n| netns::delete(n).is_ok());
    }
    match args.first() {
        None => fail("No netns name specified"),
        Some(name) => status(netns::delete(name)),
    }
}

// --------------------------------------------------------- identify, pids

fn identify(o: &Opts, args: &[OsString]) -> Ret {
    let pid = match args {
        [] => OsStr::new("self"),
        [pid] => {
            if !pid.as_bytes().iter().all(u8::is_ascii_digit) {
                say!(&"Specified string '", pid.as_os_str(), &"' is not a pid");
                return Ok(-1);
            }
            pid.as_os_str()
        }
        _ => return fail("extra arguments specified"),
    };
    let Ok(name) = netns::identify(pid) else {
        return Ok(-1);
    };
    if o.json {
        let mut j = Json::array(o.pretty);
        if let Some(n) = &name {
            j.string_value(n.as_bytes());
        }
        out(&j.finish());
    } else {
        let mut line = name.map(OsString::into_vec).unwrap_or_default();
        line.push(b'\n');
        out(&line);
    }
    Ok(0)
}

fn pids(o: &Opts, args: &[OsString]) -> Ret {
    let name = match args {
        [] => return fail("No netns name specified"),
        [name] => name,
        _ => return fail("extra arguments specified"),
    };
    let Ok(pids) = netns::pids(name) else {
        return Ok(-1);
    };
    let mut text = Vec::new();
    if o.json {
        let mut j = Json::array(o.pretty);
        for p in &pids {
            j.int_value(get_int(p).map_or(0, i64::from));
        }
        text = j.finish();
    } else {
        for p in &pids {
            text.extend_from_slice(p.as_bytes());
            text.push(b'\n');
        }
    }
    out(&text);
    Ok(0)
}

// ------------------------------------------------------------------- exec

fn exec(o: &Opts, args: &[OsString]) -> Ret {
    if args.is_empty() && !o.all {
        return fail("No netns name specified");
    }
    if (args.len() < 2 && !o.all) || args.is_empty() {
        return fail("No command specified");
    }
    if o.all {
        return foreach(|name| {
            let mut head = b"\nnetns: ".to_vec();
            head.extend_from_slice(name.as_bytes());
            head.push(b'\n');
            out(&head);
            let _ = cmd_exec(args, true, name);
            true
        });
    }
    match cmd_exec(&args[1..], o.in_batch, &args[0]) {
        Ok(status) => Ok(-status),
        Err(Failed) => Ok(1),
    }
}

/// lib/exec.c's cmd_exec: switch and exec in place, or (batch, -all) in a
/// forked child whose exit status is returned. A child killed by a signal
/// ends rns with status 1, as it ends ip.
fn cmd_exec(argv: &[OsString], fork: bool, name: &OsStr) -> Result<i32, Failed> {
    let _ = std::io::stdout().flush();
    if fork {
        match crate::sys::fork() {
            Err(e) => {
                say!(&"fork: ", &netns::err(e));
                crate::sys::exit_now(1);
            }
            Ok(crate::sys::Fork::Parent(pid)) => return wait_child(pid),
            Ok(crate::sys::Fork::Child) => {}
        }
    }
    if netns::switch(name).is_err() {
        if fork {
            crate::sys::exit_now(1);
        }
        return Err(Failed);
    }
    let args: Vec<CString> = argv
        .iter()
        .map(|a| CString::new(a.as_bytes()).unwrap_or_default())
        .collect();
    let e = match nix::unistd::execvp(&args[0], &args) {
        Err(e) => e,
        Ok(never) => match never {},
    };
    say!(
        &"exec of \"",
        argv[0].as_os_str(),
        &"\" failed: ",
        &netns::err(e)
    );
    crate::sys::exit_now(1);
}

fn wait_child(pid: libc::pid_t) -> Result<i32, Failed> {
    use nix::sys::wait::WaitStatus;
    match crate::process::wait_exit(nix::unistd::Pid::from_raw(pid)) {
        Ok(WaitStatus::Exited(_, code)) => Ok(code),
        Ok(_) => crate::sys::exit_now(1),
        Err(_) => {
            say!(&"waitpid: ", &netns::err(nix::errno::Errno::last()));
            crate::sys::exit_now(1);
        }
    }
}

// ------------------------------------------------------------------ batch

/// `-batch FILE`: each line is an ip command; only `netns` ones run here.
fn batch(o: &mut Opts, file: &OsStr) -> i32 {
    let data = if file.as_bytes() == b"-" {
        let mut v = Vec::new();
        use std::io::Read;
        std::io::stdin().read_to_end(&mut v).map(|_| v)
    } else {
        std::fs::read(file)
    };
    let data = match data {
        Ok(d) => d,
        Err(e) => {
            say!(
                &"Cannot open file \"",
                file,
                &"\" for reading: ",
                &netns::ioerr(&e)
            );
            return 1;
        }
    };
    o.in_batch = true;
    let mut ret = 0;
    for (lineno, words) in batch_lines(&data) {
        let words = match words {
            Ok(w) => w,
            Err(msg) => {
                say!(&msg);
                return 1;
            }
        };
        if words.is_empty() {
            continue;
        }
        let r = match batch_cmd(o, &words) {
            Ok(r) => r.wrapping_neg(),
            Err(Exit(code)) => return code,
        };
        if r != 0 {
            let at = format!(":{lineno}");
            say!(&"Command failed ", file, &at);
            ret = 1;
            if !o.force {
                break;
            }
        }
    }
    ret
}

/// ip's object table, in its first-match order.
const OBJECTS: &[&str] = &[
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tunl",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "tcp_metrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "help",
    "stats",
];

fn batch_cmd(o: &Opts, words: &[OsString]) -> Ret {
    let w = words[0].as_bytes();
    match OBJECTS.iter().find(|obj| matches(w, obj)) {
        Some(&"netns") => do_netns(o, &words[1..]),
        Some(obj) => {
            say!(&"rns netns: \"ip ", *obj, &"\" commands are not supported");
            Ok(-1)
        }
        None => {
            say!(
                &"Object \"",
                words[0].as_os_str(),
                &"\" is unknown, try \"ip help\"."
            );
            Ok(-1)
        }
    }
}

/// Split a batch file as ip's getcmdline + makeargs do: `#` starts a
/// comment, a backslash-newline joins lines, words split on blanks, quoted
/// words run to the matching quote. Yields (last line number, words).
fn batch_lines(data: &[u8]) -> Vec<(usize, Result<Vec<OsString>, &'static str>)> {
    let mut out = Vec::new();
    let mut lines = data.split_inclusive(|&c| c == b'\n').peekable();
    let mut lineno = 0;
    while let Some(first) = lines.next() {
        lineno += 1;
        let mut line = uncomment(first);
        while line.ends_with(b"\\\n") {
            let Some(next) = lines.next() else {
                out.push((lineno, Err("Missing continuation line")));
                return out;
            };
            lineno += 1;
            line.truncate(line.len() - 2);
            line.extend_from_slice(&uncomment(next));
        }
        out.push((lineno, makeargs(&line)));
    }
    out
}

fn uncomment(line: &[u8]) -> Vec<u8> {
    match line.iter().position(|&c| c == b'#') {
        Some(i) => line[..i].to_vec(),
        None => line.to_vec(),
    }
}

fn makeargs(line: &[u8]) -> Result<Vec<OsString>, &'static str> {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let mut words = Vec::new();
    let mut i = 0;
    while i < line.len() {
        while i < line.len() && ws(&line[i]) {
            i += 1;
        }
        if i >= line.len() {
            break;
        }
        if words.len() >= 511 {
            return Err("Too many arguments to command");
        }
        if line[i] == b'\'' || line[i] == b'"' {
            let q = line[i];
            let start = i + 1;
            let Some(len) = line[start..].iter().position(|&c| c == q) else {
                return Err("Unterminated quoted string");
            };
            words.push(OsString::from_vec(line[start..start + len].to_vec()));
            i = start + len + 1;
        } else {
            let start = i;
            while i < line.len() && !ws(&line[i]) {
                i += 1;
            }
            words.push(OsString::from_vec(line[start..i].to_vec()));
            i += 1;
        }
    }
    Ok(words)
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

    #[test]
    fn batch_files_split_like_ip() {
        let l = batch_lines(
            b"netns add x # c\nnetns exec y sh -c \"echo a; exit 3\"\n\nnetns \\\nlist\n",
        );
        let w: Vec<_> = l
            .iter()
            .map(|(n, w)| (*n, w.clone().unwrap().len()))
            .collect();
        assert_eq!(w, vec![(1, 3), (2, 6), (3, 0), (5, 2)]);
        assert!(makeargs(b"a 'b").is_err());
    }
}
