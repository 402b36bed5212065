//! A child that shares our memory until it execs: clone(2) with
//! CLONE_VM | CLONE_VFORK, as posix_spawn does. Neither process copies page
//! tables or takes copy-on-write faults, and the child runs code pages the
//! parent already mapped, so starting it costs what a C program's fork
//! costs at most. Same rules as `sys`.
//!
//! The contract (what the entry function may do; see [`spawn`]'s Safety):
//! - it runs on its own stack (mapped here, with a guard page below it) and
//!   never returns into the parent's frames: the trampoline returns its exit
//!   code to clone's child code, which exits with it (no atexit handlers, no
//!   stdio flush, no destructors of the parent's objects);
//! - it shares all memory with the parent, which stays suspended until the
//!   child has exec'd or exited: it runs no allocating code (the allocator's
//!   state is the parent's) and changes nothing of the parent's but the
//!   plain data it was given to write (a slot for its error, as
//!   posix_spawn reports an exec failure); in particular it does not touch
//!   the environment (`environ` is the parent's): the program's argv and
//!   envp are built as data before the clone;
//! - signal dispositions, the signal mask and the fd table are the child's
//!   own copies; a handler of the parent must not run in it (block the
//!   signals before calling `spawn`, reset them in the entry, then unblock);
//! - it ends by execve or by returning an exit code.
#![allow(unsafe_code)]

use nix::errno::Errno;
use std::ffi::c_void;

/// The child's stack: ample for the syscalls before exec (no formatting).
const STACK: usize = 256 * 1024;
const GUARD: usize = 4096;

/// An anonymous mapping: a PROT_NONE guard page, then the stack.
struct Stack {
    base: *mut c_void,
    len: usize,
}

impl Stack {
    fn new() -> Result<Stack, Errno> {
        let len = GUARD + STACK;
        let prot = libc::PROT_READ | libc::PROT_WRITE;
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK;
        // SAFETY: a fresh anonymous mapping; no existing memory is touched.
        let base = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, flags, -1, 0) };
        if base == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        let stack = Stack { base, len };
        // SAFETY: the first page of the mapping made above, which nothing
        // uses yet; overflowing the stack then faults instead of writing
        // into whatever lies below it.
        if unsafe { libc::mprotect(base, GUARD, libc::PROT_NONE) } != 0 {
            return Err(Errno::last());
        }
        Ok(stack)
    }

    /// The initial stack pointer: the end of the mapping (page-aligned, so
    /// 16-byte aligned as the ABI wants).
    fn top(&self) -> *mut c_void {
        self.base.wrapping_byte_add(self.len)
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // SAFETY: our own mapping; it is dropped only after clone returned
        // in the parent, i.e. after the child exec'd (it no longer has this
        // address space) or exited, so no one runs on it any more.
        unsafe {
            libc::munmap(self.base, self.len);
        }
    }
}

type Entry<'a> = &'a mut dyn FnMut() -> i32;

extern "C" fn trampoline(arg: *mut c_void) -> libc::c_int {
    // SAFETY: `arg` is the address of the `Entry` in `spawn`'s frame, which
    // stays alive and untouched while the parent is suspended (CLONE_VFORK)
    // and the child is the only one running.
    let entry = unsafe { &mut *arg.cast::<Entry>() };
    entry()
}

/// Start a child that runs `entry` on its own stack in our memory, and
/// return its pid once it has exec'd or exited (its exit signal is SIGCHLD,
/// so wait for it as for a forked child).
///
/// # Safety
///
/// - The process must have exactly one thread (checked in debug builds):
///   only the calling thread is suspended while the child runs in the
///   shared memory, so another thread would race with it.
/// - `entry` must keep the module's contract: no allocation, no lock taken,
///   nothing of the parent's changed but plain data meant for it (not the
///   environment), no handler of the parent run (signals blocked around the
///   call and reset in the child before unblocking), and it ends by execve
///   or by returning its exit code.
pub unsafe fn spawn(entry: &mut dyn FnMut() -> i32) -> Result<libc::pid_t, Errno> {
    super::debug_assert_single_threaded("a vfork-style clone");
    let stack = Stack::new()?;
    let mut entry: Entry = entry;
    let arg = (&mut entry as *mut Entry).cast::<c_void>();
    let flags = libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD;
    // SAFETY: CLONE_VM | CLONE_VFORK: the child runs `trampoline` on `stack`
    // (not on any frame of ours) and the kernel keeps this thread suspended
    // until the child execs or exits, so the child is the only code running
    // in the shared memory; the caller guarantees a single thread and that
    // `entry` keeps the contract: it ends by exec or by returning, which
    // makes clone's child code call exit(2) without touching our frames.
    let pid = unsafe { libc::clone(trampoline, stack.top(), flags, arg) };
    let result = if pid < 0 { Err(Errno::last()) } else { Ok(pid) };
    drop(stack);
    result
}
