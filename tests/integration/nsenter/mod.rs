//! nsenter: real targets made with the host's /usr/bin/unshare, entered by
//! rns and, where it agrees with newest upstream, by the host's nsenter
//! 2.38.1 for comparison. Where the two versions differ (reference section
//! 7) newest upstream's behaviour is asserted explicitly.

mod cli;
mod credentials;
mod hygiene;
mod kinds;
mod newer;

use crate::common::*;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A `sleep 60` living in namespaces made by the host's unshare; everything
/// it started is killed when the guard goes.
struct Target {
    top: Child,
    pid: i32,
}

impl Target {
    /// `PREFIX... /usr/bin/unshare ARGS... CMD...`; the target is the first
    /// process (the top one or a descendant) that runs `sleep`.
    fn start(prefix: &[&str], unshare: &[&str], command: &[&str]) -> Target {
        let mut argv: Vec<&str> = prefix.to_vec();
        argv.push("/usr/bin/unshare");
        argv.extend_from_slice(unshare);
        argv.extend_from_slice(command);
        let top = cmd(argv[0])
            .args(&argv[1..])
            .current_dir("/")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn unshare");
        let mut t = Target { top, pid: 0 };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(pid) = find_sleep(t.top.id() as i32) {
                t.pid = pid;
                // Give a forking unshare's child time to finish its setup
                // (it execs sleep only after that, so this is enough).
                return t;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no sleep under unshare {unshare:?}");
    }

    fn root(unshare: &[&str]) -> Target {
        Target::start(&[], unshare, &["sleep", "60"])
    }

    fn user(unshare: &[&str]) -> Target {
        Target::start(&as_user(), unshare, &["sleep", "60"])
    }

    fn id(&self) -> String {
        self.pid.to_string()
    }

    fn ns(&self, name: &str) -> String {
        readlink(&format!("/proc/{}/ns/{name}", self.pid))
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        use nix::sys::signal::{kill, Signal};
        use nix::unistd::Pid;
        if self.pid > 0 {
            let _ = kill(Pid::from_raw(self.pid), Signal::SIGKILL);
        }
        let _ = kill(Pid::from_raw(self.top.id() as i32), Signal::SIGKILL);
        let _ = self.top.wait();
    }
}

fn readlink(path: &str) -> String {
    std::fs::read_link(path)
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn children(pid: i32) -> Vec<i32> {
    let mut out = Vec::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return out;
    };
    for t in tasks.flatten() {
        let text = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
        out.extend(
            text.split_whitespace()
                .filter_map(|s| s.parse::<i32>().ok()),
        );
    }
    out
}

/// The first process named `sleep` at or below `top` (breadth first).
fn find_sleep(top: i32) -> Option<i32> {
    let mut queue = vec![top];
    while !queue.is_empty() {
        let mut next = Vec::new();
        for pid in queue {
            if comm(pid) == "sleep" {
                return Some(pid);
            }
            next.extend(children(pid));
        }
        queue = next;
    }
    None
}

/// `nsenter ARGS` from /tmp: `rns nsenter`, or the host's 2.38.1 invoked
/// as `nsenter` (glibc prints argv[0]).
fn nsenter() -> Test {
    Test::new()
        .cwd("/tmp")
        .versus("util-linux 2.38.1", |t, side| {
            t.program(side.pick(&[rns_bin(), "nsenter"][..], &["nsenter"][..]))
        })
}

fn ours(args: &[&str]) -> Out {
    nsenter().side(Side::Rns).run(args)
}

fn theirs(args: &[&str]) -> Out {
    nsenter().side(Side::Host).run(args)
}

#[track_caller]
fn same(args: &[&str]) -> Out {
    nsenter().same_run(args)
}

fn ours_as_user(args: &[&str]) -> Out {
    nsenter().as_user().side(Side::Rns).run(args)
}

fn theirs_as_user(args: &[&str]) -> Out {
    nsenter().as_user().side(Side::Host).run(args)
}

#[track_caller]
fn same_as_user(args: &[&str]) -> Out {
    nsenter().as_user().same_run(args)
}

#[track_caller]
fn fails(o: &Out, code: i32, stderr: &str) {
    assert_eq!(
        (o.code, o.stderr.as_str(), o.stdout.as_str()),
        (code, stderr, ""),
        "{o:?}"
    );
}

#[track_caller]
fn ok(o: &Out, stdout: &str) {
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (0, stdout, ""),
        "{o:?}"
    );
}

fn perl(script: &str, args: &[&str]) -> Out {
    Test::new()
        .program(&["/usr/bin/perl", "-e", script])
        .run(args)
}

/// Newest util-linux's text, except that the last line names rns's own
/// man page (a deliberate difference, listed in README).
const HELP: &str = "
Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all                     enter all namespaces
 -t, --target <PID>            target process to get namespaces from
 -m, --mount[=<file>|=:<nsid>] enter mount namespace
 -u, --uts[=<file>|=:<nsid>]   enter UTS namespace (hostname etc)
 -i, --ipc[=<file>|=:<nsid>]   enter System V IPC namespace
 -n, --net[=<file>|=:<nsid>]   enter network namespace
 -N, --net-socket <fd>         enter socket's network namespace (needs --target)
 -p, --pid[=<file>|=:<nsid>]   enter pid namespace
 -C, --cgroup[=<file>|=:<nsid>]  enter cgroup namespace
 -U, --user[=<file>|=:<nsid>]  enter user namespace
     --user-parent             enter parent user namespace
 -T, --time[=<file>|=:<nsid>]  enter time namespace
 -S, --setuid[=<uid>]          set uid in entered namespace
 -G, --setgid[=<gid>]          set gid in entered namespace
     --preserve-credentials    do not touch uids or gids
     --keep-caps               retain capabilities granted in user namespaces
 -r, --root[=<dir>]            set the root directory
 -w, --wd[=<dir>]              set the working directory
 -W, --wdns <dir>              set the working directory in namespace
 -e, --env                     inherit environment variables from target process
 -F, --no-fork                 do not fork before exec'ing <program>
 -c, --join-cgroup             join the cgroup of the target process
 -Z, --follow-context          set SELinux context according to --target PID

 -h, --help                    display this help
 -V, --version                 display version

For more details see rns-nsenter(1).
";
