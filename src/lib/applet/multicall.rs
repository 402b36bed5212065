//! `rns` itself: `rns APPLET ...`, `rns help [APPLET]`, `--list`,
//! `--install [-s] DIR`, `--help`, `--version`, parsed from a flag table
//! with the applets' getopt_long rules (prefixes, glibc's messages).

use crate::applet::{self, Applet, APPLETS};
use crate::cli::{self, getopt, ArgKind, Complete, Flag, HelpStyle, Prog};
use crate::error::{Ctx, Error, Op, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// `rns`'s own options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    List,
    Install,
    Symbolic,
    Help,
    Version,
}

/// The table `rns --help`, the parser and man/rns.1 (through the docs test
/// of `crate::docs::RNS_OPTIONS`) agree on.
pub static FLAGS: &[Flag<Opt>] = &[
    Flag::new(
        Opt::List,
        Some('l'),
        "list",
        ArgKind::NoArg,
        "",
        "print the applet names, one per line",
        0,
        Complete::Nothing,
    ),
    Flag::new(
        Opt::Install,
        None,
        "install",
        ArgKind::NoArg,
        " <dir>",
        "link every applet into <dir> (created if missing);\n\
         a link that already leads to this rns is kept",
        1,
        Complete::Dir,
    ),
    Flag::new(
        Opt::Symbolic,
        Some('s'),
        "",
        ArgKind::NoArg,
        "",
        "with --install: symbolic links, not hard links",
        2,
        Complete::Nothing,
    ),
    Flag::help(Opt::Help, 3),
    Flag::version(Opt::Version, 4),
];

const HELP: HelpStyle = HelpStyle {
    synopsis: "<applet> [<argument>...]\n rns help [<applet>]\n rns [options]",
    description: "Run one of the namespace tools below, named by the first argument or by\n\
                  the name rns is called by (a link named unshare, rns-unshare, ...).",
    column: 24,
    long_only_indent: "     ",
    man: "rns(1)",
};

/// The long option names as a command line spells them.
pub fn long_options() -> Vec<String> {
    FLAGS
        .iter()
        .filter(|f| !f.long.is_empty())
        .map(|f| format!("--{}", f.long))
        .collect()
}

/// Dispatch on `argv[0]`, then on the first word.
pub fn main(mut args: Vec<OsString>) -> i32 {
    if crate::sys::creds::is_privileged_exec() {
        eprintln!(
            "rns: refusing to run setuid or setgid: these tools are not safe as setuid programs"
        );
        return 1;
    }
    if args.is_empty() {
        args.push("rns".into());
    }
    let argv0 = args.remove(0).to_string_lossy().into_owned();
    if let Some(a) = applet::find(&argv0) {
        return applet::run(a, &argv0, args);
    }
    let prog = Prog::new(&argv0);
    if !prog.name.starts_with("rns") {
        return not_found(&prog.name);
    }
    // `rns APPLET ...`, the common case, goes straight to the applet: what
    // getopt would do with it (options end at the first operand), without
    // touching rns's own option code (6 page faults of startup, measured).
    if let Some(a) = args.first().and_then(|w| by_name(&w.to_string_lossy())) {
        args.remove(0);
        return applet::run(a, a.name, args);
    }
    // No reference tool here: every message starts with the name, as
    // util-linux's own (non-getopt) messages do.
    match top(args) {
        Ok(code) => code,
        Err(e) => e.report(&prog.name, &prog.name),
    }
}

/// What the options asked for.
#[derive(Default)]
struct Request {
    mode: Option<Opt>,
    symbolic: bool,
}

impl Request {
    fn take(&mut self, id: Opt) -> Result<()> {
        match id {
            Opt::Help => finish(cli::print_stdout(&help_text())),
            Opt::Version => finish(cli::print_stdout(&format!(
                "rns {}\n",
                env!("CARGO_PKG_VERSION")
            ))),
            Opt::Symbolic => {
                self.symbolic = true;
                Ok(())
            }
            Opt::List | Opt::Install => self.set_mode(id),
        }
    }

    fn set_mode(&mut self, id: Opt) -> Result<()> {
        match self.mode {
            Some(m) if m != id => Err(usage(format!(
                "{} and {} are mutually exclusive",
                spelled(m),
                spelled(id)
            ))),
            _ => {
                self.mode = Some(id);
                Ok(())
            }
        }
    }
}

/// `--help` and `--version` end the parse, as util-linux's `usage()` does.
fn finish(printed: Result<()>) -> Result<()> {
    printed.and(Err(Error::Exit(0)))
}

fn spelled(id: Opt) -> String {
    let f = FLAGS.iter().find(|f| f.id == id).expect("in the table");
    format!("--{}", f.long)
}

/// A usage error: `rns: MSG` and the `Try 'rns --help'` line, exit 1.
fn usage(msg: String) -> Error {
    Error::Getopt(msg)
}

fn top(args: Vec<OsString>) -> Result<i32> {
    let mut req = Request::default();
    let operands = getopt(FLAGS, args, |g| req.take(g.id))?;
    if req.symbolic && req.mode != Some(Opt::Install) {
        return Err(usage("-s is only valid with --install".into()));
    }
    match req.mode {
        Some(Opt::List) => no_more("--list", &operands).and_then(|()| list()),
        Some(_) => install_operand(&operands).and_then(|dir| install(dir, req.symbolic)),
        None => applet_word(operands),
    }
}

/// `rns APPLET ARGS...` or `rns help [APPLET]`.
fn applet_word(mut operands: Vec<OsString>) -> Result<i32> {
    if operands.is_empty() {
        return Err(usage("no applet specified".into()));
    }
    let name = operands.remove(0).to_string_lossy().into_owned();
    if name == "help" {
        return help_for(&operands);
    }
    match by_name(&name) {
        Some(a) => Ok(applet::run(a, &name, operands)),
        None => Ok(not_found(&name)),
    }
}

fn by_name(name: &str) -> Option<&'static Applet> {
    APPLETS.iter().find(|a| a.name == name)
}

/// `rns help`: rns's own help; `rns help APPLET`: the applet's, as its
/// `--help` (or ip's `help` word, for applets with subcommands) prints it.
fn help_for(operands: &[OsString]) -> Result<i32> {
    no_more("help", operands.get(1..).unwrap_or(&[]))?;
    let Some(name) = operands.first().map(|n| n.to_string_lossy()) else {
        cli::print_stdout(&help_text())?;
        return Ok(0);
    };
    let Some(a) = by_name(&name) else {
        return Ok(not_found(&name));
    };
    let word = if a.words.contains(&"help") {
        "help"
    } else {
        "--help"
    };
    Ok(applet::run(a, a.name, vec![word.into()]))
}

fn no_more(after: &str, operands: &[OsString]) -> Result<()> {
    match operands.first() {
        Some(extra) => Err(usage(format!(
            "{after}: unexpected argument '{}'",
            extra.to_string_lossy()
        ))),
        None => Ok(()),
    }
}

fn install_operand(operands: &[OsString]) -> Result<&OsString> {
    let Some(dir) = operands.first() else {
        return Err(usage("--install: no directory specified".into()));
    };
    no_more("--install", &operands[1..])?;
    Ok(dir)
}

/// An unknown applet: busybox's status 127, and the names that exist.
fn not_found(name: &str) -> i32 {
    let names: Vec<&str> = APPLETS.iter().map(|a| a.name).collect();
    eprintln!(
        "rns: {name}: applet not found (applets: {}; see 'rns --help')",
        names.join(", ")
    );
    127
}

/// `rns --help`: the usage, every applet with its summary, the options.
pub fn help_text() -> String {
    let width = APPLETS.iter().map(|a| a.name.len()).max().unwrap_or(0);
    let applets: String = APPLETS
        .iter()
        .map(|a| format!(" {:<w$}  {}\n", a.name, a.summary, w = width))
        .collect();
    cli::render_help("rns", FLAGS, &HELP).replacen(
        "\nOptions:\n",
        &format!("\nApplets:\n{applets}\nOptions:\n"),
        1,
    )
}

fn list() -> Result<i32> {
    let names: String = APPLETS.iter().map(|a| format!("{}\n", a.name)).collect();
    cli::print_stdout(&names)?;
    Ok(0)
}

/// Link every applet into `dir`, creating it (and its parents) first, as
/// `install -d` would. Nothing is linked unless every name is free or
/// already leads to this binary.
fn install(dir: &OsString, symlink: bool) -> Result<i32> {
    let dir = Path::new(dir);
    make_dir(dir)?;
    let exe = std::fs::read_link("/proc/self/exe").ctx(Op::Path("/proc/self/exe".into()))?;
    let links: Vec<PathBuf> = APPLETS.iter().map(|a| dir.join(a.name)).collect();
    let mut todo = Vec::new();
    for link in &links {
        if !already_ours(link)? {
            todo.push(link);
        }
    }
    for link in todo {
        let made = if symlink {
            std::os::unix::fs::symlink(&exe, link)
        } else {
            std::fs::hard_link(&exe, link)
        };
        made.ctx(Op::Path(link.clone()))?;
    }
    Ok(0)
}

fn make_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    let made = std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir);
    made.ctx(Op::Mkdir(dir.to_path_buf()))
}

/// Is `link` free (false), a link that leads to this very binary, of either
/// kind and whatever path a symlink spells (true), or something else in the
/// way (EEXIST: another tool is never overwritten)?
fn already_ours(link: &Path) -> Result<bool> {
    use std::os::unix::fs::MetadataExt;
    if std::fs::symlink_metadata(link).is_err() {
        return Ok(false);
    }
    let me = std::fs::metadata("/proc/self/exe").ctx(Op::Path("/proc/self/exe".into()))?;
    match std::fs::metadata(link) {
        Ok(m) if m.dev() == me.dev() && m.ino() == me.ino() => Ok(true),
        _ => Err(Error::os(
            Op::Path(link.to_path_buf()),
            nix::errno::Errno::EEXIST,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_list_exactly_the_tables_long_options() {
        let docs: Vec<String> = crate::docs::RNS_OPTIONS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(docs, long_options());
    }

    #[test]
    fn help_names_every_applet_with_its_summary() {
        let help = help_text();
        for a in APPLETS {
            assert!(help.contains(a.summary), "{}", a.name);
        }
        assert!(help.contains("For more details see rns(1).\n"));
        assert!(help.contains(" -s  "), "{help}");
    }
}
