//! `unshare`: the built rns against the host's util-linux 2.38.1 where 2.38.1
//! and newest upstream agree, and newest upstream's behaviour spelled out
//! where they differ (reference util-linux.md section 7).
//!
//! Scripts call `unshare` by name: the host's from /usr/bin, or rns through a
//! symlink named `unshare` put first in PATH, so argv[0] (which glibc's getopt
//! prints) is the same word for both.

use crate::common::*;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SYS_PATH: &str = "/usr/sbin:/usr/bin:/sbin:/bin";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Impl {
    Host,
    Rns,
}
use Impl::{Host, Rns};

/// A world-readable directory holding `unshare -> rns`.
fn rns_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        // Under target/: nothing left in /tmp; world-traversable like the
        // binary itself, which the unprivileged cases run.
        let dir = shared_tmp().join(format!("unshare-it-{}", std::process::id()));
        // Drop what earlier (finished) test runs left.
        for e in std::fs::read_dir(shared_tmp())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("unshare-it-") {
                if !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(rns_bin(), dir.join("unshare")).unwrap();
        dir
    })
}

fn path_of(i: Impl) -> String {
    match i {
        Host => SYS_PATH.to_string(),
        Rns => format!("{}:{SYS_PATH}", rns_dir().display()),
    }
}

/// The `unshare` executable of an implementation.
fn exe(i: Impl) -> PathBuf {
    match i {
        Host => PathBuf::from("/usr/bin/unshare"),
        Rns => rns_dir().join("unshare"),
    }
}

/// `unshare ARGS` with argv[0] = "unshare", clean environment, cwd /.
fn unshare_cmd(i: Impl, args: &[&str]) -> Command {
    let mut c = cmd(exe(i));
    c.arg0("unshare")
        .args(args)
        .env("PATH", path_of(i))
        .current_dir("/");
    c
}

fn direct(i: Impl, args: &[&str]) -> Out {
    run(&mut unshare_cmd(i, args))
}

/// `sh -c SCRIPT` where `unshare` is the implementation's (60 s limit).
fn script(i: Impl, s: &str) -> Out {
    run(cmd("/usr/bin/timeout")
        .args(["-k", "5", "60", "/bin/sh", "-c", s])
        .env("PATH", path_of(i))
        .env("RNS", rns_bin())
        .current_dir("/"))
}

/// The same script as the unprivileged user (uid/gid 65534).
fn script_as_user(i: Impl, s: &str) -> Out {
    let mut argv = vec!["/usr/bin/timeout", "-k", "5", "60"];
    argv.extend(as_user());
    argv.extend(["/bin/sh", "-c", s]);
    run(cmd(argv[0])
        .args(&argv[1..])
        .env("PATH", path_of(i))
        .current_dir("/"))
}

/// PIDs in messages (`mount /proc/123/ns/net on ...`) differ run to run.
fn norm(o: &Out) -> Out {
    let fix = |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("/proc/") {
            out.push_str(&rest[..i + 6]);
            rest = &rest[i + 6..];
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 && rest[n..].starts_with('/') {
                out.push_str("PID");
                rest = &rest[n..];
            }
        }
        out.push_str(rest);
        out
    };
    Out {
        stdout: fix(&o.stdout),
        stderr: fix(&o.stderr),
        code: o.code,
    }
}

/// Run a script under both implementations and demand identical results.
#[track_caller]
fn same(s: &str) -> Out {
    let theirs = norm(&script(Host, s));
    let ours = norm(&script(Rns, s));
    assert_eq!(ours, theirs, "rns (left) vs util-linux 2.38.1 (right): {s}");
    ours
}

#[track_caller]
fn same_as_user(s: &str) -> Out {
    let theirs = norm(&script_as_user(Host, s));
    let ours = norm(&script_as_user(Rns, s));
    assert_eq!(
        ours, theirs,
        "rns (left) vs util-linux 2.38.1 (right), as 65534: {s}"
    );
    ours
}

#[track_caller]
fn expect(o: &Out, stdout: &str, stderr: &str, code: i32) {
    let want = Out {
        stdout: stdout.into(),
        stderr: stderr.into(),
        code,
    };
    assert_eq!(o, &want, "got (left) vs newest upstream (right)");
}

fn setpriv_ok() -> bool {
    need_root() && need_tool("/usr/bin/setpriv")
}

const TRY: &str = "Try 'unshare --help' for more information.\n";

// ---------------------------------------------------------------- CLI

/// Newest util-linux's text, except that the last line names rns's own
/// man page (a deliberate difference, listed in README).
const HEAD_HELP: &str = "
Usage:
 unshare [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace

 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)
 -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace
 -R, --root <dir>          run the command with root directory set to <dir>
 -w, --wd <dir>            change working directory to <dir>

 -S, --setuid <uid>        set uid in entered namespace
 -G, --setgid <gid>        set gid in entered namespace
 --map-user <uid>|<name>   map current user to uid (implies --user)
 --map-group <gid>|<name>  map current group to gid (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 -c, --map-current-user    map current user to itself (implies --user)
 --map-auto                map users and groups automatically (implies --user)
 --map-subids              map the first block of user IDs owned by euid (implies --user)
 --map-users <inneruid>:<outeruid>:<count>
                           map count users from outeruid to inneruid (implies --user)
 --map-groups <innergid>:<outergid>:<count>
                           map count groups from outergid to innergid (implies --user)
 --owner <uid>:<gid>       set the user namespace owner (implies --user)

 -f, --fork                fork before launching <program>
 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)

 --setgroups allow|deny    control the setgroups syscall in user namespaces
 --keep-caps               retain capabilities granted in user namespaces

 --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces
 --boottime <offset>       set clock boottime offset (seconds) in time namespaces
 --clear-env               do not inherit environment variables from the calling process
 --whitelist-env <list>    clear environment except for specified variables

 -h, --help                display this help
 -V, --version             display version

For more details see rns-unshare(1).
";

#[test]
fn help_is_newest_upstream_text() {
    for flag in ["--help", "-h", "--he", "--help"] {
        expect(&direct(Rns, &[flag]), HEAD_HELP, "", 0);
    }
    // Options before --help are still checked first, as getopt's loop does.
    let o = direct(Rns, &["--bogus", "--help"]);
    expect(
        &o,
        "",
        &format!("unshare: unrecognized option '--bogus'\n{TRY}"),
        1,
    );
}

#[test]
fn version_names_util_linux_and_rns() {
    let want = format!(
        "unshare from util-linux 2.42 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["--version", "-V", "--vers"] {
        expect(&direct(Rns, &[flag]), &want, "", 0);
    }
}

#[test]
fn stdout_write_error_matches() {
    for s in ["unshare --help >/dev/full", "unshare --version >/dev/full"] {
        let o = same(s);
        assert_eq!(o.code, 1, "{o:?}");
        assert_eq!(o.stderr, "unshare: write error: No space left on device\n");
    }
}

#[test]
fn getopt_errors_match_host() {
    for args in [
        &["--bogus"][..],
        &["--bogus=3", "true"],
        &["-x"],
        &["-nx"],
        &["--propagation"],
        &["-R"],
        &["-w"],
        &["-S"],
        &["--setuid"],
        &["--fork=x", "true"],
        &["--map-root-user=1", "true"],
        &["-n/tmp/x", "true"],
        &["-m=x", "true"],
        &["--se", "true"],
        &["--k", "true"],
        &["--p", "true"],
        &["--u", "true"],
        &["---x"],
        &["-f", "-Q", "true"],
    ] {
        let theirs = direct(Host, args);
        let ours = direct(Rns, args);
        assert_eq!(ours, theirs, "args {args:?}");
        assert_eq!(ours.code, 1, "{args:?}");
        assert!(ours.stderr.ends_with(TRY), "{ours:?}");
    }
}

#[test]
fn ambiguity_lists_follow_newest_longopts() {
    let cases = [
        ("--map", "'--map-user' '--map-users' '--map-group' '--map-groups' '--map-root-user' '--map-current-user' '--map-auto' '--map-subids'"),
        ("--m", "'--mount' '--mount-proc' '--mount-binfmt' '--map-user' '--map-users' '--map-group' '--map-groups' '--map-root-user' '--map-current-user' '--map-auto' '--map-subids' '--monotonic'"),
        ("--mo", "'--mount' '--mount-proc' '--mount-binfmt' '--monotonic'"),
        ("--mount-", "'--mount-proc' '--mount-binfmt'"),
        ("--w", "'--wd' '--whitelist-env'"),
        ("--f", "'--fork' '--forward-signals'"),
        ("--=x", "'--help' '--version' '--mount' '--uts' '--ipc' '--net' '--pid' '--user' '--cgroup' '--time' '--fork' '--kill-child' '--forward-signals' '--mount-proc' '--mount-binfmt' '--map-user' '--map-users' '--map-group' '--map-groups' '--map-root-user' '--map-current-user' '--map-auto' '--map-subids' '--owner' '--propagation' '--setgroups' '--keep-caps' '--setuid' '--setgid' '--root' '--wd' '--monotonic' '--boottime' '--load-interp' '--clear-env' '--whitelist-env'"),
    ];
    for (arg, list) in cases {
        let o = direct(Rns, &[arg, "true"]);
        let want = format!("unshare: option '{arg}' is ambiguous; possibilities: {list}\n{TRY}");
        expect(&o, "", &want, 1);
    }
    // A unique prefix is the option: --mount-p is --mount-proc, --forw is
    // --forward-signals, --cl is --clear-env.
    let o = direct(
        Rns,
        &["--fork", "--pid", "--mount-p", "readlink", "/proc/self"],
    );
    if need_root() {
        expect(&o, "1\n", "", 0);
    }
}

#[test]
fn operands_and_double_dash_pass_through() {
    same("unshare echo --bogus -n");
    same(r#"unshare -- sh -c 'printf "<%s>" "$@"; echo' x -- a 'b c'"#);
    // `--net FILE` (space): FILE is the program.
    let o = same("unshare --net /nonexistent-rns-file");
    assert_eq!(o.code, 127);
}

#[test]
fn newer_options_are_known() {
    // 2.38.1 rejects all of these; newest upstream takes them.
    let o = direct(Rns, &["--clear-env", "--forward-signals", "true"]);
    expect(&o, "", "", 0);
}

// ------------------------------------------------------- bad input

#[test]
fn bad_values_match_host() {
    for s in [
        "unshare --propagation=bogus true",
        "unshare --propagation foo true",
        "unshare --setgroups=maybe true",
        "unshare --kill-child=SIGBOGUS true",
        "unshare --kill-child=9 true",
        "unshare --kill-child=0 true",
        "unshare --kill-child= true",
        "unshare --kill-child=RTMIN+31 true",
        "unshare -S abc true",
        "unshare -S -n true",
        "unshare --setuid -n true",
        "unshare -Sx true",
        "unshare -G abc true",
        "unshare -T --boottime abc true",
        "unshare -T --monotonic=abc true",
        "unshare -R /nonexistent true",
        "unshare --root=/nonexistent true",
        "unshare nonexistent-cmd-rns",
        "unshare /etc/passwd",
        "unshare /tmp",
        "unshare --fork nonexistent-cmd-rns",
        "unshare --fork /etc/passwd",
    ] {
        let o = same(s);
        assert_ne!(o.code, 0, "{s}");
        assert!(!o.stderr.is_empty(), "{s}");
    }
}

#[test]
fn bad_values_newest_upstream_wording() {
    let cases: &[(&[&str], &str)] = &[
        (&["--monotonic=5", "true"], "options --monotonic and --boottime require unsharing of a time namespace (-T)"),
        (&["--boottime", "5", "true"], "options --monotonic and --boottime require unsharing of a time namespace (-T)"),
        (&["-S", "-1", "true"], "failed to parse uid: '-1': Numerical result out of range"),
        (&["-G", "-1", "true"], "failed to parse gid: '-1': Numerical result out of range"),
        (&["-S", "18446744073709551616", "true"], "failed to parse uid: '18446744073709551616': Numerical result out of range"),
        (&["-G", " -5", "true"], "failed to parse gid: ' -5': Numerical result out of range"),
        (&["-S", "5x", "true"], "failed to parse uid: '5x'"),
        (&["-S", "", "true"], "failed to parse uid: ''"),
        (&["--map-users=abc", "true"], "invalid mapping 'abc'"),
        (&["--map-users=0:0", "true"], "invalid mapping '0:0'"),
        (&["--map-users=1,2,3,4", "true"], "invalid mapping '1,2,3,4'"),
        (&["--map-groups=1:2:3x", "true"], "invalid mapping '1:2:3x'"),
        (&["--owner=1", "true"], "failed to parse owner"),
        (&["--owner=1:2x", "true"], "failed to parse owner"),
        (&["--owner=a:b", "true"], "failed to parse owner"),
        (&["--map-user=nosuchuser-rns", "true"], "failed to parse uid 'nosuchuser-rns': Invalid argument"),
        (&["--map-group=nosuchgroup-rns", "true"], "failed to parse gid 'nosuchgroup-rns': Invalid argument"),
        (&["--map-user=4294967295", "true"], "failed to parse uid '4294967295': Invalid argument"),
        (&["-T", "--monotonic=99999999999999999999", "true"], "failed to parse monotonic offset: '99999999999999999999': Numerical result out of range"),
    ];
    for (args, msg) in cases {
        let o = direct(Rns, args);
        expect(&o, "", &format!("unshare: {msg}\n"), 1);
    }
    if !need_root() {
        return;
    }
    let o = direct(Rns, &["-w", "/nonexistent", "true"]);
    expect(
        &o,
        "",
        "unshare: cannot change directory to /nonexistent: No such file or directory\n",
        1,
    );
    let o = direct(Rns, &["-U", "-S", "0", "true"]);
    expect(&o, "", "unshare: setuid() failed: Invalid argument\n", 1);
    let o = direct(Rns, &["-U", "-G", "0", "true"]);
    expect(
        &o,
        "",
        "unshare: setgroups failed: Operation not permitted\n",
        1,
    );
    // strtoul syntax (blanks, a sign, -0), stored in a 32-bit uid_t.
    let o = direct(
        Rns,
        &["-S", " +65534", "-G", "-0", "sh", "-c", "id -u; id -g"],
    );
    expect(&o, "65534\n0\n", "", 0);
    let o = direct(Rns, &["-S", "4294967296", "id", "-u"]);
    expect(&o, "0\n", "", 0);
}

#[test]
fn map_user_by_number_or_name() {
    if !need_root() {
        return;
    }
    same("unshare --map-user=root --map-group=root cat /proc/self/uid_map /proc/self/gid_map");
    // A number needs no passwd entry (newest upstream looks numbers up last).
    let o = direct(
        Rns,
        &[
            "--map-user=123456",
            "--map-group=654321",
            "cat",
            "/proc/self/uid_map",
            "/proc/self/gid_map",
        ],
    );
    expect(
        &o,
        "    123456          0          1\n    654321          0          1\n",
        "",
        0,
    );
    // ul_strtou64 syntax: -0, blanks and a plus sign are numbers.
    let o = direct(
        Rns,
        &[
            "--map-user=-0",
            "--map-group= +7",
            "cat",
            "/proc/self/uid_map",
            "/proc/self/gid_map",
        ],
    );
    expect(
        &o,
        "         0          0          1\n         7          0          1\n",
        "",
        0,
    );
    let o = direct(Rns, &["--map-user=-1", "true"]);
    expect(
        &o,
        "",
        "unshare: failed to parse uid '-1': Numerical result out of range\n",
        1,
    );
    let o = direct(Rns, &["--map-group=4294967296x", "true"]);
    expect(
        &o,
        "",
        "unshare: failed to parse gid '4294967296x': Numerical result out of range\n",
        1,
    );
}

/// Does /etc/subuid (or subgid) have a line for this user?
fn has_subids(file: &str, name: &str, uid: u32) -> bool {
    std::fs::read_to_string(file).is_ok_and(|t| {
        t.lines().any(|l| {
            let who = l.split(':').next().unwrap_or("");
            who == name || who == uid.to_string()
        })
    })
}

#[test]
fn subid_errors_are_newest_upstream() {
    if !need_root() {
        return;
    }
    if has_subids("/etc/subuid", "root", 0) {
        eprintln!("skipping: /etc/subuid has a line for root");
        return;
    }
    for args in [
        &["--map-auto", "true"][..],
        &["--map-users=auto", "true"],
        &["--map-subids", "true"],
        &["--map-users=subids", "true"],
    ] {
        let o = direct(Rns, args);
        expect(
            &o,
            "",
            "unshare: no line matching user \"root\" in /etc/subuid\n",
            1,
        );
    }
}

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
    if !need_root() {
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
    if !need_root() {
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
    if !need_root() {
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
    if !need_root() {
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
    if !need_root() {
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

// ------------------------------------------------------------- ids

#[test]
fn id_maps_as_root_match_host() {
    if !need_root() {
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
    if !need_root() {
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

// ------------------------------------------------- exit and signals

#[test]
fn exit_status_and_exec_failures() {
    same("unshare --fork sh -c 'exit 7'");
    same("unshare sh -c 'exit 7'");
    same("unshare -f true; echo rc=$?; unshare -f false; echo rc=$?");
    same("unshare -R / -w /tmp pwd");
    same("unshare --wd=/tmp pwd");
}

#[test]
fn child_signals_are_reraised() {
    if !need_root() {
        return;
    }
    for sig in ["TERM", "INT", "HUP", "USR1", "SEGV", "QUIT", "ALRM"] {
        let s = format!("ulimit -c 0; exec unshare --fork sh -c 'kill -{sig} $$'");
        let o = same(&s);
        let n = match sig {
            "TERM" => 15,
            "INT" => 2,
            "HUP" => 1,
            "USR1" => 10,
            "SEGV" => 11,
            "QUIT" => 3,
            _ => 14,
        };
        assert_eq!(o.code, 128 + n, "{sig}: {o:?}");
        assert_eq!(o.stderr, "");
    }
    // 2.38.1 fails here ("sigprocmask unblock failed"); newest upstream
    // dies by SIGKILL too.
    let o = script(Rns, "exec unshare --fork sh -c 'kill -KILL $$'");
    expect(&o, "", "", 137);
    let o = direct(Rns, &["--fork", "sh", "-c", "kill -KILL $$"]);
    expect(&o, "", "", 137);
}

/// Wait (bounded) for a condition.
fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            if let Ok(s) = std::fs::read_to_string(t.path().join("children")) {
                out.extend(s.split_whitespace().filter_map(|x| x.parse::<u32>().ok()));
            }
        }
    }
    out
}

fn descendants(pid: u32) -> Vec<u32> {
    let mut all = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        for c in children(p) {
            all.push(c);
            todo.push(c);
        }
    }
    all
}

/// `None` when the process is gone; its state letter otherwise.
fn state(pid: u32) -> Option<char> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    s.rsplit(") ").next()?.chars().next()
}

fn dead(pid: u32) -> bool {
    matches!(state(pid), None | Some('Z') | Some('X'))
}

fn status_line(pid: u32, key: &str) -> String {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(key))
        .unwrap_or("")
        .to_string()
}

/// Start `unshare ARGS` for a signal test: INT, QUIT and TERM at their
/// default dispositions even when the test runs as a background job (whose
/// shell ignores INT and QUIT, which unshare then rightly keeps).
fn spawn(i: Impl, args: &[&str]) -> Child {
    use std::os::unix::process::CommandExt;
    let mut c = unshare_cmd(i, args);
    // SAFETY: signal(2) is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
                libc::signal(sig, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    c.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn unshare")
}

/// Kill a stray process if a test fails half way.
struct Reap(Vec<u32>);
impl Drop for Reap {
    fn drop(&mut self) {
        for &p in &self.0 {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(p as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}

fn finish(c: Child) -> Out {
    use std::os::unix::process::ExitStatusExt;
    let o = c.wait_with_output().unwrap();
    Out {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o
            .status
            .code()
            .unwrap_or_else(|| 128 + o.status.signal().unwrap_or(0)),
    }
}

fn signal(pid: u32, sig: nix::sys::signal::Signal) {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), sig).unwrap();
}

#[test]
fn waiting_parent_blocks_int_and_term() {
    use nix::sys::signal::Signal::*;
    for i in [Host, Rns] {
        let c = spawn(i, &["--fork", "sleep", "1"]);
        let p = c.id();
        let mut guard = Reap(vec![p]);
        wait_for("the child", || !children(p).is_empty());
        guard.0.extend(children(p));
        assert_eq!(
            status_line(p, "SigBlk"),
            "SigBlk:\t0000000000004002",
            "{i:?}"
        );
        signal(p, SIGTERM);
        signal(p, SIGINT);
        std::thread::sleep(Duration::from_millis(200));
        assert!(!dead(p), "{i:?}: TERM/INT killed the waiting parent");
        expect(&finish(c), "", "", 0);
    }
}

#[test]
fn kill_child_on_parent_death() {
    if !need_root() {
        return;
    }
    use nix::sys::signal::Signal::*;
    // Default SIGKILL: the child dies with the parent (a zombie counts).
    let c = spawn(Rns, &["--kill-child", "sleep", "30"]);
    let p = c.id();
    wait_for("the child", || !children(p).is_empty());
    let kid = children(p)[0];
    let _guard = Reap(vec![p, kid]);
    signal(p, SIGKILL);
    assert_eq!(finish(c).code, 137);
    wait_for("the child to die", || dead(kid));

    // Without --kill-child the child outlives the parent (and keeps no
    // pipe of ours open).
    let c = unshare_cmd(Rns, &["--fork", "sleep", "30"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let p = c.id();
    wait_for("the child", || !children(p).is_empty());
    let kid = children(p)[0];
    let _guard2 = Reap(vec![p, kid]);
    signal(p, SIGKILL);
    assert_eq!(finish(c).code, 137);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!dead(kid), "child died without --kill-child");

    // --kill-child=TERM delivers TERM.
    let c = spawn(
        Rns,
        &[
            "--kill-child=TERM",
            "sh",
            "-c",
            "trap 'echo got-TERM; exit 5' TERM; while :; do sleep 0.05; done",
        ],
    );
    let p = c.id();
    wait_for("the loop", || {
        children(p).iter().any(|&k| !children(k).is_empty())
    });
    let _guard3 = Reap(descendants(p));
    signal(p, SIGKILL);
    let o = finish(c);
    assert_eq!(o.code, 137);
    assert_eq!(o.stdout, "got-TERM\n");

    // TERM to a --kill-child parent is blocked: nothing happens.
    let c = spawn(Rns, &["--kill-child", "sleep", "1"]);
    let p = c.id();
    wait_for("the child", || !children(p).is_empty());
    let _guard4 = Reap(descendants(p));
    signal(p, SIGTERM);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!dead(p));
    expect(&finish(c), "", "", 0);

    // With a pid namespace the whole namespace goes.
    let c = spawn(
        Rns,
        &[
            "--pid",
            "--fork",
            "--kill-child",
            "sh",
            "-c",
            "sleep 40 & sleep 41",
        ],
    );
    let p = c.id();
    wait_for("both sleeps", || descendants(p).len() >= 3);
    let all = descendants(p);
    let _guard5 = Reap(all.clone());
    signal(p, SIGKILL);
    assert_eq!(finish(c).code, 137);
    for k in all {
        wait_for("the pid namespace to die", || dead(k));
    }
}

#[test]
fn kill_child_names_match_host() {
    same("unshare --kill-child=SIGTERM true; echo a=$?; unshare --kill-child=term true; echo b=$?; unshare --kill-child=rtmin+1 true; echo c=$?; unshare --kill-child=RTMAX-0 true; echo d=$?; unshare --kill-child=sigkill true; echo e=$?");
    same("unshare --kill-child sh -c 'exit 9'");
}

#[test]
fn forward_signals() {
    if !need_root() {
        return;
    }
    use nix::sys::signal::Signal::*;
    // As util-linux's own test: the child handles TERM and exits with 15.
    for extra in [&[][..], &["--kill-child"][..]] {
        let mut args = vec!["-U", "-r", "--pid", "--mount-proc", "--forward-signals"];
        args.extend_from_slice(extra);
        args.extend([
            "sh",
            "-c",
            "trap 'echo got-TERM; exit 15' TERM; while :; do sleep 0.05; done",
        ]);
        let c = spawn(Rns, &args);
        let p = c.id();
        wait_for("the loop", || {
            children(p).iter().any(|&k| !children(k).is_empty())
        });
        let _guard = Reap(descendants(p));
        signal(p, SIGTERM);
        expect(&finish(c), "got-TERM\n", "", 15);
    }
    // A child without a handler dies by the forwarded signal; so does
    // unshare. The signal is sent as soon as the child exists, before it
    // has exec'd (upstream can lose it there): repeat to hit that window.
    for round in 0..20 {
        let (sig, code) = if round % 2 == 0 {
            (SIGTERM, 143)
        } else {
            (SIGINT, 130)
        };
        let c = spawn(Rns, &["--forward-signals", "sleep", "10"]);
        let p = c.id();
        wait_for("the child", || !children(p).is_empty());
        let _guard = Reap(descendants(p));
        signal(p, sig);
        let start = Instant::now();
        expect(&finish(c), "", "", code);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "round {round}: signal lost"
        );
    }
    // The parent does not block them while waiting.
    let c = spawn(Rns, &["--forward-signals", "sleep", "1"]);
    let p = c.id();
    wait_for("the child", || !children(p).is_empty());
    let kid = children(p)[0];
    let _guard = Reap(vec![p, kid]);
    wait_for("the exec", || {
        std::fs::read_to_string(format!("/proc/{kid}/comm")).is_ok_and(|c| c == "sleep\n")
    });
    assert_eq!(status_line(p, "SigBlk"), "SigBlk:\t0000000000000000");
    expect(&finish(c), "", "", 0);
}

/// Start `unshare` with USR1 blocked and USR2 and PIPE ignored.
fn with_odd_signals(c: &mut Command) -> &mut Command {
    use nix::sys::signal::{signal, sigprocmask, SigHandler, SigSet, SigmaskHow, Signal::*};
    // SAFETY: the closure only calls async-signal-safe functions.
    unsafe {
        c.pre_exec(|| {
            let mut set = SigSet::empty();
            set.add(SIGUSR1);
            sigprocmask(SigmaskHow::SIG_SETMASK, Some(&set), None)?;
            signal(SIGUSR2, SigHandler::SigIgn)?;
            signal(SIGPIPE, SigHandler::SigIgn)?;
            Ok(())
        })
    }
}

#[test]
fn caller_signal_state_reaches_the_program() {
    let grep = ["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"];
    // What the program sees when started the same way without unshare
    // (the test runner's own state; normally nothing blocked or ignored).
    let base = |odd: bool| {
        let mut c = cmd(grep[0]);
        c.args(&grep[1..]).current_dir("/");
        if odd {
            with_odd_signals(&mut c);
        }
        let o = run(&mut c);
        assert_eq!(o.code, 0);
        o.stdout
    };
    let (plain, odd) = (base(false), base(true));
    assert!(plain.starts_with("SigBlk:\t0000000000000000\n"), "{plain}");
    assert!(odd.starts_with("SigBlk:\t0000000000000200\n"), "{odd}");
    let ign = |s: &str| {
        u64::from_str_radix(s.lines().nth(1).unwrap().split('\t').nth(1).unwrap(), 16).unwrap()
    };
    assert_eq!(ign(&plain) & 0x3000, 0, "SIGPIPE/USR2 default");
    assert_eq!(ign(&odd) & 0x1800, 0x1800, "SIGPIPE/USR2 ignored");
    for opts in [
        &[][..],
        &["--fork"],
        &["--kill-child"],
        &["--forward-signals"],
        &["-f", "-U"],
    ] {
        let mut args = opts.to_vec();
        args.extend(grep);
        // Caller with the default state: nothing blocked, nothing ignored
        // (SIGPIPE default stays default).
        let o = direct(Rns, &args);
        expect(&o, &plain, "", 0);
        // A caller that blocks USR1 and ignores USR2 and PIPE.
        let theirs = run(with_odd_signals(&mut unshare_cmd(Host, &args)));
        let ours = run(with_odd_signals(&mut unshare_cmd(Rns, &args)));
        expect(&ours, &odd, "", 0);
        if !opts.contains(&"--forward-signals") {
            assert_eq!(ours, theirs, "{opts:?}");
        }
    }
    // The waiting parent adds INT and TERM to the caller's mask.
    let mut c = unshare_cmd(Rns, &["--fork", "sleep", "1"]);
    let c = with_odd_signals(&mut c)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let p = c.id();
    let _guard = Reap(vec![p]);
    wait_for("the child", || !children(p).is_empty());
    assert_eq!(status_line(p, "SigBlk"), "SigBlk:\t0000000000004202");
    let kid = children(p)[0];
    // Read the program's mask, not the child's before it restored it.
    wait_for("the exec", || {
        std::fs::read_to_string(format!("/proc/{kid}/comm")).is_ok_and(|c| c == "sleep\n")
    });
    assert_eq!(status_line(kid, "SigBlk"), "SigBlk:\t0000000000000200");
    finish(c);
}

// --------------------------------------------------------- files

/// Run `body` in a private mount namespace where $D is a private mount
/// (a tmpfs on /run), under both implementations.
fn persist_script(body: &str) -> String {
    format!("D=/run/rns-persist; mkdir -p $D && cd $D && touch net uts ipc cgroup user mnt pid time && {body}")
}

fn sandboxed(i: Impl, body: &str) -> Out {
    let s = persist_script(body);
    let wrapped = format!(
        "mount -t tmpfs rns-test /run && PATH={} && export PATH && {s}",
        path_of(i)
    );
    // One CPU: on 6.18 namespace ids come from per-CPU batches, and the
    // kernel's mount-namespace loop check (`--mount=FILE`) compares ids, so
    // on several CPUs even util-linux fails at random with EINVAL.
    norm(&run(cmd("/usr/bin/taskset")
        .args([
            "-c",
            "0",
            "/usr/bin/timeout",
            "-k",
            "5",
            "60",
            "/usr/bin/unshare",
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
        ])
        .arg(wrapped)
        .current_dir("/")))
}

#[track_caller]
fn persist_same(body: &str) -> Out {
    let theirs = sandboxed(Host, body);
    let ours = sandboxed(Rns, body);
    assert_eq!(ours, theirs, "rns (left) vs 2.38.1 (right): {body}");
    ours
}

#[test]
fn persistence_matches_host() {
    if !need_root() {
        return;
    }
    // Each kind: the file holds the very namespace the program was in.
    for (opt, kind) in [
        ("--net", "net"),
        ("--uts", "uts"),
        ("--ipc", "ipc"),
        ("--cgroup", "cgroup"),
        ("--mount", "mnt"),
    ] {
        let file = kind;
        let body = format!(
            "unshare {opt}=$D/{file} readlink /proc/self/ns/{kind}; echo rc=$?; nsenter {opt}=$D/{file} readlink /proc/self/ns/{kind}; findmnt -n -o TARGET $D/{file}; umount $D/{file}; findmnt -n $D/{file}; echo end"
        );
        let o = sandboxed(Rns, &body);
        let l: Vec<&str> = o.stdout.lines().collect();
        assert_eq!(l.len(), 5, "{body}: {o:?}");
        assert!(l[0].starts_with(&format!("{kind}:[")), "{o:?}");
        assert_eq!(l[1], "rc=0");
        assert_eq!(l[2], l[0], "persisted namespace is the one the program saw");
        assert_eq!(l[3], format!("/run/rns-persist/{file}"));
        assert_eq!(l[4], "end");
        assert_eq!(o.stderr, "");
        // The host agrees on everything but the inode numbers.
        let shape = |o: &Out| {
            o.stdout
                .lines()
                .map(|l| l.split(':').next().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(&o), shape(&sandboxed(Host, &body)));
    }
    // uts persisted: the hostname set inside is there.
    persist_same("unshare --uts=$D/uts hostname FOO; nsenter --uts=$D/uts hostname; umount $D/uts");
    persist_same("unshare --net=$D/net true; nsenter --net=$D/net ip -o link | cut -d' ' -f1-3; umount $D/net");
    persist_same("unshare --mount=$D/mnt true; echo rc=$?; nsenter --mount=$D/mnt findmnt -n -o PROPAGATION /; umount $D/mnt");
    // pid needs --fork (pid_for_children); without it: ENOENT, nothing left.
    persist_same("unshare --pid=$D/pid true; echo rc=$?; findmnt -n $D/pid || echo not-mounted");
    persist_same(
        "unshare --fork --pid=$D/pid true; echo rc=$?; findmnt -n -o FSTYPE $D/pid; umount $D/pid",
    );
    persist_same("unshare -f --time=$D/time --boottime 1000 true; echo rc=$?; nsenter --time=$D/time cat /proc/self/timens_offsets; umount $D/time");
    persist_same("unshare --ipc=$D/ipc --cgroup=$D/cgroup true; echo rc=$?; findmnt -n -o FSTYPE $D/ipc; findmnt -n -o FSTYPE $D/cgroup; umount $D/ipc $D/cgroup");
    persist_same("unshare --user=$D/user --mount=$D/mnt true; echo rc=$?; nsenter --user=$D/user --preserve-credentials sh -c 'cat /proc/self/uid_map; echo in'; umount $D/user $D/mnt");
    // A missing file.
    let o = persist_same("unshare --net=$D/does-not-exist true");
    expect(&o, "", "unshare: mount /proc/PID/ns/net on /run/rns-persist/does-not-exist failed: No such file or directory\n", 1);
    // --mount=FILE on a shared mount.
    let o = persist_same("mkdir sh && mount -t tmpfs none sh && mount --make-shared sh && touch sh/mnt && unshare --mount=$D/sh/mnt true; echo rc=$?; findmnt -n $D/sh/mnt || echo not-mounted");
    expect(
        &o,
        "rc=1\nnot-mounted\n",
        "unshare: mount /proc/PID/ns/mnt on /run/rns-persist/sh/mnt failed: Invalid argument\n",
        0,
    );
}

#[test]
fn persistence_newest_upstream() {
    if !need_root() {
        return;
    }
    // --user=FILE alone works since 2.42 (a helper binds it).
    let o = sandboxed(Rns, "unshare --user=$D/user readlink /proc/self/ns/user; echo rc=$?; nsenter --user=$D/user --preserve-credentials readlink /proc/self/ns/user; umount $D/user");
    let l: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(l.len(), 3, "{o:?}");
    assert!(l[0].starts_with("user:["), "{o:?}");
    assert_eq!(l[1], "rc=0");
    assert_eq!(l[2], l[0]);
    // With --fork too, and the maps of -r survive in the persisted ns.
    let o = sandboxed(Rns, "unshare -r --fork --user=$D/user true; echo rc=$?; nsenter --user=$D/user --preserve-credentials cat /proc/self/uid_map; umount $D/user");
    expect(&o, "rc=0\n         0          0          1\n", "", 0);
    // Everything at once, with --fork.
    let o = sandboxed(Rns, "unshare -f --mount=$D/mnt --uts=$D/uts --ipc=$D/ipc --net=$D/net --pid=$D/pid --user=$D/user --cgroup=$D/cgroup --time=$D/time true; echo rc=$?; for f in mnt uts ipc net pid user cgroup time; do findmnt -n -o FSTYPE $D/$f; done; umount mnt uts ipc net pid user cgroup time");
    expect(
        &o,
        "rc=0\nnsfs\nnsfs\nnsfs\nnsfs\nnsfs\nnsfs\nnsfs\nnsfs\n",
        "",
        0,
    );
}

/// What `ls /proc/self/fd` shows when run the same way without unshare.
fn baseline_fds() -> String {
    run(cmd("ls").arg("/proc/self/fd").current_dir("/")).stdout
}

#[test]
fn no_fd_leaks_into_the_program() {
    if !need_root() {
        return;
    }
    let base = baseline_fds();
    for opts in [
        &[][..],
        &["--fork"],
        &["--kill-child"],
        &["--forward-signals"],
        &["-r", "--kill-child"],
        &["-n", "-m", "-U", "-p", "-f", "--mount-proc"],
        &["--map-users=0:0:10", "--map-groups=0:0:10"],
        &["--owner=0:0", "-r"],
    ] {
        let mut args = opts.to_vec();
        args.extend(["ls", "/proc/self/fd"]);
        let o = direct(Rns, &args);
        expect(&o, &base, "", 0);
    }
    // With persistence helpers.
    for opts in [
        "--net=$D/net",
        "--net=$D/net --fork",
        "--uts=$D/uts --mount=$D/mnt -f",
        "--user=$D/user --fork",
        "--user=$D/user",
        "--pid=$D/pid --fork --kill-child",
        "--mount=$D/mnt -r --map-users=1:1:5",
    ] {
        let o = sandboxed(
            Rns,
            &format!(
                "unshare {opts} ls /proc/self/fd; umount net uts mnt user pid 2>/dev/null; true"
            ),
        );
        expect(&o, &base, "", 0);
    }
}

// ---------------------------------------------------- environment

#[test]
fn clear_env_and_whitelist() {
    let o = run(unshare_cmd(Rns, &["--clear-env", "env"]).env("RNS_TEST_ENV", "foo"));
    expect(&o, "", "", 0);
    let o = run(
        unshare_cmd(Rns, &["--whitelist-env", "RNS_A,RNS_NOPE", "env"])
            .env("RNS_A", "foo")
            .env("RNS_B", "foobar"),
    );
    expect(&o, "RNS_A=foo\n", "", 0);
    let o = run(unshare_cmd(
        Rns,
        &[
            "--whitelist-env=RNS_B,RNS_A",
            "--whitelist-env=PATH",
            "--fork",
            "env",
        ],
    )
    .env("RNS_A", "1")
    .env("RNS_B", "2")
    .env("RNS_C", "3"));
    // util-linux prepends each name to its list and sets them from the
    // head: the program's environ has them in reverse order.
    expect(
        &o,
        &format!("PATH={}\nRNS_A=1\nRNS_B=2\n", path_of(Rns)),
        "",
        0,
    );
    let o = run(
        unshare_cmd(Rns, &["--whitelist-env=RNS_A,,RNS_B,RNS_A,RNS_NOPE", "env"])
            .env("RNS_A", "1")
            .env("RNS_B", "2"),
    );
    expect(&o, "RNS_A=1\nRNS_B=2\n", "", 0);
    // Names are bytes, not UTF-8.
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"RNS_\xff");
        let mut arg = b"--whitelist-env=RNS_\xff".to_vec();
        arg.extend_from_slice(b",RNS_A");
        let o = run(unshare_cmd(Rns, &[])
            .arg(OsStr::from_bytes(&arg))
            .args(["env"])
            .env(name, "x")
            .env("RNS_A", "y"));
        assert_eq!(o.code, 0, "{o:?}");
        assert_eq!(o.stdout, "RNS_A=y\nRNS_\u{fffd}=x\n");
    }
    // execvp runs after clearenv, as upstream; an absolute program works.
    let o = direct(Rns, &["--clear-env", "/usr/bin/env"]);
    expect(&o, "", "", 0);
}

#[test]
fn no_program_runs_the_login_shell() {
    same("echo 'echo argv0=$0' | SHELL=/bin/sh unshare");
    same("echo 'echo argv0=$0' | SHELL=/bin/sh unshare --fork");
    same("SHELL=/nonexistent unshare");
    // Newest upstream: an empty or unset SHELL falls back to the passwd
    // shell (2.38.1 execs "" or uses /bin/sh).
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let uid = nix::unistd::getuid().as_raw().to_string();
    let shell = passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() >= 7 && f[2] == uid)
        .map(|f| f[6].to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let base = shell.rsplit('/').next().unwrap();
    if ["sh", "bash", "dash"].contains(&base) {
        // HOME elsewhere: the login shell's dotfiles are not ours to test.
        for sc in [
            "export HOME=/nonexistent; echo 'echo argv0=$0' | SHELL= unshare",
            "export HOME=/nonexistent; unset SHELL; echo 'echo argv0=$0' | unshare",
        ] {
            let o = script(Rns, sc);
            expect(&o, &format!("argv0=-{base}\n"), "", 0);
        }
        // The shell is chosen after --clear-env / --whitelist-env: $SHELL
        // is gone by then.
        let o = script(Rns, "export HOME=/nonexistent SHELL=/bin/sh; echo 'echo argv0=$0' | unshare --whitelist-env=HOME,PATH");
        expect(&o, &format!("argv0=-{base}\n"), "", 0);
        let o = script(Rns, "export HOME=/nonexistent SHELL=/bin/sh; echo 'echo argv0=$0' | unshare --whitelist-env=HOME,SHELL");
        expect(&o, "argv0=-sh\n", "", 0);
    }
}

// ------------------------------------------------ the upstream hang

/// Processes left in a fresh pid namespace after `body` ran as the user.
fn leftovers_as_user(i: Impl, body: &str) -> Out {
    let user = as_user().join(" ");
    let s = format!(
        "{user} sh -c '{body}'; echo rc=$?; sleep 0.3; ps -e -o pid=,comm= | awk '$1 != 1 && $2 != \"ps\" && $2 != \"awk\" && $2 != \"sh\"'"
    );
    norm(&run(cmd("/usr/bin/timeout")
        .args([
            "-k",
            "5",
            "60",
            "/usr/bin/unshare",
            "--pid",
            "--fork",
            "--mount-proc",
            "/bin/sh",
            "-c",
        ])
        .arg(s)
        .env("PATH", path_of(i))
        .current_dir("/")))
}

#[test]
fn failed_unshare_leaves_no_helper_behind() {
    if !setpriv_ok() {
        return;
    }
    // The bind helper (--mount=FILE) and the map helper (--map-users) are
    // forked before unshare(2); when it fails they must go, promptly.
    let cases = [
        (
            "unshare --mount=/tmp/rns-no-such-file -n true",
            "unshare: unshare failed: Operation not permitted\n",
        ),
        (
            "unshare --mount=/tmp/rns-x --map-users=0:65534:1 --owner=0:0 true",
            "unshare: setgroups failed: Operation not permitted\n",
        ),
    ];
    for (body, err) in cases {
        let start = Instant::now();
        let o = leftovers_as_user(Rns, body);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{body}: too slow"
        );
        expect(&o, "rc=1\n", err, 0);
    }
    // As root, CLONE_NEWUSER fails in a chroot: both helpers (bind and
    // map) are waiting by then.
    let s = r#"D=$(mktemp -d /tmp/rns-chroot-XXXXXX); F=$(mktemp -u /tmp/rns-pf-XXXXXX); mount --rbind / $D && touch $F && chroot $D /bin/sh -c "unshare --user=$F --mount=$F --map-users=0:0:1 --map-groups=0:0:1 true; echo rc=\$?"; sleep 0.3; ps -e -o pid=,comm= | awk '$1 != 1 && $2 != "ps" && $2 != "awk" && $2 != "sh"'; umount -R $D; rmdir $D; rm -f $F"#;
    let o = run(cmd("/usr/bin/timeout")
        .args([
            "-k",
            "5",
            "60",
            "/usr/bin/unshare",
            "--mount",
            "--propagation",
            "private",
            "--pid",
            "--fork",
            "--mount-proc",
            "/bin/sh",
            "-c",
            s,
        ])
        .env("PATH", path_of(Rns))
        .current_dir("/"));
    expect(
        &o,
        "rc=1\n",
        "unshare: unshare failed: Operation not permitted\n",
        0,
    );
    // util-linux leaves its helper blocked forever: the test can see it.
    let o = leftovers_as_user(Host, "unshare --mount=/tmp/rns-no-such-file -n true");
    assert_ne!(
        o.stdout, "rc=1\n",
        "the leftover check does not see a stuck helper: {o:?}"
    );
}

// ------------------------------------------------------ no panics

use crate::fuzz::Rng;

#[test]
fn random_argv_never_panics() {
    if !setpriv_ok() {
        return;
    }
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let words = [
        "-m",
        "-u",
        "-i",
        "-n",
        "-p",
        "-U",
        "-C",
        "-T",
        "-r",
        "-c",
        "-f",
        "-R",
        "-w",
        "-S",
        "-G",
        "-l",
        "--mount",
        "--mount=/tmp/x",
        "--net=",
        "--pid=/nonexistent",
        "--user=/tmp",
        "--uts=",
        "--time=/x",
        "--mount-proc",
        "--mount-proc=/tmp/x",
        "--mount-binfmt",
        "--mount-binfmt=",
        "--load-interp",
        "--propagation",
        "--propagation=slave",
        "--propagation=x",
        "--root",
        "--root=/",
        "--wd=/tmp",
        "--setuid=0",
        "--setgid=",
        "--map-user",
        "--map-user=0",
        "--map-user=x",
        "--map-group=65534",
        "--map-users=0:0:1",
        "--map-users=auto",
        "--map-users=all",
        "--map-users=subids",
        "--map-groups=1,2,3",
        "--map-groups=",
        "--map-auto",
        "--map-subids",
        "--owner=0:0",
        "--owner",
        "--owner=:",
        "--fork",
        "--kill-child",
        "--kill-child=",
        "--kill-child=RTMAX-0",
        "--kill-child=sig",
        "--forward-signals",
        "--setgroups",
        "--setgroups=deny",
        "--setgroups=allow",
        "--keep-caps",
        "--monotonic=1",
        "--monotonic=-9223372036854775808",
        "--boottime",
        "--boottime=1e3",
        "--clear-env",
        "--whitelist-env=",
        "--whitelist-env=PATH,,",
        "--",
        "-",
        "--=",
        "--m",
        "--map",
        "-nx",
        "-Rf",
        "-S-1",
        "-G4294967295",
        "0",
        "/",
        "",
        "=",
        "x:y:z",
        "4294967296",
        "-9",
        "--ma",
        "---",
        "/bin/true",
        "true",
        "\u{e9}",
        "-\u{e9}",
        "--\u{e9}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..250 {
        let n = (rng.next() % 7) as usize;
        let mut argv: Vec<OsString> = (0..n).map(|_| rng.pick(&words).into()).collect();
        if rng.next() % 5 == 0 {
            // A byte that is not UTF-8.
            argv.push(OsString::from_vec(vec![b'-', b'-', b'n', b'=', 0xff]));
        }
        argv.push("/bin/true".into());
        let mut full = as_user();
        full.push(
            rns_dir()
                .join("unshare")
                .to_str()
                .unwrap()
                .to_string()
                .leak(),
        );
        let o = run(cmd("/usr/bin/timeout")
            .args(["-k", "5", "30"])
            .args(&full)
            .args(&argv)
            .current_dir("/"));
        assert!(
            [0, 1, 126, 127].contains(&o.code),
            "round {round}: {argv:?}: {o:?}"
        );
        assert!(
            !o.stderr.contains("panicked") && !o.stderr.contains("RUST_BACKTRACE"),
            "round {round}: {argv:?}: {o:?}"
        );
    }
}

/// `unshare ARGS` writing into a pipe nobody reads.
fn to_broken_pipe(i: Impl, args: &[&str], ignore_sigpipe: bool) -> Out {
    let (r, w) = nix::unistd::pipe().unwrap();
    drop(r);
    let mut c = unshare_cmd(i, args);
    c.stdout(Stdio::from(w));
    if ignore_sigpipe {
        use nix::sys::signal::{signal, SigHandler, Signal::SIGPIPE};
        // SAFETY: signal(2) is async-signal-safe.
        unsafe {
            c.pre_exec(|| {
                signal(SIGPIPE, SigHandler::SigIgn)?;
                Ok(())
            });
        }
    }
    run(&mut c)
}

#[test]
fn help_into_a_closed_pipe() {
    for args in [&["--help"][..], &["--version"]] {
        // SIGPIPE ignored: util-linux's close_stdout is silent on EPIPE.
        let theirs = to_broken_pipe(Host, args, true);
        let ours = to_broken_pipe(Rns, args, true);
        assert_eq!(ours, theirs, "{args:?}");
        expect(&ours, "", "", 0);
        // SIGPIPE default: killed by it.
        let theirs = to_broken_pipe(Host, args, false);
        let ours = to_broken_pipe(Rns, args, false);
        assert_eq!(ours, theirs, "{args:?}");
        expect(&ours, "", "", 128 + 13);
    }
    // A program that writes into the pipe sees the caller's SIGPIPE
    // disposition, through --fork too.
    for fork in [&[][..], &["--fork"]] {
        let mut args = fork.to_vec();
        args.extend(["sh", "-c", "sleep 0.1; echo x; echo after >&2"]);
        let ours = to_broken_pipe(Rns, &args, false);
        assert_eq!(ours, to_broken_pipe(Host, &args, false), "{fork:?}");
        expect(&ours, "", "", 128 + 13);
        let ours = to_broken_pipe(Rns, &args, true);
        assert_eq!(ours, to_broken_pipe(Host, &args, true), "{fork:?}");
        assert_eq!(ours.code, 0);
        assert!(ours.stderr.ends_with("after\n"), "{ours:?}");
    }
}

#[test]
fn binfmt_misc_in_the_namespace() {
    if !need_root() {
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

#[test]
fn ignored_sigchld_is_reset() {
    use nix::sys::signal::{signal, SigHandler, Signal::SIGCHLD};
    let with_ign = |i: Impl, args: &[&str]| {
        let mut c = unshare_cmd(i, args);
        // SAFETY: signal(2) is async-signal-safe.
        unsafe {
            c.pre_exec(|| {
                signal(SIGCHLD, SigHandler::SigIgn)?;
                Ok(())
            });
        }
        run(&mut c)
    };
    // waitpid still sees the child's status, and the program gets SIGCHLD
    // back at its default.
    for args in [
        &["--fork", "sh", "-c", "exit 7"][..],
        &["--fork", "sh", "-c", "grep SigIgn /proc/self/status"],
        &["sh", "-c", "grep SigIgn /proc/self/status"],
    ] {
        let ours = with_ign(Rns, args);
        assert_eq!(ours, with_ign(Host, args), "{args:?}");
        if args.last() == Some(&"exit 7") {
            assert_eq!(ours.code, 7);
        } else {
            let ign =
                u64::from_str_radix(ours.stdout.trim().rsplit('\t').next().unwrap(), 16).unwrap();
            assert_eq!(ign & (1 << 16), 0, "{ours:?}");
        }
    }
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
    if !need_root() || !Path::new("/etc/subuid").exists() || !Path::new("/etc/subgid").exists() {
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

/// The id (not inode) of a mount namespace made on `cpu` right now.
/// None where the kernel has no NS_GET_MNTNS_ID (before 6.10).
fn new_mnt_ns_id_on(cpu: usize) -> Option<u64> {
    let mut c = cmd("/usr/bin/taskset")
        .args([
            "-c",
            &cpu.to_string(),
            "/usr/bin/unshare",
            "-m",
            "sleep",
            "5",
        ])
        .spawn()
        .unwrap();
    let pid = c.id();
    wait_for("the sleep", || {
        std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|s| s == "sleep\n")
    });
    let f = std::fs::File::open(format!("/proc/{pid}/ns/mnt")).unwrap();
    let id = rns::sys::unshare::mnt_ns_id(&f).ok();
    let _ = c.kill();
    let _ = c.wait();
    id
}

/// Linux 6.18 hands out namespace ids from per-CPU batches and refuses to
/// bind a mount namespace file whose id is not above the binder's: made on
/// the "low" CPU, a new namespace cannot be persisted from one made on the
/// "high" CPU. util-linux fails there (EINVAL); rns moves to another CPU.
#[test]
fn mount_persistence_survives_per_cpu_namespace_ids() {
    if !need_root() {
        return;
    }
    let cpus: Vec<usize> = (0..64)
        .filter(|c| {
            Path::new(&format!("/sys/devices/system/cpu/cpu{c}/online")).exists() || *c == 0
        })
        .collect();
    let body = "export D=/run/rns-mntid; mkdir -p $D && touch $D/mnt";
    let mut reproduced = false;
    for attempt in 0..5 {
        if cpus.len() < 2 {
            break;
        }
        let (Some(a), Some(b)) = (new_mnt_ns_id_on(cpus[0]), new_mnt_ns_id_on(cpus[1])) else {
            break;
        };
        let (low, high) = if a < b {
            (cpus[0], cpus[1])
        } else {
            (cpus[1], cpus[0])
        };
        // The original namespace is made on `high`, unshare starts on `low`
        // but may use both.
        let run_on = |i: Impl, prog: &str| {
            let s = format!(
                "mount -t tmpfs rns-test /run && {body} && PATH={} taskset -c {low} sh -c 'taskset -p -c {low},{high} $$ >/dev/null; exec {prog}'; echo rc=$?",
                path_of(i)
            );
            run(cmd("/usr/bin/taskset")
                .args([
                    "-c",
                    &high.to_string(),
                    "/usr/bin/unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "/bin/sh",
                    "-c",
                    &s,
                ])
                .current_dir("/"))
        };
        let host = run_on(Host, "unshare --mount=$D/mnt true");
        // The program keeps the caller's CPU affinity.
        let grep = "grep Cpus_allowed_list /proc/self/status";
        let want = run_on(Host, grep).stdout;
        let ours = run_on(Rns, &format!("unshare --mount=$D/mnt {grep}"));
        expect(&ours, &want, "", 0);
        if host.stdout == "rc=1\n" {
            assert!(
                host.stderr
                    .ends_with("/run/rns-mntid/mnt failed: Invalid argument\n"),
                "{host:?}"
            );
            reproduced = true;
            break;
        }
        eprintln!("attempt {attempt}: util-linux did not fail here: {host:?}");
    }
    if !reproduced {
        eprintln!("note: the per-CPU id situation was not reproduced");
    }
    // Without any CPU games, many times over.
    for _ in 0..10 {
        let o = sandboxed_any_cpu(Rns, "unshare --mount=$D/mnt true; echo rc=$?");
        expect(&o, "rc=0\n", "", 0);
    }
}

fn sandboxed_any_cpu(i: Impl, body: &str) -> Out {
    let s = persist_script(body);
    let wrapped = format!(
        "mount -t tmpfs rns-test /run && PATH={} && export PATH && {s}",
        path_of(i)
    );
    run(cmd("/usr/bin/unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            &wrapped,
        ])
        .current_dir("/"))
}
