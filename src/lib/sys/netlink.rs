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
    held: Vec<i32>,
    old: Option<super::SigMask>,
}

impl HeldSignals {
    pub fn hold() -> HeldSignals {
        const STOP: [i32; 4] = [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM];
        let old = super::sigprocmask(libc::SIG_BLOCK, Some(&super::SigMask::of(&STOP))).ok();
        // A blocked signal stays pending even when ignored (Linux): leave
        // the ignored ones out, they must change nothing.
        let held = STOP
            .into_iter()
            .filter(|&s| old.is_some_and(|o| !o.contains(s)) && !super::signal_is_ignored(s))
            .collect();
        HeldSignals { held, old }
    }

    /// Has one of the held signals arrived?
    pub fn arrived(&self) -> bool {
        super::sigpending().is_ok_and(|set| self.held.iter().any(|&s| set.contains(s)))
    }

    /// Restore the caller's mask: a held signal that arrived is delivered
    /// now (and, with its default action, ends the process).
    pub fn release(self) {
        if let Some(old) = &self.old {
            let _ = super::sigprocmask(libc::SIG_SETMASK, Some(old));
        }
    }
}
