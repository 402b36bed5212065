//! Namespace kinds as data, and typed namespace file handles.

use crate::error::{Ctx, Op, Result};
use nix::errno::Errno;
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
///
/// ```
/// use rns::ns::{NsFile, NsKind};
/// use std::path::Path;
///
/// // The caller's own network namespace: no privilege needed.
/// let net = NsFile::open(Path::new("/proc/self/ns/net"))?;
/// assert_eq!(net.kind()?, NsKind::Net);
/// match net.owner() {
///     Ok(user) => assert_eq!(user.kind()?, NsKind::User),
///     // Owned by a user namespace above the caller's.
///     Err(e) => assert_eq!(e, nix::errno::Errno::EPERM),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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

    /// The kind of namespace (`NS_GET_NSTYPE`); ENOTTY for a file that is
    /// not a namespace (or a pidfd).
    pub fn kind(&self) -> nix::Result<NsKind> {
        let t = crate::sys::nsfs::ns_type(self.0.as_fd())?;
        NsKind::from_clone_flag(CloneFlags::from_bits_retain(t)).ok_or(Errno::EINVAL)
    }

    /// The user namespace that owns this one (`NS_GET_USERNS`); EPERM when
    /// it is outside the caller's user namespace.
    pub fn owner(&self) -> nix::Result<NsFile> {
        crate::sys::nsfs::ns_get_userns(self.0.as_fd()).map(NsFile)
    }

    /// setns(2) into this namespace, checking it is of kind `flag`
    /// (an empty flag set accepts any kind; a pidfd takes a mask).
    /// Entering a user or mount namespace needs a single-threaded process.
    ///
    /// ```
    /// use nix::{errno::Errno, sched::CloneFlags};
    /// use rns::ns::NsFile;
    ///
    /// // Runs as root only (CAP_SYS_ADMIN); under CI=true, without root it fails.
    /// if !nix::unistd::geteuid().is_root() {
    ///     assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "needs root");
    ///     return Ok(());
    /// }
    /// // Re-enter the caller's own network namespace: a no-op, and one only
    /// // this thread sees, so it is safe in a threaded test process.
    /// let net = NsFile::open("/proc/self/ns/net".as_ref())?;
    /// net.enter(CloneFlags::CLONE_NEWNET)?;
    /// assert_eq!(net.enter(CloneFlags::CLONE_NEWUTS), Err(Errno::EINVAL));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enter(&self, flag: CloneFlags) -> nix::Result<()> {
        nix::sched::setns(&self.0, flag)
    }

    /// The fd, for a caller that keeps it past this handle.
    pub fn into_fd(self) -> OwnedFd {
        self.0
    }

    /// The namespace's identity, `(st_dev, st_ino)` of the nsfs inode: two
    /// handles of one namespace have the same id.
    pub fn id(&self) -> Option<(u64, u64)> {
        nix::sys::stat::fstat(&self.0)
            .ok()
            .map(|st| (st.st_dev, st.st_ino))
    }

    /// Another handle of the same namespace (dup, close-on-exec).
    pub fn try_clone(&self) -> std::io::Result<NsFile> {
        self.0.try_clone().map(NsFile)
    }
}

impl AsFd for NsFile {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}
