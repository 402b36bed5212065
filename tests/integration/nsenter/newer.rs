//! Options newer than the host's 2.38.1 (2.39-2.42).

use super::*;

// ------------------------------------------- newer options (2.39-2.42)

#[test]
fn env_comes_from_the_target_in_upstreams_order() {
    if !Test::new().root().ok() {
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

/// With `-e` the program is looked up in the target's PATH (util-linux
/// sets the environment, then execvp's), which rns builds as data instead
/// of writing its own environment.
#[test]
fn env_from_the_target_gives_the_program_search_path() {
    if !Test::new().root().ok() {
        return;
    }
    let t = Target::start(
        &["/usr/bin/env", "-i", "PATH=/nonexistent"],
        &["-n"],
        &["/usr/bin/sleep", "60"],
    );
    let pid = t.id();
    let o = run(cmd(rns_bin())
        .args(["nsenter", "-t", &pid, "-n", "-e", "env"])
        .env("PATH", "/usr/bin:/bin"));
    fails(
        &o,
        127,
        "nsenter: failed to execute env: No such file or directory\n",
    );
    let o = run(cmd(rns_bin()).args(["nsenter", "-t", &pid, "-n", "-e", "/usr/bin/env"]));
    ok(&o, "PATH=/nonexistent\n");
}

#[test]
fn net_socket_enters_the_sockets_namespace() {
    if !Test::new().root().tool("/usr/bin/perl").ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().tool("/usr/bin/perl").ok() {
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
    if !Test::new().root().tool("/usr/bin/perl").ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
