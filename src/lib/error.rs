//! Errors of the util-linux style applets: each carries what was being done
//! and on which path, and renders in BSD `err(3)`/`errx(3)` format.

use crate::sys::strerror;
use nix::errno::Errno;
use std::ffi::OsString;
use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// What failed, with the path or value it concerned. `Display` gives the
/// reference tool's wording (without the program name and errno text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `cannot open PATH`
    Open(PathBuf),
    /// `write failed PATH`
    WriteFailed(PathBuf),
    /// `mount SRC on DST failed`
    BindMount {
        /// What was bound.
        src: PathBuf,
        /// Where it was bound.
        dst: PathBuf,
    },
    /// `mount PATH failed`
    Mount(PathBuf),
    /// `cannot change root directory to 'PATH'`
    Chroot(PathBuf),
    /// `cannot change directory to PATH`
    Chdir(PathBuf),
    /// `cannot change PATH filesystem propagation`
    Propagation(PathBuf),
    /// `failed to execute PROGRAM` (exit 126, or 127 for ENOENT)
    Exec(OsString),
    /// `reassociate to namespace 'ns/NAME' failed`
    Setns(&'static str),
    /// A fixed message such as `unshare failed` or `fork failed`.
    Call(&'static str),
    /// A message built at run time (`failed to open /proc/7/uid_map`).
    Text(String),
    /// Just the path (`rns --install`: `DIR/unshare: File exists`).
    Path(PathBuf),
    /// `cannot create directory 'PATH'` (install -d's wording)
    Mkdir(PathBuf),
}

impl Op {
    /// The message as bytes: paths and program names are printed exactly as
    /// given (C's printf does not re-encode them), not as lossy UTF-8.
    pub fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut put = |parts: &[&[u8]]| parts.iter().for_each(|p| out.extend_from_slice(p));
        let b = |p: &PathBuf| p.as_os_str().as_bytes().to_vec();
        match self {
            Op::Open(p) => put(&[b"cannot open ", &b(p)]),
            Op::WriteFailed(p) => put(&[b"write failed ", &b(p)]),
            Op::BindMount { src, dst } => put(&[b"mount ", &b(src), b" on ", &b(dst), b" failed"]),
            Op::Mount(p) => put(&[b"mount ", &b(p), b" failed"]),
            Op::Chroot(p) => put(&[b"cannot change root directory to '", &b(p), b"'"]),
            Op::Chdir(p) => put(&[b"cannot change directory to ", &b(p)]),
            Op::Propagation(p) => put(&[b"cannot change ", &b(p), b" filesystem propagation"]),
            Op::Exec(p) => put(&[b"failed to execute ", p.as_bytes()]),
            Op::Setns(name) => put(&[b"reassociate to namespace '", name.as_bytes(), b"' failed"]),
            Op::Call(s) => put(&[s.as_bytes()]),
            Op::Text(s) => put(&[s.as_bytes()]),
            Op::Path(p) => put(&[&b(p)]),
            Op::Mkdir(p) => put(&[b"cannot create directory '", &b(p), b"'"]),
        }
        out
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.render()))
    }
}

/// The error of every fallible call in this crate: what the reference tool
/// would say, and the exit status it would leave with. `Display` gives the
/// message without the program name (`cannot open /x: No such file or
/// directory`); [`Error::message`] is the whole text the tool prints.
#[derive(Debug)]
pub enum Error {
    /// A getopt error: printed as `ARGV0: MSG` plus the `Try '... --help'` line; exit 1.
    Getopt(String),
    /// `errx`: `PROG: MSG`, exit `code`.
    Msg {
        /// The exit status.
        code: i32,
        /// The message.
        text: String,
    },
    /// `err`: `PROG: OP: strerror(errno)`, exit `code`.
    Os {
        /// The exit status.
        code: i32,
        /// What failed, on which path.
        op: Op,
        /// Why.
        errno: Errno,
    },
    /// Leave quietly with this status (help printed, helper status propagated).
    Exit(i32),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Getopt(m) => f.write_str(m),
            Error::Msg { text, .. } => f.write_str(text),
            Error::Os { op, errno, .. } => write!(f, "{op}: {}", strerror(*errno as i32)),
            Error::Exit(code) => write!(f, "exit status {code}"),
        }
    }
}

impl std::error::Error for Error {}

/// A result with this module's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An `errx`-style error with exit status 1.
    pub fn msg(text: impl Into<String>) -> Error {
        Error::Msg {
            code: 1,
            text: text.into(),
        }
    }

    /// An `err`-style error: exit status 1, or 126/127 for a failed exec
    /// (127 when the program was not found), as the reference tools exit.
    pub fn os(op: Op, errno: Errno) -> Error {
        let code = match (&op, errno) {
            (Op::Exec(_), Errno::ENOENT) => 127,
            (Op::Exec(_), _) => 126,
            _ => 1,
        };
        Error::Os { code, op, errno }
    }

    /// The exit status the reference tool leaves with.
    pub fn code(&self) -> i32 {
        match self {
            Error::Getopt(_) => 1,
            Error::Msg { code, .. } | Error::Os { code, .. } => *code,
            Error::Exit(code) => *code,
        }
    }

    /// The message the reference tool prints (nothing for `Exit`).
    /// `argv0` is used for getopt messages (glibc prints it as given), `name`
    /// (the basename) for everything else. The applets print it
    /// (`applet::report`).
    pub fn message(&self, argv0: &str, name: &str) -> Vec<u8> {
        match self {
            Error::Getopt(m) => {
                format!("{argv0}: {m}\nTry '{name} --help' for more information.\n").into_bytes()
            }
            Error::Msg { text, .. } => format!("{name}: {text}\n").into_bytes(),
            Error::Os { op, errno, .. } => {
                let mut t = format!("{name}: ").into_bytes();
                t.extend(op.render());
                t.extend(format!(": {}\n", strerror(*errno as i32)).into_bytes());
                t
            }
            Error::Exit(_) => Vec::new(),
        }
    }
}

/// Shorthand: `.ctx(Op::Open(path))?` on a nix result.
pub(crate) trait Ctx<T> {
    /// An errno becomes [`Error::os`] with `op`.
    fn ctx(self, op: Op) -> Result<T>;
    /// An errno becomes [`Error::os`] with [`Op::Call`]`(what)`.
    fn call(self, what: &'static str) -> Result<T>;
}

impl<T> Ctx<T> for std::result::Result<T, Errno> {
    fn ctx(self, op: Op) -> Result<T> {
        self.map_err(|e| Error::os(op, e))
    }
    fn call(self, what: &'static str) -> Result<T> {
        self.map_err(|e| Error::os(Op::Call(what), e))
    }
}

impl<T> Ctx<T> for std::io::Result<T> {
    fn ctx(self, op: Op) -> Result<T> {
        self.map_err(|e| Error::os(op, io_errno(&e)))
    }
    fn call(self, what: &'static str) -> Result<T> {
        self.map_err(|e| Error::os(Op::Call(what), io_errno(&e)))
    }
}

/// The errno of an I/O error (EIO for one that has none).
pub(crate) fn io_errno(e: &std::io::Error) -> Errno {
    Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO))
}

#[cfg(test)]
mod display_tests {
    use super::*;

    #[test]
    fn display_is_the_message_without_the_program() {
        let e = Error::os(Op::Open("/x".into()), Errno::ENOENT);
        assert_eq!(e.to_string(), "cannot open /x: No such file or directory");
        let m = String::from_utf8(e.message("unshare", "unshare")).unwrap();
        assert_eq!(m, format!("unshare: {e}\n"));
        let boxed: Box<dyn std::error::Error> = Box::new(Error::msg("bad"));
        assert_eq!(boxed.to_string(), "bad");
    }
}
