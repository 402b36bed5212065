//! The system's user database beyond /etc/passwd and /etc/group.
//!
//! util-linux asks NSS (`getpwnam`, `getgrnam`, `getpwuid`), so users from
//! LDAP, SSSD, systemd-homed, DynamicUser or extrausers work there. A static
//! binary cannot load NSS modules, so when the files lack a name or id, rns
//! asks `/usr/bin/getent` (the system's own NSS, same nsswitch.conf), forked
//! and waited for: no thread, no fd of it survives. Without getent,
//! systemd's userdb services are asked over varlink.
//!
//! Names and ids of the `--map-*` options are looked up while parsing,
//! before any namespace is changed; only the login shell (no program, no
//! $SHELL) is looked up at exec time, for the user the program runs as,
//! where util-linux's getpwuid looks it up too.
//!
//! Limitation: glibc's getent prints no ids for a name starting with `+` or
//! `-` (NIS compat syntax), so such names stay unknown to rns.

use crate::sys::{self, Fork};
use nix::errno::Errno;
use nix::sys::signal::{sigprocmask, SigSet, SigmaskHow};
use std::ffi::CString;
use std::io::Read;
use std::os::fd::OwnedFd;

/// The database a lookup is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Passwd,
    Group,
}

impl Db {
    fn name(self) -> &'static std::ffi::CStr {
        match self {
            Db::Passwd => c"passwd",
            Db::Group => c"group",
        }
    }
}

/// What is looked up: a name, or an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Name(&'a str),
    Id(u32),
}

/// An entry as NSS gives it: name, id, and for users the primary group
/// and the login shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub id: u32,
    pub gid: Option<u32>,
    pub shell: Option<String>,
}

const GETENT: &std::ffi::CStr = c"/usr/bin/getent";

/// The entry of `db` for `key`, from getent, else (getent cannot be run)
/// from systemd's userdb; `None` when it is not known.
pub fn lookup(db: Db, key: Key) -> Option<Entry> {
    match getent(db, key) {
        Ok(found) => found,
        Err(NotRun) => super::varlink::lookup(db, key),
    }
}

/// getent cannot be run (absent, not executable).
struct NotRun;

/// `getent DB -- KEY`: its first line of output, parsed. getent itself
/// takes an all-digit key as an id, so such a name is never passed.
fn getent(db: Db, key: Key) -> Result<Option<Entry>, NotRun> {
    nix::unistd::access(GETENT, nix::unistd::AccessFlags::X_OK).map_err(|_| NotRun)?;
    let arg = match key {
        Key::Name(n) if getent_reads_as_id(n) => return Ok(None),
        Key::Name(n) => n.to_string(),
        Key::Id(id) => id.to_string(),
    };
    let Ok(arg) = CString::new(arg) else {
        return Ok(None);
    };
    let argv = [c"getent".into(), db.name().into(), c"--".into(), arg];
    Ok(run(&argv)
        .ok()
        .and_then(|out| parse_line(db, &String::from_utf8_lossy(&out))))
}

/// Run getent with `argv` and return what it printed on stdout.
#[allow(unsafe_code)]
fn run(argv: &[CString]) -> Result<Vec<u8>, Errno> {
    let (rx, tx) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    // SAFETY: name lookups run while rns is single-threaded (before any
    // namespace is changed, with no thread or runtime started; asserted in
    // debug builds by sys::fork), and the child only redirects fds and execs.
    let pid = match unsafe { sys::fork() }? {
        Fork::Child => exec_child(tx, argv),
        Fork::Parent(pid) => pid,
    };
    drop(tx);
    let mut out = Vec::new();
    let read = std::fs::File::from(rx).read_to_end(&mut out);
    // With SIGCHLD ignored waitpid fails (ECHILD): the output decides, as
    // getent prints nothing when it finds nothing.
    while sys::waitpid_raw(pid, 0) == Err(Errno::EINTR) {}
    read.map_err(|_| Errno::EIO)?;
    Ok(out)
}

/// The forked child: stdout into the pipe, stdin and stderr on /dev/null,
/// no signal blocked, then getent. Never returns: when the exec fails it
/// `_exit`s 127 (the child's own end, part of the lookup mechanism; the
/// caller's process never exits here).
fn exec_child(tx: OwnedFd, argv: &[CString]) -> ! {
    if redirect(tx).is_ok() {
        let _ = sigprocmask(SigmaskHow::SIG_SETMASK, Some(&SigSet::empty()), None);
        let _ = nix::unistd::execv(GETENT, argv);
    }
    sys::exit_now(127)
}

/// The pipe and /dev/null are first moved to fds above 2 (try_clone's
/// F_DUPFD_CLOEXEC), the originals closed, so no dup2 below is a no-op
/// keeping CLOEXEC, nor undone by a close, when the caller started with 0,
/// 1 or 2 closed.
fn redirect(tx: OwnedFd) -> std::io::Result<()> {
    let out = tx.try_clone()?;
    drop(tx);
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")?;
    let null = opened.try_clone()?;
    drop(opened);
    nix::unistd::dup2_stdin(&null)?;
    nix::unistd::dup2_stderr(&null)?;
    nix::unistd::dup2_stdout(&out)?;
    Ok(())
}

/// glibc getent's test: `strtoul` consumed a non-empty key entirely.
fn getent_reads_as_id(key: &str) -> bool {
    crate::cnum::scan(key.as_bytes(), crate::cnum::Base::Dec).is_some_and(|n| n.whole())
}

/// `name:passwd:id:...` (passwd: 7 fields, the last the shell; group: 4).
pub fn parse_line(db: Db, text: &str) -> Option<Entry> {
    let line = text.lines().next()?;
    let f: Vec<&str> = line.split(':').collect();
    let want = match db {
        Db::Passwd => 7,
        Db::Group => 4,
    };
    if f.len() < want {
        return None;
    }
    let shell = match db {
        Db::Passwd => Some(f[6].to_string()).filter(|s| !s.is_empty()),
        Db::Group => None,
    };
    let gid = match db {
        Db::Passwd => f[3].parse().ok(),
        Db::Group => None,
    };
    Some(Entry {
        name: f[0].to_string(),
        id: f[2].parse().ok()?,
        gid,
        shell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getent_lines_parse() {
        let e = parse_line(Db::Passwd, "ann:x:71234:71235:Ann:/home/ann:/bin/zsh\n");
        assert_eq!(
            e,
            Some(Entry {
                name: "ann".into(),
                id: 71234,
                gid: Some(71235),
                shell: Some("/bin/zsh".into())
            })
        );
        let e = parse_line(Db::Passwd, "ann:x:1:1:::\n").unwrap();
        assert_eq!(e.shell, None);
        let e = parse_line(Db::Group, "staff:x:50:ann,bob\n").unwrap();
        assert_eq!((e.name.as_str(), e.id), ("staff", 50));
        for bad in [
            "",
            "\n",
            "ann:x:1:1",
            "ann:x:-1:1:::",
            "ann:x:4294967296:1:::",
        ] {
            assert_eq!(parse_line(Db::Passwd, bad), None, "{bad:?}");
        }
        assert_eq!(parse_line(Db::Group, "g:x:1"), None);
    }

    #[test]
    fn all_digit_names_are_not_given_to_getent() {
        for id in ["1", " 1", "+1", "-1", "007"] {
            assert!(getent_reads_as_id(id), "{id:?}");
        }
        for name in ["", "a1", "1a", "+", "-", "1 "] {
            assert!(!getent_reads_as_id(name), "{name:?}");
        }
    }
}
