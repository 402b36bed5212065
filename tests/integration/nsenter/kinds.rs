//! Every namespace kind entered as root; pid namespaces (fork, status, stop/cont).

use super::*;

// ------------------------------------------------------ every kind, root

#[test]
fn root_enters_every_kind() {
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
    let outside = up(&run(cmd("cat").arg("/proc/uptime")));
    assert!(
        (inside - outside - 5000.0).abs() < 5.0,
        "{inside} {outside}"
    );
}

// ------------------------------------------------------ pid namespaces

#[test]
fn pid_namespace_forks_and_passes_status_on() {
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
