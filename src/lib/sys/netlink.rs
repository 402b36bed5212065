//! unsafe wrappers needed by the netlink code (see ../mod.rs for the rules).

const CAP_NET_ADMIN: u32 = 12;

/// Is CAP_NET_ADMIN in this thread's effective set? (It may be held over a
/// user namespace only; the kernel decides that per namespace.) True when
/// capget itself fails, so the kernel gets the last word.
pub fn has_cap_net_admin() -> bool {
    super::has_effective_cap(CAP_NET_ADMIN)
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

/// The signals that ask a program to stop (HUP, INT, QUIT, TERM), held back
/// while a multi-step change is under way so it can be undone first.
/// Only those the caller left unblocked are held; ignored ones never arrive.
pub struct HeldSignals {
    held: nix::sys::signal::SigSet,
    old: nix::sys::signal::SigSet,
}

impl HeldSignals {
    pub fn hold() -> HeldSignals {
        use nix::sys::signal::{SigSet, SigmaskHow, Signal::*};
        let mut want = SigSet::empty();
        for s in [SIGHUP, SIGINT, SIGQUIT, SIGTERM] {
            want.add(s);
        }
        let old = want
            .thread_swap_mask(SigmaskHow::SIG_BLOCK)
            .unwrap_or_else(|_| SigSet::all());
        // A blocked signal stays pending even when ignored (Linux): leave
        // the ignored ones out, they must change nothing.
        let mut held = SigSet::empty();
        for s in want.iter().filter(|s| !old.contains(*s) && !ignored(*s)) {
            held.add(s);
        }
        HeldSignals { held, old }
    }

    /// Has one of the held signals arrived?
    pub fn arrived(&self) -> bool {
        let mut set: libc::sigset_t = empty_sigset();
        // SAFETY: sigpending writes a sigset_t into `set`, which is valid.
        if unsafe { libc::sigpending(&mut set) } != 0 {
            return false;
        }
        self.held.iter().any(|s| {
            // SAFETY: `set` was filled by sigpending; sigismember only reads it.
            unsafe { libc::sigismember(&set, s as libc::c_int) == 1 }
        })
    }

    /// Restore the caller's mask: a held signal that arrived is delivered
    /// now (and, with its default action, ends the process).
    pub fn release(self) {
        let _ = self.old.thread_set_mask();
    }
}

fn empty_sigset() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data; all zeros is a valid (empty) set.
    unsafe { std::mem::zeroed() }
}

/// Is `sig`'s disposition SIG_IGN?
fn ignored(sig: nix::sys::signal::Signal) -> bool {
    // SAFETY: sigaction with a null new action only reads the disposition
    // into `old`, which is valid for writing.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig as libc::c_int, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

/// recvmmsg(2) without waiting: the datagrams already queued on `fd`, up to
/// one per slot, each into its own slot. Returns, per datagram received,
/// its length and whether it was cut to fit its slot (MSG_TRUNC). EAGAIN
/// when none is queued.
pub fn recv_many(
    fd: std::os::fd::BorrowedFd<'_>,
    slots: &mut [&mut [u8]],
) -> Result<Vec<(usize, bool)>, nix::errno::Errno> {
    use std::os::fd::AsRawFd;
    let mut iov: Vec<libc::iovec> = slots
        .iter_mut()
        .map(|s| libc::iovec {
            iov_base: s.as_mut_ptr().cast(),
            iov_len: s.len(),
        })
        .collect();
    // SAFETY: mmsghdr is plain data; all zeros is a valid empty header.
    let mut hdrs: Vec<libc::mmsghdr> = iov.iter().map(|_| unsafe { std::mem::zeroed() }).collect();
    for (h, v) in hdrs.iter_mut().zip(iov.iter_mut()) {
        h.msg_hdr.msg_iov = v;
        h.msg_hdr.msg_iovlen = 1;
    }
    let vlen = libc::c_uint::try_from(hdrs.len()).unwrap_or(libc::c_uint::MAX);
    // SAFETY: each header points at one iovec that describes a slot we
    // borrow mutably for this call; no address is asked for (msg_name null);
    // no timeout.
    let n = unsafe {
        libc::recvmmsg(
            fd.as_raw_fd(),
            hdrs.as_mut_ptr(),
            vlen,
            libc::MSG_DONTWAIT,
            std::ptr::null_mut(),
        )
    };
    let n = usize::try_from(n).map_err(|_| nix::errno::Errno::last())?;
    Ok(hdrs[..n.min(hdrs.len())]
        .iter()
        .map(|h| {
            (
                h.msg_len as usize,
                h.msg_hdr.msg_flags & libc::MSG_TRUNC != 0,
            )
        })
        .collect())
}
