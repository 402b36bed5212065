//! The applets and the table the dispatcher picks from.

use crate::cli::Prog;
use std::ffi::OsString;
use std::sync::OnceLock;

pub mod multicall;
pub mod netns;
pub mod nsenter;
pub mod nsenter_flags;
pub mod report;
pub mod unshare;
pub mod unshare_flags;
pub mod veth;

/// An applet's entry point: the program as invoked, and argv[1..].
pub type Main = fn(&Prog, Vec<OsString>) -> i32;

pub struct Applet {
    pub name: &'static str,
    pub main: Main,
    pub summary: &'static str,
    /// The options, for docs, completions and drift tests.
    pub flags: fn() -> Vec<crate::cli::FlagDoc>,
    /// Subcommand words (netns, veth), in the order they are matched.
    pub words: &'static [&'static str],
    /// How it spells long options (docs and completions).
    pub style: Style,
    /// The man page that documents it (file name under `man/`).
    pub man_page: &'static str,
    /// What each subcommand word's positional arguments complete to.
    pub positionals: &'static [(&'static str, &'static [Pos])],
    /// Options valid only with some subcommand words (long name, words);
    /// the others go with every word.
    pub only_with: &'static [(&'static str, &'static [&'static str])],
    /// Words accepted only as the first word after the applet name, with
    /// their help (`--user`: the caller's own store). With one given,
    /// namespace names are those `netns LEAD list` prints
    /// (`docs::NAMES_FROM`).
    pub lead: &'static [(&'static str, &'static str)],
    /// The subcommand words left after a lead word (all when empty).
    pub lead_words: &'static [&'static str],
    /// Options a subcommand reads among its own operands, outside the
    /// flag table (`netns add NAME --owner USER[:GROUP]`).
    pub sub_options: &'static [SubOption],
}

/// An option of one subcommand word, given after its first `after`
/// operands, as `OPTION VALUE` or `OPTION=VALUE`; after a lead word too
/// when `with_lead`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubOption {
    pub word: &'static str,
    pub after: usize,
    pub option: &'static str,
    pub value: Pos,
    pub with_lead: bool,
    /// The value's placeholder and the option's help (docs, completions).
    pub header: &'static str,
    pub help: &'static str,
}

/// How an applet spells its long options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// getopt_long: `-x`, `--long`.
    Gnu,
    /// iproute2: `-x`, `-long` (`--long` also accepted).
    Iproute,
}

/// What a positional argument of a subcommand completes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Nothing,
    Netns,
    Pid,
    /// A veth in the namespace the applet's `--netns` names.
    Veth,
    /// A program, then its own arguments.
    Command,
    /// A user (name or uid), then after `:` a group (name or gid).
    Owner,
    Words(&'static [&'static str]),
}

impl Applet {
    /// The positional arguments of `WORD ...` (subcommand applets).
    pub fn positionals(&self, word: &str) -> &'static [Pos] {
        let hit = self.positionals.iter().find(|(w, _)| *w == word);
        hit.map_or(&[], |(_, p)| p)
    }

    /// Does option `--long` go with subcommand `word`?
    pub fn takes(&self, word: &str, long: &str) -> bool {
        let only = self.only_with.iter().find(|(l, _)| *l == long);
        only.is_none_or(|(_, words)| words.contains(&word))
    }
}

const NETNS_POS: &[(&str, &[Pos])] = &[
    ("add", &[Pos::Nothing]),
    ("attach", &[Pos::Nothing, Pos::Pid]),
    ("set", &[Pos::Netns, Pos::Words(&["auto"])]),
    ("delete", &[Pos::Netns]),
    ("pids", &[Pos::Netns]),
    ("identify", &[Pos::Pid]),
    ("exec", &[Pos::Netns, Pos::Command]),
    ("list-id", &[Pos::Words(&["target-nsid", "nsid"])]),
];

/// `rns netns --user ...`, `rns veth --user ...`.
const USER_LEAD: &[(&str, &str)] = &[(
    "--user",
    "the caller's own namespaces, no privilege needed (first word only)",
)];

/// What `rns netns --user` runs (netns/user.rs); the others it refuses.
const NETNS_USER_WORDS: &[&str] = &[
    "list", "show", "lst", "add", "delete", "identify", "pids", "exec",
];

const NETNS_SUB_OPTIONS: &[SubOption] = &[SubOption {
    word: "add",
    after: 1,
    option: "--owner",
    value: Pos::Owner,
    // Root's: a user's own store has no delegated namespaces.
    with_lead: false,
    header: "user[:group]",
    help: "(as root) a namespace that USER can use without privilege",
}];

const VETH_POS: &[(&str, &[Pos])] = &[
    ("add", &[Pos::Nothing, Pos::Nothing]),
    ("del", &[Pos::Veth]),
];

/// `veth` rejects these with the other subcommands ("not valid with").
const VETH_ONLY: &[(&str, &[&str])] = &[
    ("peer-netns", &["add"]),
    ("addr", &["add"]),
    ("peer-addr", &["add"]),
    ("mtu", &["add"]),
    ("mac", &["add"]),
    ("peer-mac", &["add"]),
    ("down", &["add"]),
    ("json", &["list"]),
];

/// `netns`, also answering as `ipnetns`.
const NETNS: Applet = Applet {
    name: "netns",
    main: netns::main,
    summary: "manage named network namespaces (ip netns)",
    flags: netns::flag_docs,
    words: netns::WORDS,
    style: Style::Iproute,
    man_page: "rns-netns.8",
    positionals: NETNS_POS,
    only_with: &[],
    lead: USER_LEAD,
    lead_words: NETNS_USER_WORDS,
    sub_options: NETNS_SUB_OPTIONS,
};

pub static APPLETS: &[Applet] = &[
    Applet {
        name: "unshare",
        main: unshare::main,
        summary: "run a program with some namespaces unshared",
        flags: unshare::flag_docs,
        words: unshare::WORDS,
        style: Style::Gnu,
        man_page: "rns-unshare.1",
        positionals: &[],
        only_with: &[],
        lead: &[],
        lead_words: &[],
        sub_options: &[],
    },
    Applet {
        name: "nsenter",
        main: nsenter::main,
        summary: "run a program in the namespaces of other processes",
        flags: nsenter::flag_docs,
        words: nsenter::WORDS,
        style: Style::Gnu,
        man_page: "rns-nsenter.1",
        positionals: &[],
        only_with: &[],
        lead: &[],
        lead_words: &[],
        sub_options: &[],
    },
    NETNS,
    Applet {
        name: "ipnetns",
        ..NETNS
    },
    Applet {
        name: "veth",
        main: veth::main,
        summary: "create and manage veth pairs across namespaces",
        flags: veth::flag_docs,
        words: veth::WORDS,
        style: Style::Gnu,
        man_page: "rns-veth.8",
        positionals: VETH_POS,
        only_with: VETH_ONLY,
        lead: USER_LEAD,
        lead_words: &[],
        sub_options: &[],
    },
];

/// The applet an invocation name selects: the exact name, or the name behind
/// a prefix that ends in a non-alphanumeric character (`rns-unshare`).
/// One leading `-` (a login shell's `argv[0]`) is ignored.
pub fn find(invoked: &str) -> Option<&'static Applet> {
    let base = invoked.rsplit('/').next().unwrap_or(invoked);
    let base = base.strip_prefix('-').unwrap_or(base);
    APPLETS.iter().find(|a| {
        base == a.name
            || base.strip_suffix(a.name).is_some_and(|pre| {
                pre.chars()
                    .last()
                    .is_some_and(|c| !c.is_ascii_alphanumeric())
            })
    })
}

static CURRENT: OnceLock<String> = OnceLock::new();

/// Run `applet` as `argv0` (what messages are prefixed with).
pub fn run(applet: &Applet, argv0: &str, args: Vec<OsString>) -> i32 {
    let prog = Prog::new(argv0);
    let _ = CURRENT.set(prog.name.clone());
    (applet.main)(&prog, args)
}

/// The basename messages of the running applet start with.
pub fn current_name() -> String {
    CURRENT.get().cloned().unwrap_or_else(|| "rns".into())
}
