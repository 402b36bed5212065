//! `netns_switch`: the environment `ip netns exec` and `ip -n` run in.
//!
//! setns into the named netns, a private mount namespace with `/` made
//! rslave, a sysfs of the new netns on /sys (the old one lazily detached),
//! and `/etc/netns/NAME/*` bound over `/etc/*` (failures only warn).
//! Single-threaded, no netlink: the caller execs right after.
//!
//! The new sysfs is prepared with the new mount API before the old /sys is
//! detached. When the kernel refuses it for lack of privilege, exec goes on
//! with the old /sys and one warning instead of failing (issue 4).

use super::{owned, Error, Op, Res, Warn, ETC_DIR, NAME_MAX};
use crate::sys::netns as sys;
use nix::errno::Errno;
use nix::fcntl::{open, OFlag};
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sched::{setns, unshare, CloneFlags};
use nix::sys::stat::Mode;
use std::ffi::{CString, OsStr};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

const NONE: Option<&str> = None;

/// `ip netns exec NAME` / `ip -n NAME` without the exec: this process
/// enters the named network namespace and a private mount namespace of
/// its own with that namespace's /sys and /etc/netns/NAME files. Warnings
/// (a /sys kept, an /etc file not bound) go to `warn`. To `add` after it,
/// note [`HomeMounts::here`](super::HomeMounts::here) first.
pub fn switch(name: &OsStr, warn: Warn) -> Res<()> {
    switch_at(name, None, warn)
}

/// `switch` with the names looked up under `root` (a user's keeper's
/// `/proc/PID/root`), while the new mount namespace is still a copy of the
/// caller's own.
pub fn switch_at(name: &OsStr, root: Option<&Path>, warn: Warn) -> Res<()> {
    enter_netns(name, root)?;
    unshare(CloneFlags::CLONE_NEWNS).map_err(Error::of(Op::Unshare, ""))?;
    mount(NONE, "/", NONE, MsFlags::MS_SLAVE | MsFlags::MS_REC, NONE)
        .map_err(Error::of(Op::MakeRslave, "/"))?;
    mount_sys(name, warn)?;
    bind_etc(name, warn);
    Ok(())
}

fn enter_netns(name: &OsStr, root: Option<&Path>) -> Res<()> {
    let path = super::path_in(root, name);
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let fd = open(&path, flags, Mode::empty()).map_err(Error::of(Op::OpenNamed, name))?;
    let res = match setns(&fd, CloneFlags::CLONE_NEWNET) {
        Err(Errno::EPERM) => enter_as_owner(&fd),
        r => r.map_err(|e| (e, None)),
    };
    res.map_err(|(e, owner)| {
        let owner = owner.map(|uid| (uid, crate::ids::user_name(uid)));
        Error::new(Op::Enter { owner }, name, e)
    })
}

/// A delegated namespace (`add --owner`): its owner, without privilege,
/// joins the owning user namespace first, then the network namespace.
/// Anybody else learns whose namespace it is.
fn enter_as_owner(fd: &OwnedFd) -> Result<(), (Errno, Option<u32>)> {
    let Some((uid, userns)) = owned::foreign_owner(fd) else {
        return Err((Errno::EPERM, None));
    };
    if uid != nix::unistd::geteuid().as_raw() {
        return Err((Errno::EPERM, Some(uid)));
    }
    crate::sys::debug_assert_single_threaded("setns of a user namespace");
    setns(&userns, CloneFlags::CLONE_NEWUSER).map_err(|e| (e, Some(uid)))?;
    setns(fd, CloneFlags::CLONE_NEWNET).map_err(|e| (e, Some(uid)))
}

/// A detached sysfs mount for the current netns, source NAME.
fn prepare_sysfs(name: &OsStr) -> Result<OwnedFd, Errno> {
    let source = CString::new(name.as_bytes()).map_err(|_| Errno::EINVAL)?;
    let fs = sys::fsopen(c"sysfs")?;
    sys::fsconfig_string(&fs, c"source", &source)?;
    sys::fsconfig_create(&fs)?;
    sys::fsmount(&fs)
}

/// Lazily detach /sys. When that fails and /sys is read-only, the new
/// sysfs has to be read-only too (a read-write one cannot shadow it).
fn detach_old_sys() -> bool {
    if umount2("/sys", MntFlags::MNT_DETACH).is_ok() {
        return false;
    }
    nix::sys::statvfs::statvfs("/sys")
        .is_ok_and(|s| s.flags().contains(nix::sys::statvfs::FsFlags::ST_RDONLY))
}

fn mount_sys(name: &OsStr, warn: Warn) -> Res<()> {
    match prepare_sysfs(name) {
        Ok(mnt) => {
            let ro = detach_old_sys();
            sys::move_mount(&mnt, c"/sys").map_err(sys_failed)?;
            if ro {
                let flags = MsFlags::MS_REMOUNT | MsFlags::MS_BIND | MsFlags::MS_RDONLY;
                mount(NONE, "/sys", NONE, flags, NONE).map_err(sys_failed)?;
            }
            Ok(())
        }
        Err(e @ (Errno::EPERM | Errno::EACCES)) => {
            warn(&Error::new(Op::KeepOldSys, "/sys", e));
            Ok(())
        }
        // No new mount API (or another refusal): do what ip does.
        Err(_) => mount_sys_classic(name),
    }
}

fn sys_failed(e: Errno) -> Error {
    Error::new(Op::MountSys, "/sys", e)
}

fn mount_sys_classic(name: &OsStr) -> Res<()> {
    let flags = if detach_old_sys() {
        MsFlags::MS_RDONLY
    } else {
        MsFlags::empty()
    };
    mount(Some(name), "/sys", Some("sysfs"), flags, NONE).map_err(sys_failed)
}

/// Bind every entry of /etc/netns/NAME over the same name in /etc.
fn bind_etc(name: &OsStr, warn: Warn) {
    if name.len() >= NAME_MAX {
        return;
    }
    let mut dir = ETC_DIR.as_bytes().to_vec();
    dir.push(b'/');
    dir.extend_from_slice(name.as_bytes());
    let dir = Path::new(OsStr::from_bytes(&dir));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let entry = e.file_name();
        let src = dir.join(&entry);
        let dst = Path::new("/etc").join(&entry);
        if let Err(e) = mount(Some(&src), &dst, Some("none"), MsFlags::MS_BIND, NONE) {
            let from = Op::Bind { from: src.into() };
            warn(&Error::new(from, &dst, e));
        }
    }
}
