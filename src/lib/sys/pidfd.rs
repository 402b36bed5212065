//! pidfds (linux/pidfd.h): open one, take an fd from the process
//! (pidfd_getfd), and its namespaces (PIDFD_GET_*_NAMESPACE). Every fd
//! returned is close-on-exec.

use super::nsfs::ioctl_fd;
use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// `_IO(0xFF, 3)` / `_IO(0xFF, 9)`: a pidfd's mount / user namespace.
const PIDFD_GET_MNT_NAMESPACE: libc::c_ulong = 0xff03;

const PIDFD_GET_USER_NAMESPACE: libc::c_ulong = 0xff09;

/// pidfd_open(2), always close-on-exec (pidfds are).
pub fn pidfd_open(pid: libc::pid_t) -> Result<OwnedFd, Errno> {
    // SAFETY: plain syscall with integer arguments.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel returned a fresh fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// pidfd_getfd(2): a duplicate of fd `target_fd` of the process `pidfd`.
pub fn pidfd_getfd(pidfd: BorrowedFd<'_>, target_fd: i32) -> Result<OwnedFd, Errno> {
    // SAFETY: plain syscall with integer arguments.
    let rc = unsafe { libc::syscall(libc::SYS_pidfd_getfd, pidfd.as_raw_fd(), target_fd, 0) };
    if rc < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel returned a fresh fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(rc as i32) })
}

/// `ioctl(pidfd, PIDFD_GET_USER_NAMESPACE)`.
pub fn pidfd_user_ns(pidfd: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(pidfd, PIDFD_GET_USER_NAMESPACE)
}

/// `ioctl(pidfd, PIDFD_GET_MNT_NAMESPACE)`.
pub fn pidfd_mnt_ns(pidfd: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(pidfd, PIDFD_GET_MNT_NAMESPACE)
}
