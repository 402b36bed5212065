//! util-linux's `signame_to_signum`: names only (no numbers), any case, an
//! optional `SIG` prefix, and `RT<n>`, `RTMIN+<n>`, `RTMAX-<n>`.

pub const NAMES: &[(&str, i32)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("IOT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("POLL", 29),
    ("PWR", 30),
    ("SYS", 31),
];

/// glibc's SIGRTMIN/SIGRTMAX as a program sees them (two RT signals are
/// reserved by the threading library).
const RTMIN: i64 = 34;
const RTMAX: i64 = 64;

fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

pub fn signum(name: &str) -> Option<i32> {
    let s = strip_ci(name, "sig").unwrap_or(name);
    if let Some(rt) = strip_ci(s, "rt") {
        return rt_signum(rt);
    }
    NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(s))
        .map(|&(_, v)| v)
}

fn rt_signum(s: &str) -> Option<i32> {
    let (s, from_max) = if let Some(r) = strip_ci(s, "min+") {
        (r, false)
    } else if let Some(r) = strip_ci(s, "max-") {
        (r, true)
    } else {
        (s, false)
    };
    // strtol stored in an int: a leading digit, trailing junk ignored.
    let n = i64::from(crate::cnum::ul_rt_offset(s.as_bytes())?);
    // |n| < 2^31: neither side can overflow an i64.
    let num = if from_max { RTMAX - n } else { RTMIN + n };
    i32::try_from(num)
        .ok()
        .filter(|n| (RTMIN..=RTMAX).contains(&i64::from(*n)))
}

#[cfg(test)]
mod tests {
    use super::signum;

    #[test]
    fn names_as_util_linux_takes_them() {
        for (s, n) in [
            ("SIGTERM", 15),
            ("term", 15),
            ("sigkill", 9),
            ("SIGkill", 9),
            ("CLD", 17),
            ("IOT", 6),
            ("POLL", 29),
            ("RT0", 34),
            ("RT5", 39),
            ("RTMIN+0", 34),
            ("rtmax-0", 64),
            ("rtmin+1", 35),
            ("RTMAX-30", 34),
            ("RTMIN+30", 64),
        ] {
            assert_eq!(signum(s), Some(n), "{s}");
        }
        for s in [
            "9", "0", "", "UNUSED", "LOST", "EMT", "INFO", "RTMIN", "RTMIN+31", "RTMAX-31", "SIG",
        ] {
            assert_eq!(signum(s), None, "{s}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::{signum, NAMES};

    use crate::testing::Rng;

    /// Each letter in upper or lower case at random.
    fn mixed_case(rng: &mut Rng, s: &str) -> String {
        s.chars()
            .map(|c| {
                if rng.below(2) == 0 {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    }

    #[test]
    fn every_name_in_any_case_with_or_without_sig() {
        let mut rng = Rng(0x51_0001);
        for &(name, num) in NAMES {
            for _ in 0..20 {
                let n = mixed_case(&mut rng, name);
                let with = mixed_case(&mut rng, &format!("SIG{name}"));
                assert_eq!(signum(&n), Some(num), "{n}");
                assert_eq!(signum(&with), Some(num), "{with}");
                // Numbers, other prefixes and extra letters are not names.
                assert_eq!(signum(&format!("{n}X")), None, "{n}X");
                assert_eq!(signum(&format!(" {n}")), None);
                assert_eq!(signum(&format!("SIGSIG{n}")), None);
            }
            assert_eq!(signum(&num.to_string()), None);
        }
    }

    #[test]
    fn real_time_names_cover_exactly_34_to_64() {
        for n in 0..100 {
            let ok = n <= 30;
            assert_eq!(signum(&format!("RTMIN+{n}")), ok.then_some(34 + n));
            assert_eq!(signum(&format!("sigrtmax-{n}")), ok.then_some(64 - n));
            assert_eq!(signum(&format!("RT{n}")), ok.then_some(34 + n));
        }
        for s in [
            "RTMIN+-1", "RTMAX--1", "RTMIN-1", "RTMAX+1", "RT", "RT-1", "RTMIN+",
        ] {
            assert_eq!(signum(s), None, "{s}");
        }
        // Numbers past a long are errors; a long is stored in an int as
        // util-linux does (so 2^32 + 1 is 1), and the sum never overflows.
        for s in [
            "RTMIN+18446744073709551650",
            "RT99999999999999999999999",
            "RTMIN+9223372036854775807",
            "RTMIN+9223372036854775808",
            "RTMAX-9223372036854775807",
            "RTMAX-9223372036854775808",
            "RTMIN+2147483647",
            "RTMAX-2147483648",
            "RTMAX-4294967295",
        ] {
            assert_eq!(signum(s), None, "{s}");
        }
        for (s, n) in [
            ("RTMIN+4294967296", 34),
            ("RTMIN+4294967297", 35),
            ("RTMAX-4294967297", 63),
            ("RT4294967298", 36),
        ] {
            assert_eq!(signum(s), Some(n), "{s}");
        }
    }

    #[test]
    fn junk_never_panics_and_only_yields_signals() {
        let mut rng = Rng(0x51_0002);
        let alphabet: Vec<char> = "sigSIGrtRTminMAX+-0123456789 éTERMkill".chars().collect();
        for _ in 0..50000 {
            let s: String = (0..rng.below(14))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            if let Some(n) = signum(&s) {
                assert!((1..=64).contains(&n), "{s:?} -> {n}");
            }
        }
    }
}
