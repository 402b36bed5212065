//! nsenter's command line and bad input: help, getopt errors, messages, a vanished target.

use super::*;

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
    if !Test::new().root().ok() {
        return;
    }
    // `sleep 0` exits; its parent (exec'd into sleep 60) never reaps it.
    let mut t = Target::start(&[], &[], &["sh", "-c", "sleep 0 & exec sleep 60"]);
    t.pid = t.top.id() as i32;
    let deadline = Instant::now() + Duration::from_secs(20);
    while comm(t.pid) != "sleep" {
        assert!(Instant::now() < deadline, "no exec");
        std::thread::sleep(Duration::from_millis(20));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
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
