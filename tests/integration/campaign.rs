//! The reliability campaign that spans applets: what the exec'd program
//! inherits (fds, signal mask, ignored signals incl. SIGPIPE) must be exactly
//! what the caller gave, in every mode that forks, persists or waits.

use crate::common::*;

/// The caller blocks SIGUSR1 and ignores SIGUSR2 and SIGPIPE, then execs.
const WRAP: &str = r#"use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); $SIG{USR2}="IGNORE"; $SIG{PIPE}="IGNORE"; exec @ARGV or die"#;

/// What a program sees: its fds and signal state.
const PROBE: &str =
    "ls /proc/self/fd | sort -n | tr '\\n' ' '; echo; grep -E '^Sig(Blk|Ign)' /proc/self/status";

fn probe_under(prefix: &[&str], wrapped: bool) -> Out {
    let mut argv: Vec<&str> = Vec::new();
    if wrapped {
        argv.extend(["/usr/bin/perl", "-e", WRAP]);
    }
    argv.extend_from_slice(prefix);
    argv.extend(["/bin/sh", "-c", PROBE]);
    run(cmd(argv[0]).args(&argv[1..]).env("RNS", rns_bin()))
}

/// Run the probe directly and under `modes`, under a caller with and
/// without a custom signal state: the program must see the same thing.
fn assert_transparent(modes: &[&[&str]]) {
    for wrapped in [false, true] {
        let direct = probe_under(&[], wrapped);
        assert_eq!(direct.code, 0, "{direct:?}");
        for mode in modes {
            let mut prefix = vec![rns_bin()];
            prefix.extend_from_slice(mode);
            let got = probe_under(&prefix, wrapped);
            assert_eq!(
                got, direct,
                "mode {mode:?} (caller signal state customised: {wrapped})"
            );
        }
    }
}

#[test]
fn unshare_passes_on_exactly_the_callers_fds_and_signals() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    assert_transparent(&[
        &["unshare", "-n"],
        &["unshare", "-f"],
        &["unshare", "-f", "--kill-child"],
        &["unshare", "--kill-child=SIGTERM", "-n"],
        &["unshare", "--forward-signals", "-u"],
        &["unshare", "-r"],
        &["unshare", "-fp", "--mount-proc"],
        &["unshare", "-Ur", "--keep-caps", "-m"],
    ]);
}

#[test]
fn nsenter_passes_on_exactly_the_callers_fds_and_signals() {
    if !need_root() || !need_tool("/usr/bin/perl") {
        return;
    }
    assert_transparent(&[
        &["nsenter", "--net=/proc/self/ns/net"],
        &["nsenter", "--pid=/proc/self/ns/pid"],
        &["nsenter", "--pid=/proc/self/ns/pid", "-F"],
        &["nsenter", "--mount=/proc/self/ns/mnt", "--wd=/"],
    ]);
}

#[test]
fn persistence_helpers_leave_no_fd_behind() {
    if !need_root() {
        return;
    }
    // In a private mount namespace: a private directory with files to bind.
    let script = r#"
        d=$(mktemp -d) && mount --bind "$d" "$d" && mount --make-private "$d" &&
        touch "$d/net" "$d/mnt" "$d/pid" "$d/user" &&
        want=$(ls /proc/self/fd | wc -l) &&
        got=$($RNS unshare --net="$d/net" --mount="$d/mnt" --pid="$d/pid" --user="$d/user" -f -r sh -c 'ls /proc/self/fd | wc -l') &&
        echo "$want $got" &&
        nsenter --net="$d/net" true && nsenter --mount="$d/mnt" true && echo persisted
    "#;
    let o = run(cmd("/usr/bin/unshare")
        .args(["-m", "--propagation", "private", "/bin/sh", "-c", script])
        .env("RNS", rns_bin()));
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{o:?}");
    let counts: Vec<&str> = lines[0].split(' ').collect();
    assert_eq!(counts[0], counts[1], "fd count differs: {o:?}");
    assert_eq!(lines[1], "persisted");
}

#[test]
fn real_time_signals_are_re_raised_by_the_waiting_parent() {
    if !need_root() {
        return;
    }
    // SIGRTMIN+3 is 37 for programs (glibc reserves two).
    let o = sh("$RNS unshare -f sh -c 'kill -s RTMIN+3 $$'; echo rc=$?");
    assert_eq!(o.stdout, "rc=165\n", "{o:?}");
    let o = sh("$RNS unshare -f sh -c 'kill -KILL $$'; echo rc=$?");
    assert_eq!(o.stdout, "rc=137\n", "{o:?}");
    let o = sh("$RNS nsenter --pid=/proc/self/ns/pid sh -c 'kill -s RTMIN+3 $$'; echo rc=$?");
    assert_eq!(o.stdout, "rc=165\n", "{o:?}");
}

#[test]
fn paths_in_messages_keep_their_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let odd = std::ffi::OsStr::from_bytes(b"/nonexistent-\xff\xfe");
    for applet in ["unshare", "nsenter"] {
        let mut wd = std::ffi::OsString::from("--wd=");
        wd.push(odd);
        let mut c = cmd(rns_bin());
        c.arg(applet).arg(wd);
        if applet == "nsenter" {
            c.arg("--net=/proc/self/ns/net");
        }
        c.arg("true");
        let o = c.output().unwrap();
        assert!(
            o.stderr.windows(2).any(|w| w == b"\xff\xfe"),
            "{applet}: {:?}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(1));
    }
    let o = cmd(rns_bin()).arg("unshare").arg(odd).output().unwrap();
    let mut want = b"unshare: failed to execute ".to_vec();
    want.extend_from_slice(odd.as_bytes());
    want.extend_from_slice(b": No such file or directory\n");
    assert_eq!(o.stderr, want);
    assert_eq!(o.status.code(), Some(127));
}
