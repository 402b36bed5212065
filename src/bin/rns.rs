//! The dispatcher: argv[0] or the first word picks the applet.
//!
//! `no_main`: Rust's usual entry point sets SIGPIPE to SIG_IGN, and the
//! program we exec would inherit that. A C-style `main` keeps the caller's
//! SIGPIPE disposition (and skips work nobody needs before exec).
#![no_main]

#[allow(unsafe_code)]
// SAFETY: `main` is called once by the C runtime with valid argc/argv; we
// read the arguments through std (glibc hands them to std at startup) and
// never touch the raw pointers.
#[no_mangle]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let code = rns::multicall::main(std::env::args_os().collect());
    use std::io::Write;
    let _ = std::io::stdout().flush();
    code
}
