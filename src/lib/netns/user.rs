//! A user's own named network namespaces, made without any privilege
//! (`rns netns --user`, `rns veth --user`).
//!
//! All of a user's namespaces live in one user namespace that maps the user
//! to 0, so that a veth pair can join any two of them. A keeper process
//! (one per user and store, as rootless container engines keep a pause
//! process) holds that user namespace, a mount namespace whose /run is a
//! tmpfs of its own, and an empty network namespace. The names are the
//! ordinary `/run/netns` entries *inside* the keeper's mount namespace:
//! every `ip netns` operation runs there unchanged, and root's /run/netns
//! is never touched.
//!
//! The store directory (`$XDG_RUNTIME_DIR/rns`, else `/tmp/rns-UID`, mode
//! 0700) holds two files: `lock`, held by every command that changes the
//! store, and `keeper`, which the keeper holds locked for its whole life
//! and which names its pid. A keeper killed by SIGKILL takes the names with
//! it (as a reboot would) and leaves an unlocked file: the next `add`
//! starts a new keeper at once. The keeper exits when the last name goes.

use crate::sys;
use nix::errno::Errno;
use nix::fcntl::{open, OFlag};
use nix::sched::{setns, unshare, CloneFlags};
use nix::sys::stat::Mode;
use std::ffi::OsString;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

/// Why a user's store or keeper could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    /// Making, opening or locking a file of the store failed.
    Store {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        errno: Errno,
    },
    /// The store directory exists but is not private to the caller.
    NotPrivate {
        /// The directory.
        path: PathBuf,
    },
    /// A step of starting or joining the keeper failed.
    Keeper {
        /// The step (`fork`, `setns`, ...).
        step: &'static str,
        /// Why.
        errno: Errno,
    },
    /// The process the store names holds another user's namespaces.
    Foreign {
        /// Whose they are.
        uid: u32,
    },
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |e: &Errno| sys::strerror(*e as i32);
        match self {
            UserError::Store { path, errno } => {
                write!(f, "Cannot use \"{}\": {}", path.display(), text(errno))
            }
            UserError::NotPrivate { path } => write!(
                f,
                "\"{}\" is not a private directory of uid {}",
                path.display(),
                nix::unistd::geteuid()
            ),
            UserError::Keeper { step, errno } => {
                write!(f, "namespace keeper: {step}: {}", text(errno))
            }
            UserError::Foreign { uid } => {
                write!(f, "the namespace keeper belongs to uid {uid}, not to you")
            }
        }
    }
}

impl std::error::Error for UserError {}

pub(super) type Res<T> = Result<T, UserError>;

fn store_err(path: &Path) -> impl Fn(Errno) -> UserError + '_ {
    move |errno| UserError::Store {
        path: path.to_path_buf(),
        errno,
    }
}

pub(super) fn keeper_err(step: &'static str) -> impl Fn(Errno) -> UserError {
    move |errno| UserError::Keeper { step, errno }
}

/// The calling user's store of namespace names.
#[derive(Debug)]
pub struct UserStore {
    dir: PathBuf,
}

/// The store's lock, held while a command changes the store.
pub struct StoreLock(#[allow(dead_code)] OwnedFd);

impl UserStore {
    /// `$XDG_RUNTIME_DIR/rns` (an absolute XDG_RUNTIME_DIR only), else
    /// `/tmp/rns-UID`; made with mode 0700, and refused unless it is a
    /// directory of the caller's that nobody else can enter.
    pub fn locate() -> Res<UserStore> {
        let uid = nix::unistd::geteuid();
        let dir = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
            Some(x) if x.is_absolute() => x.join("rns"),
            _ => PathBuf::from(format!("/tmp/rns-{uid}")),
        };
        match nix::unistd::mkdir(&dir, Mode::from_bits_truncate(0o700)) {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => return Err(store_err(&dir)(e)),
        }
        let st = nix::sys::stat::lstat(&dir).map_err(store_err(&dir))?;
        let is_dir = st.st_mode & libc::S_IFMT == libc::S_IFDIR;
        if !is_dir || st.st_uid != uid.as_raw() || st.st_mode & 0o077 != 0 {
            return Err(UserError::NotPrivate { path: dir });
        }
        Ok(UserStore { dir })
    }

    fn file(&self, name: &str, write: bool) -> Res<OwnedFd> {
        let path = self.dir.join(name);
        let mut flags = OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW;
        flags |= if write {
            OFlag::O_RDWR | OFlag::O_CREAT
        } else {
            OFlag::O_RDONLY
        };
        open(&path, flags, Mode::from_bits_truncate(0o600)).map_err(store_err(&path))
    }

    /// Take the store's lock (blocking).
    pub fn lock(&self) -> Res<StoreLock> {
        let fd = self.file("lock", true)?;
        sys::fd::flock(fd.as_fd(), libc::LOCK_EX).map_err(store_err(&self.dir.join("lock")))?;
        Ok(StoreLock(fd))
    }

    /// The live keeper, if there is one.
    pub fn keeper(&self) -> Res<Option<Keeper>> {
        let f = match self.file("keeper", false) {
            Err(UserError::Store {
                errno: Errno::ENOENT,
                ..
            }) => return Ok(None),
            r => r?,
        };
        let Some(pid) = live_pid(&f) else {
            return Ok(None);
        };
        let Ok(pidfd) = sys::pidfd::pidfd_open(pid) else {
            return Ok(None);
        };
        // Still the same live keeper: the pidfd is not a reused pid.
        if live_pid(&f) != Some(pid) {
            return Ok(None);
        }
        Keeper::check(pid, pidfd).map(Some)
    }

    /// The live keeper, started first if there is none (under the lock,
    /// so that concurrent first `add`s start exactly one).
    pub fn keeper_or_start(&self, _lock: &StoreLock) -> Res<Keeper> {
        match self.keeper()? {
            Some(k) => Ok(k),
            None => self.start(),
        }
    }

    fn start(&self) -> Res<Keeper> {
        let kf = self.file("keeper", true)?;
        sys::fd::flock(kf.as_fd(), libc::LOCK_EX).map_err(keeper_err("flock"))?;
        nix::unistd::ftruncate(&kf, 0).map_err(keeper_err("truncate"))?;
        let pid = super::keeper::spawn(kf)?;
        let pidfd = sys::pidfd::pidfd_open(pid).map_err(keeper_err("pidfd_open"))?;
        Keeper::check(pid, pidfd)
    }
}

/// The pid a locked keeper file names; None when nobody holds the lock
/// (the keeper is gone) or the file names no pid yet.
fn live_pid(f: &OwnedFd) -> Option<i32> {
    if sys::fd::flock(f.as_fd(), libc::LOCK_SH | libc::LOCK_NB).is_ok() {
        let _ = sys::fd::flock(f.as_fd(), libc::LOCK_UN);
        return None;
    }
    let mut buf = [0u8; 16];
    let n = nix::sys::uio::pread(f, &mut buf, 0).ok()?;
    let text = std::str::from_utf8(&buf[..n]).ok()?;
    text.trim().parse().ok().filter(|&p: &i32| p > 0)
}

/// A running keeper, by pidfd.
pub struct Keeper {
    pid: i32,
    pidfd: OwnedFd,
}

impl Keeper {
    /// Refuse a keeper whose user namespace is not the caller's own.
    fn check(pid: i32, pidfd: OwnedFd) -> Res<Keeper> {
        let ns = sys::pidfd::pidfd_user_ns(pidfd.as_fd()).map_err(keeper_err("user namespace"))?;
        let uid = sys::nsfs::owner_uid(ns.as_fd()).map_err(keeper_err("owner"))?;
        if uid != nix::unistd::geteuid().as_raw() {
            return Err(UserError::Foreign { uid });
        }
        Ok(Keeper { pid, pidfd })
    }

    /// Join the keeper's user namespace, and its mount namespace (where the
    /// names are) and network namespace (which owns nothing, so that a
    /// `setns` back to it after making a namespace is allowed) as asked.
    pub fn enter(&self, mounts: bool, net: bool) -> Res<()> {
        let mut flags = CloneFlags::CLONE_NEWUSER;
        if mounts {
            flags |= CloneFlags::CLONE_NEWNS;
        }
        if net {
            flags |= CloneFlags::CLONE_NEWNET;
        }
        sys::debug_assert_single_threaded("setns of a user namespace");
        setns(&self.pidfd, flags).map_err(keeper_err("setns"))
    }

    /// The keeper's root, through which its names are reachable without
    /// joining its mount namespace: `/proc/PID/root`.
    pub fn root(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root", self.pid))
    }

    /// End the keeper (its names and namespaces go with it) and wait until
    /// it is gone.
    pub fn stop(self) {
        use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
        if sys::process::kill(self.pid, libc::SIGKILL).is_ok() {
            let mut fds = [PollFd::new(self.pidfd.as_fd(), PollFlags::POLLIN)];
            let _ = poll(&mut fds, PollTimeout::from(5000u16));
        }
    }
}

/// The entries of the store (run inside the keeper's mount namespace).
fn names() -> Vec<OsString> {
    super::entries().unwrap_or_default()
}

/// After a change made inside the keeper: stop it when no name is left.
pub fn stop_if_empty(k: Keeper) {
    if names().is_empty() {
        k.stop();
    }
}

/// Make and enter a user namespace mapping the caller to 0 (setgroups
/// denied, as an unprivileged map requires) with the given other kinds.
pub fn enter_own(flags: CloneFlags) -> Result<(), (&'static str, Errno)> {
    let uid = nix::unistd::geteuid();
    let gid = nix::unistd::getegid();
    sys::debug_assert_single_threaded("unshare(CLONE_NEWUSER)");
    unshare(CloneFlags::CLONE_NEWUSER | flags).map_err(|e| ("unshare", e))?;
    // An unprivileged gid_map needs setgroups denied first.
    std::fs::write("/proc/self/setgroups", "deny")
        .map_err(|e| ("/proc/self/setgroups", crate::error::io_errno(&e)))?;
    let owner = super::owned::Owner {
        uid: uid.as_raw(),
        gid: gid.as_raw(),
    };
    super::owned::map_to_root("/proc/self", owner).map_err(|(file, e)| match file {
        "uid_map" => ("/proc/self/uid_map", e),
        _ => ("/proc/self/gid_map", e),
    })
}

/// A fresh tmpfs on /run with an empty /run/netns (in a mount namespace
/// of the caller's own).
pub fn private_run() -> Result<(), (&'static str, Errno)> {
    let flags = nix::mount::MsFlags::MS_NOSUID | nix::mount::MsFlags::MS_NODEV;
    nix::mount::mount(Some("rns"), "/run", Some("tmpfs"), flags, Some("mode=0755"))
        .map_err(|e| ("mount /run", e))?;
    nix::unistd::mkdir(super::RUN_DIR, Mode::from_bits_truncate(0o755))
        .map_err(|e| ("mkdir /run/netns", e))
}

/// Where no keeper runs: an empty store of the caller's own, so that every
/// command answers as for a store without names.
pub fn enter_empty() -> Res<()> {
    let fail = |(step, errno)| UserError::Keeper { step, errno };
    enter_own(CloneFlags::CLONE_NEWNS).map_err(fail)?;
    private_run().map_err(fail)
}
