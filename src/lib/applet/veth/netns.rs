//! Namespace arguments: a name in /run/netns (`crate::netns::RUN_DIR`, bytes
//! as given: a name need not be UTF-8), a path (it contains `/`), or a
//! PID; opened once (O_CLOEXEC), checked to be a network namespace, and
//! identified by the nsfs inode so that two spellings of one namespace are
//! one namespace.

use super::bad;
use crate::error::Result;
use crate::ns::{NsFile, NsKind};
use crate::sys::strerror;
use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The calling thread's network namespace.
pub const SELF: &str = "/proc/thread-self/ns/net";

/// (st_dev, st_ino) of an nsfs file.
pub type NsId = (u64, u64);

/// A namespace argument, resolved: the crate's one namespace handle, with
/// the argument as the user gave it (for messages).
pub struct Netns {
    /// As the user gave it, for messages.
    pub label: String,
    /// The open namespace.
    pub file: NsFile,
    /// Its identity (see [`NsFile::id`]).
    pub id: NsId,
}

/// The calling thread's network namespace, when /proc tells.
pub fn current() -> Option<NsId> {
    nix::sys::stat::stat(SELF)
        .ok()
        .map(|st| (st.st_dev, st.st_ino))
}

/// The candidate paths for `arg`, in the order they are tried.
fn candidates(arg: &OsStr) -> Vec<PathBuf> {
    let bytes = arg.as_bytes();
    if bytes.contains(&b'/') {
        return vec![PathBuf::from(arg)];
    }
    let mut v = vec![crate::netns::path_of(arg)];
    if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit) {
        v.push(Path::new("/proc").join(arg).join("ns/net"));
    }
    v
}

impl Netns {
    /// Open the namespace `arg` names: a name in /run/netns, a path (it
    /// contains `/`), or a PID, tried in that order; it must be a network
    /// namespace.
    pub fn open(arg: &OsStr) -> Result<Netns> {
        let label = arg.to_string_lossy().into_owned();
        if arg.is_empty() {
            return Err(bad("invalid network namespace '': it is empty"));
        }
        let mut first_err = None;
        for path in candidates(arg) {
            match File::open(&path) {
                Ok(f) => return checked(label, NsFile::from_fd(f.into())),
                Err(e) => {
                    first_err.get_or_insert(e.raw_os_error().unwrap_or(libc::EIO));
                }
            }
        }
        Err(bad(format!(
            "cannot open network namespace '{label}': {}",
            strerror(first_err.unwrap_or(libc::ENOENT))
        )))
    }
}

/// Is this a network namespace? (NS_GET_NSTYPE says CLONE_NEWNET.)
fn checked(label: String, file: NsFile) -> Result<Netns> {
    if file.kind() != Ok(NsKind::Net) {
        return Err(bad(format!("'{label}' is not a network namespace")));
    }
    let id = file.id().unwrap_or((0, 0));
    Ok(Netns { label, file, id })
}
