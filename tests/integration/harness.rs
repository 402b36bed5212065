//! `Test`: what an integration test needs and how its commands run, declared
//! in one place.
//!
//! ```ignore
//! let Some(t) = Test::new()
//!     .root()                          // root in the initial user namespace
//!     .tool("/usr/bin/setpriv")        // a program the test runs
//!     .sandbox()                       // private mount ns + tmpfs on /run
//!     .net_ns()                        // ... and a network namespace of its own
//!     .ready()                         // None: skipped (CI=true: failed)
//! else {
//!     return;
//! };
//! let o = t.sh("$RNS netns add a && ip netns list");
//! t.versus("ip", |t, side| t.env("N", side.pick("rns", "ip"))).same("...");
//! ```
//!
//! Needs are checked as they are declared, in order, and the first one
//! missing decides: under CI=true it fails the test, otherwise the test is
//! skipped with a message on stderr (see `need_root`, `need_tool`).
//!
//! A command is run as
//! `[taskset -c CPU] [timeout -k 5 S] [unshare NS... sh -c SETUP] [setpriv ...] PROGRAM`,
//! with `common::cmd`'s clean environment plus the variables given with
//! `env` (and `$RNS`, the built binary, for `sh` scripts).
#![allow(dead_code)]

use crate::common::{as_user, cmd, need_root, need_tool, rns_bin, run, Out};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;

/// The implementation a comparison run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The reference tool of the host (util-linux, iproute2).
    Host,
    /// The built rns.
    Rns,
}

impl Side {
    /// `rns` on the rns side, `host` on the host side.
    pub fn pick<T>(self, rns: T, host: T) -> T {
        match self {
            Side::Rns => rns,
            Side::Host => host,
        }
    }
}

type Variant = Rc<dyn Fn(Test, Side) -> Test>;

/// A test's needs and the way its commands run; see the module docs.
#[derive(Clone)]
pub struct Test {
    ready: bool,
    namespaces: Vec<&'static str>,
    mounts: Vec<String>,
    setup: Option<String>,
    teardown: Option<String>,
    user: bool,
    timeout: Option<u32>,
    cpu: Option<usize>,
    cwd: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    prelude: String,
    program: Vec<OsString>,
    normalise: Option<fn(&str) -> String>,
    versus: Option<(&'static str, Variant)>,
}

impl Default for Test {
    fn default() -> Test {
        Test::new()
    }
}

impl Test {
    /// Needs nothing; runs commands directly, as root (the caller).
    pub fn new() -> Test {
        Test {
            ready: true,
            namespaces: Vec::new(),
            mounts: Vec::new(),
            setup: None,
            teardown: None,
            user: false,
            timeout: None,
            cpu: None,
            cwd: None,
            env: Vec::new(),
            prelude: String::new(),
            program: Vec::new(),
            normalise: None,
            versus: None,
        }
    }

    // ------------------------------------------------------------ needs

    /// Needs root in the initial user namespace.
    pub fn root(mut self) -> Test {
        self.ready = self.ready && need_root();
        self
    }

    /// Needs the program (or file) at `path`.
    pub fn tool(mut self, path: &str) -> Test {
        self.ready = self.ready && need_tool(path);
        self
    }

    /// Were all needs met? Then the test, else None (skipped).
    pub fn ready(self) -> Option<Test> {
        self.ready.then_some(self)
    }

    /// Were all needs met?
    pub fn ok(&self) -> bool {
        self.ready
    }

    // -------------------------------------------------------- isolation

    /// A private mount namespace (propagation private) of its own.
    pub fn mount_ns(mut self) -> Test {
        if !self.namespaces.contains(&"--mount") {
            self.namespaces
                .extend(["--mount", "--propagation", "private"]);
        }
        self
    }

    /// The usual sandbox: a private mount namespace with a fresh tmpfs on
    /// /run, so the host's /run/netns is never touched.
    pub fn sandbox(self) -> Test {
        self.mount_ns().tmpfs("/run")
    }

    /// A fresh tmpfs on `dir` in the sandbox (implies a mount namespace).
    pub fn tmpfs(mut self, dir: &str) -> Test {
        self.mounts.push(format!("mount -t tmpfs rns-test {dir}"));
        self.mount_ns()
    }

    /// A network namespace of its own (nsids are per viewing namespace).
    pub fn net_ns(mut self) -> Test {
        self.namespaces.push("--net");
        self
    }

    /// UTS (hostname) and IPC namespaces of its own.
    pub fn uts_ipc_ns(mut self) -> Test {
        self.namespaces.extend(["--uts", "--ipc"]);
        self
    }

    /// A pid namespace of its own (`--pid --fork`), /proc remounted if
    /// `mount_proc`.
    pub fn pid_ns(mut self, mount_proc: bool) -> Test {
        self.namespaces.extend(["--pid", "--fork"]);
        if mount_proc {
            self.namespaces.push("--mount-proc");
        }
        self
    }

    /// Shell code run (as root, output to stderr) in the sandbox before the
    /// program; if it fails the run exits 96.
    pub fn setup(mut self, sh: &str) -> Test {
        self.setup = Some(sh.to_string());
        self
    }

    /// Shell code run (as root, output to stderr) after the program; the
    /// program's status is kept.
    pub fn teardown(mut self, sh: &str) -> Test {
        self.teardown = Some(sh.to_string());
        self
    }

    // ------------------------------------------------------ how it runs

    /// Run as the unprivileged user 65534 (setpriv, no groups, no caps);
    /// needs setpriv.
    #[allow(clippy::wrong_self_convention)] // a builder step: "run as the user"
    pub fn as_user(mut self) -> Test {
        self = self.tool("/usr/bin/setpriv");
        self.user = true;
        self
    }

    /// Kill the run after `secs` seconds (and SIGKILL 5 s later).
    pub fn timeout(mut self, secs: u32) -> Test {
        self.timeout = Some(secs);
        self
    }

    /// Pin the run to one CPU.
    pub fn cpu(mut self, cpu: usize) -> Test {
        self.cpu = Some(cpu);
        self
    }

    /// The working directory of the run.
    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Test {
        self.cwd = Some(dir.into());
        self
    }

    /// An environment variable of the run (PATH included).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Shell code put before every script of `sh`.
    pub fn prelude(mut self, sh: &str) -> Test {
        self.prelude = sh.to_string();
        self
    }

    /// Words put before every argv of `run` (e.g. `[rns_bin(), "nsenter"]`).
    pub fn program<S: Into<OsString> + Clone>(mut self, words: &[S]) -> Test {
        self.program = words.iter().cloned().map(Into::into).collect();
        self
    }

    /// Rewrite stdout and stderr of every run (e.g. to number what differs
    /// from run to run).
    pub fn normalise(mut self, f: fn(&str) -> String) -> Test {
        self.normalise = Some(f);
        self
    }

    /// The comparison form: `same`/`both` run once per side, `variant`
    /// making the side's test from this one; `label` names the reference.
    pub fn versus(
        mut self,
        label: &'static str,
        variant: impl Fn(Test, Side) -> Test + 'static,
    ) -> Test {
        self.versus = Some((label, Rc::new(variant)));
        self
    }

    // ------------------------------------------------------------- runs

    /// `sh -c SCRIPT` (the prelude first).
    pub fn sh(&self, script: &str) -> Out {
        let full = format!("{}{script}", self.prelude);
        self.finish(
            self.command(&["/bin/sh", "-c", &full])
                .env("RNS", rns_bin()),
        )
    }

    /// The program words, then `argv`.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, argv: &[S]) -> Out {
        self.finish(&mut self.command(argv))
    }

    fn finish(&self, c: &mut Command) -> Out {
        let mut o = run(c);
        if let Some(f) = self.normalise {
            o.stdout = f(&o.stdout);
            o.stderr = f(&o.stderr);
        }
        o
    }

    /// The command `run` would run, not started.
    pub fn command<S: AsRef<std::ffi::OsStr>>(&self, argv: &[S]) -> Command {
        let mut words: Vec<OsString> = Vec::new();
        if let Some(cpu) = self.cpu {
            words.extend([
                "/usr/bin/taskset".into(),
                "-c".into(),
                cpu.to_string().into(),
            ]);
        }
        if let Some(secs) = self.timeout {
            words.extend(["/usr/bin/timeout", "-k", "5"].map(OsString::from));
            words.push(secs.to_string().into());
        }
        words.extend(self.sandbox_words());
        if self.user {
            words.extend(as_user().into_iter().map(OsString::from));
        }
        words.extend(self.program.iter().cloned());
        words.extend(argv.iter().map(|a| a.as_ref().to_os_string()));
        let mut c = cmd(&words[0]);
        c.args(&words[1..]);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        if let Some(dir) = &self.cwd {
            c.current_dir(dir);
        }
        c
    }

    /// `unshare NS... /bin/sh -c WRAPPER sandbox`, or nothing.
    fn sandbox_words(&self) -> Vec<OsString> {
        if self.namespaces.is_empty() {
            return Vec::new();
        }
        let mut w: Vec<OsString> = vec!["/usr/bin/unshare".into()];
        w.extend(self.namespaces.iter().map(OsString::from));
        w.extend([
            "/bin/sh".into(),
            "-c".into(),
            self.wrapper().into(),
            "sandbox".into(),
        ]);
        w
    }

    /// The sandbox's shell: mounts, setup, the program, teardown.
    fn wrapper(&self) -> String {
        let mut s = self.mounts.join(" && ");
        if self.setup.is_none() && self.teardown.is_none() {
            let and = if s.is_empty() { "" } else { " && " };
            return format!("{s}{and}exec \"$@\"");
        }
        let setup = self.setup.as_deref().unwrap_or(":");
        let teardown = self.teardown.as_deref().unwrap_or(":");
        if s.is_empty() {
            s.push(':');
        }
        format!(
            "{s} && {{ {setup}\n}} >&2 || exit 96\n\"$@\"; rc=$?; {{ {teardown}\n}} >&2; exit $rc"
        )
    }

    // ------------------------------------------------------ comparisons

    /// This test as `side` sees it (see `versus`).
    pub fn side(&self, side: Side) -> Test {
        let (_, variant) = self.versus.as_ref().expect("Test::versus not declared");
        variant(self.clone(), side)
    }

    /// `script` under rns only.
    pub fn ours(&self, script: &str) -> Out {
        self.side(Side::Rns).sh(script)
    }

    /// `script` under rns and under the reference: (rns, reference).
    pub fn both(&self, script: &str) -> (Out, Out) {
        let theirs = self.side(Side::Host).sh(script);
        let ours = self.side(Side::Rns).sh(script);
        (ours, theirs)
    }

    /// `script` must behave identically under rns and the reference; rns's
    /// run.
    #[track_caller]
    pub fn same(&self, script: &str) -> Out {
        let (ours, theirs) = self.both(script);
        self.assert_same(&ours, &theirs, script);
        ours
    }

    /// `argv` (after each side's program words) must behave identically.
    #[track_caller]
    pub fn same_run<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(&self, argv: &[S]) -> Out {
        let theirs = self.side(Side::Host).run(argv);
        let ours = self.side(Side::Rns).run(argv);
        self.assert_same(&ours, &theirs, &format!("{argv:?}"));
        ours
    }

    /// Equal, or a failure showing where the two first differ.
    #[track_caller]
    pub fn assert_same(&self, ours: &Out, theirs: &Out, what: &str) {
        if ours == theirs {
            return;
        }
        let label = self.versus.as_ref().map_or("reference", |v| v.0);
        eprintln!(
            "--- stdout diff (rns < > {label})\n{}",
            diff(&ours.stdout, &theirs.stdout)
        );
        eprintln!(
            "--- stderr diff (rns < > {label})\n{}",
            diff(&ours.stderr, &theirs.stderr)
        );
        assert_eq!(ours, theirs, "rns (left) vs {label} (right): {what}");
    }
}

/// The first differing lines of two texts, for the failure message.
pub fn diff(a: &str, b: &str) -> String {
    let (la, lb): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
    let first = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let show = |l: &[&str]| {
        l.iter()
            .skip(first)
            .take(6)
            .map(|x| format!("  {x:?}\n"))
            .collect::<String>()
    };
    format!("at line {}:\n<\n{}>\n{}", first + 1, show(&la), show(&lb))
}

/// Each isolation option does what it says, as root and as the user. (A
/// fresh /run may hold mount(8)'s `mount/utab`, written by later mounts.)
#[test]
fn the_builder_isolates_as_declared() {
    let Some(t) = Test::new().root().tool("/usr/bin/setpriv").ready() else {
        return;
    };
    let ns = |o: &Out, kind: &str| {
        o.stdout
            .lines()
            .any(|l| l == format!("{kind}:{}", host_ns(kind)))
    };
    let probe = "for k in mnt net pid uts; do echo $k:$(readlink /proc/self/ns/$k); done
        ls -A /run | grep -vx mount | wc -l; ls -A /tmp | wc -l; id -u; echo pid=$$; echo $E";
    let plain = t.clone().env("E", "e").sh(probe);
    assert!(
        ["mnt", "net", "pid", "uts"].iter().all(|k| ns(&plain, k)),
        "{plain:?}"
    );
    let boxed = t
        .clone()
        .sandbox()
        .tmpfs("/tmp")
        .net_ns()
        .pid_ns(true)
        .uts_ipc_ns()
        .as_user()
        .env("E", "e")
        .sh(probe);
    assert!(
        ["mnt", "net", "pid", "uts"].iter().all(|k| !ns(&boxed, k)),
        "{boxed:?}"
    );
    let tail: Vec<&str> = boxed.stdout.lines().skip(4).collect();
    assert_eq!(tail, ["0", "0", "65534", "pid=1", "e"], "{boxed:?}");
    assert_eq!((boxed.code, boxed.stderr.as_str()), (0, ""), "{boxed:?}");
}

/// Setup runs before and teardown after the program, both as root with
/// output on stderr; a failed setup is status 96 and skips the program;
/// the program's status is the run's; a timeout kills.
#[test]
fn the_builder_runs_setup_teardown_and_timeout() {
    let Some(t) = Test::new().root().tool("/usr/bin/setpriv").ready() else {
        return;
    };
    let t = t.sandbox().as_user();
    let o = t
        .clone()
        .setup("echo up; id -u")
        .teardown("echo down")
        .sh("id -u; exit 3");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.code),
        ("65534\n", "up\n0\ndown\n", 3)
    );
    let o = t.clone().setup("false").sh("echo ran");
    assert_eq!((o.stdout.as_str(), o.code), ("", 96), "{o:?}");
    let o = t.timeout(1).sh("exec sleep 30");
    assert_eq!(o.code, 124, "{o:?}");
}

/// `same` fails on any difference, naming the reference.
#[test]
fn the_builder_compares_both_sides() {
    let t = Test::new().versus("echo", |t, side| t.env("S", side.pick("x", "x")));
    assert_eq!(t.same("echo $S; exit 2").stdout, "x\n");
    let t = Test::new().versus("echo", |t, side| t.env("S", side.pick("x", "y")));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.same("echo $S")));
    assert!(r.is_err(), "a difference must fail");
    let (ours, theirs) = t.both("echo $S >&2");
    assert_eq!(
        (ours.stderr.as_str(), theirs.stderr.as_str()),
        ("x\n", "y\n")
    );
}

fn host_ns(kind: &str) -> String {
    std::fs::read_link(format!("/proc/self/ns/{kind}"))
        .unwrap()
        .display()
        .to_string()
}
