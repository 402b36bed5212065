//! The nsfs ioctls (linux/nsfs.h) and namespace file handles: the owning
//! user namespace and its owner, a namespace's type and id, the network
//! namespace of a socket (SIOCGSKNS, linux/sockios.h), and opening a
//! namespace by id (`=:NSID`). Every fd returned is close-on-exec.

use nix::errno::Errno;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// The network namespace of a socket.
const SIOCGSKNS: libc::c_ulong = 0x894c;

/// An ioctl that returns a new fd.
pub(super) fn ioctl_fd(fd: BorrowedFd<'_>, request: libc::c_ulong) -> Result<OwnedFd, Errno> {
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
    ioctl_fd(fd, libc::NS_GET_USERNS)
}

/// `ioctl(userns, NS_GET_OWNER_UID)`: the uid (in the caller's user
/// namespace) of the user namespace's creator. EINVAL when `userns` is not
/// a user namespace.
pub fn owner_uid(userns: BorrowedFd<'_>) -> Result<u32, Errno> {
    let mut uid: libc::uid_t = 0;
    // SAFETY: NS_GET_OWNER_UID writes one uid_t through the pointer, which
    // points to a live local of that type.
    let rc = unsafe { libc::ioctl(userns.as_raw_fd(), libc::NS_GET_OWNER_UID, &mut uid) };
    Errno::result(rc).map(|_| uid)
}

/// NS_GET_NSTYPE: the CLONE_NEW* type of the namespace open at `fd`, or the
/// errno (ENOTTY when it is not a namespace file).
pub fn ns_type(fd: BorrowedFd<'_>) -> Result<i32, Errno> {
    // SAFETY: NS_GET_NSTYPE takes no argument and only reads the fd.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), libc::NS_GET_NSTYPE) };
    if rc < 0 {
        Err(Errno::last())
    } else {
        Ok(rc)
    }
}

// NS_GET_MNTNS_ID (linux/nsfs.h): _IOR(NSIO = 0xb7, 0x5, __u64), Linux 6.10+.
nix::ioctl_read!(ns_get_mntns_id, 0xb7, 0x5, u64);

/// The 64-bit id of the mount namespace behind an nsfs file.
pub fn mnt_ns_id(ns: impl AsFd) -> Result<u64, Errno> {
    let mut id = 0u64;
    // SAFETY: the fd is open for the whole call and `id` is a valid,
    // writable u64, the ioctl's only out-parameter.
    unsafe { ns_get_mntns_id(ns.as_fd().as_raw_fd(), &mut id) }?;
    Ok(id)
}

/// `ioctl(sock, SIOCGSKNS)`: the network namespace of a socket.
pub fn socket_netns(sock: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    ioctl_fd(sock, SIOCGSKNS)
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
            libc::AT_EMPTY_PATH | libc::AT_HANDLE_FID,
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
