//! Documentation facts that are not in the applet table, and the
//! generators of the shell completions (`completions/`): one module per
//! shell, its shell code in `templates/` (linted by shellcheck in the tests).
//!
//! Everything applet-related comes from `applet::APPLETS`: each applet's
//! `flags()`, `words`, `style`, `man_page`, `positionals`, `only_with`,
//! `lead` and `sub_options`.
//! `RNS_BLESS=1 cargo test --test integration docs::` rewrites the
//! completion files after a table changes (the drift test fails until then).

use crate::applet::{Applet, APPLETS};
pub use crate::applet::{Pos, Style};
use crate::cli::{ArgKind, Complete, FlagDoc};

mod bash;
mod fish;
mod zsh;

pub use bash::bash;
pub use fish::fish;
pub use zsh::zsh;

/// Every man page, the multicall page first.
pub const MAN_PAGES: &[&str] = &[
    "rns.1",
    "rns-unshare.1",
    "rns-nsenter.1",
    "rns-netns.8",
    "rns-veth.8",
];

/// The applet whose `list` prints namespace names: with an applet's lead
/// words (`--user`), its names are those `netns LEAD... list` prints.
pub const NAMES_FROM: &str = "netns";

/// `rns`'s own options (multicall.rs), as `rns --help` lists them.
pub const RNS_OPTIONS: &[&str] = &["--list", "--install", "--help", "--version"];

/// The words an option is spelled as on a command line.
pub fn option_words(f: &FlagDoc, style: Style) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(c) = f.short {
        v.push(format!("-{c}"));
    }
    if !f.long.is_empty() {
        v.push(match style {
            Style::Gnu => format!("--{}", f.long),
            Style::Iproute => format!("-{}", f.long),
        });
    }
    v
}

/// An applet's options, from its flag table.
pub fn flags_of(a: &Applet) -> Vec<FlagDoc> {
    (a.flags)()
}

/// An applet's subcommand words.
pub fn words_of(a: &Applet) -> Vec<&'static str> {
    a.words.to_vec()
}

/// The names a completion is registered for: `rns`, every applet and
/// `rns-APPLET` (`argv[0]` dispatch accepts any prefix ending in a
/// non-alphanumeric character; `rns-` is the one packagers use).
pub fn command_names() -> Vec<String> {
    let mut v = vec!["rns".to_string()];
    v.extend(APPLETS.iter().map(|a| a.name.to_string()));
    v.extend(APPLETS.iter().map(|a| format!("rns-{}", a.name)));
    v
}

pub(crate) const GENERATED: &str =
    "generated from the flag tables (src/lib/applet/*) by src/lib/docs/;\n\
# do not edit: run `RNS_BLESS=1 cargo test --test integration docs::` instead.";

pub(crate) fn kind_word(c: Complete) -> String {
    match c {
        Complete::Nothing => "none".into(),
        Complete::File => "file".into(),
        Complete::Dir => "dir".into(),
        Complete::Command => "command".into(),
        Complete::User => "user".into(),
        Complete::Group => "group".into(),
        Complete::Pid => "pid".into(),
        Complete::Signal => "signal".into(),
        Complete::NetnsName => "netns".into(),
        Complete::Words(w) => format!("words:{}", w.join(",")),
    }
}

pub(crate) fn pos_word(p: Pos) -> String {
    match p {
        Pos::Nothing => "none".into(),
        Pos::Netns => "netns".into(),
        Pos::Pid => "pid".into(),
        Pos::Veth => "veth".into(),
        Pos::Command => "command".into(),
        Pos::Owner => "owner".into(),
        Pos::Words(w) => format!("words:{}", w.join(",")),
    }
}

pub(crate) fn arg_letter(a: ArgKind) -> char {
    match a {
        ArgKind::NoArg => 'n',
        ArgKind::Required => 'r',
        ArgKind::Optional => 'o',
        ArgKind::LongOptional => 'L',
    }
}

/// A help text on one line (the completions' descriptions).
pub(crate) fn one_line(help: &str) -> String {
    help.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An option's value placeholder as a plain header: `<uid>:<gid>` and
/// `[=<dir>]` read `uid:gid` and `dir`.
pub(crate) fn value_header(value: &str) -> String {
    let v = value.trim().trim_start_matches(['[', '=']);
    let v = v.trim_end_matches(']').replace(['<', '>'], "");
    if v.is_empty() {
        "value".into()
    } else {
        v
    }
}

/// Signal names `--kill-child` accepts (util-linux's list, without `SIG`).
pub fn signal_names() -> Vec<&'static str> {
    crate::process::signames::NAMES
        .iter()
        .map(|&(n, _)| n)
        .collect()
}

/// A name usable in a shell function name.
pub(crate) fn ident(applet: &str) -> String {
    applet.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
}

/// The pattern (as a regex) matching invocation names of `applet`.
pub(crate) fn name_regex(applet: &str) -> String {
    format!("(^|[^A-Za-z0-9]){applet}$")
}
