//! Signals: one signal-mask type (real-time signals included), the mask,
//! dispositions, and the stop signals held back while a change is made.

use nix::errno::Errno;

/// A signal set that can hold real-time signals too (nix's cannot).
/// With [`sigprocmask`] and [`sigpending`], the one signal-mask helper of
/// the crate.
#[derive(Clone, Copy)]
pub struct SigMask(libc::sigset_t);

impl SigMask {
    pub fn of(sigs: &[i32]) -> SigMask {
        // SAFETY: sigemptyset/sigaddset only write into the local set.
        unsafe {
            let mut set = std::mem::zeroed::<libc::sigset_t>();
            libc::sigemptyset(&mut set);
            for &s in sigs {
                libc::sigaddset(&mut set, s);
            }
            SigMask(set)
        }
    }

    /// Is `sig` in the set?
    pub fn contains(&self, sig: i32) -> bool {
        // SAFETY: sigismember only reads the initialised set.
        unsafe { libc::sigismember(&self.0, sig) == 1 }
    }
}

/// sigprocmask(how, set) returning the previous mask. (In a process with
/// one thread, as every caller is, this is pthread_sigmask.)
pub fn sigprocmask(how: i32, set: Option<&SigMask>) -> Result<SigMask, Errno> {
    let mut old = SigMask::of(&[]);
    let ptr = set.map_or(std::ptr::null(), |s| &s.0 as *const libc::sigset_t);
    // SAFETY: ptr is null or points at a valid set; old is a valid out-param.
    let rc = unsafe { libc::sigprocmask(how, ptr, &mut old.0) };
    Errno::result(rc).map(|_| old)
}

/// sigpending(2): the signals raised but blocked.
pub fn sigpending() -> Result<SigMask, Errno> {
    let mut set = SigMask::of(&[]);
    // SAFETY: set is a valid out-parameter.
    Errno::result(unsafe { libc::sigpending(&mut set.0) }).map(|_| set)
}

/// Reset a signal's disposition to SIG_DFL.
pub fn signal_default(sig: i32) -> Result<(), Errno> {
    // SAFETY: installing SIG_DFL involves no handler code.
    let prev = unsafe { libc::signal(sig, libc::SIG_DFL) };
    if prev == libc::SIG_ERR {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// Install `handler` for `sig` with SA_RESTART and an empty mask.
///
/// # Safety
///
/// `handler` runs at any instruction of the program, in the middle of any
/// call: it must call only async-signal-safe functions (no allocation, no
/// locks, no stdio) and touch only atomics or other lock-free state. After
/// a fork it stays installed in the child until exec, so a child that must
/// not run it resets or blocks the signal first.
pub unsafe fn signal_handler(sig: i32, handler: extern "C" fn(i32)) -> Result<(), Errno> {
    // SAFETY: sa is fully initialised; the caller vouches for the handler.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = handler as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        sa.sa_flags = libc::SA_RESTART;
        Errno::result(libc::sigaction(sig, &sa, std::ptr::null_mut())).map(drop)
    }
}

/// Is `sig` currently ignored (SIG_IGN)?
pub fn signal_is_ignored(sig: i32) -> bool {
    // SAFETY: a null new action only queries the current one.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// The signals that ask a program to stop (HUP, INT, QUIT, TERM), held back
/// while a multi-step change is under way so it can be undone first.
/// Only those the caller left unblocked are held; ignored ones never arrive.
pub struct HeldSignals {
    held: Vec<i32>,
    old: Option<SigMask>,
}

impl HeldSignals {
    pub fn hold() -> HeldSignals {
        const STOP: [i32; 4] = [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM];
        let old = sigprocmask(libc::SIG_BLOCK, Some(&SigMask::of(&STOP))).ok();
        // A blocked signal stays pending even when ignored (Linux): leave
        // the ignored ones out, they must change nothing.
        let held = STOP
            .into_iter()
            .filter(|&s| old.is_some_and(|o| !o.contains(s)) && !signal_is_ignored(s))
            .collect();
        HeldSignals { held, old }
    }

    /// Has one of the held signals arrived?
    pub fn arrived(&self) -> bool {
        sigpending().is_ok_and(|set| self.held.iter().any(|&s| set.contains(s)))
    }

    /// Restore the caller's mask: a held signal that arrived is delivered
    /// now (and, with its default action, ends the process).
    pub fn release(self) {
        if let Some(old) = &self.old {
            let _ = sigprocmask(libc::SIG_SETMASK, Some(old));
        }
    }
}
