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
}

pub static APPLETS: &[Applet] = &[
    Applet {
        name: "unshare",
        main: unshare::main,
        summary: "run a program with some namespaces unshared",
        flags: unshare::flag_docs,
        words: unshare::WORDS,
    },
    Applet {
        name: "nsenter",
        main: nsenter::main,
        summary: "run a program in the namespaces of other processes",
        flags: nsenter::flag_docs,
        words: nsenter::WORDS,
    },
    Applet {
        name: "netns",
        main: netns::main,
        summary: "manage named network namespaces (ip netns)",
        flags: netns::flag_docs,
        words: netns::WORDS,
    },
    Applet {
        name: "ipnetns",
        main: netns::main,
        summary: "manage named network namespaces (ip netns)",
        flags: netns::flag_docs,
        words: netns::WORDS,
    },
    Applet {
        name: "veth",
        main: veth::main,
        summary: "create and manage veth pairs across namespaces",
        flags: veth::flag_docs,
        words: veth::WORDS,
    },
];

/// The applet an invocation name selects: the exact name, or the name behind
/// a prefix that ends in a non-alphanumeric character (`rns-unshare`).
/// One leading `-` (a login shell's argv[0]) is ignored.
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
