//! The order of operations of util-linux's unshare (reference 1.5).

use super::child::{Child, Fail, Step};
use super::helper::{bind_helper, map_helper, Helper};
use super::{bind_ns_files, fork_or_fail, write_proc, Plan};
use crate::error::{Ctx, Error, Op, Result};
use crate::ids;
use crate::process;
use crate::sys::{self, Fork, SigMask};
use nix::errno::Errno;
use nix::sched::CloneFlags;
use nix::unistd::{Gid, Pid, Uid};
use std::path::Path;
use std::sync::atomic::{AtomicI32, Ordering};

/// The forked child, for `--forward-signals`' handler.
static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward_signal(sig: i32) {
    let pid = CHILD.load(Ordering::Relaxed);
    if pid > 0 {
        let _ = sys::kill(pid, sig);
    }
}

pub fn run(mut p: Plan) -> Result<i32> {
    let name = crate::applet::current_name();
    let _ = sys::signal_default(libc::SIGCHLD);
    let persists = p.persist.values().any(Option::is_some);
    let early = CloneFlags::CLONE_NEWNS | CloneFlags::CLONE_NEWUSER;

    let mut bind: Option<Helper> = None;
    if persists && p.flags.intersects(early) {
        bind = Some(bind_helper(&name, &p, &mut [])?);
    }
    let mut map: Option<Helper> = None;
    let (users, groups) = final_maps(&mut p);
    if !users.is_empty() || !groups.is_empty() {
        map = Some(map_helper(&name, users, groups, &mut [&mut bind])?);
    }
    let (owner_uid, owner_gid) = owner_ids(&p);
    if let Some(gid) = owner_gid {
        nix::unistd::setgroups(&[]).call("setgroups failed")?;
        nix::unistd::setgid(Gid::from_raw(gid)).call("setgid() failed")?;
    }
    if let Some(uid) = owner_uid {
        nix::unistd::setuid(Uid::from_raw(uid)).call("setuid() failed")?;
    }
    let orig_mnt = persists_mount(&p).then(current_mnt_id).flatten();
    if p.flags.intersects(early) {
        // The kernel refuses both in a multi-threaded process (EINVAL).
        sys::debug_assert_single_threaded("unshare(CLONE_NEWNS or CLONE_NEWUSER)");
    }
    if let Err(e) = nix::sched::unshare(*p.flags) {
        if let Some(h) = map.take() {
            h.abandon();
        }
        if let Some(h) = bind.take() {
            h.abandon();
        }
        return Err(Error::os(Op::Call("unshare failed"), e));
    }
    if let Some(orig) = orig_mnt {
        newer_mount_ns(orig);
    }
    if let Some(h) = map.take() {
        h.finish()?;
    }
    set_time_offsets(&p)?;

    // The login shell (no program) is looked up only after the set-up
    // (NSS, in the new root), which a vfork-style child cannot do.
    let vfork = !persists && p.program != process::Program::Shell;
    let child = match (p.fork, vfork) {
        (false, _) => None,
        (true, true) => Some(spawn_child(&p)?),
        (true, false) => fork_child(&p, &mut bind)?,
    };
    if persists && (child.is_some() || !p.fork) {
        match bind.take() {
            Some(h) => h.finish()?,
            None => bind_ns_files(&p.persist, nix::unistd::getpid().as_raw())?,
        }
    }
    if let Some(pid) = child {
        return process::pass_on(process::wait_exit(pid)?);
    }
    Err(in_child(&p))
}

/// `--mount=FILE` with a new mount namespace.
fn persists_mount(p: &Plan) -> bool {
    let mnt = crate::ns::NsKind::Mnt;
    p.flags.contains(mnt.clone_flag()) && p.persist[mnt].is_some()
}

fn current_mnt_id() -> Option<u64> {
    let ns = crate::ns::NsFile::open(Path::new("/proc/self/ns/mnt")).ok()?;
    sys::unshare::mnt_ns_id(&ns).ok()
}

/// Linux (6.18) draws namespace ids from per-CPU batches, and its loop check
/// refuses to bind a mount namespace file unless the namespace's id is above
/// the binder's own: a new namespace made on one CPU may get a lower id than
/// the original one (made on another), and the bind helper (still in the
/// original) then fails with EINVAL, at random, for util-linux too. Then
/// unshare the mount namespace again, on each allowed CPU in turn, until the
/// id is higher. The namespace given up is an untouched copy and the new
/// one a copy of it, so nothing else changes; the CPU affinity is restored.
fn newer_mount_ns(orig: u64) {
    use nix::sched::{sched_getaffinity, sched_setaffinity, CpuSet};
    let above = || current_mnt_id().is_some_and(|id| id > orig);
    if above() {
        return;
    }
    let me = Pid::from_raw(0);
    let Ok(saved) = sched_getaffinity(me) else {
        return;
    };
    for cpu in (0..CpuSet::count()).filter(|&c| saved.is_set(c).unwrap_or(false)) {
        let mut one = CpuSet::new();
        if one.set(cpu).is_err() || sched_setaffinity(me, &one).is_err() {
            continue;
        }
        if nix::sched::unshare(CloneFlags::CLONE_NEWNS).is_err() || above() {
            break;
        }
    }
    let _ = sched_setaffinity(me, &saved);
}

/// `--owner`'s ids; util-linux keeps -1 for "not given", so `--owner=-1:5`
/// changes only the group.
fn owner_ids(p: &Plan) -> (Option<u32>, Option<u32>) {
    let given = |id: u32| (id != u32::MAX).then_some(id);
    match p.owner {
        Some((u, g)) => (given(u), given(g)),
        None => (None, None),
    }
}

/// `--map-users`/`--map-groups` (or `--owner` with a single mapping) are
/// written by the helper: fold the single mapping into the ranges.
fn final_maps(p: &mut Plan) -> (Vec<ids::Range>, Vec<ids::Range>) {
    let (owner_uid, owner_gid) = owner_ids(p);
    let mut users = Vec::new();
    if !p.usermap.is_empty() || (p.map_user.is_some() && owner_uid.is_some()) {
        users = ids::add_single(std::mem::take(&mut p.usermap), p.euid, p.map_user.take());
    }
    let mut groups = Vec::new();
    if !p.groupmap.is_empty() || (p.map_group.is_some() && owner_gid.is_some()) {
        groups = ids::add_single(std::mem::take(&mut p.groupmap), p.egid, p.map_group.take());
    }
    (users, groups)
}

fn set_time_offsets(p: &Plan) -> Result<()> {
    for (clock, offset) in [(7, p.boottime), (1, p.monotonic)] {
        let Some(secs) = offset else { continue };
        write_proc(
            "/proc/self/timens_offsets",
            &format!("{clock} {secs} 0"),
            Op::Call("failed to open /proc/self/timens_offsets"),
            Op::Call("failed to write to /proc/self/timens_offsets"),
        )?;
    }
    Ok(())
}

/// What both kinds of `--fork` set up before the child starts: the
/// signal handlers, the blocked TERM/INT, the pidfd `--kill-child` polls.
struct ForkPrep {
    /// The signal mask before TERM/INT were blocked.
    old: SigMask,
    /// The signals `--forward-signals` handles: TERM and INT, unless the
    /// caller ignores them (then they stay ignored, for us and the program;
    /// util-linux would hand the program SIG_DFL instead).
    forwarded: Vec<i32>,
    parent_fd: Option<std::os::fd::OwnedFd>,
}

#[allow(unsafe_code)]
fn prepare_fork(p: &Plan) -> Result<ForkPrep> {
    let set = SigMask::of(&[libc::SIGINT, libc::SIGTERM]);
    let what = match p.forward_signals {
        true => "sigprocmask failed",
        false => "sigprocmask block failed",
    };
    // Blocked first, then handled: a TERM/INT arriving in between is held
    // until the child's pid is known (upstream drops a signal that arrives
    // before the fork, or between fork and storing the pid).
    let old = sys::sigprocmask(libc::SIG_BLOCK, Some(&set)).call(what)?;
    let mut forwarded = Vec::new();
    if p.forward_signals {
        for (sig, what) in [
            (libc::SIGTERM, "sigaction SIGTERM failed"),
            (libc::SIGINT, "sigaction SIGINT failed"),
        ] {
            if !sys::signal_is_ignored(sig) {
                // SAFETY: forward_signal only loads an atomic and calls
                // kill(2), both async-signal-safe. The child resets the
                // disposition (child_side) before it unblocks TERM/INT.
                unsafe { sys::signal_handler(sig, forward_signal) }.call(what)?;
                forwarded.push(sig);
            }
        }
    }
    let parent_fd = match p.kill_child {
        Some(_) => Some(sys::pidfd_open(nix::unistd::getpid().as_raw()).call("pidfd_open failed")?),
        None => None,
    };
    Ok(ForkPrep {
        old,
        forwarded,
        parent_fd,
    })
}

/// The parent once the child exists: a held TERM/INT is forwarded now.
fn parent_side(p: &Plan, prep: &ForkPrep, pid: libc::pid_t) -> Result<Pid> {
    CHILD.store(pid, Ordering::Relaxed);
    if p.forward_signals {
        sys::sigprocmask(libc::SIG_SETMASK, Some(&prep.old)).call("sigprocmask failed")?;
    }
    Ok(Pid::from_raw(pid))
}

/// The child before `in_child`: the caller's mask back, `--kill-child`.
/// Allocates nothing (a vfork-style child runs it).
fn child_side(p: &Plan, prep: &ForkPrep) -> std::result::Result<(), Fail> {
    // What exec would give the program anyway; a signal forwarded before
    // the exec now acts on the child.
    for &sig in &prep.forwarded {
        sys::signal_default(sig).map_err(|e| Step::SigDefault(sig).fail(e))?;
    }
    sys::sigprocmask(libc::SIG_SETMASK, Some(&prep.old)).map_err(|e| Step::SigRestore.fail(e))?;
    if let Some(sig) = p.kill_child {
        sys::set_pdeathsig(sig).map_err(|e| Step::Pdeathsig.fail(e))?;
        if let Some(fd) = &prep.parent_fd {
            if parent_gone(fd).map_err(|e| Step::PollParent.fail(e))? {
                return Err(Step::ParentGone.fail(Errno::UnknownErrno));
            }
        }
    }
    Ok(())
}

/// `--fork` without persistence: a child sharing our memory until it
/// execs (`sys::spawn`), so no page tables are copied. We are suspended
/// until then, so a TERM/INT sent to us meanwhile stays blocked and is
/// forwarded to the program. Everything the child needs is built here
/// first (`Child`); it reports a failure in `fail` and exits, and we turn
/// that into the error `main` prints.
#[allow(unsafe_code)]
fn spawn_child(p: &Plan) -> Result<Pid> {
    let mut child = Child::new(p);
    let prep = prepare_fork(p)?;
    let mut fail: Option<Fail> = None;
    let mut entry = || {
        let f = match child_side(p, &prep).and_then(|()| child.prepare()) {
            Ok(()) => child.exec(),
            Err(f) => f,
        };
        fail = Some(f);
        1
    };
    // SAFETY: unshare is single-threaded (no thread or runtime is started
    // on its path; asserted in debug builds by spawn), and `entry` keeps
    // spawn's contract: TERM/INT are blocked (prepare_fork) and reset in
    // child_side before it unblocks them; child_side, Child::prepare and
    // Child::exec only make system calls on data built above (no
    // allocation, no lock, our environment untouched); the only thing of
    // ours it writes is `fail`; it ends by execve or by returning.
    let pid = unsafe { sys::spawn::spawn(&mut entry) }.call("fork failed")?;
    let pid = parent_side(p, &prep, pid)?;
    match fail {
        Some(f) => {
            process::wait_exit(pid)?;
            Err(f.error(p))
        }
        None => Ok(pid),
    }
}

/// `--fork` with persistence, or without a program (the login shell is
/// looked up after the set-up): a plain fork. The parent binds the files
/// (`--pid=FILE` needs the child to exist) while the child prepares and
/// execs, as upstream does; with a vfork-style child the parent would bind
/// only after the program had started, so it could see its files unbound.
/// Returns the child's pid in the parent, None in the child.
fn fork_child(p: &Plan, bind: &mut Option<Helper>) -> Result<Option<Pid>> {
    let prep = prepare_fork(p)?;
    match fork_or_fail()? {
        Fork::Parent(pid) => parent_side(p, &prep, pid).map(Some),
        Fork::Child => {
            CHILD.store(0, Ordering::Relaxed);
            if let Some(h) = bind.as_mut() {
                h.forget();
            }
            child_side(p, &prep).map_err(|f| f.error(p))?;
            Ok(None)
        }
    }
}

fn parent_gone(fd: &std::os::fd::OwnedFd) -> std::result::Result<bool, Errno> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use std::os::fd::AsFd;
    let mut fds = [PollFd::new(fd.as_fd(), PollFlags::POLLIN)];
    poll(&mut fds, PollTimeout::ZERO).map(|n| n > 0)
}

/// Everything after the fork, in the process that execs the program (a
/// forked child, or unshare itself without `--fork`). Returns only the
/// error that stopped it.
fn in_child(p: &Plan) -> Error {
    let mut child = Child::new(p);
    if let Err(f) = child.prepare() {
        return f.error(p);
    }
    match child.exec {
        Some(_) => child.exec().error(p),
        None => process::exec_shell(&child.env),
    }
}
