//! What `ip netns` prints on stderr: its own messages (`say!`), and the
//! store's errors and warnings in the words `crate::netns::Error` renders,
//! one `write(2)` per line as ip's fprintf calls come out.

use crate::netns;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A piece of a diagnostic: text or raw bytes (names, paths).
pub(crate) trait Part {
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
impl Part for Path {
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
pub(crate) fn say_line(parts: &[&[u8]]) {
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
        $crate::applet::netns::diag::say_line(
            &[$($crate::applet::netns::diag::Part::bytes(&$x)),*]
        )
    };
}
pub(crate) use say;

/// C's strerror for a nix errno.
pub(crate) fn err(e: nix::errno::Errno) -> String {
    crate::sys::strerror(e as i32)
}

/// C's strerror for an io::Error.
pub(crate) fn ioerr(e: &std::io::Error) -> String {
    crate::sys::strerror(e.raw_os_error().unwrap_or(libc::EIO))
}

/// The store's warning sink: each line as it happens.
pub(crate) fn warn(e: &netns::Error) {
    for line in e.lines() {
        let _ = std::io::stderr().lock().write_all(&line);
    }
}

/// A store error, as ip prints it. One the store marks fatal (this process
/// is stuck in another namespace) ends rns with status 1 right away, as
/// ip's `exit(1)` does.
pub(crate) fn print(e: &netns::Error) {
    warn(e);
    if e.is_fatal() {
        crate::sys::exit_now(1);
    }
}

/// The value, or None once the error is printed.
pub(crate) fn or_print<T>(r: netns::Res<T>) -> Option<T> {
    r.map_err(|e| print(&e)).ok()
}
