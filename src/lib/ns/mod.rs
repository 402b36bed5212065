//! Namespace kinds as data, and typed namespace file handles.

use crate::error::{Ctx, Op, Result};
use nix::fcntl::{open, OFlag};
use nix::sched::CloneFlags;
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;

mod kind;

pub use kind::{NsKind, PerKind, CLONE_NEWTIME};

/// A set of namespace kinds (CloneFlags with a Default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NsFlags(pub CloneFlags);

impl Default for NsFlags {
    fn default() -> Self {
        NsFlags(CloneFlags::empty())
    }
}

impl std::ops::Deref for NsFlags {
    type Target = CloneFlags;
    fn deref(&self) -> &CloneFlags {
        &self.0
    }
}

impl std::ops::BitOrAssign<CloneFlags> for NsFlags {
    fn bitor_assign(&mut self, rhs: CloneFlags) {
        self.0 |= rhs;
    }
}

/// An open namespace file (`/proc/PID/ns/KIND`, a bind mount of one, or a
/// pidfd standing for all of a process's namespaces).
#[derive(Debug)]
pub struct NsFile(OwnedFd);

impl NsFile {
    /// Open read-only and close-on-exec; errors read `cannot open PATH`.
    pub fn open(path: &Path) -> Result<NsFile> {
        open(path, OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty())
            .ctx(Op::Open(path.to_path_buf()))
            .map(NsFile)
    }

    /// Wrap an fd that is already open on a namespace (a pidfd, or one
    /// received from elsewhere); its kind is not checked.
    pub fn from_fd(fd: OwnedFd) -> NsFile {
        NsFile(fd)
    }

    /// setns(2) into this namespace, checking it is of kind `flag`
    /// (an empty flag set accepts any kind; a pidfd takes a mask).
    pub fn enter(&self, flag: CloneFlags) -> nix::Result<()> {
        nix::sched::setns(&self.0, flag)
    }

    /// The fd, for a caller that keeps it past this handle.
    pub fn into_fd(self) -> OwnedFd {
        self.0
    }
}

impl AsFd for NsFile {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}
