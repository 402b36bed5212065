//! User and group ids: name lookup, `--map-*` specifications, /etc/subuid,
//! and the uid_map/gid_map arithmetic of util-linux's unshare.
//!
//! Names are resolved from /etc/passwd and /etc/group directly: rns is a
//! static binary (startup cost), and glibc's NSS cannot be loaded into one.
//! A name or id the files lack is asked of the system's user database
//! (`userdb`: getent, or systemd's userdb), as util-linux's NSS would find it.

use crate::error::{Error, Op, Result};
use nix::errno::Errno;

mod map;
mod userdb;
mod varlink;
pub use map::{add_single, kernel_map, map_lines, parse_range, subid_range, Range};
use userdb::{Db, Key};

/// A line of /etc/passwd or /etc/group: name, id, and the last field (shell).
fn db_lookup(file: &str, pred: impl Fn(&[&str]) -> bool) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() >= 3 && pred(f))
        .map(|f| f.into_iter().map(str::to_string).collect())
}

/// The id of the user called `name`.
fn user_by_name(name: &str) -> Option<u32> {
    db_lookup("/etc/passwd", |f| f[0] == name)
        .and_then(|f| f[2].parse().ok())
        .or_else(|| Some(userdb::lookup(Db::Passwd, Key::Name(name))?.id))
}

/// The name of user `uid`: the one /etc/subuid and /etc/subgid are keyed by.
pub fn user_name(uid: u32) -> Option<String> {
    let u = uid.to_string();
    db_lookup("/etc/passwd", |f| f[2] == u)
        .map(|f| f[0].clone())
        .or_else(|| Some(userdb::lookup(Db::Passwd, Key::Id(uid))?.name))
}

/// The primary group of `uid` (the passwd entry's fourth field).
pub fn primary_gid(uid: u32) -> Option<u32> {
    let u = uid.to_string();
    match db_lookup("/etc/passwd", |f| f[2] == u && f.len() >= 4) {
        Some(f) => f[3].parse().ok(),
        None => userdb::lookup(Db::Passwd, Key::Id(uid))?.gid,
    }
}

/// The id of the group called `name`.
fn group_by_name(name: &str) -> Option<u32> {
    db_lookup("/etc/group", |f| f[0] == name)
        .and_then(|f| f[2].parse().ok())
        .or_else(|| Some(userdb::lookup(Db::Group, Key::Name(name))?.id))
}

/// The login shell of user `uid`, when the entry has one.
pub fn passwd_shell(uid: u32) -> Option<String> {
    let u = uid.to_string();
    match db_lookup("/etc/passwd", |f| f[2] == u && f.len() >= 7) {
        Some(f) => Some(f[6].clone()).filter(|s| !s.is_empty()),
        None => userdb::lookup(Db::Passwd, Key::Id(uid))?.shell,
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
    // util-linux's `ul_getuserpw_str` number test.
    match crate::cnum::ul_strtou32(s.as_bytes()) {
        Ok(u32::MAX) => Err(fail(Errno::EINVAL)),
        Ok(n) => Ok(n),
        Err(Errno::EINVAL) => by_name(s).ok_or_else(|| fail(Errno::EINVAL)),
        Err(e) => Err(fail(e)),
    }
}
