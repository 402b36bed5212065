//! Numbers the way util-linux's nsenter reads them (C's strtoimax and
//! strtoumax underneath: leading blanks and a sign are accepted).

use crate::error::{Error, Op, Result};
use nix::errno::Errno;
use std::ffi::OsString;

/// What strtoimax would see: sign, magnitude (None on overflow of 128 bits),
/// and the rest after the digits. None when there are no digits at all.
struct Parsed<'a> {
    neg: bool,
    mag: Option<u128>,
    rest: &'a str,
}

fn c_number(s: &str) -> Option<Parsed<'_>> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let n = body.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    Some(Parsed {
        neg,
        mag: body[..n].parse::<u128>().ok(),
        rest: &body[n..],
    })
}

/// `strtoimax` range check: the value as i64, or ERANGE.
fn as_i64(p: &Parsed) -> std::result::Result<i64, Errno> {
    let m = p.mag.ok_or(Errno::ERANGE)?;
    let v = if p.neg { -(m as i128) } else { m as i128 };
    i64::try_from(v).map_err(|_| Errno::ERANGE)
}

/// util-linux's `ul_strtou64`: negative numbers are ERANGE, trailing junk
/// EINVAL.
pub fn strtou64(s: &str) -> std::result::Result<u64, Errno> {
    let p = c_number(s).ok_or(Errno::EINVAL)?;
    let signed = as_i64(&p);
    if matches!(signed, Ok(v) if v < 0) || (p.neg && signed.is_err()) {
        return Err(Errno::ERANGE);
    }
    let m = p.mag.ok_or(Errno::ERANGE)?;
    let v = u64::try_from(m).map_err(|_| Errno::ERANGE)?;
    if !p.rest.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(v)
}

/// `ul_parse_pid_str`: `PID[:INODE]`, PID > 0.
pub fn parse_pid(s: &str) -> std::result::Result<(i32, Option<u64>), Errno> {
    let p = c_number(s).ok_or(Errno::EINVAL)?;
    let v = as_i64(&p)?;
    let pid = i32::try_from(v).map_err(|_| Errno::ERANGE)?;
    if pid <= 0 {
        return Err(Errno::ERANGE);
    }
    if let Some(ino) = p.rest.strip_prefix(':') {
        let ino = strtou64(ino)?;
        if ino == 0 {
            return Err(Errno::ERANGE);
        }
        return Ok((pid, Some(ino)));
    }
    if !p.rest.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok((pid, None))
}

/// `MSG: 'ARG'`, with strerror for ERANGE (util-linux's `*_or_err`).
fn num_error(msg: &str, s: &str, e: Errno) -> Error {
    let text = format!("{msg}: '{s}'");
    if e == Errno::ERANGE {
        Error::os(Op::Text(text), e)
    } else {
        Error::msg(text)
    }
}

/// `-S`/`-G`: `strtoul_or_err`, then the cast to uid_t/gid_t (32 bits).
pub fn parse_id(arg: &OsString, msg: &str) -> Result<u32> {
    let s = arg.to_string_lossy();
    strtou64(&s)
        .map(|v| v as u32)
        .map_err(|e| num_error(msg, &s, e))
}

/// `-N FD`: `str2num_or_err(.., 0, INT_MAX)` (no lower bound).
pub fn parse_fd(arg: &OsString) -> Result<i64> {
    let s = arg.to_string_lossy();
    let fail = |e| num_error("failed to parse file descriptor", &s, e);
    let p = c_number(&s).ok_or_else(|| fail(Errno::EINVAL))?;
    let v = as_i64(&p).map_err(fail)?;
    if !p.rest.is_empty() {
        return Err(fail(Errno::EINVAL));
    }
    if v > i64::from(i32::MAX) {
        return Err(fail(Errno::ERANGE));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids() {
        assert_eq!(parse_pid("42"), Ok((42, None)));
        assert_eq!(parse_pid(" +42"), Ok((42, None)));
        assert_eq!(parse_pid("42:7"), Ok((42, Some(7))));
        assert_eq!(parse_pid("abc"), Err(Errno::EINVAL));
        assert_eq!(parse_pid(""), Err(Errno::EINVAL));
        assert_eq!(parse_pid("0"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("0abc"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("-1"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("5abc"), Err(Errno::EINVAL));
        assert_eq!(parse_pid("5:"), Err(Errno::EINVAL));
        assert_eq!(parse_pid("5:0"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("5:-1"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("2147483648"), Err(Errno::ERANGE));
        assert_eq!(parse_pid("99999999999999999999999"), Err(Errno::ERANGE));
    }

    #[test]
    fn ids_wrap_like_a_cast_to_uid_t() {
        let id = |s: &str| parse_id(&OsString::from(s), "x").ok();
        assert_eq!(id("4294967296"), Some(0));
        assert_eq!(id(" 7"), Some(7));
        assert_eq!(id("-1"), None);
        assert_eq!(id("nobody"), None);
    }

    #[test]
    fn fds_have_no_lower_bound() {
        let fd = |s: &str| parse_fd(&OsString::from(s)).ok();
        assert_eq!(fd("-1"), Some(-1));
        assert_eq!(fd("3"), Some(3));
        assert_eq!(fd("2147483648"), None);
        assert_eq!(fd("abc"), None);
    }
}
