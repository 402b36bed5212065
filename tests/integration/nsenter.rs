//! nsenter: real targets made with the host's /usr/bin/unshare, entered by
//! rns and, where it agrees with newest upstream, by the host's nsenter
//! 2.38.1 for comparison. Where the two versions differ (reference section
//! 7) newest upstream's behaviour is asserted explicitly.

use crate::common::*;
use std::process::{Child, Command, Stdio};
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
        let deadline = Instant::now() + Duration::from_secs(10);
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

/// `rns nsenter ARGS` from /tmp.
fn ours(args: &[&str]) -> Out {
    run(cmd(rns_bin()).arg("nsenter").args(args).current_dir("/tmp"))
}

/// The host's nsenter 2.38.1, invoked as `nsenter` (glibc prints argv[0]).
fn theirs(args: &[&str]) -> Out {
    run(cmd("nsenter").args(args).current_dir("/tmp"))
}

#[track_caller]
fn same(args: &[&str]) -> Out {
    let o = ours(args);
    assert_same(&o, &theirs(args));
    o
}

fn user_cmd(program: &str) -> Command {
    let u = as_user();
    let mut c = cmd(u[0]);
    c.args(&u[1..]).arg(program).current_dir("/tmp");
    c
}

fn ours_as_user(args: &[&str]) -> Out {
    run(user_cmd(rns_bin()).arg("nsenter").args(args))
}

fn theirs_as_user(args: &[&str]) -> Out {
    run(user_cmd("nsenter").args(args))
}

#[track_caller]
fn same_as_user(args: &[&str]) -> Out {
    let o = ours_as_user(args);
    assert_same(&o, &theirs_as_user(args));
    o
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
    run(cmd("/usr/bin/perl").arg("-e").arg(script).args(args))
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

// ---------------------------------------------------------------- CLI

#[test]
fn help_and_version_are_newest_upstream() {
    ok(&ours(&["--help"]), HELP);
    ok(&ours(&["-h", "-n"]), HELP);
    ok(&ours(&["--he"]), HELP);
    let v = format!(
        "nsenter from util-linux 2.42 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    );
    ok(&ours(&["-V"]), &v);
    ok(&ours(&["--version"]), &v);
}

#[test]
fn getopt_errors_match_the_host() {
    for args in [
        &["--bogus"][..],
        &["-t"],
        &["--target"],
        &["--all=x"],
        &["--w"],
        &["-x"],
        &["--no-fork=1", "true"],
    ] {
        let o = same(args);
        assert_eq!(o.code, 1, "{args:?}");
    }
}

#[test]
fn options_newer_than_the_host_are_known() {
    fails(
        &ours(&["--us"]),
        1,
        "nsenter: option '--us' is ambiguous; possibilities: '--user' '--user-parent'\n\
         Try 'nsenter --help' for more information.\n",
    );
    fails(
        &ours(&["-N"]),
        1,
        "nsenter: option requires an argument -- 'N'\nTry 'nsenter --help' for more information.\n",
    );
    fails(
        &ours(&["--n"]),
        1,
        "nsenter: option '--n' is ambiguous; possibilities: '--net' '--net-socket' '--no-fork'\n\
         Try 'nsenter --help' for more information.\n",
    );
}

// ---------------------------------------------------------- bad input

#[test]
fn bad_input_gets_newest_upstream_messages() {
    let me = std::process::id().to_string();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["-t", "abc", "-n", "true"],
            1,
            "nsenter: failed to parse PID argument 'abc': Invalid argument\n",
        ),
        (
            &["-t", "0", "-n", "true"],
            1,
            "nsenter: failed to parse PID argument '0': Numerical result out of range\n",
        ),
        (
            &["-t", "-1", "-n", "true"],
            1,
            "nsenter: failed to parse PID argument '-1': Numerical result out of range\n",
        ),
        (
            &["-t", "12x", "-n", "true"],
            1,
            "nsenter: failed to parse PID argument '12x': Invalid argument\n",
        ),
        (
            &["-t", "1:0", "-n", "true"],
            1,
            "nsenter: failed to parse PID argument '1:0': Numerical result out of range\n",
        ),
        (
            &["-t", &me, "-t", &me, "-n", "true"],
            1,
            "nsenter: option --target may be given only once\n",
        ),
        (
            &["-N", "abc"],
            1,
            "nsenter: failed to parse file descriptor: 'abc'\n",
        ),
        (
            &["-N", "2147483648"],
            1,
            "nsenter: failed to parse file descriptor: '2147483648': Numerical result out of range\n",
        ),
        (&["-N", "3", "true"], 1, "nsenter: no target PID specified\n"),
        (&["-n", "true"], 1, "nsenter: no target PID specified\n"),
        (&["true"], 1, "nsenter: no namespace specified\n"),
        (&[], 1, "nsenter: no namespace specified\n"),
        (&["-t", &me, "true"], 1, "nsenter: no namespace specified\n"),
        // `-N -1` is accepted and means "no socket" (no lower bound upstream).
        (&["-N", "-1", "true"], 1, "nsenter: no namespace specified\n"),
        (
            &["-a", "true"],
            1,
            "nsenter: stat of /proc/0/ns/user failed: No such file or directory\n",
        ),
        (
            &["--wd=/tmp", "--wdns=/tmp", "true"],
            1,
            "nsenter: options --wd and --wdns cannot be combined\n",
        ),
        (
            &["-W/tmp", "-w", "true"],
            1,
            "nsenter: options --wdns and --wd cannot be combined\n",
        ),
        (
            &["-S", "-1", "true"],
            1,
            "nsenter: failed to parse uid: '-1': Numerical result out of range\n",
        ),
        (&["-G", "x", "true"], 1, "nsenter: failed to parse gid: 'x'\n"),
        (
            &["-r=/tmp", "true"],
            1,
            "nsenter: cannot open =/tmp: No such file or directory\n",
        ),
        (
            &["-r", "true"],
            1,
            "nsenter: neither filename nor target pid supplied for root\n",
        ),
        (
            &["--net=:abc", "true"],
            1,
            "nsenter: failed to parse nsid: abc\n",
        ),
        (
            &["--net=:-1", "true"],
            1,
            "nsenter: failed to parse nsid: -1\n",
        ),
    ];
    for (args, code, stderr) in cases {
        fails(&ours(args), *code, stderr);
    }
}

#[test]
fn bad_input_the_host_agrees_on() {
    for args in [
        &["--net=/nonexistent", "true"][..],
        &["--net=/etc/passwd", "true"],
        &["--net=/proc/self/ns/uts", "true"],
        &["--uts=/proc/self/ns/net", "true"],
        &["--pid=/dev/null", "true"],
        &["-t", "999999", "-n", "true"],
        &["-S", "nobody", "true"],
        &["--root=/nonexistent", "-n/proc/self/ns/net", "true"],
        &["--wd=/nonexistent", "--wdns=/tmp", "true"],
        &["-n/proc/self/ns/net", "/nonexistent/cmd"],
        &["-n/proc/self/ns/net", "/etc/passwd"],
        &["-n/proc/self/ns/net", "--wdns", "/tmp"],
    ] {
        let o = same(args);
        assert_ne!(o.code, 0, "{args:?}");
    }
    let o = ours(&["--net=/etc/passwd", "true"]);
    fails(
        &o,
        1,
        "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument\n",
    );
    fails(
        &ours(&["-n/proc/self/ns/net", "nonexistent-cmd"]),
        127,
        "nsenter: failed to execute nonexistent-cmd: No such file or directory\n",
    );
}

#[test]
fn short_optional_arguments_attach_and_lose_one_equals_sign() {
    let host = readlink("/proc/self/ns/net");
    for args in [
        &["-n/proc/self/ns/net", "readlink", "/proc/self/ns/net"][..],
        &["-n=/proc/self/ns/net", "readlink", "/proc/self/ns/net"],
        &["--net==/proc/self/ns/net", "readlink", "/proc/self/ns/net"],
    ] {
        ok(&ours(args), &format!("{host}\n"));
    }
    // `-n FILE` (space): FILE is the program, -n wants a target.
    fails(
        &ours(&["-n", "/proc/self/ns/net", "true"]),
        1,
        "nsenter: no target PID specified\n",
    );
    // 2.38.1 keeps the `=` (newest strips it).
    assert_eq!(theirs(&["-n=/proc/self/ns/net", "true"]).code, 1);
}

#[test]
fn without_a_program_the_login_shell_runs() {
    let script = "echo shell-ran argv0=$0";
    let run_with = |program: &str| {
        use std::io::Write;
        let mut c = cmd(program);
        if program == rns_bin() {
            c.arg("nsenter");
        }
        let mut child = c
            .arg("-n/proc/self/ns/net")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            o.status.code(),
        )
    };
    let ours = run_with(rns_bin());
    assert_eq!(ours, ("shell-ran argv0=-sh\n".to_string(), Some(0)));
    assert_eq!(ours, run_with("nsenter"));
}

#[test]
fn a_target_that_is_gone_is_reported_not_hung() {
    if !need_root() {
        return;
    }
    // `sleep 0` exits; its parent (exec'd into sleep 60) never reaps it.
    let mut t = Target::start(&[], &[], &["sh", "-c", "sleep 0 & exec sleep 60"]);
    t.pid = t.top.id() as i32;
    let deadline = Instant::now() + Duration::from_secs(5);
    while comm(t.pid) != "sleep" {
        assert!(Instant::now() < deadline, "no exec");
        std::thread::sleep(Duration::from_millis(20));
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let zombie = loop {
        let kids = children(t.pid);
        let z = kids.into_iter().find(|&k| {
            std::fs::read_to_string(format!("/proc/{k}/stat")).is_ok_and(|s| {
                s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
        });
        if let Some(z) = z {
            break z;
        }
        assert!(Instant::now() < deadline, "no zombie");
        std::thread::sleep(Duration::from_millis(20));
    };
    let z = zombie.to_string();
    fails(
        &ours(&["-t", &z, "-n", "true"]),
        1,
        "nsenter: reassociate to namespaces failed: No such process\n",
    );
    fails(
        &ours(&["-t", &z, "-n", "-r", "true"]),
        1,
        &format!("nsenter: cannot open /proc/{z}/root: No such file or directory\n"),
    );
    // A pid that no longer exists at all.
    let gone = {
        let mut c = cmd("true").spawn().unwrap();
        let pid = c.id().to_string();
        c.wait().unwrap();
        pid
    };
    let o = ours(&["-t", &gone, "-n", "true"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.starts_with("nsenter: cannot open /proc/"), "{o:?}");
}

// ------------------------------------------------------ every kind, root

#[test]
fn root_enters_every_kind() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-r", "-n", "-p", "-m", "-u", "-i", "-C", "-T"]);
    let pid = t.id();
    for (opt, name) in [
        ("-U", "user"),
        ("-C", "cgroup"),
        ("-i", "ipc"),
        ("-u", "uts"),
        ("-n", "net"),
        ("-p", "pid"),
        ("-m", "mnt"),
        ("-T", "time"),
    ] {
        let want = format!("{}\n", t.ns(name));
        let args = [
            "-t",
            &pid,
            opt,
            "readlink",
            &format!("/proc/self/ns/{name}"),
        ];
        ok(&same(&args), &want);
        // The same namespace by file.
        let file = format!("--{}=/proc/{pid}/ns/{name}", long_of(opt));
        let args = [&file[..], "readlink", &format!("/proc/self/ns/{name}")];
        ok(&same(&args), &want);
    }
}

fn long_of(opt: &str) -> &'static str {
    match opt {
        "-U" => "user",
        "-C" => "cgroup",
        "-i" => "ipc",
        "-u" => "uts",
        "-n" => "net",
        "-p" => "pid",
        "-m" => "mount",
        _ => "time",
    }
}

#[test]
fn all_skips_our_own_user_namespace() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-r", "-n", "-p", "-m", "-u", "-i", "--mount-proc"]);
    let pid = t.id();
    let script = "for n in user cgroup ipc uts net pid mnt time; do readlink /proc/self/ns/$n; done; echo ppid=$PPID; id";
    let want: String = ["user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time"]
        .iter()
        .map(|n| format!("{}\n", t.ns(n)))
        .collect::<String>()
        + "ppid=0\nuid=0(root) gid=0(root) groups=0(root)\n";
    ok(&same(&["-t", &pid, "-a", "sh", "-c", script]), &want);
    // A target in our own user namespace: -a leaves it out, -U fails.
    let n = Target::root(&["-n"]);
    let npid = n.id();
    ok(
        &same(&["-t", &npid, "-a", "readlink", "/proc/self/ns/net"]),
        &format!("{}\n", n.ns("net")),
    );
    fails(
        &ours(&["-t", &npid, "-U", "true"]),
        1,
        "nsenter: reassociate to namespaces failed: Invalid argument\n",
    );
    fails(
        &ours(&["-t", &npid, "--user=/proc/self/ns/user", "true"]),
        1,
        "nsenter: reassociate to namespace 'ns/user' failed: Invalid argument\n",
    );
}

#[test]
fn time_namespace_offsets_are_seen() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-T", "--monotonic", "1000", "--boottime", "5000"]);
    let pid = t.id();
    let o = same(&["-t", &pid, "-T", "cat", "/proc/self/timens_offsets"]);
    let fields: Vec<&str> = o.stdout.split_whitespace().collect();
    assert_eq!(
        fields,
        ["monotonic", "1000", "0", "boottime", "5000", "0"],
        "{o:?}"
    );
    let up = |o: &Out| -> f64 {
        o.stdout
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .expect("uptime")
    };
    let inside = up(&ours(&["-t", &pid, "-T", "cat", "/proc/uptime"]));
    let outside = up(&run(&mut cmd("cat").arg("/proc/uptime")));
    assert!(
        (inside - outside - 5000.0).abs() < 5.0,
        "{inside} {outside}"
    );
}

// ------------------------------------------------------ pid namespaces

#[test]
fn pid_namespace_forks_and_passes_status_on() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-p", "-m", "--mount-proc"]);
    let pid = t.id();
    ok(
        &same(&[
            "-t",
            &pid,
            "-p",
            "-m",
            "sh",
            "-c",
            "echo ppid=$PPID; ps -o pid= -p 1 | tr -d ' '",
        ]),
        "ppid=0\n1\n",
    );
    let o = ours(&["-t", &pid, "-p", "-m", "sh", "-c", "echo $$"]);
    let inner: i32 = o.stdout.trim().parse().expect("pid");
    assert!(inner > 1 && inner < 100, "{o:?}");
    for (script, code) in [
        ("exit 7", 7),
        ("kill -TERM $$", 143),
        ("kill -KILL $$", 137),
        ("kill -35 $$", 128 + 35),
        ("kill -USR1 $$", 128 + 10),
    ] {
        let o = same(&["-t", &pid, "-p", "sh", "-c", script]);
        assert_eq!(o.code, code, "{script}: {o:?}");
    }
    // -F: no fork; the program keeps its pid namespace, its children do not.
    let script = "readlink /proc/$$/ns/pid; readlink /proc/self/ns/pid";
    ok(
        &same(&["-t", &pid, "-p", "-F", "sh", "-c", script]),
        &format!("{}\n{}\n", readlink("/proc/self/ns/pid"), t.ns("pid")),
    );
}

#[test]
fn a_stopped_child_stops_nsenter_and_cont_resumes_both() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-p"]);
    let pid = t.id();
    let c = cmd(rns_bin())
        .args([
            "nsenter",
            "-t",
            &pid,
            "-p",
            "sh",
            "-c",
            "kill -STOP $$; echo resumed",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let me = c.id() as i32;
    let state = |p: i32| {
        std::fs::read_to_string(format!("/proc/{p}/stat"))
            .map(|s| {
                s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .chars()
                    .next()
            })
            .ok()
            .flatten()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while state(me) != Some('T') {
        assert!(Instant::now() < deadline, "nsenter did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(me),
        nix::sys::signal::Signal::SIGCONT,
    )
    .unwrap();
    let o = c.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "resumed\n");
    assert_eq!(o.status.code(), Some(0));
}

// ------------------------------------------------ mount ns, root and cwd

#[test]
fn mount_namespace_root_and_working_directories() {
    if !need_root() {
        return;
    }
    let dir = format!("/tmp/{}", unique("rns-nsenter-mnt"));
    std::fs::create_dir_all(&dir).unwrap();
    let setup =
        format!("mount -t tmpfs rns {dir} && touch {dir}/inside && cd {dir} && exec sleep 60");
    let t = Target::start(
        &[],
        &["-m", "--propagation", "private"],
        &["sh", "-c", &setup],
    );
    let pid = t.id();
    // setns(mnt) resets the cwd to / ; -w takes the target's cwd.
    ok(&same(&["-t", &pid, "-m", "pwd"]), "/\n");
    ok(&same(&["-t", &pid, "-n", "pwd"]), "/tmp\n");
    ok(&same(&["-t", &pid, "-m", "-w", "ls"]), "inside\n");
    ok(
        &same(&["-t", &pid, "-m", &format!("--wdns={dir}"), "ls"]),
        "inside\n",
    );
    ok(&same(&["-t", &pid, "-m", &format!("-w{dir}"), "ls"]), "");
    ok(
        &same(&["-t", &pid, "-m", &format!("--wd={dir}"), "pwd"]),
        &format!("{dir}\n"),
    );
    ok(&same(&["-t", &pid, "-m", "-r", "pwd"]), "/\n");
    ok(&same(&["-t", &pid, "-n", "-r", "pwd"]), "/tmp\n");
    ok(&same(&["-t", &pid, "-m", "-r", "-w", "ls"]), "inside\n");
    ok(&same(&["-t", &pid, "-n", "-r/", "pwd"]), "/tmp\n");
    // Newest: -W takes an optional argument only (2.38.1: required).
    ok(
        &ours(&["-t", &pid, "-m", &format!("-W={dir}"), "ls"]),
        "inside\n",
    );
    fails(
        &ours(&["-t", &pid, "-m", "-W", &dir, "ls"]),
        126,
        &format!("nsenter: failed to execute {dir}: Permission denied\n"),
    );
    assert_eq!(
        theirs(&["-t", &pid, "-m", "-W", &dir, "ls"]).stdout,
        "inside\n"
    );
    fails(
        &same(&["-t", &pid, "-m", "--wdns=/nonexistent", "pwd"]),
        1,
        "nsenter: cannot open current working directory: No such file or directory\n",
    );
    fails(
        &same(&["-t", &pid, "-m", "--wd=/etc/passwd", "pwd"]),
        1,
        "nsenter: change directory by working directory file descriptor failed: Not a directory\n",
    );
    drop(t);
    let _ = std::fs::remove_dir(&dir);
}

// ------------------------------------------------------- credentials

#[test]
fn credentials_as_root() {
    if !need_root() {
        return;
    }
    let n = Target::root(&["-n"]);
    let pid = n.id();
    ok(
        &same(&["-t", &pid, "-n", "-S", "1000", "-G", "1000", "id"]),
        "uid=1000(cloudsdk) gid=1000(cloudsdk) groups=1000(cloudsdk)\n",
    );
    for (args, want) in [
        (&["-S", "1000", "-G", "1000"][..], "1000 1000 1000\n"),
        (&["-S", "1000"], "1000 0 0\n"),
        (&["-G", "1000"], "0 1000 1000\n"),
        (&["-S", "4294967296"], "0 0 0\n"),
    ] {
        let mut a = vec!["-t", &pid, "-n"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["sh", "-c", "echo $(id -u) $(id -g) $(id -G)"]);
        ok(&ours(&a), want);
    }
    // -S/-G follow: the owner of /proc/PID.
    let f = Target::start(
        &[],
        &["-n"],
        &[
            "/usr/bin/setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sleep",
            "60",
        ],
    );
    let fpid = f.id();
    ok(
        &ours(&[
            "-t",
            &fpid,
            "-n",
            "-S",
            "follow",
            "-G",
            "follow",
            "sh",
            "-c",
            "echo $(id -u) $(id -g)",
        ]),
        "65534 65534\n",
    );
    // Entering a user namespace forces 0/0 unless told otherwise.
    let u = Target::root(&["-f", "-U"]);
    let upid = u.id();
    fails(
        &ours(&["-t", &upid, "-U", "true"]),
        1,
        "nsenter: setgid() failed: Invalid argument\n",
    );
    fails(
        &theirs(&["-t", &upid, "-U", "true"]),
        1,
        "nsenter: setgid failed: Invalid argument\n",
    );
    let m = Target::root(&["-f", "--map-user=1000", "--map-group=1000"]);
    let mpid = m.id();
    ok(
        &same(&["-t", &mpid, "-U", "-S", "1000", "-G", "1000", "id"]),
        "uid=1000(cloudsdk) gid=1000(cloudsdk) groups=1000(cloudsdk)\n",
    );
}

#[test]
fn root_enters_an_unprivileged_users_namespaces() {
    if !need_root() || !need_tool("/usr/bin/setpriv") {
        return;
    }
    let t = Target::user(&["-f", "-r", "-n", "-u", "-i", "-m"]);
    let pid = t.id();
    let script = "id -u; cat /proc/self/uid_map; readlink /proc/self/ns/user /proc/self/ns/net";
    let o = same(&["-t", &pid, "-U", "-n", "-u", "-i", "-m", "sh", "-c", script]);
    ok(
        &o,
        &format!(
            "0\n         0      65534          1\n{}\n{}\n",
            t.ns("user"),
            t.ns("net")
        ),
    );
    // --all picks the target's user namespace too.
    ok(&same(&["-t", &pid, "-a", "sh", "-c", script]), &o.stdout);
}

#[test]
fn a_plain_user_enters_its_own_namespaces() {
    if !need_root() || !need_tool("/usr/bin/setpriv") {
        return;
    }
    let t = Target::user(&[
        "-f",
        "-r",
        "-n",
        "-p",
        "-m",
        "-u",
        "-i",
        "-C",
        "-T",
        "--mount-proc",
    ]);
    let pid = t.id();
    // setgroups is denied in an `unshare -r` namespace.
    fails(
        &same_as_user(&["-t", &pid, "-U", "-n", "id"]),
        1,
        "nsenter: setgroups failed: Operation not permitted\n",
    );
    let o = same_as_user(&[
        "-t",
        &pid,
        "-U",
        "-n",
        "--preserve-credentials",
        "sh",
        "-c",
        "id -u; readlink /proc/self/ns/net",
    ]);
    ok(&o, &format!("0\n{}\n", t.ns("net")));
    let all = "echo ppid=$PPID; id -u; for n in user cgroup ipc uts net pid mnt time; do readlink /proc/self/ns/$n; done";
    let want: String = format!("ppid=0\n0\n")
        + &["user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time"]
            .iter()
            .map(|n| format!("{}\n", t.ns(n)))
            .collect::<String>();
    ok(
        &same_as_user(&["-t", &pid, "-a", "--preserve-credentials", "sh", "-c", all]),
        &want,
    );
    // Newest uses setns(pidfd, mask), hence the mask message (2.38.1 names
    // the file).
    fails(
        &ours_as_user(&["-t", &pid, "-n", "true"]),
        1,
        "nsenter: reassociate to namespaces failed: Operation not permitted\n",
    );
    fails(
        &theirs_as_user(&["-t", &pid, "-n", "true"]),
        1,
        "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted\n",
    );
    // With files, the per-file message (pass two enters the user ns first).
    let user = format!("--user=/proc/{pid}/ns/user");
    let net = format!("--net=/proc/{pid}/ns/net");
    ok(
        &same_as_user(&[
            &user,
            &net,
            "--preserve-credentials",
            "readlink",
            "/proc/self/ns/net",
        ]),
        &format!("{}\n", t.ns("net")),
    );
    // A target that did not unshare cgroup: the host's cgroup ns is out of
    // reach once inside the user namespace.
    let c = Target::user(&["-f", "-r", "-n", "-p", "--mount-proc"]);
    let cpid = c.id();
    fails(
        &ours_as_user(&["-t", &cpid, "-a", "--preserve-credentials", "true"]),
        1,
        "nsenter: reassociate to namespaces failed: Operation not permitted\n",
    );
    // Root's namespaces are not ours to enter.
    let r = Target::root(&["-n"]);
    fails(
        &ours_as_user(&["-t", &r.id(), "-n", "true"]),
        1,
        "nsenter: reassociate to namespaces failed: Operation not permitted\n",
    );
    fails(
        &same_as_user(&[&format!("--net=/proc/{}/ns/net", r.id()), "true"]),
        1,
        &format!(
            "nsenter: cannot open /proc/{}/ns/net: Permission denied\n",
            r.id()
        ),
    );
}

#[test]
fn keep_caps_raises_ambient_capabilities() {
    if !need_root() || !need_tool("/usr/bin/setpriv") {
        return;
    }
    let t = Target::user(&["-f", "-r", "-n"]);
    let pid = t.id();
    let amb = |o: Out| {
        o.stdout
            .lines()
            .find_map(|l| l.strip_prefix("CapAmb:\t").map(str::to_string))
            .unwrap_or_default()
    };
    let with = amb(ours_as_user(&[
        "-t",
        &pid,
        "-U",
        "-n",
        "--preserve-credentials",
        "--keep-caps",
        "cat",
        "/proc/self/status",
    ]));
    let without = amb(ours_as_user(&[
        "-t",
        &pid,
        "-U",
        "-n",
        "--preserve-credentials",
        "cat",
        "/proc/self/status",
    ]));
    assert_eq!(without, "0000000000000000");
    assert_ne!(with, without);
    assert!(
        u64::from_str_radix(&with, 16).unwrap() & (1 << 21) != 0,
        "{with}"
    );
    // Without a user namespace --keep-caps does nothing.
    let r = Target::root(&["-n"]);
    assert_eq!(
        amb(ours(&[
            "-t",
            &r.id(),
            "-n",
            "--keep-caps",
            "cat",
            "/proc/self/status"
        ])),
        "0000000000000000"
    );
}

// ------------------------------------------- newer options (2.39-2.42)

#[test]
fn env_comes_from_the_target_in_upstreams_order() {
    if !need_root() {
        return;
    }
    let t = Target::start(
        &["/usr/bin/env", "-i", "A=1", "B=two words", "C=3"],
        &["-n"],
        &["sleep", "60"],
    );
    let pid = t.id();
    let o = run(cmd(rns_bin())
        .args(["nsenter", "-t", &pid, "-n", "-e", "/usr/bin/env"])
        .env("MINE", "x"));
    ok(&o, "C=3\nB=two words\nA=1\n");
}

#[test]
fn net_socket_enters_the_sockets_namespace() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    // fd 3 of the target: a socket made in our netns before `unshare -n`.
    let t = Target::start(
        &[
            "/usr/bin/perl",
            "-e",
            "$^F = 100; use Socket; socket(S, PF_INET, SOCK_STREAM, 0) or die; \
             exec @ARGV",
        ],
        &["-n"],
        &["sleep", "60"],
    );
    let pid = t.id();
    let fds: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let sock = fds
        .iter()
        .find(|f| readlink(&format!("/proc/{pid}/fd/{f}")).starts_with("socket:"))
        .expect("socket fd")
        .clone();
    let host = readlink("/proc/self/ns/net");
    assert_ne!(host, t.ns("net"));
    ok(
        &ours(&["-t", &pid, "-N", &sock, "readlink", "/proc/self/ns/net"]),
        &format!("{host}\n"),
    );
    ok(
        &ours(&[
            "-t",
            &pid,
            "-n",
            "-N",
            &sock,
            "readlink",
            "/proc/self/ns/net",
        ]),
        &format!("{host}\n"),
    );
    ok(
        &ours(&["-t", &pid, "-n", "readlink", "/proc/self/ns/net"]),
        &format!("{}\n", t.ns("net")),
    );
    fails(
        &ours(&["-t", &pid, "-N", "99", "true"]),
        1,
        "nsenter: pidfd_getfd(3, 99): Bad file descriptor\n",
    );
    fails(
        &ours(&["-t", &pid, "-N", "0", "true"]),
        1,
        "nsenter: ioctl(4, SIOCGSKNS): Inappropriate ioctl for device\n",
    );
}

#[test]
fn user_parent_enters_the_owner_of_the_targets_user_namespace() {
    if !need_root() {
        return;
    }
    // outer unshare is in user ns A; the inner one (its child) makes B ⊂ A.
    let t = Target::start(
        &[],
        &["-U", "-r", "-f", "--", "/usr/bin/unshare", "-U", "-r"],
        &["sleep", "60"],
    );
    let pid = t.id();
    let outer = t.top.id();
    let a = readlink(&format!("/proc/{outer}/ns/user"));
    assert_ne!(a, t.ns("user"));
    ok(
        &ours(&[
            "-t",
            &pid,
            "--user-parent",
            "readlink",
            "/proc/self/ns/user",
        ]),
        &format!("{a}\n"),
    );
    ok(
        &ours(&[
            "-t",
            &pid,
            "-U",
            "--user-parent",
            "readlink",
            "/proc/self/ns/user",
        ]),
        &format!("{a}\n"),
    );
    // The parent of a child of our user namespace is our own: setns refuses.
    let r = Target::root(&["-f", "-r"]);
    fails(
        &ours(&["-t", &r.id(), "--user-parent", "true"]),
        1,
        "nsenter: reassociate to namespace 'ns/user' failed: Invalid argument\n",
    );
    // The initial user namespace has no parent.
    let n = Target::root(&["-n"]);
    fails(
        &ours(&["-t", &n.id(), "--user-parent", "true"]),
        1,
        "nsenter: failed to open parent namespace: Operation not permitted\n",
    );
    fails(
        &ours(&["--user-parent", "true"]),
        1,
        "nsenter: no target PID specified\n",
    );
}

#[test]
fn pid_with_pidfd_inode() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    let t = Target::root(&["-n"]);
    let pid = t.id();
    let ino = perl(
        "my $fd = syscall(434, $ARGV[0] + 0, 0); die $! if $fd < 0; \
         open(my $fh, '<&=', $fd) or die; print((stat $fh)[1])",
        &[&pid],
    );
    assert_eq!(ino.code, 0, "{ino:?}");
    let good = format!("{pid}:{}", ino.stdout);
    ok(
        &ours(&["-t", &good, "-n", "readlink", "/proc/self/ns/net"]),
        &format!("{}\n", t.ns("net")),
    );
    let n: u64 = ino.stdout.parse().unwrap();
    let bad = format!("{pid}:{}", n + 1);
    fails(
        &ours(&["-t", &bad, "-n", "true"]),
        1,
        &format!(
            "nsenter: failed to obtain a valid file descriptor for PID {pid}: No such process\n"
        ),
    );
}

#[test]
fn namespace_by_id() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    let t = Target::root(&["-n"]);
    // NS_GET_ID
    let id = perl(
        "open(F, '<', $ARGV[0]) or die; my $b = \"\\0\" x 8; \
         ioctl(F, 0x8008b70d, $b) or die \"$!\"; print unpack('Q', $b)",
        &[&format!("/proc/{}/ns/net", t.pid)],
    );
    assert_eq!(id.code, 0, "{id:?}");
    let arg = format!("--net=:{}", id.stdout);
    let o = ours(&[&arg, "readlink", "/proc/self/ns/net"]);
    // Linux 6.19 opens namespaces by id alone; 6.18 wants the type and
    // inode in the handle too, which util-linux leaves zero.
    if o.code == 0 {
        ok(&o, &format!("{}\n", t.ns("net")));
    } else {
        fails(
            &o,
            1,
            &format!(
                "nsenter: cannot open namespace of id {}: Stale file handle\n",
                id.stdout
            ),
        );
    }
}

#[test]
fn join_cgroup_is_cgroup_v2_only() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-n"]);
    let pid = t.id();
    let v2 = nix::sys::statfs::statfs("/sys/fs/cgroup")
        .is_ok_and(|s| s.filesystem_type() == nix::sys::statfs::CGROUP2_SUPER_MAGIC);
    let o = ours(&["-t", &pid, "-n", "-c", "cat", "/proc/self/cgroup"]);
    if v2 {
        let theirs = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap();
        ok(&o, &theirs);
    } else {
        fails(
            &o,
            1,
            "nsenter: --join-cgroup is only supported in cgroup v2\n",
        );
    }
}

#[test]
fn follow_context_without_selinux_is_a_no_op() {
    if !need_root() {
        return;
    }
    let selinux = std::path::Path::new("/sys/fs/selinux/enforce").exists();
    assert!(!selinux, "this test describes a host without SELinux");
    let t = Target::root(&["-n"]);
    ok(
        &ours(&["-t", &t.id(), "-n", "-Z", "readlink", "/proc/self/ns/net"]),
        &format!("{}\n", t.ns("net")),
    );
    fails(
        &ours(&["--follow-context", "-n", "true"]),
        1,
        "nsenter: no target PID specified\n",
    );
}

// ------------------------------------------------------ process hygiene

#[test]
fn no_fd_reaches_the_program() {
    if !need_root() {
        return;
    }
    let t = Target::root(&["-f", "-r", "-n", "-p", "-m", "-u", "-i"]);
    let pid = t.id();
    let user = format!("--user=/proc/{pid}/ns/user");
    let net = format!("-n/proc/{pid}/ns/net");
    // What the harness itself passes down (it may hold fds of its own).
    let baseline = run(cmd("ls").arg("/proc/self/fd").current_dir("/tmp"));
    assert!(baseline.stdout.starts_with("0\n1\n"), "{baseline:?}");
    for args in [
        &["-a", "--wd=/tmp"][..],
        &["-a", "-r", "-w"],
        &["-a", "-e", "-S", "follow", "-G", "follow"],
        &["-p", "-F", "--wdns=/"],
        &[&user, &net, "-m"],
    ] {
        let mut a = vec!["-t", &pid];
        a.extend_from_slice(args);
        a.extend_from_slice(&["ls", "/proc/self/fd"]);
        let o = ours(&a);
        ok(&o, &baseline.stdout);
    }
}

#[test]
fn signal_mask_and_ignored_signals_are_the_callers() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    let t = Target::root(&["-f", "-p", "-n"]);
    let pid = t.id();
    // Block USR1 and ignore USR2 and PIPE, then exec the command.
    let wrap = "use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); \
                $SIG{USR2} = 'IGNORE'; $SIG{PIPE} = 'IGNORE'; exec @ARGV or die";
    let sig = |argv: &[&str]| {
        let o = run(cmd("/usr/bin/perl")
            .arg("-e")
            .arg(wrap)
            .args(argv)
            .current_dir("/tmp"));
        assert_eq!(o.code, 0, "{o:?}");
        o.stdout
    };
    let grep = ["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"];
    let plain = sig(&grep);
    let mask = |name: &str| {
        plain
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .expect("mask")
    };
    assert_eq!(mask("SigBlk:") & 0x1a00, 0x200, "{plain}");
    assert_eq!(mask("SigIgn:") & 0x1a00, 0x1800, "{plain}");
    for opts in [&["-n"][..], &["-p"], &["-p", "-F"]] {
        let mut ours_argv = vec![rns_bin(), "nsenter", "-t", &pid];
        ours_argv.extend_from_slice(opts);
        ours_argv.extend_from_slice(&grep);
        assert_eq!(sig(&ours_argv), plain, "{opts:?}");
        let mut host_argv = vec!["/usr/bin/nsenter", "-t", &pid];
        host_argv.extend_from_slice(opts);
        host_argv.extend_from_slice(&grep);
        assert_eq!(sig(&host_argv), plain, "host {opts:?}");
    }
    // Default dispositions too: nothing ignored by us.
    let o = ours(&["-t", &pid, "-n", "grep", "^SigIgn", "/proc/self/status"]);
    let direct = run(cmd("grep").args(["^SigIgn", "/proc/self/status"]));
    ok(&o, &direct.stdout);
    assert_eq!(
        u64::from_str_radix(direct.stdout.trim().trim_start_matches("SigIgn:\t"), 16).unwrap()
            & (1 << 12),
        0,
        "{direct:?}"
    );
}
