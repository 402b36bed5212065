//! nsenter's flag table: newest util-linux's options, in its `--help` order
//! (util-linux built with SELinux support, so `-Z` is listed). `rank` is the
//! option's place in util-linux's `longopts` array (glibc lists ambiguous
//! abbreviations in that order).

use crate::cli::{ArgKind::*, Complete, Flag, HelpStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    All,
    Target,
    /// A namespace kind, indexed like `ns::KINDS`.
    Ns(usize),
    NetSocket,
    UserParent,
    Setuid,
    Setgid,
    PreserveCred,
    KeepCaps,
    Root,
    Wd,
    Wdns,
    Env,
    NoFork,
    JoinCgroup,
    FollowContext,
    Help,
    Version,
}

#[allow(clippy::too_many_arguments)]
const fn f(
    id: Opt,
    short: Option<char>,
    long: &'static str,
    arg: crate::cli::ArgKind,
    value: &'static str,
    help: &'static str,
    rank: u8,
    complete: Complete,
) -> Flag<Opt> {
    Flag {
        id,
        short,
        long,
        arg,
        value,
        help,
        section: false,
        rank,
        complete,
    }
}

const fn ns(i: usize, short: char, long: &'static str, help: &'static str, rank: u8) -> Flag<Opt> {
    f(
        Opt::Ns(i),
        Some(short),
        long,
        Optional,
        NS_VALUE,
        help,
        rank,
        Complete::File,
    )
}

const fn sect(mut fl: Flag<Opt>) -> Flag<Opt> {
    fl.section = true;
    fl
}

pub const NS_VALUE: &str = "[=<file>|=:<nsid>]";

pub static FLAGS: &[Flag<Opt>] = &[
    f(
        Opt::All,
        Some('a'),
        "all",
        NoArg,
        "",
        "enter all namespaces",
        0,
        Complete::Nothing,
    ),
    f(
        Opt::Target,
        Some('t'),
        "target",
        Required,
        " <PID>",
        "target process to get namespaces from",
        3,
        Complete::Pid,
    ),
    ns(6, 'm', "mount", "enter mount namespace", 4),
    ns(3, 'u', "uts", "enter UTS namespace (hostname etc)", 5),
    ns(2, 'i', "ipc", "enter System V IPC namespace", 6),
    ns(4, 'n', "net", "enter network namespace", 7),
    f(
        Opt::NetSocket,
        Some('N'),
        "net-socket",
        Required,
        " <fd>",
        "enter socket's network namespace (needs --target)",
        8,
        Complete::Nothing,
    ),
    ns(5, 'p', "pid", "enter pid namespace", 9),
    ns(1, 'C', "cgroup", "enter cgroup namespace", 11),
    ns(0, 'U', "user", "enter user namespace", 10),
    f(
        Opt::UserParent,
        None,
        "user-parent",
        NoArg,
        "",
        "enter parent user namespace",
        23,
        Complete::Nothing,
    ),
    ns(7, 'T', "time", "enter time namespace", 12),
    f(
        Opt::Setuid,
        Some('S'),
        "setuid",
        Required,
        "[=<uid>]",
        "set uid in entered namespace",
        13,
        Complete::Words(&["follow"]),
    ),
    f(
        Opt::Setgid,
        Some('G'),
        "setgid",
        Required,
        "[=<gid>]",
        "set gid in entered namespace",
        14,
        Complete::Words(&["follow"]),
    ),
    f(
        Opt::PreserveCred,
        None,
        "preserve-credentials",
        NoArg,
        "",
        "do not touch uids or gids",
        21,
        Complete::Nothing,
    ),
    f(
        Opt::KeepCaps,
        None,
        "keep-caps",
        NoArg,
        "",
        "retain capabilities granted in user namespaces",
        22,
        Complete::Nothing,
    ),
    f(
        Opt::Root,
        Some('r'),
        "root",
        Optional,
        "[=<dir>]",
        "set the root directory",
        15,
        Complete::Dir,
    ),
    f(
        Opt::Wd,
        Some('w'),
        "wd",
        Optional,
        "[=<dir>]",
        "set the working directory",
        16,
        Complete::Dir,
    ),
    f(
        Opt::Wdns,
        Some('W'),
        "wdns",
        Optional,
        " <dir>",
        "set the working directory in namespace",
        17,
        Complete::Dir,
    ),
    f(
        Opt::Env,
        Some('e'),
        "env",
        NoArg,
        "",
        "inherit environment variables from target process",
        18,
        Complete::Nothing,
    ),
    f(
        Opt::NoFork,
        Some('F'),
        "no-fork",
        NoArg,
        "",
        "do not fork before exec'ing <program>",
        19,
        Complete::Nothing,
    ),
    f(
        Opt::JoinCgroup,
        Some('c'),
        "join-cgroup",
        NoArg,
        "",
        "join the cgroup of the target process",
        20,
        Complete::Nothing,
    ),
    f(
        Opt::FollowContext,
        Some('Z'),
        "follow-context",
        NoArg,
        "",
        "set SELinux context according to --target PID",
        24,
        Complete::Nothing,
    ),
    sect(f(
        Opt::Help,
        Some('h'),
        "help",
        NoArg,
        "",
        "display this help",
        1,
        Complete::Nothing,
    )),
    f(
        Opt::Version,
        Some('V'),
        "version",
        NoArg,
        "",
        "display version",
        2,
        Complete::Nothing,
    ),
];

pub const HELP: HelpStyle = HelpStyle {
    synopsis: "[options] [<program> [<argument>...]]",
    description: "Run a program with namespaces of other processes.",
    column: 31,
    long_only_indent: "     ",
    man: "nsenter(1)",
};
