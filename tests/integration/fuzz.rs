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

/// `rns APPLET ARGS` as the unprivileged user, bounded in time.
fn as_nobody(applet: &str, args: &[OsString]) -> Out {
    let mut full = vec!["/usr/bin/timeout", "-k", "5", "30"];
    full.extend(as_user());
    run(cmd(full[0])
        .args(&full[1..])
        .arg(rns_bin())
        .arg(applet)
        .args(args)
        .current_dir("/"))
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

fn ready() -> bool {
    need_tool("/usr/bin/setpriv") && need_tool("/usr/bin/timeout")
}

/// Programs that change nothing, and some that do not exist (127) or cannot
/// be run (126).
const PROGRAMS: &[&str] = &["true", "/bin/true", "/nonexistent", "/", "no-such-program"];

#[test]
fn unshare_random_argv_from_its_flag_table() {
    if !ready() {
        return;
    }
    let failed = campaign("unshare", 0x5eed_0001, 250, PROGRAMS, &[0, 1, 126, 127]);
    // The generator must reach both outcomes, or it tests nothing.
    assert!((25..=245).contains(&failed), "{failed} of 250 failed");
    extra_campaign("unshare", PROGRAMS, &[0, 1, 126, 127]);
}

#[test]
fn nsenter_random_argv_from_its_flag_table() {
    if !ready() {
        return;
    }
    let failed = campaign("nsenter", 0x5eed_0002, 250, PROGRAMS, &[0, 1, 126, 127]);
    assert!((25..=245).contains(&failed), "{failed} of 250 failed");
    extra_campaign("nsenter", PROGRAMS, &[0, 1, 126, 127]);
}

#[test]
fn veth_random_argv_from_its_flag_table() {
    if !ready() {
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
    if !need_root() || !need_tool("/usr/sbin/ip") {
        return;
    }
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
    let script = r#"mount -t tmpfs rns-fuzz /run && ip netns add A &&
ip link add ex0 type veth peer name ex1 || exit 1
for f in "$D"/????; do
  xargs -0 -a "$f" sh -c '"$RNS" veth "$@" >/dev/null 2>"$0.err"; echo $? >"$0.rc"' "$f"
done; echo done; ip -o link; ip -n A -o link"#;
    let o = run(cmd("/usr/bin/timeout")
        .args(["-k", "5", "120", "/usr/bin/unshare"])
        .args(["--net", "--mount", "--propagation", "private"])
        .args(["--pid", "--fork", "--mount-proc", "/bin/sh", "-c", script])
        .env("RNS", rns_bin())
        .env("D", &dir)
        .current_dir(&dir));
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
