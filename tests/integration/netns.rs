//! `rns netns` against the host's `ip netns` (iproute2 6.1.0).
//!
//! Every script runs twice, each time in a fresh private mount namespace
//! with a tmpfs on /run (the host's /run/netns is never touched): once
//! with `n` meaning `ip [OPTS] netns ARGS`, once `rns netns [OPTS] ARGS`.
//! Scripts print each command's status, and mountinfo where it matters;
//! the two transcripts must be equal once mount ids, peer groups, device
//! numbers and namespace inodes are numbered by first appearance.

use crate::common::*;
use std::collections::HashMap;

const IP_FN: &str = r#"n() { o=""; while [ $# -gt 0 ]; do case "$1" in -n|-netns|--netns|-b|-batch|-f|-family|-l|-loops|-rc|-rcvbuf) o="$o $1 $2"; shift 2;; -*) o="$o $1"; shift;; *) break;; esac; done; ip $o netns "$@"; }"#;
const RNS_FN: &str = r#"n() { "$RNS" netns "$@"; }"#;
/// `m`: the mounts under /run, as mountinfo shows them.
const MOUNTS_FN: &str = r#"m() { grep -E ' /run(/| )' /proc/self/mountinfo; }"#;

/// The prelude: a private /tmp, and `n`, `m`, `r` defined (also in
/// /tmp/fn.sh, for scripts run as another user).
fn prelude(func: &str) -> String {
    let funcs = format!("{func}\n{MOUNTS_FN}\nr() {{ echo \"rc=$?\"; }}\n");
    format!("mount -t tmpfs rrtmp /tmp && cat > /tmp/fn.sh <<'EOF'\nRNS='{}'\n{funcs}EOF\n. /tmp/fn.sh\n", rns_bin())
}

/// Root; scripts run in a sandbox (private mount namespace, tmpfs on /run)
/// with a network namespace of its own (nsids are per viewing netns, so
/// tests running side by side must not share one), once with `n` meaning
/// `ip [OPTS] netns ARGS` and once `rns netns [OPTS] ARGS`; transcripts
/// normalised.
pub(crate) fn netns() -> Test {
    Test::new()
        .root()
        .sandbox()
        .net_ns()
        .normalise(normalise)
        .versus("ip", |t, side| {
            t.prelude(&prelude(side.pick(RNS_FN, IP_FN)))
        })
}

/// Renumber `re`-like tokens by first appearance so two runs compare.
fn normalise(text: &str) -> String {
    let mut maps: HashMap<&'static str, HashMap<String, usize>> = HashMap::new();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let mut fields: Vec<String> = line.split(' ').map(str::to_string).collect();
        let is_mountinfo = fields.len() > 6
            && fields[0].parse::<u64>().is_ok()
            && fields[1].parse::<u64>().is_ok()
            && fields[2].contains(':');
        if is_mountinfo {
            for (i, kind) in [(0, "id"), (1, "id"), (2, "dev")] {
                fields[i] = renumber(&mut maps, kind, &fields[i]);
            }
            for f in fields.iter_mut() {
                for tag in ["shared:", "master:"] {
                    if let Some(n) = f.strip_prefix(tag) {
                        *f = format!("{tag}{}", renumber(&mut maps, "peer", n));
                    }
                }
                if let Some(n) = f.strip_prefix("net:[") {
                    *f = format!(
                        "net:[{}]",
                        renumber(&mut maps, "ino", n.trim_end_matches(']'))
                    );
                }
            }
        }
        out += &fields.join(" ");
    }
    out
}

fn renumber(
    maps: &mut HashMap<&'static str, HashMap<String, usize>>,
    kind: &'static str,
    v: &str,
) -> String {
    let m = maps.entry(kind).or_default();
    let n = m.len();
    format!("{kind}{}", m.entry(v.to_string()).or_insert(n))
}

#[test]
fn list_add_delete_and_names() {
    let Some(t) = netns().ready() else {
        return;
    };
    let long255 = "x".repeat(255);
    let long256 = "y".repeat(256);
    let o = t.same(&format!(
        r#"
n list; r; n -j list; r; n; r
n add rref1; r; n add rref1; r; n list; r; n -j list; r; n -j -p list; r
n del rref-missing; r
n add 'bad/name'; r; n add ''; r; n add .; r; n add ..; r; n add; r
n add {long256}; r; n add {long255}; r; n del {long255}; r
n add "$(printf 'odd\001\tname\377')"; r; n list; r; n del "$(printf 'odd\001\tname\377')"; r
n list 'a/b'; r; n list extra args here; r; n help; r; n foo; r; n ''; r
n l; r; n sh; r; n lst; r; n s; r
n a rref3; r; n d rref3; r; n del rref3 rref2-not; r
n -br list; r; n -o list; r; n -p list; r
n add -- rrefdash; r; n add -rrefdash; r; n list; r
m; r
"#
    ));
    assert!(o.stdout.contains("rref1\n"), "{o:?}");
}

#[test]
fn json_escapes_control_characters_as_newest_upstream() {
    let Some(t) = netns().ready() else {
        return;
    };
    // 6.1.0 writes bytes below 0x20 raw; upstream (9e992607) escapes them.
    let o = t.ours(r#"n add "$(printf 'odd\001\tname\377')"; n -j list; n -j -p list"#);
    assert_eq!(
        o.stdout.as_bytes(),
        &b"[{\"name\":\"odd\\u0001\\tname\xef\xbf\xbd\"}]\n[ {\n        \"name\": \"odd\\u0001\\tname\xef\xbf\xbd\"\n    } ]\n"[..],
        "{o:?}"
    );
}

#[test]
fn json_on_an_empty_and_a_missing_directory() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same("n -j list; r; n -j -p list; r; n list-id; r; n -j list-id; r; mkdir /run/netns; n -j list; r; n -j -p list; r; n -j list-id; r; n -j -p list-id; r");
}

#[test]
fn nsids_set_and_list_id() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rref1; n add rref2
n list-id; r; n set rref1 5; r; n list; r; n -j list; r; n list-id; r; n -j list-id; r
n set rref1 6; r; n set rref1 auto; r; n set rref1 -1; r; n set rref1 abc; r
n set rref1 99999999999; r; n set rref1 999999999999999999999999; r; n set rref1; r; n set; r
n list-id nsid 5; r; n list-id nsid 9; r; n list-id nsid -3; r; n list-id foo; r
n list-id nsid 5 nsid 6; r; n list-id target-nsid; r; n list-id nsid abc; r
n -n rref2 set rref1 11; r; n -n rref2 list-id; r; n -n rref2 list; r
n set rref2 auto; r; n list-id; r; n -j -p list-id; r; n list; r
n list-id target-nsid 5; r; n -j list-id target-nsid 5; r
n list-id target-nsid 5 nsid 0; r
n -n rref1 set rref2 22; r; n list-id target-nsid 5; r; n -j list-id target-nsid 5; r
n list-id target-nsid 5 nsid 0; r
n list-id target-nsid 99; r; n list-id target-nsid 5 target-nsid 6; r
n add rrefX; n add rrefY; n set rrefX 40; r; n set rrefY 40; r; n set rrefY 0x29; r; n list; r
n set rrefY 0x10; r; n set rrefX 010; r
"#,
    );
}

#[test]
fn set_on_a_missing_name_is_quiet_as_newest_upstream() {
    let Some(t) = netns().ready() else {
        return;
    };
    // 6.1.0 says `Cannot open network namespace "rref-missing": ...`;
    // upstream since v6.4 (465e87a8) fails quietly with status 1.
    let o = t.ours("n set rref-missing 7; r");
    assert_eq!(o.stdout, "rc=1\n");
    assert_eq!(o.stderr, "");
    // And (after v7.1.0, d6a1612b) an integer that names no entry is a PID.
    let o = t.ours(
        r#"unshare -n sleep 30 & p=$!
while [ "$(readlink /proc/$p/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done
n set $p 7; r; n list-id; r; n -j list-id; r; kill $p"#,
    );
    assert_eq!(
        o.stdout, "rc=0\nnsid 7 \nrc=0\n[{\"nsid\":7}]\nrc=0\n",
        "{o:?}"
    );
}

#[test]
fn stale_entries() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rref1; n set rref1 5; n add rref2; n set rref2 0
touch /run/netns/rref-stale
n list; r; n -j list; r; n list-id; r; n exec rref-stale true; r; n pids rref-stale; r
n set rref-stale 9; r; n del rref-stale; r; n list; r
"#,
    );
}

#[test]
fn a_stale_entry_is_replaced_by_add() {
    let Some(t) = netns().ready() else {
        return;
    };
    // ip: `Cannot create namespace file ...: File exists`. rns: replaced,
    // because a killed add leaves exactly such a file (issue 4).
    let o = t.ours(
        r#"
mkdir -p /run/netns; : > /run/netns/rref-stale; chmod 0 /run/netns/rref-stale
n add rref-stale; r; n exec rref-stale ip netns identify; r; n list; r
echo data > /run/netns/rref-file; n add rref-file; r
"#,
    );
    assert_eq!(
        o.stdout, "rc=0\nrref-stale\nrc=0\nrref-stale\nrc=0\nrc=1\n",
        "{o:?}"
    );
    assert_eq!(
        o.stderr,
        "Cannot create namespace file \"/run/netns/rref-file\": File exists\n"
    );
}

#[test]
fn exec_identify_pids() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rref1
n exec rref1 ip link; r; n exec rref1 false; r; n exec rref1 sh -c 'exit 7'; r
n exec rref1 sh -c 'kill -9 $$'; r
n exec rref1 /nonexistent-cmd; r; n exec rref-missing true; r; n exec rref1; r; n exec; r
n exec /proc/1/ns/net true; r; n exec rref1 ip netns identify; r; n identify; r
n exec rref1 sh -c 'ip netns identify $$'; r
n identify abc; r; n identify 999999; r; n identify 1 2; r; n identify ''; r
n exec rref1 sh -c 'readlink /proc/self/ns/net >/dev/null'; r
n -j exec rref1 ip netns identify; r
n exec rref1 sh -c 'echo $$ > /tmp/p.new; mv /tmp/p.new /tmp/p; exec sleep 30' &
while [ ! -s /tmp/p ]; do sleep 0.05; done; p=$(cat /tmp/p)
n pids rref1 | sed "s/^$p\$/PID/"; r; n identify $p; r
kill $p; wait
n pids rref1; r; n pids rref-missing; r; n pids; r; n pids rref1 extra; r
n exec rref1 sh -c 'grep -E " /sys | /etc" /proc/self/mountinfo'; r
"#,
    );
}

#[test]
fn exec_keeps_pid_and_signals() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.ours(
        r#"n add rref1; "$RNS" netns exec rref1 sh -c 'echo $$' > /tmp/pid & p=$!; wait $p; [ "$(cat /tmp/pid)" = "$p" ] && echo same-pid
n exec rref1 sh -c 'kill -TERM $$'; r"#,
    );
    assert_eq!(o.stdout, "same-pid\nrc=143\n", "{o:?}");
}

#[test]
fn exec_environment_etc_binds_and_sysfs() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
mount -t tmpfs rrefetc /etc
echo host > /etc/hosts; mkdir /etc/sub.d
mkdir -p /etc/netns/rref1/sub.d; echo netns-hosts > /etc/netns/rref1/hosts
echo x > /etc/netns/rref1/only-in-netns.conf; echo y > /etc/netns/rref1/sub.d/x
n add rref1
n exec rref1 cat /etc/hosts; r
n exec rref1 ls /etc/sub.d; r
n exec rref1 sh -c 'grep -E " /sys | /etc/" /proc/self/mountinfo | cut -d" " -f4-'; r
n -n rref1 identify; r
cat /etc/hosts
"#,
    );
}

#[test]
fn exec_sees_a_sysfs_of_its_own_netns() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.ours("n add rref1; n exec rref1 ls /sys/class/net; r");
    assert_eq!(o.stdout, "lo\nrc=0\n", "{o:?}");
}

#[test]
fn attach_monitor_and_all() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.same(
        r#"
unshare -n sleep 30 & p=$!
while [ "$(readlink /proc/$p/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done
stdbuf -oL sh -c '. /tmp/fn.sh; echo $$ > /tmp/mp; n monitor' > /tmp/mon 2>&1 &
# Ready once the monitor (the sh or its child) has its inotify watch.
watching() { for c in $(cat /tmp/mp) $(pgrep -P $(cat /tmp/mp)); do grep -qs '^inotify wd:' /proc/$c/fdinfo/* && return; done; return 1; }
t=0; until [ -s /tmp/mp ] && watching; do t=$((t+1)); [ $t -lt 400 ] || break; sleep 0.05; done
n attach rrefAtt $p; r; n attach rrefAtt $p; r; n attach rrefAtt2; r
n attach rrefAtt2 0; r; n attach rrefAtt2 abc; r; n attach rrefAtt2 999999; r
n attach rrefAtt2 -5; r
n identify $p; r; n pids rrefAtt | sed "s/^$p\$/PID/"; r
sh -c 'exit 0' & dead=$!; wait $dead; n attach rrefAtt3 $dead 2>&1 | sed "s/$dead/DEAD/"; r
n add rrefM; n del rrefM
t=0; until grep -qx 'delete rrefM' /tmp/mon; do t=$((t+1)); [ $t -lt 400 ] || break; sleep 0.05; done
pkill -P $(cat /tmp/mp); kill $p; wait; cat /tmp/mon
n add rrefB; n add rrefA
n -all exec echo hi; r; n -all exec sh -c 'echo $0; exit 3'; r
n -all exec; r; n -all exec /nonexistent; r; n -all exec rrefA echo hi; r
n -all del rrefA; r; n list; r
n -all exec echo hi; r; n -all del; r
m
"#,
    );
    assert!(
        o.stdout.contains(
            "add rrefAtt\nadd rrefAtt2\ndelete rrefAtt2\nadd rrefAtt2\ndelete rrefAtt2\n"
        ),
        "{o:?}"
    );
    assert!(o.stdout.contains("add rrefM\ndelete rrefM\n"), "{o:?}");
}

#[test]
fn read_only_run_dir() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rrefC; mount -o remount,ro,bind /run/netns
n -all del; r; n add rrefD; r; n list; r
"#,
    );
}

#[test]
fn batch_files() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rref1
printf 'netns exec rref1 sh -c "echo in-batch; exit 3"\nnetns exec rref1 echo second\n' > /tmp/b1
n -b /tmp/b1; r; n -force -b /tmp/b1; r
printf 'netns add rref4\nnetns add rref4\nnetns del rref4\n' > /tmp/b2
n -b /tmp/b2; r; n -force -batch /tmp/b2; r
echo 'netns identify' | n -n rref1 -b -; r
printf 'netns exec rref1 sh -c "kill -9 $$"\nnetns list\n' > /tmp/b5; n -force -b /tmp/b5; r
n -b /tmp/nonexist; r
printf '# comment\n\nnetns list # trailing\nnet \\\nidentify\nfoo\nnetns l\n' > /tmp/b3
n -b /tmp/b3; r; n -force -b /tmp/b3; r
"#,
    );
}

#[test]
fn batch_setup_failure_does_not_run_the_rest_twice() {
    let Some(t) = netns().ready() else {
        return;
    };
    // 6.1.0 forks and lets the failed child run the rest of the file too
    // (`after` twice); upstream v6.9.0 (70ba338c) exits the child.
    let o = t.ours(
        r#"n add rref1
printf 'netns exec rref-missing true\nnetns exec rref1 echo after\n' > /tmp/b4
n -force -b /tmp/b4; r"#,
    );
    assert_eq!(o.stdout, "after\nrc=1\n");
    assert_eq!(
        o.stderr,
        "Cannot open network namespace \"rref-missing\": No such file or directory\nCommand failed /tmp/b4:1\n"
    );
}

#[test]
fn global_options() {
    let Some(t) = netns().ready() else {
        return;
    };
    t.same(
        r#"
n add rref1; n add rref2
n -n rref1 identify; r; n -netns rref1 identify; r; n --netns rref1 identify; r
n -n rref-missing list; r; n -n /proc/1/ns/net list; r; n -n rref1 -n rref2 identify; r
n -bogus list; r; n -fo list; r; n -a exec true; r
n -family bogus list; r; n -f inet list; r; n -d -s -4 list; r
"#,
    );
    // `-n` with nothing after it: ip names "(null)".
    let o = t.ours("n -n; r");
    assert_eq!(
        o.stderr,
        "Cannot open network namespace \"(null)\": No such file or directory\n"
    );
    assert_eq!(o.stdout, "rc=255\n");
}

#[test]
fn json_identify_and_pids() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.ours(
        r#"n add rref1; n -j identify; n -j -n rref1 identify; n -j -p -n rref1 identify
n exec rref1 sh -c 'echo $$ > /tmp/p.new; mv /tmp/p.new /tmp/p; exec sleep 30' &
while [ ! -s /tmp/p ]; do sleep 0.05; done; p=$(cat /tmp/p); n -j pids rref1 | sed "s/$p/PID/"; kill $p"#,
    );
    assert_eq!(o.stdout, "[]\n[\"rref1\"]\n[ \"rref1\" ]\n[PID]\n", "{o:?}");
}

#[test]
fn argv0_netns_and_ipnetns() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.ours(
        r#"d=$(mktemp -d); ln -s "$RNS" $d/netns; ln -s "$RNS" $d/ipnetns
$d/netns add rref1; r; $d/ipnetns -j list; r; $d/netns; r"#,
    );
    assert_eq!(
        o.stdout,
        "rc=0\n[{\"name\":\"rref1\"}]\nrc=0\nrref1\nrc=0\n"
    );
}

#[test]
fn unprivileged_callers() {
    let Some(t) = netns().tool("/usr/bin/setpriv").ready() else {
        return;
    };
    let u = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all";
    let body = format!(
        r#"
U="{u}"
$U sh -c '. /tmp/fn.sh; n add rrefU; r'
n add rref1
$U sh -c '. /tmp/fn.sh; n add rrefU; r; n del rref1; r; n list; r; n exec rref1 true; r; n set rref1 3; r; n -b /tmp/nonexist; r; n identify; r; n pids rref1; r'
n list; r; m
"#
    );
    // Issue 12: exactly ip's answer, plus one hint line after each refused
    // `add` (two here), naming `rns netns --user`.
    let (mut ours, theirs) = t.both(&body);
    let hint = "Hint: without root, \"rns netns --user add NAME\" makes a namespace of your own.\n";
    let refused = "mount --make-shared /run/netns failed: Operation not permitted\n";
    assert_eq!(
        ours.stderr.matches(&format!("{refused}{hint}")).count(),
        2,
        "{ours:?}"
    );
    ours.stderr = ours.stderr.replace(hint, "");
    assert_same(&ours, &theirs);
}

fn mounts_of_run_netns(o: &Out) -> usize {
    o.stdout
        .lines()
        .filter(|l| l.contains(" /run/netns ") && l.contains(" - tmpfs "))
        .count()
}

#[test]
fn many_concurrent_adds_make_one_shared_self_mount() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.ours(
        r#"
for i in $(seq 1 24); do n add rrefc$i & done; wait
for i in $(seq 1 12); do n add rrefsame 2>>/tmp/err & done; wait
n list | sort | tr '\n' ' '; echo; m; echo errs=$(grep -c 'File exists' /tmp/err)
"#,
    );
    let names: Vec<String> = (1..=24).map(|i| format!("rrefc{i}")).collect();
    let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
    want.push("rrefsame");
    want.sort();
    assert!(o.stdout.starts_with(&(want.join(" ") + " \n")), "{o:?}");
    assert_eq!(mounts_of_run_netns(&o), 1, "{o:?}");
    assert!(o.stdout.contains("errs=11\n"), "{o:?}");
    // Every entry is a real namespace: one nsfs mount each, no stale file.
    assert_eq!(o.stdout.matches(" - nsfs ").count(), 25, "{o:?}");
}

#[test]
fn sigkill_at_random_points_of_add_and_del_breaks_nothing() {
    let Some(t) = netns().ready() else {
        return;
    };
    // Kill add/del after a pseudo-random delay, a bounded number of times,
    // then check that everything still works on the same names.
    let o = t.ours(
        r#"
P() { rm -f /tmp/pg; RNS_TEST_PROGRESS=/tmp/pg "$RNS" netns "$@" 2>/dev/null & p=$!; }
inside() { [ $(grep -cx "$1:start" /tmp/pg 2>/dev/null) -gt $(grep -cx "$1:end" /tmp/pg 2>/dev/null) ]; }
i=0; ina=0; ind=0
while [ $i -lt 40 ]; do
  i=$((i+1))
  name=rrefk$((i % 4))
  P add $name
  sleep 0.00$((i * 7 % 10))$((i % 10)); kill -9 $p 2>/dev/null; inside netns-add && ina=$((ina+1)); wait $p 2>/dev/null
  P del $name
  sleep 0.000$((i % 10)); kill -9 $p 2>/dev/null; inside netns-del && ind=$((ind+1)); wait $p 2>/dev/null
done
echo "inside: add=$ina del=$ind" >&2
# A name is usable again: either add works (nothing, or a stale file, was
# left) or the killed add had completed and the namespace works.
for k in 0 1 2 3; do { n add rrefk$k 2>/dev/null || n exec rrefk$k true; } && echo add=0; done
for k in 0 1 2 3; do n exec rrefk$k ip netns identify; done
n list 2>&1 | sort; m | grep -c ' /run/netns rw'
for k in 0 1 2 3; do n del rrefk$k; echo del=$?; done
n list; echo rc=$?
"#,
    );
    assert_eq!(
        o.stdout,
        "add=0\nadd=0\nadd=0\nadd=0\nrrefk0\nrrefk1\nrrefk2\nrrefk3\nrrefk0\nrrefk1\nrrefk2\nrrefk3\n1\ndel=0\ndel=0\ndel=0\ndel=0\nrc=0\n",
        "{o:?}"
    );
    // Kills landed inside add and del (between their progress marks).
    eprintln!("{}", o.stderr.trim());
    for what in ["add", "del"] {
        let at = o.stderr.find(&format!(" {what}=")).unwrap() + what.len() + 2;
        let n: String = o.stderr[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert_ne!(n, "0", "no {what} was killed inside its window: {o:?}");
    }
}

#[test]
fn no_fd_leaks_into_the_command() {
    let Some(t) = netns().ready() else {
        return;
    };
    // What the shell passes on (its own fds included) and nothing more.
    let o = t.ours(
        "n add rref1; ls /proc/self/fd; echo; n exec rref1 ls /proc/self/fd; echo; n -n rref1 exec rref1 ls /proc/self/fd; echo; n -b - <<EOF\nnetns exec rref1 ls /proc/self/fd\nEOF",
    );
    let runs: Vec<&str> = o.stdout.split("\n\n").collect();
    assert_eq!(runs.len(), 4, "{o:?}");
    assert!(runs.iter().all(|r| r.trim_end() == runs[0]), "{o:?}");
}

#[test]
fn a_shared_run_gets_one_mount_per_namespace_as_newest_upstream() {
    let Some(t) = netns().ready() else {
        return;
    };
    // With /run shared (systemd's default), 6.1.0 shows every nsfs mount
    // twice; upstream v7.0.0 (82c8b9fe) gives /run/netns a peer group of
    // its own first.
    let body = "mount --make-shared /run; n add rref1; n add rref2; m";
    let (ours, theirs) = t.both(body);
    assert_eq!(
        theirs.stdout.matches("/run/netns/rref1 ").count(),
        2,
        "{theirs:?}"
    );
    assert_eq!(
        ours.stdout,
        "id0 id1 dev0 / /run rw,relatime shared:peer0 - tmpfs rns-test rw\n\
         id2 id0 dev0 /netns /run/netns rw,relatime shared:peer1 - tmpfs rns-test rw\n\
         id3 id2 dev1 net:[ino0] /run/netns/rref1 rw shared:peer2 - nsfs nsfs rw\n\
         id4 id2 dev1 net:[ino1] /run/netns/rref2 rw shared:peer3 - nsfs nsfs rw\n",
        "{ours:?}"
    );
}

#[test]
fn exec_keeps_the_old_sys_when_a_new_one_is_refused() {
    let Some(t) = netns().ready() else {
        return;
    };
    // In a user namespace whose /sys has a locked mount over a non-empty
    // directory, a new sysfs would reveal what that mount hides: the
    // kernel refuses it. ip fails (255); rns warns once and runs the
    // command with the old /sys (issue 4).
    let body = r#"mount -t tmpfs rrefhide /sys/kernel
unshare -Urmn --propagation private sh -c '. /tmp/fn.sh
mount -t tmpfs rrefrun /run; n add rrefu; r
n exec rrefu sh -c "mount | grep -c rrefhide"; r'"#;
    let (ours, theirs) = t.both(body);
    assert_eq!(theirs.stdout, "rc=0\nrc=255\n", "{theirs:?}");
    assert_eq!(
        theirs.stderr,
        "mount of /sys failed: Operation not permitted\n"
    );
    assert_eq!(ours.stdout, "rc=0\n1\nrc=0\n", "{ours:?}");
    assert_eq!(
        ours.stderr,
        "Warning: mount of /sys failed: Operation not permitted; keeping the old /sys\n"
    );
}

#[test]
fn exec_is_single_threaded_and_opens_no_netlink() {
    let Some(t) = netns().tool("/usr/bin/strace").ready() else {
        return;
    };
    // Everything rns does before execve: no thread, no fork, no socket.
    let o = t.ours(
        r#"n add rref1
strace -qq -f -e trace=socket,clone,clone3,fork,vfork,execve -o /tmp/tr "$RNS" netns exec rref1 /bin/true; r
grep -cE ' (socket|clone|clone3|fork|vfork)\(' /tmp/tr; grep -c ' execve(' /tmp/tr"#,
    );
    assert_eq!(o.stdout, "rc=0\n0\n2\n", "{o:?}");
}

#[test]
fn all_exec_visits_each_namespace_once_when_one_fails() {
    let Some(t) = netns().ready() else {
        return;
    };
    // 6.1.0's forked child returns after a failed switch and runs the rest
    // of the loop itself; upstream v6.9.0 (70ba338c) ends it with status 1.
    let o = t.ours("n add rrefA; : > /run/netns/rrefS; n -all exec echo hi; r");
    assert_eq!(
        o.stdout, "\nnetns: rrefS\n\nnetns: rrefA\nhi\nrc=0\n",
        "{o:?}"
    );
    assert_eq!(
        o.stderr,
        "setting the network namespace \"rrefS\" failed: Invalid argument\n"
    );
}
