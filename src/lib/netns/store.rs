//! add / attach / delete / list / identify / pids / monitor on /run/netns.
//!
//! Deliberate differences from iproute2 (issue 4, "Better than iproute2"):
//! the run-dir lock is held across the self-mount setup, the creation of
//! the file and the bind, and a stale entry (an empty mode-0 file with no
//! namespace on it, as a killed `add` leaves) is replaced instead of
//! failing with `File exists`. Any rns instance that finds such a file
//! holds the lock, so no other rns can be between create and bind; but
//! ip releases the lock before it creates its file and binds moments
//! later, so such a file counts as stale only once it is `STALE_AGE`
//! old and still has no namespace on it (rns watches the mount table
//! meanwhile and gives up as soon as the bind shows).

use super::{path_of, Error, Op, Res, Warn, RUN_DIR};
use nix::errno::Errno;
use nix::fcntl::{open, Flock, FlockArg, OFlag};
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sched::{setns, unshare, CloneFlags};
use nix::sys::stat::{fstat, lstat, stat, FileStat, Mode, SFlag};
use nix::unistd::mkdir;
use std::ffi::{OsStr, OsString};
use std::ops::ControlFlow;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// Where the namespace of an `add` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A new network namespace (`add`).
    New,
    /// The namespace of a process (`attach NAME PID`).
    Pid(i32),
    /// A new network namespace in a new user namespace of this owner
    /// (`add NAME --owner USER[:GROUP]`).
    Owned(super::owned::Owner),
}

/// `mkdir RUN_DIR 0755`, EEXIST being fine.
fn create_run_dir() -> Res<()> {
    match mkdir(RUN_DIR, Mode::from_bits_truncate(0o755)) {
        Ok(()) | Err(Errno::EEXIST) => Ok(()),
        Err(e) => Err(Error::new(Op::MkdirRunDir, RUN_DIR, e)),
    }
}

/// The run-dir lock, or None (with ip's warning) when flock fails.
fn lock_run_dir(warn: Warn) -> Res<Option<Flock<OwnedFd>>> {
    let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
    let fd = open(RUN_DIR, flags, Mode::empty()).map_err(Error::of(Op::OpenRunDir, RUN_DIR))?;
    match Flock::lock(fd, FlockArg::LockExclusive) {
        Ok(l) => Ok(Some(l)),
        Err((_, e)) => {
            warn(&Error::new(Op::LockRunDir, RUN_DIR, e));
            Ok(None)
        }
    }
}

/// Make RUN_DIR a shared mount point: make-shared, and when it is not a
/// mount point yet, a recursive self-bind made private (a peer group of
/// its own, as iproute2 v7.0 does) and then shared. Never stacked: the
/// caller holds the lock and the self-bind is made at most once.
fn make_shared() -> Res<()> {
    let none: Option<&str> = None;
    let mut made = false;
    loop {
        let e = match mount(
            none,
            RUN_DIR,
            none,
            MsFlags::MS_SHARED | MsFlags::MS_REC,
            none,
        ) {
            Ok(()) => return Ok(()),
            Err(e) => e,
        };
        if e != Errno::EINVAL || made {
            return Err(Error::new(Op::MakeShared, RUN_DIR, e));
        }
        let bind = MsFlags::MS_BIND | MsFlags::MS_REC;
        mount(Some(RUN_DIR), RUN_DIR, Some("none"), bind, none)
            .map_err(Error::of(Op::SelfBind, RUN_DIR))?;
        let private = MsFlags::MS_PRIVATE | MsFlags::MS_REC;
        mount(none, RUN_DIR, none, private, none).map_err(Error::of(Op::MakePrivate, RUN_DIR))?;
        made = true;
    }
}

fn is_nsfs(path: &Path) -> bool {
    nix::sys::statfs::statfs(path)
        .is_ok_and(|s| s.filesystem_type() == nix::sys::statfs::NSFS_MAGIC)
}

/// How long an unbound entry may be some `ip netns add`'s half-made one:
/// ip creates the file without the lock and binds right after its
/// unshare(CLONE_NEWNET), which takes milliseconds even on a busy machine.
const STALE_AGE: Duration = Duration::from_secs(1);

/// What a killed `add` leaves, or an `ip netns add` has not bound yet: an
/// empty regular file of mode 0 with no namespace mounted on it. Its
/// change time, when it is one.
fn unbound(path: &Path) -> Option<FileStat> {
    let st = lstat(path).ok()?;
    let regular = SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == SFlag::S_IFREG;
    (regular && st.st_size == 0 && st.st_mode & 0o7777 == 0 && !is_nsfs(path)).then_some(st)
}

/// How long ago `st` changed last (zero when its time is in the future).
fn age(st: &FileStat) -> Duration {
    let secs = u64::try_from(st.st_ctime).unwrap_or(0);
    let nanos = u32::try_from(st.st_ctime_nsec).unwrap_or(0);
    let changed = SystemTime::UNIX_EPOCH
        .checked_add(Duration::new(secs, 0))
        .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(nanos))));
    changed
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or(Duration::ZERO)
}

/// Is the entry really stale: unbound, and still so once it is STALE_AGE
/// old (or watched that long)? Until then every change of the mount table
/// is a reason to look again, so ip's bind ends the wait at once.
fn is_stale(path: &Path) -> bool {
    let mounts = open_ro("/proc/self/mountinfo", false);
    let deadline = Instant::now().checked_add(STALE_AGE);
    loop {
        let Some(st) = unbound(path) else {
            return false;
        };
        let left = deadline.map_or(Duration::ZERO, |d| {
            d.saturating_duration_since(Instant::now())
        });
        let wait = STALE_AGE.saturating_sub(age(&st)).min(left);
        if wait.is_zero() {
            return true;
        }
        crate::progress::mark("netns-add-stale-wait");
        wait_for_mounts(mounts.as_ref(), wait);
    }
}

/// Sleep until the mount table changes (POLLPRI on mountinfo) or `wait`
/// is over.
fn wait_for_mounts(mounts: Option<&OwnedFd>, wait: Duration) {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    let ms = u16::try_from(wait.as_millis().saturating_add(1)).unwrap_or(u16::MAX);
    let mut fds: Vec<PollFd> = mounts
        .map(|fd| PollFd::new(fd.as_fd(), PollFlags::POLLPRI))
        .into_iter()
        .collect();
    let _ = poll(&mut fds, PollTimeout::from(ms));
}

fn create_file(path: &Path) -> Result<(), Errno> {
    let flags = OFlag::O_RDONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_CLOEXEC;
    open(path, flags, Mode::empty()).map(drop)
}

/// Create the entry file exclusively; with the lock held, a stale entry
/// is removed and created again.
fn create_entry(path: &Path, locked: bool) -> Res<()> {
    let mut res = create_file(path);
    if res == Err(Errno::EEXIST) && locked {
        // Removing a stale entry fails (EBUSY) once a namespace is bound
        // on it; one that went away meanwhile is free again.
        if is_stale(path) {
            let _ = nix::unistd::unlink(path);
        }
        res = create_file(path);
    }
    res.map_err(Error::of(Op::CreateEntry, path))
}

/// The mount namespace a program started in, noted before it switches to
/// a named namespace (`ip -n NAME`, see [`switch`](super::switch)) so that
/// [`add`] binds there: a bind made in the private mount namespace of the
/// switch would never reach the caller. The default notes none (`add`
/// binds where the process is).
#[derive(Debug, Default)]
pub struct HomeMounts(Option<OwnedFd>);

impl HomeMounts {
    /// The caller's mount namespace now (none when it cannot be opened).
    pub fn here() -> HomeMounts {
        HomeMounts(open_ro("/proc/self/ns/mnt", false))
    }

    /// Whether a mount namespace is noted.
    pub fn is_noted(&self) -> bool {
        self.0.is_some()
    }
}

fn open_ro(path: &str, dir: bool) -> Option<OwnedFd> {
    let mut flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    if dir {
        flags |= OFlag::O_DIRECTORY;
    }
    open(path, flags, Mode::empty()).ok()
}

/// Under `-n`, rns runs in a private mount namespace whose `/` is a
/// slave: a bind made there never reaches the caller, and ip (6.1.0 and
/// upstream) leaves the host an empty, stale file from `ip -n X netns add
/// Y`. rns goes back to the caller's mount namespace for the add, and
/// returns afterwards (a batch may go on). When it cannot, it does what
/// ip does.
struct AtHome {
    back: Option<(OwnedFd, Option<OwnedFd>)>,
}

impl AtHome {
    fn enter(home: &HomeMounts) -> AtHome {
        let back = home.0.as_ref().and_then(|home| {
            let here = open_ro("/proc/self/ns/mnt", false)?;
            let cwd = open_ro(".", true);
            setns(home, CloneFlags::CLONE_NEWNS).ok()?;
            Some((here, cwd))
        });
        AtHome { back }
    }

    /// Back to the mount namespace (and directory) `enter` left.
    fn leave(mut self) -> Res<()> {
        let Some((here, cwd)) = self.back.take() else {
            return Ok(());
        };
        setns(&here, CloneFlags::CLONE_NEWNS)
            .map_err(Error::of(Op::SetnsBack, "/proc/self/ns/mnt"))?;
        if let Some(cwd) = cwd {
            let _ = nix::unistd::fchdir(&cwd);
        }
        Ok(())
    }
}

/// `ip netns add NAME` / `ip netns attach NAME PID`, in `home` when one
/// is noted. Warnings go to `warn`. An error that [`is_fatal`](Error::is_fatal)
/// left the process in another namespace.
pub fn add(name: &OsStr, src: Source, home: &HomeMounts, warn: Warn) -> Res<()> {
    let point = match src {
        Source::New | Source::Owned(_) => "netns-add",
        Source::Pid(_) => "netns-attach",
    };
    crate::progress::window(point, || add_at_home(name, src, home, warn))
}

fn add_at_home(name: &OsStr, src: Source, home: &HomeMounts, warn: Warn) -> Res<()> {
    let at = AtHome::enter(home);
    let res = add_locked(name, src, warn);
    if res.as_ref().is_err_and(Error::is_fatal) {
        return res;
    }
    match (res, at.leave()) {
        (res, Ok(())) => res,
        (Ok(()), Err(back)) => Err(back),
        (Err(e), Err(back)) => Err(e.then(back)),
    }
}

fn add_locked(name: &OsStr, src: Source, warn: Warn) -> Res<()> {
    let path = path_of(name);
    create_run_dir()?;
    let lock = lock_run_dir(warn)?;
    make_shared()?;
    create_entry(&path, lock.is_some())?;
    let res = match src {
        Source::New => bind_new(name, &path),
        Source::Pid(pid) => bind_pid(pid, &path),
        Source::Owned(owner) => bind_owned(name, owner, &path),
    };
    drop(lock);
    res
}

fn bind(src: &str, path: &Path) -> Res<()> {
    let none: Option<&str> = None;
    let from = Op::Bind { from: src.into() };
    mount(Some(src), path, Some("none"), MsFlags::MS_BIND, none).map_err(Error::of(from, path))
}

fn bind_pid(pid: i32, path: &Path) -> Res<()> {
    let src = format!("/proc/{pid}/ns/net");
    bind(&src, path).map_err(|e| match nix::unistd::unlink(path) {
        Ok(()) => e,
        Err(u) => e.then(Error::new(Op::RemoveEntry, path, u)),
    })
}

/// A new netns inside a new user namespace of `owner`, bound like `add`'s.
fn bind_owned(name: &OsStr, owner: super::owned::Owner, path: &Path) -> Res<()> {
    let res = match super::owned::create(owner) {
        Err(e) => Err(Error::new(Op::CreateNetns, name, e)),
        Ok(ns) => {
            use std::os::fd::AsRawFd;
            bind(&format!("/proc/self/fd/{}", ns.as_raw_fd()), path)
        }
    };
    res.or_else(|e| removed_after(e, path))
}

/// `e`, and then the failure to remove the entry it leaves, if any.
fn removed_after(e: Error, path: &Path) -> Res<()> {
    Err(match remove_entry(path) {
        Ok(()) => e,
        Err(r) => e.then(r),
    })
}

/// unshare a new netns on this (the only) thread, bind it, go back.
fn bind_new(name: &OsStr, path: &Path) -> Res<()> {
    const OWN: &str = "/proc/self/ns/net";
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let saved = open(OWN, flags, Mode::empty()).map_err(Error::of(Op::OpenOwnNetns, OWN))?;
    let res = match unshare(CloneFlags::CLONE_NEWNET) {
        Err(e) => Err(Error::new(Op::CreateNetns, name, e)),
        Ok(()) => bind(OWN, path),
    };
    if let Err(back) = setns(&saved, CloneFlags::CLONE_NEWNET) {
        let back = Error::new(Op::SetnsBack, OWN, back);
        return Err(match res {
            Ok(()) => back,
            Err(e) => e.then(back),
        });
    }
    res.or_else(|e| removed_after(e, path))
}

/// Lazy unmount (result ignored), then unlink.
fn remove_entry(path: &Path) -> Res<()> {
    let _ = umount2(path, MntFlags::MNT_DETACH);
    nix::unistd::unlink(path).map_err(Error::of(Op::RemoveEntry, path))
}

/// `ip netns delete NAME`. Under the run-dir lock (when the directory can
/// be opened and locked at all: no message otherwise), so an `add` never
/// mistakes an entry being deleted for a stale one.
pub fn delete(name: &OsStr) -> Res<()> {
    crate::progress::window("netns-del", || delete_locked(name))
}

fn delete_locked(name: &OsStr) -> Res<()> {
    let lock = open(
        RUN_DIR,
        OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .ok()
    .and_then(|fd| Flock::lock(fd, FlockArg::LockExclusive).ok());
    let res = remove_entry(&path_of(name));
    drop(lock);
    res
}

/// The entries of RUN_DIR in raw readdir order (`.`/`..` left out).
pub fn entries() -> std::io::Result<Vec<OsString>> {
    entries_in(None)
}

/// `entries` of RUN_DIR under another root (see `path_in`).
pub fn entries_in(root: Option<&Path>) -> std::io::Result<Vec<OsString>> {
    let dir = match root {
        Some(r) => r.join(&RUN_DIR[1..]),
        None => Path::new(RUN_DIR).to_path_buf(),
    };
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        out.push(e?.file_name());
    }
    Ok(out)
}

fn same(a: &FileStat, b: &FileStat) -> bool {
    a.st_dev == b.st_dev && a.st_ino == b.st_ino
}

fn open_ns(path: &Path) -> Res<FileStat> {
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let fd = open(path, flags, Mode::empty()).map_err(Error::of(Op::OpenNs, path))?;
    fstat(&fd).map_err(Error::of(Op::StatNs, path))
}

fn errno_of(e: &std::io::Error) -> Errno {
    Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO))
}

/// `ip netns identify PID`: the last name (readdir order) whose file is
/// the process's netns; None when there is none.
pub fn identify(pid: &OsStr) -> Res<Option<OsString>> {
    let mut p = b"/proc/".to_vec();
    p.extend_from_slice(pid.as_bytes());
    p.extend_from_slice(b"/ns/net");
    let ns = open_ns(Path::new(OsStr::from_bytes(&p)))?;
    let names = match entries() {
        Ok(n) => n,
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(None),
        Err(e) => return Err(Error::new(Op::ReadRunDir, RUN_DIR, errno_of(&e))),
    };
    Ok(names
        .into_iter()
        .rfind(|n| stat(&path_of(n)).is_ok_and(|st| same(&st, &ns))))
}

/// `ip netns pids NAME`: the processes (ascending /proc order) in it.
pub fn pids(name: &OsStr) -> Res<Vec<OsString>> {
    let ns = open_ns(&path_of(name))?;
    let dir = std::fs::read_dir("/proc/")
        .map_err(|e| Error::new(Op::ReadProc, "/proc/", errno_of(&e)))?;
    let mut out = Vec::new();
    for e in dir.flatten() {
        let pid = e.file_name();
        if !pid.as_bytes().iter().all(u8::is_ascii_digit) {
            continue;
        }
        let mut p = b"/proc/".to_vec();
        p.extend_from_slice(pid.as_bytes());
        p.extend_from_slice(b"/ns/net");
        if stat(Path::new(OsStr::from_bytes(&p))).is_ok_and(|st| same(&st, &ns)) {
            out.push(pid);
        }
    }
    Ok(out)
}

/// What [`monitor`] saw happen to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A name was added (ip prints `add NAME`).
    Add,
    /// A name was deleted (`delete NAME`).
    Delete,
}

/// `ip netns monitor`: `on` gets every name created or removed in RUN_DIR
/// (a new and deleted one: both, `Add` first), until it breaks (then Ok)
/// or reading fails.
pub fn monitor(on: &mut dyn FnMut(Change, &OsStr) -> ControlFlow<()>) -> Res<()> {
    use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
    let ino = Inotify::init(InitFlags::IN_CLOEXEC).map_err(Error::of(Op::InotifyInit, ""))?;
    create_run_dir()?;
    let mask = AddWatchFlags::IN_CREATE | AddWatchFlags::IN_DELETE;
    ino.add_watch(RUN_DIR, mask)
        .map_err(Error::of(Op::InotifyWatch, RUN_DIR))?;
    loop {
        let events = match ino.read_events() {
            Ok(ev) => ev,
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(Error::new(Op::InotifyRead, RUN_DIR, e)),
        };
        for ev in events {
            let name = ev.name.unwrap_or_default();
            for (flag, change) in [
                (AddWatchFlags::IN_CREATE, Change::Add),
                (AddWatchFlags::IN_DELETE, Change::Delete),
            ] {
                if ev.mask.contains(flag) && on(change, &name).is_break() {
                    return Ok(());
                }
            }
        }
    }
}
