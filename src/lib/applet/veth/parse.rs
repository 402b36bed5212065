//! Checks on values that need no kernel: device names, CIDRs, MTUs, MACs.

use super::bad;
use crate::error::Result;
use std::ffi::OsString;
use std::net::IpAddr;

/// Why the kernel's dev_valid_name() would refuse `name`, if it would.
pub fn ifname_problem(name: &[u8]) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 15 {
        Some("it is longer than 15 bytes")
    } else if name == b"." || name == b".." {
        Some("'.' and '..' are not allowed")
    } else if name.contains(&b'/') {
        Some("it contains '/'")
    } else if name.contains(&b':') {
        Some("it contains ':'")
    } else if name
        .iter()
        .any(|b| b.is_ascii_whitespace() || *b == 0x0b || *b == 0xa0)
    {
        // 0xa0 too: the kernel's isspace() is Latin-1's (so UTF-8 'à' fails).
        Some("it contains whitespace")
    } else if name.iter().any(u8::is_ascii_control) {
        // The kernel takes these, but they garble every listing.
        Some("it contains a control character")
    } else {
        None
    }
}

/// A valid interface name, as UTF-8 (rtnetlink carries names as strings).
pub fn ifname(arg: &OsString) -> Result<String> {
    use std::os::unix::ffi::OsStrExt;
    let shown = arg.to_string_lossy();
    if let Some(why) = ifname_problem(arg.as_bytes()) {
        return Err(bad(format!("invalid device name '{shown}': {why}")));
    }
    match arg.to_str() {
        Some(s) => Ok(s.to_string()),
        None => Err(bad(format!(
            "invalid device name '{shown}': it is not valid UTF-8"
        ))),
    }
}

/// An interface address: IPv4 or IPv6, with its prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The address.
    pub ip: IpAddr,
    /// The prefix length (0-32, 0-128).
    pub prefix: u8,
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.ip, self.prefix)
    }
}

/// `ADDR[/PREFIX]`, IPv4 or IPv6; no prefix means a host address.
pub fn parse_cidr(s: &str) -> std::result::Result<Cidr, String> {
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("'{addr}' is not an IPv4 or IPv6 address"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => p
            .parse::<u8>()
            .ok()
            .filter(|&n| n <= max)
            .ok_or_else(|| format!("prefix length {p} is out of range (0-{max})"))?,
        Some(p) => return Err(format!("'{p}' is not a prefix length (0-{max})")),
    };
    Ok(Cidr { ip, prefix })
}

pub const MTU_MIN: u32 = 68;
pub const MTU_MAX: u32 = 65535;

/// A decimal MTU in the range veth accepts.
pub fn parse_mtu(s: &str) -> std::result::Result<u32, String> {
    let n = (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| "not a decimal number".to_string())?;
    if !(u64::from(MTU_MIN)..=u64::from(MTU_MAX)).contains(&n) {
        return Err(format!("out of range ({MTU_MIN}-{MTU_MAX})"));
    }
    Ok(n as u32)
}

/// Six hex bytes separated by `:`, usable as a device address (not
/// multicast, not all zeros: veth refuses those).
pub fn parse_mac(s: &str) -> std::result::Result<[u8; 6], String> {
    let parts: Vec<&str> = s.split(':').collect();
    let shape = "expected six hex bytes separated by ':', e.g. 02:00:00:00:00:01";
    if parts.len() != 6 {
        return Err(shape.into());
    }
    let mut mac = [0u8; 6];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(shape.into());
        }
        mac[i] = u8::from_str_radix(p, 16).map_err(|_| shape.to_string())?;
    }
    if mac[0] & 1 != 0 {
        return Err("it is a multicast address (the first byte is odd)".into());
    }
    if mac == [0; 6] {
        return Err("it is all zeros".into());
    }
    Ok(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(ifname_problem(b"veth0").is_none());
        assert!(ifname_problem(b"123456789012345").is_none());
        assert!(ifname_problem(b"1234567890123456").is_some());
        for bad in [&b""[..], b".", b"..", b"a/b", b"a b", b"a\tb", b"a:b"] {
            assert!(ifname_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn cidrs() {
        assert_eq!(
            parse_cidr("10.0.0.1/24").unwrap().to_string(),
            "10.0.0.1/24"
        );
        assert_eq!(parse_cidr("fd00::1").unwrap().to_string(), "fd00::1/128");
        assert_eq!(parse_cidr("10.0.0.1").unwrap().prefix, 32);
        for bad in [
            "300.1.1.1/24",
            "10.0.0.1/33",
            "fd00::1/129",
            "10.0.0.1/",
            "x/1",
            "10.0.0.1/+1",
            "1.2.3.4/ 1",
        ] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mtus() {
        assert_eq!(parse_mtu("1500"), Ok(1500));
        assert_eq!(parse_mtu("68"), Ok(68));
        assert_eq!(parse_mtu("65535"), Ok(65535));
        for bad in ["67", "65536", "", "-1", "+5", "1e3", "99999999999999999999"] {
            assert!(parse_mtu(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn macs() {
        assert_eq!(parse_mac("02:00:0a:0B:c:01"), Ok([2, 0, 10, 11, 12, 1]));
        for bad in [
            "01:00:00:00:00:01",
            "00:00:00:00:00:00",
            "02:00:00:00:00",
            "02:00:00:00:00:00:00",
            "02-00-00-00-00-01",
            "zz:00:00:00:00:01",
            "002:00:00:00:00:01",
        ] {
            assert!(parse_mac(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    use crate::testing::Rng;

    /// The kernel's dev_valid_name() (its isspace() is Latin-1's: 0xa0 too),
    /// plus rns's own refusal of control characters.
    fn model_ok(n: &[u8]) -> bool {
        let kernel_space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r' | 0xa0);
        !n.is_empty()
            && n.len() < 16
            && n != b"."
            && n != b".."
            && !n.iter().any(|&b| b == b'/' || b == b':' || kernel_space(b))
            && !n.iter().any(|b| b.is_ascii_control())
    }

    #[test]
    fn interface_names_are_refused_exactly_when_the_model_says() {
        let mut rng = Rng(0x7e7_0001);
        let mut alphabet: Vec<u8> = b"ab09-_.@/: \t\n\x0b\x0c\r\x01\x1b\x7f".to_vec();
        alphabet.extend([0xa0, 0xc3, 0xa9, 0xff, 0x80]);
        let (mut ok, mut bad) = (0, 0);
        for _ in 0..50000 {
            let n = rng.bytes(&alphabet, 18);
            let want = model_ok(&n);
            assert_eq!(ifname_problem(&n).is_none(), want, "{n:?}");
            // Through the OsString entry point: UTF-8 is required on top.
            let os = std::ffi::OsString::from(
                <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&n),
            );
            let got = ifname(&os);
            assert_eq!(
                got.is_ok(),
                want && std::str::from_utf8(&n).is_ok(),
                "{n:?}"
            );
            if let Ok(s) = got {
                assert_eq!(s.as_bytes(), &n[..]);
            }
            if want {
                ok += 1;
            } else {
                bad += 1;
            }
        }
        assert!(ok > 1000 && bad > 1000, "{ok} valid, {bad} invalid");
    }

    #[test]
    fn every_address_and_prefix_round_trips() {
        let mut rng = Rng(0x7e7_0002);
        for _ in 0..20000 {
            let v4 = Ipv4Addr::from(rng.next_u64() as u32);
            let v6 =
                Ipv6Addr::from((u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64()));
            for (ip, max) in [(IpAddr::V4(v4), 32u8), (IpAddr::V6(v6), 128)] {
                let p = (rng.next_u64() % (u64::from(max) + 1)) as u8;
                let c = parse_cidr(&format!("{ip}/{p}")).unwrap();
                assert_eq!((c.ip, c.prefix), (ip, p));
                assert_eq!(c.to_string(), format!("{ip}/{p}"));
                assert_eq!(parse_cidr(&ip.to_string()).unwrap().prefix, max);
                assert!(parse_cidr(&format!("{ip}/{}", u32::from(max) + 1)).is_err());
                assert!(parse_cidr(&format!("{ip}/0{p}")).map_or(true, |c| c.prefix == p));
                assert!(parse_cidr(&format!("{ip}/-{p}")).is_err());
                assert!(parse_cidr(&format!("{ip}/{p}/{p}")).is_err());
            }
        }
    }

    #[test]
    fn junk_cidrs_macs_and_mtus_never_panic() {
        let mut rng = Rng(0x7e7_0003);
        let alphabet = b"0123456789abcdefABx:./-+ %\xc3\xa9";
        for _ in 0..50000 {
            let s = String::from_utf8_lossy(&rng.bytes(alphabet, 24)).into_owned();
            if let Ok(c) = parse_cidr(&s) {
                let max = if c.ip.is_ipv4() { 32 } else { 128 };
                assert!(c.prefix <= max, "{s}");
            }
            if let Ok(m) = parse_mac(&s) {
                assert!(m[0] & 1 == 0 && m != [0; 6], "{s}");
            }
            if let Ok(n) = parse_mtu(&s) {
                assert!((MTU_MIN..=MTU_MAX).contains(&n), "{s}");
            }
        }
    }

    #[test]
    fn every_unicast_mac_round_trips_and_multicast_is_refused() {
        let mut rng = Rng(0x7e7_0004);
        for _ in 0..20000 {
            let b = rng.next_u64().to_le_bytes();
            let mac = [b[0], b[1], b[2], b[3], b[4], b[5]];
            let lower = mac.map(|x| format!("{x:02x}")).join(":");
            let upper = lower.to_uppercase();
            let short = mac.map(|x| format!("{x:x}")).join(":");
            let want = if mac[0] & 1 == 1 || mac == [0; 6] {
                None
            } else {
                Some(mac)
            };
            for s in [&lower, &upper, &short] {
                assert_eq!(parse_mac(s).ok(), want, "{s}");
            }
            assert!(parse_mac(&lower.replace(':', "-")).is_err());
            assert!(parse_mac(&format!("{lower}:00")).is_err());
        }
    }

    #[test]
    fn mtus_are_exactly_the_decimal_range() {
        for n in 0..70_000u32 {
            assert_eq!(
                parse_mtu(&n.to_string()).is_ok(),
                (68..=65535).contains(&n),
                "{n}"
            );
        }
        let mut rng = Rng(0x7e7_0005);
        for _ in 0..5000 {
            let n = rng.next_u64();
            assert!(parse_mtu(&n.to_string()).is_err() || n <= 65535);
        }
    }
}
