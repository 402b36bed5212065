//! `rns veth`: every case runs in a sandbox with its own network and mount
//! namespaces and a tmpfs on /run, so named namespaces (made with the host's
//! `ip netns add`) and links never touch the host.

use crate::common::*;

/// A tiny TCP echo server: ADDR PORT READYFILE; answers `pong:` + what it got.
const SRV: &str = r#"import socket,sys
fam=socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s=socket.socket(fam)
s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind((sys.argv[1],int(sys.argv[2])))
s.listen(1)
open(sys.argv[3],"w").close()
c,_=s.accept()
c.sendall(b"pong:"+c.recv(100))
c.close()"#;

/// The client: ADDR PORT; prints the server's answer.
const CLI: &str = r#"import socket,sys
c=socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=5)
c.sendall(b"ping")
print(c.recv(100).decode())"#;

/// Shell functions for the scripts: `tcp SRVNS CLINS ADDR PORT` runs the
/// server in SRVNS and the client in CLINS (`-` = the sandbox's own netns).
const PRELUDE: &str = r#"
inns() { ns=$1; shift; if [ "$ns" = - ]; then "$@"; else ip netns exec "$ns" "$@"; fi; }
tcp() {
  rm -f /run/ready
  inns "$1" python3 -c "$SRV" "$3" "$4" /run/ready &
  i=0; while [ ! -e /run/ready ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
  inns "$2" python3 -c "$CLI" "$3" "$4"
  wait
}
links() { echo "== -"; ip -o link; for n in $(ip netns list | cut -d' ' -f1); do echo "== $n"; ip -n "$n" -o link; done; }
"#;

/// What every veth case needs and runs in: root, python3 and ip; network
/// and mount namespaces of its own with a tmpfs on /run; the TCP helpers.
fn veth() -> Test {
    Test::new()
        .root()
        .tool("/usr/bin/python3")
        .tool("/usr/sbin/ip")
        .net_ns()
        .sandbox()
        .prelude(PRELUDE)
        .env("SRV", SRV)
        .env("CLI", CLI)
}

#[test]
fn seed_workflow_carries_tcp_over_ipv4_and_ipv6() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"set -e
ip netns add A
$RNS veth add h0 a0 --peer-netns A --addr 10.200.0.1/24 --addr fd20::1/64 \
    --peer-addr 10.200.0.2/24 --peer-addr fd20::2/64
echo "add=$?"
tcp A - 10.200.0.2 5001
tcp A - fd20::2 5002
tcp - A 10.200.0.1 5003
tcp - A fd20::1 5004
ip -o link show lo | grep -q '<LOOPBACK,UP' && echo "lo up here"
ip -n A -o link show lo | grep -q '<LOOPBACK,UP' && echo "lo up in A"
ip -o addr show dev h0 | grep fd20:: | grep -c tentative || true
ip -n A -o addr show dev a0 | grep fd20:: | grep -c tentative || true
"#);
    assert_eq!(
        o.stdout,
        "add=0\npong:ping\npong:ping\npong:ping\npong:ping\nlo up here\nlo up in A\n0\n0\n",
        "{o:?}"
    );
    assert_eq!(o.stderr, "", "{o:?}");
    assert_eq!(o.code, 0);
}

#[test]
fn ends_in_two_named_namespaces() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"set -e
ip netns add A; ip netns add B
here=$(ip -o link)
$RNS veth add a0 b0 --addr 10.201.0.1/24 --netns A --peer-addr 10.201.0.2/24 \
    --peer-netns B --addr fd21::1/64 --peer-addr fd21::2/64
[ "$here" = "$(ip -o link)" ] && echo "caller untouched"
tcp B A 10.201.0.2 5011
tcp A B fd21::1 5012
ip -n A -o link show lo | grep -q '<LOOPBACK,UP' && echo "lo up in A"
ip -n B -o link show lo | grep -q '<LOOPBACK,UP' && echo "lo up in B"
ip -o link show lo | grep -q '<LOOPBACK,UP' || echo "lo still down here"
$RNS veth list --netns A -j
$RNS veth list --netns /run/netns/B
$RNS veth list
"#);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        &lines[..6],
        [
            "caller untouched",
            "pong:ping",
            "pong:ping",
            "lo up in A",
            "lo up in B",
            "lo still down here"
        ],
        "{o:?}"
    );
    assert!(
        lines[6].starts_with(r#"[{"name":"a0","peer":"b0","peer_netns":"B","peer_nsid":"#),
        "{o:?}"
    );
    assert!(
        lines[7].starts_with("NAME  PEER  PEER-NETNS  STATE  MTU   ADDRESSES"),
        "{o:?}"
    );
    assert!(
        lines[8]
            .starts_with("b0    a0    A           up     1500  10.201.0.2/24 fd21::2/64 fe80::"),
        "{o:?}"
    );
    assert_eq!(lines.len(), 9, "{o:?}");
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
}

#[test]
fn mtu_and_macs_are_set_on_both_ends() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"set -e
ip netns add A
$RNS veth add m0 m1 --peer-netns A --mtu 9000 --mac 02:11:22:33:44:55 --peer-mac 02:aa:BB:cc:dd:0e
ip -o link show m0 | grep -o '<[^>]*>\|mtu [0-9]*\|link/ether [0-9a-f:]*'
ip -n A -o link show m1 | grep -o '<[^>]*>\|mtu [0-9]*\|link/ether [0-9a-f:]*'
$RNS veth add n0 n1 --mtu 68 --down
ip -o link show n0 | grep -o '<[^>]*>\|mtu [0-9]*' 
$RNS veth add o0 o1 --mtu 65535
ip -o link show o1 | grep -o 'mtu [0-9]*'
"#);
    assert_eq!(
        o.stdout,
        "<BROADCAST,MULTICAST,UP,LOWER_UP>\nmtu 9000\nlink/ether 02:11:22:33:44:55\n\
         <BROADCAST,MULTICAST,UP,LOWER_UP>\nmtu 9000\nlink/ether 02:aa:bb:cc:dd:0e\n\
         <BROADCAST,MULTICAST,M-DOWN>\nmtu 68\nmtu 65535\n",
        "{o:?}"
    );
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
}

#[test]
fn del_from_inside_a_namespace_removes_both_ends() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"
ip netns add A
$RNS veth add h0 a0 --peer-netns A
ip netns exec A $RNS veth del a0; echo "del=$?"
ip -o link show h0 2>/dev/null || echo "h0 gone"
ip -n A -o link show a0 2>/dev/null || echo "a0 gone"
$RNS veth add h1 a1 --peer-netns A
$RNS veth del a1 --netns A; echo "del=$?"
ip -o link show h1 2>/dev/null || echo "h1 gone"
$RNS veth del h1; echo "missing=$?"
$RNS veth del lo --netns A; echo "not veth=$?"
ip -n A -o link show lo >/dev/null && echo "lo kept"
"#);
    assert_eq!(
        o.stdout, "del=0\nh0 gone\na0 gone\ndel=0\nh1 gone\nmissing=1\nnot veth=1\nlo kept\n",
        "{o:?}"
    );
    assert_eq!(
        o.stderr,
        "veth: no device 'h1'\nveth: 'lo' in network namespace 'A' is not a veth device\n"
    );
}

#[test]
fn list_json_field_by_field() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"set -e
ip netns add A
$RNS veth list -j
$RNS veth list
$RNS veth add h0 a0 --peer-netns A --down --mtu 1400 --addr 10.202.0.1/24 --addr fd22::1/64 --peer-addr 10.202.0.2/30
$RNS veth list -j
$RNS veth list --json --netns A
ip -n A -j link show a0 | grep -o '"link_netnsid":[0-9]*'
$RNS veth add s0 s1 --addr 127.0.0.2/8
$RNS veth list -j | grep -o '{"name":"s[^}]*}'
unshare -n sh -c 'touch /run/unshared; exec sleep 30' & pid=$!
i=0; while [ ! -e /run/unshared ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
$RNS veth add p0 p1 --peer-netns $pid
$RNS veth list -j | grep -o '{"name":"p0[^}]*}'
kill $pid
ip -j link show h0 | grep -o '"link_netnsid":[0-9]*'
"#,
    );
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines[0], "[]", "{o:?}");
    let nsid_a = lines[7].trim_start_matches("\"link_netnsid\":");
    assert_eq!(
        lines[1],
        format!(
            r#"[{{"name":"h0","peer":"a0","peer_netns":"A","peer_nsid":{nsid_a},"state":"down","mtu":1400,"addresses":["10.202.0.1/24","fd22::1/64"]}}]"#
        ),
        "{o:?}"
    );
    let nsid = lines[3].trim_start_matches("\"link_netnsid\":");
    assert_eq!(
        lines[2],
        format!(
            r#"[{{"name":"a0","peer":"h0","peer_netns":null,"peer_nsid":{nsid},"state":"down","mtu":1400,"addresses":["10.202.0.2/30"]}}]"#
        ),
        "{o:?}"
    );
    assert!(
        lines[4].starts_with(r#"{"name":"s1","peer":"s0","peer_netns":null,"peer_nsid":null,"state":"up","mtu":1500,"addresses":["fe80::"#),
        "{o:?}"
    );
    assert!(
        lines[5].starts_with(r#"{"name":"s0","peer":"s1","peer_netns":null,"peer_nsid":null,"state":"up","mtu":1500,"addresses":["127.0.0.2/8","fe80::"#),
        "{o:?}"
    );
    // The peer's namespace has no name: null, and its nsid, a number.
    let p0 = lines[6];
    let head = r#"{"name":"p0","peer":"p1","peer_netns":null,"peer_nsid":"#;
    assert!(p0.starts_with(head), "{o:?}");
    let rest = &p0[head.len()..];
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    assert!(
        !num.is_empty() && rest[num.len()..].starts_with(",\"state\":\"up\""),
        "{o:?}"
    );
    assert_eq!(lines.len(), 8, "{o:?}");
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
}

/// Each bad input: exit status, the message, and link tables unchanged in
/// every namespace of the sandbox.
#[test]
fn bad_input_leaves_the_link_tables_as_they_were() {
    let Some(t) = veth().ready() else {
        return;
    };
    let cases: &[(&str, i32, &str)] = &[
        ("add '' p0", 1, "veth: invalid device name '': it is empty\n"),
        ("add abcdefghijklmnop p0", 1, "veth: invalid device name 'abcdefghijklmnop': it is longer than 15 bytes\n"),
        ("add . p0", 1, "veth: invalid device name '.': '.' and '..' are not allowed\n"),
        ("add v0 ..", 1, "veth: invalid device name '..': '.' and '..' are not allowed\n"),
        ("add a/b p0", 1, "veth: invalid device name 'a/b': it contains '/'\n"),
        ("add 'a b' p0", 1, "veth: invalid device name 'a b': it contains whitespace\n"),
        ("add v0 v0", 1, "veth: the peer must have another name than 'v0'\n"),
        ("add ex0 p0", 1, "veth: device 'ex0' already exists\n"),
        ("add v0 inA --peer-netns A", 1, "veth: device 'inA' already exists in network namespace 'A'\n"),
        ("add v0 p0 --netns nope", 1, "veth: cannot open network namespace 'nope': No such file or directory\n"),
        ("add v0 p0 --peer-netns /nonexistent/ns", 1, "veth: cannot open network namespace '/nonexistent/ns': No such file or directory\n"),
        ("add v0 p0 --peer-netns /etc/hostname", 1, "veth: '/etc/hostname' is not a network namespace\n"),
        ("add v0 p0 --addr 300.1.1.1/24", 1, "veth: invalid address '300.1.1.1/24': '300.1.1.1' is not an IPv4 or IPv6 address\n"),
        ("add v0 p0 --peer-addr 10.0.0.1/33", 1, "veth: invalid address '10.0.0.1/33': prefix length 33 is out of range (0-32)\n"),
        ("add v0 p0 --addr fd00::1/129", 1, "veth: invalid address 'fd00::1/129': prefix length 129 is out of range (0-128)\n"),
        ("add v0 p0 --mtu 67", 1, "veth: invalid MTU '67': out of range (68-65535)\n"),
        ("add v0 p0 --mtu 65536", 1, "veth: invalid MTU '65536': out of range (68-65535)\n"),
        ("add v0 p0 --mtu 1k", 1, "veth: invalid MTU '1k': not a decimal number\n"),
        ("add v0 p0 --mtu 1000 --addr fd00::1/64", 1, "veth: MTU 1000 is below 1280, the minimum for IPv6 addresses\n"),
        ("add v0 p0 --mac 02:00:00:00:00", 1, "veth: invalid MAC address '02:00:00:00:00': expected six hex bytes separated by ':', e.g. 02:00:00:00:00:01\n"),
        ("add v0 p0 --peer-mac zz:00:00:00:00:01", 1, "veth: invalid MAC address 'zz:00:00:00:00:01': expected six hex bytes separated by ':', e.g. 02:00:00:00:00:01\n"),
        ("add v0 p0 --mac 01:00:5e:00:00:01", 1, "veth: invalid MAC address '01:00:5e:00:00:01': it is a multicast address (the first byte is odd)\n"),
        ("add v0 p0 --mac 00:00:00:00:00:00", 1, "veth: invalid MAC address '00:00:00:00:00:00': it is all zeros\n"),
        ("add v0 p0 --addr 10.0.0.1/24 --addr 10.0.0.1/16", 1, "veth: address 10.0.0.1 given twice\n"),
        // Refused by the kernel after the pair was made: rolled back, exit 2,
        // the kernel's own (extack) reason.
        ("add v0 p0 --peer-netns A --addr 10.0.0.1/24 --peer-addr ff02::5/64", 2,
         "veth: add address ff02::5/64 to 'p0' in network namespace 'A': ipv6: Cannot assign multicast address without \"IFA_F_MCAUTOJOIN\" flag\n"),
        ("add v0 p0 --netns A --addr ::1/128", 2,
         "veth: add address ::1/128 to 'v0' in network namespace 'A': ipv6: Cannot assign loopback address on this device\n"),
        ("add", 1, "veth: add: expected <name> <peer>\nTry 'veth --help' for more information.\n"),
        ("add v0", 1, "veth: add: expected <name> <peer>\nTry 'veth --help' for more information.\n"),
        ("add v0 p0 x", 1, "veth: unexpected argument 'x'\nTry 'veth --help' for more information.\n"),
        ("add v0 p0 --json", 1, "veth: option '--json' is not valid with 'add'\nTry 'veth --help' for more information.\n"),
        ("add v0 p0 --mtu 1500 --mtu 1400", 1, "veth: option '--mtu' given more than once\nTry 'veth --help' for more information.\n"),
        ("add v0 p0 --bogus", 1, "veth: unrecognized option '--bogus'\nTry 'veth --help' for more information.\n"),
        ("del", 1, "veth: del: expected <name>\nTry 'veth --help' for more information.\n"),
        ("del ex0 --mtu 1500", 1, "veth: option '--mtu' is not valid with 'del'\nTry 'veth --help' for more information.\n"),
        ("del nothere", 1, "veth: no device 'nothere'\n"),
        ("del lo", 1, "veth: 'lo' is not a veth device\n"),
        ("del inA --netns nope", 1, "veth: cannot open network namespace 'nope': No such file or directory\n"),
        ("list --netns nope", 1, "veth: cannot open network namespace 'nope': No such file or directory\n"),
        ("list x", 1, "veth: unexpected argument 'x'\nTry 'veth --help' for more information.\n"),
        ("", 1, "veth: missing command: add, del or list\nTry 'veth --help' for more information.\n"),
        ("bogus", 1, "veth: unknown command 'bogus' (expected add, del or list)\nTry 'veth --help' for more information.\n"),
    ];
    let mut script = String::from(
        "ip netns add A\nip link add ex0 type veth peer name ex1\nip -n A link add inA type veth peer name inA2\nbefore=$(links)\n",
    );
    for (i, (args, _, _)) in cases.iter().enumerate() {
        script += &format!(
            "echo \"@{i}\"; echo \"@{i}\" >&2; $RNS veth {args}; echo \"rc=$?\"; [ \"$before\" = \"$(links)\" ] || {{ echo CHANGED; links; }}\n"
        );
    }
    let o = t.sh(&script);
    for (i, (args, code, err)) in cases.iter().enumerate() {
        let out = section(&o.stdout, i);
        assert_eq!(out, format!("rc={code}\n"), "veth {args}: {o:?}");
        assert_eq!(section(&o.stderr, i), *err, "veth {args}");
    }
}

/// The text between the `@i` marker line and the next marker.
fn section(text: &str, i: usize) -> String {
    let start = format!("@{i}\n");
    let from = text
        .find(&start)
        .map(|p| p + start.len())
        .unwrap_or(text.len());
    let rest = &text[from..];
    let end = rest.find("\n@").map(|p| p + 1).unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn unprivileged_caller_is_refused_before_the_kernel() {
    let Some(t) = veth().tool("/usr/bin/setpriv").ready() else {
        return;
    };
    let user = as_user().join(" ");
    let o = t.sh(&format!(
        r#"ip netns add A
before=$(links)
{user} $RNS veth add v0 p0 --peer-netns A; echo "rc=$?"
{user} $RNS veth del lo; echo "rc=$?"
[ "$before" = "$(links)" ] && echo same
"#
    ));
    assert_eq!(o.stdout, "rc=1\nrc=1\nsame\n", "{o:?}");
    assert_eq!(
        o.stderr,
        "veth: permission denied: creating a veth pair needs CAP_NET_ADMIN\n\
         veth: permission denied: deleting a veth pair needs CAP_NET_ADMIN\n"
    );
}

#[test]
fn help_comes_from_the_flag_table() {
    let o = rns("veth", &["--help"]);
    assert_eq!(o.code, 0);
    assert!(
        o.stdout
            .starts_with("\nUsage:\n veth add <name> <peer> [options]\n"),
        "{o:?}"
    );
    for f in rns::applet::veth::flag_docs() {
        assert!(o.stdout.contains(&format!("--{}", f.long)), "{}", f.long);
    }
    // Issue 13: an address without a prefix length is a host address, as
    // with ip; the help says so.
    assert!(
        o.stdout.contains("without /LEN: /32 or /128, as ip does"),
        "{o:?}"
    );
    // Options may follow the operands; `--` ends them.
    let o = rns("veth", &["list", "--", "--json"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "veth: unexpected argument '--json'\nTry 'veth --help' for more information.\n"
    );
}

/// Each end is made directly in its namespace (one RTM_NEWLINK, namespaces
/// by fd): the caller's namespace never sees the peer, nor either end when
/// both go elsewhere.
#[test]
fn ends_never_pass_through_the_callers_namespace() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"ip netns add A; ip netns add B
ip -o monitor link > /run/mon & mon=$!
# The monitor is listening once an event of ours shows up; events arrive in
# order, so the last one marks the end.
i=0; until grep -q ': lo:' /run/mon || [ $i -ge 1000 ]; do ip link set lo mtu $((60000 + i)); i=$((i+1)); sleep 0.01; done
$RNS veth add h0 a0 --peer-netns A --addr 10.203.0.1/24 --peer-addr 10.203.0.2/24
$RNS veth add x0 y0 --netns A --peer-netns B
ip link set lo mtu 65000
i=0; until grep -q 'mtu 65000' /run/mon || [ $i -ge 1000 ]; do i=$((i+1)); sleep 0.01; done
kill $mon; wait $mon
grep -qE ': h0[@:]' /run/mon && echo "saw h0"
grep -qE ': (a0|x0|y0)[@:]' /run/mon || echo "never saw a0, x0, y0"
ip -n A -o link show a0 >/dev/null && ip -n A -o link show x0 >/dev/null && ip -n B -o link show y0 >/dev/null && echo "all placed"
"#,
    );
    assert_eq!(
        o.stdout, "saw h0\nnever saw a0, x0, y0\nall placed\n",
        "{o:?}"
    );
}

/// CAP_NET_ADMIN over a namespace is enough: a plain user in its own user
/// and network namespaces can make and list a pair.
#[test]
fn works_for_a_user_in_its_own_user_namespace() {
    let Some(_) = veth().tool("/usr/bin/setpriv").ready() else {
        return;
    };
    let mut argv = as_user();
    argv.extend([
        "/usr/bin/unshare",
        "-rn",
        "/bin/sh",
        "-c",
        "$RNS veth add u0 u1 --down --addr 10.204.0.1/24; echo rc=$?; $RNS veth list -j",
    ]);
    let o = run(cmd(argv[0]).args(&argv[1..]).env("RNS", rns_bin()));
    assert_eq!(
        o.stdout,
        "rc=0\n[{\"name\":\"u1\",\"peer\":\"u0\",\"peer_netns\":null,\"peer_nsid\":null,\"state\":\"down\",\"mtu\":1500,\"addresses\":[]},\
         {\"name\":\"u0\",\"peer\":\"u1\",\"peer_netns\":null,\"peer_nsid\":null,\"state\":\"down\",\"mtu\":1500,\"addresses\":[\"10.204.0.1/24\"]}]\n",
        "{o:?}"
    );
}

/// Issue 11: after the pair is made, rns configures and rolls back its links
/// by the ifindexes the kernel gave them, never by name. A test build stops
/// itself (SIGSTOP) right after the creation (RNS_TEST_STOP_AT=veth-add:created); the
/// script then renames the new end and gives its name to another link, and
/// lets rns go on into a failing configuration: the address must land on the
/// renamed end, the rollback must delete that pair, and the stranger's link
/// that now has the name must stay untouched.
#[test]
fn configuration_and_rollback_go_by_ifindex_not_by_name() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"ip netns add A
stopped() { [ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" = T ]; }
RNS_TEST_STOP_AT=veth-add:created $RNS veth add h0 a0 --peer-netns A --addr 10.205.0.1/24 \
    --peer-addr ff02::5/64 & pid=$!
i=0; while ! stopped $pid && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
stopped $pid && echo "stopped after the creation"
ip link set h0 name ours0
ip link add h0 type veth peer name z0
kill -CONT $pid; wait $pid; echo "rc=$?"
ip -o link show ours0 2>/dev/null || echo "our pair was rolled back"
ip -n A -o link show a0 2>/dev/null || echo "peer gone too"
ip -o link show h0 | grep -q 'h0@z0' && echo "the stranger's h0 is kept"
ip -o addr show dev h0 | grep -q 10.205 || echo "and got no address"
"#);
    assert_eq!(
        o.stdout,
        "stopped after the creation\nrc=2\nour pair was rolled back\npeer gone too\n\
         the stranger's h0 is kept\nand got no address\n",
        "{o:?}"
    );
    assert_eq!(
        o.stderr,
        "veth: add address ff02::5/64 to 'a0' in network namespace 'A': ipv6: Cannot assign multicast address without \"IFA_F_MCAUTOJOIN\" flag\n",
        "{o:?}"
    );
}

/// The pair is deleted by someone else before it is configured: the
/// configuration fails on the first step, the rollback finds nothing left to
/// undo (and does not take the stranger's link of the same name), the first
/// error is the one reported.
#[test]
fn rollback_of_a_pair_deleted_meanwhile_reports_the_first_error() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"stopped() { [ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" = T ]; }
RNS_TEST_STOP_AT=veth-add:created $RNS veth add h0 a0 --peer-addr ff02::5/64 & pid=$!
i=0; while ! stopped $pid && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
ip link del h0 && ip link add h0 type veth peer name z0
kill -CONT $pid; wait $pid; echo "rc=$?"
ip -o link show h0 | grep -q 'h0@z0' && echo "the stranger's h0 is kept"
"#,
    );
    assert_eq!(o.stdout, "rc=2\nthe stranger's h0 is kept\n", "{o:?}");
    assert_eq!(o.stderr, "veth: bring up 'a0': No such device\n", "{o:?}");
}

/// Issue 13: addresses are usable at once, IPv6 as much as IPv4: the first
/// ping across is answered within 500 ms, whichever namespaces the ends are
/// in. With the addresses added before the peer had carrier it took a second
/// every time. With both CPUs busy the kernel's own deferred work (link watch,
/// address setup) can still, rarely, cost one attempt a retransmission: each
/// case gets three attempts, each with a fresh pair.
#[test]
fn first_ping_across_is_answered_at_once_ipv4_and_ipv6() {
    let Some(t) = veth().tool("/usr/bin/ping").ready() else {
        return;
    };
    let o = t.sh(
        r#"ip netns add A; ip netns add B
# case_ PINGNS TARGET NAME PEER OPTIONS...: up to three fresh pairs.
case_() {
  from=$1 to=$2; shift 2
  for i in 1 2 3; do
    $RNS veth add "$@" || exit 1
    if inns "$from" ping -c1 -n -W0.5 -w1 "$to" >/dev/null; then echo "$to answered"; return; fi
    echo "$to: attempt $i not answered within 500 ms" >&2
    ip -n A link del "$1" 2>/dev/null; ip -n B link del "$1" 2>/dev/null; ip link del "$1" 2>/dev/null
  done
  echo "$to NOT answered"
}
case_ - fd26::2 h0 a0 --peer-netns A --addr 10.206.0.1/24 --addr fd26::1/64 \
    --peer-addr 10.206.0.2/24 --peer-addr fd26::2/64
case_ - 10.206.1.2 h1 a1 --peer-netns A --addr 10.206.1.1/24 --peer-addr 10.206.1.2/24
case_ A fd27::2 x0 y0 --netns A --peer-netns B --addr fd27::1/64 --peer-addr fd27::2/64
case_ A fd28::2 x1 y1 --netns A --addr fd28::1/64 --peer-addr fd28::2/64
case_ A fd29::1 x2 y2 --netns B --peer-netns A --addr fd29::1/64 --peer-addr fd29::2/64
"#,
    );
    assert_eq!(
        o.stdout,
        "fd26::2 answered\n10.206.1.2 answered\nfd27::2 answered\nfd28::2 answered\nfd29::1 answered\n",
        "{o:?}"
    );
}

/// Issue 13: `-V`/`--version` as every applet has, `help`, and ip's
/// spellings of the subcommands: `delete`, `show`, `lst` and any non-empty
/// prefix, the first match in ip's order winning (`l` list, `s` show, `d`
/// delete, `a` add, `h` help).
#[test]
fn version_help_and_iproute2_spellings_of_the_subcommands() {
    let version = format!("veth from rns {}\n", env!("CARGO_PKG_VERSION"));
    for v in ["-V", "--version", "--vers"] {
        let o = rns("veth", &[v]);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, version.as_str(), ""),
            "{v}"
        );
    }
    let help = rns("veth", &["--help"]);
    for h in ["help", "h", "he"] {
        assert_eq!(rns("veth", &[h]), help, "{h}");
    }
    for (w, err) in [
        (
            "x",
            "veth: unknown command 'x' (expected add, del or list)\n",
        ),
        (
            "lists",
            "veth: unknown command 'lists' (expected add, del or list)\n",
        ),
        ("", "veth: unknown command '' (expected add, del or list)\n"),
    ] {
        let o = rns("veth", &[w]);
        assert_eq!(o.code, 1, "{w}");
        assert_eq!(
            o.stderr,
            format!("{err}Try 'veth --help' for more information.\n")
        );
    }
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"ip netns add A
$RNS veth a h0 a0 --peer-netns A; echo "a=$?"
$RNS veth ad h1 a1 --peer-netns A; echo "ad=$?"
list=$($RNS veth list --netns A)
[ -n "$list" ] && echo "list not empty"
for w in l li lis lst s sh sho show; do [ "$($RNS veth $w --netns A)" = "$list" ] && echo "$w lists"; done
$RNS veth d a0 --netns A; echo "d=$?"
$RNS veth delete h1; echo "delete=$?"
$RNS veth de h1; echo "de again=$?"
$RNS veth list --netns A
"#,
    );
    assert_eq!(
        o.stdout,
        "a=0\nad=0\nlist not empty\nl lists\nli lists\nlis lists\nlst lists\ns lists\nsh lists\nsho lists\nshow lists\nd=0\ndelete=0\nde again=1\n",
        "{o:?}"
    );
    assert_eq!(o.stderr, "veth: no device 'h1'\n", "{o:?}");
}

/// Issue 13: the caller's own namespace is not `nsid 0` in the text output
/// (it is `(caller's)`, or its name when it has one); in the JSON every key
/// has one type: `peer_netns` a name or null, `peer_nsid` an integer or null.
#[test]
fn list_names_the_callers_namespace_and_keeps_json_types() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"ip netns add A
unshare -n sh -c 'touch /run/unshared; exec sleep 30' & pid=$!
i=0; while [ ! -e /run/unshared ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
$RNS veth add x0 y0 --netns A
$RNS veth add x1 y1 --netns A --peer-netns $pid
$RNS veth add x2 y2 --netns A --peer-netns A
$RNS veth list --netns A | awk '{print $1, $2, $3, $4}' | sed 's/ *$//; s/ up$//'
$RNS veth list --netns A -j | grep -o '{"name":"x[^}]*}' | sed 's/"addresses".*//; s/"peer_nsid":[0-9][0-9]*/"peer_nsid":N/'
ip netns attach self $$
$RNS veth list --netns A | awk '$1 == "x0" {print $1, $2, $3}'
$RNS veth list --netns A -j | grep -o '{"name":"x0[^}]*}' | sed 's/"state".*//; s/"peer_nsid":[0-9][0-9]*/"peer_nsid":N/'
kill $pid
"#,
    );
    assert_eq!(
        o.stdout,
        "NAME PEER PEER-NETNS STATE\n\
         x0 y0 (caller's)\n\
         x1 y1 nsid 1\n\
         y2 x2 -\n\
         x2 y2 -\n\
         {\"name\":\"x0\",\"peer\":\"y0\",\"peer_netns\":null,\"peer_nsid\":N,\"state\":\"up\",\"mtu\":1500,\n\
         {\"name\":\"x1\",\"peer\":\"y1\",\"peer_netns\":null,\"peer_nsid\":N,\"state\":\"up\",\"mtu\":1500,\n\
         {\"name\":\"x2\",\"peer\":\"y2\",\"peer_netns\":null,\"peer_nsid\":null,\"state\":\"up\",\"mtu\":1500,\n\
         x0 y0 self\n\
         {\"name\":\"x0\",\"peer\":\"y0\",\"peer_netns\":\"self\",\"peer_nsid\":N,\n",
        "{o:?}"
    );
    assert_eq!(o.stderr, "", "{o:?}");
}

/// Issue 11: a name in /run/netns that is not UTF-8 is listed (its bytes as
/// they are, as ip prints them) and usable by every veth command.
#[test]
fn non_utf8_namespace_names_are_listed_and_usable() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(r#"N=$(printf 'n\377x')
ip netns add "$N"
$RNS veth add h0 a0 --peer-netns "$N" --addr 10.207.0.1/24 --peer-addr 10.207.0.2/24; echo "add=$?"
$RNS veth list | awk '$1 == "h0" {print $3}' | od -An -tx1
$RNS veth list -j | grep -o '"peer_netns":"[^"]*"' | od -An -tx1
$RNS veth list --netns "$N" | awk '$1 == "a0" {print $1, $2, $3}'
$RNS veth del a0 --netns "$N"; echo "del=$?"
ip -o link show h0 2>/dev/null || echo "h0 gone"
"#);
    assert_eq!(
        o.stdout,
        "add=0\n 6e ff 78 0a\n 22 70 65 65 72 5f 6e 65 74 6e 73 22 3a 22 6e ff\n 78 22 0a\na0 h0 (caller's)\ndel=0\nh0 gone\n",
        "{o:?}"
    );
    assert_eq!(o.stderr, "", "{o:?}");
}

/// Issue 10: with many names in /run/netns, `veth list` names the peers'
/// namespaces with two threads sharing the GETNSID scan. The output must
/// not depend on their timing: every peer's namespace by its own name, a
/// namespace with two names by the bytewise-first one, the same in every
/// run; and the progress marks prove that the helper thread took batches
/// (in some of the 20 runs of each listing: which thread claims a batch is
/// up to the scheduler, the output must not be).
#[test]
fn list_with_many_names_is_exact_whichever_thread_scans() {
    let Some(t) = veth().ready() else {
        return;
    };
    let o = t.sh(
        r#"set -e
i=1; while [ $i -le 300 ]; do echo "netns add m$i"; i=$((i+1)); done > /run/batch
i=1; while [ $i -le 30 ]; do echo "link add h$i type veth peer name p$i netns m$((i*10))"; i=$((i+1)); done >> /run/batch
ip -batch /run/batch
touch /run/netns/a-alias /run/netns/zz-alias
mount --bind /run/netns/m70 /run/netns/a-alias
mount --bind /run/netns/m80 /run/netns/zz-alias
$RNS veth list > /run/first
r=0; while [ $r -lt 20 ]; do
  RNS_TEST_PROGRESS=/run/progress $RNS veth list > /run/again
  cmp -s /run/first /run/again || echo "run $r differs"
  r=$((r+1))
done
grep -c '^veth-scan:helper$' /run/progress >/dev/null && echo "helper scanned"
awk 'NR > 1 {print $1, $2, $3}' /run/first | sort -V
$RNS veth add q0 q1 --netns m250 --peer-netns m260
$RNS veth list --netns m250 > /run/there
r=0; while [ $r -lt 20 ]; do
  RNS_TEST_PROGRESS=/run/progress2 $RNS veth list --netns m250 > /run/again
  cmp -s /run/there /run/again || echo "run $r there differs"
  r=$((r+1))
done
awk 'NR > 1 {print $1, $2, $3}' /run/there
grep -c '^veth-scan:helper$' /run/progress2 >/dev/null && echo "helper scanned there"
"#,
    );
    let mut want = String::from("helper scanned\n");
    for i in 1..=30 {
        let ns = match i * 10 {
            70 => "a-alias".to_string(),
            n => format!("m{n}"),
        };
        want.push_str(&format!("h{i} p{i} {ns}\n"));
    }
    want.push_str("p25 h25 (caller's)\nq0 q1 m260\nhelper scanned there\n");
    assert_eq!(o.stdout, want, "{o:?}");
    assert_eq!(o.stderr, "", "{o:?}");
}
