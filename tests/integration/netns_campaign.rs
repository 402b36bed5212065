//! The `rns netns` part of the reliability campaign (issue 7): random argv
//! (as root and as nobody) and random batch files (deterministic xorshift,
//! bounded; `RNS_FUZZ_SEED`/`RNS_FUZZ_ROUNDS` for longer runs by hand),
//! names that try to leave /run/netns (also with `-all` and `-n`), and
//! what `exec` passes on to the program (fds, signal mask, ignored set).
//! SIGKILL spread over add/del and into attach/set/`-all delete` is in
//! netns_crash.rs.
//!
//! The random runs happen as root inside a sandbox with its own net, mount
//! and pid namespaces (so a PID or `/proc/1/ns/net` names nothing of the
//! host) and tmpfs on /run and /tmp; programs are found only in a directory
//! holding `true` and `false`. After every run, nothing may exist outside
//! /run/netns that was not there before (/, /run, /tmp, /etc, the working
//! directory, the mount table), and every entry of /run/netns must be a
//! live nsfs mount. The same argv/batch files then run with the host's `ip`
//! in a fresh sandbox: statuses (argv) and whole transcripts (batch) must
//! agree, except for the deviations rns makes on purpose, each named.

use crate::common::*;
use crate::fuzz::Rng;
use crate::netns::netns;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};

/// Sets the sandbox up, then runs every `$D/NNNN` file (NUL-separated
/// argv) with `$TOOL` (stdin `$D/NNNN.in` or /dev/null, as `$AS` when
/// set), recording `.out`, `.err`, `.rc` and (when `$CHECK`) `.state`
/// next to it; `$D/base.state` is the state before any run.
const FUZZ_SCRIPT: &str = r#"
mount -t tmpfs rns-fz /run && mount -t tmpfs rns-fz /tmp &&
mkdir /tmp/bin /tmp/cwd && ln -s /bin/true /bin/false /tmp/bin/ &&
printf 'netns add b1\nnetns list\nnetns del b1\n' > /tmp/batch1 &&
printf 'netns add b2\nnetns add b2\nnetns del b2\n' > /tmp/batch2 &&
/usr/sbin/ip netns add fzbase && /usr/sbin/ip netns del fzbase || exit 9
if [ -n "$AS" ]; then /usr/sbin/ip netns add n1 && /usr/sbin/ip netns add n2 || exit 9; fi
state() {
  ls -a / /run /tmp /etc /tmp/cwd 2>&1
  if [ -n "$AS" ]; then ls -a /run/netns; fi
  awk '$5 !~ "^/run/netns/" {print $5}' /proc/self/mountinfo
  for e in /run/netns/* /run/netns/.[!.]* /run/netns/..?*; do
    if [ -e "$e" ] || [ -L "$e" ]; then
      t=$(stat -f -c %T "$e"); [ "$t" = nsfs ] || echo "not a namespace: $e ($t)"
    fi
  done
}
state > "$D/base.state"
cd /tmp/cwd || exit 9
for f in "$D"/[0-9][0-9][0-9][0-9]; do
  xargs -0 -a "$f" sh -c 'i=/dev/null; [ -e "$0.in" ] && i="$0.in"
    PATH=/tmp/bin /usr/bin/timeout -s KILL 10 $AS "$TOOL" "$@" <"$i" >"$0.out" 2>"$0.err"; echo $? >"$0.rc"' "$f"
  if [ -n "$CHECK" ]; then state > "$f.state"; fi
  if [ -n "$RESET" ]; then /usr/sbin/ip -all netns del; fi
done
echo done
"#;

/// Runs the files in `dir` with `tool` (rns, or ip), `check`ing the state.
fn run_files(dir: &Path, tool: &str, check: bool, reset: bool) {
    run_files_as(dir, tool, check, reset, false)
}

/// The same, as the unprivileged user when `nobody` (in a store holding
/// two namespaces, n1 and n2, whose listing is then part of the state).
fn run_files_as(dir: &Path, tool: &str, check: bool, reset: bool, nobody: bool) {
    let as_nobody = if nobody {
        as_user().join(" ")
    } else {
        String::new()
    };
    let o = Test::new()
        .timeout(120)
        .mount_ns()
        .net_ns()
        .pid_ns(true)
        .env("TOOL", tool)
        .env("D", dir)
        .env("CHECK", if check { "1" } else { "" })
        .env("RESET", if reset { "1" } else { "" })
        .env("AS", as_nobody)
        .sh(FUZZ_SCRIPT);
    assert_eq!(o.stdout, "done\n", "{tool}: {o:?}");
}

/// One run's outcome, read back from the files.
fn outcome(dir: &Path, round: usize) -> Out {
    let f = dir.join(format!("{round:04}"));
    let read = |ext: &str| {
        let b = std::fs::read(f.with_extension(ext)).unwrap_or_default();
        String::from_utf8_lossy(&b).into_owned()
    };
    Out {
        stdout: read("out"),
        stderr: read("err"),
        code: read("rc").trim().parse().expect("a status"),
    }
}

fn write_argv(dir: &Path, round: usize, args: &[Vec<u8>]) {
    let mut file = Vec::new();
    for a in args {
        file.extend_from_slice(a);
        file.push(0);
    }
    std::fs::write(dir.join(format!("{round:04}")), file).unwrap();
}

fn fresh_dir(what: &str) -> PathBuf {
    let dir = shared_tmp().to_path_buf().join(unique(what));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Names: a few valid ones (so add/del/exec meet), odd but valid bytes,
/// and every way out of /run/netns.
fn name(rng: &mut Rng) -> Vec<u8> {
    const VALID: &[&[u8]] = &[
        b"n1",
        b"n2",
        b"n3",
        b"-x",
        b"a\nb",
        b"\xff\xfe",
        b"1",
        b"n 1",
    ];
    const INVALID: &[&[u8]] = &[
        b"",
        b".",
        b"..",
        b"../x",
        b"a/b",
        b"/",
        b"../../tmp/rnsfz",
        b"..\n",
        b"/proc/1/ns/net",
    ];
    match rng.below(10) {
        0..=5 => rng.pick(VALID).to_vec(),
        6 => vec![b'l'; 255],
        7 => vec![b'y'; 256 + rng.below(50)],
        _ => rng.pick(INVALID).to_vec(),
    }
}

/// Numbers as PIDs and nsids. PIDs other than 1 name no live process in
/// the sandbox's pid namespace, whatever ran before.
const NUMBERS: &[&str] = &[
    "-1",
    "0",
    "1",
    "7",
    "99999",
    "2147483647",
    "2147483648",
    "4294967296",
    "auto",
    "0x10",
    "010",
    "08",
    "abc",
    "",
    "+5",
    " 5",
    "nsid",
    "target-nsid",
];

const JUNK: &[u8] = b"-=:,/. x0\xff\xfe\xc3\xa0\x80\x01\x7f\t\n\"'#\\";

fn junk(rng: &mut Rng) -> Vec<u8> {
    (0..rng.below(7)).map(|_| rng.pick(JUNK)).collect()
}

/// `monitor` never ends by itself: the generator leaves it out.
fn words() -> Vec<&'static str> {
    rns::applet::netns::WORDS
        .iter()
        .copied()
        .filter(|w| !w.starts_with('m'))
        .collect()
}

/// A global option from rns's table or ip's others, with its value;
/// true when its value is left out (it must then be the last word).
fn global(rng: &mut Rng) -> (Vec<Vec<u8>>, bool) {
    let docs = rns::applet::netns::flag_docs();
    let f = rng.pick(&docs);
    if rng.one_in(4) {
        let others: &[&[&str]] = &[
            &["-4"],
            &["-d"],
            &["-s"],
            &["-o"],
            &["-br"],
            &["-c"],
            &["-color=never"],
            &["-V"],
            &["-help"],
            &["-bogus"],
            &["-l", "2"],
            &["-f", "inet"],
            &["-f", "bogus"],
            &["-rc", "100"],
            &["-rc", "-1"],
        ];
        let o = rng
            .pick(others)
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        return (o, false);
    }
    let opt = match rng.below(4) {
        0 => format!("--{}", f.long),
        1 => match f.short {
            Some(c) => format!("-{c}"),
            None => format!("-{}", f.long),
        },
        2 => format!("-{}", &f.long[..1 + rng.below(f.long.len())]),
        _ => format!("-{}", f.long),
    };
    // `-f` is ip's -family (first match), not -force.
    if opt.trim_start_matches('-') == "f" {
        return (vec![opt.into_bytes(), b"inet".to_vec()], false);
    }
    if f.value.is_empty() {
        return (vec![opt.into_bytes()], false);
    }
    if rng.one_in(8) {
        return (vec![opt.into_bytes()], true);
    }
    let value = if f.long == "batch" {
        let files = [
            "/tmp/batch1",
            "/tmp/batch2",
            "-",
            "/nonexistent",
            "/dev/null",
            "/",
            "",
        ];
        rng.pick(&files).as_bytes().to_vec()
    } else {
        name(rng)
    };
    (vec![opt.into_bytes(), value], false)
}

/// A random argv: (globals, rest, dangling). rns gets `netns globals
/// rest`, ip `globals netns rest`; with a dangling option (no value, and
/// nothing after it) the two differ, so they are not compared.
fn argv(rng: &mut Rng) -> (Vec<Vec<u8>>, Vec<Vec<u8>>, bool) {
    let mut globals = Vec::new();
    for _ in 0..rng.below(3) {
        let (g, dangling) = global(rng);
        globals.extend(g);
        if dangling {
            return (globals, Vec::new(), true);
        }
    }
    let mut rest: Vec<Vec<u8>> = Vec::new();
    if rng.one_in(12) {
        return (globals, rest, false);
    }
    let w = rng.pick(&words());
    let word = match rng.below(8) {
        0 => w[..1 + rng.below(w.len())].to_string().into_bytes(),
        1 => {
            // Not `m` (monitor), and not `-` (rns would read a global
            // option where ip, given `netns` before it, reads a word).
            let mut j = junk(rng);
            j.retain(|&c| c != b'm');
            if j.first() == Some(&b'-') {
                j[0] = b'x';
            }
            j
        }
        _ => w.as_bytes().to_vec(),
    };
    let exec = !word.is_empty() && b"exec".starts_with(&word);
    rest.push(word);
    if exec && !rng.one_in(5) {
        if !rng.one_in(3) {
            rest.push(name(rng));
        }
        rest.push(rng.pick(&[&b"true"[..], b"false"]).to_vec());
    }
    for _ in 0..rng.below(4) {
        rest.push(match rng.below(6) {
            0 | 1 => name(rng),
            2 | 3 => rng.pick(NUMBERS).as_bytes().to_vec(),
            4 => rng.pick(&words()).as_bytes().to_vec(),
            _ => junk(rng),
        });
    }
    (globals, rest, false)
}

/// A state listing (names may hold any bytes).
fn read_state(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

/// What differs between two state listings, for the failure message.
fn changes(base: &str, now: &str) -> String {
    let (b, n): (Vec<&str>, Vec<&str>) = (base.lines().collect(), now.lines().collect());
    let gone: Vec<_> = b.iter().filter(|l| !n.contains(l)).collect();
    let new: Vec<_> = n.iter().filter(|l| !b.contains(l)).collect();
    format!("the state changed outside /run/netns: new {new:?}, gone {gone:?}")
}

/// `RNS_FUZZ_SEED` replaces the fixed seed for campaigns by hand.
fn seed(fixed: u64) -> u64 {
    std::env::var("RNS_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(fixed, |s| s.max(1) ^ fixed)
}

#[track_caller]
fn no_panic(ctx: &str, o: &Out) {
    for bad in ["panicked", "RUST_BACKTRACE", "(os error"] {
        assert!(!o.stderr.contains(bad), "{bad}: {ctx}");
    }
}

/// The subcommand a word means (ip's first match), if any.
fn resolve(word: &[u8]) -> Option<&'static str> {
    let w = rns::applet::netns::WORDS;
    w.iter()
        .copied()
        .find(|full| !word.is_empty() && full.as_bytes().starts_with(word))
}

/// The deviations from ip that rns makes on purpose, for one argv.
fn deliberate(globals: &[Vec<u8>], rest: &[Vec<u8>], ours: i32) -> Option<&'static str> {
    let all = globals.iter().any(|g| {
        let g = g
            .strip_prefix(b"-")
            .filter(|g| g.starts_with(b"-"))
            .unwrap_or(g);
        g.len() >= 2 && b"-all".starts_with(g)
    });
    let cmd = resolve(rest.first().map(Vec::as_slice).unwrap_or_default());
    let name = rest.get(1).map(|n| OsString::from_vec(n.clone()));
    let bad_name = name.as_ref().is_some_and(|n| rns::netns::invalid_name(n));
    if all && bad_name && matches!(cmd, Some("add" | "attach")) && ours == 255 {
        return Some("-all add/attach with a name that leaves /run/netns");
    }
    // Upstream after v7.1.0: `set` of an integer naming no entry is a PID.
    let number = name.is_some_and(|n| rns::applet::netns::strtol0(n.as_encoded_bytes()).is_some());
    if cmd == Some("set") && number {
        return Some("set with an integer as NAME (a PID upstream)");
    }
    None
}

#[test]
fn random_argv_never_panics_and_never_escapes_run_netns() {
    if !Test::new().root().tool("/usr/sbin/ip").ok() {
        return;
    }
    let (ours_dir, ip_dir) = (fresh_dir("netns-fz-rns"), fresh_dir("netns-fz-ip"));
    let mut rng = Rng(seed(0x5eed_0105));
    let extra = std::env::var("RNS_FUZZ_ROUNDS").map_or(0, |v| v.parse().unwrap_or(0));
    let rounds = 250 + extra.min(5000);
    let mut all = Vec::new();
    for round in 0..rounds {
        let (globals, rest, dangling) = argv(&mut rng);
        let mut ours = vec![b"netns".to_vec()];
        ours.extend(globals.iter().cloned());
        ours.extend(rest.iter().cloned());
        let mut theirs = globals.clone();
        theirs.push(b"netns".to_vec());
        theirs.extend(rest.iter().cloned());
        write_argv(&ours_dir, round, &ours);
        write_argv(&ip_dir, round, &theirs);
        all.push((globals, rest, dangling));
    }
    run_files(&ours_dir, rns_bin(), true, false);
    run_files(&ip_dir, "/usr/sbin/ip", true, false);
    let base = read_state(&ours_dir.join("base.state"));
    assert!(base.contains("\nnetns\n"), "{base}");
    assert_eq!(read_state(&ip_dir.join("base.state")), base);
    // ip's store stops being comparable once ip has left something rns
    // does not (a stale entry from `-n X add Y`, a name outside
    // /run/netns from `-all add ../x`): statuses are compared up to there.
    let mut compared = 0;
    let mut ip_diverged = false;
    let mut counts = std::collections::BTreeMap::new();
    let mut deviations = std::collections::BTreeMap::new();
    let mut mismatches = Vec::new();
    for (round, (globals, rest, dangling)) in all.iter().enumerate() {
        let o = outcome(&ours_dir, round);
        let ip = outcome(&ip_dir, round);
        let shown: Vec<String> = globals
            .iter()
            .chain(rest)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let ctx = format!("round {round}: {shown:?}: {o:?}");
        no_panic(&ctx, &o);
        assert!([0, 1, 2, 255].contains(&o.code), "status: {ctx}");
        let state = read_state(&ours_dir.join(format!("{round:04}.state")));
        assert!(state == base, "{}: {ctx}", changes(&base, &state));
        *counts.entry(o.code).or_insert(0) += 1;
        if ip_diverged {
            continue;
        }
        compared += 1;
        if o.code != ip.code && !dangling {
            match deliberate(globals, rest, o.code) {
                Some(why) => *deviations.entry(why).or_insert(0) += 1,
                None => mismatches.push(format!("{ctx}\n    ip: {ip:?}")),
            }
        }
        let ip_state = read_state(&ip_dir.join(format!("{round:04}.state")));
        ip_diverged = ip_state != base;
    }
    eprintln!(
        "netns argv: statuses {counts:?}, compared with ip: {compared} of {rounds}, \
         deliberate deviations {deviations:?}"
    );
    assert!(compared >= rounds.min(200), "only {compared} compared");
    assert!(
        mismatches.is_empty(),
        "rns and ip differ:\n{}",
        mismatches.join("\n")
    );
    // The generator must reach success, failure, kernel refusals and usage.
    for code in [0, 1, 255] {
        assert!(counts.get(&code).copied().unwrap_or(0) >= 5, "{counts:?}");
    }
    if std::env::var_os("RNS_FUZZ_SHOW").is_none() {
        let _ = std::fs::remove_dir_all(&ours_dir);
        let _ = std::fs::remove_dir_all(&ip_dir);
    }
}

#[test]
fn random_argv_as_nobody_changes_nothing() {
    if !Test::new()
        .root()
        .tool("/usr/sbin/ip")
        .tool("/usr/bin/setpriv")
        .ok()
    {
        return;
    }
    // Nothing runs with privileges the caller did not have (issue 7): as
    // nobody, no run may change anything, /run/netns included, and ip
    // must agree on every status.
    let (ours_dir, ip_dir) = (fresh_dir("netns-fzu-rns"), fresh_dir("netns-fzu-ip"));
    let mut rng = Rng(seed(0x5eed_0107));
    let rounds = 120;
    let mut all = Vec::new();
    for round in 0..rounds {
        let (globals, rest, dangling) = argv(&mut rng);
        let mut ours = vec![b"netns".to_vec()];
        ours.extend(globals.iter().cloned());
        ours.extend(rest.iter().cloned());
        let mut theirs = globals.clone();
        theirs.push(b"netns".to_vec());
        theirs.extend(rest.iter().cloned());
        write_argv(&ours_dir, round, &ours);
        write_argv(&ip_dir, round, &theirs);
        all.push((globals, rest, dangling));
    }
    run_files_as(&ours_dir, rns_bin(), true, false, true);
    run_files_as(&ip_dir, "/usr/sbin/ip", false, false, true);
    let base = read_state(&ours_dir.join("base.state"));
    assert!(
        base.contains("\nn1\nn2\n") || base.contains("\nn2\nn1\n"),
        "{base}"
    );
    let mut counts = std::collections::BTreeMap::new();
    let mut mismatches = Vec::new();
    for (round, (globals, rest, dangling)) in all.iter().enumerate() {
        let o = outcome(&ours_dir, round);
        let ip = outcome(&ip_dir, round);
        let ctx = format!("round {round}: {globals:?} {rest:?}: {o:?}");
        no_panic(&ctx, &o);
        assert!([0, 1, 2, 255].contains(&o.code), "status: {ctx}");
        let state = read_state(&ours_dir.join(format!("{round:04}.state")));
        assert!(state == base, "{}: {ctx}", changes(&base, &state));
        *counts.entry(o.code).or_insert(0) += 1;
        if o.code != ip.code && !dangling && deliberate(globals, rest, o.code).is_none() {
            mismatches.push(format!("{ctx}\n    ip: {ip:?}"));
        }
    }
    eprintln!("netns argv as nobody: statuses {counts:?}");
    assert!(
        mismatches.is_empty(),
        "rns and ip differ:\n{}",
        mismatches.join("\n")
    );
    for code in [0, 1, 255] {
        assert!(counts.get(&code).copied().unwrap_or(0) >= 5, "{counts:?}");
    }
    if std::env::var_os("RNS_FUZZ_SHOW").is_none() {
        let _ = std::fs::remove_dir_all(&ours_dir);
        let _ = std::fs::remove_dir_all(&ip_dir);
    }
}

// ------------------------------------------------------------ batch files

/// A name as a batch line writes it (quoted sometimes).
fn batch_name(rng: &mut Rng) -> &'static str {
    if rng.one_in(6) {
        // An invalid name ends the batch (ip's exit(-1)).
        return rng.pick(&["../x", "..", "\"\"", "a/b"]);
    }
    rng.pick(&["n1", "n2", "n3", "\"n 1\"", "'q'", "-x"])
}

/// One batch line (or two, joined by a backslash) that ip and rns must
/// treat alike: `netns` commands only, no exec and no set (6.1.0 differs
/// from upstream there, see netns.rs), comments, blanks, quotes, junk.
fn batch_line(rng: &mut Rng) -> Vec<u8> {
    let line = match rng.below(13) {
        0 | 1 => format!("netns add {}", batch_name(rng)),
        2 => format!("netns del {}", batch_name(rng)),
        3 => rng
            .pick(&[
                "netns list",
                "netns",
                "net show",
                "netns lst",
                "netns -j list",
            ])
            .to_string(),
        4 => rng
            .pick(&[
                "netns identify",
                "netns identify 1",
                "netns identify abc",
                "netns pids n1",
                "netns pids",
            ])
            .to_string(),
        5 => rng
            .pick(&[
                "netns list-id",
                "netns list-id nsid 5",
                "netns list-id foo",
                "netns attach n2 1",
                "netns attach n2 abc",
                "netns add",
                "netns help",
                "netns foo",
            ])
            .to_string(),
        6 => rng
            .pick(&["# comment", "netns list # trailing", "  # indented", "#"])
            .to_string(),
        7 => rng
            .pick(&[
                "netns \\\nadd n3",
                "netns add \\\n  n2",
                "netns del n3 \\\n# c\n",
                "\\",
            ])
            .to_string(),
        8 => rng.pick(&["", "   ", "\t", " \t "]).to_string(),
        9 => rng
            .pick(&[
                "netns add \"n 2\"",
                "netns del 'n 2'",
                "netns add \"unterminated",
                "netns add 'a\"b'",
                "\"netns\" list",
                "netns add \"\"",
            ])
            .to_string(),
        _ => {
            let mut j = junk(rng);
            j.retain(|&c| c != b'\n');
            let mut l = rng
                .pick(&[&b"netns "[..], b"zz", b"netns add n1 "])
                .to_vec();
            l.extend(j);
            return l;
        }
    };
    line.into_bytes()
}

/// Lines only rns runs (ip would do other things or 6.1.0 differs).
fn rns_only_line(rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(2) {
        return batch_line(rng);
    }
    rng.pick(&[
        "netns exec n1 true",
        "netns exec n1 false",
        "netns exec n9 true",
        "netns exec ../x true",
        "netns set n1 5",
        "netns set n9 auto",
        "netns set n1 -1",
        "link show",
        "l",
        "netns -n",
    ])
    .as_bytes()
    .to_vec()
}

fn batch_file(rng: &mut Rng, line: fn(&mut Rng) -> Vec<u8>) -> Vec<u8> {
    let mut f = Vec::new();
    for _ in 0..1 + rng.below(10) {
        f.extend(line(rng));
        f.push(b'\n');
    }
    if rng.one_in(5) {
        f.pop();
    }
    f
}

/// `Command failed FILE:N` lines name the file as given and a line of it.
#[track_caller]
fn failed_lines_are_ips(ctx: &str, o: &Out, shown: &str, lines: usize) {
    for l in o
        .stderr
        .lines()
        .filter(|l| l.starts_with("Command failed "))
    {
        let n = l
            .strip_prefix(&format!("Command failed {shown}:"))
            .and_then(|n| n.parse::<usize>().ok());
        assert!(n.is_some_and(|n| (1..=lines).contains(&n)), "{l:?}: {ctx}");
    }
}

#[test]
fn random_batch_files_match_ip_and_never_panic() {
    if !Test::new().root().tool("/usr/sbin/ip").ok() {
        return;
    }
    let (ours_dir, ip_dir) = (fresh_dir("netns-bz-rns"), fresh_dir("netns-bz-ip"));
    let mut rng = Rng(seed(0x5eed_0106));
    // Fixed files first, then random ones; the last ones for rns alone.
    let many = format!("netns list{}\nnetns list\n", " x".repeat(600));
    let fixed: &[&[u8]] = &[
        b"netns add n1\nnetns add n1\nnetns list\nnetns del n1\n",
        b"# only a comment\n\n   \nnetns list # and one here\n",
        b"netns add \"n 1\"\nnetns \\\nlist\nnetns del 'n 1'\nnetns add \"x\n",
        b"netns add n2\nnetns foo\nnetns add n3\n",
        b"zz\nnetns add ../x\nnetns add n3\nnetns identify\nnetns pids n3",
        b"netns add n1 \\",
        b"netns list\n\\\n",
        b"netns del n9\nnetns list\n\\\n",
        many.as_bytes(),
    ];
    let (compared, total) = (60, 80);
    let modes: &[&[&str]] = &[
        &["-b"],
        &["-force", "-b"],
        &["-batch"],
        &["-force", "-batch"],
    ];
    let mut runs = Vec::new();
    for round in 0..total {
        let data = match fixed.get(round / 2) {
            Some(f) => f.to_vec(),
            None if round < compared => batch_file(&mut rng, batch_line),
            None => batch_file(&mut rng, rns_only_line),
        };
        let file = ours_dir.join(format!("{round:04}.batch"));
        std::fs::write(&file, &data).unwrap();
        let stdin = rng.one_in(2);
        let shown = if stdin {
            for d in [&ours_dir, &ip_dir] {
                std::fs::write(d.join(format!("{round:04}.in")), &data).unwrap();
            }
            "-".to_string()
        } else {
            file.to_string_lossy().into_owned()
        };
        let mut args: Vec<Vec<u8>> = modes[round % 4]
            .iter()
            .map(|m| m.as_bytes().to_vec())
            .collect();
        args.push(shown.clone().into_bytes());
        let mut ours = vec![b"netns".to_vec()];
        ours.extend(args.iter().cloned());
        write_argv(&ours_dir, round, &ours);
        write_argv(&ip_dir, round, &args);
        let lines = data.split(|&c| c == b'\n').count();
        runs.push((data, shown, lines));
    }
    run_files(&ours_dir, rns_bin(), true, true);
    run_files(&ip_dir, "/usr/sbin/ip", false, true);
    let base = read_state(&ours_dir.join("base.state"));
    let mut codes = std::collections::BTreeMap::new();
    for (round, (data, shown, lines)) in runs.iter().enumerate() {
        let o = outcome(&ours_dir, round);
        let ctx = format!("file {round} ({:?}): {o:?}", String::from_utf8_lossy(data));
        no_panic(&ctx, &o);
        assert!([0, 1, 255].contains(&o.code), "status: {ctx}");
        failed_lines_are_ips(&ctx, &o, shown, *lines);
        let state = read_state(&ours_dir.join(format!("{round:04}.state")));
        assert!(state == base, "{}: {ctx}", changes(&base, &state));
        if round < compared {
            assert_eq!(o, outcome(&ip_dir, round), "rns (left) vs ip: {ctx}");
        }
        *codes.entry(o.code).or_insert(0) += 1;
    }
    eprintln!("netns batch: statuses {codes:?}");
    for code in [0, 1, 255] {
        assert!(codes.get(&code).copied().unwrap_or(0) >= 3, "{codes:?}");
    }
    if std::env::var_os("RNS_FUZZ_SHOW").is_none() {
        let _ = std::fs::remove_dir_all(&ours_dir);
        let _ = std::fs::remove_dir_all(&ip_dir);
    }
}

// ------------------------------------------------------------- odd names

/// Lists of everything a name could reach outside /run/netns, into
/// /tmp/snap/NAME (made before the first one, so it lists itself).
const SNAP_FN: &str = r#"mkdir -p /tmp/snap /tmp/cwd; cd /tmp/cwd
snap() { ls -a / /run /tmp /etc /tmp/cwd /run/netns > "/tmp/snap/$1" 2>&1; grep -v ' /run/netns/' /proc/self/mountinfo | cut -d' ' -f5 >> "/tmp/snap/$1"; }
"#;

#[test]
fn names_with_odd_bytes_never_leave_run_netns() {
    let Some(t) = netns().ready() else {
        return;
    };
    let y256 = "y".repeat(256);
    let l255 = "l".repeat(255);
    let o = t.same(&format!(
        r#"{SNAP_FN}
n add rrefbase; n del rrefbase; snap before
n add ../x; r; n add a/b; r; n add ..; r; n add .; r; n add ''; r; n add /; r
n add ../../tmp/rrefesc; r; n add "$(printf '../x\nb')"; r; n add {y256}; r
n -n ../x list; r; n -n .. list; r; n -n ../../tmp/rrefesc list; r
n exec ../x true; r; n exec .. true; r; n pids ../x; r; n pids ..; r
n set ../x 1; r; n set .. auto; r; n attach ../x $$; r; n attach .. $$; r
n del ../x; r; n del ..; r; n identify ../x; r; n list-id ../x; r
snap after; cmp /tmp/snap/before /tmp/snap/after && echo unchanged1
n add "$(printf 'nl\nname')"; r; n add "$(printf 'bad\377\001')"; r; n add {l255}; r
n add -rrefdash; r; n list; r
n del "$(printf 'nl\nname')"; r; n del "$(printf 'bad\377\001')"; r; n del {l255}; r
n del -rrefdash; r; snap end; cmp /tmp/snap/before /tmp/snap/end && echo unchanged2
"#
    ));
    // Both ran to the end, and nothing was left anywhere.
    assert!(o.stdout.contains("rc=255\nunchanged1\n"), "{o:?}");
    assert!(
        o.stdout.ends_with("rc=0\nrc=0\nrc=0\nrc=0\nunchanged2\n"),
        "{o:?}"
    );
    assert!(o.stderr.contains("Invalid netns name \"../x\"\n"), "{o:?}");
}

#[test]
fn with_all_a_name_still_never_leaves_run_netns() {
    let Some(t) = netns().ready() else {
        return;
    };
    // ip -all skips the name check and creates /run/x and /tmp/rrefesc
    // with a namespace bound on them (6.1.0 and upstream): rns refuses.
    let body = format!(
        r#"{SNAP_FN}
snap before
n -all add ../x; r; n -all attach ../y $$; r; n -all add ../../tmp/rrefesc; r
printf 'netns add ../z\n' > /tmp/snap/b; n -all -b /tmp/snap/b; r
snap after; cmp /tmp/snap/before /tmp/snap/after; r"#
    );
    let (ours, theirs) = t.both(&body);
    assert_eq!(
        ours.stdout, "rc=255\nrc=255\nrc=255\nrc=255\nrc=0\n",
        "{ours:?}"
    );
    assert_eq!(
        ours.stderr,
        "Invalid netns name \"../x\"\nInvalid netns name \"../y\"\n\
         Invalid netns name \"../../tmp/rrefesc\"\nInvalid netns name \"../z\"\n",
    );
    // What ip does there (measured on 6.1.0), so the test shows the hole.
    assert!(
        theirs.stdout.starts_with("rc=0\nrc=0\nrc=0\n"),
        "{theirs:?}"
    );
    assert!(!theirs.stdout.ends_with("rc=0\n"), "{theirs:?}");
}

#[test]
fn add_under_dash_n_is_a_live_entry_for_the_caller() {
    let Some(t) = netns().ready() else {
        return;
    };
    // `-n X` runs in a mount namespace whose / is a slave: ip binds the new
    // namespace there and the caller keeps an empty file (found by the
    // argv fuzz, seed 3). rns adds from the caller's mount namespace and
    // comes back (a batch goes on in X, in the same working directory).
    let body = r#"mkdir /tmp/wd; cd /tmp/wd
n add rrefX; n -n rrefX add rrefY; r; n -n rrefX attach rrefZ $$; r
stat -f -c %T /run/netns/rrefY /run/netns/rrefZ
printf 'netns add rrefB\nnetns identify\nnetns exec rrefB sh -c "pwd; ip netns identify"\n' > /tmp/b
n -n rrefX -b /tmp/b; r; stat -f -c %T /run/netns/rrefB
m | grep -c ' - nsfs '"#;
    let (ours, theirs) = t.both(body);
    assert_eq!(
        ours.stdout, "rc=0\nrc=0\nnsfs\nnsfs\nrrefX\n/tmp/wd\nrrefB\nrc=0\nnsfs\n4\n",
        "{ours:?}"
    );
    assert_eq!(ours.stderr, "");
    assert_eq!(
        theirs.stdout, "rc=0\nrc=0\ntmpfs\ntmpfs\nrrefX\n/tmp/wd\nrrefB\nrc=0\ntmpfs\n1\n",
        "ip 6.1.0: {theirs:?}"
    );
}

// ------------------------------------------------------------- fd hygiene

#[test]
fn exec_passes_on_exactly_the_callers_fds_and_signal_state() {
    let Some(t) = netns().tool("/usr/bin/perl").ready() else {
        return;
    };
    // As campaign.rs: a caller that blocks SIGUSR1 and ignores SIGUSR2 and
    // SIGPIPE, and one that does not; every exec mode must pass on what
    // the caller has (the probe run directly is the reference).
    let o = t.ours(
        r#"
n add rref1
W() { perl -e 'use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); $SIG{USR2}="IGNORE"; $SIG{PIPE}="IGNORE"; exec @ARGV or die' "$@"; }
for w in "" W; do for p in fds sig; do
  # Programs exec'd directly: a shell would reset the blocked set.
  if [ $p = fds ]; then set -- ls /proc/self/fd; else set -- grep -E '^Sig(Blk|Ign)' /proc/self/status; fi
  printf 'netns exec rref1 %s\n' "$*" > /tmp/b
  $w "$@"; echo --
  $w "$RNS" netns exec rref1 "$@"; echo --
  $w "$RNS" netns -n rref1 exec rref1 "$@"; echo --
  $w "$RNS" netns -all exec "$@" > /tmp/all; sed '/^$/d; /^netns: /d' /tmp/all; echo --
  $w "$RNS" netns -n rref1 -all exec "$@" > /tmp/all; sed '/^$/d; /^netns: /d' /tmp/all; echo --
  $w "$RNS" netns -b /tmp/b; echo --
  $w "$RNS" netns -force -b - < /tmp/b; echo ==
done; done
"#,
    );
    let groups: Vec<&str> = o.stdout.split("==\n").filter(|g| !g.is_empty()).collect();
    assert_eq!(groups.len(), 4, "{o:?}");
    for g in &groups {
        let runs: Vec<&str> = g.split("--\n").collect();
        assert_eq!(runs.len(), 7, "{o:?}");
        assert!(!runs[0].is_empty(), "{o:?}");
        for (i, r) in runs.iter().enumerate() {
            assert_eq!(*r, runs[0], "mode {i} differs from the direct run: {o:?}");
        }
    }
    // The wrapper did change what the program sees.
    assert!(
        groups[1].starts_with("SigBlk:\t0000000000000000\n"),
        "{o:?}"
    );
    assert!(
        groups[3].starts_with("SigBlk:\t0000000000000200\n"),
        "{o:?}"
    );
    assert_ne!(groups[1], groups[3], "{o:?}");
}
