//! Processes: fork, _exit, kill, waitpid, and the prctl settings of the
//! calling process (parent-death signal, dumpable, comm); the forked
//! child that makes a delegated network namespace. See `spawn` for the
//! vfork-style child and `exec` for execve.

use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd};

pub enum Fork {
    Parent(libc::pid_t),
    Child,
}

/// fork(2).
///
/// # Safety
///
/// The process must have exactly one thread: the child gets a copy of
/// this thread only, and any lock (malloc's, stdio's, the environment's)
/// another thread held at the moment of the fork stays locked forever in
/// the child, which may then deadlock or see half-changed data as soon as
/// it runs arbitrary code. unshare, nsenter and netns start no thread
/// before they fork (checked by [`debug_assert_single_threaded`](super::debug_assert_single_threaded) here).
pub unsafe fn fork() -> Result<Fork, Errno> {
    super::debug_assert_single_threaded("fork");
    // SAFETY: the caller guarantees a single thread (see above).
    match unsafe { libc::fork() } {
        -1 => Err(Errno::last()),
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(pid)),
    }
}

/// _exit(2): leave a forked helper without running atexit handlers or
/// flushing stdio buffers inherited from the parent.
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit never returns and touches no Rust state.
    unsafe { libc::_exit(code) }
}

/// kill(2) with a raw signal number (real-time signals included).
pub fn kill(pid: libc::pid_t, sig: i32) -> Result<(), Errno> {
    // SAFETY: kill has no memory-safety preconditions.
    Errno::result(unsafe { libc::kill(pid, sig) }).map(drop)
}

/// waitpid(2) returning the raw status word, so that any signal (real-time
/// ones too, which nix's `Signal` cannot hold) can be passed on.
pub fn waitpid_raw(pid: libc::pid_t, flags: libc::c_int) -> Result<i32, Errno> {
    let mut status: libc::c_int = 0;
    // SAFETY: status is a valid out-parameter.
    let rc = unsafe { libc::waitpid(pid, &mut status, flags) };
    if rc < 0 {
        return Err(Errno::last());
    }
    Ok(status)
}

/// prctl(PR_SET_PDEATHSIG, sig) with a raw signal number.
pub fn set_pdeathsig(sig: i32) -> Result<(), Errno> {
    // SAFETY: PR_SET_PDEATHSIG takes an integer argument only.
    Errno::result(unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, sig as libc::c_ulong, 0, 0, 0) })
        .map(drop)
}

/// `prctl(PR_SET_DUMPABLE, 1)`: unsharing a user namespace grants new
/// capabilities, which makes the process non-dumpable; its owner needs
/// /proc/PID/root again.
pub fn set_dumpable() -> Result<(), Errno> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0) }).map(drop)
}

/// `prctl(PR_SET_NAME, name)`: the process's comm.
pub fn set_comm(name: &std::ffi::CStr) -> Result<(), Errno> {
    // SAFETY: `name` is a valid NUL-terminated string for the whole call.
    Errno::result(unsafe { libc::prctl(libc::PR_SET_NAME, name.as_ptr(), 0, 0, 0) }).map(drop)
}

/// The forked child of `add --owner`: become `uid`/`gid` (effective ids
/// only: they decide the new user namespace's owner), unshare a user and a
/// network namespace in one call, report 0 or the errno as 4 bytes on
/// `report`, then wait for `hold` to reach EOF (the parent has bound the
/// namespace by then) and exit. Only raw system calls: no allocation, no
/// locks, nothing inherited from the parent's Rust state is touched.
///
/// # Safety
/// Call only in the child of a `fork()` of a single-threaded process
/// (or of any process, since only async-signal-safe calls are made), with
/// `report` and `hold` open.
pub unsafe fn owned_netns_child(
    uid: u32,
    gid: u32,
    report: BorrowedFd<'_>,
    hold: BorrowedFd<'_>,
) -> ! {
    // SAFETY: plain system calls on integers and on a local buffer.
    unsafe {
        let mut rc = libc::setresgid(u32::MAX, gid, u32::MAX);
        if rc == 0 {
            rc = libc::setresuid(u32::MAX, uid, u32::MAX);
        }
        if rc == 0 {
            rc = libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET);
        }
        let errno: i32 = if rc == 0 {
            0
        } else {
            *libc::__errno_location()
        };
        let bytes = errno.to_ne_bytes();
        libc::write(report.as_raw_fd(), bytes.as_ptr().cast(), bytes.len());
        let mut b = 0u8;
        while libc::read(hold.as_raw_fd(), (&mut b as *mut u8).cast(), 1) < 0
            && *libc::__errno_location() == libc::EINTR
        {}
        libc::_exit(0)
    }
}
