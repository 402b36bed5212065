//! `rns netns --user ...`: the same subcommands on the caller's own store
//! (see `crate::netns::user`). Each runs ip's code unchanged, inside the
//! keeper's namespaces (or, with no keeper, inside an empty store of the
//! caller's own, so that it answers as for a store without names).

use super::say;
use super::{do_netns, Exit, Opts, Ret};
use crate::netns::user::{enter_empty, stop_if_empty, UserError, UserStore};
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

/// How `--user` runs a subcommand (`super::COMMANDS` says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// add: under the lock, with a keeper started if need be.
    Add,
    /// delete: under the lock; the keeper stops with the last name.
    Delete,
    /// exec: names looked up through the keeper's root.
    Exec,
    /// list, identify, pids: in the keeper's mount namespace.
    Read,
}

fn kind(word: Option<&OsString>) -> Option<Kind> {
    let Some(w) = word.map(|w| w.as_bytes()) else {
        return Some(Kind::Read);
    };
    // The first match in ip's order, as do_netns finds it.
    super::command(w)?.user
}

pub(super) fn dispatch(o: &mut Opts, argv: &[OsString]) -> Ret {
    let Some(k) = kind(argv.first()) else {
        let w = argv.first().map(|w| w.as_os_str()).unwrap_or_default();
        say!(
            &"Command \"",
            w,
            &"\" is not available with --user, try \"rns netns help\"."
        );
        return Err(Exit(255));
    };
    run(o, argv, k).unwrap_or_else(|e| {
        say!(&e.to_string());
        Ok(-1)
    })
}

fn run(o: &mut Opts, argv: &[OsString], k: Kind) -> Result<Ret, UserError> {
    let store = UserStore::locate()?;
    match k {
        Kind::Add => {
            let lock = store.lock()?;
            let keeper = store.keeper_or_start(&lock)?;
            keeper.enter(true, true)?;
            let r = do_netns(o, argv);
            stop_if_empty(keeper);
            Ok(r)
        }
        Kind::Delete => {
            let _lock = store.lock()?;
            let Some(keeper) = store.keeper()? else {
                enter_empty()?;
                return Ok(do_netns(o, argv));
            };
            keeper.enter(true, true)?;
            let r = do_netns(o, argv);
            stop_if_empty(keeper);
            Ok(r)
        }
        Kind::Exec => {
            match store.keeper()? {
                Some(keeper) => o.root = Some(keeper.root()),
                None => enter_empty()?,
            }
            Ok(do_netns(o, argv))
        }
        Kind::Read => {
            match store.keeper()? {
                Some(keeper) => keeper.enter(true, false)?,
                None => enter_empty()?,
            }
            Ok(do_netns(o, argv))
        }
    }
}

/// The line a plain user gets after ip's answer to a refused `add`.
pub(super) fn hint() {
    say!(&"Hint: without root, \"rns netns --user add NAME\" makes a namespace of your own.");
}
