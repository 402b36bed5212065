//! User and group id maps: --map-user/-group, ranges, subids, unprivileged users.

use super::*;

// ------------------------------------------------------------- ids

#[test]
fn id_maps_as_root_match_host() {
    if !Test::new().root().ok() {
        return;
    }
    for s in [
        "unshare -r id",
        "unshare -r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups",
        "unshare --user id; unshare --user cat /proc/self/uid_map /proc/self/setgroups",
        "unshare --map-user=1000 --map-group=1000 cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups",
        "unshare -c cat /proc/self/uid_map /proc/self/gid_map",
        "unshare -r -c cat /proc/self/uid_map",
        "unshare -r --setgroups=allow true",
        "unshare -r --setgroups=deny true",
        "unshare -U --setgroups=deny cat /proc/self/setgroups",
        "unshare -U --setgroups=allow cat /proc/self/setgroups",
        "unshare --setgroups=deny true",
        "unshare --map-user=0 --setgroups=allow cat /proc/self/setgroups /proc/self/gid_map; echo rc=$?",
        "unshare -S 65534 -G 65534 id -u; unshare -S 65534 -G 65534 id -g",
        "unshare -G 0 id",
        "unshare -r --fork --pid --mount-proc --kill-child --wd=/tmp pwd",
    ] {
        same(s);
    }
}

#[test]
fn map_ranges_as_root_are_written_directly() {
    if !Test::new().root().ok() {
        return;
    }
    // 2.38.1 execs newuidmap even as root; newest upstream writes the maps.
    let cat = "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups";
    let o = script(
        Rns,
        &format!("unshare --map-users=0:0:65536 --map-groups=0:0:65536 {cat}"),
    );
    expect(
        &o,
        "         0          0      65536\n         0          0      65536\nallow\n",
        "",
        0,
    );
    // A single map is cut out of an overlapping range; the group side
    // without ranges is written by the child (deny first).
    let o = script(Rns, &format!("unshare --map-users=0:0:65536 -r {cat}"));
    expect(&o, "         0          0          1\n         1          1      65535\n         0          0          1\ndeny\n", "", 0);
    // Ranges accumulate in command-line order; legacy OUTER,INNER,COUNT.
    let o = script(
        Rns,
        &format!("unshare --map-users=0:0:10 --map-users=200000,10,10 --map-groups=5:5:1 -r {cat}"),
    );
    expect(
        &o,
        "         0          0          1\n         1          1          9\n        10     200000         10\n         0          0          1\n         5          5          1\nallow\n",
        "",
        0,
    );
    // --owner with a single map: the helper writes it, the namespace is
    // owned by the given ids.
    // The maps are of the caller's ids (0), not the owner's, so the program
    // (now uid 12345 outside) is unmapped inside.
    let overflow = std::fs::read_to_string("/proc/sys/kernel/overflowuid").unwrap();
    let o = script(Rns, "unshare --owner=12345:12345 --map-user=0 --map-group=0 sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u; stat -c %u /proc/self/ns/user'");
    expect(&o, &format!("         0          0          1\n         0          0          1\n{overflow}{overflow}"), "", 0);
    // setuid/setgid happen before unshare(2): ranges of the owner's ids
    // map the program (uid 12345 outside) to 0 inside.
    let o = script(Rns, "unshare --owner=12345:54321 --map-users=0:12345:1 --map-groups=0:54321:1 sh -c 'id -u; id -g'");
    expect(&o, "0\n0\n", "", 0);
    let o = script(Rns, "unshare --owner=0:0 -r id -u");
    expect(&o, "0\n", "", 0);
    // -1 is "not given" (sscanf's %u wraps it): only the group is set, the
    // single uid map is then the child's, the gid one the helper's.
    let o = script(
        Rns,
        &format!("unshare --owner=-1:54321 --map-groups=0:54321:1 -r sh -c '{cat}; id -u; id -g'"),
    );
    expect(&o, &format!("         0          0          1\n         0          0          1\nallow\n0\n{overflow}"), "", 0);
    let o = script(Rns, &format!("unshare --owner=-1:-1 -r {cat}"));
    expect(
        &o,
        "         0          0          1\n         0          0          1\ndeny\n",
        "",
        0,
    );
    // The helper's failures are ours.
    let o = norm(&script(
        Rns,
        "unshare --map-users=0:0:1 --map-users=0:0:1 true",
    ));
    expect(
        &o,
        "",
        "unshare: failed to write /proc/PID/uid_map: Invalid argument\n",
        1,
    );
    let many: String = (1..=200)
        .map(|i| format!(" --map-groups={}:{}:1", 1_000_000 + i, 2_000_000_000 + i))
        .collect();
    let o = norm(&script(Rns, &format!("unshare{many} true")));
    expect(
        &o,
        "",
        "unshare: /proc/PID/gid_map too large for kernel 4k limit\n",
        1,
    );
    // all: the caller's own maps, passed through.
    let o = script(
        Rns,
        &format!("unshare --map-users=all --map-groups=all {cat}"),
    );
    expect(
        &o,
        "         0          0 4294967295\n         0          0 4294967295\nallow\n",
        "",
        0,
    );
}

#[test]
fn unprivileged_user_matches_host() {
    if !setpriv_ok() {
        return;
    }
    for s in [
        "id",
        "unshare -r id",
        "unshare -r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups",
        "unshare -U id",
        "unshare -c id",
        "unshare -c cat /proc/self/uid_map /proc/self/gid_map",
        "unshare -r -c cat /proc/self/uid_map; unshare -c -r cat /proc/self/uid_map",
        "unshare --map-user=0 id; unshare --map-user=0 cat /proc/self/gid_map /proc/self/setgroups",
        "unshare --map-group=0 id",
        "unshare --map-user=5 --map-group=5 cat /proc/self/uid_map /proc/self/gid_map",
        "unshare -r --setgroups=allow true",
        "unshare -r --setgroups=deny true",
        "unshare -U --setgroups=deny cat /proc/self/setgroups",
        "unshare -n true",
        "unshare -p -f true",
        "unshare -m true",
        "unshare -r -n ip -o link | cut -d' ' -f1-3",
        "unshare -r --fork --pid --mount-proc sh -c 'echo $$; ps -o pid='",
        "unshare -r -m sh -c 'mount -t tmpfs none /mnt && findmnt -n -o FSTYPE /mnt'",
        "unshare -r --keep-caps grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status",
        "unshare -r grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status",
        "unshare -r -T --fork --monotonic 100 cat /proc/self/timens_offsets",
        "unshare -r --pid --kill-child sh -c 'exit 9'",
        "unshare --map-users=65534,0,1 true",
        "unshare --map-groups=65534,0,1 true",
        // fork(2) failing (RLIMIT_NPROC), for --fork and for a helper.
        "ulimit -p 1 2>/dev/null || ulimit -u 1; exec unshare --fork true",
        "ulimit -p 1 2>/dev/null || ulimit -u 1; exec unshare -r --mount=/tmp/rns-x true",
        "unshare ''",
    ] {
        same_as_user(s);
    }
}

#[test]
fn unprivileged_newest_upstream() {
    if !setpriv_ok() {
        return;
    }
    let o = script_as_user(Rns, "unshare -r -S 1000 true");
    expect(&o, "", "unshare: setuid() failed: Invalid argument\n", 1);
    let o = script_as_user(Rns, "unshare -n true");
    expect(
        &o,
        "",
        "unshare: unshare failed: Operation not permitted\n",
        1,
    );
    // Colon syntax; newuidmap is run for the parent (not installed here).
    if !Path::new("/usr/bin/newuidmap").exists() {
        let o = script_as_user(Rns, "unshare --map-users=0:65534:1 true");
        expect(
            &o,
            "",
            "unshare: failed to execute newuidmap: No such file or directory\n",
            127,
        );
        let o = script_as_user(Rns, "unshare --map-groups=0:65534:1 true");
        expect(
            &o,
            "",
            "unshare: failed to execute newgidmap: No such file or directory\n",
            127,
        );
    }
    if !has_subids("/etc/subuid", "nobody", 65534) {
        let o = script_as_user(Rns, "unshare --map-auto true");
        expect(
            &o,
            "",
            "unshare: no line matching user \"nobody\" in /etc/subuid\n",
            1,
        );
    }
    if !Path::new("/usr/bin/newuidmap").exists() {
        // Both maps: newuidmap runs first, its failure is the status.
        let o = script_as_user(
            Rns,
            "unshare --map-users=0:65534:1 --map-groups=0:65534:1 true",
        );
        expect(
            &o,
            "",
            "unshare: failed to execute newuidmap: No such file or directory\n",
            127,
        );
    }
    // --owner needs privilege the user does not have.
    let o = script_as_user(Rns, "unshare --owner=0:0 -r true");
    expect(
        &o,
        "",
        "unshare: setgroups failed: Operation not permitted\n",
        1,
    );
}

/// Run `body` as root with /etc/subuid and /etc/subgid replaced (bind
/// mounts in a private mount namespace).
fn with_subids(subuid: &str, subgid: &str, body: &str) -> Out {
    let dir = std::env::temp_dir().join(unique("rns-subids"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("subuid"), subuid).unwrap();
    std::fs::write(dir.join("subgid"), subgid).unwrap();
    let d = dir.display();
    let s = format!(
        "mount --bind {d}/subuid /etc/subuid && mount --bind {d}/subgid /etc/subgid && PATH={} && export PATH && {body}",
        path_of(Rns)
    );
    let o = run(cmd("/usr/bin/unshare")
        .args(["--mount", "--propagation", "private", "/bin/sh", "-c", &s])
        .current_dir("/"));
    let _ = std::fs::remove_dir_all(&dir);
    o
}

#[test]
fn subid_ranges_as_root() {
    if !Test::new().root().ok()
        || !Path::new("/etc/subuid").exists()
        || !Path::new("/etc/subgid").exists()
    {
        return;
    }
    let cat = "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups";
    let ids = "root:100000:65536\n";
    // -r --map-auto: root beside the whole block (newest upstream does not
    // drop an id from an auto range).
    let o = with_subids(ids, ids, &format!("unshare -r --map-auto {cat}"));
    let two = "         0          0          1\n         1     100000      65536\n";
    expect(&o, &format!("{two}{two}allow\n"), "", 0);
    let o = with_subids(ids, ids, &format!("unshare --map-auto {cat}"));
    let auto = "         0     100000      65536\n";
    expect(&o, &format!("{auto}{auto}allow\n"), "", 0);
    let o = with_subids(ids, ids, &format!("unshare --map-subids {cat}"));
    let same = "    100000     100000      65536\n";
    expect(&o, &format!("{same}{same}allow\n"), "", 0);
    let o = with_subids(
        ids,
        ids,
        &format!("unshare --map-users=subids --map-groups=auto {cat}"),
    );
    expect(&o, &format!("{same}{auto}allow\n"), "", 0);
    // A line may name the user by number; the first match wins.
    let o = with_subids(
        "0:300000:10\nroot:100000:65536\n",
        ids,
        "unshare --map-users=auto cat /proc/self/uid_map",
    );
    expect(&o, "         0     300000         10\n", "", 0);
    // Lines without a colon are skipped.
    let o = with_subids(
        "junk\nroot:100000:65536\n",
        ids,
        "unshare --map-users=auto cat /proc/self/uid_map",
    );
    expect(&o, auto, "", 0);
    let o = with_subids("root:abc:10\n", ids, "unshare --map-auto true");
    expect(&o, "", "unshare: failed to parse subid map: 'abc'\n", 1);
    let o = with_subids("root:1:-5\n", ids, "unshare --map-auto true");
    expect(
        &o,
        "",
        "unshare: failed to parse subid map: '-5': Numerical result out of range\n",
        1,
    );
    let o = with_subids(ids, "", "unshare --map-auto true");
    expect(
        &o,
        "",
        "unshare: no line matching user \"root\" in /etc/subgid\n",
        1,
    );
}
