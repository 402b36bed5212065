//! User and group ids: name lookup, `--map-*` specifications, /etc/subuid,
//! and the uid_map/gid_map arithmetic of util-linux's unshare.
//!
//! Names are resolved from /etc/passwd and /etc/group directly: rns is a
//! static binary (startup cost), and glibc's NSS cannot be loaded into one.

use crate::error::{Error, Op, Result};
use nix::errno::Errno;

mod map;
pub use map::{add_single, kernel_map, map_lines, parse_range, scan_u, subid_range, Range};

/// A line of /etc/passwd or /etc/group: name, id, and the last field (shell).
fn db_lookup(file: &str, pred: impl Fn(&[&str]) -> bool) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() >= 3 && pred(f))
        .map(|f| f.into_iter().map(str::to_string).collect())
}

pub fn user_by_name(name: &str) -> Option<u32> {
    db_lookup("/etc/passwd", |f| f[0] == name)?[2].parse().ok()
}

pub fn user_name(uid: u32) -> Option<String> {
    let u = uid.to_string();
    db_lookup("/etc/passwd", |f| f[2] == u).map(|f| f[0].clone())
}

pub fn group_by_name(name: &str) -> Option<u32> {
    db_lookup("/etc/group", |f| f[0] == name)?[2].parse().ok()
}

pub fn passwd_shell(uid: u32) -> Option<String> {
    let u = uid.to_string();
    let f = db_lookup("/etc/passwd", |f| f[2] == u && f.len() >= 7)?;
    Some(f[6].clone()).filter(|s| !s.is_empty())
}

/// util-linux's `ul_strtou64` on an id: Ok(number), or Err(ERANGE/EINVAL).
fn strtou32(s: &str) -> std::result::Result<u32, Errno> {
    let t = s.trim_start();
    if t.starts_with('-') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Errno::ERANGE);
    }
    let d = t.strip_prefix('+').unwrap_or(t);
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Errno::EINVAL);
    }
    match d.parse::<u64>() {
        Ok(v) if v <= u64::from(u32::MAX) => Ok(v as u32),
        _ => Err(Errno::ERANGE),
    }
}

/// `--map-user UID|NAME`: a number as is, else a user name.
pub fn parse_user(s: &str) -> Result<u32> {
    resolve(s, user_by_name, "uid")
}

/// `--map-group GID|NAME`.
pub fn parse_group(s: &str) -> Result<u32> {
    resolve(s, group_by_name, "gid")
}

fn resolve(s: &str, by_name: fn(&str) -> Option<u32>, what: &str) -> Result<u32> {
    let fail = |errno| Error::os(Op::Text(format!("failed to parse {what} '{s}'")), errno);
    match strtou32(s) {
        Ok(u32::MAX) => Err(fail(Errno::EINVAL)),
        Ok(n) => Ok(n),
        Err(Errno::EINVAL) => by_name(s).ok_or_else(|| fail(Errno::EINVAL)),
        Err(e) => Err(fail(e)),
    }
}
