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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub ip: IpAddr,
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
