//! Numbers the way C reads them: the one scanner behind every numeric
//! argument rns takes from argv, a file or the kernel in a reference tool's
//! syntax.
//!
//! The reference tools read numbers with C's `strtol` family, `sscanf`'s
//! `%u` and thin wrappers around them (util-linux's `ul_strtou64`,
//! iproute2's `get_integer`...). Their quirks are part of the command
//! line's behaviour, so rns reproduces them exactly, in two layers:
//!
//! - [`scan`] is what `strtol`/`strtoul` read: leading white space
//!   (`isspace`), one optional sign, an optional base prefix (base 0 only:
//!   `0x`/`0X` for hex when a hex digit follows, a leading `0` for octal),
//!   then the longest run of digits. [`Scan`] turns that into C's results:
//!   [`Scan::long`] (`strtol`: ERANGE outside 64 bits),
//!   [`Scan::ulong`] (`strtoul`: ERANGE past 64 bits, and a `-` negates
//!   modulo 2^64) and the values C returns on overflow.
//! - The tools' wrappers, each named after the one it mirrors and
//!   documented with its rules: which error wins when a number is both out
//!   of range and followed by garbage, what a negative number means.
//!
//! Nothing here can overflow: magnitudes are accumulated with checked
//! arithmetic, and the only narrowing conversions are [`c_int`] and
//! [`c_uint`], C's own conversions (modulo 2^32) where a tool stores a
//! `long` in an `int`.

use nix::errno::Errno;

/// How digits are read: `strtol(.., 10)` or `strtol(.., 0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Decimal digits only.
    Dec,
    /// C's base 0: `0x` hex, a leading `0` octal, else decimal.
    Auto,
}

/// What `strtol`/`strtoul` read from the front of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// A `-` came before the digits.
    pub neg: bool,
    /// The digits' value, or `None` when it does not fit in 64 bits.
    pub mag: Option<u64>,
    /// Where the digits end (C's `*endptr`, as an offset into the input).
    pub end: usize,
    /// The input's length: the digits are followed by nothing when
    /// `end == len`.
    pub len: usize,
}

/// C's `isspace` in the C locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t'..=b'\r')
}

/// The radix and where its digits start, after any sign.
fn radix(s: &[u8], at: usize, base: Base) -> (u32, usize) {
    let rest = &s[at..];
    match base {
        Base::Dec => (10, at),
        Base::Auto
            if (rest.starts_with(b"0x") || rest.starts_with(b"0X"))
                && rest.get(2).is_some_and(u8::is_ascii_hexdigit) =>
        {
            (16, at + 2)
        }
        Base::Auto if rest.starts_with(b"0") => (8, at),
        Base::Auto => (10, at),
    }
}

/// Read a number from the front of `s` as `strtol`/`strtoul` do; `None`
/// when there are no digits (C returns 0 and leaves `*endptr` at `s`).
///
/// ```
/// use nix::errno::Errno;
/// use rns::cnum::{scan, Base};
///
/// // strtol("  -0x1fz", &end, 0): -31, end at the `z`.
/// let s = scan(b"  -0x1fz", Base::Auto).unwrap();
/// assert_eq!((s.long(), s.end, s.whole()), (Ok(-31), 7, false));
/// // `0x` without a hex digit: the `0` alone, in octal.
/// let z = scan(b"0xg", Base::Auto).unwrap();
/// assert_eq!((z.long(), z.end), (Ok(0), 1));
/// // Overflow: ERANGE, and the LONG_MAX C returns with it.
/// let big = scan(b"9223372036854775808", Base::Dec).unwrap();
/// assert_eq!((big.long(), big.long_value()), (Err(Errno::ERANGE), i64::MAX));
/// assert_eq!(big.ulong(), Ok(1 << 63)); // fits strtoul
/// // strtoul negates after a `-`, modulo 2^64.
/// assert_eq!(scan(b"-1", Base::Dec).unwrap().ulong(), Ok(u64::MAX));
/// assert_eq!(scan(b"x1", Base::Dec), None);
/// ```
pub fn scan(s: &[u8], base: Base) -> Option<Scan> {
    let mut at = s.iter().take_while(|&&c| is_space(c)).count();
    let neg = s.get(at) == Some(&b'-');
    if matches!(s.get(at), Some(b'-' | b'+')) {
        at += 1;
    }
    let (radix, start) = radix(s, at, base);
    let digit = |c: &u8| char::from(*c).to_digit(radix);
    let n = s[start..].iter().take_while(|c| digit(c).is_some()).count();
    if n == 0 {
        return None;
    }
    let mag = s[start..start + n].iter().try_fold(0u64, |v, c| {
        v.checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit(c)?))
    });
    Some(Scan {
        neg,
        mag,
        end: start + n,
        len: s.len(),
    })
}

impl Scan {
    /// Nothing follows the digits.
    pub fn whole(&self) -> bool {
        self.end == self.len
    }

    /// `strtol`'s value, or ERANGE when it does not fit in a `long`.
    pub fn long(&self) -> Result<i64, Errno> {
        let m = self.mag.ok_or(Errno::ERANGE)?;
        let v = if self.neg {
            0i64.checked_sub_unsigned(m)
        } else {
            i64::try_from(m).ok()
        };
        v.ok_or(Errno::ERANGE)
    }

    /// What `strtol` returns also on overflow (`LONG_MIN`, `LONG_MAX`).
    pub fn long_value(&self) -> i64 {
        let clamp = if self.neg { i64::MIN } else { i64::MAX };
        self.long().unwrap_or(clamp)
    }

    /// `strtoul`'s value (after a `-`, the magnitude negated modulo 2^64),
    /// or ERANGE when the magnitude does not fit in 64 bits.
    pub fn ulong(&self) -> Result<u64, Errno> {
        let m = self.mag.ok_or(Errno::ERANGE)?;
        Ok(if self.neg { m.wrapping_neg() } else { m })
    }

    /// What `strtoul` returns also on overflow (`ULONG_MAX`).
    pub fn ulong_value(&self) -> u64 {
        self.ulong().unwrap_or(u64::MAX)
    }
}

/// C's conversion of a `long` to an `int` (modulo 2^32, as GCC defines it),
/// where a tool stores `strtol`'s result in an `int`.
pub fn c_int(v: i64) -> i32 {
    v as i32
}

/// C's conversion of an `unsigned long` to an `unsigned int` (modulo
/// 2^32), as when a 64-bit value is stored in a `uid_t`.
pub fn c_uint(v: u64) -> u32 {
    v as u32
}

// ------------------------------------------------------------- util-linux

/// `ul_strtou64` up to its trailing-garbage check: the value and whether
/// garbage follows it. `strtoimax` first: a negative value (other than
/// `-0`, and including one too negative for 64 bits) is ERANGE; then
/// `strtoumax`'s ERANGE past 64 bits. No digits is EINVAL.
fn ul_u64(s: &[u8]) -> Result<(u64, bool), Errno> {
    let n = scan(s, Base::Dec).ok_or(Errno::EINVAL)?;
    if n.long_value() < 0 {
        return Err(Errno::ERANGE);
    }
    Ok((n.ulong()?, !n.whole()))
}

/// util-linux's `ul_strtou64` (base 10): `strtoimax` first, a negative
/// value (other than `-0`, and including one too negative for 64 bits) is
/// ERANGE; then `strtoumax`'s ERANGE past 64 bits; no digits, or trailing
/// garbage, is EINVAL. A range error wins over garbage (`-5x` is ERANGE).
///
/// ```
/// use nix::errno::Errno;
/// use rns::cnum::ul_strtou64;
///
/// assert_eq!(ul_strtou64(b" +42"), Ok(42));
/// assert_eq!(ul_strtou64(b"-0"), Ok(0));
/// assert_eq!(ul_strtou64(b"18446744073709551616"), Err(Errno::ERANGE));
/// assert_eq!(ul_strtou64(b"-5x"), Err(Errno::ERANGE));
/// assert_eq!(ul_strtou64(b"5x"), Err(Errno::EINVAL));
/// ```
pub fn ul_strtou64(s: &[u8]) -> Result<u64, Errno> {
    match ul_u64(s)? {
        (_, true) => Err(Errno::EINVAL),
        (v, false) => Ok(v),
    }
}

/// A `uid_t`/`gid_t` as util-linux's user and group lookups read one:
/// [`ul_strtou64`], with values past 32 bits ERANGE before any garbage is
/// looked at (`4294967296x` is ERANGE, `5x` EINVAL).
pub fn ul_strtou32(s: &[u8]) -> Result<u32, Errno> {
    let (v, junk) = ul_u64(s)?;
    let v = u32::try_from(v).map_err(|_| Errno::ERANGE)?;
    if junk {
        return Err(Errno::EINVAL);
    }
    Ok(v)
}

/// util-linux's `ul_strtos64` (base 10): `strtoimax`, ERANGE outside 64
/// bits (winning over garbage), then trailing garbage EINVAL.
pub fn ul_strtos64(s: &[u8]) -> Result<i64, Errno> {
    let n = scan(s, Base::Dec).ok_or(Errno::EINVAL)?;
    let v = n.long()?;
    if !n.whole() {
        return Err(Errno::EINVAL);
    }
    Ok(v)
}

/// util-linux's `ul_parse_pid_str`: `PID[:INODE]`. The PID is a
/// `strtoimax` that must fit in a `pid_t` and be positive (ERANGE
/// otherwise, before garbage is looked at); the inode is [`ul_strtou64`]
/// and non-zero.
pub fn ul_parse_pid(s: &[u8]) -> Result<(i32, Option<u64>), Errno> {
    let n = scan(s, Base::Dec).ok_or(Errno::EINVAL)?;
    let pid = i32::try_from(n.long()?).map_err(|_| Errno::ERANGE)?;
    if pid <= 0 {
        return Err(Errno::ERANGE);
    }
    let rest = &s[n.end..];
    if let Some(ino) = rest.strip_prefix(b":") {
        return match ul_strtou64(ino)? {
            0 => Err(Errno::ERANGE),
            ino => Ok((pid, Some(ino))),
        };
    }
    if !rest.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok((pid, None))
}

/// nsenter's `-N FD`: [`ul_strtos64`], ERANGE above `INT_MAX` (there is no
/// lower bound), then stored in an `int` ([`c_int`]: `-4294967296` is 0).
pub fn ul_fd(s: &[u8]) -> Result<i32, Errno> {
    let v = ul_strtos64(s)?;
    if v > i64::from(i32::MAX) {
        return Err(Errno::ERANGE);
    }
    Ok(c_int(v))
}

/// util-linux's real-time signal offset (`RTMIN+N`, `RTMAX-N`, `RTN`): a
/// digit must come first; `strtol` (garbage after the digits is ignored;
/// ERANGE is an error), stored in an `int` ([`c_int`]), and negative is an
/// error. So `4294967297` is 1, and `2147483648` is invalid.
pub fn ul_rt_offset(s: &[u8]) -> Option<i32> {
    if !s.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let n = c_int(scan(s, Base::Dec)?.long().ok()?);
    (n >= 0).then_some(n)
}

// ------------------------------------------------------------------ glibc

/// glibc's `sscanf` `%u`: white space, an optional sign, then `strtoul`'s
/// value (negated modulo 2^64 after a `-`, `ULONG_MAX` on overflow) stored
/// in an `unsigned int` ([`c_uint`]). Returns the value and the rest of
/// `s`; `None` when no digits follow (the conversion fails).
pub fn scanf_u(s: &str) -> Option<(u32, &str)> {
    let n = scan(s.as_bytes(), Base::Dec)?;
    // The scan stops at an ASCII byte (or the end): a char boundary.
    Some((c_uint(n.ulong_value()), &s[n.end..]))
}

/// `strtoul(s, NULL, 10)`'s return value: 0 when there are no digits,
/// `ULONG_MAX` on overflow, garbage after the digits ignored.
pub fn strtoul_prefix(s: &[u8]) -> u64 {
    scan(s, Base::Dec).map_or(0, |n| n.ulong_value())
}

// --------------------------------------------------------------- iproute2

/// `strtol(s, &end, 0)` over the whole string, as iproute2's parsers use
/// it: `None` when there are no digits, trailing garbage, or the value
/// does not fit in a `long`.
pub fn strtol0(s: &[u8]) -> Option<i64> {
    scan(s, Base::Auto).filter(Scan::whole)?.long().ok()
}

/// iproute2's `get_integer(.., 0)`: [`strtol0`] that fits in an `int`.
pub fn get_integer(s: &[u8]) -> Option<i32> {
    strtol0(s).and_then(|v| i32::try_from(v).ok())
}

/// iproute2's `get_unsigned(.., 0)`: `strtoul` over the whole string (a
/// `-` negates modulo 2^64, so `-18446744073709551615` is 1), not past 64
/// bits, and at most `UINT_MAX`.
pub fn get_unsigned(s: &[u8]) -> Option<u32> {
    let n = scan(s, Base::Auto).filter(Scan::whole)?;
    u32::try_from(n.ulong().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use Errno::{EINVAL, ERANGE};

    fn long(s: &str, base: Base) -> Option<(Result<i64, Errno>, usize)> {
        scan(s.as_bytes(), base).map(|n| (n.long(), n.end))
    }

    #[test]
    fn scan_reads_what_strtol_reads() {
        // Leading isspace, one sign, then digits; end is C's endptr.
        assert_eq!(long(" \t\n\x0b\x0c\r-12x", Base::Dec), Some((Ok(-12), 9)));
        assert_eq!(long("+7", Base::Dec), Some((Ok(7), 2)));
        assert_eq!(long("007", Base::Dec), Some((Ok(7), 3)));
        for none in ["", " ", "+", "-", "+-1", "--1", "- 1", "x1", "\u{a0}1"] {
            assert_eq!(long(none, Base::Dec), None, "{none:?}");
            assert_eq!(long(none, Base::Auto), None, "{none:?}");
        }
        // Base 0: 0x only before a hex digit, a leading 0 is octal.
        assert_eq!(long("0x1F", Base::Auto), Some((Ok(31), 4)));
        assert_eq!(long("-0X10", Base::Auto), Some((Ok(-16), 5)));
        assert_eq!(long("0x", Base::Auto), Some((Ok(0), 1)));
        assert_eq!(long("0xg", Base::Auto), Some((Ok(0), 1)));
        assert_eq!(long("010", Base::Auto), Some((Ok(8), 3)));
        assert_eq!(long("08", Base::Auto), Some((Ok(0), 1)));
        assert_eq!(long("0x10", Base::Dec), Some((Ok(0), 1)));
    }

    #[test]
    fn long_and_ulong_range_rules() {
        let n = |s: &str| scan(s.as_bytes(), Base::Dec).unwrap();
        assert_eq!(n("9223372036854775807").long(), Ok(i64::MAX));
        assert_eq!(n("-9223372036854775808").long(), Ok(i64::MIN));
        assert_eq!(n("9223372036854775808").long(), Err(ERANGE));
        assert_eq!(n("-9223372036854775809").long(), Err(ERANGE));
        assert_eq!(n("9223372036854775808").long_value(), i64::MAX);
        assert_eq!(
            n("-170141183460469231731687303715884105728").long_value(),
            i64::MIN
        );
        assert_eq!(n("18446744073709551615").ulong(), Ok(u64::MAX));
        assert_eq!(n("18446744073709551616").ulong(), Err(ERANGE));
        assert_eq!(n("-18446744073709551616").ulong_value(), u64::MAX);
        // strtoul negates modulo 2^64.
        assert_eq!(n("-1").ulong(), Ok(u64::MAX));
        assert_eq!(n("-18446744073709551615").ulong(), Ok(1));
        assert_eq!(n(&"9".repeat(400)).mag, None);
    }

    /// An independent model: the digits' value saturated far past 64 bits.
    fn model(s: &str) -> Option<(bool, u128, usize)> {
        let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
        let skip = s.len() - t.len();
        let (neg, sign) = match t.as_bytes().first() {
            Some(b'-') => (true, 1),
            Some(b'+') => (false, 1),
            _ => (false, 0),
        };
        let d = t[sign..].bytes().take_while(u8::is_ascii_digit).count();
        let v = t[sign..sign + d]
            .bytes()
            .fold(0u128, |v, c| (v * 10 + u128::from(c - b'0')).min(1 << 70));
        (d > 0).then_some((neg, v, skip + sign + d))
    }

    #[test]
    fn random_decimals_agree_with_a_model() {
        let mut rng = Rng(0xc0_0001);
        let parts = [
            " ",
            "-",
            "+",
            "0",
            "9",
            "1",
            "x",
            "\t",
            "18446744073709551615",
            "9223372036854775808",
            "4294967296",
        ];
        for _ in 0..20000 {
            let s: String = (0..rng.below(8)).map(|_| rng.pick(&parts)).collect();
            let got = scan(s.as_bytes(), Base::Dec);
            let want = model(&s);
            assert_eq!(got.map(|n| n.end), want.map(|w| w.2), "{s:?}");
            let (Some(n), Some((neg, v, _))) = (got, want) else {
                continue;
            };
            let signed = if neg { -(v as i128) } else { v as i128 };
            assert_eq!(n.long().ok(), i64::try_from(signed).ok(), "{s:?}");
            let u = u64::try_from(v)
                .ok()
                .map(|m| if neg { m.wrapping_neg() } else { m });
            assert_eq!(n.ulong().ok(), u, "{s:?}");
        }
    }

    #[test]
    fn util_linux_unsigned() {
        assert_eq!(ul_strtou64(b" +5"), Ok(5));
        assert_eq!(ul_strtou64(b"-0"), Ok(0));
        assert_eq!(ul_strtou64(b"18446744073709551615"), Ok(u64::MAX));
        for e in ["-1", "-5x", "18446744073709551616", "18446744073709551616x"] {
            assert_eq!(ul_strtou64(e.as_bytes()), Err(ERANGE), "{e}");
        }
        let huge_neg = "-170141183460469231731687303715884105728";
        assert_eq!(ul_strtou64(huge_neg.as_bytes()), Err(ERANGE));
        for e in ["", "x", "5x", "5 ", "0x10", "-x"] {
            assert_eq!(ul_strtou64(e.as_bytes()), Err(EINVAL), "{e}");
        }
        assert_eq!(ul_strtou32(b"4294967295"), Ok(u32::MAX));
        assert_eq!(ul_strtou32(b"4294967296x"), Err(ERANGE));
        assert_eq!(ul_strtou32(b"5x"), Err(EINVAL));
    }

    #[test]
    fn util_linux_signed_pids_and_fds() {
        assert_eq!(ul_strtos64(b"-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(ul_strtos64(b"99999999999999999999x"), Err(ERANGE));
        assert_eq!(ul_strtos64(b"1e3"), Err(EINVAL));
        assert_eq!(ul_parse_pid(b"42:7"), Ok((42, Some(7))));
        assert_eq!(ul_parse_pid(b"0abc"), Err(ERANGE));
        assert_eq!(ul_parse_pid(b"5:0"), Err(ERANGE));
        assert_eq!(ul_parse_pid(b"5:"), Err(EINVAL));
        assert_eq!(
            ul_parse_pid(b"-170141183460469231731687303715884105728"),
            Err(ERANGE)
        );
        assert_eq!(ul_fd(b"-1"), Ok(-1));
        assert_eq!(ul_fd(b"-4294967295"), Ok(1));
        assert_eq!(ul_fd(b"-9223372036854775808"), Ok(0));
        assert_eq!(ul_fd(b"2147483648"), Err(ERANGE));
        assert_eq!(
            ul_fd(b"340282366920938463463374607431768211455"),
            Err(ERANGE)
        );
        assert_eq!(ul_fd(b"3x"), Err(EINVAL));
    }

    #[test]
    fn util_linux_rt_offsets_are_stored_in_an_int() {
        let rt = |s: &str| ul_rt_offset(s.as_bytes());
        assert_eq!(rt("5"), Some(5));
        assert_eq!(rt("1x"), Some(1));
        assert_eq!(rt("4294967297"), Some(1));
        for bad in [
            "",
            " 1",
            "+1",
            "-1",
            "x",
            "2147483648",
            "9223372036854775807",
        ] {
            assert_eq!(rt(bad), None, "{bad}");
        }
        assert_eq!(rt("9223372036854775808"), None);
    }

    #[test]
    fn scanf_and_strtoul_prefixes() {
        assert_eq!(scanf_u(" 7:x"), Some((7, ":x")));
        assert_eq!(scanf_u("-1"), Some((u32::MAX, "")));
        assert_eq!(scanf_u("4294967296"), Some((0, "")));
        assert_eq!(scanf_u("99999999999999999999"), Some((u32::MAX, "")));
        assert_eq!(scanf_u(":1"), None);
        assert_eq!(strtoul_prefix(b"x"), 0);
        assert_eq!(strtoul_prefix(b"-1"), u64::MAX);
        assert_eq!(strtoul_prefix(b"7x"), 7);
    }

    #[test]
    fn iproute2_numbers() {
        assert_eq!(strtol0(b"0x10"), Some(16));
        assert_eq!(strtol0(b"010"), Some(8));
        assert_eq!(strtol0(b" -5"), Some(-5));
        for none in ["08", "0x", "", "abc", "1 ", "99999999999999999999"] {
            assert_eq!(strtol0(none.as_bytes()), None, "{none}");
        }
        assert_eq!(get_integer(b"2147483647"), Some(i32::MAX));
        assert_eq!(get_integer(b"99999999999"), None);
        assert_eq!(get_unsigned(b"0xffffffff"), Some(u32::MAX));
        assert_eq!(get_unsigned(b"-18446744073709551615"), Some(1));
        for none in ["-1", "4294967296", "18446744073709551616", "5 ", "08"] {
            assert_eq!(get_unsigned(none.as_bytes()), None, "{none}");
        }
    }

    /// Moved from ids (`ul_getuserpw_str`'s number test).
    #[test]
    fn ids_parse_like_ul_strtou64() {
        let strtou32 = |s: &str| ul_strtou32(s.as_bytes());
        assert_eq!(strtou32("5"), Ok(5));
        assert_eq!(strtou32(" +5"), Ok(5));
        assert_eq!(strtou32("-0"), Ok(0));
        assert_eq!(strtou32("4294967295"), Ok(u32::MAX));
        for e in [
            "-1",
            " -1",
            "-5x",
            "4294967296",
            "4294967296x",
            "99999999999999999999",
        ] {
            assert_eq!(strtou32(e), Err(Errno::ERANGE), "{e}");
        }
        for e in ["", "x", "5x", "-x", "- 5", "-0x"] {
            assert_eq!(strtou32(e), Err(Errno::EINVAL), "{e}");
        }
    }

    /// Moved from nsenter (`-t PID[:INODE]`).
    #[test]
    fn pids() {
        let parse_pid = |s: &str| ul_parse_pid(s.as_bytes());
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

    /// Moved from nsenter (`-S`/`-G`, now `cli::parse_u32`; `-N`).
    #[test]
    fn ids_wrap_like_a_cast_to_uid_t_and_fds_have_no_lower_bound() {
        let id = |s: &str| crate::cli::parse_u32(&s.into(), "x").ok();
        assert_eq!(id("4294967296"), Some(0));
        assert_eq!(id(" 7"), Some(7));
        assert_eq!(id("-1"), None);
        assert_eq!(id("nobody"), None);
        let fd = |s: &str| ul_fd(s.as_bytes()).ok();
        assert_eq!(fd("-1"), Some(-1));
        assert_eq!(fd("3"), Some(3));
        assert_eq!(fd("2147483648"), None);
        assert_eq!(fd("abc"), None);
    }
}
