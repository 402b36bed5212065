//! The /run/netns scan that names the namespaces of `veth list`'s peers:
//! a GETNSID by fd for each name, which the kernel answers by walking the
//! listed namespace's nsid table. With many names that is as much kernel
//! time as the rest of the listing, and independent of it, so two threads
//! share it: a helper from the start, and the lister once its own requests
//! are done. Each claims the next batch of names from a shared cursor, on a
//! netlink socket of its own in the listed namespace.
//!
//! The result does not depend on the threads' timing: the scan stops taking
//! new batches once every wanted nsid is named, every claimed batch is
//! finished, so the scanned names are always a prefix of the sorted list,
//! and each nsid keeps its bytewise-first name in that prefix.

use crate::netlink::{nsid, Conn};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, OnceLock};

/// Below this many names the helper thread costs more than it saves.
const ALONE: usize = 2 * nsid::BATCH;

/// One scan of a sorted list of /run/netns names.
pub struct Scan {
    names: Vec<OsString>,
    next: AtomicUsize,
    found: Mutex<BTreeMap<i32, OsString>>,
    wanted: OnceLock<Vec<i32>>,
}

impl Scan {
    /// A scan of `names` (any order; sorted here, bytewise).
    pub fn new(mut names: Vec<OsString>) -> Scan {
        names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        Scan {
            names,
            next: AtomicUsize::new(0),
            found: Mutex::new(BTreeMap::new()),
            wanted: OnceLock::new(),
        }
    }

    /// Is a helper thread worth starting?
    pub fn shared(&self) -> bool {
        self.names.len() > ALONE
    }

    /// From now on only the nsids in `wanted` matter: the scan ends once
    /// each has a name.
    pub fn want(&self, mut wanted: Vec<i32>) {
        wanted.sort_unstable();
        wanted.dedup();
        let _ = self.wanted.set(wanted);
    }

    /// Claim and scan batches through `c` until the names run out, the
    /// wanted nsids are all named, or the connection fails; `who` names the
    /// thread in the test builds' progress marks (`veth-scan:WHO`, one per
    /// batch).
    pub fn work(&self, c: &mut Conn, who: &str) {
        while !self.done() {
            let at = self.next.fetch_add(nsid::BATCH, Relaxed);
            let Some(chunk) = self.names.get(at..) else {
                return;
            };
            let chunk = &chunk[..chunk.len().min(nsid::BATCH)];
            if chunk.is_empty() || !self.batch(c, chunk) {
                return;
            }
            if cfg!(debug_assertions) {
                crate::progress::mark(&format!("veth-scan:{who}"));
            }
        }
    }

    /// Every wanted nsid known and named?
    fn done(&self) -> bool {
        let Some(w) = self.wanted.get() else {
            return false;
        };
        let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        w.iter().all(|id| found.contains_key(id))
    }

    /// GETNSID for each name of `chunk`; false when the connection failed.
    fn batch(&self, c: &mut Conn, chunk: &[OsString]) -> bool {
        let h = c.handle.clone();
        let open = |n: &OsString| File::open(crate::netns::path_of(n)).ok().map(OwnedFd::from);
        let mut ok = true;
        nsid::in_batches(chunk, open, |batch| {
            let opened: Vec<_> = batch
                .iter()
                .filter_map(|(n, f)| Some((*n, f.as_ref()?)))
                .collect();
            let fds: Vec<BorrowedFd> = opened.iter().map(|(_, f)| f.as_fd()).collect();
            let Ok(ids) = c.run(nsid::nsids_of(&h, &fds)) else {
                ok = false;
                return false;
            };
            let mut found = self.found.lock().unwrap_or_else(|p| p.into_inner());
            for ((name, _), id) in opened.iter().zip(ids) {
                if let Some(id) = id.ok().filter(|&id| id >= 0) {
                    keep_first(&mut found, id, name);
                }
            }
            true
        });
        ok
    }

    /// The names found for the wanted nsids.
    pub fn named(self) -> BTreeMap<i32, OsString> {
        let w = self.wanted.into_inner().unwrap_or_default();
        let found = self.found.into_inner().unwrap_or_else(|p| p.into_inner());
        found
            .into_iter()
            .filter(|(id, _)| w.binary_search(id).is_ok())
            .collect()
    }
}

/// `name` for `id` unless a bytewise-smaller name has it already.
fn keep_first(found: &mut BTreeMap<i32, OsString>, id: i32, name: &OsString) {
    match found.get_mut(&id) {
        Some(old) if old.as_bytes() <= name.as_bytes() => {}
        Some(old) => *old = name.clone(),
        None => {
            found.insert(id, name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytewise_first_name_wins_whatever_the_order() {
        let mut f = BTreeMap::new();
        keep_first(&mut f, 3, &"b".into());
        keep_first(&mut f, 3, &"a".into());
        keep_first(&mut f, 3, &"c".into());
        keep_first(&mut f, 4, &"z".into());
        assert_eq!(f.get(&3).unwrap(), "a");
        assert_eq!(f.get(&4).unwrap(), "z");
    }

    #[test]
    fn done_needs_the_list_and_every_wanted_name() {
        let s = Scan::new(vec!["b".into(), "a".into()]);
        assert!(!s.done());
        s.want(vec![5, 5, 2]);
        assert!(!s.done());
        keep_first(&mut s.found.lock().unwrap(), 2, &"a".into());
        keep_first(&mut s.found.lock().unwrap(), 9, &"b".into());
        assert!(!s.done());
        keep_first(&mut s.found.lock().unwrap(), 5, &"b".into());
        assert!(s.done());
        let named = s.named();
        assert_eq!(named.keys().copied().collect::<Vec<_>>(), vec![2, 5]);
    }

    #[test]
    fn nothing_wanted_is_done_at_once() {
        let s = Scan::new(vec!["a".into()]);
        s.want(Vec::new());
        assert!(s.done());
    }
}
