//! Rootless named network namespaces (issue 12, part 2): `rns netns --user`
//! and `rns veth --user` as uid 65534 with no privilege, a private
//! XDG_RUNTIME_DIR, in a sandbox whose /run is a fresh tmpfs (so that the
//! check "root's /run/netns is never touched" means something).

use crate::common::*;

/// XDG_RUNTIME_DIR for uid 65534 (mode 0700).
fn runtime() -> SharedDir {
    SharedDir::new("xdg-", 0o700, Some(65534))
}

/// Root, setpriv and ps; a sandbox (private mount namespace, tmpfs on /run)
/// with a PID namespace of its own, so that a keeper can never outlive its
/// test, even one that is killed half-way.
fn rootless() -> Test {
    Test::new()
        .root()
        .tool("/usr/bin/setpriv")
        .tool("/usr/bin/ps")
        .sandbox()
        .pid_ns(true)
}

/// Shell functions for the scripts: `u` runs a command as uid 65534 with
/// XDG_RUNTIME_DIR=$X (and $X); `keepers` counts the live keepers of that
/// store (tests run in parallel as the same uid);
/// `gone PID` waits (5 s at most) until PID is dead (gone or a zombie).
const FUNCS: &str = r#"
u() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env XDG_RUNTIME_DIR=$X X=$X "$@"; }
keepers() { n=0; for p in $(ps -u 65534 -o pid=,stat=,comm= | awk '$2 !~ /^Z/ && $3 == "rns-keeper" { print $1 }'); do
  tr '\0' '\n' 2>/dev/null < /proc/$p/environ | grep -qx "XDG_RUNTIME_DIR=$X" && n=$((n+1)); done; echo $n; }
gone() { i=0; while [ $i -lt 500 ]; do s=$(ps -o stat= -p $1); case "$s" in ""|Z*) return 0;; esac; i=$((i+1)); sleep 0.01; done; return 1; }
"#;

/// `t` with a fresh runtime dir as `$X` and the FUNCS before each script.
fn with_runtime(t: Test) -> (Test, SharedDir) {
    let x = runtime();
    let t = t.prelude(&format!("X={}\n{FUNCS}\n", x.path()));
    (t, x)
}

/// The seed topology without root: two namespaces, a veth pair between
/// them with addresses, a ping across, /sys inside showing only that
/// namespace's links; list, identify, pids; and after the last `del`, no
/// keeper and nothing in /run.
#[test]
fn seed_topology_as_a_plain_user() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, _x) = with_runtime(t);
    let o = t.sh(
        r#"set -e
u $RNS netns --user add a; u $RNS netns --user add b
u $RNS veth --user add va vb --netns a --peer-netns b --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
u $RNS netns --user exec a sh -c 'id -u; ping -c1 -W5 10.0.0.2 >/dev/null && echo pinged; ls /sys/class/net'
u $RNS netns --user list | sort; u $RNS netns --user -j list | tr -d '[]{}"\n'; echo
echo keepers=$(keepers)
mkfifo $X/up; chown 65534 $X/up
u sh -c '$RNS netns --user exec b sh -c "echo \$\$ > $X/up; exec sleep 60" & read p < $X/up
  [ "$($RNS netns --user pids b)" = "$p" ] && echo pids-ok; $RNS netns --user identify $p; kill $p'
u $RNS veth --user list --netns a | awk '{ print $1, $2, $3 }'
u $RNS netns --user del a; u $RNS netns --user del b
echo keepers=$(keepers) list=$(u $RNS netns --user list | wc -l)
ls -A /run"#,
    );
    assert_eq!(o.code, 0, "{o:?}");
    let want = "0\npinged\nlo\nva\na\nb\nname:b,name:a\nkeepers=1\npids-ok\nb\n\
                NAME PEER PEER-NETNS\nva vb b\nkeepers=0 list=0\n";
    assert_eq!(o.stdout, want, "{o:?}");
    assert_eq!(o.stderr, "", "{o:?}");
}

/// SIGKILL of the keeper loses the namespaces (as a reboot would) and
/// leaves nothing that blocks: `list` is empty and `add` works at once.
#[test]
fn a_killed_keeper_leaves_nothing_in_the_way() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, _x) = with_runtime(t);
    let o = t.sh(
        r#"u $RNS netns --user add a && k=$(cat $X/rns/keeper) && [ -d /proc/$k ] &&
kill -KILL $k && gone $k && echo killed
u $RNS netns --user list; echo list=$?
u $RNS netns --user add a; echo add=$?
u $RNS netns --user list; echo keepers=$(keepers)
u $RNS netns --user del a; echo del=$? keepers=$(keepers)"#,
    );
    assert_eq!(
        o.stdout, "killed\nlist=0\nadd=0\na\nkeepers=1\ndel=0 keepers=0\n",
        "{o:?}"
    );
    assert_eq!(o.stderr, "", "{o:?}");
}

/// Eight first `add`s released together start exactly one keeper; the
/// script proves that they ran at the same time (their start and end
/// times overlap), so the lock, not luck, kept it at one.
#[test]
fn concurrent_first_adds_start_one_keeper() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, _x) = with_runtime(t);
    let o = t.sh(
        r#"mkfifo $X/go; chmod 666 $X/go; exec 3<>$X/go
for i in 1 2 3 4 5 6 7 8; do
  u sh -c 'read g < '$X'/go; s=$(date +%s%N); $RNS netns --user add n'$i'; r=$?; echo $s $(date +%s%N) $r' > $X/t$i &
done
printf '1\n2\n3\n4\n5\n6\n7\n8\n' >&3
wait; exec 3>&-
cat $X/t* | awk '{ if ($3 != 0) bad++; s[NR]=$1; e[NR]=$2 }
  END { for (i in s) for (j in s) if (i != j && s[i] < e[j] && s[j] < e[i]) o++;
        print (bad ? "failed" : "all-added"), (o ? "overlapped" : "serial") }'
echo keepers=$(keepers) names=$(u $RNS netns --user list | wc -l)
for i in 1 2 3 4 5 6 7 8; do u $RNS netns --user del n$i; done; echo keepers=$(keepers)"#,
    );
    assert_eq!(
        o.stdout, "all-added overlapped\nkeepers=1 names=8\nkeepers=0\n",
        "{o:?}"
    );
}

/// Another user can neither see nor enter them: not through the store,
/// not through the keeper's /proc root, not with nsenter.
#[test]
fn another_user_cannot_see_or_enter() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, x) = with_runtime(t);
    let o = t.sh(
        r#"o() { setpriv --reuid=65533 --regid=65533 --clear-groups --inh-caps=-all "$@"; }
u $RNS netns --user add mine && k=$(cat $X/rns/keeper)
o env XDG_RUNTIME_DIR=$X $RNS netns --user list; echo list=$?
o env XDG_RUNTIME_DIR=$X $RNS netns --user exec mine true; echo exec=$?
o ls /proc/$k/root/run/netns >/dev/null 2>&1; echo ls=$?
o nsenter --net=/proc/$k/root/run/netns/mine true 2>/dev/null; echo nsenter=$?
u $RNS netns --user list; u $RNS netns --user del mine"#,
    );
    assert_eq!(o.stdout, "list=1\nexec=1\nls=2\nnsenter=1\nmine\n", "{o:?}");
    let denied = format!("Cannot use \"{}/rns\": Permission denied\n", x.path());
    assert_eq!(o.stderr, format!("{denied}{denied}"), "{o:?}");
}

/// A veth end cannot go to the host's namespace without privilege: rns
/// says so (and points to delegation); with no namespaces it says that.
#[test]
fn veth_refuses_a_host_end_clearly() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, _x) = with_runtime(t);
    let o = t.sh(r#"u $RNS veth --user add va vb --netns a; echo rc=$?
u $RNS netns --user add a
u $RNS veth --user add vh vb --peer-netns a; echo rc=$?
u $RNS veth --user list; echo rc=$?
u $RNS veth --user a vh vb --peer-netns a; echo rc=$?
u $RNS veth --user sh; echo rc=$?
u $RNS veth --user delete vb; echo rc=$?
u $RNS netns --user exec a ip -o link | grep -c veth
u $RNS netns --user del a; echo keepers=$(keepers)"#);
    // ip's spellings (a, sh, delete) are refused alike.
    assert_eq!(
        o.stdout, "rc=1\nrc=1\nrc=1\nrc=1\nrc=1\nrc=1\n0\nkeepers=0\n",
        "{o:?}"
    );
    let host = "veth: an end in the host's network namespace needs privilege: give --netns \
                and --peer-netns (your own namespaces, see 'rns netns --user list'), or ask \
                an administrator to delegate a namespace to you ('rns netns add NAME --owner USER')\n";
    assert_eq!(o.stderr, host.repeat(6), "{o:?}");
}

/// Without `--user`, a plain user's `add` answers exactly as ip does,
/// plus one hint line.
#[test]
fn plain_add_as_a_user_answers_as_ip_plus_a_hint() {
    let Some(t) = rootless().tool("/usr/sbin/ip").ready() else {
        return;
    };
    let (t, _x) = with_runtime(t);
    let o = t.sh(r#"u ip netns add x; echo rc=$?; rm -rf /run/netns
echo ---; u $RNS netns add x; echo rc=$?"#);
    let (ip, ours) = o.stdout.split_once("---\n").unwrap();
    assert_eq!(ip, ours, "{o:?}");
    let lines: Vec<&str> = o.stderr.lines().collect();
    let half = (lines.len() - 1) / 2;
    assert_eq!(lines[..half], lines[half..2 * half], "{o:?}");
    assert_eq!(
        lines[2 * half],
        "Hint: without root, \"rns netns --user add NAME\" makes a namespace of your own.",
        "{o:?}"
    );
}

/// With no XDG_RUNTIME_DIR the store is /tmp/rns-UID, made private; a
/// store directory others can enter is refused.
#[test]
fn store_location_and_privacy() {
    let Some(t) = rootless().ready() else {
        return;
    };
    let (t, x) = with_runtime(t);
    let o = t.sh(
        r#"mount -t tmpfs rns-tmp /tmp
setpriv --reuid=65534 --regid=65534 --clear-groups env -u XDG_RUNTIME_DIR $RNS netns --user list; echo rc=$?
stat -c '%a %u' /tmp/rns-65534
mkdir $X/rns && chown 65534 $X/rns && chmod 755 $X/rns
u $RNS netns --user add a; echo rc=$?"#,
    );
    assert_eq!(o.stdout, "rc=0\n700 65534\nrc=1\n", "{o:?}");
    assert_eq!(
        o.stderr,
        format!(
            "\"{}/rns\" is not a private directory of uid 65534\n",
            x.path()
        ),
        "{o:?}"
    );
}
