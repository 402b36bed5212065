//! Every shell example of README.md and of the man pages' EXAMPLES sections,
//! extracted from the files and run as printed, as root, in a sandbox (own
//! mount, PID, network, UTS and IPC namespaces, a tmpfs on /run, an overlay
//! on /etc), with `rns`, `unshare` and `nsenter` on PATH naming the built
//! binary. Each example has an expectation below, keyed by its exact text:
//! what to prepare, and a shell check for the outcome its text promises. An
//! example without an expectation (or an expectation without an example)
//! fails the test, so a changed example cannot go unchecked.
//!
//! Man-page examples are the `.nf`/`.fi` blocks with prompts; a `#` prompt
//! runs the block as root, `$` as an ordinary user (uid 65534), and a line
//! without one that continues no command is shown output. README examples
//! are its indented code blocks, run as root. `cargo` commands are not run:
//! they build and test this checkout, which is how the binary under test
//! exists; the rest of such a line (after `&&`) is. A block runs under
//! `sh -e`: every command in it must succeed.

use crate::common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// One example as printed (prompts included for man pages).
#[derive(Debug, Clone)]
struct Example {
    file: &'static str,
    text: String,
    user: bool,
    /// Commands start with a prompt; a line that has none and continues no
    /// command (`\` at the end of the one before) is output, not run.
    prompted: bool,
}

/// What an example needs and promises. The scripts are sh, run as root in
/// the sandbox with `$T` (a scratch directory), `$HOME` (`$T/home`, the
/// working directory) and the functions `wait_for COND` (poll with a
/// deadline) and `fail MSG`. `check` runs once the example has exited 0,
/// and sees `$out`, a file with the example's stdout and stderr.
#[derive(Clone, Copy)]
struct Expect {
    example: &'static str,
    setup: &'static str,
    /// Run (by the example's shell) after each command ending in `&`:
    /// waits until the background program is ready.
    after_bg: &'static str,
    stdin: &'static str,
    check: &'static str,
}

const E: Expect = Expect {
    example: "",
    setup: "",
    after_bg: "",
    stdin: "",
    check: "",
};

static EXPECT: &[Expect] = &[
    // ------------------------------------------------------------ README
    Expect {
        example: "cargo install --locked --path . && rns unshare --map-root-user --pid --fork --mount-proc ps -ef",
        // Only ps itself, as root, as PID 1 (the root test; tests/dispatch.rs
        // runs it as a plain user too).
        check: r#"[ "$(grep -c . "$out")" = 2 ] || fail "more processes than ps"
            grep -Eq '^root +1 +0 .*ps -ef$' "$out" || fail "ps is not root's PID 1""#,
        ..E
    },
    Expect {
        example: "cargo test --locked",
        check: "true",
        ..E
    },
    Expect {
        example: "cargo install --locked --path .",
        check: "true",
        ..E
    },
    Expect {
        example: "rns --install -s ~/.local/bin",
        // The directory exists on most systems; rns(1) covers a missing one.
        setup: "mkdir -p ~/.local/bin",
        check: r#"for a in unshare nsenter netns ipnetns veth; do
            [ "$(readlink -f ~/.local/bin/$a)" = "$(readlink -f "$(command -v rns)")" ] || fail "no link $a"
        done"#,
        ..E
    },
    Expect {
        example: "./install.sh --prefix /usr --destdir \"$pkgdir\"",
        // A copy of the checkout whose release binary is the one under test.
        setup: r#"src=$T/src; mkdir -p $src/target/any/release
            cp -r "$CHECKOUT/install.sh" "$CHECKOUT/man" "$CHECKOUT/completions" $src/
            ln -s "$(command -v rns)" $src/target/any/release/rns
            export pkgdir=$T/pkg; cd $src"#,
        check: r#"p=$pkgdir/usr
            [ -x $p/bin/rns ] && [ -L $p/bin/unshare ] && [ -L $p/bin/rns-veth ] || fail "binary or links"
            [ -f $p/share/man/man1/rns-unshare.1 ] && [ -f $p/share/man/man8/rns-veth.8 ] || fail "man pages""#,
        ..E
    },
    Expect {
        example: "rns unshare --fork --pid --mount-proc ps -e        # a private PID namespace
rns unshare -r id                                   # rootless \"root\"
rns nsenter -t 1234 --net ip link                   # enter a process's netns
rns netns add blue && rns netns list                # ip netns, byte for byte
rns netns exec blue ip -br addr",
        setup: "target 1234",
        check: r#"grep -Eq '^ +1 .* ps$' "$out" || fail "ps is not PID 1"
            grep -q '^uid=0(root)' "$out" || fail "not root"
            grep -q '^1: lo:' "$out" || fail "no lo in the target's netns"
            grep -qx blue "$out" || fail "blue not listed"
            grep -q '^lo  ' "$out" || fail "no lo in blue""#,
        ..E
    },
    Expect {
        example: "rns netns add blue
rns veth add v-host v-blue --peer-netns blue \\
    --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
rns netns exec blue ping -c1 10.0.0.1
rns veth list -j",
        check: r#"grep -q ' 0% packet loss' "$out" || fail "no answer"
            grep -q '"name":"v-host"' "$out" || fail "v-host not listed""#,
        ..E
    },
    // ------------------------------------------- README: without root
    Expect {
        example: "# rns netns add lab --owner alice",
        setup: ALICE,
        // (the same text stands in rns-netns(8))
        check: r#"setpriv --reuid=65534 --regid=65534 --clear-groups rns netns exec lab cat /proc/self/uid_map |
                grep -q '^ *0 *65534 *1$' || fail "lab's user namespace does not map alice to 0"
            [ "$(ip netns list)" = lab ] || fail "not an ordinary entry""#,
        ..E
    },
    Expect {
        example: "$ rns netns exec lab ip addr add 10.9.0.1/24 dev lo
$ rns netns exec lab ip link set lo up
$ rns netns exec lab ping -c1 10.9.0.1",
        // (the same text stands in rns-netns(8))
        setup: DELEGATED_LAB,
        check: r#"grep -q ' 0% packet loss' "$out" || fail "no answer"
            ip netns exec lab ip -br addr show lo | grep -q 10.9.0.1/24 || fail "no address""#,
        ..E
    },
    Expect {
        example: "$ rns netns --user add a
$ rns netns --user add b
$ rns veth --user add va vb --netns a --peer-netns b --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
$ rns netns --user exec a ping -c1 10.0.0.2
$ rns netns --user del a
$ rns netns --user del b",
        setup: USER_STORE,
        check: r#"grep -q ' 0% packet loss' "$out" || fail "no answer"
            wait_for '! pgrep -x rns-keeper >/dev/null' || fail "a keeper is left"
            [ ! -e /run/netns ] || fail "root's /run/netns was touched""#,
        ..E
    },
    // ------------------------------------------------------------ rns(1)
    Expect {
        example: "$ rns --list\n$ rns --install -s ~/bin",
        setup: "mkdir -p ~/bin && chown 65534 ~/bin",
        check: r#"grep -qx nsenter "$out" || fail "--list lacks nsenter"
            [ "$(readlink -f ~/bin/unshare)" = "$(readlink -f "$(command -v rns)")" ] || fail "no link""#,
        ..E
    },
    Expect {
        example: "$ rns unshare --map-root-user id\n$ rns netns list",
        check: r#"[ "$(head -c 12 "$out")" = "uid=0(root) " ] || fail "not root inside"
            [ "$(wc -l < "$out")" = 1 ] || fail "netns list printed something""#,
        ..E
    },
    // ---------------------------------------------------- rns-unshare(1)
    Expect {
        example: "$ unshare --map-root-user --net --uts --pid --fork --mount-proc \\
      sh -c 'hostname sandbox; ip link set lo up; ps -e'",
        check: r#"[ "$(grep -c . "$out")" = 3 ] || fail "more than sh and ps"
            grep -Eq '^ +1 .* sh$' "$out" || fail "sh is not PID 1"
            [ "$(hostname)" = rns-sandbox ] || fail "the hostname leaked""#,
        ..E
    },
    Expect {
        example: "# touch /run/mynet
# unshare --net=/run/mynet true
# nsenter --net=/run/mynet ip link
# umount /run/mynet",
        check: r#"not_here; grep -q '^1: lo:' "$out" || fail "no lo"
            ! mountpoint -q /run/mynet || fail "still mounted""#,
        ..E
    },
    Expect {
        example: "# unshare --time --fork --boottime 864000 cat /proc/uptime",
        check: r#"awk -v up="$(cut -d' ' -f1 /proc/uptime)" \
            '{ d = $1 - up; exit !(d > 863990 && d < 864010) }' "$out" || fail "not ten days ahead""#,
        ..E
    },
    Expect {
        example: "# unshare --pid --fork --kill-child --mount-proc sleep 1000 &",
        after_bg: "wait_for 'pgrep -x sleep >/dev/null'",
        // The keeper dies (even by SIGKILL): the whole namespace goes.
        check: r#"pkill -KILL -x unshare || fail "no keeper"
            wait_for '! pgrep -x sleep >/dev/null'"#,
        ..E
    },
    // ---------------------------------------------------- rns-nsenter(1)
    Expect {
        example: "# nsenter --target 4242 --all --root --wd --env sh",
        // A container: PID 4242 is the init of its namespaces, with its own
        // hostname, working directory and environment. A probe run finds
        // how many PIDs its start takes; nothing forks while it starts.
        setup: r#"mkfifo $T/ready
            box() {
                /usr/bin/unshare --uts --ipc --net --pid --mount --fork sh -c \
                    'hostname box; cd /var; export BOX=yes; echo > "$0"; exec sleep 1000' $T/ready &
                read x < $T/ready
            }
            echo 5000 > /proc/sys/kernel/ns_last_pid; box
            p=$(pgrep -P $!); kill -9 $p $!; wait
            echo $((4242 - (p - 5000))) > /proc/sys/kernel/ns_last_pid; box
            [ "$(pgrep -P $!)" = 4242 ] || fail "the container's init is not PID 4242"
            wait_for '[ "$(cat /proc/4242/comm)" = sleep ]'"#,
        // PID 3 in the container: after its sh (now sleep) and hostname.
        stdin: "hostname; pwd; echo $BOX; echo $$\n",
        check: r#"[ "$(cat "$out")" = "$(printf 'box\n/var\nyes\n3')" ] || fail "not inside the container""#,
        ..E
    },
    Expect {
        example: "# nsenter -t 4242 -n ip addr\n# nsenter --net=/run/netns/blue ss -ltn",
        setup: "target 4242; rns netns add blue",
        check: r#"not_here; grep -q '^1: lo:' "$out" || fail "no lo"
            grep -q '^State ' "$out" || fail "no ss table""#,
        ..E
    },
    Expect {
        example: "$ unshare --map-root-user --net --fork sleep 1000 &
$ nsenter --target $(pgrep -n -x sleep) --user --net \\
      --preserve-credentials ip link",
        after_bg: "wait_for 'pgrep -x sleep >/dev/null'",
        check: r#"not_here; grep -q '^1: lo:' "$out" || fail "no lo""#,
        ..E
    },
    // ------------------------------------------------------ rns-netns(8)
    Expect {
        example: "# rns netns add blue
# rns netns add red
# rns veth add vb vr --netns blue --peer-netns red \\
      --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
# rns netns exec blue ping -c1 10.0.0.2",
        check: r#"grep -q ' 0% packet loss' "$out" || fail "no answer""#,
        ..E
    },
    Expect {
        example: "# mkdir -p /etc/netns/blue
# echo nameserver 10.0.0.2 > /etc/netns/blue/resolv.conf
# rns netns exec blue cat /etc/resolv.conf",
        setup: "rns netns add blue",
        check: r#"[ "$(cat "$out")" = "nameserver 10.0.0.2" ] || fail "not blue's resolv.conf""#,
        ..E
    },
    Expect {
        example: "$ rns netns --user add a
$ rns netns --user add b
$ rns veth --user add va vb --netns a --peer-netns b \\
      --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
$ rns netns --user exec a ping -c1 10.0.0.2
$ rns netns --user list
$ rns netns --user del a
$ rns netns --user del b",
        setup: USER_STORE,
        check: r#"grep -q ' 0% packet loss' "$out" || fail "no answer"
            grep -qx a "$out" && grep -qx b "$out" || fail "not listed"
            wait_for '! pgrep -x rns-keeper >/dev/null' || fail "a keeper is left""#,
        ..E
    },
    Expect {
        example: "# rns netns -j -p list
# printf 'netns add a\\nnetns add b\\n' | rns netns -b -",
        setup: "rns netns add blue",
        check: r#"[ "$(tr -d ' \n' < "$out")" = '[{"name":"blue"}]' ] || fail "not the JSON list"
            [ "$(wc -l < "$out")" = 3 ] || fail "not pretty-printed"
            [ "$(rns netns list | sort | tr '\n' ' ')" = "a b blue " ] || fail "not both a and b""#,
        ..E
    },
    // ------------------------------------------------------- rns-veth(8)
    Expect {
        example: "# ip netns add blue
# ip link add v0 type veth peer name v1
# ip link set v1 netns blue
# ip addr add 10.0.0.1/24 dev v0
# ip -n blue addr add 10.0.0.2/24 dev v1
# ip link set v0 up
# ip -n blue link set v1 up
# ip -n blue link set lo up",
        check: "seed_done",
        ..E
    },
    Expect {
        example: "# rns netns add blue
# rns veth add v0 v1 --peer-netns blue \\
      --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
# ping -c1 10.0.0.2",
        check: r#"seed_done; grep -q ' 0% packet loss' "$out" || fail "no answer""#,
        ..E
    },
    Expect {
        example: "# rns veth add left right --netns a --peer-netns b --mtu 9000 \\
      --addr 10.1.0.1/30 --addr fd00:1::1/64 \\
      --peer-addr 10.1.0.2/30 --peer-addr fd00:1::2/64",
        setup: "rns netns add a; rns netns add b",
        check: r#"ip -n a addr show left | grep -q 'mtu 9000.* state UP' || fail "left not up at 9000"
            ip -n b addr show right | grep -q 'inet6 fd00:1::2/64' || fail "no IPv6 on right"
            ip -n b addr show right | grep -q 'inet 10.1.0.2/30' || fail "no IPv4 on right"
            ip netns exec a ping -c1 -W5 10.1.0.2 >/dev/null || fail "no answer""#,
        ..E
    },
    Expect {
        example: "# rns veth list --netns a --json\n# rns veth del left --netns a",
        setup: "rns netns add a; rns netns add b
            rns veth add left right --netns a --peer-netns b",
        check: r#"grep -q '"name":"left"' "$out" || fail "left not listed"
            ! ip -n a link show left 2>/dev/null || fail "left still there"
            [ -z "$(ip -n b -o link show type veth)" ] || fail "right still there""#,
        ..E
    },
    Expect {
        example: "$ rns netns --user add a
$ rns netns --user add b
$ rns veth --user add va vb --netns a --peer-netns b \\
      --addr 10.0.0.1/24 --peer-addr 10.0.0.2/24
$ rns veth --user list --netns a",
        setup: USER_STORE,
        check: r#"grep -q '^va  *vb  *b ' "$out" || fail "va not listed with its peer in b""#,
        ..E
    },
];

/// A user alice (uid 65534) in the sandbox's /etc/passwd.
const ALICE: &str = "echo 'alice:x:65534:65534:Alice:/nonexistent:/bin/sh' >> /etc/passwd";

/// A namespace `lab` delegated to alice.
const DELEGATED_LAB: &str = "echo 'alice:x:65534:65534:Alice:/nonexistent:/bin/sh' >> /etc/passwd
    rns netns add lab --owner alice";

/// A private XDG_RUNTIME_DIR for uid 65534 (the keeper ends with the
/// sandbox's PID namespace).
const USER_STORE: &str =
    "mkdir -m 700 $T/xdg && chown 65534 $T/xdg && export XDG_RUNTIME_DIR=$T/xdg";

/// Functions for the scripts above, and for the examples' `after_bg`.
const LIB: &str = r#"
fail() { echo "FAIL: $*"; echo "--- the example printed:"; cat "$out" 2>/dev/null; exit 1; }
wait_for() {
    i=0
    until eval "$1"; do
        i=$((i + 1)); [ $i -lt 300 ] || { echo "timed out waiting for: $1" >&2; return 1; }
        sleep 0.1
    done
}
# A process in a new network namespace as PID $1 of the sandbox (the PIDs
# the examples use stand for "some process").
target() {
    echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid
    unshare --net sleep 1000 &
    [ $! = "$1" ] || fail "the target got PID $!, not $1"
    wait_for "[ \"\$(readlink /proc/$1/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
}
# The example did not list the sandbox's own links (it entered another netns).
not_here() { ! grep -q rns-dummy "$out" || fail "listed the caller's own links"; }
# What the seed workflow promises: both ends addressed and up, one in blue,
# blue's lo up, an answer across.
seed_done() {
    ip -br addr show v0 | grep -q ' UP .*10.0.0.1/24' || fail "v0"
    ip -n blue -br addr show v1 | grep -q ' UP .*10.0.0.2/24' || fail "v1"
    ip -n blue link show lo | grep -q '<LOOPBACK,UP' || fail "blue's lo down"
    ip netns exec blue ping -c1 -W5 10.0.0.1 >/dev/null || fail "no answer"
}
"#;

/// Run as root inside the sandbox: `$1` is the scratch directory, `$2`
/// `user` or `root`.
const DRIVER: &str = r#"
set -u
T=$1; out=$T/out
. $T/lib.sh
mount -t tmpfs rns-examples /run || fail "tmpfs on /run"
mkdir $T/upper $T/ovl && mount -t overlay overlay \
    -o lowerdir=/etc,upperdir=$T/upper,workdir=$T/ovl /etc || fail "overlay on /etc"
ip link add rns-dummy type veth peer name rns-dummy2 || fail "marker link"
hostname rns-sandbox
export PATH=$T/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=$T/home LC_ALL=C
[ "$2" = user ] && chown 65534 $HOME
cd $HOME
. $T/setup.sh
if [ "$2" = user ]; then
    /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        /bin/sh -e $T/example.sh < $T/stdin > $out 2>&1
else
    /bin/sh -e $T/example.sh < $T/stdin > $out 2>&1
fi
rc=$?
[ $rc = 0 ] || fail "exit status $rc"
cd $HOME
. $T/check.sh
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// roff as displayed, for the escapes examples use; any other is an error.
fn unroff(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out += &rest[..at];
        rest = &rest[at + 1..];
        let (shown, len) = match rest {
            r if r.starts_with('-') => ("-", 1),
            r if r.starts_with('e') => ("\\", 1),
            r if r.starts_with('&') => ("", 1),
            r if r.starts_with("(aq") => ("'", 3),
            r if r.starts_with("(dq") => ("\"", 3),
            _ => panic!("unknown roff escape in an example: {line}"),
        };
        out += shown;
        rest = &rest[len..];
    }
    out + rest
}

/// The `.nf`/`.fi` blocks of a man page's EXAMPLES section.
fn man_examples(file: &'static str) -> Vec<Example> {
    let src = read(file);
    let section = src
        .split("\n.SH ")
        .find(|s| s.starts_with("EXAMPLES"))
        .unwrap_or_else(|| panic!("{file}: no EXAMPLES section"));
    let mut found = Vec::new();
    for block in section.split("\n.nf\n").skip(1) {
        let body = block.split("\n.fi").next().unwrap_or_default();
        let text: Vec<String> = body.lines().map(unroff).collect();
        let user = text.iter().any(|l| l.starts_with("$ "));
        let root = text.iter().any(|l| l.starts_with("# "));
        assert!(
            !(user && root),
            "{file}: one prompt, # or $, per example:\n{body}"
        );
        // A block without a prompt is no shell example (a file's text...).
        if user || root {
            found.push(Example {
                file,
                text: text.join("\n"),
                user,
                prompted: true,
            });
        }
    }
    found
}

/// README's indented code blocks: plain commands run as root, unless the
/// block is prompted (`$ ` as a plain user, `# ` as root).
fn readme_examples() -> Vec<Example> {
    let src = read("README.md");
    let mut found = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in src.lines().chain([""]) {
        match line.strip_prefix("    ") {
            Some(code) if !line.trim().is_empty() => block.push(code),
            _ if !block.is_empty() => {
                let first = block[0];
                found.push(Example {
                    file: "README.md",
                    text: block.join("\n"),
                    user: first.starts_with("$ "),
                    prompted: first.starts_with("$ ") || first.starts_with("# "),
                });
                block.clear();
            }
            _ => {}
        }
    }
    found
}

fn all_examples() -> Vec<Example> {
    let mut all = readme_examples();
    for page in ["man/rns.1", "man/rns-unshare.1", "man/rns-nsenter.1"] {
        all.extend(man_examples(page));
    }
    all.extend(man_examples("man/rns-netns.8"));
    all.extend(man_examples("man/rns-veth.8"));
    all
}

fn expectation(text: &str) -> Option<&'static Expect> {
    EXPECT.iter().find(|e| e.example == text)
}

/// The example as a script: prompts and shown output off, `cargo`
/// commands out, `after_bg` after each background command.
fn script(ex: &Example, e: &Expect) -> String {
    let mut out = String::from(". $T/lib.sh\n");
    let mut continued = false;
    for line in ex.text.lines() {
        let command = line.strip_prefix("# ").or_else(|| line.strip_prefix("$ "));
        let line = match command {
            Some(c) => c,
            None if continued || !ex.prompted => line,
            None => continue,
        };
        continued = line.ends_with('\\');
        let line = match line.strip_prefix("cargo ") {
            Some(rest) => rest.split_once("&& ").map_or("", |(_, run)| run),
            None => line,
        };
        out += line;
        out.push('\n');
        if line.trim_end().ends_with(" &") {
            out += e.after_bg;
            out.push('\n');
        }
    }
    out
}

/// Write the scripts into a fresh scratch directory: `$T`.
fn prepare(ex: &Example, e: &Expect) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let t = shared_tmp().join(unique("examples-"));
    for dir in ["", "bin", "home"] {
        std::fs::create_dir(t.join(dir)).unwrap();
        std::fs::set_permissions(t.join(dir), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for name in ["rns", "unshare", "nsenter"] {
        std::os::unix::fs::symlink(rns_bin(), t.join("bin").join(name)).unwrap();
    }
    let files = [
        ("lib.sh", LIB.to_string()),
        ("driver.sh", DRIVER.to_string()),
        ("setup.sh", e.setup.to_string()),
        ("example.sh", script(ex, e)),
        ("stdin", e.stdin.to_string()),
        ("check.sh", e.check.to_string()),
    ];
    for (name, text) in files {
        std::fs::write(t.join(name), text).unwrap();
    }
    t
}

/// Run one example in its sandbox; Err with what went wrong.
fn run_example(ex: &Example, e: &Expect) -> Result<(), String> {
    let t = prepare(ex, e);
    let who = if ex.user { "user" } else { "root" };
    let driver = t.join("driver.sh");
    let o = Test::new()
        .mount_ns()
        .net_ns()
        .uts_ipc_ns()
        .pid_ns(true)
        .env("T", &t)
        .env("CHECKOUT", root())
        .run(&[
            OsStr::new("/bin/sh"),
            driver.as_os_str(),
            t.as_os_str(),
            OsStr::new(who),
        ]);
    let _ = std::fs::remove_dir_all(&t);
    if o.code == 0 {
        return Ok(());
    }
    Err(format!(
        "{}: example\n{}\nfailed (status {}):\n{}{}",
        ex.file, ex.text, o.code, o.stdout, o.stderr
    ))
}

#[test]
fn every_example_has_an_expectation_and_every_expectation_an_example() {
    let all = all_examples();
    let missing: Vec<String> = all
        .iter()
        .filter(|ex| expectation(&ex.text).is_none())
        .map(|ex| format!("{}:\n{}", ex.file, ex.text))
        .collect();
    assert!(
        missing.is_empty(),
        "examples without an expectation:\n{}",
        missing.join("\n\n")
    );
    let stale: Vec<&str> = EXPECT
        .iter()
        .filter(|e| !all.iter().any(|ex| ex.text == e.example))
        .map(|e| e.example)
        .collect();
    assert!(
        stale.is_empty(),
        "expectations without an example:\n{}",
        stale.join("\n\n")
    );
}

#[test]
fn every_example_runs_and_keeps_its_promise() {
    if !Test::new().root().tool("/usr/bin/setpriv").ok() {
        return;
    }
    let failed: Vec<String> = all_examples()
        .iter()
        .filter_map(|ex| {
            let e = expectation(&ex.text)?;
            run_example(ex, e).err()
        })
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// README and rns-veth(8) give the same count of `ip` calls for the seed
/// workflow, and it is the number of calls rns-veth(8) lists (and the test
/// above runs).
#[test]
fn seed_workflow_counts_agree() {
    let veth = man_examples("man/rns-veth.8");
    let calls = veth[0]
        .text
        .lines()
        .filter(|l| l.starts_with("# ip "))
        .count();
    let word = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ][calls];
    let readme = read("README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        readme.contains(&format!("takes {word} `ip` calls")),
        "README's count is not {word}"
    );
    let page = read("man/rns-veth.8");
    assert!(
        page.contains(&format!("takes {word}\n.B ip\ncommands")),
        "rns-veth(8)'s count is not {word}"
    );
}

/// How a printed example becomes a script: prompts off, continuation lines
/// kept, shown output and `cargo` commands not run, readiness after `&`.
#[test]
fn examples_become_scripts_as_a_shell_would_read_them() {
    let ex = Example {
        file: "man/x.1",
        text: "# a \\\n      b\noutput\n# cargo build && c\n# d &".into(),
        user: false,
        prompted: true,
    };
    let e = Expect {
        after_bg: "ready",
        ..E
    };
    assert_eq!(
        script(&ex, &e),
        ". $T/lib.sh\na \\\n      b\nc\nd &\nready\n"
    );
    assert_eq!(unroff(r"\(aqa\en\-b\(aq \e"), r"'a\n-b' \");
}
