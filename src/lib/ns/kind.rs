//! The eight kinds of namespace, and arrays indexed by kind.

use nix::sched::CloneFlags;
use std::ops::{Index, IndexMut};

/// nix has no constant for time namespaces.
pub const CLONE_NEWTIME: CloneFlags = CloneFlags::from_bits_retain(libc::CLONE_NEWTIME);

/// One kind of namespace.
///
/// The variants are in the order util-linux binds persistence files and
/// nsenter enters namespaces: user first, then cgroup, ipc, uts, net, pid,
/// mnt, time. [`NsKind::ALL`] and [`PerKind`] iterate in this order, which
/// is observable (which namespace is made or entered first), so it is part
/// of the type's contract.
///
/// ```
/// use nix::sched::CloneFlags;
/// use rns::ns::NsKind;
///
/// let mnt = NsKind::Mnt;
/// assert_eq!(mnt.clone_flag(), CloneFlags::CLONE_NEWNS);
/// assert_eq!(mnt.ns_path(), "ns/mnt"); // under /proc/PID/
/// assert_eq!((mnt.long(), mnt.short()), ("mount", 'm')); // unshare's option
/// assert_eq!(NsKind::Pid.persist_name(), "pid_for_children");
/// let flags = CloneFlags::CLONE_NEWNET | CloneFlags::CLONE_NEWUSER;
/// let kinds: Vec<NsKind> = NsKind::in_flags(flags).collect();
/// assert_eq!(kinds, [NsKind::User, NsKind::Net]); // user first
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NsKind {
    /// User and group ids, capabilities (`CLONE_NEWUSER`).
    User,
    /// The cgroup root (`CLONE_NEWCGROUP`).
    Cgroup,
    /// System V IPC and POSIX message queues (`CLONE_NEWIPC`).
    Ipc,
    /// Host and domain name (`CLONE_NEWUTS`).
    Uts,
    /// Network devices, addresses, routes, sockets (`CLONE_NEWNET`).
    Net,
    /// Process ids, for children (`CLONE_NEWPID`).
    Pid,
    /// Mounts (`CLONE_NEWNS`).
    Mnt,
    /// Monotonic and boot-time clock offsets, for children (`CLONE_NEWTIME`).
    Time,
}

/// What the tools and the kernel call one kind.
struct Names {
    flag: CloneFlags,
    proc_name: &'static str,
    ns_path: &'static str,
    persist_name: &'static str,
    long: &'static str,
    short: char,
}

macro_rules! names {
    ($flag:expr, $proc:literal, $persist:literal, $long:literal, $short:literal) => {
        Names {
            flag: $flag,
            proc_name: $proc,
            ns_path: concat!("ns/", $proc),
            persist_name: $persist,
            long: $long,
            short: $short,
        }
    };
}

impl NsKind {
    /// How many kinds there are.
    pub const COUNT: usize = 8;

    /// Every kind, in the enum's (util-linux's) order.
    pub const ALL: [NsKind; NsKind::COUNT] = [
        NsKind::User,
        NsKind::Cgroup,
        NsKind::Ipc,
        NsKind::Uts,
        NsKind::Net,
        NsKind::Pid,
        NsKind::Mnt,
        NsKind::Time,
    ];

    const fn names(self) -> Names {
        use CloneFlags as F;
        match self {
            NsKind::User => names!(F::CLONE_NEWUSER, "user", "user", "user", 'U'),
            NsKind::Cgroup => names!(F::CLONE_NEWCGROUP, "cgroup", "cgroup", "cgroup", 'C'),
            NsKind::Ipc => names!(F::CLONE_NEWIPC, "ipc", "ipc", "ipc", 'i'),
            NsKind::Uts => names!(F::CLONE_NEWUTS, "uts", "uts", "uts", 'u'),
            NsKind::Net => names!(F::CLONE_NEWNET, "net", "net", "net", 'n'),
            NsKind::Pid => names!(F::CLONE_NEWPID, "pid", "pid_for_children", "pid", 'p'),
            NsKind::Mnt => names!(F::CLONE_NEWNS, "mnt", "mnt", "mount", 'm'),
            NsKind::Time => names!(CLONE_NEWTIME, "time", "time_for_children", "time", 'T'),
        }
    }

    /// The `CLONE_NEW*` flag of unshare(2), clone(2) and setns(2).
    pub const fn clone_flag(self) -> CloneFlags {
        self.names().flag
    }

    /// The name under `/proc/PID/ns/` (`mnt`, `net`, ...).
    pub const fn proc_name(self) -> &'static str {
        self.names().proc_name
    }

    /// `ns/` and the proc name: the path under `/proc/PID/`, and the
    /// name util-linux's nsenter uses in its messages.
    pub const fn ns_path(self) -> &'static str {
        self.names().ns_path
    }

    /// What a persistence bind mount binds, under `/proc/PID/ns/`:
    /// `pid_for_children` and `time_for_children` for the kinds that only
    /// affect children.
    pub const fn persist_name(self) -> &'static str {
        self.names().persist_name
    }

    /// The long option of unshare and nsenter (`mount`, `net`, ...).
    pub const fn long(self) -> &'static str {
        self.names().long
    }

    /// The short option of unshare and nsenter (`m`, `n`, ...).
    pub const fn short(self) -> char {
        self.names().short
    }

    /// The kind whose `CLONE_NEW*` flag is exactly `flag`.
    pub fn from_clone_flag(flag: CloneFlags) -> Option<NsKind> {
        NsKind::ALL.into_iter().find(|k| k.clone_flag() == flag)
    }

    /// The kinds whose flags are in `flags`, in [`NsKind::ALL`] order.
    pub fn in_flags(flags: CloneFlags) -> impl Iterator<Item = NsKind> {
        NsKind::ALL
            .into_iter()
            .filter(move |k| flags.contains(k.clone_flag()))
    }
}

/// One `T` per namespace kind, indexed by [`NsKind`].
///
/// ```
/// use rns::ns::{NsKind, PerKind};
///
/// let mut paths: PerKind<Option<&str>> = PerKind::default();
/// paths[NsKind::Net] = Some("/run/netns/blue");
/// let set: Vec<NsKind> = paths.iter().filter(|(_, p)| p.is_some()).map(|(k, _)| k).collect();
/// assert_eq!(set, [NsKind::Net]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PerKind<T>([T; NsKind::COUNT]);

impl<T> PerKind<T> {
    /// The values, one per kind in [`NsKind::ALL`] order.
    pub const fn new(values: [T; NsKind::COUNT]) -> PerKind<T> {
        PerKind(values)
    }

    /// Each kind with its value, in [`NsKind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (NsKind, &T)> {
        NsKind::ALL.into_iter().zip(&self.0)
    }

    /// Each kind with its value, mutable, in [`NsKind::ALL`] order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (NsKind, &mut T)> {
        NsKind::ALL.into_iter().zip(&mut self.0)
    }

    /// The values, in [`NsKind::ALL`] order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }
}

impl<T> Index<NsKind> for PerKind<T> {
    type Output = T;
    fn index(&self, kind: NsKind) -> &T {
        &self.0[kind as usize]
    }
}

impl<T> IndexMut<NsKind> for PerKind<T> {
    fn index_mut(&mut self, kind: NsKind) -> &mut T {
        &mut self.0[kind as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_declaration_order() {
        for (i, k) in NsKind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i);
        }
    }

    #[test]
    fn names_are_consistent() {
        for k in NsKind::ALL {
            assert_eq!(k.ns_path(), format!("ns/{}", k.proc_name()));
            assert!(k.persist_name().starts_with(k.proc_name()));
            assert_eq!(NsKind::from_clone_flag(k.clone_flag()), Some(k));
        }
        let all = NsKind::ALL
            .iter()
            .fold(CloneFlags::empty(), |m, k| m | k.clone_flag());
        assert_eq!(all.bits().count_ones(), 8);
        assert_eq!(NsKind::in_flags(all).collect::<Vec<_>>(), NsKind::ALL);
    }

    #[test]
    fn per_kind_indexes_by_kind() {
        let mut p: PerKind<u8> = PerKind::default();
        p[NsKind::Net] = 4;
        assert_eq!(p[NsKind::Net], 4);
        assert_eq!(
            p.iter().find(|(_, &v)| v == 4).map(|(k, _)| k),
            Some(NsKind::Net)
        );
    }
}
