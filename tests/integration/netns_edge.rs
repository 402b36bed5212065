//! `rns netns` at the edges: its version line, bytes ip treats as C strings
//! (a NUL inside a batch line, names that are not UTF-8), and `add` racing
//! iproute2's `ip netns add` for one name.

use crate::common::*;
use crate::netns::netns;

/// Every spelling ip 7.1.0 takes for `-Version` (any prefix from `-V`,
/// one or two dashes); what ip says, then rns's own version.
#[test]
fn version_is_newest_iproute2_then_rns() {
    let want = format!(
        "ip utility, iproute2-7.1.0 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["-V", "-Ve", "-Version", "--V", "--Version", "--Vers"] {
        let o = rns("netns", &[flag, "list"]);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, want.as_str(), ""),
            "{flag}"
        );
    }
    let o = rns("netns", &["-json", "-V", "-bogus"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, want.as_str()));
    for flag in ["-Versions", "-v"] {
        let o = rns("netns", &[flag]);
        let msg = format!("Option \"{flag}\" is unknown, try \"ip -help\".\n");
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (255, "", msg.as_str())
        );
    }
}

/// `rns netns add X` against `ip netns add X`, both released at once from
/// the run-dir lock (a waiter shows in /proc/locks): ip unlocks before it
/// creates its entry and binds a namespace on it moments later, so rns
/// often finds ip's half-made entry (an empty mode-0 file). Every round,
/// exactly one of them succeeds and each entry has exactly one nsfs mount.
#[test]
fn add_racing_ip_add_has_one_winner_and_one_mount_per_entry() {
    let Some(t) = netns().tool("/usr/sbin/ip").tool("/usr/bin/flock").ready() else {
        return;
    };
    let o = t.ours(
        r#"
mkdir -p /run/netns; exec 9</run/netns
waiting() { grep -q -- "-> FLOCK  *ADVISORY  *WRITE $1 " /proc/locks; }
i=0; ipwon=0; rnswon=0; met=0; bad=0
while [ $i -lt 300 ]; do
  i=$((i+1))
  flock 9
  ip netns add rrace 2>/dev/null & a=$!
  rm -f /tmp/progress
  RNS_TEST_PROGRESS=/tmp/progress "$RNS" netns add rrace 2>/dev/null & b=$!
  t=0; until waiting $a && waiting $b; do t=$((t+1)); [ $t -lt 100000 ] || { echo "round $i: no waiters"; exit 1; }; done
  flock -u 9
  wait $a; ra=$?; wait $b; rb=$?
  entries=$(ls -A /run/netns | wc -l)
  mounts=$(grep -c ' /run/netns/[^ ]* .* - nsfs ' /proc/self/mountinfo)
  [ $ra = 0 ] && ipwon=$((ipwon+1)); [ $rb = 0 ] && rnswon=$((rnswon+1))
  grep -q netns-add-stale-wait /tmp/progress 2>/dev/null && met=$((met+1))
  if [ $((ra == 0)) = $((rb == 0)) ] || [ $entries != $mounts ]; then
    bad=$((bad+1)); echo "round $i: ip=$ra rns=$rb entries=$entries mounts=$mounts"
  fi
  while umount /run/netns/rrace 2>/dev/null; do :; done; rm -f /run/netns/rrace
done
echo "ip won $ipwon, rns won $rnswon, met $met" >&2
echo bad=$bad
"#,
    );
    eprintln!("{}", o.stderr.trim());
    assert_eq!(o.stdout, "bad=0\n", "{o:?}");
    // Both orders happened, and rns met ip's entry before ip had bound it
    // (a progress mark of the debug build: rns waited on a young entry).
    let count = |what: &str| -> usize {
        let at = o.stderr.find(what).unwrap() + what.len();
        let n = o.stderr[at..].split([',', '\n']).next().unwrap();
        n.trim().parse().unwrap()
    };
    assert!(count("ip won ") > 0 && count("rns won ") > 0, "{o:?}");
    assert!(
        count("met ") > 0,
        "rns never met ip's half-made entry: {o:?}"
    );
}

/// A NUL in a batch line ends the line, as in ip's C strings: the rest of
/// it, its newline and a continuation backslash after the NUL are gone.
#[test]
fn a_nul_in_a_batch_line_ends_it_as_in_ip() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.same(
        r#"n add x
printf 'netns exec x echo A\0B C\nnetns exec x echo second\n' > /tmp/b1
printf 'netns exec x echo A\0 \\\nB\nnetns exec x echo third\n' > /tmp/b2
printf 'netns exec x echo A \\\nB\0C D\nnetns exec x echo E\n' > /tmp/b3
printf 'netns exec x echo A\0#c\n\0netns exec x echo Z\nnetns exec x echo "q\0r" s\n' > /tmp/b4
printf 'netns exec x echo A \\\n\0X \\\nB\n' > /tmp/b5
for b in 1 2 3 4 5; do echo "-- $b"; n -b /tmp/b$b 2>&1; r; n -force -b - < /tmp/b$b 2>&1; r; done
"#,
    );
    assert!(o.stdout.starts_with("-- 1\nA\nsecond\nrc=0\n"), "{o:?}");
    assert!(o.stdout.contains("-- 3\nA B\nE\nrc=0\n"), "{o:?}");
}

/// Names are bytes: one that is not UTF-8 is listed (text and JSON), and
/// works with set, list-id, exec, -n, identify, pids, -all, attach, a batch
/// and del exactly as ip does.
#[test]
fn names_that_are_not_utf8_work_everywhere() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.same(
        r#"N=$(printf 'bad\377\376name'); n add "$N"; r; n add plain; r
n list; r; n -j list; r; n set "$N" 3; r; n list; n list-id; n -j list-id; r
n exec "$N" ip netns identify; r; n -n "$N" exec plain ip netns identify; r
n -n "$N" list; r
n exec "$N" sh -c 'echo $$ > /tmp/p.new; mv /tmp/p.new /tmp/p; exec sleep 30' &
while [ ! -s /tmp/p ]; do sleep 0.05; done; p=$(cat /tmp/p)
n identify $p; r; n pids "$N" | sed "s/^$p\$/PID/"; r
n attach "$N-2" $p; r; n identify $p | sort; kill $p; wait
n -all exec ip netns identify | sort; r
printf 'netns exec %s ip netns identify\nnetns del %s\n' "$N" "$N" > /tmp/b; n -b /tmp/b; r; n list; r
n add "$N"; n -all del; r; n list; r
"#,
    );
    let bad = "bad\u{fffd}\u{fffd}name";
    assert!(
        o.stdout.contains(&format!("plain\n{bad} (id: 3)\n")),
        "{o:?}"
    );
    assert!(
        o.stdout.contains(&format!("{bad}\nrc=0\nPID\nrc=0\n")),
        "{o:?}"
    );
}

/// More names than the open-file limit lets rns hold open at once (it
/// asks for their nsids a batch of open files at a time; ip opens one file
/// at a time): every name still shows its nsid, as under ip.
#[test]
fn list_under_a_low_open_file_limit() {
    let Some(t) = netns().ready() else {
        return;
    };
    let o = t.same(
        r#"
i=1; while [ $i -le 100 ]; do n add rlim$i; n set rlim$i $i; i=$((i+1)); done
(ulimit -n 30; n list; r; n -j list; r; n list-id; r)
"#,
    );
    assert!(o.stdout.contains("rlim99 (id: 99)\n"), "{o:?}");
}
