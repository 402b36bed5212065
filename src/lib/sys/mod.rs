//! The only module allowed to use `unsafe`, organised by kernel subsystem.
//!
//! Every block wraps one libc call whose safety does not depend on anything
//! but its arguments. A call whose soundness rests on what the type system
//! cannot see (fork and the vfork-style `spawn::spawn` need a single thread,
//! a signal handler must be async-signal-safe) is an `unsafe fn` with a
//! `# Safety` section, and its callers say why each call is sound.
//! Constants come from libc, or are named after the kernel header that
//! defines them.
#![allow(unsafe_code)]

pub mod creds;
pub mod exec;
pub mod fd;
pub mod mount;
pub mod nsfs;
pub mod pidfd;
pub mod process;
pub mod signal;
pub mod socket;
pub mod spawn;

use std::ffi::CStr;

/// C's `strerror(errnum)`, the text util-linux and iproute2 print.
pub fn strerror(errnum: i32) -> String {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: buf is writable for buf.len() bytes; the XSI strerror_r always
    // NUL-terminates what it writes on success.
    let rc = unsafe { libc::strerror_r(errnum, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errnum}");
    }
    // SAFETY: strerror_r succeeded, so buf holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// In debug builds, panic unless this process has exactly one thread.
///
/// fork and a vfork-style clone are only sound single-threaded, and the
/// kernel refuses `unshare(CLONE_NEWNS)` (and `unshare`/`setns` of a user
/// namespace) with EINVAL in a multi-threaded process. `what` names the
/// call in the panic message. Costs a /proc read, so release builds skip it.
pub fn debug_assert_single_threaded(what: &str) {
    if cfg!(debug_assertions) {
        let n = std::fs::read_dir("/proc/self/task").map(Iterator::count);
        // No /proc (a chroot without it): nothing to check with.
        assert!(
            n.as_ref().map_or(true, |&n| n == 1),
            "{what} in a process with {n:?} threads: rns must be single-threaded here"
        );
    }
}
