//! Mount namespace root and cwd; credentials, user namespaces, --keep-caps.

use super::*;

// ------------------------------------------------ mount ns, root and cwd

#[test]
fn mount_namespace_root_and_working_directories() {
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().tool("/usr/bin/setpriv").ok() {
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
    if !Test::new().root().tool("/usr/bin/setpriv").ok() {
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
    let want: String = "ppid=0\n0\n".to_string()
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
    if !Test::new().root().tool("/usr/bin/setpriv").ok() {
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
