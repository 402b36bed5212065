//! The /run/netns store and the `ip netns exec` environment.
//!
//! Nothing here prints or exits. An operation that fails returns an
//! [`Error`] naming the step, its path or name, and the errno, followed by
//! whatever failed after it (a failed bind by its cleanup's own failure);
//! [`Error::lines`] renders them as iproute2 prints them. Failures that do
//! not stop an operation (ip's warnings) go to the caller's `warn` sink, in
//! the order they happen. Names are bytes: anything but `/` and NUL.

mod error;
pub mod json;
mod keeper;
pub mod owned;
mod store;
mod switch;
pub mod user;

pub use error::{Error, Op};
pub use store::{
    add, delete, entries, entries_in, identify, monitor, pids, Change, HomeMounts, Source,
};
pub use switch::{switch, switch_at};

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

/// Where named namespaces live (Debian's build of iproute2 says /run/netns).
pub const RUN_DIR: &str = "/run/netns";
/// Per-namespace files bound over /etc by `exec`.
pub const ETC_DIR: &str = "/etc/netns";
/// NAME_MAX.
pub const NAME_MAX: usize = 255;

/// A store operation's result.
pub type Res<T> = Result<T, Error>;

/// Where an operation reports the failures it goes on after (ip's
/// warnings), as they happen.
pub type Warn<'a> = &'a mut dyn FnMut(&Error);

/// `RUN_DIR/NAME`, joined as bytes whatever NAME holds (as ip's snprintf).
pub fn path_of(name: &OsStr) -> PathBuf {
    let mut p = RUN_DIR.as_bytes().to_vec();
    p.push(b'/');
    p.extend_from_slice(name.as_bytes());
    PathBuf::from(OsString::from_vec(p))
}

/// `path_of(name)` under another root (`/proc/PID/root`), or as is.
pub fn path_in(root: Option<&std::path::Path>, name: &OsStr) -> PathBuf {
    let p = path_of(name);
    match root {
        Some(r) => r.join(p.strip_prefix("/").unwrap_or(&p)),
        None => p,
    }
}

/// ip's `invalid_name`: empty, longer than NAME_MAX, `/` inside, `.`, `..`.
pub fn invalid_name(name: &OsStr) -> bool {
    let b = name.as_bytes();
    b.is_empty() || b.len() > NAME_MAX || b.contains(&b'/') || b == b"." || b == b".."
}
