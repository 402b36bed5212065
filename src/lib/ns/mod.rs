//! Namespace kinds as data, and typed namespace file handles.

use crate::error::{Ctx, Op, Result};
use nix::fcntl::{open, OFlag};
use nix::sched::CloneFlags;
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;

/// One kind of namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub flag: CloneFlags,
    /// Name under /proc/PID/ns/.
    pub proc_name: &'static str,
    /// What a persistence bind mount binds: `pid_for_children` and
    /// `time_for_children` for the kinds that only affect children.
    pub persist_name: &'static str,
    /// The long option of unshare/nsenter.
    pub long: &'static str,
    pub short: char,
}

macro_rules! kind {
    ($flag:ident, $proc:literal, $persist:literal, $long:literal, $short:literal) => {
        Kind {
            flag: CloneFlags::$flag,
            proc_name: $proc,
            persist_name: $persist,
            long: $long,
            short: $short,
        }
    };
}

/// nix has no constant for time namespaces.
pub const CLONE_NEWTIME: CloneFlags = CloneFlags::from_bits_retain(libc::CLONE_NEWTIME);

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

/// Every kind, in the order util-linux binds persistence files and nsenter
/// enters namespaces: user first, then cgroup, ipc, uts, net, pid, mnt, time.
pub const KINDS: [Kind; 8] = [
    kind!(CLONE_NEWUSER, "user", "user", "user", 'U'),
    kind!(CLONE_NEWCGROUP, "cgroup", "cgroup", "cgroup", 'C'),
    kind!(CLONE_NEWIPC, "ipc", "ipc", "ipc", 'i'),
    kind!(CLONE_NEWUTS, "uts", "uts", "uts", 'u'),
    kind!(CLONE_NEWNET, "net", "net", "net", 'n'),
    kind!(CLONE_NEWPID, "pid", "pid_for_children", "pid", 'p'),
    kind!(CLONE_NEWNS, "mnt", "mnt", "mount", 'm'),
    Kind {
        flag: CLONE_NEWTIME,
        proc_name: "time",
        persist_name: "time_for_children",
        long: "time",
        short: 'T',
    },
];

pub fn kind_by_flag(flag: CloneFlags) -> &'static Kind {
    KINDS
        .iter()
        .find(|k| k.flag == flag)
        .expect("every CLONE_NEW* flag has a kind")
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

    pub fn from_fd(fd: OwnedFd) -> NsFile {
        NsFile(fd)
    }

    /// setns(2) into this namespace, checking it is of kind `flag`
    /// (an empty flag set accepts any kind; a pidfd takes a mask).
    pub fn enter(&self, flag: CloneFlags) -> nix::Result<()> {
        nix::sched::setns(&self.0, flag)
    }

    pub fn into_fd(self) -> OwnedFd {
        self.0
    }
}

impl AsFd for NsFile {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}
