//! exec, the login-shell fallback, and waiting for a forked child the way
//! unshare and nsenter do (status passed on, a fatal signal re-raised).

mod exec;
pub mod signames;

pub(crate) use exec::cstring;
pub use exec::{Env, Exec};

use crate::error::{Ctx, Error, Op, Result};
use crate::sys;
use nix::errno::Errno;
use nix::unistd::Pid;
use std::ffi::{CString, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The program to exec, converted for execvp(3) ahead of time: a forked
/// child then only makes system calls before exec (no allocations that
/// copy-on-write pages of the parent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Program {
    Argv(Vec<CString>),
    /// No operands: the login shell, chosen at exec time (after -S and
    /// --clear-env, as util-linux chooses it).
    #[default]
    Shell,
}

impl Program {
    pub fn new(operands: Vec<OsString>) -> Program {
        if operands.is_empty() {
            Program::Shell
        } else {
            Program::Argv(
                operands
                    .into_iter()
                    .map(|s| cstring(s.into_vec()))
                    .collect(),
            )
        }
    }

    /// exec it; returns only the error (`failed to execute ...`, 126/127).
    pub fn exec(&self) -> Error {
        self.exec_in(&Env::Inherit)
    }

    /// exec it with the environment `env` (PATH and SHELL are looked up
    /// there, as execvp and util-linux do after changing the environment).
    pub fn exec_in(&self, env: &Env) -> Error {
        match self.prepare(env) {
            Some(mut exec) => {
                let errno = exec.run();
                exec_error(&exec, errno)
            }
            None => exec_shell(env),
        }
    }

    /// The argv form as an [`Exec`]; None for the login shell, which is
    /// chosen only at exec time.
    pub fn prepare(&self, env: &Env) -> Option<Exec> {
        match self {
            Program::Argv(args) => Some(Exec::new(args, env)),
            Program::Shell => None,
        }
    }
}

/// `failed to execute ARGV0: ...` (127 for ENOENT, else 126).
pub fn exec_error(exec: &Exec, errno: Errno) -> Error {
    Error::os(Op::Exec(exec.argv0()), errno)
}

/// `execvp(argv[0], argv)`; on failure `failed to execute ARGV0` (126/127).
pub fn exec(argv: Vec<OsString>) -> Error {
    Program::new(argv).exec()
}

/// No program given: exec the user's shell as a login shell (`-sh`).
/// `$SHELL` (in `env`) if set and non-empty, else the passwd entry's shell,
/// else /bin/sh.
pub fn exec_shell(env: &Env) -> Error {
    let shell = env
        .var("SHELL")
        .filter(|s| !s.is_empty())
        .or_else(|| crate::ids::passwd_shell(nix::unistd::getuid().as_raw()).map(OsString::from))
        .unwrap_or_else(|| OsString::from("/bin/sh"));
    let mut arg0 = b"-".to_vec();
    arg0.extend_from_slice(posix_basename(shell.as_bytes()));
    let errno = exec::execv_in(shell.as_bytes(), arg0, env);
    Error::os(Op::Exec(shell), errno)
}

/// The highest capability the kernel knows (util-linux's cap_last_cap).
pub fn cap_last_cap() -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/cap_last_cap")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(40)
}

/// `--keep-caps`: util-linux's cap_permitted_to_ambient, with its messages.
pub fn keep_caps(last_cap: u32) -> Result<()> {
    sys::creds::permitted_to_ambient(last_cap).map_err(|(step, e)| {
        let what = match step {
            sys::creds::CapStep::Get => "capget failed",
            sys::creds::CapStep::Set => "capset failed",
            sys::creds::CapStep::Ambient => "prctl(PR_CAP_AMBIENT) failed",
        };
        Error::os(Op::Call(what), e)
    })
}

/// POSIX basename(3) (what util-linux's exec_shell uses): trailing slashes
/// do not count, and a path of only slashes is `/`.
fn posix_basename(path: &[u8]) -> &[u8] {
    let end = path.iter().rposition(|&b| b != b'/').map_or(0, |i| i + 1);
    if end == 0 {
        return if path.is_empty() { b"." } else { b"/" };
    }
    let start = path[..end]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |i| i + 1);
    &path[start..end]
}

/// Wait for `pid`, retrying on EINTR (no WUNTRACED); the raw status word
/// (nix's WaitStatus cannot hold real-time signals).
pub fn wait_exit(pid: Pid) -> Result<i32> {
    loop {
        match sys::process::waitpid_raw(pid.as_raw(), 0) {
            Err(Errno::EINTR) => continue,
            other => return other.call("waitpid failed"),
        }
    }
}

/// What unshare's parent does with its child's status: its exit code, or
/// dying by the same signal (default disposition restored, unblocked).
pub fn pass_on(status: i32) -> Result<i32> {
    if libc::WIFEXITED(status) {
        return Ok(libc::WEXITSTATUS(status));
    }
    if libc::WIFSIGNALED(status) {
        let sig = libc::WTERMSIG(status);
        if sig != libc::SIGKILL {
            sys::signal::signal_default(sig).call("signal handler reset failed")?;
        }
        sys::signal::sigprocmask(libc::SIG_UNBLOCK, Some(&sys::signal::SigMask::of(&[sig])))
            .call("sigprocmask unblock failed")?;
        let _ = sys::process::kill(nix::unistd::getpid().as_raw(), sig);
    }
    Err(Error::os(Op::Call("child exit failed"), Errno::last()))
}

/// nsenter's parent: wait with WUNTRACED; a stopped child stops us too and
/// is continued when we are; then pass on its exit status or its signal
/// (any signal, real-time ones included: the raw status is decoded here).
pub fn wait_job(pid: Pid) -> Result<i32> {
    let me = nix::unistd::getpid().as_raw();
    loop {
        let status = match sys::process::waitpid_raw(pid.as_raw(), libc::WUNTRACED) {
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(Error::os(Op::Call("waitpid failed"), e)),
            Ok(s) => s,
        };
        if libc::WIFSTOPPED(status) {
            let _ = sys::process::kill(me, libc::SIGSTOP);
            let _ = sys::process::kill(pid.as_raw(), libc::SIGCONT);
            continue;
        }
        if libc::WIFEXITED(status) {
            return Ok(libc::WEXITSTATUS(status));
        }
        if libc::WIFSIGNALED(status) {
            let _ = sys::process::kill(me, libc::WTERMSIG(status));
        }
        return Ok(1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn basename_is_posix() {
        for (p, b) in [
            ("/bin/sh", "sh"),
            ("/bin/sh/", "sh"),
            ("sh", "sh"),
            ("/", "/"),
            ("//", "/"),
            ("", "."),
        ] {
            assert_eq!(super::posix_basename(p.as_bytes()), b.as_bytes(), "{p}");
        }
    }
}
