//! The seed topology with rns as a library: a named network namespace, a
//! veth pair with one end in it and both ends addressed and up, a ping
//! across from inside the namespace, then everything removed again.
//!
//! Needs root. To leave the host alone, run it in private mount and network
//! namespaces with a tmpfs on /run:
//!
//! ```text
//! unshare -mn sh -c 'mount -t tmpfs none /run && target/*/debug/examples/seed'
//! ```

use rns::netns::{self, HomeMounts, Source};
use rns::veth::{self, parse_cidr, End, Netns};
use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

const NAME: &str = "rns-seed";

fn main() -> ExitCode {
    match seed() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("seed: {e}");
            ExitCode::from(2)
        }
    }
}

/// Make, use and remove the topology; whether the ping was answered.
fn seed() -> Result<bool, Box<dyn std::error::Error>> {
    let name = OsStr::new(NAME);
    netns::add(name, Source::New, &HomeMounts::default(), &mut |w| {
        eprintln!("warning: {w}")
    })?;
    let wired = wire(name);
    let answered = wired.as_ref().is_ok_and(|()| ping_from(name, "10.77.0.1"));
    if wired.is_ok() {
        veth::delete("rs-host", None)?;
    }
    netns::delete(name)?;
    wired?;
    Ok(answered)
}

/// `rs-host` here (10.77.0.1/24), `rs-peer` in NAME (10.77.0.2/24).
fn wire(name: &OsStr) -> Result<(), Box<dyn std::error::Error>> {
    let here = End {
        name: "rs-host".into(),
        netns: None,
        addrs: vec![parse_cidr("10.77.0.1/24")?],
        mac: None,
    };
    let there = End {
        name: "rs-peer".into(),
        netns: Some(Netns::open(name)?),
        addrs: vec![parse_cidr("10.77.0.2/24")?],
        mac: None,
    };
    veth::create([here, there], None, true)?;
    Ok(())
}

/// `ping -c1 -W5 ADDR` inside namespace `name` (in a child: entering it
/// changes the mount namespace, and the name is deleted from this one).
fn ping_from(name: &OsStr, addr: &str) -> bool {
    let name = name.to_owned();
    let mut cmd = Command::new("ping");
    cmd.args(["-c1", "-W5", addr]);
    // SAFETY: this program has one thread, so the forked child may
    // allocate; the closure only enters the namespace before exec.
    unsafe {
        cmd.pre_exec(move || {
            netns::switch(&name, &mut |w| eprintln!("warning: {w}"))
                .map_err(|e| std::io::Error::from_raw_os_error(e.errno() as i32))
        });
    }
    cmd.status().is_ok_and(|s| s.success())
}
