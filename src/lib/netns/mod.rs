//! The /run/netns store and the `ip netns exec` environment.
//!
//! Every operation prints its own diagnostics the way iproute2 does (a
//! failed bind is followed by the cleanup's own message, warnings do not
//! stop anything), and returns `Err(Failed)` when ip's command would fail.
//! Names are bytes: anything but `/` and NUL.

pub mod json;
mod keeper;
pub mod owned;
mod store;
mod switch;
pub mod user;

pub use store::{
    add, delete, entries, entries_in, identify, monitor, pids, remember_home_mounts, Source,
};
pub use switch::{switch, switch_at};

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

/// Where named namespaces live (Debian's build of iproute2 says /run/netns).
pub const RUN_DIR: &str = "/run/netns";
/// Per-namespace files bound over /etc by `exec`.
pub const ETC_DIR: &str = "/etc/netns";
/// NAME_MAX.
pub const NAME_MAX: usize = 255;

/// The operation failed; its message has been printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

pub type Res<T> = Result<T, Failed>;

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

/// A piece of a diagnostic: text or raw bytes (names, paths).
pub trait Part {
    fn bytes(&self) -> &[u8];
}
impl Part for str {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Part for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Part for OsStr {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Part for OsString {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Part for std::path::Path {
    fn bytes(&self) -> &[u8] {
        self.as_os_str().as_bytes()
    }
}
impl Part for PathBuf {
    fn bytes(&self) -> &[u8] {
        self.as_os_str().as_bytes()
    }
}
impl<T: Part + ?Sized> Part for &T {
    fn bytes(&self) -> &[u8] {
        (**self).bytes()
    }
}

/// Write one line to stderr in a single write (so concurrent writers and
/// a `2>&1` see whole lines).
pub fn say_line(parts: &[&[u8]]) {
    let mut line = Vec::with_capacity(128);
    for p in parts {
        line.extend_from_slice(p);
    }
    line.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&line);
}

/// `say!(a, b, ...)`: one stderr line from text, names and paths.
macro_rules! say {
    ($($x:expr),* $(,)?) => {
        $crate::netns::say_line(&[$($crate::netns::Part::bytes(&$x)),*])
    };
}
pub(crate) use say;

/// C's strerror for a nix errno.
pub fn err(e: nix::errno::Errno) -> String {
    crate::sys::strerror(e as i32)
}

/// C's strerror for an io::Error.
pub fn ioerr(e: &std::io::Error) -> String {
    crate::sys::strerror(e.raw_os_error().unwrap_or(libc::EIO))
}
