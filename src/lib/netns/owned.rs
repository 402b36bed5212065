//! Delegated network namespaces: `add NAME --owner USER[:GROUP]` makes the
//! network namespace inside a new user namespace owned by USER, which maps
//! USER and GROUP to 0. The kernel's ownership rules then let USER (and
//! nobody else without privilege) enter it: see `switch`.

use crate::ns::NsFile;
use crate::sys;
use nix::errno::Errno;
use nix::fcntl::{open, OFlag};
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, OwnedFd};

/// Who a delegated namespace belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// The user mapped to 0 in the new user namespace.
    pub uid: u32,
    /// The group mapped to 0 there.
    pub gid: u32,
}

/// Kills and reaps the helper child however `create` ends.
struct Child(libc::pid_t);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = sys::process::kill(self.0, libc::SIGKILL);
        let _ = sys::process::waitpid_raw(self.0, libc::__WALL);
    }
}

/// A new network namespace owned by a new user namespace of `owner`; the
/// returned fd keeps it alive until the caller has bound it.
#[allow(unsafe_code)]
pub fn create(owner: Owner) -> Result<OwnedFd, Errno> {
    let (report_rx, report_tx) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    let (hold_rx, hold_tx) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    // SAFETY: `ip netns` is single-threaded (no netlink socket or thread is
    // open on this path), and the child only makes raw system calls.
    let pid = match unsafe { sys::process::fork() }? {
        sys::process::Fork::Child => unsafe {
            // SAFETY: we are the child of that fork; both fds are open.
            sys::process::owned_netns_child(
                owner.uid,
                owner.gid,
                report_tx.as_fd(),
                hold_rx.as_fd(),
            )
        },
        sys::process::Fork::Parent(pid) => Child(pid),
    };
    drop(report_tx);
    drop(hold_rx);
    child_status(&report_rx)?;
    write_maps(pid.0, owner)?;
    let ns = open(
        format!("/proc/{}/ns/net", pid.0).as_str(),
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )?;
    drop(hold_tx);
    Ok(ns)
}

/// The child's 4-byte report: 0, or the errno of its unshare.
fn child_status(rx: &OwnedFd) -> Result<(), Errno> {
    let mut buf = [0u8; 4];
    let n = loop {
        match nix::unistd::read(rx, &mut buf) {
            Err(Errno::EINTR) => continue,
            r => break r?,
        }
    };
    match (n, i32::from_ne_bytes(buf)) {
        (4, 0) => Ok(()),
        (4, e) => Err(Errno::from_raw(e)),
        _ => Err(Errno::ECHILD),
    }
}

/// `0 UID 1` and `0 GID 1`, written by us (privileged in the parent user
/// namespace), so the namespace keeps setgroups(2) allowed.
fn write_maps(pid: libc::pid_t, owner: Owner) -> Result<(), Errno> {
    map_to_root(&format!("/proc/{pid}"), owner).map_err(|(_, e)| e)
}

/// Write `0 UID 1` and `0 GID 1` into the uid_map and gid_map under `proc`
/// (`/proc/PID` or `/proc/self`): `owner` becomes root of the process's new
/// user namespace. The failed file and errno on failure.
pub(super) fn map_to_root(proc: &str, owner: Owner) -> Result<(), (&'static str, Errno)> {
    let write = |file: &'static str, id: u32| {
        std::fs::write(format!("{proc}/{file}"), format!("0 {id} 1\n"))
            .map_err(|e| (file, crate::error::io_errno(&e)))
    };
    write("uid_map", owner.uid)?;
    write("gid_map", owner.gid)
}

/// The owner of the user namespace that owns network namespace `ns`, and
/// that user namespace, when it is not the caller's own.
pub fn foreign_owner(ns: &OwnedFd) -> Option<(u32, OwnedFd)> {
    let userns = NsFile::from_fd(sys::nsfs::ns_get_userns(ns.as_fd()).ok()?);
    let mine = NsFile::open(std::path::Path::new("/proc/self/ns/user")).ok()?;
    if userns.id()? == mine.id()? {
        return None;
    }
    let uid = sys::nsfs::owner_uid(userns.as_fd()).ok()?;
    Some((uid, userns.into_fd()))
}
