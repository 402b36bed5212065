//! Where the applets write what the library renders: an [`Error`]'s
//! message on stderr, and stdout text with util-linux's close_stdout
//! rules. The library itself never prints.

use crate::cli::Prog;
use crate::error::{io_errno, Error, Op, Result};
use std::io::Write;

impl Error {
    /// Print the message the reference tool prints
    /// ([`Error::message`]), return the exit status.
    pub fn report(&self, argv0: &str, name: &str) -> i32 {
        let _ = std::io::stderr().write_all(&self.message(argv0, name));
        self.code()
    }
}

impl Prog {
    /// Report an error the way the reference tools do, return the status.
    pub fn fail(&self, e: &Error) -> i32 {
        e.report(&self.argv0, &self.name)
    }
}

/// Write `text` to stdout and flush, as util-linux's close_stdout does at
/// exit: a failure prints `PROG: write error: ...` and exits 1, except EPIPE
/// (a reader that went away, with SIGPIPE ignored), which is silent.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.raw_os_error() != Some(libc::EPIPE) => {
            Err(Error::os(Op::Call("write error"), io_errno(&e)))
        }
        _ => Ok(()),
    }
}
