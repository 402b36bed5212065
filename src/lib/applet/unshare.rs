//! `unshare`: argv -> Plan -> syscalls, in util-linux's order.

use super::unshare_flags::{Opt, FLAGS, HELP};
use crate::cli::{self, getopt, parse_i64, parse_u32, Given, Prog};
use crate::error::{Ctx, Error, Op, Result};
use crate::ids::{self, Range};
use crate::ns::{NsFlags, PerKind, CLONE_NEWTIME};
use crate::process::{self, signames};
use crate::sys::{self, Fork};
use nix::mount::{mount, MsFlags};
use nix::sched::CloneFlags;
use std::ffi::OsString;
use std::path::PathBuf;

mod child;
mod helper;
mod run;

/// Everything unshare will do, decided before anything is done.
#[derive(Debug, Default)]
pub struct Plan {
    pub flags: NsFlags,
    /// Persistence targets (`--net=FILE`, ...).
    pub persist: PerKind<Option<PathBuf>>,
    pub fork: bool,
    pub kill_child: Option<i32>,
    pub forward_signals: bool,
    pub proc_mnt: Option<PathBuf>,
    pub binfmt_mnt: Option<PathBuf>,
    pub interp: Option<OsString>,
    pub map_user: Option<u32>,
    pub map_group: Option<u32>,
    /// `--map-users`/`--map-groups` ranges, most recent first (util-linux's list).
    pub usermap: Vec<Range>,
    pub groupmap: Vec<Range>,
    pub owner: Option<(u32, u32)>,
    pub setgroups: Option<&'static str>,
    pub propagation: Option<MsFlags>,
    pub keep_caps: Option<u32>,
    pub setuid: Option<u32>,
    pub setgid: Option<u32>,
    pub root: Option<PathBuf>,
    pub wd: Option<PathBuf>,
    pub monotonic: Option<i64>,
    pub boottime: Option<i64>,
    pub clear_env: bool,
    /// `--whitelist-env`: the variables' values when unshare started.
    pub whitelist: Option<Vec<(OsString, OsString)>>,
    pub euid: u32,
    pub egid: u32,
    pub program: process::Program,
}

pub const WORDS: &[&str] = &[];

pub fn flag_docs() -> Vec<cli::FlagDoc> {
    cli::docs(FLAGS)
}

pub fn main(prog: &Prog, args: Vec<OsString>) -> i32 {
    let result = parse(prog, args).and_then(run::run);
    match result {
        Ok(code) => code,
        Err(e) => prog.fail(&e),
    }
}

const BINFMT: &str = "/proc/sys/fs/binfmt_misc";

pub fn parse(prog: &Prog, args: Vec<OsString>) -> Result<Plan> {
    let mut p = Plan {
        propagation: Some(MsFlags::MS_REC | MsFlags::MS_PRIVATE),
        euid: nix::unistd::geteuid().as_raw(),
        egid: nix::unistd::getegid().as_raw(),
        ..Plan::default()
    };
    // unshare's optstring gives no short option an optional argument.
    let operands = getopt(FLAGS, args, |g| apply(prog, &mut p, g))?;
    p.program = process::Program::new(operands);
    if (p.monotonic.is_some() || p.boottime.is_some()) && !p.flags.contains(CLONE_NEWTIME) {
        return Err(Error::msg(
            "options --monotonic and --boottime require unsharing of a time namespace (-T)",
        ));
    }
    Ok(p)
}

fn text(v: &Option<OsString>) -> String {
    v.as_ref()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn default_binfmt(p: &mut Plan) {
    p.flags |= CloneFlags::CLONE_NEWNS | CloneFlags::CLONE_NEWUSER;
    if p.binfmt_mnt.is_none() {
        p.proc_mnt.get_or_insert_with(|| "/proc".into());
        p.binfmt_mnt = Some(BINFMT.into());
    }
}

fn apply(prog: &Prog, p: &mut Plan, g: Given<Opt>) -> Result<()> {
    let v = g.value;
    let s = text(&v);
    let user = CloneFlags::CLONE_NEWUSER;
    match g.id {
        Opt::Ns(kind) => {
            p.flags |= kind.clone_flag();
            if let Some(file) = v {
                p.persist[kind] = Some(file.into());
            }
        }
        Opt::MountProc => {
            p.flags |= CloneFlags::CLONE_NEWNS;
            p.proc_mnt = Some(v.map_or("/proc".into(), PathBuf::from));
        }
        Opt::MountBinfmt => match v {
            Some(dir) => {
                p.flags |= CloneFlags::CLONE_NEWNS | user;
                p.binfmt_mnt = Some(dir.into());
            }
            None => {
                p.binfmt_mnt = None;
                default_binfmt(p);
            }
        },
        Opt::LoadInterp => {
            default_binfmt(p);
            p.interp = v;
        }
        Opt::Propagation => p.propagation = parse_propagation(&s)?,
        Opt::Root => p.root = v.map(PathBuf::from),
        Opt::Wd => p.wd = v.map(PathBuf::from),
        Opt::Setuid => p.setuid = Some(parse_u32(&v.unwrap_or_default(), "failed to parse uid")?),
        Opt::Setgid => p.setgid = Some(parse_u32(&v.unwrap_or_default(), "failed to parse gid")?),
        Opt::MapUser => {
            p.flags |= user;
            p.map_user = Some(ids::parse_user(&s)?);
        }
        Opt::MapGroup => {
            p.flags |= user;
            p.map_group = Some(ids::parse_group(&s)?);
        }
        Opt::MapRoot => {
            p.flags |= user;
            (p.map_user, p.map_group) = (Some(0), Some(0));
        }
        Opt::MapCurrent => {
            p.flags |= user;
            (p.map_user, p.map_group) = (Some(p.euid), Some(p.egid));
        }
        Opt::MapUsers => {
            p.flags |= user;
            let r = map_spec(&s, "/etc/subuid", "/proc/self/uid_map", p.euid)?;
            prepend(&mut p.usermap, r);
        }
        Opt::MapGroups => {
            p.flags |= user;
            let r = map_spec(&s, "/etc/subgid", "/proc/self/gid_map", p.euid)?;
            prepend(&mut p.groupmap, r);
        }
        Opt::MapAuto | Opt::MapSubids => {
            p.flags |= user;
            let identity = g.id == Opt::MapSubids;
            let u = ids::subid_range("/etc/subuid", p.euid, identity)?;
            prepend(&mut p.usermap, vec![u]);
            let g = ids::subid_range("/etc/subgid", p.euid, identity)?;
            prepend(&mut p.groupmap, vec![g]);
        }
        Opt::Owner => {
            p.flags |= user;
            p.owner = Some(parse_owner(&s).ok_or_else(|| Error::msg("failed to parse owner"))?);
        }
        Opt::Fork => p.fork = true,
        Opt::KillChild => {
            p.fork = true;
            let sig = match &v {
                Some(_) => signames::signum(&s)
                    .ok_or_else(|| Error::msg(format!("unknown signal: {s}")))?,
                None => libc::SIGKILL,
            };
            p.kill_child = Some(sig);
        }
        Opt::ForwardSignals => (p.fork, p.forward_signals) = (true, true),
        Opt::Setgroups => {
            p.setgroups = Some(match s.as_str() {
                "allow" => "allow",
                "deny" => "deny",
                _ => {
                    return Err(Error::msg(format!(
                        "unsupported --setgroups argument '{s}'"
                    )))
                }
            })
        }
        Opt::KeepCaps => p.keep_caps = Some(process::cap_last_cap()),
        Opt::Monotonic => {
            p.monotonic = Some(parse_i64(
                &v.unwrap_or_default(),
                "failed to parse monotonic offset",
            )?)
        }
        Opt::Boottime => {
            p.boottime = Some(parse_i64(
                &v.unwrap_or_default(),
                "failed to parse boottime offset",
            )?)
        }
        Opt::ClearEnv => p.clear_env = true,
        Opt::WhitelistEnv => {
            use std::os::unix::ffi::OsStrExt;
            let list = p.whitelist.get_or_insert_with(Vec::new);
            let raw = v.unwrap_or_default();
            // Names are bytes, as for getenv(3): no lossy UTF-8 here.
            for name in raw
                .as_bytes()
                .split(|&b| b == b',')
                .filter(|n| !n.is_empty())
            {
                let name = std::ffi::OsStr::from_bytes(name);
                if let Some(val) = std::env::var_os(name) {
                    list.push((name.into(), val));
                }
            }
        }
        Opt::Help => {
            cli::print_stdout(&cli::render_help(&prog.name, FLAGS, &HELP))?;
            return Err(Error::Exit(0));
        }
        Opt::Version => {
            cli::print_stdout(&cli::version_text(&prog.name))?;
            return Err(Error::Exit(0));
        }
    }
    Ok(())
}

/// util-linux keeps ranges in a list it prepends to.
fn prepend(list: &mut Vec<Range>, new: Vec<Range>) {
    for r in new {
        list.insert(0, r);
    }
}

fn map_spec(s: &str, subid: &str, kernel: &str, euid: u32) -> Result<Vec<Range>> {
    match s {
        "auto" => Ok(vec![ids::subid_range(subid, euid, false)?]),
        "subids" => Ok(vec![ids::subid_range(subid, euid, true)?]),
        "all" => ids::kernel_map(kernel),
        _ => Ok(vec![ids::parse_range(s)?]),
    }
}

fn parse_propagation(s: &str) -> Result<Option<MsFlags>> {
    let rec = MsFlags::MS_REC;
    match s {
        "slave" => Ok(Some(rec | MsFlags::MS_SLAVE)),
        "private" => Ok(Some(rec | MsFlags::MS_PRIVATE)),
        "shared" => Ok(Some(rec | MsFlags::MS_SHARED)),
        "unchanged" => Ok(None),
        _ => Err(Error::msg(format!("unsupported propagation mode: {s}"))),
    }
}

/// `sscanf("%u:%u%n")` consuming the whole string (glibc's `%u`: blanks,
/// a sign, truncation to 32 bits; `-1` means "not given" to util-linux).
fn parse_owner(s: &str) -> Option<(u32, u32)> {
    let (u, rest) = crate::cnum::scanf_u(s)?;
    let (g, rest) = crate::cnum::scanf_u(rest.strip_prefix(':')?)?;
    rest.is_empty().then_some((u, g))
}

/// Bind `/proc/PID/ns/*` onto every persistence target, in `NsKind` order.
fn bind_ns_files(persist: &PerKind<Option<PathBuf>>, pid: i32) -> Result<()> {
    for (kind, target) in persist.iter() {
        let Some(dst) = target else { continue };
        let src = PathBuf::from(format!("/proc/{pid}/ns/{}", kind.persist_name()));
        mount(
            Some(&src),
            dst,
            None::<&str>,
            MsFlags::MS_BIND,
            None::<&str>,
        )
        .ctx(Op::BindMount {
            src,
            dst: dst.clone(),
        })?;
    }
    Ok(())
}

/// Write `text` to a /proc file in one write(2).
fn write_proc(path: &str, text: &str, open_op: Op, write_op: Op) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .ctx(open_op)?;
    f.write_all(text.as_bytes()).ctx(write_op)
}

#[allow(unsafe_code)]
fn fork_or_fail() -> Result<Fork> {
    // SAFETY: unshare is single-threaded (no thread or runtime is started
    // on its path; asserted in debug builds by sys::fork).
    unsafe { sys::fork() }.call("fork failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(args: &[&str]) -> Result<Plan> {
        parse(
            &Prog::new("unshare"),
            args.iter().map(OsString::from).collect(),
        )
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
        let p = plan(&["-n", "echo", "-m"]).unwrap();
        assert_eq!(*p.flags, CloneFlags::CLONE_NEWNET);
        assert_eq!(
            p.program,
            process::Program::new(vec!["echo".into(), "-m".into()])
        );
    }

    #[test]
    fn last_map_option_wins() {
        let p = plan(&["-r", "-c"]).unwrap();
        assert_eq!(p.map_user, Some(p.euid));
        assert!(p.flags.contains(CloneFlags::CLONE_NEWUSER));
    }

    #[test]
    fn binfmt_defaults_bring_proc() {
        let p = plan(&["--mount-binfmt"]).unwrap();
        assert_eq!(p.proc_mnt.as_deref(), Some(std::path::Path::new("/proc")));
        assert_eq!(p.binfmt_mnt.as_deref(), Some(std::path::Path::new(BINFMT)));
    }

    #[test]
    fn owner_is_strict() {
        assert_eq!(parse_owner("1:2"), Some((1, 2)));
        for bad in ["1", "1:", ":2", "1:2x", "a:b", "1:2:3", "1 :2", "1:2 "] {
            assert_eq!(parse_owner(bad), None, "{bad}");
        }
        assert_eq!(parse_owner(" +1: 2"), Some((1, 2)));
        assert_eq!(parse_owner("-1:4294967296"), Some((u32::MAX, 0)));
    }
}
