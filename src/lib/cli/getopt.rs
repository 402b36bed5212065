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
    pub id: Id,
    pub value: Option<OsString>,
    /// Given in its short form (`-n/x` rather than `--net=/x`).
    pub short: bool,
}

/// Walk `args` (without argv[0]), calling `on` for each option in order, so
/// that a bad value is reported before later options are looked at, exactly
/// as getopt's loop does. Returns the operands (program and its arguments).
/// `ArgKind::Optional` short forms take an attached value (optstring `x::`,
/// nsenter); `ArgKind::LongOptional` ones take none (unshare: `-n/x` is
/// `-n -/ -x`, only `--net=/x` carries a value).
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
fn lookup<'a, Id>(table: &'a [Flag<Id>], name: &str) -> Lookup<'a, Id> {
    if let Some(f) = table.iter().find(|f| f.long == name) {
        return Lookup::Found(f);
    }
    // An empty name (`--=x`) is a prefix of every option, as in glibc.
    let mut hits: Vec<&Flag<Id>> = table.iter().filter(|f| f.long.starts_with(name)).collect();
    match hits.len() {
        0 => Lookup::Unknown,
        1 => Lookup::Found(hits[0]),
        _ => {
            hits.sort_by_key(|f| f.rank);
            Lookup::Ambiguous(hits.iter().map(|f| f.long).collect())
        }
    }
}
