//! `--net=:NSID`: open a namespace by its 64-bit id through an nsfs file
//! handle (util-linux 2.42+, Linux 6.18+).

use crate::error::{Error, Op, Result};
use crate::ns::NsFile;
use crate::sys;
use nix::errno::Errno;
use std::os::fd::{AsFd, OwnedFd};

/// An nsfs file to open handles against, and nsfs's handle type.
#[derive(Debug)]
pub struct Nsfs {
    mount: OwnedFd,
    handle_type: i32,
}

/// util-linux takes both from our own mount namespace, via a pidfd of
/// ourselves.
fn nsfs() -> std::result::Result<Nsfs, Errno> {
    let me = sys::pidfd::pidfd_open(nix::unistd::getpid().as_raw())?;
    let mount = sys::pidfd::pidfd_mnt_ns(me.as_fd())?;
    drop(me);
    let handle_type = sys::nsfs::nsfs_handle_type(mount.as_fd())?;
    Ok(Nsfs { mount, handle_type })
}

/// Parse NSID and learn how to build its handle (util-linux's
/// fill_nsfs_file_handle, done before the previous fd is closed).
pub fn prepare(cache: &mut Option<Nsfs>, id: &str) -> Result<u64> {
    let ns_id = crate::cnum::ul_strtou64(id.as_bytes())
        .map_err(|_| Error::msg(format!("failed to parse nsid: {id}")))?;
    if cache.is_none() {
        *cache = Some(
            nsfs().map_err(|e| Error::os(Op::Call("failed to fill namespace file handle"), e))?,
        );
    }
    Ok(ns_id)
}

/// open_by_handle_at of the namespace `ns_id` (after `prepare`).
pub fn open(cache: &Option<Nsfs>, ns_id: u64) -> Result<NsFile> {
    let fail = |e| Error::os(Op::Text(format!("cannot open namespace of id {ns_id}")), e);
    let fs = cache.as_ref().ok_or_else(|| fail(Errno::EBADF))?;
    sys::nsfs::open_ns_by_id(fs.mount.as_fd(), fs.handle_type, ns_id)
        .map(NsFile::from_fd)
        .map_err(fail)
}
