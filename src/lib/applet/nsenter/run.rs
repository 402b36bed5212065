//! The order of operations of util-linux's nsenter (reference 2.3).

use super::{open_path, Plan};
use crate::error::{Ctx, Error, Op, Result};
use crate::ns::{NsFile, NsKind};
use crate::process::{self, Env, Program};
use crate::sys::{self, nsenter as nsys, Fork};
use nix::errno::Errno;
use nix::sched::CloneFlags;
use nix::unistd::{Gid, Pid, Uid};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

/// What is opened from the target after parsing, before entering.
#[derive(Default)]
struct Extra {
    env: Option<OwnedFd>,
    proc_dir: Option<OwnedFd>,
    cgroup_procs: Option<std::fs::File>,
}

pub fn run(mut p: Plan) -> Result<i32> {
    if p.follow_context {
        follow_context(&p)?;
    }
    if p.all {
        enable_all(&mut p)?;
    }
    let use_pidfd = open_namespaces(&mut p)?;
    let extra = open_target_files(&mut p)?;
    if p.user_parent {
        parent_user_ns(&mut p)?;
    }
    if p.sock_fd >= 0 {
        socket_netns(&mut p)?;
    }
    let wanted = p.enabled_mask();
    if wanted.is_empty() {
        return Err(Error::msg("no namespace specified"));
    }
    let fork = wanted.contains(CloneFlags::CLONE_NEWPID) && !p.no_fork;
    let user = wanted.contains(CloneFlags::CLONE_NEWUSER);
    let mut setgroups_failed = false;
    if user && !p.preserve_cred {
        (p.force_uid, p.force_gid) = (true, true);
        setgroups_failed = nix::unistd::setgroups(&[]).is_err();
    }
    let pidfd = if use_pidfd { p.pidfd.take() } else { None };
    enter(&mut p, pidfd.as_ref(), true)?;
    enter(&mut p, pidfd.as_ref(), false)?;
    drop(pidfd);
    p.pidfd = None;
    p.nsfs = None;
    change_dirs(&mut p)?;
    let env = finish_target_files(&mut p, extra)?;
    let program = Program::new(p.program.clone());
    if fork {
        let _ = sys::signal_default(libc::SIGCHLD);
        if let Fork::Parent(child) = fork_or_fail()? {
            return process::wait_job(Pid::from_raw(child));
        }
    }
    Err(in_child(&p, &program, &env, setgroups_failed, user))
}

#[allow(unsafe_code)]
fn fork_or_fail() -> Result<Fork> {
    // SAFETY: nsenter is single-threaded (no thread or runtime is ever
    // started on its path; asserted in debug builds by sys::fork), and the
    // child only sets credentials and execs.
    unsafe { sys::fork() }.call("fork failed")
}

fn proc_path(pid: i32, what: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/{what}"))
}

/// util-linux's open_target_fd without a path: `/proc/PID/WHAT`.
fn open_target(p: &Plan, what: &str) -> Result<OwnedFd> {
    if p.target == 0 {
        return Err(Error::msg(format!(
            "neither filename nor target pid supplied for {what}"
        )));
    }
    open_path(&proc_path(p.target, what))
}

/// `-Z`: only when SELinux is enabled (selinuxfs mounted); a no-op otherwise,
/// like util-linux built with SELinux support.
fn follow_context(p: &Plan) -> Result<()> {
    const SELINUX_MAGIC: i64 = 0xf97c_ff8c;
    let enabled = nix::sys::statfs::statfs("/sys/fs/selinux")
        .is_ok_and(|s| s.filesystem_type().0 == SELINUX_MAGIC);
    if !enabled {
        return Ok(());
    }
    if p.target == 0 {
        return Err(Error::msg("no target PID specified for --follow-context"));
    }
    let con = std::fs::read(proc_path(p.target, "attr/current"))
        .map_err(|_| Error::msg(format!("failed to get {} SELinux context", p.target)))?;
    let con: Vec<u8> = con
        .into_iter()
        .take_while(|&b| b != 0 && b != b'\n')
        .collect();
    std::fs::write("/proc/thread-self/attr/exec", &con).map_err(|_| {
        Error::msg(format!(
            "failed to set exec context to '{}'",
            String::from_utf8_lossy(&con)
        ))
    })
}

/// `--all`: every kind the kernel has, except our own user namespace.
fn enable_all(p: &mut Plan) -> Result<()> {
    let me = nix::unistd::getpid().as_raw();
    for kind in NsKind::ALL {
        if p.ns[kind].enabled {
            continue;
        }
        let mine = nix::sys::stat::stat(&proc_path(me, kind.ns_path()));
        if mine == Err(Errno::ENOENT) {
            continue;
        }
        if kind == NsKind::User {
            let path = proc_path(p.target, NsKind::User.ns_path());
            let theirs = nix::sys::stat::stat(&path)
                .ctx(Op::Text(format!("stat of {} failed", path.display())))?;
            if mine.is_ok_and(|m| m.st_ino == theirs.st_ino) {
                continue;
            }
        }
        p.ns[kind].enabled = true;
    }
    Ok(())
}

/// Linux newer than 5.7.0 takes a pidfd in setns(2).
fn setns_takes_pidfd() -> bool {
    let Ok(u) = nix::sys::utsname::uname() else {
        return false;
    };
    let r = u.release().to_string_lossy();
    let mut nums = r
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (a, b, c) = (
        nums.next().unwrap_or(0),
        nums.next().unwrap_or(0),
        nums.next().unwrap_or(0),
    );
    (a, b, c) > (5, 7, 0)
}

fn without_fd(p: &Plan) -> CloneFlags {
    let mut m = CloneFlags::empty();
    for (k, s) in p.ns.iter() {
        if s.enabled && s.fd.is_none() {
            m |= k.clone_flag();
        }
    }
    m
}

/// Get hold of the target's namespaces: a pidfd where setns takes one, else
/// `/proc/PID/ns/*`. Returns whether the pidfd is used for entering.
fn open_namespaces(p: &mut Plan) -> Result<bool> {
    let missing = without_fd(p);
    if missing.is_empty() && p.sock_fd < 0 && !p.user_parent {
        return Ok(false);
    }
    if p.target == 0 {
        return Err(Error::msg("no target PID specified"));
    }
    let mut use_pidfd = false;
    if setns_takes_pidfd() {
        if p.pidfd.is_none() {
            p.pidfd = sys::pidfd_open(p.target).ok();
        }
        use_pidfd = p.pidfd.is_some();
    }
    if !use_pidfd && !missing.is_empty() {
        for (kind, slot) in p.ns.iter_mut() {
            if slot.enabled && slot.fd.is_none() {
                let fd = open_path(&proc_path(p.target, kind.ns_path()))?;
                slot.fd = Some(NsFile::from_fd(fd));
            }
        }
    }
    Ok(use_pidfd)
}

/// `/proc/PID/{root,cwd,environ,}` and the cgroup, in util-linux's order.
fn open_target_files(p: &mut Plan) -> Result<Extra> {
    let mut x = Extra::default();
    if p.do_root {
        p.root = None;
        p.root = Some(open_target(p, "root")?);
    }
    if p.do_wd {
        p.wd = None;
        p.wd = Some(open_target(p, "cwd")?);
    }
    if p.env {
        x.env = Some(open_target(p, "environ")?);
    }
    if p.follow_uid || p.follow_gid {
        x.proc_dir = Some(open_target(p, "")?);
    }
    if p.join_cgroup {
        x.cgroup_procs = Some(cgroup_procs(p)?);
    }
    Ok(x)
}

/// `-c`: the target's cgroup v2 `cgroup.procs`, opened for appending.
fn cgroup_procs(p: &Plan) -> Result<std::fs::File> {
    let fs = nix::sys::statfs::statfs("/sys/fs/cgroup").call("statfs /sys/fs/cgroup failed")?;
    if fs.filesystem_type() != nix::sys::statfs::CGROUP2_SUPER_MAGIC {
        return Err(Error::msg("--join-cgroup is only supported in cgroup v2"));
    }
    let mut text = Vec::new();
    {
        use std::io::Read;
        let read = std::fs::File::from(open_target(p, "cgroup")?).read_to_end(&mut text);
        if read.is_err() || text.is_empty() {
            return Err(Error::os(
                Op::Call("failed to get cgroup path"),
                Errno::last(),
            ));
        }
    }
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let Some(colon) = line.iter().rposition(|&b| b == b':') else {
        return Err(Error::os(
            Op::Call("failed to get cgroup path"),
            Errno::last(),
        ));
    };
    let rel = String::from_utf8_lossy(&line[colon + 1..]);
    let path = format!("/sys/fs/cgroup/{rel}/cgroup.procs");
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .call("failed to open cgroup.procs")
}

/// `--user-parent`: replace the user namespace to enter by the owner of the
/// `-U` namespace, of the target's, or of the first namespace asked for.
fn parent_user_ns(p: &mut Plan) -> Result<()> {
    let user = &p.ns[NsKind::User];
    let user = user.fd.as_ref().filter(|_| user.enabled);
    let local = match (user, &p.pidfd) {
        (None, Some(pidfd)) => nsys::pidfd_user_ns(pidfd.as_fd()).ok(),
        _ => None,
    };
    let any =
        p.ns.values()
            .find(|s| s.enabled)
            .and_then(|s| s.fd.as_ref());
    let found = user.map(AsFd::as_fd).or(local.as_ref().map(AsFd::as_fd));
    let parent = match found.or(any.map(AsFd::as_fd)) {
        Some(fd) => nsys::ns_get_userns(fd),
        None => nsys::ns_get_userns(open_target(p, NsKind::User.ns_path())?.as_fd()),
    }
    .call("failed to open parent namespace")?;
    drop(local);
    p.ns[NsKind::User].fd = Some(NsFile::from_fd(parent));
    p.ns[NsKind::User].enabled = true;
    Ok(())
}

/// `-N FD`: the network namespace of the target's socket FD.
fn socket_netns(p: &mut Plan) -> Result<()> {
    let local;
    let pidfd = match &p.pidfd {
        Some(fd) => fd.as_fd(),
        None => {
            local = sys::pidfd_open(p.target).map_err(|e| {
                Error::os(
                    Op::Text(format!("failed to pidfd_open() for {}", p.target)),
                    e,
                )
            })?;
            local.as_fd()
        }
    };
    use std::os::fd::AsRawFd;
    let fd = p.sock_fd;
    let sk = nsys::pidfd_getfd(pidfd, fd).map_err(|e| {
        Error::os(
            Op::Text(format!("pidfd_getfd({}, {fd})", pidfd.as_raw_fd())),
            e,
        )
    })?;
    let raw = sk.as_raw_fd();
    nix::sys::stat::fstat(sk.as_fd()).ctx(Op::Text(format!("fstat({raw})")))?;
    let ns = nsys::socket_netns(sk.as_fd()).ctx(Op::Text(format!("ioctl({raw}, SIOCGSKNS)")))?;
    p.ns[NsKind::Net].fd = Some(NsFile::from_fd(ns));
    p.ns[NsKind::Net].enabled = true;
    Ok(())
}

/// One pass of util-linux's enter_namespaces: the pidfd for every kind
/// without a file, then the files in `NsKind` order. The first pass leaves
/// out the user namespace and ignores errors; the second reports them.
fn enter(p: &mut Plan, pidfd: Option<&OwnedFd>, first: bool) -> Result<()> {
    let skip = |kind: NsKind| first && kind == NsKind::User;
    if !first && p.ns[NsKind::User].enabled {
        // The kernel refuses a multi-threaded process (EINVAL).
        sys::debug_assert_single_threaded("setns of a user namespace");
    }
    if let Some(pidfd) = pidfd {
        let mut mask = CloneFlags::empty();
        for (k, s) in p.ns.iter() {
            if s.enabled && s.fd.is_none() && !skip(k) {
                mask |= k.clone_flag();
            }
        }
        if !mask.is_empty() {
            match nix::sched::setns(pidfd, mask) {
                Ok(()) => {
                    for k in NsKind::in_flags(mask) {
                        p.ns[k].enabled = false;
                    }
                }
                Err(e) if !first => {
                    return Err(Error::os(Op::Call("reassociate to namespaces failed"), e))
                }
                Err(_) => {}
            }
        }
    }
    for (k, slot) in p.ns.iter_mut() {
        if !slot.enabled || skip(k) {
            continue;
        }
        let Some(fd) = &slot.fd else { continue };
        match fd.enter(k.clone_flag()) {
            Ok(()) => *slot = Default::default(),
            Err(e) if !first => return Err(Error::os(Op::Setns(k.ns_path()), e)),
            Err(_) => {}
        }
    }
    Ok(())
}

/// Root and working directory (reference 2.3 steps 13-16).
fn change_dirs(p: &mut Plan) -> Result<()> {
    let cwd_op = || Op::Call("cannot open current working directory");
    if p.root.is_some() && p.wd.is_none() && p.wdns.is_none() {
        p.wd = Some(
            NsFile::open(Path::new("."))
                .map(NsFile::into_fd)
                .map_err(|e| match e {
                    Error::Os { errno, .. } => Error::os(cwd_op(), errno),
                    other => other,
                })?,
        );
    }
    if let Some(root) = p.root.take() {
        nix::unistd::fchdir(&root).call("change directory by root file descriptor failed")?;
        nix::unistd::chroot(".").call("chroot failed")?;
        nix::unistd::chdir("/").ctx(Op::Chdir("/".into()))?;
    }
    if let Some(dir) = &p.wdns {
        let fd = nix::fcntl::open(
            Path::new(dir),
            nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        )
        .ctx(cwd_op())?;
        p.wd = Some(fd);
    }
    if let Some(wd) = p.wd.take() {
        nix::unistd::fchdir(&wd)
            .call("change directory by working directory file descriptor failed")?;
    }
    Ok(())
}

/// Environment, cgroup and `follow` ids (reference 2.3 steps 17-19).
/// Returns the program's environment.
fn finish_target_files(p: &mut Plan, x: Extra) -> Result<Env> {
    let env = match x.env {
        Some(fd) => env_from(fd)?,
        None => Env::Inherit,
    };
    if let Some(mut procs) = x.cgroup_procs {
        use std::io::Write;
        let pid = nix::unistd::getpid().as_raw().to_string();
        procs
            .write_all(pid.as_bytes())
            .call("write cgroup.procs failed")?;
    }
    if let Some(dir) = x.proc_dir {
        let st = nix::sys::stat::fstat(dir.as_fd()).call("can not get process stat")?;
        if p.follow_uid {
            p.uid = st.st_uid;
        }
        if p.follow_gid {
            p.gid = st.st_gid;
        }
    }
    Ok(env)
}

/// `-e`: the target's environment replaces ours (as data: ours is never
/// written). util-linux collects the variables into a list it prepends to
/// and sets them without overwriting, so the program sees them in reverse
/// order, the last duplicate winning.
fn env_from(fd: OwnedFd) -> Result<Env> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::from(fd)
        .read_to_end(&mut buf)
        .call("failed to get environment variables")?;
    let mut env = Env::cleared();
    for entry in buf.split(|&b| b == 0).rev() {
        let Some(eq) = entry.iter().position(|&b| b == b'=') else {
            continue;
        };
        let (name, value) = (&entry[..eq], &entry[eq + 1..]);
        if name.is_empty() {
            return Err(Error::os(
                Op::Call("failed to set environment variables"),
                Errno::EINVAL,
            ));
        }
        if env.var_bytes(name).is_none() {
            env.set(name, value);
        }
    }
    Ok(env)
}

/// After the fork (or without one): credentials, capabilities, exec.
fn in_child(p: &Plan, program: &Program, env: &Env, setgroups_failed: bool, user: bool) -> Error {
    if let Err(e) = credentials(p, setgroups_failed) {
        return e;
    }
    if p.keep_caps && user {
        if let Err(e) = process::keep_caps(process::cap_last_cap()) {
            return e;
        }
    }
    program.exec_in(env)
}

fn credentials(p: &Plan, setgroups_failed: bool) -> Result<()> {
    if p.force_gid {
        // Fatal only when the call before entering failed too.
        match nix::unistd::setgroups(&[]) {
            Err(e) if setgroups_failed => return Err(Error::os(Op::Call("setgroups failed"), e)),
            _ => {}
        }
        nix::unistd::setgid(Gid::from_raw(p.gid)).call("setgid() failed")?;
    }
    if p.force_uid {
        nix::unistd::setuid(Uid::from_raw(p.uid)).call("setuid() failed")?;
    }
    Ok(())
}
