//! `veth`: create, delete and list veth pairs across network namespaces.
//!
//! argv -> `Cmd` (everything checked that can be checked without the kernel)
//! -> netlink requests through `crate::netlink`. GNU-style options (they may
//! follow the operands, as with GNU getopt's permutation; `--` ends them).

use crate::cli::{self, getopt, ArgKind::*, Complete, Flag, Given, HelpStyle, Prog};
use crate::error::{Error, Result};
use std::ffi::{OsStr, OsString};

pub(crate) mod add;
pub(crate) mod list;
pub(crate) mod netns;
mod parse;
mod scan;
mod user;

pub use parse::{parse_cidr, parse_mac, parse_mtu, Cidr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    Netns,
    PeerNetns,
    Addr,
    PeerAddr,
    Mtu,
    Mac,
    PeerMac,
    Down,
    Json,
    Help,
    Version,
}

pub static FLAGS: &[Flag<Opt>] = &[
    Flag::new(
        Opt::Netns,
        None,
        "netns",
        Required,
        " <ns>",
        "NAME's network namespace: a name in /run/netns,\na path, or a PID (add, del, list)",
        0,
        Complete::NetnsName,
    ),
    Flag::new(
        Opt::PeerNetns,
        None,
        "peer-netns",
        Required,
        " <ns>",
        "PEER's network namespace (add)",
        1,
        Complete::NetnsName,
    ),
    Flag::new(
        Opt::Addr,
        None,
        "addr",
        Required,
        " <cidr>",
        "add an IPv4 or IPv6 address to NAME (repeatable;\nwithout /LEN: /32 or /128, as ip does)",
        2,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::PeerAddr,
        None,
        "peer-addr",
        Required,
        " <cidr>",
        "add an address to PEER (repeatable)",
        3,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::Mtu,
        None,
        "mtu",
        Required,
        " <n>",
        "MTU of both ends (68-65535)",
        4,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::Mac,
        None,
        "mac",
        Required,
        " <mac>",
        "NAME's MAC address",
        5,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::PeerMac,
        None,
        "peer-mac",
        Required,
        " <mac>",
        "PEER's MAC address",
        6,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::Down,
        None,
        "down",
        NoArg,
        "",
        "leave both ends (and lo) down",
        7,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::Json,
        Some('j'),
        "json",
        NoArg,
        "",
        "list as a JSON array",
        8,
        Complete::Nothing,
    ),
    Flag::help(Opt::Help, 9),
    Flag::version(Opt::Version, 10),
];

pub const HELP: HelpStyle = HelpStyle {
    synopsis:
        "add <name> <peer> [options]\ndel <name> [--netns <ns>]\nlist [--netns <ns>] [--json]",
    description: "Create a veth pair with each end in its network namespace, addressed and up\n\
(atomically: on failure nothing is left), delete a pair, or list the pairs.",
    column: 24,
    long_only_indent: "     ",
    man: "rns-veth(8)",
};

/// The subcommands as completions offer them.
pub const WORDS: &[&str] = &["add", "del", "list"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    List,
    Help,
    Add,
    Del,
}

/// Every spelling of a subcommand, in the order ip's `matches()` tries its
/// own: a non-empty prefix of a word selects it, the first match wins (so
/// `l` is list, `s` and `sh` are show, `d` and `del` are delete).
const SPELLINGS: &[(&str, Cmd)] = &[
    ("list", Cmd::List),
    ("show", Cmd::List),
    ("lst", Cmd::List),
    ("help", Cmd::Help),
    ("add", Cmd::Add),
    ("delete", Cmd::Del),
];

/// ip's `matches(word, spelling)` over SPELLINGS.
pub(super) fn command(word: &OsStr) -> Option<Cmd> {
    let w = word.as_encoded_bytes();
    SPELLINGS
        .iter()
        .find(|(s, _)| !w.is_empty() && s.as_bytes().starts_with(w))
        .map(|&(_, c)| c)
}

pub fn flag_docs() -> Vec<cli::FlagDoc> {
    cli::docs(FLAGS)
}

/// The options as given, before they are checked against the command.
#[derive(Debug, Default)]
pub struct Raw {
    pub netns: Option<OsString>,
    pub peer_netns: Option<OsString>,
    pub addrs: Vec<OsString>,
    pub peer_addrs: Vec<OsString>,
    pub mtu: Option<OsString>,
    pub mac: Option<OsString>,
    pub peer_mac: Option<OsString>,
    pub down: bool,
    pub json: bool,
    pub help: bool,
    pub version: bool,
    /// Options that were given, for "not valid with COMMAND" checks.
    pub given: Vec<Opt>,
}

pub fn main(prog: &Prog, mut args: Vec<OsString>) -> i32 {
    let user = args.first().is_some_and(|a| a == "--user");
    if user {
        args.remove(0);
    }
    let parsed = parse_args(args).and_then(|(raw, ops)| {
        if user {
            user::enter(&raw, &ops)?;
        }
        Ok((raw, ops))
    });
    match parsed.and_then(|raw| run(prog, raw)) {
        Ok(code) => code,
        Err(e) => prog.fail(&e),
    }
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Getopt(msg.into())
}

fn once(slot: &mut Option<OsString>, v: Option<OsString>, long: &str) -> Result<()> {
    if slot.is_some() {
        return Err(usage(format!("option '--{long}' given more than once")));
    }
    *slot = v;
    Ok(())
}

fn apply(r: &mut Raw, g: Given<Opt>) -> Result<()> {
    r.given.push(g.id);
    let v = g.value;
    match g.id {
        Opt::Netns => once(&mut r.netns, v, "netns")?,
        Opt::PeerNetns => once(&mut r.peer_netns, v, "peer-netns")?,
        Opt::Addr => r.addrs.extend(v),
        Opt::PeerAddr => r.peer_addrs.extend(v),
        Opt::Mtu => once(&mut r.mtu, v, "mtu")?,
        Opt::Mac => once(&mut r.mac, v, "mac")?,
        Opt::PeerMac => once(&mut r.peer_mac, v, "peer-mac")?,
        Opt::Down => r.down = true,
        Opt::Json => r.json = true,
        Opt::Help => r.help = true,
        Opt::Version => r.version = true,
    }
    Ok(())
}

/// getopt_long with permutation: options anywhere, operands collected in
/// order; after `--` everything is an operand.
pub fn parse_args(args: Vec<OsString>) -> Result<(Raw, Vec<OsString>)> {
    let mut raw = Raw::default();
    let mut operands = Vec::new();
    let mut rest = args;
    loop {
        let before = rest.clone();
        let left = getopt(FLAGS, rest, |g| apply(&mut raw, g))?;
        if left.is_empty() {
            break;
        }
        // Was the first operand preceded by `--`? Then all are operands.
        let at = before.len() - left.len();
        if at > 0 && before[at - 1] == "--" {
            operands.extend(left);
            break;
        }
        let mut left = left.into_iter();
        operands.extend(left.next());
        rest = left.collect();
    }
    Ok((raw, operands))
}

fn run(prog: &Prog, (raw, operands): (Raw, Vec<OsString>)) -> Result<i32> {
    if raw.help {
        return help(prog);
    }
    if raw.version {
        cli::print_stdout(&version_text())?;
        return Ok(0);
    }
    let Some(word) = operands.first() else {
        return Err(usage("missing command: add, del or list"));
    };
    let args = &operands[1..];
    match command(word) {
        Some(Cmd::Add) => {
            let plan = add::plan(raw, args)?;
            add::run(plan)
        }
        Some(Cmd::Del) => del(&raw, args),
        Some(Cmd::List) => {
            allowed(&raw, &[Opt::Netns, Opt::Json], "list")?;
            if let Some(extra) = args.first() {
                return Err(usage(format!(
                    "unexpected argument '{}'",
                    extra.to_string_lossy()
                )));
            }
            list::run(raw.netns.as_deref(), raw.json)
        }
        Some(Cmd::Help) => help(prog),
        None => Err(usage(format!(
            "unknown command '{}' (expected add, del or list)",
            word.to_string_lossy()
        ))),
    }
}

fn help(prog: &Prog) -> Result<i32> {
    cli::print_stdout(&cli::render_help(&prog.name, FLAGS, &HELP))?;
    Ok(0)
}

/// `-V`, `--version`: rns's version (veth has no reference tool).
pub fn version_text() -> String {
    format!("veth from rns {}\n", env!("CARGO_PKG_VERSION"))
}

fn del(raw: &Raw, args: &[OsString]) -> Result<i32> {
    allowed(raw, &[Opt::Netns], "del")?;
    let [name] = args else {
        return Err(operand_count("del", "<name>", args));
    };
    let name = parse::ifname(name)?;
    add::del(name, raw.netns.as_deref())
}

/// Reject options that mean nothing to `cmd`.
fn allowed(raw: &Raw, ok: &[Opt], cmd: &str) -> Result<()> {
    match raw
        .given
        .iter()
        .find(|o| !ok.contains(o) && !matches!(o, Opt::Help | Opt::Version))
    {
        Some(o) => {
            let long = FLAGS.iter().find(|f| f.id == *o).map_or("", |f| f.long);
            Err(usage(format!(
                "option '--{long}' is not valid with '{cmd}'"
            )))
        }
        None => Ok(()),
    }
}

fn operand_count(cmd: &str, want: &str, got: &[OsString]) -> Error {
    match got.get(want.split(' ').count()) {
        Some(extra) => usage(format!("unexpected argument '{}'", extra.to_string_lossy())),
        None => usage(format!("{cmd}: expected {want}")),
    }
}

/// `veth: MSG` with exit status 1 (bad input) ...
pub fn bad(text: impl Into<String>) -> Error {
    Error::msg(text)
}

/// ... or 2 (the kernel refused).
pub fn refused(text: impl Into<String>) -> Error {
    Error::Msg {
        code: 2,
        text: text.into(),
    }
}

/// How a namespace argument reads in messages: ` in network namespace 'A'`.
pub fn where_(ns: Option<&OsStr>) -> String {
    match ns {
        Some(n) => format!(" in network namespace '{}'", n.to_string_lossy()),
        None => String::new(),
    }
}
