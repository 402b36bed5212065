//! `add NAME --owner USER[:GROUP]` (rns only): a delegated namespace.

use super::{invarg, Exit};
use crate::netns::owned::Owner;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// The `--owner` option among `add`'s words after NAME (`--owner X` or
/// `--owner=X`); ip ignores any other extra word, and so does rns.
pub(super) fn parse(rest: &[OsString]) -> Result<Option<Owner>, Exit> {
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        let b = w.as_bytes();
        if b == b"--owner" {
            let Some(v) = it.next() else {
                return Err(incomplete());
            };
            return owner(v).map(Some);
        }
        if let Some(v) = b.strip_prefix(b"--owner=") {
            return owner(OsStr::from_bytes(v)).map(Some);
        }
    }
    Ok(None)
}

fn incomplete() -> Exit {
    super::say!(&"Command line is not complete. Try option \"help\"");
    Exit(255)
}

/// USER (a name or a uid) and GROUP (a name or a gid; USER's primary
/// group when left out).
fn owner(spec: &OsStr) -> Result<Owner, Exit> {
    let text = spec.to_str().ok_or_else(|| invarg("no such user", spec))?;
    let (user, group) = match text.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (text, None),
    };
    let uid = crate::ids::parse_user(user).map_err(|_| invarg("no such user", spec))?;
    let gid = match group {
        Some(g) => crate::ids::parse_group(g).map_err(|_| invarg("no such group", spec))?,
        None => crate::ids::primary_gid(uid)
            .ok_or_else(|| invarg("user has no primary group, give USER:GROUP", spec))?,
    };
    Ok(Owner { uid, gid })
}
