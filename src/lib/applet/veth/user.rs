//! `rns veth --user ...`: veth pairs between the caller's own namespaces
//! (`rns netns --user`), made inside the user's keeper's namespaces.

use super::{bad, Cmd, Raw};
use crate::error::Result;
use crate::netns::user::UserStore;
use std::ffi::OsString;

const HOST_END: &str = "an end in the host's network namespace needs privilege: \
give --netns and --peer-netns (your own namespaces, see 'rns netns --user list'), \
or ask an administrator to delegate a namespace to you \
('rns netns add NAME --owner USER')";

/// Check that no end is meant for the host's namespace, then join the
/// caller's keeper (user, mount and network namespaces).
pub(super) fn enter(raw: &Raw, operands: &[OsString]) -> Result<()> {
    // The subcommand as veth reads it (any of ip's spellings).
    let host_end = match operands.first().and_then(|w| super::command(w)) {
        Some(Cmd::Add) => raw.netns.is_none() || raw.peer_netns.is_none(),
        Some(Cmd::Del | Cmd::List) => raw.netns.is_none(),
        _ => false,
    };
    if host_end && !raw.help {
        return Err(bad(HOST_END));
    }
    let store = UserStore::locate().map_err(|e| bad(e.to_string()))?;
    let keeper = store
        .keeper()
        .map_err(|e| bad(e.to_string()))?
        .ok_or_else(|| {
            bad("you have no network namespaces yet: make one with 'rns netns --user add NAME'")
        })?;
    keeper.enter(true, true).map_err(|e| bad(e.to_string()))
}
