//! User-namespace ownership: who owns a user namespace (`NS_GET_OWNER_UID`,
//! linux/nsfs.h), and the child that makes a network namespace inside a new
//! user namespace owned by somebody else (`rns netns add --owner`).

use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// `_IO(0xb7, 0x4)` in linux/nsfs.h: the owner uid of a user namespace.
const NS_GET_OWNER_UID: libc::c_ulong = 0xb704;

/// `_IO(0xb7, 0x1)` in linux/nsfs.h: the user namespace owning a namespace.
const NS_GET_USERNS: libc::c_ulong = 0xb701;

/// `ioctl(ns, NS_GET_USERNS)`: a new close-on-exec fd on the user namespace
/// that owns the namespace open at `ns`. EPERM when that user namespace is
/// outside the caller's (an ancestor of it).
pub fn owning_userns(ns: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    // SAFETY: NS_GET_USERNS takes no argument; it only reads the fd.
    let fd = Errno::result(unsafe { libc::ioctl(ns.as_raw_fd(), NS_GET_USERNS) })?;
    // SAFETY: on success the ioctl returned a new fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `ioctl(userns, NS_GET_OWNER_UID)`: the uid (in the caller's user
/// namespace) of the user namespace's creator. EINVAL when `userns` is not
/// a user namespace.
pub fn owner_uid(userns: BorrowedFd<'_>) -> Result<u32, Errno> {
    let mut uid: libc::uid_t = 0;
    // SAFETY: NS_GET_OWNER_UID writes one uid_t through the pointer, which
    // points to a live local of that type.
    let rc = unsafe { libc::ioctl(userns.as_raw_fd(), NS_GET_OWNER_UID, &mut uid) };
    Errno::result(rc).map(|_| uid)
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

/// flock(2) on `fd` with `op` (LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN). Unlike
/// nix's `Flock`, nothing unlocks on drop: the keeper's lock lives on the
/// open file description it shares with the process that started it.
pub fn flock(fd: BorrowedFd<'_>, op: i32) -> Result<(), Errno> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::flock(fd.as_raw_fd(), op) }).map(drop)
}

/// Close every fd above 2 except those in `keep` (a freshly forked keeper
/// drops what it inherited: its starter's pipes, locks and sockets).
pub fn close_all_but(keep: &[BorrowedFd<'_>]) -> Result<(), Errno> {
    let mut keep: Vec<i32> = keep.iter().map(|f| f.as_raw_fd()).collect();
    keep.sort_unstable();
    let mut lo = 3;
    for k in keep {
        if k > lo {
            close_range(lo, k - 1)?;
        }
        lo = lo.max(k + 1);
    }
    close_range(lo, i32::MAX)
}

fn close_range(first: i32, last: i32) -> Result<(), Errno> {
    // SAFETY: closes fds only; the forked keeper holds no Rust object that
    // refers to them (its own fds are in `keep`, std's are 0-2).
    let rc = unsafe { libc::syscall(libc::SYS_close_range, first as u32, last as u32, 0) };
    Errno::result(rc).map(drop)
}
