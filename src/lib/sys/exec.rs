//! execve(2) and what it takes: argv and envp as data built before a fork
//! or a vfork-style clone (the child only reads them), and glibc execvp's
//! ENOEXEC fallback to /bin/sh.

use nix::errno::Errno;
use std::ffi::{CStr, CString};

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
