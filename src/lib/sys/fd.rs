//! File descriptors: flock(2) without unlock-on-drop, and closing every
//! inherited fd but a few (close_range).

use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd};

/// flock(2) on `fd` with `op` (LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN). Unlike
/// nix's `Flock`, nothing unlocks on drop: the keeper's lock lives on the
/// open file description it shares with the process that started it.
pub fn flock(fd: BorrowedFd<'_>, op: i32) -> Result<(), Errno> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::flock(fd.as_raw_fd(), op) }).map(drop)
}

/// Close every fd above 2 except those in `keep` (a freshly forked keeper
/// drops what it inherited: its starter's pipes, locks and sockets).
pub fn close_all_but(keep: &[BorrowedFd<'_>]) -> Result<(), Errno> {
    let mut keep: Vec<i32> = keep.iter().map(|f| f.as_raw_fd()).collect();
    keep.sort_unstable();
    let mut lo = 3;
    for k in keep {
        if k > lo {
            close_range(lo, k - 1)?;
        }
        lo = lo.max(k + 1);
    }
    close_range(lo, i32::MAX)
}

fn close_range(first: i32, last: i32) -> Result<(), Errno> {
    // SAFETY: closes fds only; the forked keeper holds no Rust object that
    // refers to them (its own fds are in `keep`, std's are 0-2).
    let rc = unsafe { libc::syscall(libc::SYS_close_range, first as u32, last as u32, 0) };
    Errno::result(rc).map(drop)
}
