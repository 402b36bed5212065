//! The only module allowed to use `unsafe`.
//!
//! Every block wraps one libc call whose safety does not depend on anything
//! but its arguments. A call whose soundness rests on what the type system
//! cannot see (fork and the vfork-style `spawn::spawn` need a single thread,
//! a signal handler must be async-signal-safe) is an `unsafe fn` with a
//! `# Safety` section, and its callers say why each call is sound.
#![allow(unsafe_code)]

// Per-applet wrappers, each owned by its applet; same rules as this file.
pub mod netlink;
pub mod netns;
pub mod nsenter;
pub mod spawn;
pub mod unshare;
pub mod userns;

use nix::errno::Errno;
use std::ffi::{CStr, CString};
use std::os::fd::{FromRawFd, OwnedFd};

/// C's `strerror(errnum)`, the text util-linux and iproute2 print.
pub fn strerror(errnum: i32) -> String {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: buf is writable for buf.len() bytes; the XSI strerror_r always
    // NUL-terminates what it writes on success.
    let rc = unsafe { libc::strerror_r(errnum, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errnum}");
    }
    // SAFETY: strerror_r succeeded, so buf holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// True when the kernel flagged this exec as secure (setuid/setgid or file
/// capabilities), or when real and effective ids differ.
pub fn is_privileged_exec() -> bool {
    // SAFETY: getauxval, getuid, geteuid, getgid and getegid only read
    // process state and cannot fail in a way that matters here.
    unsafe {
        libc::getauxval(libc::AT_SECURE) != 0
            || libc::getuid() != libc::geteuid()
            || libc::getgid() != libc::getegid()
    }
}

pub enum Fork {
    Parent(libc::pid_t),
    Child,
}

/// fork(2).
///
/// # Safety
///
/// The process must have exactly one thread: the child gets a copy of
/// this thread only, and any lock (malloc's, stdio's, the environment's)
/// another thread held at the moment of the fork stays locked forever in
/// the child, which may then deadlock or see half-changed data as soon as
/// it runs arbitrary code. unshare, nsenter and netns start no thread
/// before they fork (checked by [`debug_assert_single_threaded`] here).
pub unsafe fn fork() -> Result<Fork, Errno> {
    debug_assert_single_threaded("fork");
    // SAFETY: the caller guarantees a single thread (see above).
    match unsafe { libc::fork() } {
        -1 => Err(Errno::last()),
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(pid)),
    }
}

/// In debug builds, panic unless this process has exactly one thread.
///
/// fork and a vfork-style clone are only sound single-threaded, and the
/// kernel refuses `unshare(CLONE_NEWNS)` (and `unshare`/`setns` of a user
/// namespace) with EINVAL in a multi-threaded process. `what` names the
/// call in the panic message. Costs a /proc read, so release builds skip it.
pub fn debug_assert_single_threaded(what: &str) {
    if cfg!(debug_assertions) {
        let n = std::fs::read_dir("/proc/self/task").map(Iterator::count);
        // No /proc (a chroot without it): nothing to check with.
        assert!(
            n.as_ref().map_or(true, |&n| n == 1),
            "{what} in a process with {n:?} threads: rns must be single-threaded here"
        );
    }
}

/// _exit(2): leave a forked helper without running atexit handlers or
/// flushing stdio buffers inherited from the parent.
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit never returns and touches no Rust state.
    unsafe { libc::_exit(code) }
}

/// A signal set that can hold real-time signals too (nix's cannot).
/// With [`sigprocmask`] and [`sigpending`], the one signal-mask helper of
/// the crate.
#[derive(Clone, Copy)]
pub struct SigMask(libc::sigset_t);

impl SigMask {
    pub fn of(sigs: &[i32]) -> SigMask {
        // SAFETY: sigemptyset/sigaddset only write into the local set.
        unsafe {
            let mut set = std::mem::zeroed::<libc::sigset_t>();
            libc::sigemptyset(&mut set);
            for &s in sigs {
                libc::sigaddset(&mut set, s);
            }
            SigMask(set)
        }
    }

    /// Is `sig` in the set?
    pub fn contains(&self, sig: i32) -> bool {
        // SAFETY: sigismember only reads the initialised set.
        unsafe { libc::sigismember(&self.0, sig) == 1 }
    }
}

/// sigprocmask(how, set) returning the previous mask. (In a process with
/// one thread, as every caller is, this is pthread_sigmask.)
pub fn sigprocmask(how: i32, set: Option<&SigMask>) -> Result<SigMask, Errno> {
    let mut old = SigMask::of(&[]);
    let ptr = set.map_or(std::ptr::null(), |s| &s.0 as *const libc::sigset_t);
    // SAFETY: ptr is null or points at a valid set; old is a valid out-param.
    let rc = unsafe { libc::sigprocmask(how, ptr, &mut old.0) };
    Errno::result(rc).map(|_| old)
}

/// sigpending(2): the signals raised but blocked.
pub fn sigpending() -> Result<SigMask, Errno> {
    let mut set = SigMask::of(&[]);
    // SAFETY: set is a valid out-parameter.
    Errno::result(unsafe { libc::sigpending(&mut set.0) }).map(|_| set)
}

/// Reset a signal's disposition to SIG_DFL.
pub fn signal_default(sig: i32) -> Result<(), Errno> {
    // SAFETY: installing SIG_DFL involves no handler code.
    let prev = unsafe { libc::signal(sig, libc::SIG_DFL) };
    if prev == libc::SIG_ERR {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// Install `handler` for `sig` with SA_RESTART and an empty mask.
///
/// # Safety
///
/// `handler` runs at any instruction of the program, in the middle of any
/// call: it must call only async-signal-safe functions (no allocation, no
/// locks, no stdio) and touch only atomics or other lock-free state. After
/// a fork it stays installed in the child until exec, so a child that must
/// not run it resets or blocks the signal first.
pub unsafe fn signal_handler(sig: i32, handler: extern "C" fn(i32)) -> Result<(), Errno> {
    // SAFETY: sa is fully initialised; the caller vouches for the handler.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = handler as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        sa.sa_flags = libc::SA_RESTART;
        Errno::result(libc::sigaction(sig, &sa, std::ptr::null_mut())).map(drop)
    }
}

/// Is `sig` currently ignored (SIG_IGN)?
pub fn signal_is_ignored(sig: i32) -> bool {
    // SAFETY: a null new action only queries the current one.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// kill(2) with a raw signal number (real-time signals included).
pub fn kill(pid: libc::pid_t, sig: i32) -> Result<(), Errno> {
    // SAFETY: kill has no memory-safety preconditions.
    Errno::result(unsafe { libc::kill(pid, sig) }).map(drop)
}

/// waitpid(2) returning the raw status word, so that any signal (real-time
/// ones too, which nix's `Signal` cannot hold) can be passed on.
pub fn waitpid_raw(pid: libc::pid_t, flags: libc::c_int) -> Result<i32, Errno> {
    let mut status: libc::c_int = 0;
    // SAFETY: status is a valid out-parameter.
    let rc = unsafe { libc::waitpid(pid, &mut status, flags) };
    if rc < 0 {
        return Err(Errno::last());
    }
    Ok(status)
}

/// prctl(PR_SET_PDEATHSIG, sig) with a raw signal number.
pub fn set_pdeathsig(sig: i32) -> Result<(), Errno> {
    // SAFETY: PR_SET_PDEATHSIG takes an integer argument only.
    Errno::result(unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, sig as libc::c_ulong, 0, 0, 0) })
        .map(drop)
}

/// pidfd_open(2), always close-on-exec (pidfds are).
pub fn pidfd_open(pid: libc::pid_t) -> Result<OwnedFd, Errno> {
    // SAFETY: plain syscall with integer arguments.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return Err(Errno::last());
    }
    // SAFETY: the kernel returned a fresh fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// NUL-terminated strings and the null-terminated array of pointers to
/// them that execve(2) takes as argv or envp. Built before a fork or a
/// vfork-style clone, so the child only reads it.
pub struct CStrArray {
    strings: Vec<CString>,
    /// One pointer per string, into `strings`' heap buffers (which do not
    /// move when the Vec does), then a null pointer.
    ptrs: Vec<*const libc::c_char>,
}

impl CStrArray {
    pub fn new(strings: Vec<CString>) -> CStrArray {
        let mut ptrs: Vec<*const libc::c_char> = strings.iter().map(|s| s.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        CStrArray { strings, ptrs }
    }

    pub fn strings(&self) -> &[CString] {
        &self.strings
    }
}

/// The environment an exec'd program gets.
#[derive(Clone, Copy)]
pub enum Envp<'a> {
    /// Ours (`environ`), as execv(3) passes it.
    Inherit,
    Own(&'a CStrArray),
}

unsafe extern "C" {
    /// glibc's `environ` (the process environment, read only here).
    static environ: *const *const libc::c_char;
}

fn envp_ptr(env: Envp<'_>) -> *const *const libc::c_char {
    match env {
        // SAFETY: reading the pointer value of libc's environ; nothing in
        // rns writes it (no setenv/clearenv), and a vfork-style child only
        // reads it while the parent is suspended.
        Envp::Inherit => unsafe { environ },
        Envp::Own(a) => a.ptrs.as_ptr(),
    }
}

/// execve(2); returns only on failure, with its errno. Allocates nothing,
/// so a vfork-style child may call it.
pub fn execve(path: &CStr, argv: &CStrArray, env: Envp<'_>) -> Errno {
    // SAFETY: path is NUL-terminated; argv and envp are null-terminated
    // arrays of NUL-terminated strings (CStrArray's invariant, or environ).
    unsafe { libc::execve(path.as_ptr(), argv.ptrs.as_ptr(), envp_ptr(env)) };
    Errno::last()
}

/// What glibc's execvp does when execve says ENOEXEC: run the file with
/// /bin/sh, as `/bin/sh FILE ARGV[1..]`. The pointer array is reserved up
/// front, so running it allocates nothing.
pub struct ScriptArgv(Vec<*const libc::c_char>);

impl ScriptArgv {
    pub fn for_argv(argv: &CStrArray) -> ScriptArgv {
        ScriptArgv(Vec::with_capacity(argv.ptrs.len() + 2))
    }

    /// `execve("/bin/sh", ["/bin/sh", file, argv[1..]], env)`; the errno.
    pub fn execve(&mut self, file: &CStr, argv: &CStrArray, env: Envp<'_>) -> Errno {
        let v = &mut self.0;
        v.clear();
        v.push(c"/bin/sh".as_ptr());
        v.push(file.as_ptr());
        // argv[1..] with its null terminator (argv[0] is replaced by file).
        v.extend_from_slice(argv.ptrs.get(1..).unwrap_or(&[std::ptr::null()]));
        if argv.ptrs.len() == 1 {
            v.push(std::ptr::null());
        }
        debug_assert!(v.len() <= v.capacity());
        // SAFETY: as in `execve`; `file` and `argv` outlive the call and
        // the array ends with a null pointer.
        unsafe { libc::execve(c"/bin/sh".as_ptr(), v.as_ptr(), envp_ptr(env)) };
        Errno::last()
    }
}

#[repr(C)]
#[derive(Default, Clone, Copy)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

const CAP_V3: u32 = 0x2008_0522;

/// Which step of `permitted_to_ambient` failed.
#[derive(Clone, Copy, Debug)]
pub enum CapStep {
    Get,
    Set,
    Ambient,
}

/// util-linux's cap_permitted_to_ambient: inheritable := permitted, then raise
/// every effective capability up to `last_cap` into the ambient set.
/// capget(2) of this thread: the v3 header (reused for capset) and data.
fn capget() -> Result<(CapHeader, [CapData; 2]), Errno> {
    let mut hdr = CapHeader {
        version: CAP_V3,
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: hdr and data match the kernel's v3 layout (two data words);
    // capget only writes into them.
    let rc = unsafe { libc::syscall(libc::SYS_capget, &mut hdr, data.as_mut_ptr()) };
    if rc != 0 {
        return Err(Errno::last());
    }
    Ok((hdr, data))
}

/// Is capability `cap` in this thread's effective set? (It may be held over
/// a user namespace only; the kernel decides that per namespace.) True when
/// capget itself fails, so the kernel gets the last word.
pub fn has_effective_cap(cap: u32) -> bool {
    capget().map_or(true, |(_, d)| {
        let eff = u64::from(d[0].effective) | (u64::from(d[1].effective) << 32);
        eff & (1u64 << cap.min(63)) != 0
    })
}

pub fn permitted_to_ambient(last_cap: u32) -> Result<(), (CapStep, Errno)> {
    let (mut hdr, mut data) = capget().map_err(|e| (CapStep::Get, e))?;
    let effective = u64::from(data[0].effective) | (u64::from(data[1].effective) << 32);
    for d in &mut data {
        d.inheritable = d.permitted;
    }
    // SAFETY: as above; capset reads hdr and data.
    let rc = unsafe { libc::syscall(libc::SYS_capset, &mut hdr, data.as_ptr()) };
    if rc != 0 {
        return Err((CapStep::Set, Errno::last()));
    }
    for cap in 0..=last_cap.min(63) {
        if effective & (1u64 << cap) == 0 {
            continue;
        }
        // SAFETY: prctl with integer arguments only.
        let rc = unsafe {
            libc::prctl(
                libc::PR_CAP_AMBIENT,
                libc::PR_CAP_AMBIENT_RAISE as libc::c_ulong,
                cap as libc::c_ulong,
                0 as libc::c_ulong,
                0 as libc::c_ulong,
            )
        };
        if rc < 0 {
            return Err((CapStep::Ambient, Errno::last()));
        }
    }
    Ok(())
}
