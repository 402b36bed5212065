//! nsenter's system calls that nix does not wrap: pidfd_getfd, the nsfs and
//! pidfs ioctls that hand out namespace fds, namespace file handles (`=:NSID`)
//! and a waitpid that keeps the raw status (real-time signals included).
//!
//! Every fd returned here is close-on-exec: the kernel sets O_CLOEXEC on fds
//! from pidfd_getfd and from the namespace ioctls, and we ask for it in
//! open_by_handle_at.

use nix::errno::Errno;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// `_IO(0xb7, 0x1)`: the user namespace that owns a namespace.
const NS_GET_USERNS: libc::c_ulong = 0xb701;
/// `_IO(0xFF, 3)` / `_IO(0xFF, 9)`: a pidfd's mount / user namespace.
const PIDFD_GET_MNT_NAMESPACE: libc::c_ulong = 0xff03;
const PIDFD_GET_USER_NAMESPACE: libc::c_ulong = 0xff09;
/// The network namespace of a socket.
const SIOCGSKNS: libc::c_ulong = 0x894c;
const AT_HANDLE_FID: libc::c_int = 0x200;

/// An ioctl that returns a new fd.
fn ioctl_fd(fd: BorrowedFd<'_>, request: libc::c_ulong) -> Result<OwnedFd, Errno> {
    // SAFETY: these requests take no argument and return a new fd or -1.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request, 0) };
    if rc < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel returned a fresh fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(rc) })
}

/// `ioctl(fd, NS_GET_USERNS)`: the owning (for a user ns: parent) user namespace.
pub fn ns_get_userns(fd: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(fd, NS_GET_USERNS)
}

/// `ioctl(pidfd, PIDFD_GET_USER_NAMESPACE)`.
pub fn pidfd_user_ns(pidfd: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(pidfd, PIDFD_GET_USER_NAMESPACE)
}

/// `ioctl(pidfd, PIDFD_GET_MNT_NAMESPACE)`.
pub fn pidfd_mnt_ns(pidfd: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(pidfd, PIDFD_GET_MNT_NAMESPACE)
}

/// `ioctl(sock, SIOCGSKNS)`: the network namespace of a socket.
pub fn socket_netns(sock: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(sock, SIOCGSKNS)
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

/// `struct file_handle` followed by `struct nsfs_file_handle`
/// (`ns_id`, `ns_type`, `ns_inum`).
#[repr(C)]
struct NsHandle {
    handle_bytes: u32,
    handle_type: i32,
    ns_id: u64,
    ns_type: u32,
    ns_inum: u32,
}

impl NsHandle {
    fn new() -> NsHandle {
        NsHandle {
            handle_bytes: 16,
            handle_type: 0,
            ns_id: 0,
            ns_type: 0,
            ns_inum: 0,
        }
    }
}

/// The handle type of nsfs, learned from `name_to_handle_at(ns, "",
/// AT_EMPTY_PATH | AT_HANDLE_FID)` on any namespace file.
pub fn nsfs_handle_type(ns: BorrowedFd<'_>) -> Result<i32, Errno> {
    let mut h = NsHandle::new();
    let mut mount_id: libc::c_int = 0;
    // SAFETY: h is a file_handle with room for handle_bytes (16) bytes of
    // payload; the path is a valid empty C string; mount_id is writable.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_name_to_handle_at,
            ns.as_raw_fd(),
            c"".as_ptr(),
            &mut h as *mut NsHandle,
            &mut mount_id as *mut libc::c_int,
            libc::AT_EMPTY_PATH | AT_HANDLE_FID,
        )
    };
    if rc < 0 {
        return Err(Errno::last());
    }
    Ok(h.handle_type)
}

/// open_by_handle_at(2) of the namespace with id `ns_id` (O_RDONLY|O_CLOEXEC).
pub fn open_ns_by_id(mount: impl AsFd, handle_type: i32, ns_id: u64) -> Result<OwnedFd, Errno> {
    let mut h = NsHandle::new();
    h.handle_type = handle_type;
    h.ns_id = ns_id;
    // SAFETY: h is a complete file_handle of handle_bytes payload bytes.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_open_by_handle_at,
            mount.as_fd().as_raw_fd(),
            &mut h as *mut NsHandle,
            libc::O_RDONLY | libc::O_CLOEXEC,
        )
    };
    if rc < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel returned a fresh fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(rc as i32) })
}
