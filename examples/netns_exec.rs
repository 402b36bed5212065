//! rns's named-netns store used as a library, as another program would:
//! make a named network namespace, run a program inside it (in exec's
//! environment: the namespace, a mount namespace of its own, a /sys of the
//! namespace), and delete the name again.
//!
//! Needs root (CAP_SYS_ADMIN). To leave the host's /run/netns alone, run it
//! in a private mount namespace with a tmpfs on /run:
//!
//! ```text
//! unshare -m sh -c 'mount -t tmpfs none /run && target/*/debug/examples/netns_exec ip -br link'
//! ```

use rns::netns::{self, HomeMounts, Source};
use std::ffi::{OsStr, OsString};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

const NAME: &str = "rns-example";

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    let Some((program, args)) = argv.split_first() else {
        eprintln!("usage: netns_exec PROGRAM [ARG...]");
        return ExitCode::from(2);
    };
    let name = OsStr::new(NAME);
    let mut warn = |w: &netns::Error| eprintln!("warning: {w}");
    if let Err(e) = netns::add(name, Source::New, &HomeMounts::default(), &mut warn) {
        eprintln!("add {NAME}: {e}");
        return ExitCode::FAILURE;
    }
    let status = run_in(name, program, args);
    if let Err(e) = netns::delete(name) {
        eprintln!("delete {NAME}: {e}");
        return ExitCode::FAILURE;
    }
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("{}: {e}", program.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}

/// Run `program` inside namespace `name`, in a child: entering it changes
/// the mount namespace, and the name must be deleted from this one.
fn run_in(
    name: &OsStr,
    program: &OsStr,
    args: &[OsString],
) -> std::io::Result<std::process::ExitStatus> {
    let name = name.to_owned();
    let mut cmd = Command::new(program);
    cmd.args(args);
    // SAFETY: this program has one thread, so the forked child may
    // allocate; the closure only enters the namespace before exec.
    unsafe {
        cmd.pre_exec(move || {
            netns::switch(&name, &mut |w| eprintln!("warning: {w}"))
                .map_err(|e| std::io::Error::from_raw_os_error(e.errno() as i32))
        });
    }
    cmd.status()
}
