//! The reliability campaign that spans applets: what the exec'd program
//! inherits (fds, signal mask, ignored signals incl. SIGPIPE) must be exactly
//! what the caller gave, in every mode that forks, persists or waits.

use crate::common::*;

/// The caller blocks SIGUSR1 and ignores SIGUSR2, SIGPIPE and SIGINT (as a
/// shell does for a background job), then execs.
const WRAP: &str = r#"use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); $SIG{USR2}="IGNORE"; $SIG{PIPE}="IGNORE"; $SIG{INT}="IGNORE"; exec @ARGV or die"#;

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
    if !Test::new().root().tool("/usr/bin/perl").ok() {
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
    if !Test::new().root().tool("/usr/bin/perl").ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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

#[test]
fn unshare_map_users_helper_passes_on_exactly_the_callers_fds_and_signals() {
    if !Test::new().root().tool("/usr/bin/perl").ok() {
        return;
    }
    // As root, --map-users/--map-groups fork the helper that writes the maps.
    assert_transparent(&[
        &[
            "unshare",
            "--map-users=0:100000:65536",
            "--map-groups=0:100000:65536",
            "-U",
        ],
        &[
            "unshare",
            "-f",
            "--map-users=100000,0,65536",
            "--map-groups=0:100000:65536",
            "-U",
        ],
        &[
            "unshare",
            "--map-root-user",
            "--map-users=1:100001:1000",
            "-U",
        ],
    ]);
}

#[test]
fn nsenter_all_into_a_real_target_passes_on_exactly_the_callers_fds_and_signals() {
    if !Test::new().root().tool("/usr/bin/perl").ok() {
        return;
    }
    // A target in other mount, net, uts, ipc and cgroup namespaces.
    let mut target = cmd("/usr/bin/unshare")
        .args(["--mount", "--net", "--uts", "--ipc", "--cgroup"])
        .args(["sleep", "60"])
        .spawn()
        .unwrap();
    let pid = target.id().to_string();
    // Wait until the target is in its namespaces (sleep has been exec'd).
    let me = std::fs::read_link("/proc/self/ns/net").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        let ns = std::fs::read_link(format!("/proc/{pid}/ns/net")).unwrap_or_default();
        if exe.ends_with("sleep") && ns != me {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = target.kill();
            panic!("the target never exec'd sleep in its namespaces");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_transparent(&[
        &["nsenter", "-a", "-t", &pid],
        &["nsenter", "--all", "--target", &pid, "-F"],
        &[
            "nsenter", "-t", &pid, "-m", "-n", "-u", "-i", "-C", "--wd=/",
        ],
    ]);
    let _ = target.kill();
    let _ = target.wait();
}

/// What a setuid or setgid copy of rns run by `nobody` did: the commands'
/// output, and the side effects found afterwards.
const SUID_SCRIPT: &str = r#"
mount -t tmpfs rns-suid /run && mkdir /run/bin && cp "$RNS" /run/bin/rns &&
chown 0:0 /run/bin/rns && chmod "$MODE" /run/bin/rns || exit 9
for a in unshare nsenter netns ipnetns veth rns-nonexistent-applet; do ln -s rns /run/bin/$a; done
as() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; echo "rc=$?"; }
as /run/bin/unshare -r touch /run/m-unshare
as /run/bin/rns unshare -r touch /run/m-rns-unshare
as /run/bin/nsenter --net=/proc/self/ns/net touch /run/m-nsenter
as /run/bin/rns nsenter --net=/proc/self/ns/net touch /run/m-rns-nsenter
as /run/bin/netns add m-netns
as /run/bin/ipnetns add m-ipnetns
as /run/bin/rns netns add m-rns-netns
as /run/bin/veth add m-veth0 m-veth1
as /run/bin/rns veth add m-veth2 m-veth3
as /run/bin/rns-nonexistent-applet
echo "left: $(ls /run /run/netns 2>/dev/null | grep m- | tr '\n' ' ')$(ip -o link | grep -o 'm-veth[0-9]' | tr '\n' ' ')"
"#;

#[test]
fn setuid_or_setgid_install_is_refused_for_every_applet_name() {
    if !Test::new()
        .root()
        .tool("/usr/bin/setpriv")
        .tool("/usr/sbin/ip")
        .ok()
    {
        return;
    }
    let refusal =
        "rns: refusing to run setuid or setgid: these tools are not safe as setuid programs\n";
    for mode in ["4755", "2755", "6755"] {
        let o = run(cmd("/usr/bin/unshare")
            .args(["--net", "--mount", "--propagation", "private"])
            .args(["/bin/sh", "-c", SUID_SCRIPT])
            .env("RNS", rns_bin())
            .env("MODE", mode)
            .current_dir("/"));
        let lines: Vec<&str> = o.stdout.lines().collect();
        assert_eq!(lines.len(), 11, "mode {mode}: {o:?}");
        assert!(
            lines[..10].iter().all(|l| *l == "rc=1"),
            "mode {mode}: {o:?}"
        );
        assert_eq!(lines[10], "left: ", "mode {mode}: side effects: {o:?}");
        assert_eq!(o.stderr, refusal.repeat(10), "mode {mode}");
    }
}

#[test]
fn veth_names_with_odd_bytes_are_refused_before_the_kernel() {
    if !Test::new().root().tool("/usr/sbin/ip").ok() {
        return;
    }
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let odd: Vec<(Vec<u8>, &str)> = vec![
        (b"../x".to_vec(), "it contains '/'"),
        (b"a/b".to_vec(), "it contains '/'"),
        (b"/".to_vec(), "it contains '/'"),
        (b".".to_vec(), "'.' and '..' are not allowed"),
        (b"..".to_vec(), "'.' and '..' are not allowed"),
        (b"".to_vec(), "it is empty"),
        (b"a:b".to_vec(), "it contains ':'"),
        (b"a b".to_vec(), "it contains whitespace"),
        (b"a\nb".to_vec(), "it contains whitespace"),
        (b"a\x0bb".to_vec(), "it contains whitespace"),
        (b"a\xa0".to_vec(), "it contains whitespace"),
        ("\u{e0}".as_bytes().to_vec(), "it contains whitespace"),
        (b"a\x01b".to_vec(), "it contains a control character"),
        (b"a\x1b[1m".to_vec(), "it contains a control character"),
        (b"a\x7f".to_vec(), "it contains a control character"),
        (b"0123456789abcdef".to_vec(), "it is longer than 15 bytes"),
        (
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"
                .as_bytes()
                .to_vec(),
            "it is longer than 15 bytes",
        ),
        (b"a\xffb".to_vec(), "it is not valid UTF-8"),
    ];
    for (name, why) in odd {
        let shown = String::from_utf8_lossy(&name).into_owned();
        let want = format!("veth: invalid device name '{shown}': {why}\n");
        let n = OsString::from_vec(name.clone());
        for args in [
            vec![OsString::from("add"), n.clone(), "p0".into()],
            vec!["add".into(), "v0".into(), n.clone()],
            vec!["del".into(), n.clone()],
        ] {
            // In a network namespace of its own: whatever happens stays there.
            let o = run(cmd("/usr/bin/unshare")
                .args(["--net", "/bin/sh", "-c"])
                .arg(r#""$RNS" veth "$@"; echo "rc=$?"; ip -o link | grep -vc ': lo:'"#)
                .arg("sh")
                .args(&args)
                .env("RNS", rns_bin()));
            assert_eq!(
                (o.stdout.as_str(), o.stderr.as_str()),
                ("rc=1\n0\n", want.as_str()),
                "{args:?}"
            );
        }
    }
}
