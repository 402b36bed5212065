//! unsafe wrappers needed by the netlink code (see ../mod.rs for the rules).

#[repr(C)]
#[derive(Default, Clone, Copy)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

const CAP_V3: u32 = 0x2008_0522;
const CAP_NET_ADMIN: u32 = 12;

/// Is CAP_NET_ADMIN in this thread's effective set? (It may be held over a
/// user namespace only; the kernel decides that per namespace.) True when
/// capget itself fails, so the kernel gets the last word.
pub fn has_cap_net_admin() -> bool {
    let mut hdr = CapHeader {
        version: CAP_V3,
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: hdr and data match the kernel's v3 layout (two data words);
    // capget only writes into them.
    let rc = unsafe { libc::syscall(libc::SYS_capget, &mut hdr, data.as_mut_ptr()) };
    rc != 0 || data[0].effective & (1 << CAP_NET_ADMIN) != 0
}

/// NS_GET_NSTYPE: the CLONE_NEW* type of the namespace open at `fd`, or the
/// errno (ENOTTY when it is not a namespace file).
pub fn ns_type(fd: std::os::fd::BorrowedFd<'_>) -> Result<i32, nix::errno::Errno> {
    use std::os::fd::AsRawFd;
    const NS_GET_NSTYPE: libc::c_ulong = 0xb703; // _IO(0xb7, 0x3)
                                                 // SAFETY: NS_GET_NSTYPE takes no argument and only reads the fd.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), NS_GET_NSTYPE as _) };
    if rc < 0 {
        Err(nix::errno::Errno::last())
    } else {
        Ok(rc)
    }
}
