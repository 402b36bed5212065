//! Crash injection and races for `rns veth add`, in a sandbox with its own
//! network and mount namespaces (a tmpfs on /run, one named namespace `A`).
//!
//! What holds (measured, then asserted):
//! - The pair is made by one RTM_NEWLINK, so there is never a lone end.
//! - SIGKILL cannot be caught: killed between the RTM_NEWLINK and the last
//!   address/up step, a pair stays behind without (all of) its addresses.
//!   The strongest true property: the next `veth add` of the same names
//!   either succeeds (nothing was left) or fails cleanly with "already
//!   exists" and changes nothing; `veth del` then removes both ends, and
//!   an add after that succeeds.
//! - HUP, INT, QUIT and TERM are held during the add: a run they end leaves
//!   nothing; status 0 means a complete pair.
//! - Adds racing on one name: exactly one wins, the others say which
//!   device exists (status 1), and the winner's pair is complete.

use crate::common::*;
use crate::fuzz::Rng;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A process holding the sandbox's namespaces; commands enter it with the
/// host's nsenter (which execs, so the child's pid is rns's).
struct Sandbox {
    holder: Child,
}

impl Sandbox {
    fn new() -> Sandbox {
        let script = "ip netns add A && ip link set lo up && echo ready && exec sleep 600";
        let mut holder = crash()
            .command(&["/bin/sh", "-c", script])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the sandbox");
        let mut line = String::new();
        BufReader::new(holder.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "ready\n", "sandbox setup failed");
        Sandbox { holder }
    }

    /// `ARGV` inside the sandbox, not started yet.
    fn command(&self, argv: &[&str]) -> Command {
        let mut c = cmd("/usr/bin/nsenter");
        c.arg("-t")
            .arg(self.holder.id().to_string())
            .args(["-n", "-m"])
            .args(argv)
            .env("RNS", rns_bin());
        c
    }

    fn run(&self, argv: &[&str]) -> Out {
        run(&mut self.command(argv))
    }

    fn rns(&self, args: &[&str]) -> Out {
        let mut argv = vec![rns_bin(), "veth"];
        argv.extend_from_slice(args);
        self.run(&argv)
    }

    /// Link names here and in A, each with its IPv4 addresses:
    /// `k0 10.7.0.1/24` or `q0@A 10.7.0.2/24`.
    fn state(&self) -> Vec<String> {
        let script = r#"for n in $(ip -o link | cut -d: -f2 | cut -d@ -f1); do echo "$n" $(ip -o -4 addr show dev "$n" | awk '{print $4}'); done
for n in $(ip -n A -o link | cut -d: -f2 | cut -d@ -f1); do echo "$n@A" $(ip -n A -o -4 addr show dev "$n" | awk '{print $4}'); done"#;
        let o = self.run(&["/bin/sh", "-c", script]);
        assert_eq!(o.code, 0, "{o:?}");
        o.stdout
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.starts_with("lo"))
            .collect()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

const ADD: &[&str] = &[
    "add",
    "k0",
    "q0",
    "--peer-netns",
    "A",
    "--addr",
    "10.7.0.1/24",
    "--addr",
    "fd07::1/64",
    "--peer-addr",
    "10.7.0.2/24",
    "--peer-addr",
    "fd07::2/64",
];

fn complete() -> Vec<String> {
    vec!["k0 10.7.0.1/24".to_string(), "q0@A 10.7.0.2/24".to_string()]
}

/// Root, ip and nsenter; its own net and mount namespaces, a tmpfs on /run.
fn crash() -> Test {
    Test::new()
        .root()
        .tool("/usr/sbin/ip")
        .tool("/usr/bin/nsenter")
        .sandbox()
        .net_ns()
}

/// A per-run file for the progress marks of a debug build (rns::progress),
/// outside the sandbox's tmpfs on /run.
struct Progress(std::path::PathBuf);

impl Progress {
    fn new() -> Progress {
        let p = shared_tmp().join(unique("crash-progress-"));
        let _ = std::fs::remove_file(&p);
        Progress(p)
    }

    fn marks(&self) -> String {
        std::fs::read_to_string(&self.0).unwrap_or_default()
    }

    /// Did the run reach `POINT:start` and not yet `POINT:end`? Read right
    /// after a kill(2), which makes the signal pending before it returns:
    /// true means the signal landed inside the window.
    fn inside(&self, point: &str) -> bool {
        let m = self.marks();
        let has = |at: &str| m.lines().any(|l| l == format!("{point}:{at}"));
        has("start") && !has("end")
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Start `veth ADD` in the sandbox, send `sig` after `delay`, reap it;
/// and whether the signal landed inside the add's window.
fn add_and_signal(sb: &Sandbox, sig: Signal, delay: Duration) -> (Out, bool) {
    let mut argv = vec![rns_bin(), "veth"];
    argv.extend_from_slice(ADD);
    let progress = Progress::new();
    let mut c = sb.command(&argv);
    c.env(rns::progress::VAR, &progress.0);
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit and signal are async-signal-safe. No core file from
    // SIGQUIT; the signal at its default disposition even when this test
    // runs as a background job (whose shell ignores INT and QUIT).
    let signo = sig as i32;
    unsafe {
        c.pre_exec(move || {
            libc::signal(signo, libc::SIG_DFL);
            let zero = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::setrlimit(libc::RLIMIT_CORE, &zero) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = kill(Pid::from_raw(child.id() as i32), sig);
    let inside = progress.inside("veth-add");
    let o = child.wait_with_output().unwrap();
    use std::os::unix::process::ExitStatusExt;
    let out = Out {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o
            .status
            .code()
            .unwrap_or_else(|| 128 + o.status.signal().unwrap_or(0)),
    };
    (out, inside)
}

/// The run-time check of the marks themselves: an uninterrupted add
/// writes both (else this is not a debug build and nothing can be proved).
fn assert_marks_work(sb: &Sandbox) {
    let progress = Progress::new();
    let mut argv = vec![rns_bin(), "veth"];
    argv.extend_from_slice(ADD);
    let o = run(sb.command(&argv).env(rns::progress::VAR, &progress.0));
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        progress.marks(),
        "veth-add:start\nveth-add:end\n",
        "no progress marks: the crash tests need a build with debug assertions"
    );
    assert_eq!(sb.rns(&["del", "k0"]).code, 0);
}

/// How long a whole (uninterrupted) add takes here, through nsenter.
fn add_duration(sb: &Sandbox) -> Duration {
    let mut best = Duration::from_secs(1);
    for _ in 0..3 {
        let t = Instant::now();
        assert_eq!(sb.rns(ADD).code, 0);
        best = best.min(t.elapsed());
        assert_eq!(sb.rns(&["del", "k0"]).code, 0);
    }
    best
}

#[test]
fn sigkill_during_add_never_breaks_the_next_commands() {
    if !crash().ok() {
        return;
    }
    let sb = Sandbox::new();
    assert_marks_work(&sb);
    let span = add_duration(&sb);
    let mut rng = Rng(0xdead_0001);
    let (mut killed, mut inside, mut left_behind, mut half_made) = (0, 0, 0, 0);
    for round in 0..30 {
        let delay = span * (rng.below(120) as u32) / 100;
        let (o, landed) = add_and_signal(&sb, Signal::SIGKILL, delay);
        assert!([0, 137].contains(&o.code), "round {round}: {o:?}");
        killed += usize::from(o.code == 137);
        inside += usize::from(o.code == 137 && landed);
        let after = sb.state();
        // Never a lone end: the pair is one kernel request.
        let here = after.iter().any(|l| l.starts_with("k0"));
        let there = after.iter().any(|l| l.starts_with("q0@A"));
        assert_eq!(here, there, "round {round}: a lone end: {after:?}");
        if o.code == 0 {
            assert_eq!(
                after,
                complete(),
                "round {round}: status 0, pair incomplete"
            );
        }
        // The next add of the same names: success, or a clean refusal
        // that changes nothing.
        let again = sb.rns(ADD);
        if here {
            left_behind += 1;
            half_made += usize::from(after != complete());
            assert_eq!(
                (again.code, again.stderr.as_str()),
                (1, "veth: device 'k0' already exists\n"),
                "round {round}: {after:?}"
            );
            assert_eq!(
                sb.state(),
                after,
                "round {round}: a refused add changed something"
            );
        } else {
            assert_eq!(again.code, 0, "round {round}: {again:?}");
            assert_eq!(sb.state(), complete(), "round {round}");
        }
        // del removes both ends; then the names are free again.
        let del = sb.rns(&["del", "k0"]);
        assert_eq!((del.code, del.stderr.as_str()), (0, ""), "round {round}");
        assert_eq!(sb.state(), Vec::<String>::new(), "round {round}");
    }
    eprintln!(
        "SIGKILL: {killed} of 30 killed ({inside} inside the add), {left_behind} left a pair, {half_made} half-configured"
    );
    assert!(
        inside > 0,
        "no run was killed inside the add: the delays miss it"
    );
}

fn interrupted_adds_leave_nothing(sig: Signal, seed: u64) {
    let sb = Sandbox::new();
    assert_marks_work(&sb);
    let span = add_duration(&sb);
    let mut rng = Rng(seed);
    let (mut hit, mut inside) = (0, 0);
    for round in 0..30 {
        let delay = span * (rng.below(110) as u32) / 100;
        let (o, landed) = add_and_signal(&sb, sig, delay);
        let by_signal = 128 + sig as i32;
        assert!(
            [0, by_signal].contains(&o.code),
            "{sig} round {round}: {o:?}"
        );
        assert_eq!(o.stderr, "", "{sig} round {round}");
        let after = sb.state();
        if o.code == 0 {
            assert_eq!(after, complete(), "{sig} round {round}: status 0");
            assert_eq!(sb.rns(&["del", "k0"]).code, 0);
        } else {
            hit += 1;
            inside += usize::from(landed);
            assert_eq!(
                after,
                Vec::<String>::new(),
                "{sig} round {round} (after {delay:?}): the add was not undone"
            );
        }
    }
    eprintln!("{sig}: {hit} of 30 runs ended by the signal, {inside} of them inside the add");
    assert!(inside > 0, "{sig}: no run was interrupted inside the add");
}

#[test]
fn sigterm_during_add_undoes_the_pair() {
    if crash().ok() {
        interrupted_adds_leave_nothing(Signal::SIGTERM, 0xdead_0002);
    }
}

#[test]
fn sigint_sighup_and_sigquit_during_add_undo_the_pair() {
    if crash().ok() {
        interrupted_adds_leave_nothing(Signal::SIGINT, 0xdead_0003);
        interrupted_adds_leave_nothing(Signal::SIGHUP, 0xdead_0004);
        interrupted_adds_leave_nothing(Signal::SIGQUIT, 0xdead_0006);
    }
}

/// Start `argvs` at once: each waits on its stdin until all are spawned.
fn all_at_once(sb: &Sandbox, argvs: &[Vec<&str>]) -> Vec<Out> {
    let mut children: Vec<Child> = argvs
        .iter()
        .map(|argv| {
            let mut full = vec!["/bin/sh", "-c", "read go; exec \"$@\"", "sh"];
            full.extend_from_slice(argv);
            sb.command(&full)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in &mut children {
        c.stdin.take().unwrap().write_all(b"go\n").unwrap();
    }
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            Out {
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
                code: o.status.code().unwrap_or(-1),
            }
        })
        .collect()
}

#[test]
fn adds_racing_on_one_name_have_exactly_one_winner() {
    if !crash().ok() {
        return;
    }
    let sb = Sandbox::new();
    let mut argv = vec![rns_bin(), "veth"];
    argv.extend_from_slice(ADD);
    // 25 rounds: a loser reaching RTM_NEWLINK (EEXIST) shows in most runs.
    for round in 0..25 {
        let outs = all_at_once(&sb, &vec![argv.clone(); 8]);
        let winners = outs.iter().filter(|o| o.code == 0).count();
        assert_eq!(winners, 1, "round {round}: {outs:?}");
        for o in outs.iter().filter(|o| o.code != 0) {
            assert_eq!(o.code, 1, "round {round}: {o:?}");
            assert!(
                o.stderr == "veth: device 'k0' already exists\n"
                    || o.stderr == "veth: device 'q0' already exists in network namespace 'A'\n",
                "round {round}: {o:?}"
            );
        }
        assert_eq!(sb.state(), complete(), "round {round}");
        assert_eq!(sb.rns(&["del", "k0"]).code, 0);
    }
}

#[test]
fn adds_of_distinct_names_at_once_all_succeed() {
    if !crash().ok() {
        return;
    }
    let sb = Sandbox::new();
    let names: Vec<(String, String, String)> = (0..8)
        .map(|i| (format!("d{i}"), format!("e{i}"), format!("10.8.{i}.1/24")))
        .collect();
    let argvs: Vec<Vec<&str>> = names
        .iter()
        .map(|(a, b, addr)| {
            vec![
                rns_bin(),
                "veth",
                "add",
                a,
                b,
                "--peer-netns",
                "A",
                "--addr",
                addr,
            ]
        })
        .collect();
    let outs = all_at_once(&sb, &argvs);
    assert!(
        outs.iter().all(|o| o.code == 0 && o.stderr.is_empty()),
        "{outs:?}"
    );
    let mut want: Vec<String> = names
        .iter()
        .flat_map(|(a, b, addr)| [format!("{a} {addr}"), format!("{b}@A")])
        .collect();
    let mut got = sb.state();
    want.sort();
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn sigkill_during_del_leaves_the_pair_whole_or_gone() {
    if !crash().ok() {
        return;
    }
    let sb = Sandbox::new();
    let t = Instant::now();
    assert_eq!(sb.rns(ADD).code, 0);
    assert_eq!(sb.rns(&["del", "k0"]).code, 0);
    let span = t.elapsed() / 2;
    let mut rng = Rng(0xdead_0005);
    let mut inside = 0;
    for round in 0..20 {
        assert_eq!(sb.rns(ADD).code, 0, "round {round}");
        let delay = span * (rng.below(120) as u32) / 100;
        let progress = Progress::new();
        let mut child = sb
            .command(&[rns_bin(), "veth", "del", "k0"])
            .env(rns::progress::VAR, &progress.0)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
        inside += usize::from(progress.inside("veth-del"));
        let _ = child.wait();
        let after = sb.state();
        // One RTM_DELLINK: both ends or neither.
        assert!(
            after == complete() || after.is_empty(),
            "round {round}: {after:?}"
        );
        let again = sb.rns(&["del", "k0"]);
        if after.is_empty() {
            assert_eq!(
                (again.code, again.stderr.as_str()),
                (1, "veth: no device 'k0'\n")
            );
        } else {
            assert_eq!(
                (again.code, again.stderr.as_str()),
                (0, ""),
                "round {round}"
            );
        }
        assert_eq!(sb.state(), Vec::<String>::new(), "round {round}");
    }
    eprintln!("veth del: {inside} of 20 killed inside the del");
    assert!(inside > 0, "no del was killed inside its window");
}
