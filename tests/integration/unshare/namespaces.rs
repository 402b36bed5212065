//! Which namespaces each flag makes, propagation, time offsets, caps, binfmt_misc.

use super::*;

// ---------------------------------------------------- namespaces

/// Every namespace link of the calling process, in a fixed order.
const KINDS: &str = "cgroup ipc mnt net pid time user uts";

fn ns_links(i: Impl, opts: &str) -> Vec<String> {
    let s = format!("unshare {opts} sh -c 'for k in {KINDS}; do readlink /proc/self/ns/$k; done'");
    let o = script(i, &s);
    assert_eq!(o.code, 0, "{s}: {o:?}");
    o.stdout.lines().map(str::to_string).collect()
}

#[test]
fn each_flag_unshares_exactly_its_namespace() {
    if !Test::new().root().ok() {
        return;
    }
    let outside = ns_links(Host, "");
    for (opts, kinds) in [
        ("-m", &["mnt"][..]),
        ("-u", &["uts"]),
        ("-i", &["ipc"]),
        ("-n", &["net"]),
        ("-C", &["cgroup"]),
        ("-U", &["user"]),
        ("-T", &["time"]),
        ("-p --fork", &["pid"]),
        ("--mount-proc -p -f", &["pid", "mnt"]),
        ("-r", &["user"]),
        ("--map-user=0", &["user"]),
        (
            "-m -u -i -n -C -U -T -p -f",
            &["mnt", "uts", "ipc", "net", "cgroup", "user", "time", "pid"],
        ),
        (
            "--mount --uts --ipc --net --cgroup --user --time --pid --fork",
            &["mnt", "uts", "ipc", "net", "cgroup", "user", "time", "pid"],
        ),
    ] {
        let inside = ns_links(Rns, opts);
        assert_eq!(inside.len(), 8, "{opts}: {inside:?}");
        for (o, n) in outside.iter().zip(&inside) {
            let kind = o.split(':').next().unwrap();
            assert_eq!(
                o == n,
                !kinds.contains(&kind),
                "{opts}: {kind}: outside {o}, inside {n}"
            );
        }
    }
    // -p without --fork: the program itself stays, its children are inside.
    let o = script(Rns, "unshare -p readlink /proc/self/ns/pid; unshare -p sh -c 'readlink /proc/self/ns/pid; true'");
    let l: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(l.len(), 2, "{o:?}");
    assert_eq!(l[0], outside[4]);
    assert_ne!(l[1], outside[4]);
}

#[test]
fn namespaces_behave_like_host() {
    if !Test::new().root().ok() {
        return;
    }
    same("unshare -u sh -c 'hostname rns-inner-host; hostname'; hostname");
    same("unshare -n ip -o link | cut -d' ' -f1-3");
    same("unshare --fork --pid --mount-proc ps -e -o pid,ppid,comm");
    same("unshare --fork --pid --mount-proc sh -c 'echo $$; ps -o pid='");
    same("unshare --pid --fork sh -c 'echo $$'");
    same("unshare --pid --fork --mount-proc sh -c \"grep ' /proc ' /proc/self/mountinfo | tail -1 | cut -d' ' -f5,6\"");
    same("unshare --mount-proc sh -c \"tail -1 /proc/self/mountinfo | cut -d' ' -f5,6\"");
    let dir = std::env::temp_dir().join(unique("rns-myproc"));
    std::fs::create_dir(&dir).unwrap();
    let d = dir.display();
    same(&format!(
        "unshare -p -f --mount-proc={d} sh -c 'ls {d} | grep -E \"^[0-9]+$\" | head -1'"
    ));
    std::fs::remove_dir(&dir).unwrap();
    same("unshare --pid --fork sh -c 'kill -TERM $$; echo still-alive; exit 3'");
}

#[test]
fn propagation_modes() {
    if !Test::new().root().ok() {
        return;
    }
    // Run where / is shared so every mode shows in mountinfo.
    let modes = "mount --make-rshared / && unshare -m findmnt -n -o PROPAGATION / && for p in private shared slave unchanged; do unshare -m --propagation $p findmnt -n -o PROPAGATION /; done; unshare --propagation slave true; echo rc=$?";
    let o = same(&format!("/usr/bin/unshare -m sh -c '{modes}'"));
    expect(
        &o,
        "private\nprivate\nshared\nprivate,slave\nshared\nrc=0\n",
        "",
        0,
    );
    // Without -m the mode is ignored, but a bad one is still refused.
    same("unshare --propagation bogus true");
}

#[test]
fn time_offsets() {
    if !Test::new().root().ok() {
        return;
    }
    same("unshare -T --fork --monotonic 5 --boottime 7 cat /proc/self/timens_offsets");
    same("unshare -T --monotonic=-5 --boottime=-9 cat /proc/self/timens_offsets");
    let uptime = |i: Impl, opts: &str| -> f64 {
        let o = script(i, &format!("unshare {opts} cut -d' ' -f1 /proc/uptime"));
        assert_eq!(o.code, 0, "{o:?}");
        o.stdout.trim().parse().unwrap()
    };
    let base = uptime(Host, "");
    for opts in ["-T --boottime 100000", "-T --fork --boottime=100000"] {
        let up = uptime(Rns, opts);
        assert!(
            (up - base - 100000.0).abs() < 30.0,
            "{opts}: {up} vs {base}"
        );
    }
}

#[test]
fn keep_caps() {
    if !Test::new().root().ok() {
        return;
    }
    let o = same("unshare -U grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status; echo ---; unshare -U --keep-caps grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status");
    let amb: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with("CapAmb"))
        .collect();
    assert_eq!(amb.len(), 2);
    assert_eq!(amb[0], "CapAmb:\t0000000000000000");
    assert_ne!(amb[1], "CapAmb:\t0000000000000000");
    // Without a user namespace --keep-caps does nothing.
    same("unshare --keep-caps grep -E '^CapAmb' /proc/self/status");
}

#[test]
fn binfmt_misc_in_the_namespace() {
    if !Test::new().root().ok() {
        return;
    }
    // A binfmt_misc instance per user namespace needs Linux 6.7+.
    let probe = script(Rns, "unshare -r -p -f --mount-binfmt true");
    if probe.code != 0 {
        eprintln!("skipping: no namespaced binfmt_misc: {probe:?}");
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{probe:?}");
        return;
    }
    let name = unique("rnsbf");
    let ext = unique("x").replace('-', "");
    let file = std::env::temp_dir().join(format!("rns-binfmt-{name}.{ext}"));
    std::fs::write(&file, "through cat\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
    let f = file.display();
    let o = script(Rns, &format!(
        "unshare -r -p -f -l ':{name}:E::{ext}::/bin/cat:' sh -c 'head -1 /proc/sys/fs/binfmt_misc/{name}; {f}'; test -e /proc/sys/fs/binfmt_misc/{name} || echo not-outside"
    ));
    expect(&o, "enabled\nthrough cat\nnot-outside\n", "", 0);
    // Flag F: registered before chroot, so the interpreter is opened
    // outside the new root.
    let o = script(Rns, &format!(
        "unshare -r -p -f -l ':{name}:E::{ext}::/bin/cat:F' -R / sh -c 'grep flags /proc/sys/fs/binfmt_misc/{name}; {f}'"
    ));
    expect(&o, "flags: F\nthrough cat\n", "", 0);
    // --mount-binfmt=DIR mounts there and nothing else.
    let o = script(Rns, "unshare -r --mount-binfmt=/mnt sh -c 'ls /mnt; findmnt -n -o FSTYPE /mnt; findmnt -n -o FSTYPE /proc | tail -1'");
    expect(&o, "register\nstatus\nbinfmt_misc\nproc\n", "", 0);
    let o = script(Rns, "unshare -r --mount-binfmt=/nonexistent-rns true");
    expect(
        &o,
        "",
        "unshare: mount /nonexistent-rns failed: No such file or directory\n",
        1,
    );
    let o = script(Rns, "unshare -r -p -f -l bogus true");
    expect(
        &o,
        "",
        "unshare: write failed /proc/sys/fs/binfmt_misc/register: Invalid argument\n",
        1,
    );
    let _ = std::fs::remove_file(&file);
}
