//! The system's user database beyond /etc/passwd and /etc/group.
//!
//! util-linux asks NSS (`getpwnam`, `getgrnam`, `getpwuid`), so users from
//! LDAP, SSSD, systemd-homed, DynamicUser or extrausers work there. A static
//! binary cannot load NSS modules, so when the files lack a name or id, rns
//! asks `/usr/bin/getent` (the system's own NSS, same nsswitch.conf), run as
//! a child and waited for: no thread, no fd of it survives. Without getent,
//! systemd's userdb varlink multiplexer is asked when its socket exists.
//! Callers run this while parsing, before any namespace is changed.

use std::io::Read;
use std::process::{Command, Stdio};

/// The database a lookup is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Passwd,
    Group,
}

impl Db {
    fn name(self) -> &'static str {
        match self {
            Db::Passwd => "passwd",
            Db::Group => "group",
        }
    }
}

/// What is looked up: a name, or an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Name(&'a str),
    Id(u32),
}

/// An entry as NSS gives it: name, id, and for users the login shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub id: u32,
    pub shell: Option<String>,
}

const GETENT: &str = "/usr/bin/getent";

/// The entry of `db` for `key`, from getent, else (getent cannot be run)
/// from systemd's userdb; `None` when it is not known.
pub fn lookup(db: Db, key: Key) -> Option<Entry> {
    match getent(db, key) {
        Ok(found) => found,
        Err(NotRun) => super::varlink::lookup(db, key),
    }
}

/// getent could not be started (absent, not executable).
struct NotRun;

/// `getent DB -- KEY`: its first line of output, parsed. getent itself
/// takes an all-digit key as an id, so such a name is never passed.
fn getent(db: Db, key: Key) -> Result<Option<Entry>, NotRun> {
    let arg = match key {
        Key::Name(n) if n.contains('\n') || getent_reads_as_id(n) => return Ok(None),
        Key::Name(n) => n.to_string(),
        Key::Id(id) => id.to_string(),
    };
    let mut child = Command::new(GETENT)
        .args([db.name(), "--", &arg])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| NotRun)?;
    let mut out = Vec::new();
    let read = child.stdout.take().map(|mut p| p.read_to_end(&mut out));
    // With SIGCHLD ignored wait(2) fails (ECHILD): the output decides, as
    // getent prints nothing when it finds nothing.
    let _ = child.wait();
    match read {
        Some(Ok(_)) => Ok(parse_line(db, &String::from_utf8_lossy(&out))),
        _ => Ok(None),
    }
}

/// glibc getent's test: `strtoul` consumed a non-empty key entirely.
fn getent_reads_as_id(key: &str) -> bool {
    let t = key.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// `name:passwd:id:...` (passwd: 7 fields, the last the shell; group: 4).
pub fn parse_line(db: Db, text: &str) -> Option<Entry> {
    let line = text.lines().next()?;
    let f: Vec<&str> = line.split(':').collect();
    let want = match db {
        Db::Passwd => 7,
        Db::Group => 4,
    };
    if f.len() < want {
        return None;
    }
    let shell = match db {
        Db::Passwd => Some(f[6].to_string()).filter(|s| !s.is_empty()),
        Db::Group => None,
    };
    Some(Entry {
        name: f[0].to_string(),
        id: f[2].parse().ok()?,
        shell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getent_lines_parse() {
        let e = parse_line(Db::Passwd, "ann:x:71234:71235:Ann:/home/ann:/bin/zsh\n");
        assert_eq!(
            e,
            Some(Entry {
                name: "ann".into(),
                id: 71234,
                shell: Some("/bin/zsh".into())
            })
        );
        let e = parse_line(Db::Passwd, "ann:x:1:1:::\n").unwrap();
        assert_eq!(e.shell, None);
        let e = parse_line(Db::Group, "staff:x:50:ann,bob\n").unwrap();
        assert_eq!((e.name.as_str(), e.id), ("staff", 50));
        for bad in [
            "",
            "\n",
            "ann:x:1:1",
            "ann:x:-1:1:::",
            "ann:x:4294967296:1:::",
        ] {
            assert_eq!(parse_line(Db::Passwd, bad), None, "{bad:?}");
        }
        assert_eq!(parse_line(Db::Group, "g:x:1"), None);
    }

    #[test]
    fn all_digit_names_are_not_given_to_getent() {
        for id in ["1", " 1", "+1", "-1", "007"] {
            assert!(getent_reads_as_id(id), "{id:?}");
        }
        for name in ["", "a1", "1a", "+", "-", "1 "] {
            assert!(!getent_reads_as_id(name), "{name:?}");
        }
    }
}
