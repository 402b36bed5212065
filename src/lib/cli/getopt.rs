//! glibc `getopt_long` semantics on top of lexopt, for optstrings that start
//! with `+`: options stop at the first operand or `--`; long options may be
//! abbreviated to a unique prefix; optional arguments only as `--opt=VAL` or
//! an attached `-xVAL`; glibc's exact error texts.

use super::{ArgKind, Flag};
use crate::error::{Error, Result};
use lexopt::{Arg, Parser};
use std::ffi::OsString;

/// One option as it appeared on the command line.
pub struct Given<Id> {
    /// The table entry's [`Flag::id`].
    pub id: Id,
    /// Its value, for options that take one and were given one.
    pub value: Option<OsString>,
    /// Given in its short form (`-n/x` rather than `--net=/x`).
    pub short: bool,
}

/// Walk `args` (without `argv[0]`), calling `on` for each option in order, so
/// that a bad value is reported before later options are looked at, exactly
/// as getopt's loop does. Returns the operands (program and its arguments).
/// `ArgKind::Optional` short forms take an attached value (optstring `x::`,
/// nsenter); `ArgKind::LongOptional` ones take none (unshare: `-n/x` is
/// `-n -/ -x`, only `--net=/x` carries a value).
///
/// ```
/// use rns::cli::{getopt, ArgKind, Complete, Flag};
/// use std::ffi::OsString;
///
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// enum Opt { Mount, Net, Help }
/// const FLAGS: &[Flag<Opt>] = &[
///     Flag::new(Opt::Mount, Some('m'), "mount", ArgKind::LongOptional,
///               "[=<file>]", "unshare mounts namespace", 0, Complete::File),
///     Flag::new(Opt::Net, Some('n'), "net", ArgKind::LongOptional,
///               "[=<file>]", "unshare network namespace", 1, Complete::File),
///     Flag::help(Opt::Help, 2),
/// ];
/// let argv = ["--mo", "-n", "--net=/run/x", "ip", "-m", "link"];
/// let args: Vec<OsString> = argv.into_iter().map(OsString::from).collect();
/// let mut seen = Vec::new();
/// let operands = getopt(FLAGS, args, |g| Ok(seen.push((g.id, g.value))))?;
/// let net = Some(OsString::from("/run/x"));
/// assert_eq!(seen, [(Opt::Mount, None), (Opt::Net, None), (Opt::Net, net)]);
/// // Options stop at the first operand (optstring `+`): no permuting.
/// assert_eq!(operands, ["ip", "-m", "link"]);
/// // glibc's words, without the `PROG: ` prefix.
/// let e = getopt(FLAGS, vec!["-z".into()], |_| Ok(())).unwrap_err();
/// assert_eq!(e.to_string(), "invalid option -- 'z'");
/// # Ok::<(), rns::error::Error>(())
/// ```
pub fn getopt<Id: Copy>(
    table: &[Flag<Id>],
    args: Vec<OsString>,
    mut on: impl FnMut(Given<Id>) -> Result<()>,
) -> Result<Vec<OsString>> {
    let mut p = Parser::from_args(args);
    p.set_short_equals(false);
    loop {
        let arg = match p.next() {
            Ok(Some(a)) => a,
            Ok(None) => return Ok(Vec::new()),
            // Unconsumed `--opt=VAL` is caught below; anything else is ours.
            Err(e) => return Err(Error::Getopt(e.to_string())),
        };
        let given = match arg {
            Arg::Value(v) => {
                let mut rest = vec![v];
                if let Ok(raw) = p.raw_args() {
                    rest.extend(raw);
                }
                return Ok(rest);
            }
            Arg::Short(c) => short(table, &mut p, c)?,
            Arg::Long(name) => {
                let name = name.to_string();
                long(table, &mut p, &name)?
            }
        };
        on(given)?;
    }
}

fn short<Id: Copy>(table: &[Flag<Id>], p: &mut Parser, c: char) -> Result<Given<Id>> {
    let Some(f) = table.iter().find(|f| f.short == Some(c)) else {
        return Err(Error::Getopt(format!("invalid option -- '{c}'")));
    };
    let value = match f.arg {
        ArgKind::NoArg | ArgKind::LongOptional => None,
        ArgKind::Optional => p.optional_value(),
        ArgKind::Required => Some(
            p.value()
                .map_err(|_| Error::Getopt(format!("option requires an argument -- '{c}'")))?,
        ),
    };
    Ok(Given {
        id: f.id,
        value,
        short: true,
    })
}

fn long<Id: Copy>(table: &[Flag<Id>], p: &mut Parser, name: &str) -> Result<Given<Id>> {
    let f = match lookup(table, name) {
        Lookup::Found(f) => f,
        Lookup::Unknown => {
            let shown = with_value(name, p.optional_value());
            return Err(Error::Getopt(format!("unrecognized option '--{shown}'")));
        }
        Lookup::Ambiguous(list) => {
            let shown = with_value(name, p.optional_value());
            let names: Vec<String> = list.iter().map(|n| format!(" '--{n}'")).collect();
            return Err(Error::Getopt(format!(
                "option '--{shown}' is ambiguous; possibilities:{}",
                names.concat()
            )));
        }
    };
    let attached = p.optional_value();
    let value =
        match (f.arg, attached) {
            (ArgKind::NoArg, Some(_)) => {
                return Err(Error::Getopt(format!(
                    "option '--{}' doesn't allow an argument",
                    f.long
                )))
            }
            (ArgKind::NoArg, None) => None,
            (ArgKind::Optional | ArgKind::LongOptional, v) => v,
            (ArgKind::Required, Some(v)) => Some(v),
            (ArgKind::Required, None) => Some(p.value().map_err(|_| {
                Error::Getopt(format!("option '--{}' requires an argument", f.long))
            })?),
        };
    Ok(Given {
        id: f.id,
        value,
        short: false,
    })
}

fn with_value(name: &str, value: Option<OsString>) -> String {
    match value {
        Some(v) => format!("{name}={}", v.to_string_lossy()),
        None => name.to_string(),
    }
}

enum Lookup<'a, Id: 'static> {
    Found(&'a Flag<Id>),
    Unknown,
    Ambiguous(Vec<&'static str>),
}

/// glibc: an exact match wins; else a unique prefix; else ambiguity, listed
/// in `longopts` order (with an empty name that is every option).
/// A short-only option (empty long name) is not in `longopts` at all.
fn lookup<'a, Id>(table: &'a [Flag<Id>], name: &str) -> Lookup<'a, Id> {
    let longs = || table.iter().filter(|f| !f.long.is_empty());
    if let Some(f) = longs().find(|f| f.long == name) {
        return Lookup::Found(f);
    }
    // An empty name (`--=x`) is a prefix of every option, as in glibc.
    let mut hits: Vec<&Flag<Id>> = longs().filter(|f| f.long.starts_with(name)).collect();
    match hits.len() {
        0 => Lookup::Unknown,
        1 => Lookup::Found(hits[0]),
        _ => {
            hits.sort_by_key(|f| f.rank);
            Lookup::Ambiguous(hits.iter().map(|f| f.long).collect())
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::cli::Complete;
    use std::os::unix::ffi::OsStringExt;

    use crate::testing::Rng;

    const fn flag(id: usize, short: Option<char>, long: &'static str, arg: ArgKind) -> Flag<usize> {
        Flag {
            id,
            short,
            long,
            arg,
            value: "",
            help: "",
            section: false,
            same_line: false,
            rank: id as u8,
            complete: Complete::Nothing,
        }
    }

    /// Every argument kind, shared prefixes (`net`/`netns`, `mount`/
    /// `mount-proc`), and long-only options.
    static TABLE: &[Flag<usize>] = &[
        flag(0, Some('n'), "net", ArgKind::LongOptional),
        flag(1, None, "netns", ArgKind::Required),
        flag(2, Some('m'), "mount", ArgKind::Optional),
        flag(3, None, "mount-proc", ArgKind::LongOptional),
        flag(4, Some('f'), "fork", ArgKind::NoArg),
        flag(5, Some('S'), "setuid", ArgKind::Required),
        flag(6, Some('h'), "help", ArgKind::NoArg),
    ];

    fn token(rng: &mut Rng) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"-",
            b"--",
            b"n",
            b"net",
            b"netns",
            b"m",
            b"mount",
            b"mount-proc",
            b"f",
            b"fork",
            b"S",
            b"setuid",
            b"h",
            b"=",
            b"x",
            b"/",
            b"0",
            b"\xff",
            b"\xc3\xa9",
            b"",
        ];
        (0..1 + rng.below(4))
            .flat_map(|_| PIECES[rng.below(PIECES.len())].to_vec())
            .collect()
    }

    #[test]
    fn random_argv_parses_or_fails_like_getopt_never_panics() {
        let mut rng = Rng(0x6e7_0001);
        let (mut oks, mut errs) = (0, 0);
        for _ in 0..50000 {
            let args: Vec<OsString> = (0..rng.below(7))
                .map(|_| OsString::from_vec(token(&mut rng)))
                .collect();
            let mut given = Vec::new();
            let got = getopt(TABLE, args.clone(), |g| {
                given.push((g.id, g.value.is_some(), g.short));
                Ok(())
            });
            for &(id, has_value, short) in &given {
                match TABLE[id].arg {
                    ArgKind::NoArg => assert!(!has_value, "{args:?}"),
                    ArgKind::Required => assert!(has_value, "{args:?}"),
                    ArgKind::LongOptional if short => assert!(!has_value, "{args:?}"),
                    _ => {}
                }
            }
            match got {
                Ok(operands) => {
                    oks += 1;
                    // The operands are the tail of argv, the first one not
                    // an option (or what follows `--`).
                    let k = args.len() - operands.len();
                    assert_eq!(&args[k..], &operands[..], "{args:?}");
                    if let Some(first) = operands.first() {
                        let b = first.as_encoded_bytes();
                        let after_dashdash = k > 0 && args[k - 1] == "--";
                        assert!(
                            after_dashdash || b == b"-" || !b.starts_with(b"-"),
                            "{args:?} -> {operands:?}"
                        );
                    }
                    // Every option word before them produced something.
                    assert!(given.len() >= usize::from(k > 0 && args[0] != "--"));
                }
                Err(Error::Getopt(m)) => {
                    errs += 1;
                    assert!(
                        [
                            "invalid option -- '",
                            "unrecognized option '--",
                            "option '--",
                            "option requires an argument -- '",
                        ]
                        .iter()
                        .any(|p| m.starts_with(p)),
                        "{args:?}: {m}"
                    );
                }
                Err(e) => panic!("{args:?}: {e:?}"),
            }
        }
        assert!(oks > 1000 && errs > 1000, "{oks} ok, {errs} errors");
    }

    #[test]
    fn every_unique_prefix_selects_its_option() {
        for f in TABLE {
            for n in 1..=f.long.len() {
                let prefix = &f.long[..n];
                let hits: Vec<_> = TABLE
                    .iter()
                    .filter(|g| g.long.starts_with(prefix))
                    .collect();
                let exact = TABLE.iter().any(|g| g.long == prefix);
                let arg = match f.arg {
                    ArgKind::Required => vec![format!("--{prefix}"), "v".into()],
                    _ => vec![format!("--{prefix}")],
                };
                let args: Vec<OsString> = arg.into_iter().map(Into::into).collect();
                let mut ids = Vec::new();
                let got = getopt(TABLE, args, |g| {
                    ids.push(g.id);
                    Ok(())
                });
                if exact || hits.len() == 1 {
                    let want = if exact {
                        TABLE.iter().find(|g| g.long == prefix).unwrap().id
                    } else {
                        f.id
                    };
                    if want == f.id {
                        assert_eq!(got.ok(), Some(vec![]), "--{prefix}");
                        assert_eq!(ids, vec![f.id], "--{prefix}");
                    }
                } else {
                    let Err(Error::Getopt(m)) = got else {
                        panic!("--{prefix} is ambiguous")
                    };
                    assert!(m.contains("is ambiguous; possibilities:"), "{m}");
                }
            }
        }
    }
}
