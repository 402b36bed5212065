//! Delegated network namespaces (issue 12, part 1): root makes
//! `rns netns add NAME --owner USER`, USER uses it with no privilege at all.
//! Every flow runs in a sandbox (private mount namespace, tmpfs on /run);
//! USER is uid 65534 through setpriv, another user is 65533.

use crate::common::*;

/// A scratch directory both test users can write.
fn scratch() -> SharedDir {
    SharedDir::new("deleg-", 0o1777, None)
}

const USER: &str = "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all";
const OTHER: &str = "setpriv --reuid=65533 --regid=65533 --clear-groups --inh-caps=-all";

/// Root, setpriv and ip; a sandbox (private mount namespace, tmpfs on /run).
fn delegated() -> Option<Test> {
    Test::new()
        .root()
        .tool("/usr/bin/setpriv")
        .tool("/usr/sbin/ip")
        .sandbox()
        .ready()
}

/// The whole delegated flow: the user is root inside, configures the
/// namespace, sees only its links in /sys, pings; files it makes belong to
/// it outside; root and iproute2 treat the entry as any other (a link moved
/// in from a throwaway namespace, never the host's).
#[test]
fn owner_configures_and_uses_the_namespace() {
    let Some(t) = delegated() else {
        return;
    };
    let s = scratch();
    let o = t.sh(&format!(
        r#"set -e
$RNS netns add deleg --owner 65534
ip netns list
{USER} $RNS netns exec deleg sh -c '
  id -u; ip link set lo up; ip addr add 10.9.0.1/24 dev lo
  ls /sys/class/net; ping -c1 -W5 10.9.0.1 >/dev/null && echo pinged
  touch {d}/made-inside; cat /proc/self/uid_map'
stat -c owner=%u:%g {d}/made-inside
ip netns exec deleg ip -br -4 addr show dev lo
unshare -n sh -c 'ip link add vx type veth peer name vy && ip link set vy netns deleg &&
  ip netns exec deleg ip -br link show vy | cut -d@ -f1'
ip netns del deleg
ip netns list | wc -l"#,
        d = s.path()
    ));
    assert_eq!(o.code, 0, "{o:?}");
    let want = "deleg\n0\nlo\npinged\n         0      65534          1\nowner=65534:65534\n\
                lo               UNKNOWN        127.0.0.1/8 10.9.0.1/24 \nvy\n0\n";
    assert_eq!(o.stdout, want, "{o:?}");
}

/// `--owner USER` maps USER's primary group, `USER:GROUP` the group given,
/// both to 0; the user namespace belongs to USER.
#[test]
fn owner_group_defaults_to_the_primary_group() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(&format!(
        r#"$RNS netns add a --owner nobody && $RNS netns add b --owner 65534:100 &&
{USER} $RNS netns exec a cat /proc/self/gid_map &&
{USER} $RNS netns exec b cat /proc/self/gid_map"#
    ));
    let nogroup = std::fs::read_to_string("/etc/passwd")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("nobody:"))
        .map(|l| l.split(':').nth(3).unwrap().to_string())
        .unwrap();
    let want = format!(
        "{:>10} {:>10} {:>10}\n{:>10} {:>10} {:>10}\n",
        0, nogroup, 1, 0, 100, 1
    );
    assert_eq!((o.code, o.stdout.as_str()), (0, want.as_str()), "{o:?}");
}

/// Another unprivileged user is refused with a message that names the
/// namespace and its owner, and nothing changes.
#[test]
fn another_user_is_refused_clearly() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(&format!(
        r#"$RNS netns add deleg --owner 65534
{OTHER} $RNS netns exec deleg ip link set lo up; echo rc=$?
ip netns exec deleg ip -br link show lo | tr -s ' ' | cut -d' ' -f2
ls /run/netns"#
    ));
    assert_eq!(o.stdout, "rc=255\nDOWN\ndeleg\n", "{o:?}");
    assert_eq!(
        o.stderr,
        "setting the network namespace \"deleg\" failed: Operation not permitted\n\
         network namespace \"deleg\" belongs to user nobody (uid 65534): \
         only that user and root can enter it\n"
    );
}

/// A root-made ordinary namespace still gets exactly ip's answer.
#[test]
fn ordinary_namespace_refuses_users_as_ip_does() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(&format!(
        r#"$RNS netns add plain
{USER} $RNS netns exec plain true; echo rc=$?
{USER} ip netns exec plain true; echo rc=$?"#
    ));
    let line = "setting the network namespace \"plain\" failed: Operation not permitted\n";
    assert_eq!(o.stdout, "rc=255\nrc=255\n", "{o:?}");
    assert_eq!(o.stderr, format!("{line}{line}"), "{o:?}");
}

/// `list`, `identify` and `pids` work for the owner as they do for root.
#[test]
fn owner_lists_identifies_and_finds_pids() {
    let Some(t) = delegated() else {
        return;
    };
    let s = scratch();
    let o = t.sh(&format!(
        r#"$RNS netns add deleg --owner 65534 && mkfifo {d}/up && chmod 666 {d}/up &&
{USER} sh -c '
  $RNS netns exec deleg sh -c "echo \$\$ > {d}/up; exec sleep 60" & read p < {d}/up
  $RNS netns list; [ "$($RNS netns pids deleg)" = "$p" ] && echo pids-ok
  $RNS netns identify $p; kill $p'"#,
        d = s.path()
    ));
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "deleg\npids-ok\ndeleg\n"),
        "{o:?}"
    );
}

/// `rns veth add --peer-netns NAME` and `rns netns exec` (as root) on a
/// delegated namespace work unchanged.
#[test]
fn root_wires_a_veth_into_a_delegated_namespace() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(r#"unshare -n sh -c '
$RNS netns add deleg --owner 65534 &&
$RNS veth add vh0 vd0 --peer-netns deleg --addr 10.7.0.1/24 --peer-addr 10.7.0.2/24 &&
ping -c1 -W5 10.7.0.2 >/dev/null && echo pinged &&
$RNS netns exec deleg cat /proc/self/uid_map'"#);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        o.stdout, "pinged\n         0          0 4294967295\n",
        "{o:?}"
    );
}

/// Bad `--owner` values: ip's message style, status 255, no entry left.
#[test]
fn bad_owner_values_leave_nothing() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(
        r#"for a in "--owner no-such-user" "--owner" "--owner=nobody:no-such-group" "--owner=-5"; do
  $RNS netns add x $a; echo rc=$?
done
[ -z "$(ls -A /run/netns 2>/dev/null)" ] && echo empty"#,
    );
    assert_eq!(o.stdout, "rc=255\nrc=255\nrc=255\nrc=255\nempty\n", "{o:?}");
    assert_eq!(
        o.stderr,
        "Error: argument \"no-such-user\" is wrong: no such user\n\
         Command line is not complete. Try option \"help\"\n\
         Error: argument \"nobody:no-such-group\" is wrong: no such group\n\
         Error: argument \"-5\" is wrong: no such user\n"
    );
}

/// The owner's exec gets exec's whole environment: /etc/netns/NAME bound
/// over /etc, a /sys of NAME, in a mount namespace of its own.
#[test]
fn owner_exec_binds_etc_netns() {
    let Some(t) = delegated() else {
        return;
    };
    let o = t.sh(&format!(
        r#"mount -t tmpfs deleg-etc /etc && echo host > /etc/hosts &&
mkdir -p /etc/netns/deleg && echo deleg-hosts > /etc/netns/deleg/hosts &&
$RNS netns add deleg --owner 65534:65534 &&
{USER} $RNS netns exec deleg sh -c 'cat /etc/hosts; grep -c " /sys .* - sysfs deleg " /proc/self/mountinfo; ls /sys/class/net' &&
cat /etc/hosts"#
    ));
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "deleg-hosts\n1\nlo\nhost\n"),
        "{o:?}"
    );
}
