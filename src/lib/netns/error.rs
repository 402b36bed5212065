//! What the store reports, and the one place its words live: each failure
//! renders as the line iproute2 prints for it (names and paths as raw
//! bytes, errno as C's strerror).

use nix::errno::Errno;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// The step that failed. Where ip names the path or the namespace, the
/// [`Error`] carries it as its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Op {
    /// `mkdir` of the run directory.
    MkdirRunDir,
    /// Opening the run directory to lock it.
    OpenRunDir,
    /// `flock` of the run directory (a warning: `add` goes on unlocked).
    LockRunDir,
    /// Making the run directory a shared mount point.
    MakeShared,
    /// The run directory's bind mount onto itself.
    SelfBind,
    /// Making that self-bind private before sharing it.
    MakePrivate,
    /// Creating the entry file.
    CreateEntry,
    /// Binding the namespace `from` onto the subject (also a warning, for
    /// the files of `/etc/netns/NAME`).
    Bind {
        /// What was bound.
        from: OsString,
    },
    /// Removing the entry file.
    RemoveEntry,
    /// Making the new network namespace of the named subject.
    CreateNetns,
    /// Opening the caller's own network namespace (fatal, as in ip).
    OpenOwnNetns,
    /// Going back to the caller's network or mount namespace (fatal: the
    /// process is left in another namespace).
    SetnsBack,
    /// Opening the namespace a process or a name is in (identify, pids).
    OpenNs,
    /// fstat of that namespace.
    StatNs,
    /// Reading the run directory (identify).
    ReadRunDir,
    /// Reading /proc (pids).
    ReadProc,
    /// inotify_init (monitor).
    InotifyInit,
    /// inotify_add_watch (monitor).
    InotifyWatch,
    /// Reading inotify events (monitor).
    InotifyRead,
    /// Opening the named namespace to enter it.
    OpenNamed,
    /// Entering the named namespace; `owner` is the uid (and its user
    /// name) of a delegated namespace the caller may not enter.
    Enter {
        /// Who the namespace belongs to, when that is why it failed.
        owner: Option<(u32, Option<String>)>,
    },
    /// The private mount namespace of `exec`.
    Unshare,
    /// Making `/` a recursive slave there.
    MakeRslave,
    /// Mounting the namespace's sysfs on /sys.
    MountSys,
    /// A sysfs the kernel refused for lack of privilege (a warning: the
    /// old /sys stays).
    KeepOldSys,
}

/// A failure of a store operation: the step, its path or namespace name
/// (bytes: names need not be UTF-8), the errno, and what failed after it
/// (a cleanup, or going back to the caller's namespace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    op: Op,
    subject: OsString,
    errno: Errno,
    then: Option<Box<Error>>,
}

impl Error {
    pub(super) fn new(op: Op, subject: impl AsRef<OsStr>, errno: Errno) -> Error {
        let subject = subject.as_ref().to_owned();
        Error {
            op,
            subject,
            errno,
            then: None,
        }
    }

    /// `Fn(Errno) -> Error` for `map_err`.
    pub(super) fn of<'a>(
        op: Op,
        subject: &'a (impl AsRef<OsStr> + ?Sized),
    ) -> impl FnOnce(Errno) -> Error + 'a {
        move |errno| Error::new(op, subject.as_ref(), errno)
    }

    /// This error followed by `later` (which failed afterwards).
    pub(super) fn then(mut self, later: Error) -> Error {
        let mut at = &mut self;
        while let Some(ref mut next) = at.then {
            at = next;
        }
        at.then = Some(Box::new(later));
        self
    }

    /// The step that failed.
    pub fn op(&self) -> &Op {
        &self.op
    }

    /// The path or namespace name the step was about (ip's line does not
    /// always show it).
    pub fn subject(&self) -> &OsStr {
        &self.subject
    }

    /// The errno.
    pub fn errno(&self) -> Errno {
        self.errno
    }

    /// What failed after this, if anything.
    pub fn later(&self) -> Option<&Error> {
        self.then.as_deref()
    }

    /// The process could not get back to its own namespaces (or, as ip
    /// treats it, could not even note them): it must exit now, status 1.
    pub fn is_fatal(&self) -> bool {
        matches!(self.op, Op::SetnsBack | Op::OpenOwnNetns)
            || self.later().is_some_and(Error::is_fatal)
    }

    /// ip's line for this step alone (two for a namespace that belongs to
    /// another user), newline included.
    pub fn line(&self) -> Vec<u8> {
        let s = self.subject.as_bytes();
        let e = crate::sys::strerror(self.errno as i32);
        let e = e.as_bytes();
        let line = match &self.op {
            Op::SelfBind => [b"mount --bind ", s, b" ", s, b" failed: ", e].concat(),
            Op::Bind { from } => [b"Bind ", from.as_bytes(), b" -> ", s, b" failed: ", e].concat(),
            Op::Enter { owner } => return enter_lines(s, e, owner.as_ref()),
            Op::KeepOldSys => [
                b"Warning: mount of /sys failed: ",
                e,
                b"; keeping the old /sys",
            ]
            .concat(),
            op => match words(op) {
                (before, Some(after)) => [before.as_bytes(), s, after.as_bytes(), e].concat(),
                (before, None) => [before.as_bytes(), b": ", e].concat(),
            },
        };
        [line, b"\n".to_vec()].concat()
    }

    /// ip's lines for this error and what failed after it, in order.
    pub fn lines(&self) -> Vec<Vec<u8>> {
        let mut out = vec![self.line()];
        let mut at = self.later();
        while let Some(e) = at {
            out.push(e.line());
            at = e.later();
        }
        out
    }
}

/// ip's words for the one-line steps: the text before the subject and
/// the text between it and strerror, or (None) the text before `: `
/// strerror when ip does not show the subject.
fn words(op: &Op) -> (&'static str, Option<&'static str>) {
    match op {
        Op::MkdirRunDir => ("mkdir ", Some(" failed: ")),
        Op::OpenRunDir => ("Cannot open netns runtime directory \"", Some("\": ")),
        Op::LockRunDir => (
            "Warning: could not flock netns runtime directory \"",
            Some("\": "),
        ),
        Op::MakeShared => ("mount --make-shared ", Some(" failed: ")),
        Op::MakePrivate => ("mount --make-private ", Some(" failed: ")),
        Op::CreateEntry => ("Cannot create namespace file \"", Some("\": ")),
        Op::RemoveEntry => ("Cannot remove namespace file \"", Some("\": ")),
        Op::CreateNetns => ("Failed to create a new network namespace \"", Some("\": ")),
        Op::ReadRunDir => ("Failed to open directory ", Some(":")),
        Op::OpenNamed => ("Cannot open network namespace \"", Some("\": ")),
        Op::OpenOwnNetns => ("Cannot open init namespace", None),
        Op::SetnsBack => ("setns", None),
        Op::OpenNs => ("Cannot open network namespace", None),
        Op::StatNs => ("Stat of netns failed", None),
        Op::ReadProc => ("Open of /proc failed", None),
        Op::InotifyInit => ("inotify_init failed", None),
        Op::InotifyWatch => ("inotify_add_watch failed", None),
        Op::InotifyRead => ("read failed", None),
        Op::Unshare => ("unshare failed", None),
        Op::MakeRslave => ("\"mount --make-rslave /\" failed", None),
        Op::MountSys | Op::KeepOldSys => ("mount of /sys failed", None),
        Op::SelfBind | Op::Bind { .. } | Op::Enter { .. } => ("", None),
    }
}

/// `setting the network namespace "NAME" failed: E`, and for a delegated
/// namespace whose owner is someone else, whose it is.
fn enter_lines(name: &[u8], e: &[u8], owner: Option<&(u32, Option<String>)>) -> Vec<u8> {
    let mut out = [
        b"setting the network namespace \"",
        name,
        b"\" failed: ",
        e,
        b"\n",
    ]
    .concat();
    if let Some((uid, user)) = owner {
        let who = match user {
            Some(n) => format!("user {n} (uid {uid})"),
            None => format!("uid {uid}"),
        };
        let tail = format!("\" belongs to {who}: only that user and root can enter it\n");
        out.extend_from_slice(&[b"network namespace \"", name, tail.as_bytes()].concat());
    }
    out
}

impl std::fmt::Display for Error {
    /// ip's lines, without the last newline (names shown lossily).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.lines().concat();
        let text = text.strip_suffix(b"\n").unwrap_or(&text);
        f.write_str(&String::from_utf8_lossy(text))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_ips() {
        let bind = Error::new(
            Op::Bind {
                from: "/proc/7/ns/net".into(),
            },
            "/run/netns/a",
            Errno::ENOENT,
        );
        let rm = Error::new(Op::RemoveEntry, "/run/netns/a", Errno::EBUSY);
        let back = Error::new(Op::SetnsBack, "", Errno::EPERM);
        let e = bind.then(rm).then(back);
        assert_eq!(
            e.to_string(),
            "Bind /proc/7/ns/net -> /run/netns/a failed: No such file or directory\n\
             Cannot remove namespace file \"/run/netns/a\": Device or resource busy\n\
             setns: Operation not permitted"
        );
        assert!(e.is_fatal());
        let own = Op::Enter {
            owner: Some((1000, None)),
        };
        let e = Error::new(own, OsStr::from_bytes(b"x\xff"), Errno::EPERM);
        assert_eq!(e.lines().len(), 1);
        assert!(e
            .line()
            .ends_with(b"x\xff\" belongs to uid 1000: only that user and root can enter it\n"));
        assert!(!e.is_fatal());
    }

    #[test]
    fn run_dir_words() {
        let e = Error::new(Op::SelfBind, "/run/netns", Errno::EPERM);
        assert_eq!(
            e.line(),
            b"mount --bind /run/netns /run/netns failed: Operation not permitted\n"
        );
        let e = Error::new(Op::ReadRunDir, "/run/netns", Errno::EACCES);
        assert_eq!(
            e.line(),
            b"Failed to open directory /run/netns:Permission denied\n"
        );
        let e = Error::new(Op::KeepOldSys, "", Errno::EPERM);
        assert_eq!(
            e.to_string(),
            "Warning: mount of /sys failed: Operation not permitted; keeping the old /sys"
        );
    }
}
