//! Helpers forked before unshare(2) so they keep the original namespaces and
//! credentials: one binds persistence files, one writes id maps.
//!
//! They wait on a pipe, not an eventfd: if unshare fails and we exit (or are
//! killed), the helper reads EOF and leaves, instead of blocking forever as
//! upstream's helpers do.

use super::{bind_ns_files, fork_or_fail, process, Plan};
use crate::error::{io_errno, Ctx, Error, Op, Result};
use crate::ids::{map_lines, Range};
use crate::sys::{self, process::Fork};
use nix::unistd::Pid;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;

/// A waiting helper. Dropping it without `finish` (unshare failed, or any
/// error before the helper was needed) closes its pipe and reaps it, so no
/// helper outlives us, not even as a zombie.
pub struct Helper {
    /// None once reaped, or in a forked child that does not own it.
    pid: Option<Pid>,
    go: Option<OwnedFd>,
}

impl Helper {
    /// Fork a helper that runs `work` once told to; `others` are helpers
    /// whose pipe ends the new child must not keep open.
    pub fn spawn(
        name: &str,
        others: &mut [&mut Option<Helper>],
        work: impl FnOnce() -> Result<()>,
    ) -> Result<Helper> {
        let (rx, tx) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).call("pipe failed")?;
        match fork_or_fail()? {
            Fork::Parent(pid) => Ok(Helper {
                pid: Some(Pid::from_raw(pid)),
                go: Some(tx),
            }),
            Fork::Child => {
                drop(tx);
                for h in others.iter_mut() {
                    if let Some(h) = h.as_mut() {
                        h.go = None;
                    }
                }
                let mut byte = [0u8; 1];
                let code = match std::fs::File::from(rx).read(&mut byte) {
                    Ok(1) => match work() {
                        Ok(()) => 0,
                        Err(e) => e.report(name, name),
                    },
                    // The parent gave up (unshare failed) or died: leave quietly.
                    _ => 1,
                };
                sys::process::exit_now(code)
            }
        }
    }

    /// Let the helper run, wait for it; its failure status becomes ours.
    pub fn finish(mut self) -> Result<()> {
        if let Some(tx) = self.go.take() {
            let _ = std::fs::File::from(tx).write_all(&[6]);
        }
        self.wait()
    }

    /// Tell the helper to give up (unshare failed) and reap it.
    pub fn abandon(self) {
        drop(self);
    }

    /// Drop our end of the pipe in a forked child (so only the parent can
    /// release the helper, and only the parent reaps it).
    pub fn forget(&mut self) {
        self.go = None;
        self.pid = None;
    }

    fn wait(&mut self) -> Result<()> {
        let Some(pid) = self.pid.take() else {
            return Ok(());
        };
        let status = process::wait_exit(pid)?;
        match libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)) {
            Some(0) | None => Ok(()),
            Some(code) => Err(Error::Exit(code)),
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.go = None;
        let _ = self.wait();
    }
}

/// The bind helper: binds /proc/PARENT/ns/* from outside the new namespaces.
pub fn bind_helper(name: &str, plan: &Plan, others: &mut [&mut Option<Helper>]) -> Result<Helper> {
    let parent = nix::unistd::getpid().as_raw();
    let persist = plan.persist.clone();
    Helper::spawn(name, others, move || bind_ns_files(&persist, parent))
}

/// The map helper: as root writes /proc/PARENT/{uid,gid}_map directly, else
/// runs newuidmap/newgidmap for the parent.
pub fn map_helper(
    name: &str,
    users: Vec<Range>,
    groups: Vec<Range>,
    others: &mut [&mut Option<Helper>],
) -> Result<Helper> {
    let parent = nix::unistd::getpid().as_raw();
    let owned = name.to_string();
    Helper::spawn(name, others, move || {
        if nix::unistd::geteuid().is_root() {
            write_map(parent, "uid_map", &users)?;
            return write_map(parent, "gid_map", &groups);
        }
        match (users.is_empty(), groups.is_empty()) {
            (false, false) => {
                let uid_child = Helper::spawn(&owned, &mut [], || {
                    Err(external("newuidmap", parent, &users))
                })?;
                uid_child.finish()?;
                Err(external("newgidmap", parent, &groups))
            }
            (false, true) => Err(external("newuidmap", parent, &users)),
            (true, false) => Err(external("newgidmap", parent, &groups)),
            (true, true) => Ok(()),
        }
    })
}

fn write_map(pid: i32, file: &str, chain: &[Range]) -> Result<()> {
    if chain.is_empty() {
        return Ok(());
    }
    let path = format!("/proc/{pid}/{file}");
    let text = map_lines(chain);
    if text.len() > 4096 {
        return Err(Error::msg(format!("{path} too large for kernel 4k limit")));
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .ctx(Op::Text(format!("failed to open {path}")))?;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::os(Op::Text(format!("failed to write {path}")), io_errno(&e)))
}

/// exec `newuidmap PID inner outer count ...`; returns only on failure.
fn external(tool: &str, pid: i32, chain: &[Range]) -> Error {
    let mut argv: Vec<OsString> = vec![tool.into(), pid.to_string().into()];
    for r in chain {
        for n in [r.inner.unwrap_or(0), r.outer, r.count] {
            argv.push(n.to_string().into());
        }
    }
    process::exec(argv)
}
