//! unshare's kernel calls that nix does not wrap. Same rules as `sys`.

use nix::errno::Errno;
use std::os::fd::{AsFd, AsRawFd};

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
