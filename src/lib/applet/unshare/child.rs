//! What unshare does between the fork and exec (in the process that execs
//! the program: a vfork-style child, a forked child, or unshare itself
//! without `--fork`), built as data beforehand: paths and /proc texts as C
//! strings, argv and envp as arrays, PATH resolved into candidate paths.
//! Running it allocates nothing and writes nothing of the parent's but the
//! failure slot, so the `CLONE_VM` child of `--fork` may run it (see
//! `sys::spawn`). A failure is a [`Fail`] (step and errno), which whoever
//! may allocate turns into util-linux's message with [`Fail::error`], as
//! posix_spawn reports an exec failure to its caller.

use super::Plan;
use crate::error::{Error, Op};
use crate::process::{Env, Exec};
use crate::sys::{self, creds::CapStep};
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::mount::{mount, MsFlags};
use nix::sched::CloneFlags;
use nix::sys::stat::Mode;
use nix::unistd::{Gid, Uid};
use std::ffi::{CStr, CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// Which binfmt_misc directory a step was about.
#[derive(Clone, Copy, Debug)]
pub(super) enum Dir {
    /// /proc/sys/fs/binfmt_misc (an `F` interpreter, before chroot).
    Default,
    /// `--mount-binfmt`'s directory (or the default one).
    Given,
}

/// The step of [`Child::prepare`] (or of the signal set-up before it) that
/// failed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Step {
    SigDefault(i32),
    SigRestore,
    Pdeathsig,
    PollParent,
    ParentGone,
    MapOpen(&'static str),
    MapWrite(&'static str),
    MapGroupWithAllow,
    Propagation,
    BinfmtDir(Dir),
    RegisterOpen(Dir),
    RegisterWrite(Dir),
    MountBinfmt(Dir),
    Chroot,
    Chdir,
    ProcPrivate,
    MountProc,
    Setgroups,
    Setgid,
    Setuid,
    Caps(CapStep),
    Exec,
}

/// A failed step and its errno.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fail {
    pub step: Step,
    pub errno: Errno,
}

impl Step {
    pub fn fail(self, errno: Errno) -> Fail {
        Fail { step: self, errno }
    }
}

const SETGROUPS: &CStr = c"/proc/self/setgroups";
const UID_MAP: &str = "/proc/self/uid_map";
const GID_MAP: &str = "/proc/self/gid_map";

/// An interpreter to register: the directory and the text for `register`.
struct Interp {
    dir: CString,
    register: CString,
    text: Vec<u8>,
}

pub(super) struct Child {
    uid_map: Option<Vec<u8>>,
    gid_map: Option<Vec<u8>>,
    setgroups_allow: bool,
    setgroups: Option<&'static str>,
    propagation: Option<MsFlags>,
    early_interp: Option<Interp>,
    root: Option<CString>,
    wd: Option<CString>,
    /// `--mount-proc`'s directory; true: make it private first.
    proc_mnt: Option<(CString, bool)>,
    binfmt_mnt: Option<CString>,
    late_interp: Option<Interp>,
    setgid: Option<u32>,
    setuid: Option<u32>,
    keep_caps: Option<u32>,
    /// None for the login shell, chosen only at exec time.
    pub exec: Option<Exec>,
    pub env: Env,
}

fn c_path(p: &Path) -> CString {
    crate::process::cstring(p.as_os_str().as_bytes().to_vec())
}

/// util-linux keeps `--whitelist-env` newest-first and sets it in that
/// order after clearenv, so the program's environ has the names reversed.
fn program_env(p: &Plan) -> Env {
    if !p.clear_env && p.whitelist.is_none() {
        return Env::Inherit;
    }
    let mut env = Env::cleared();
    for (k, v) in p.whitelist.iter().flatten().rev() {
        env.set(k.as_bytes(), v.as_bytes());
    }
    env
}

impl Child {
    pub fn new(p: &Plan) -> Child {
        let env = program_env(p);
        let newns = p.flags.contains(CloneFlags::CLONE_NEWNS);
        let private = MsFlags::MS_REC | MsFlags::MS_PRIVATE;
        let fixed = p
            .interp
            .as_ref()
            .filter(|i| is_fixed(i) && p.root.is_some());
        let binfmt = p.binfmt_mnt.as_deref().unwrap_or(Path::new(super::BINFMT));
        let interp = |dir: &Path, text: &OsStr| Interp {
            dir: c_path(dir),
            register: c_path(&dir.join("register")),
            text: text.as_bytes().to_vec(),
        };
        Child {
            uid_map: p.map_user.map(|i| format!("{i} {} 1", p.euid).into_bytes()),
            gid_map: p
                .map_group
                .map(|i| format!("{i} {} 1", p.egid).into_bytes()),
            setgroups_allow: p.setgroups == Some("allow"),
            setgroups: p.setgroups,
            propagation: p.propagation.filter(|_| newns),
            early_interp: fixed.map(|i| interp(Path::new(super::BINFMT), i)),
            root: p.root.as_deref().map(c_path),
            wd: p
                .wd
                .as_deref()
                .or(p.root.as_ref().map(|_| Path::new("/")))
                .map(c_path),
            proc_mnt: (p.proc_mnt.as_deref()).map(|d| {
                (
                    c_path(d),
                    p.root.is_none() && p.propagation != Some(private),
                )
            }),
            binfmt_mnt: p.binfmt_mnt.as_deref().map(c_path),
            late_interp: p
                .interp
                .as_ref()
                .filter(|_| fixed.is_none())
                .map(|i| interp(binfmt, i)),
            setgid: p.setgid,
            setuid: p.setuid,
            keep_caps: p
                .keep_caps
                .filter(|_| p.flags.contains(CloneFlags::CLONE_NEWUSER)),
            exec: p.program.prepare(&env),
            env,
        }
    }

    /// Everything before exec, in util-linux's order.
    pub fn prepare(&self) -> Result<(), Fail> {
        self.write_single_maps()?;
        if let Some(word) = self.setgroups {
            setgroups_control(word)?;
        }
        if let Some(flags) = self.propagation {
            mount(Some(c"none"), c"/", None::<&CStr>, flags, None::<&CStr>)
                .map_err(|e| Step::Propagation.fail(e))?;
        }
        if let Some(i) = &self.early_interp {
            mount_binfmt(&i.dir, Dir::Default)?;
            load_interp(i, Dir::Default)?;
        }
        if let Some(root) = &self.root {
            nix::unistd::chroot(root.as_c_str()).map_err(|e| Step::Chroot.fail(e))?;
        }
        if let Some(dir) = &self.wd {
            nix::unistd::chdir(dir.as_c_str()).map_err(|e| Step::Chdir.fail(e))?;
        }
        self.mount_proc()?;
        if let Some(dir) = &self.binfmt_mnt {
            mount_binfmt(dir, Dir::Given)?;
        }
        if let Some(i) = &self.late_interp {
            load_interp(i, Dir::Given)?;
        }
        self.set_ids()?;
        if let Some(last) = self.keep_caps {
            sys::creds::permitted_to_ambient(last).map_err(|(s, e)| Step::Caps(s).fail(e))?;
        }
        Ok(())
    }

    /// exec the program (argv form); returns only the failure.
    pub fn exec(&mut self) -> Fail {
        match &mut self.exec {
            Some(exec) => Step::Exec.fail(exec.run()),
            None => Step::Exec.fail(Errno::EINVAL),
        }
    }

    /// `--map-user`/`--map-group`/`-r`/`-c` when no helper wrote the maps.
    fn write_single_maps(&self) -> Result<(), Fail> {
        if let Some(text) = &self.uid_map {
            write_file(c"/proc/self/uid_map", text, Step::MapOpen(UID_MAP))
                .map_err(|f| f.with_write(UID_MAP))?;
        }
        if let Some(text) = &self.gid_map {
            if self.setgroups_allow {
                return Err(Step::MapGroupWithAllow.fail(Errno::UnknownErrno));
            }
            setgroups_control("deny")?;
            write_file(c"/proc/self/gid_map", text, Step::MapOpen(GID_MAP))
                .map_err(|f| f.with_write(GID_MAP))?;
        }
        Ok(())
    }

    fn mount_proc(&self) -> Result<(), Fail> {
        let Some((dir, make_private)) = &self.proc_mnt else {
            return Ok(());
        };
        if *make_private {
            let private = MsFlags::MS_REC | MsFlags::MS_PRIVATE;
            match mount(
                Some(c"none"),
                dir.as_c_str(),
                None::<&CStr>,
                private,
                None::<&CStr>,
            ) {
                Ok(()) | Err(Errno::EINVAL) => {}
                Err(e) => return Err(Step::ProcPrivate.fail(e)),
            }
        }
        let flags = MsFlags::MS_NOSUID | MsFlags::MS_NOEXEC | MsFlags::MS_NODEV;
        mount(
            Some(c"proc"),
            dir.as_c_str(),
            Some(c"proc"),
            flags,
            None::<&CStr>,
        )
        .map_err(|e| Step::MountProc.fail(e))
    }

    fn set_ids(&self) -> Result<(), Fail> {
        if let Some(gid) = self.setgid {
            nix::unistd::setgroups(&[]).map_err(|e| Step::Setgroups.fail(e))?;
            nix::unistd::setgid(Gid::from_raw(gid)).map_err(|e| Step::Setgid.fail(e))?;
        }
        if let Some(uid) = self.setuid {
            nix::unistd::setuid(Uid::from_raw(uid)).map_err(|e| Step::Setuid.fail(e))?;
        }
        Ok(())
    }
}

impl Fail {
    /// `write_file` marks a failed write (after a good open) with the
    /// step `MapWrite("")`; give it its path.
    fn with_write(self, path: &'static str) -> Fail {
        match self.step {
            Step::MapWrite(_) => Step::MapWrite(path).fail(self.errno),
            _ => self,
        }
    }
}

/// open(O_WRONLY) and write all of `data` in as few writes as the kernel
/// takes (one for /proc files). A failed open is `open`, a failed write
/// `MapWrite("")` (the caller names it).
fn write_file(path: &CStr, data: &[u8], open: Step) -> Result<(), Fail> {
    let fd = nix::fcntl::open(path, OFlag::O_WRONLY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| open.fail(e))?;
    let mut rest = data;
    while !rest.is_empty() {
        match nix::unistd::write(&fd, rest) {
            Ok(0) => return Err(Step::MapWrite("").fail(Errno::EIO)),
            Ok(n) => rest = &rest[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(Step::MapWrite("").fail(e)),
        }
    }
    Ok(())
}

/// Write allow/deny to /proc/self/setgroups; a kernel without it is fine.
fn setgroups_control(word: &'static str) -> Result<(), Fail> {
    let path = "/proc/self/setgroups";
    match write_file(SETGROUPS, word.as_bytes(), Step::MapOpen(path)) {
        Err(Fail {
            step: Step::MapOpen(_),
            errno: Errno::ENOENT,
        }) => Ok(()),
        r => r.map_err(|f| f.with_write(path)),
    }
}

fn mount_binfmt(dir: &CStr, which: Dir) -> Result<(), Fail> {
    let flags = MsFlags::MS_NOSUID | MsFlags::MS_NOEXEC | MsFlags::MS_NODEV;
    let fs = c"binfmt_misc";
    mount(Some(fs), dir, Some(fs), flags, None::<&CStr>)
        .map_err(|e| Step::MountBinfmt(which).fail(e))
}

/// An interpreter whose flags (after the last `:`) contain `F` is opened at
/// registration time, so it must be registered before chroot.
fn is_fixed(interp: &OsStr) -> bool {
    let s = interp.as_bytes();
    s.iter()
        .rposition(|&b| b == b':')
        .is_some_and(|i| s[i..].contains(&b'F'))
}

fn load_interp(i: &Interp, which: Dir) -> Result<(), Fail> {
    match nix::sys::stat::stat(i.dir.as_c_str()) {
        Ok(st) if st.st_mode & libc::S_IFMT == libc::S_IFDIR => {}
        Ok(_) => return Err(Step::BinfmtDir(which).fail(Errno::ENOTDIR)),
        Err(e) => return Err(Step::BinfmtDir(which).fail(e)),
    }
    write_file(&i.register, &i.text, Step::RegisterOpen(which)).map_err(|f| match f.step {
        Step::MapWrite(_) => Step::RegisterWrite(which).fail(f.errno),
        _ => f,
    })
}

fn os(b: &[u8]) -> OsString {
    OsString::from_vec(b.to_vec())
}

impl Step {
    /// The fixed message (`err(EXIT_FAILURE, _("..."))`) of a step that has one.
    fn text(self) -> Option<&'static str> {
        Some(match self {
            Step::SigDefault(libc::SIGTERM) => "sigaction SIGTERM failed",
            Step::SigDefault(_) => "sigaction SIGINT failed",
            Step::SigRestore => "sigprocmask restore failed",
            Step::Pdeathsig => "prctl failed",
            Step::PollParent => "poll parent pidfd failed",
            Step::Propagation => "cannot change root filesystem propagation",
            Step::Setgroups => "setgroups failed",
            Step::Setgid => "setgid() failed",
            Step::Setuid => "setuid() failed",
            Step::Caps(CapStep::Get) => "capget failed",
            Step::Caps(CapStep::Set) => "capset failed",
            Step::Caps(CapStep::Ambient) => "prctl(PR_CAP_AMBIENT) failed",
            _ => return None,
        })
    }
}

impl Fail {
    /// util-linux's message for this failure.
    pub fn error(&self, p: &Plan) -> Error {
        if let Some(text) = self.step.text() {
            return Error::os(Op::Call(text), self.errno);
        }
        let dir = |d: Dir| match d {
            Dir::Default => PathBuf::from(super::BINFMT),
            Dir::Given => p.binfmt_mnt.clone().unwrap_or_else(|| super::BINFMT.into()),
        };
        let register =
            |what: &str, d: Dir| Op::Text(format!("{what} {}/register", dir(d).display()));
        let path = |o: &Option<PathBuf>| o.clone().unwrap_or_default();
        let op = match self.step {
            Step::ParentGone => return Error::Exit(1),
            Step::MapGroupWithAllow => {
                return Error::msg(
                    "options --setgroups=allow and --map-group are mutually exclusive",
                )
            }
            Step::MapOpen(f) => Op::Open(f.into()),
            Step::MapWrite(f) => Op::WriteFailed(f.into()),
            Step::BinfmtDir(d) => Op::Open(dir(d)),
            Step::RegisterOpen(d) => register("cannot open", d),
            Step::RegisterWrite(d) => register("write failed", d),
            Step::MountBinfmt(d) => Op::Mount(dir(d)),
            Step::Chroot => Op::Chroot(path(&p.root)),
            Step::Chdir => Op::Chdir(p.wd.clone().unwrap_or_else(|| "/".into())),
            Step::ProcPrivate => Op::Propagation(path(&p.proc_mnt)),
            Step::MountProc => Op::Mount(path(&p.proc_mnt)),
            _ => Op::Exec(self.program(p)),
        };
        Error::os(op, self.errno)
    }

    /// `argv[0]`, for `failed to execute`.
    fn program(&self, p: &Plan) -> OsString {
        match &p.program {
            crate::process::Program::Argv(a) => os(a[0].as_bytes()),
            crate::process::Program::Shell => OsString::new(),
        }
    }
}
