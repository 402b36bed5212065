//! User-namespace ownership: who owns a user namespace (`NS_GET_OWNER_UID`,
//! linux/nsfs.h), and the child that makes a network namespace inside a new
//! user namespace owned by somebody else (`rns netns add --owner`).

use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd};

/// `_IO(0xb7, 0x4)` in linux/nsfs.h: the owner uid of a user namespace.
const NS_GET_OWNER_UID: libc::c_ulong = 0xb704;

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
