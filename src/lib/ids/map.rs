//! ID map ranges: parsing, /etc/subuid, and util-linux's hole-punching
//! `add_single_map_range` so a single mapping never overlaps a range.

use crate::cnum::{scanf_u, strtoul_prefix};
use crate::error::{Error, Op, Result};
use std::collections::VecDeque;

/// `inner outer count` as the kernel's uid_map lines have them.
/// `inner == None` marks an `auto` range: it starts at 0 with no hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The first id inside the namespace (`None`: an `auto` range).
    pub inner: Option<u32>,
    /// The first id outside, in the parent user namespace.
    pub outer: u32,
    /// How many ids the range maps.
    pub count: u32,
}

fn scan3(s: &str, sep: char) -> Option<[u32; 3]> {
    let (a, r) = scanf_u(s)?;
    let (b, r) = scanf_u(r.strip_prefix(sep)?)?;
    let (c, r) = scanf_u(r.strip_prefix(sep)?)?;
    r.is_empty().then_some([a, b, c])
}

/// `INNER:OUTER:COUNT` or the legacy `OUTER,INNER,COUNT`.
pub fn parse_range(s: &str) -> Result<Range> {
    if let Some([inner, outer, count]) = scan3(s, ':') {
        return Ok(Range {
            inner: Some(inner),
            outer,
            count,
        });
    }
    if let Some([outer, inner, count]) = scan3(s, ',') {
        return Ok(Range {
            inner: Some(inner),
            outer,
            count,
        });
    }
    Err(Error::msg(format!("invalid mapping '{s}'")))
}

fn strtoul_subid(s: &str) -> Result<u32> {
    crate::cli::parse_u32(&s.into(), "failed to parse subid map")
}

/// The first range of `file` (/etc/subuid or /etc/subgid) for user `uid`,
/// matched by name or number; `identity` maps it onto itself, else to 0.
pub fn subid_range(file: &str, uid: u32, identity: bool) -> Result<Range> {
    let name = super::user_name(uid)
        .ok_or_else(|| Error::msg(format!("you (user {uid}) don't exist.")))?;
    let text = std::fs::read(file).map_err(|e| {
        Error::os(
            Op::Text(format!("could not open '{file}'")),
            crate::error::io_errno(&e),
        )
    })?;
    subid_in_text(&String::from_utf8_lossy(&text), file, &name, uid, identity)
}

/// The first range of `text` (the contents of `file`) for the user called
/// `name` with id `uid`: what `subid_range` does once the file is read.
fn subid_in_text(text: &str, file: &str, name: &str, uid: u32, identity: bool) -> Result<Range> {
    for line in text.split_inclusive('\n') {
        let Some((who, rest)) = line.split_once(':') else {
            continue;
        };
        // C's `strtoul(who, NULL, 10)` compared to the uid, never truncated.
        if who != name && strtoul_prefix(who.as_bytes()) != u64::from(uid) {
            continue;
        }
        let Some((start, count)) = rest.split_once(':') else {
            continue;
        };
        let count = count.split('\n').next().unwrap_or("");
        let outer = strtoul_subid(start)?;
        let count = strtoul_subid(count)?;
        let inner = if identity { Some(outer) } else { None };
        return Ok(Range {
            inner,
            outer,
            count,
        });
    }
    Err(Error::msg(format!(
        "no line matching user \"{name}\" in {file}"
    )))
}

/// `--map-users=all`: one identity range per line of the kernel's map.
pub fn kernel_map(file: &str) -> Result<Vec<Range>> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Error::os(
            Op::Text(format!("could not open '{file}'")),
            crate::error::io_errno(&e),
        )
    })?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let f: Vec<u32> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (f.len() >= 3).then(|| Range {
                inner: Some(f[0]),
                outer: f[0],
                count: f[2],
            })
        })
        .collect())
}

/// util-linux's `add_single_map_range`: put `inner -> outer` (if `inner`
/// is set) first, and split every range around it so nothing overlaps.
/// `chain` is in util-linux's list order (most recently inserted first).
///
/// ```
/// use rns::ids::{add_single, map_lines, parse_range, Range};
///
/// // --map-users=0:100000:65536 (INNER:OUTER:COUNT, or OUTER,INNER,COUNT).
/// let users = parse_range("0:100000:65536")?;
/// assert_eq!(users, Range { inner: Some(0), outer: 100000, count: 65536 });
/// assert_eq!(parse_range("100000,0,65536")?, users);
/// assert!(parse_range("0:100000").is_err());
/// // --map-user=1000 maps root to 1000: a hole is punched at inner 0.
/// let chain = add_single(vec![users], 1000, Some(0));
/// // The text written to /proc/PID/uid_map.
/// assert_eq!(map_lines(&chain), "0 1000 1\n1 100000 65535\n");
/// # Ok::<(), rns::error::Error>(())
/// ```
pub fn add_single(chain: Vec<Range>, outer: u32, inner: Option<u32>) -> Vec<Range> {
    let outer = if inner.is_none() { u32::MAX } else { outer };
    let inner_v = inner.unwrap_or(u32::MAX);
    let mut out: VecDeque<Range> = VecDeque::new();
    for mut map in chain {
        let mut m_inner = map.inner.unwrap_or(0);
        if map.inner.is_none() {
            m_inner = 0;
        } else if inner.is_some()
            && ((outer >= map.outer && outer <= map.outer.wrapping_add(map.count))
                || (inner_v >= m_inner && inner_v <= m_inner.wrapping_add(map.count)))
        {
            map.count = map.count.wrapping_sub(1);
        }
        let outer_off = outer.saturating_sub(map.outer).min(map.count);
        let inner_off = inner_v.saturating_sub(m_inner).min(map.count);
        let lo = Range {
            inner: Some(m_inner),
            outer: map.outer,
            count: inner_off.min(outer_off),
        };
        let mut mid_outer = lo.outer.wrapping_add(lo.count);
        mid_outer = mid_outer.wrapping_add(u32::from(mid_outer == outer));
        let mut mid_inner = m_inner.wrapping_add(lo.count);
        mid_inner = mid_inner.wrapping_add(u32::from(mid_inner == inner_v));
        let mid_count = outer_off.abs_diff(inner_off);
        let mut hi_outer = mid_outer.wrapping_add(mid_count);
        hi_outer = hi_outer.wrapping_add(u32::from(hi_outer == outer));
        let mut hi_inner = mid_inner.wrapping_add(mid_count);
        hi_inner = hi_inner.wrapping_add(u32::from(hi_inner == inner_v));
        let hi_count = map.count.wrapping_sub(lo.count).wrapping_sub(mid_count);
        let mid = Range {
            inner: Some(mid_inner),
            outer: mid_outer,
            count: mid_count,
        };
        let hi = Range {
            inner: Some(hi_inner),
            outer: hi_outer,
            count: hi_count,
        };
        for r in [hi, mid, lo] {
            if r.count != 0 {
                out.push_front(r);
            }
        }
    }
    if inner.is_some() {
        out.push_front(Range {
            inner,
            outer,
            count: 1,
        });
    }
    out.into()
}

/// The text written to /proc/PID/uid_map: `inner outer count\n` per range.
pub fn map_lines(chain: &[Range]) -> String {
    chain
        .iter()
        .map(|r| format!("{} {} {}\n", r.inner.unwrap_or(0), r.outer, r.count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(inner: u32, outer: u32, count: u32) -> Range {
        Range {
            inner: Some(inner),
            outer,
            count,
        }
    }

    #[test]
    fn ranges_parse_both_syntaxes() {
        assert_eq!(parse_range("0:100000:65536").unwrap(), r(0, 100000, 65536));
        assert_eq!(parse_range("100000,0,65536").unwrap(), r(0, 100000, 65536));
        for bad in ["abc", "0:0", "1:2:3:4", "1,2", "1:2:3x", ""] {
            assert!(parse_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_scan_like_glibc() {
        assert_eq!(parse_range("-1:+2: 3").unwrap(), r(u32::MAX, 2, 3));
        assert_eq!(parse_range("4294967296:4294967297:1").unwrap(), r(0, 1, 1));
        assert_eq!(
            parse_range("-99999999999999999999:0:1").unwrap(),
            r(u32::MAX, 0, 1)
        );
        assert!(parse_range("1 :2:3").is_err());
    }

    #[test]
    fn auto_range_keeps_every_id_beside_root() {
        // euid 1000, subuid 1000:100000:65536, -r --map-auto (HEAD).
        let auto = Range {
            inner: None,
            outer: 100000,
            count: 65536,
        };
        let got = add_single(vec![auto], 1000, Some(0));
        assert_eq!(got, vec![r(0, 1000, 1), r(1, 100000, 65536)]);
    }

    #[test]
    fn overlapping_range_is_split_around_the_single_id() {
        // --map-current-user (1000->1000) with --map-users=0:0:65536.
        let got = add_single(vec![r(0, 0, 65536)], 1000, Some(1000));
        assert_eq!(got[0], r(1000, 1000, 1));
        let total: u32 = got[1..].iter().map(|x| x.count).sum();
        assert_eq!(total, 65535);
        assert!(got[1..]
            .iter()
            .all(|x| !(x.outer..x.outer + x.count).contains(&1000)));
        assert!(got[1..].iter().all(|x| {
            let i = x.inner.unwrap();
            !(i..i + x.count).contains(&1000)
        }));
    }

    #[test]
    fn no_single_mapping_leaves_ranges_alone() {
        let got = add_single(vec![r(0, 100000, 10)], 1000, None);
        assert_eq!(got, vec![r(0, 100000, 10)]);
        assert_eq!(map_lines(&got), "0 100000 10\n");
    }
}

#[cfg(test)]
mod properties {
    use super::*;

    /// The message as the applet would print it after `PROG: `.
    fn text(e: &Error) -> String {
        match e {
            Error::Msg { text, .. } => text.clone(),
            Error::Os { op, errno, .. } => format!("{op}: {}", *errno as i32),
            other => format!("{other:?}"),
        }
    }

    use crate::testing::Rng;

    trait MapRng {
        fn id(&mut self) -> u32;
        fn junk(&mut self) -> String;
    }

    impl MapRng for Rng {
        fn id(&mut self) -> u32 {
            // Edges as often as the middle.
            match self.below(4) {
                0 => [0, 1, 65535, 65536, u32::MAX - 1, u32::MAX][self.below(6)],
                _ => self.next_u64() as u32,
            }
        }
        fn junk(&mut self) -> String {
            const A: &[char] = &['0', '1', '9', ':', ',', '-', '+', ' ', '\t', 'x', '\n', 'é'];
            (0..self.below(12))
                .map(|_| A[self.below(A.len())])
                .collect()
        }
    }

    #[test]
    fn any_three_ids_round_trip_in_both_syntaxes() {
        let mut rng = Rng(0x1d5_0001);
        for _ in 0..5000 {
            let (i, o, c) = (rng.id(), rng.id(), rng.id());
            let want = Range {
                inner: Some(i),
                outer: o,
                count: c,
            };
            assert_eq!(parse_range(&format!("{i}:{o}:{c}")).unwrap(), want);
            assert_eq!(parse_range(&format!("{o},{i},{c}")).unwrap(), want);
            // Trailing junk, a missing field or a mixed separator is refused.
            assert!(parse_range(&format!("{i}:{o}:{c}x")).is_err());
            assert!(parse_range(&format!("{i}:{o}")).is_err());
            assert!(parse_range(&format!("{i}:{o},{c}")).is_err());
            // What sscanf accepts: leading blanks and a sign per number.
            assert_eq!(parse_range(&format!(" +{i}:\t{o}: +{c}")).unwrap(), want);
        }
    }

    #[test]
    fn junk_map_specs_never_panic_and_errors_quote_the_spec() {
        let mut rng = Rng(0x1d5_0002);
        for _ in 0..20000 {
            let s = rng.junk();
            match parse_range(&s) {
                Ok(r) => assert!(r.inner.is_some(), "{s:?}"),
                Err(e) => assert_eq!(text(&e), format!("invalid mapping '{s}'")),
            }
        }
    }

    /// A generated /etc/subuid: other users' lines, junk lines, comments,
    /// and (maybe) lines for `me` by name or number; the first one counts.
    #[test]
    fn subid_files_yield_the_first_line_of_the_user() {
        let mut rng = Rng(0x1d5_0003);
        let (me, uid) = ("alice", 1000u32);
        for round in 0..3000 {
            let mut text = String::new();
            let mut want: Option<(u32, u32)> = None;
            for _ in 0..rng.below(8) {
                let (start, count) = (rng.id(), rng.id());
                let line = match rng.below(7) {
                    0 => format!("{me}:{start}:{count}"),
                    1 => format!("{uid}:{start}:{count}"),
                    2 => format!("bob:{start}:{count}"),
                    3 => format!("1001:{start}:{count}"),
                    4 => format!("# {me} comment"),
                    5 => me.to_string(),
                    _ => rng.junk().replace('\n', ""),
                };
                let mine =
                    line.starts_with(&format!("{me}:")) || line.starts_with(&format!("{uid}:"));
                if want.is_none() && mine && line.matches(':').count() == 2 {
                    want = Some((start, count));
                }
                text.push_str(&line);
                text.push('\n');
            }
            for identity in [false, true] {
                let got = subid_in_text(&text, "/etc/subuid", me, uid, identity);
                match want {
                    Some((start, count)) => {
                        let r = got.unwrap_or_else(|e| panic!("round {round}: {e:?}: {text}"));
                        assert_eq!((r.outer, r.count), (start, count), "{text}");
                        assert_eq!(r.inner, identity.then_some(start));
                    }
                    None => assert!(got.is_err(), "round {round}: {text}"),
                }
            }
        }
    }

    #[test]
    fn subid_user_numbers_compare_as_strtoul_does() {
        let line = |who: &str| format!("{who}:100000:65536\n");
        let ok = |who: &str, uid: u32| subid_in_text(&line(who), "f", "nobody-here", uid, false);
        // strtoul: blanks and a sign; trailing junk ignored.
        for (who, uid) in [
            ("0", 0),
            (" 7", 7),
            ("+7", 7),
            ("7x", 7),
            ("-0", 0),
            ("x", 0),
        ] {
            assert!(ok(who, uid).is_ok(), "{who:?} is uid {uid}");
        }
        // Not uid 0 or uid 0 mod 2^32: negatives, overflow, values past uid_t.
        for who in ["-1", "-5", "99999999999999999999", "4294967296"] {
            assert!(ok(who, 0).is_err(), "{who:?} is not root");
        }
        assert!(ok("-1", u32::MAX).is_err(), "ULONG_MAX is not uid_t's -1");
        assert!(ok("4294967295", u32::MAX).is_ok());
    }

    #[test]
    fn bad_numbers_in_the_users_line_are_errors_not_panics() {
        let mut rng = Rng(0x1d5_0004);
        for _ in 0..5000 {
            let file = format!("alice:{}:{}\n", rng.junk(), rng.junk());
            if let Err(e) = subid_in_text(&file, "/etc/subuid", "alice", 1000, true) {
                let e = text(&e);
                assert!(
                    e.starts_with("failed to parse subid map") || e.starts_with("no line"),
                    "{file:?}: {e}"
                );
            }
        }
    }
}
