//! Property tests of every applet's command line: random argv built from the
//! applet's real flag table (`rns::applet::APPLETS[..].flags()`), abbreviated
//! and attached forms, values from a pool of edge cases, and junk bytes (not
//! UTF-8, `=`, `-`, `--`). Whatever comes in: no panic, an exit status from
//! the applet's documented set, and a failure always says why on stderr,
//! prefixed with the applet's name.
//!
//! Deterministic (fixed seeds, xorshift64*), bounded (a few hundred runs per
//! applet). Runs as the unprivileged user (nothing on the host can change),
//! except the veth run as root, which is inside its own net, mount and pid
//! namespaces with a tmpfs on /run.

use crate::common::*;
use rns::cli::{Complete, FlagDoc};
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

pub use rns::testing::Rng;

/// Values any option may get: edge cases of every value syntax the applets
/// parse (ids, maps, signals, paths, CIDRs, MACs, MTUs, numbers). No small
/// number: as a PID it could name a host process.
const VALUES: &[&str] = &[
    "",
    "0",
    "-0",
    "+0",
    "-1",
    "4294967295",
    "4294967296",
    "99999999999999999999",
    "68",
    "65536",
    "x",
    "/",
    ".",
    "..",
    "../x",
    "a/b",
    "/nonexistent",
    "/proc/self/ns/net",
    "/proc/self/ns/user",
    "/tmp",
    "auto",
    "all",
    "subids",
    "0:0:1",
    "0:100000:65536",
    "100000,0,65536",
    "1:2:3:4",
    "0:0",
    ":",
    "1,2,3",
    ",,",
    "nobody",
    "root",
    "SIGTERM",
    "term",
    "KILL",
    "RTMIN+1",
    "RTMAX-0",
    "RTMIN+31",
    "sig",
    "follow",
    "slave",
    "shared",
    "private",
    "unchanged",
    "deny",
    "allow",
    "1e3",
    "10.0.0.1/24",
    "fd00::1/64",
    "10.0.0.1/33",
    "300.1.1.1",
    "::",
    "02:00:00:00:00:01",
    "01:00:00:00:00:01",
    "00:00:00:00:00:00",
    "zz:zz",
    "veth0",
    "1234567890123456",
    "a b",
    "=",
    "-",
    "--",
    "-n",
    "--net",
    "PATH,HOME",
    "\u{e9}",
    // Past every C limit (see NUMBERS): 20+ digits, the most negative 64-
    // and 128-bit numbers, real-time signals with huge offsets.
    "-9223372036854775808",
    "18446744073709551616",
    "-170141183460469231731687303715884105728",
    "340282366920938463463374607431768211455",
    "123456789012345678901234567890123456789012",
    "0:-170141183460469231731687303715884105728:1",
    "RTMIN+9223372036854775807",
    "RTMAX-9223372036854775808",
    "RTMIN+4294967297",
];

/// Numbers at and past each limit of C's scanners (int, long, unsigned
/// long, 128 bits), in the forms the applets' values take (`PID:INODE`,
/// `:NSID`, `INNER:OUTER:COUNT`, `UID:GID`, base prefixes).
const NUMBERS: &[&str] = &[
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967297",
    "-4294967295",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-18446744073709551615",
    "-18446744073709551616",
    "170141183460469231731687303715884105727",
    "-170141183460469231731687303715884105728",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "-340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999999999999",
    " -9223372036854775808x",
    "0x8000000000000000",
    "-0x10000000000000000",
    "1:-170141183460469231731687303715884105728",
    "-170141183460469231731687303715884105728:1",
    ":-170141183460469231731687303715884105728",
    ":18446744073709551616",
    "0:-170141183460469231731687303715884105728:1",
    "-1,18446744073709551616,340282366920938463463374607431768211455",
    "RTMIN+9223372036854775807",
    "RTMIN+9223372036854775808",
    "RTMAX-9223372036854775807",
    "RTMAX-9223372036854775808",
    "SIGRTMIN+2147483647",
    "rtmax-2147483648",
    "RT170141183460469231731687303715884105728",
    "RTMIN+4294967297",
];

/// Bytes junk is made of: option syntax, separators, and bytes that are not
/// UTF-8 on their own.
const JUNK: &[u8] = b"-=:,/. x0\xff\xfe\xc3\xa0\x80\x01\x7f\t";

fn junk(rng: &mut Rng) -> Vec<u8> {
    (0..rng.below(9)).map(|_| rng.pick(JUNK)).collect()
}

fn value(rng: &mut Rng, f: &FlagDoc) -> Vec<u8> {
    if let Complete::Words(w) = f.complete {
        if rng.one_in(2) {
            return rng.pick(w).as_bytes().to_vec();
        }
    }
    if rng.one_in(6) {
        return junk(rng);
    }
    rng.pick(VALUES).as_bytes().to_vec()
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// One or two argv entries made from the table, or junk.
fn tokens(rng: &mut Rng, table: &[FlagDoc], words: &[&str]) -> Vec<Vec<u8>> {
    let f = rng.pick(table);
    let long = f.long.as_bytes();
    let short = f.short.map(|c| c.to_string().into_bytes());
    match rng.below(12) {
        0 | 1 => match &short {
            Some(s) => vec![cat(&[b"-", s])],
            None => vec![cat(&[b"--", long])],
        },
        2 => match &short {
            Some(s) => vec![cat(&[b"-", s, &value(rng, &f)])],
            None => vec![cat(&[b"--", long, b"=", &value(rng, &f)])],
        },
        3 => {
            // Several short options in one word.
            let mut w = b"-".to_vec();
            for _ in 0..1 + rng.below(3) {
                if let Some(c) = rng.pick(table).short {
                    w.extend(c.to_string().bytes());
                }
            }
            vec![w]
        }
        4 => vec![cat(&[b"--", long])],
        5 => vec![cat(&[b"--", long, b"=", &value(rng, &f)])],
        6 => vec![cat(&[b"--", long]), value(rng, &f)],
        7 => {
            // An abbreviation (possibly ambiguous, possibly empty).
            let n = rng.below(long.len() + 1);
            let mut w = cat(&[b"--", &long[..n]]);
            if rng.one_in(2) {
                w.extend(cat(&[b"=", &value(rng, &f)]));
            }
            vec![w]
        }
        8 => vec![rng
            .pick(&[
                &b"--"[..],
                b"-",
                b"--=",
                b"---",
                b"=",
                b"-\xff",
                b"--\xff",
                b"--\xc3",
                b"-=",
            ])
            .to_vec()],
        9 => vec![cat(&[b"-", &junk(rng)])],
        10 if !words.is_empty() => vec![rng.pick(words).as_bytes().to_vec()],
        _ => vec![junk(rng)],
    }
}

/// A random argv for `applet`; `tail` are operands that may end it.
fn argv(rng: &mut Rng, applet: &str, tail: &[&str]) -> Vec<OsString> {
    let a = rns::applet::APPLETS
        .iter()
        .find(|a| a.name == applet)
        .expect("applet in the table");
    let table = (a.flags)();
    assert!(!table.is_empty(), "{applet} has a flag table");
    let mut out: Vec<Vec<u8>> = Vec::new();
    if !a.words.is_empty() && !rng.one_in(5) {
        out.push(rng.pick(a.words).as_bytes().to_vec());
    }
    for _ in 0..rng.below(6) {
        out.extend(tokens(rng, &table, a.words));
    }
    if !tail.is_empty() && !rng.one_in(4) {
        out.push(rng.pick(tail).as_bytes().to_vec());
    }
    out.into_iter().map(OsString::from_vec).collect()
}

/// The properties every run must have.
#[track_caller]
fn check(applet: &str, codes: &[i32], round: usize, args: &[OsString], o: &Out) {
    let ctx = format!("{applet} round {round}: {args:?}: {o:?}");
    assert!(codes.contains(&o.code), "status not in {codes:?}: {ctx}");
    for bad in ["panicked", "RUST_BACKTRACE", "(os error"] {
        assert!(!o.stderr.contains(bad), "{bad}: {ctx}");
    }
    // With no program (and the environment cleared), unshare/nsenter run
    // the user's login shell: nobody's is nologin, which fails by itself.
    let nologin = o.stdout == "This account is currently not available.\n";
    if o.code != 0 && !nologin {
        assert!(
            o.stderr.starts_with(&format!("{applet}: ")),
            "a failure must say why, as '{applet}: ...': {ctx}"
        );
    }
}

/// Runs as the unprivileged user from /, bounded in time (setpriv and
/// timeout needed).
fn nobody() -> Test {
    Test::new()
        .as_user()
        .tool("/usr/bin/timeout")
        .timeout(30)
        .cwd("/")
}

/// `rns APPLET ARGS` as the unprivileged user, bounded in time.
fn as_nobody(applet: &str, args: &[OsString]) -> Out {
    nobody().program(&[rns_bin(), applet]).run(args)
}

/// A longer campaign by hand: `RNS_FUZZ_ROUNDS=N` extra runs from seed
/// `RNS_FUZZ_SEED` (CI runs only the fixed rounds).
fn extra_campaign(applet: &str, tail: &[&str], codes: &[i32]) {
    let var = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = var("RNS_FUZZ_ROUNDS") {
        let seed = var("RNS_FUZZ_SEED").unwrap_or(1) ^ applet.len() as u64;
        campaign(applet, seed.max(1), n as usize, tail, codes);
    }
}

fn campaign(applet: &str, seed: u64, rounds: usize, tail: &[&str], codes: &[i32]) -> usize {
    let mut rng = Rng(seed);
    let mut failures = 0;
    for round in 0..rounds {
        let args = argv(&mut rng, applet, tail);
        let o = as_nobody(applet, &args);
        check(applet, codes, round, &args, &o);
        failures += usize::from(o.code != 0);
        if std::env::var_os("RNS_FUZZ_SHOW").is_some() {
            eprintln!(
                "{args:?} -> {} {}",
                o.code,
                o.stderr.lines().next().unwrap_or("")
            );
        }
    }
    failures
}

/// Programs that change nothing, and some that do not exist (127) or cannot
/// be run (126).
const PROGRAMS: &[&str] = &["true", "/bin/true", "/nonexistent", "/", "no-such-program"];

#[test]
fn unshare_random_argv_from_its_flag_table() {
    if !nobody().ok() {
        return;
    }
    let failed = campaign("unshare", 0x5eed_0001, 250, PROGRAMS, &[0, 1, 126, 127]);
    // The generator must reach both outcomes, or it tests nothing.
    assert!((25..=245).contains(&failed), "{failed} of 250 failed");
    extra_campaign("unshare", PROGRAMS, &[0, 1, 126, 127]);
}

#[test]
fn nsenter_random_argv_from_its_flag_table() {
    if !nobody().ok() {
        return;
    }
    let failed = campaign("nsenter", 0x5eed_0002, 250, PROGRAMS, &[0, 1, 126, 127]);
    assert!((25..=245).contains(&failed), "{failed} of 250 failed");
    extra_campaign("nsenter", PROGRAMS, &[0, 1, 126, 127]);
}

#[test]
fn veth_random_argv_from_its_flag_table() {
    if !nobody().ok() {
        return;
    }
    let failed = campaign("veth", 0x5eed_0003, 250, &["veth0", "p0", "x"], &[0, 1, 2]);
    assert!((25..=245).contains(&failed), "{failed} of 250 failed");
    extra_campaign("veth", &["veth0", "p0", "x"], &[0, 1, 2]);
}

/// `veth add NAME PEER` with a few valued options: what reaches the kernel.
fn well_formed_add(rng: &mut Rng, round: usize) -> Vec<OsString> {
    // Mostly fresh names (this round's), sometimes taken or odd ones.
    let odd = ["ex0", "ex1", "lo", "A", "\u{e9}", "x.y", "-", "a\u{a0}"];
    let mut name = |fresh: String| -> OsString {
        if rng.one_in(4) {
            rng.pick(&odd).into()
        } else {
            fresh.into()
        }
    };
    let (a, b) = (name(format!("fa{round}")), name(format!("fb{round}")));
    let mut out: Vec<OsString> = vec!["add".into(), a, b];
    let opts = [
        "--netns",
        "--peer-netns",
        "--addr",
        "--peer-addr",
        "--addr",
        "--peer-addr",
        "--mtu",
        "--mac",
        "--peer-mac",
        "--down",
    ];
    let netns = [
        "A",
        "/run/netns/A",
        "/proc/self/ns/net",
        "/proc/1/ns/net",
        "1",
        "B",
        "/",
    ];
    let addrs = [
        "10.9.0.1/24",
        "10.9.0.1",
        "fd09::1/64",
        "fd09::2/64",
        "224.0.0.1/4",
        "::/0",
        "0.0.0.0/0",
    ];
    let mtus = ["68", "1279", "1280", "1500", "9000", "65535", "67", "65536"];
    let macs = [
        "02:00:00:00:00:01",
        "02:00:00:00:00:02",
        "ff:ff:ff:ff:ff:fe",
        "02:00:00:00:00:0",
    ];
    for _ in 0..rng.below(5) {
        let o = rng.pick(&opts);
        let v = match o {
            "--netns" | "--peer-netns" => rng.pick(&netns),
            "--addr" | "--peer-addr" => rng.pick(&addrs),
            "--mtu" => rng.pick(&mtus),
            "--mac" | "--peer-mac" => rng.pick(&macs),
            _ => {
                out.push(o.into());
                continue;
            }
        };
        out.push(format!("{o}={v}").into());
    }
    out
}

/// veth as root, where the kernel is really asked: in a sandbox with its
/// own net, mount and pid namespaces (so no PID or path names a host
/// namespace), a tmpfs on /run and one named namespace `A`.
#[test]
fn veth_random_argv_as_root_in_a_sandbox() {
    // Its own net, mount and pid namespaces, a tmpfs on /run.
    let Some(t) = Test::new()
        .root()
        .tool("/usr/sbin/ip")
        .timeout(120)
        .sandbox()
        .net_ns()
        .pid_ns(true)
        .ready()
    else {
        return;
    };
    let dir = shared_tmp().to_path_buf().join(unique("veth-fuzz"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(0x5eed_0004);
    let extra = std::env::var("RNS_FUZZ_ROUNDS").map_or(0, |v| v.parse().unwrap_or(0));
    let rounds = 200 + extra.min(9000);
    let mut all = Vec::new();
    for round in 0..rounds {
        let args = if round % 2 == 0 {
            well_formed_add(&mut rng, round)
        } else {
            argv(
                &mut rng,
                "veth",
                &["veth0", "p0", "A", "lo", "\u{e9}", "a\u{a0}"],
            )
        };
        // NUL-terminated, as `xargs -0` reads them.
        let mut file = Vec::new();
        for a in &args {
            file.extend(a.as_encoded_bytes());
            file.push(0);
        }
        std::fs::write(dir.join(format!("{round:04}")), file).unwrap();
        all.push(args);
    }
    let script = r#"ip netns add A &&
ip link add ex0 type veth peer name ex1 || exit 1
for f in "$D"/????; do
  xargs -0 -a "$f" sh -c '"$RNS" veth "$@" >/dev/null 2>"$0.err"; echo $? >"$0.rc"' "$f"
done; echo done; ip -o link; ip -n A -o link"#;
    let o = t.env("D", &dir).cwd(&dir).sh(script);
    let (done, links) = o.stdout.split_once('\n').unwrap_or_default();
    assert_eq!(done, "done", "{o:?}");
    // `N: NAME[@PEER]: <...` in either namespace.
    let present: Vec<&str> = links
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|n| n.split('@').next().unwrap())
        .collect();
    let mut outcomes = [0usize; 3];
    for (round, args) in all.iter().enumerate() {
        let f = dir.join(format!("{round:04}"));
        let rc = std::fs::read_to_string(f.with_extension("rc")).unwrap();
        let got = Out {
            stdout: String::new(),
            stderr: std::fs::read_to_string(f.with_extension("err")).unwrap_or_default(),
            code: rc.trim().parse().unwrap(),
        };
        check("veth", &[0, 1, 2], round, args, &got);
        if round % 2 == 0 {
            // A well-formed add: a whole pair or (on failure) nothing new.
            // (A pair with an odd name may be deleted by a later `del`.)
            let fresh = [format!("fa{round}"), format!("fb{round}")];
            let both_fresh = args[1] == *fresh[0] && args[2] == *fresh[1];
            for end in fresh
                .iter()
                .filter(|e| args[1..3].iter().any(|a| *a == *e.as_str()))
            {
                if got.code != 0 || both_fresh {
                    assert_eq!(
                        present.contains(&end.as_str()),
                        got.code == 0,
                        "{end} after round {round}: {args:?}: {got:?}"
                    );
                }
            }
        }
        outcomes[got.code as usize] += 1;
    }
    eprintln!("veth as root: status 0/1/2: {outcomes:?}");
    // Runs must have reached the kernel (0, 2) and been refused before it (1).
    assert!(outcomes.iter().all(|&n| n > 0), "{outcomes:?}");
    if std::env::var_os("RNS_FUZZ_SHOW").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `ARGS` for one valued option of `applet`'s table with value `v`, in
/// the form the table gives it (`-x V`, `--long V` or `--long=V`).
fn with_value(f: &FlagDoc, v: &str) -> Vec<OsString> {
    use rns::cli::ArgKind;
    match (f.arg, f.short) {
        (ArgKind::Optional, _) => vec![format!("--{}={v}", f.long).into()],
        (_, Some(c)) => vec![format!("-{c}").into(), v.into()],
        (_, None) => vec![format!("--{}", f.long).into(), v.into()],
    }
}

/// Every valued option of `applet` with every number of NUMBERS: each run
/// is checked as the random ones are (no panic, a documented status, a
/// reason on failure).
fn sweep(applet: &str, head: &[&str], tail: &[&str], codes: &[i32]) -> usize {
    let a = rns::applet::APPLETS
        .iter()
        .find(|a| a.name == applet)
        .expect("applet in the table");
    let mut runs = 0;
    for f in (a.flags)() {
        if f.arg == rns::cli::ArgKind::NoArg {
            continue;
        }
        for (i, v) in NUMBERS.iter().enumerate() {
            let mut args: Vec<OsString> = head.iter().map(OsString::from).collect();
            args.extend(with_value(&f, v));
            args.extend(tail.iter().map(OsString::from));
            check(applet, codes, i, &args, &as_nobody(applet, &args));
            runs += 1;
        }
    }
    runs
}

/// Runs against the debug build the integration tests use, where an
/// overflow panics: on the code before the number scanner was unified,
/// `-t -170141183460469231731687303715884105728` and
/// `--kill-child=RTMIN+9223372036854775807` aborted here.
#[test]
fn unshare_and_nsenter_take_every_edge_number_in_every_valued_option() {
    if !nobody().ok() {
        return;
    }
    let n = sweep("unshare", &[], &["true"], &[0, 1, 126, 127]);
    let m = sweep("nsenter", &[], &["true"], &[0, 1, 126, 127]);
    assert!(n > 10 * NUMBERS.len() && m > 5 * NUMBERS.len(), "{n} {m}");
}

#[test]
fn veth_and_netns_take_every_edge_number() {
    if !nobody().ok() {
        return;
    }
    sweep("veth", &["add", "nv0", "nv1"], &[], &[0, 1, 2]);
    for v in NUMBERS {
        for args in [
            &["-rcvbuf", v, "list"][..],
            &["set", "no-such-netns", v],
            &["list-id", "nsid", v],
            &["list-id", "target-nsid", v],
            &["identify", v],
        ] {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            let o = as_nobody("netns", &args);
            assert!([0, 1, 2, 255].contains(&o.code), "{args:?}: {o:?}");
            assert!(!o.stderr.contains("panicked"), "{args:?}: {o:?}");
        }
    }
}

// ------------------------------------------------ the known overflow cases

const MOST_NEGATIVE_128: &str = "-170141183460469231731687303715884105728";

/// Was a debug-build panic (negation of a 128-bit value); util-linux
/// reports a range error. (2.38.1 words it `failed to parse pid`; rns
/// uses newest util-linux's words, as the other `-t` messages do.)
#[test]
fn nsenter_target_at_the_most_negative_128_bit_number_is_a_range_error() {
    let Some(u) = Test::new().as_user().ready() else {
        return;
    };
    let o = u.run(&[rns_bin(), "nsenter", "-t", MOST_NEGATIVE_128, "true"]);
    let want = format!(
        "nsenter: failed to parse PID argument '{MOST_NEGATIVE_128}': Numerical result out of range\n"
    );
    assert_eq!((o.stderr.as_str(), o.code), (want.as_str(), 1), "{o:?}");
    if Test::new().tool("/usr/bin/nsenter").ok() {
        let h = u.run(&["/usr/bin/nsenter", "-t", MOST_NEGATIVE_128, "true"]);
        let why = format!("'{MOST_NEGATIVE_128}': Numerical result out of range\n");
        assert!(h.code == 1 && h.stderr.ends_with(&why), "{h:?}");
    }
}

/// Was a debug-build panic (`RTMIN + n`); util-linux does not know the
/// signal. It reads the offset with strtol and keeps it in an int, so
/// offsets 2^32 + k name the same signal as k: the child of `--fork`
/// reports which real-time signal its parent's death sent it.
#[test]
fn kill_child_real_time_offsets_as_util_linux_reads_them() {
    let Some(u) = Test::new()
        .tool("/usr/bin/unshare")
        .tool("/usr/bin/timeout")
        .as_user()
        .ready()
    else {
        return;
    };
    for v in ["RTMIN+9223372036854775807", "RTMAX-9223372036854775808"] {
        let arg = format!("--kill-child={v}");
        let o = u.run(&[rns_bin(), "unshare", &arg, "true"]);
        let h = u.run(&["/usr/bin/unshare", &arg, "true"]);
        assert_eq!(o, h, "{v}");
        assert_eq!(
            (o.stderr, o.code),
            (format!("unshare: unknown signal: {v}\n"), 1)
        );
    }
    // The child traps every real-time signal, kills its parent (unshare)
    // and prints the signal that the parent's death sends it.
    let script = r#"for s in $(seq 34 64); do trap "kill \$p; echo $s; exit" $s; done
sleep 60 >/dev/null 2>&1 & p=$!; kill -9 $PPID; wait"#;
    for (v, sig) in [
        ("RTMIN+4294967297", "35\n"),
        ("RTMAX-4294967297", "63\n"),
        ("RT4294967298", "36\n"),
    ] {
        let arg = format!("--kill-child={v}");
        let run_with = |tool: &str| {
            let mut argv = vec!["/usr/bin/timeout", "20", tool];
            if tool == rns_bin() {
                argv.push("unshare");
            }
            argv.extend(["--fork", &arg, "/bin/sh", "-c", script]);
            u.run(&argv).stdout
        };
        assert_eq!(run_with("/usr/bin/unshare"), sig, "util-linux, {v}");
        assert_eq!(run_with(rns_bin()), sig, "rns, {v}");
    }
}

/// A release build wrapped `-N 2^128 - 1` to -1 and dropped the option
/// ("no namespace specified"); util-linux's answer (newest, the installed
/// 2.38.1 has no -N) is written here.
#[test]
fn nsenter_socket_fd_past_128_bits_is_a_range_error() {
    let Some(u) = Test::new().as_user().ready() else {
        return;
    };
    let fd = "340282366920938463463374607431768211455";
    let o = u.run(&[rns_bin(), "nsenter", "-N", fd, "-t", "1", "true"]);
    let want = format!(
        "nsenter: failed to parse file descriptor: '{fd}': Numerical result out of range\n"
    );
    assert_eq!((o.stderr.as_str(), o.code), (want.as_str(), 1), "{o:?}");
}

/// util-linux keeps `-N`'s 64-bit value in an int: -4294967295 is fd 1,
/// the most negative 64-bit number fd 0 (newest util-linux's behaviour,
/// written here). The target's fd is not a socket either way.
#[test]
fn nsenter_socket_fd_is_kept_in_an_int() {
    if !Test::new().root().ok() {
        return;
    }
    let mut target = cmd("/bin/sleep")
        .arg("600")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = target.id().to_string();
    let nsenter = |fd: &str| rns("nsenter", &["-N", fd, "-t", &pid, "true"]);
    for (alias, fd) in [("-4294967295", "1"), ("-9223372036854775808", "0")] {
        let (a, b) = (nsenter(alias), nsenter(fd));
        assert_eq!(a, b, "-N {alias} is -N {fd}");
        assert!(a.stderr.contains("SIOCGSKNS") && a.code == 1, "{a:?}");
    }
    let _ = target.kill();
    let _ = target.wait();
}

/// `ip -rcvbuf` is iproute2's get_unsigned: strtoul, so a minus sign
/// negates modulo 2^64 and `-18446744073709551615` is 1.
#[test]
fn netns_rcvbuf_reads_numbers_as_ip_does() {
    let Some(u) = Test::new().tool("/usr/sbin/ip").as_user().ready() else {
        return;
    };
    for v in [
        "-18446744073709551615",
        "-0xffffffffffffffff",
        "-1",
        "4294967295",
        "4294967296",
        "18446744073709551616",
        MOST_NEGATIVE_128,
        "08",
        " 010",
    ] {
        let o = u.run(&[rns_bin(), "netns", "-rcvbuf", v, "list"]);
        let h = u.run(&["/usr/sbin/ip", "-rcvbuf", v, "netns", "list"]);
        // (stdout is the host's /run/netns, which is not this test's.)
        assert_eq!((o.stderr, o.code), (h.stderr, h.code), "-rcvbuf {v}");
    }
}
