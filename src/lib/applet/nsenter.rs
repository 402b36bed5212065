//! `nsenter`: argv -> Plan -> syscalls, in util-linux's order (reference 2.3).
//!
//! Parsing already opens the files named on the command line (`--net=FILE`,
//! `--root=DIR`, `--wd=DIR`), exactly when util-linux does, so that errors
//! come out in the same order.

use super::nsenter_flags::{Opt, FLAGS, HELP};
use crate::cli::{self, getopt, Given, Prog};
use crate::error::{Error, Op, Result};
use crate::ns::{NsFile, NsKind, PerKind};
use nix::errno::Errno;
use std::ffi::OsString;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

mod nsid;
mod run;

pub const WORDS: &[&str] = &[];

pub fn flag_docs() -> Vec<cli::FlagDoc> {
    cli::docs(FLAGS)
}

/// One namespace kind: asked for, and (maybe already) open.
#[derive(Debug, Default)]
pub struct Slot {
    pub enabled: bool,
    pub fd: Option<NsFile>,
}

/// Everything nsenter will do, decided (and the named files opened) before
/// anything is entered.
#[derive(Debug, Default)]
pub struct Plan {
    /// `-t PID`; 0 when not given (util-linux's "no target").
    pub target: i32,
    /// The target's pidfd (from `-t PID:INODE`, or opened later).
    pub pidfd: Option<OwnedFd>,
    pub ns: PerKind<Slot>,
    pub all: bool,
    /// `-N FD`; negative means not given (util-linux accepts `-N -1` as that).
    pub sock_fd: i32,
    pub user_parent: bool,
    pub uid: u32,
    pub gid: u32,
    pub follow_uid: bool,
    pub follow_gid: bool,
    pub force_uid: bool,
    pub force_gid: bool,
    pub preserve_cred: bool,
    pub keep_caps: bool,
    pub root: Option<OwnedFd>,
    pub do_root: bool,
    pub wd: Option<OwnedFd>,
    pub do_wd: bool,
    pub wdns: Option<OsString>,
    pub env: bool,
    /// `-F`: never fork.
    pub no_fork: bool,
    pub join_cgroup: bool,
    pub follow_context: bool,
    /// The nsfs mount used to open namespaces by id, kept until entered.
    pub nsfs: Option<nsid::Nsfs>,
    /// The first of `--wd`/`--wdns` seen (they exclude each other).
    first_wd: Option<&'static str>,
    pub program: Vec<OsString>,
}

pub fn main(prog: &Prog, args: Vec<OsString>) -> i32 {
    match parse(prog, args).and_then(run::run) {
        Ok(code) => code,
        Err(e) => prog.fail(&e),
    }
}

pub fn parse(prog: &Prog, args: Vec<OsString>) -> Result<Plan> {
    let mut p = Plan {
        sock_fd: -1,
        ..Plan::default()
    };
    p.program = getopt(FLAGS, args, |g| apply(prog, &mut p, g))?;
    Ok(p)
}

/// `open(path, O_RDONLY)` as util-linux's open_target_fd: `cannot open PATH`.
pub fn open_path(path: &Path) -> Result<OwnedFd> {
    NsFile::open(path).map(NsFile::into_fd)
}

/// util-linux strips one leading `=` (from `-n=FILE`) for these options.
fn strip_eq(v: OsString) -> OsString {
    match v.as_bytes().strip_prefix(b"=") {
        Some(rest) => OsString::from(std::ffi::OsStr::from_bytes(rest)),
        None => v,
    }
}

fn apply(prog: &Prog, p: &mut Plan, g: Given<Opt>) -> Result<()> {
    if matches!(g.id, Opt::Wd | Opt::Wdns) {
        exclusive(p, g.id)?;
    }
    let v = g.value;
    match g.id {
        Opt::All => p.all = true,
        Opt::Target => target(p, v.unwrap_or_default())?,
        Opt::Ns(kind) => enable(p, kind, v.map(strip_eq))?,
        Opt::NetSocket => p.sock_fd = cli::parse_fd(&v.unwrap_or_default())?,
        Opt::UserParent => p.user_parent = true,
        Opt::Setuid => {
            let s = v.unwrap_or_default();
            if s == "follow" {
                p.follow_uid = true;
            } else {
                p.uid = cli::parse_u32(&s, "failed to parse uid")?;
            }
            p.force_uid = true;
        }
        Opt::Setgid => {
            let s = v.unwrap_or_default();
            if s == "follow" {
                p.follow_gid = true;
            } else {
                p.gid = cli::parse_u32(&s, "failed to parse gid")?;
            }
            p.force_gid = true;
        }
        Opt::PreserveCred => p.preserve_cred = true,
        Opt::KeepCaps => p.keep_caps = true,
        // util-linux closes a previous fd before opening the next one (so
        // fd numbers in later messages match).
        Opt::Root => match v {
            Some(dir) => {
                p.root = None;
                p.root = Some(open_path(Path::new(&dir))?);
            }
            None => p.do_root = true,
        },
        Opt::Wd => match v.map(strip_eq) {
            Some(dir) => {
                p.wd = None;
                p.wd = Some(open_path(Path::new(&dir))?);
            }
            None => p.do_wd = true,
        },
        Opt::Wdns => p.wdns = v.map(strip_eq),
        Opt::Env => p.env = true,
        Opt::NoFork => p.no_fork = true,
        Opt::JoinCgroup => p.join_cgroup = true,
        Opt::FollowContext => p.follow_context = true,
        Opt::Help => {
            cli::print_stdout(&help_text(&prog.name))?;
            return Err(Error::Exit(0));
        }
        Opt::Version => {
            cli::print_stdout(&cli::version_text(&prog.name))?;
            return Err(Error::Exit(0));
        }
    }
    Ok(())
}

/// `--help` from the table.
pub fn help_text(name: &str) -> String {
    cli::render_help(name, FLAGS, &HELP)
}

/// util-linux's exclusive-option check for `--wd` and `--wdns`.
fn exclusive(p: &mut Plan, id: Opt) -> Result<()> {
    let name = if id == Opt::Wd { "wd" } else { "wdns" };
    match p.first_wd {
        None => p.first_wd = Some(name),
        Some(first) if first != name => {
            return Err(Error::msg(format!(
                "options --{first} and --{name} cannot be combined"
            )))
        }
        Some(_) => {}
    }
    Ok(())
}

/// `-t PID[:INODE]`, given once.
fn target(p: &mut Plan, arg: OsString) -> Result<()> {
    if p.target != 0 {
        return Err(Error::msg("option --target may be given only once"));
    }
    let s = arg.to_string_lossy();
    let (pid, ino) = crate::cnum::ul_parse_pid(arg.as_bytes())
        .map_err(|e| Error::os(Op::Text(format!("failed to parse PID argument '{s}'")), e))?;
    p.target = pid;
    if let Some(ino) = ino {
        p.pidfd = Some(valid_pidfd(pid, ino).map_err(|e| {
            Error::os(
                Op::Text(format!(
                    "failed to obtain a valid file descriptor for PID {pid}"
                )),
                e,
            )
        })?);
    }
    Ok(())
}

/// A pidfd for `pid` that must be the process whose pidfs inode is `ino`.
fn valid_pidfd(pid: i32, ino: u64) -> std::result::Result<OwnedFd, Errno> {
    const PIDFS_MAGIC: i64 = 0x5049_4446;
    let fd = crate::sys::pidfd_open(pid)?;
    let fs = nix::sys::statfs::fstatfs(fd.as_fd())?;
    if fs.filesystem_type().0 as i64 != PIDFS_MAGIC {
        return Err(Errno::ENOTSUP);
    }
    if nix::sys::stat::fstat(fd.as_fd())?.st_ino != ino {
        return Err(Errno::ESRCH);
    }
    Ok(fd)
}

/// `-m`, `-n`, ... with an optional FILE or `:NSID`.
fn enable(p: &mut Plan, kind: NsKind, path: Option<OsString>) -> Result<()> {
    if let Some(path) = path {
        let fd = match path.as_bytes().strip_prefix(b":") {
            Some(id) => {
                let id = nsid::prepare(&mut p.nsfs, &String::from_utf8_lossy(id))?;
                p.ns[kind].fd = None;
                nsid::open(&p.nsfs, id)?
            }
            None => {
                p.ns[kind].fd = None;
                NsFile::open(Path::new(&path))?
            }
        };
        p.ns[kind].fd = Some(fd);
    }
    p.ns[kind].enabled = true;
    Ok(())
}

impl Plan {
    /// The kinds asked for, as a CLONE_NEW* mask.
    pub fn enabled_mask(&self) -> nix::sched::CloneFlags {
        let mut m = nix::sched::CloneFlags::empty();
        for (k, s) in self.ns.iter() {
            if s.enabled {
                m |= k.clone_flag();
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(args: &[&str]) -> Result<Plan> {
        parse(
            &Prog::new("nsenter"),
            args.iter().map(OsString::from).collect(),
        )
    }

    #[test]
    fn help_matches_upstream_layout() {
        let h = help_text("nsenter");
        assert!(
            h.contains("\n -C, --cgroup[=<file>|=:<nsid>]  enter cgroup namespace\n -U, --user")
        );
        assert!(h.contains("\n -m, --mount[=<file>|=:<nsid>] enter mount namespace\n"));
    }

    #[test]
    fn every_kind_has_one_option() {
        for kind in crate::ns::NsKind::ALL {
            let n = FLAGS.iter().filter(|f| f.id == Opt::Ns(kind)).count();
            assert_eq!(n, 1, "{kind:?}");
        }
    }

    #[test]
    fn options_stop_at_the_program() {
        let p = plan(&["-n", "-t", "1", "echo", "-m"]).unwrap();
        assert!(p.ns[NsKind::Net].enabled && !p.ns[NsKind::Mnt].enabled);
        assert_eq!(p.program, ["echo", "-m"]);
    }

    #[test]
    fn wd_and_wdns_exclude_each_other() {
        let e = plan(&["-W", "-w"]).unwrap_err();
        assert!(
            matches!(e, Error::Msg { ref text, .. } if text == "options --wdns and --wd cannot be combined")
        );
    }

    #[test]
    fn target_only_once() {
        assert!(plan(&["-t", "1", "-t", "1"]).is_err());
    }
}
