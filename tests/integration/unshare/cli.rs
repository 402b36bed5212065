//! unshare's command line: --help, --version, getopt errors, bad values.

use super::*;

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
    if Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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
    if !Test::new().root().ok() {
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

#[test]
fn subid_errors_are_newest_upstream() {
    if !Test::new().root().ok() {
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
