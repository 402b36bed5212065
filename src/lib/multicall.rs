//! `rns` itself: `rns APPLET ...`, `--list`, `--install`, `--help`, `--version`.

use crate::applet::{self, APPLETS};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

const USAGE: &str = "Usage: rns APPLET [ARGS...]
       rns --list
       rns --install [-s] DIR
       rns --help | --version

Or call rns through a link named after an applet (unshare, nsenter, netns,
ipnetns, veth, or any of these behind a prefix such as rns-unshare).
";

/// Dispatch on argv[0], then on the first word.
pub fn main(mut args: Vec<OsString>) -> i32 {
    if crate::sys::is_privileged_exec() {
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
    let base = argv0.rsplit('/').next().unwrap_or(&argv0);
    if !base.starts_with("rns") {
        eprintln!("rns: {base}: applet not found");
        return 127;
    }
    let Some(first) = args.first().map(|a| a.to_string_lossy().into_owned()) else {
        eprint!("{USAGE}");
        return 1;
    };
    match first.as_str() {
        "--list" | "-l" => list(),
        "--install" => install(&args[1..]),
        "--help" | "-h" => out(USAGE),
        "--version" | "-V" => out(&format!("rns {}\n", env!("CARGO_PKG_VERSION"))),
        name => match APPLETS.iter().find(|a| a.name == name) {
            Some(a) => applet::run(a, name, args[1..].to_vec()),
            None => {
                eprintln!("rns: {name}: applet not found");
                127
            }
        },
    }
}

fn out(text: &str) -> i32 {
    match crate::cli::print_stdout(text) {
        Ok(()) => 0,
        Err(e) => e.report("rns", "rns"),
    }
}

fn list() -> i32 {
    out(&APPLETS
        .iter()
        .map(|a| format!("{}\n", a.name))
        .collect::<String>())
}

fn install(args: &[OsString]) -> i32 {
    let (symlink, dir) = match args {
        [s, d] if s == "-s" => (true, d),
        [d] => (false, d),
        _ => {
            eprintln!("rns: usage: rns --install [-s] DIR");
            return 1;
        }
    };
    let exe = match std::fs::read_link("/proc/self/exe") {
        Ok(p) => p,
        Err(e) => return fail(Path::new("/proc/self/exe"), &e),
    };
    for a in APPLETS {
        let link = PathBuf::from(dir).join(a.name);
        if let Err(e) = place(&exe, &link, symlink) {
            return fail(&link, &e);
        }
    }
    0
}

/// Create `link` -> `exe`; an existing link to this very binary is kept,
/// anything else in the way is an error (never overwrite another tool).
fn place(exe: &Path, link: &Path, symlink: bool) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = std::fs::symlink_metadata(link) {
        let same_target = std::fs::read_link(link).is_ok_and(|t| t == exe);
        let same_file =
            std::fs::metadata(exe).is_ok_and(|m| m.ino() == meta.ino() && m.dev() == meta.dev());
        if (symlink && same_target) || (!symlink && same_file) {
            return Ok(());
        }
        return Err(std::io::Error::from_raw_os_error(libc::EEXIST));
    }
    if symlink {
        std::os::unix::fs::symlink(exe, link)
    } else {
        std::fs::hard_link(exe, link)
    }
}

fn fail(path: &Path, e: &std::io::Error) -> i32 {
    let errno = e.raw_os_error().unwrap_or(libc::EIO);
    eprintln!("rns: {}: {}", path.display(), crate::sys::strerror(errno));
    1
}
