//! `unshare`: the built rns against the host's util-linux 2.38.1 where 2.38.1
//! and newest upstream agree, and newest upstream's behaviour spelled out
//! where they differ (reference util-linux.md section 7).
//!
//! Scripts call `unshare` by name: the host's from /usr/bin, or rns through a
//! symlink named `unshare` put first in PATH, so argv[0] (which glibc's getopt
//! prints) is the same word for both.

mod cli;
mod env;
mod files;
mod ids;
mod namespaces;
mod robustness;
mod signals;

use crate::common::*;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SYS_PATH: &str = "/usr/sbin:/usr/bin:/sbin:/bin";

/// The host's util-linux or rns.
type Impl = Side;
use Side::{Host, Rns};

/// A world-readable directory holding `unshare -> rns`.
fn rns_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        // Under target/: nothing left in /tmp; world-traversable like the
        // binary itself, which the unprivileged cases run.
        let dir = shared_tmp().join(format!("unshare-it-{}", std::process::id()));
        // Drop what earlier (finished) test runs left.
        for e in std::fs::read_dir(shared_tmp())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("unshare-it-") {
                if !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(rns_bin(), dir.join("unshare")).unwrap();
        dir
    })
}

fn path_of(i: Impl) -> String {
    match i {
        Host => SYS_PATH.to_string(),
        Rns => format!("{}:{SYS_PATH}", rns_dir().display()),
    }
}

/// The `unshare` executable of an implementation.
fn exe(i: Impl) -> PathBuf {
    match i {
        Host => PathBuf::from("/usr/bin/unshare"),
        Rns => rns_dir().join("unshare"),
    }
}

/// `unshare ARGS` with argv[0] = "unshare", clean environment, cwd /.
fn unshare_cmd(i: Impl, args: &[&str]) -> Command {
    let mut c = cmd(exe(i));
    c.arg0("unshare")
        .args(args)
        .env("PATH", path_of(i))
        .current_dir("/");
    c
}

fn direct(i: Impl, args: &[&str]) -> Out {
    run(&mut unshare_cmd(i, args))
}

/// Scripts from /, bounded to 60 s, where `unshare` is the side's.
fn unshare_sh() -> Test {
    Test::new()
        .timeout(60)
        .cwd("/")
        .versus("util-linux 2.38.1", |t, i| t.env("PATH", path_of(i)))
}

/// `sh -c SCRIPT` where `unshare` is the implementation's (60 s limit).
fn script(i: Impl, s: &str) -> Out {
    unshare_sh().side(i).sh(s)
}

/// The same script as the unprivileged user (uid/gid 65534).
fn script_as_user(i: Impl, s: &str) -> Out {
    unshare_sh().as_user().side(i).sh(s)
}

/// PIDs in messages (`mount /proc/123/ns/net on ...`) differ run to run.
fn norm(o: &Out) -> Out {
    Out {
        stdout: norm_text(&o.stdout),
        stderr: norm_text(&o.stderr),
        code: o.code,
    }
}

fn norm_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("/proc/") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && rest[n..].starts_with('/') {
            out.push_str("PID");
            rest = &rest[n..];
        }
    }
    out.push_str(rest);
    out
}

/// Run a script under both implementations and demand identical results.
#[track_caller]
fn same(s: &str) -> Out {
    unshare_sh().normalise(norm_text).same(s)
}

#[track_caller]
fn same_as_user(s: &str) -> Out {
    unshare_sh().as_user().normalise(norm_text).same(s)
}

#[track_caller]
fn expect(o: &Out, stdout: &str, stderr: &str, code: i32) {
    let want = Out {
        stdout: stdout.into(),
        stderr: stderr.into(),
        code,
    };
    assert_eq!(o, &want, "got (left) vs newest upstream (right)");
}

fn setpriv_ok() -> bool {
    Test::new().root().as_user().ok()
}

const TRY: &str = "Try 'unshare --help' for more information.\n";

/// Does /etc/subuid (or subgid) have a line for this user?
fn has_subids(file: &str, name: &str, uid: u32) -> bool {
    std::fs::read_to_string(file).is_ok_and(|t| {
        t.lines().any(|l| {
            let who = l.split(':').next().unwrap_or("");
            who == name || who == uid.to_string()
        })
    })
}

/// Wait (bounded) for a condition.
fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            if let Ok(s) = std::fs::read_to_string(t.path().join("children")) {
                out.extend(s.split_whitespace().filter_map(|x| x.parse::<u32>().ok()));
            }
        }
    }
    out
}

/// Kill a stray process if a test fails half way.
struct Reap(Vec<u32>);
impl Drop for Reap {
    fn drop(&mut self) {
        for &p in &self.0 {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(p as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}
