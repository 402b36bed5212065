//! exec: in place, or forked per namespace (`-all`) and per batch line.

use super::{diag, fail, foreach, out, say, Opts, Ret};
use crate::netns;
use std::ffi::{CString, OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;

// ------------------------------------------------------------------- exec

pub(super) fn exec(o: &Opts, args: &[OsString]) -> Ret {
    if args.is_empty() && !o.all {
        return fail("No netns name specified");
    }
    if (args.len() < 2 && !o.all) || args.is_empty() {
        return fail("No command specified");
    }
    if o.all {
        return foreach(o, |name| {
            let mut head = b"\nnetns: ".to_vec();
            head.extend_from_slice(name.as_bytes());
            head.push(b'\n');
            out(&head);
            let _ = cmd_exec(args, true, name, o.root.as_deref());
            true
        });
    }
    match cmd_exec(&args[1..], o.in_batch, &args[0], o.root.as_deref()) {
        Some(status) => Ok(-status),
        None => Ok(1),
    }
}

/// lib/exec.c's cmd_exec: switch and exec in place, or (batch, -all) in a
/// forked child whose exit status is returned. A child killed by a signal
/// ends rns with status 1, as it ends ip. None: the switch failed.
#[allow(unsafe_code)]
fn cmd_exec(
    argv: &[OsString],
    fork: bool,
    name: &OsStr,
    root: Option<&std::path::Path>,
) -> Option<i32> {
    let _ = std::io::stdout().flush();
    if fork {
        // SAFETY: netns exec runs before any thread or netlink runtime is
        // started (asserted in debug builds by sys::fork).
        match unsafe { crate::sys::fork() } {
            Err(e) => {
                say!(&"fork: ", &diag::err(e));
                crate::sys::exit_now(1);
            }
            Ok(crate::sys::Fork::Parent(pid)) => return wait_child(pid),
            Ok(crate::sys::Fork::Child) => {}
        }
    }
    if let Err(e) = netns::switch_at(name, root, &mut diag::warn) {
        diag::print(&e);
        if fork {
            crate::sys::exit_now(1);
        }
        return None;
    }
    let args: Vec<CString> = argv
        .iter()
        .map(|a| crate::process::cstring(a.as_bytes().to_vec()))
        .collect();
    let e = match nix::unistd::execvp(&args[0], &args) {
        Err(e) => e,
        Ok(never) => match never {},
    };
    say!(
        &"exec of \"",
        argv[0].as_os_str(),
        &"\" failed: ",
        &diag::err(e)
    );
    crate::sys::exit_now(1);
}

fn wait_child(pid: libc::pid_t) -> Option<i32> {
    match crate::process::wait_exit(nix::unistd::Pid::from_raw(pid)) {
        Ok(status) if libc::WIFEXITED(status) => Some(libc::WEXITSTATUS(status)),
        Ok(_) => crate::sys::exit_now(1),
        Err(_) => {
            say!(&"waitpid: ", &diag::err(nix::errno::Errno::last()));
            crate::sys::exit_now(1);
        }
    }
}
