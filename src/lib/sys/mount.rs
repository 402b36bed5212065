//! The new mount API (fsopen, fsconfig, fsmount, move_mount;
//! linux/mount.h): a sysfs is prepared for `netns exec` before the old /sys
//! is detached, so a refused sysfs never leaves /sys empty.

use nix::errno::Errno;
use std::ffi::CStr;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

const FSOPEN_CLOEXEC: libc::c_uint = 1;

const FSCONFIG_SET_STRING: libc::c_uint = 1;

const FSCONFIG_CMD_CREATE: libc::c_uint = 6;

const FSMOUNT_CLOEXEC: libc::c_uint = 1;

const MOVE_MOUNT_F_EMPTY_PATH: libc::c_uint = 4;

fn owned(rc: libc::c_long) -> Result<OwnedFd, Errno> {
    if rc < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel just returned this fd and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(rc as i32) })
}

/// fsopen(fstype, FSOPEN_CLOEXEC): a filesystem context.
pub fn fsopen(fstype: &CStr) -> Result<OwnedFd, Errno> {
    // SAFETY: fstype is a valid NUL-terminated string for the call's duration.
    owned(unsafe { libc::syscall(libc::SYS_fsopen, fstype.as_ptr(), FSOPEN_CLOEXEC) })
}

/// fsconfig(fd, FSCONFIG_SET_STRING, key, value).
pub fn fsconfig_string(fs: impl AsFd, key: &CStr, value: &CStr) -> Result<(), Errno> {
    // SAFETY: key and value are valid NUL-terminated strings; aux is unused.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_fsconfig,
            fs.as_fd().as_raw_fd(),
            FSCONFIG_SET_STRING,
            key.as_ptr(),
            value.as_ptr(),
            0,
        )
    };
    Errno::result(rc).map(drop)
}

/// fsconfig(fd, FSCONFIG_CMD_CREATE): make the superblock.
pub fn fsconfig_create(fs: impl AsFd) -> Result<(), Errno> {
    // SAFETY: integer arguments only; key and value must be NULL here.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_fsconfig,
            fs.as_fd().as_raw_fd(),
            FSCONFIG_CMD_CREATE,
            std::ptr::null::<libc::c_char>(),
            std::ptr::null::<libc::c_void>(),
            0,
        )
    };
    Errno::result(rc).map(drop)
}

/// fsmount(fd, FSMOUNT_CLOEXEC, 0): a detached mount of the context.
pub fn fsmount(fs: impl AsFd) -> Result<OwnedFd, Errno> {
    // SAFETY: integer arguments only.
    owned(unsafe {
        libc::syscall(
            libc::SYS_fsmount,
            fs.as_fd().as_raw_fd(),
            FSMOUNT_CLOEXEC,
            0,
        )
    })
}

/// move_mount(mnt, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH).
pub fn move_mount(mnt: impl AsFd, target: &CStr) -> Result<(), Errno> {
    let empty = c"";
    // SAFETY: both paths are valid NUL-terminated strings.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_move_mount,
            mnt.as_fd().as_raw_fd(),
            empty.as_ptr(),
            libc::AT_FDCWD,
            target.as_ptr(),
            MOVE_MOUNT_F_EMPTY_PATH,
        )
    };
    Errno::result(rc).map(drop)
}
