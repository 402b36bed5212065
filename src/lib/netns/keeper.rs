//! The keeper process of a user's store (see `user`): started detached
//! (double fork, new session, stdio on /dev/null, every other inherited fd
//! closed), it makes the user's user, mount and network namespaces, names
//! its pid in the locked keeper file, reports to its starter, and sleeps.
//!
//! The forked children end with `_exit` (`sys::exit_now`) as part of the
//! mechanism: the intermediate child once it has forked the keeper, the
//! keeper when its setup failed (after reporting the errno). Neither ever
//! returns into the caller's code, and the caller's process never exits
//! here.

use super::user::{enter_own, keeper_err, private_run, Res, UserError};
use crate::sys::{self, userns, Fork};
use nix::errno::Errno;
use nix::fcntl::{open, OFlag};
use nix::sched::CloneFlags;
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, OwnedFd};

/// Start a keeper holding the (locked) keeper file `kf`; its pid.
#[allow(unsafe_code)]
pub(super) fn spawn(kf: OwnedFd) -> Res<i32> {
    let (rx, tx) = nix::unistd::pipe2(OFlag::O_CLOEXEC).map_err(keeper_err("pipe"))?;
    // SAFETY: `rns netns` is single-threaded (no thread, no runtime), so the
    // children may run any code; they never return into the caller's code.
    match unsafe { sys::fork() }.map_err(keeper_err("fork"))? {
        Fork::Child => {
            let _ = nix::unistd::setsid();
            // SAFETY: as above (this child is single-threaded too).
            match unsafe { sys::fork() } {
                Ok(Fork::Child) => run(kf, tx),
                _ => sys::exit_now(0),
            }
        }
        Fork::Parent(pid) => {
            let _ = sys::waitpid_raw(pid, 0);
        }
    }
    drop(tx);
    drop(kf);
    report(&rx)
}

/// The keeper's report: errno (0: ready) and its pid.
fn report(rx: &OwnedFd) -> Res<i32> {
    let mut buf = [0u8; 8];
    let mut got = 0;
    while got < buf.len() {
        match nix::unistd::read(rx, &mut buf[got..]) {
            Ok(0) => return Err(keeper_err("start")(Errno::ECHILD)),
            Ok(n) => got += n,
            Err(Errno::EINTR) => {}
            Err(e) => return Err(keeper_err("start")(e)),
        }
    }
    let errno = i32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]]);
    let pid = i32::from_ne_bytes([buf[4], buf[5], buf[6], buf[7]]);
    match errno {
        0 => Ok(pid),
        e => Err(UserError::Keeper {
            step: "start",
            errno: Errno::from_raw(e),
        }),
    }
}

fn run(kf: OwnedFd, tx: OwnedFd) -> ! {
    let (errno, pid) = match setup(&kf, &tx) {
        Ok(()) => (0, nix::unistd::getpid().as_raw()),
        Err(e) => (e as i32, 0),
    };
    let mut msg = errno.to_ne_bytes().to_vec();
    msg.extend_from_slice(&pid.to_ne_bytes());
    let _ = nix::unistd::write(&tx, &msg);
    drop(tx);
    if errno != 0 {
        sys::exit_now(1);
    }
    loop {
        nix::unistd::pause();
    }
}

fn setup(kf: &OwnedFd, tx: &OwnedFd) -> Result<(), Errno> {
    userns::close_all_but(&[kf.as_fd(), tx.as_fd()])?;
    let null = open("/dev/null", OFlag::O_RDWR | OFlag::O_CLOEXEC, Mode::empty())?;
    nix::unistd::dup2_stdin(&null)?;
    nix::unistd::dup2_stdout(&null)?;
    nix::unistd::dup2_stderr(&null)?;
    nix::unistd::chdir("/")?;
    sys::sigprocmask(libc::SIG_SETMASK, Some(&sys::SigMask::of(&[])))?;
    enter_own(CloneFlags::CLONE_NEWNS | CloneFlags::CLONE_NEWNET).map_err(|(_, e)| e)?;
    private_run().map_err(|(_, e)| e)?;
    userns::set_dumpable()?;
    userns::set_comm(c"rns-keeper")?;
    let pid = format!("{}\n", nix::unistd::getpid());
    nix::sys::uio::pwrite(kf, pid.as_bytes(), 0)?;
    Ok(())
}
