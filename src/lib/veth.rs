//! veth pairs across network namespaces, as `rns veth` makes them.
//!
//! [`create`] makes a pair with each end directly in its namespace, with
//! its MTU, MAC and addresses, both ends (and each namespace's `lo`) up,
//! and configures it by the ifindexes the kernel reports, never by name.
//! It is atomic: on any failure, and on SIGHUP/SIGINT/SIGQUIT/SIGTERM
//! arriving meanwhile, the pair is deleted again before the error returns.
//! [`delete`] removes a pair by either end's name, [`list`] reports a
//! namespace's veths with their peers. All need `CAP_NET_ADMIN` over the
//! namespaces involved. They talk netlink (rtnetlink on a poll loop); a
//! socket in another namespace is made on a short-lived thread, and
//! [`list`] shares its scan of many /run/netns names with one helper
//! thread, all joined before they return, so they may run in any process
//! (not between `fork` and `exec`, as nothing with threads may).
//!
//! A namespace is named as on `rns veth`'s command line: a name in
//! /run/netns, a path to a namespace file, or a PID; [`Netns::open`] opens
//! it once, checks that it is a network namespace, and keeps the handle.
//!
//! ```no_run
//! use rns::veth::{create, delete, parse_cidr, End, Netns};
//! use std::ffi::OsStr;
//!
//! // A pair: `v-host` here, `v-blue` in the named namespace `blue`.
//! let blue = Netns::open(OsStr::new("blue"))?;
//! let here = End { name: "v-host".into(), netns: None, addrs: vec![parse_cidr("10.0.0.1/24")?], mac: None };
//! let there = End { name: "v-blue".into(), netns: Some(blue), addrs: vec![parse_cidr("10.0.0.2/24")?], mac: None };
//! create([here, there], None, true)?;
//! delete("v-host", None)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::applet::veth::{add, list};
use crate::error::Result;
use std::ffi::OsStr;

pub use crate::applet::veth::add::End;
pub use crate::applet::veth::list::{PeerNs, Row};
pub use crate::applet::veth::netns::Netns;
pub use crate::applet::veth::{parse_cidr, parse_mac, parse_mtu, Cidr};

/// Make the pair `ends[0]`–`ends[1]` (MTU `mtu` on both, the kernel's
/// default without one), addressed, and up unless `up` is false; on any
/// failure nothing is left behind.
pub fn create(ends: [End; 2], mtu: Option<u32>, up: bool) -> Result<()> {
    add::run(add::Plan { ends, mtu, up }).map(drop)
}

/// Delete the pair one of whose ends is `name` in namespace `netns` (the
/// caller's without one): as in `rns veth del NAME --netns NS`.
pub fn delete(name: &str, netns: Option<&OsStr>) -> Result<()> {
    add::del(name.to_string(), netns).map(drop)
}

/// The veths of namespace `netns` (the caller's without one), with their
/// peers, state, MTU and addresses, in the kernel's order.
pub fn list(netns: Option<&OsStr>) -> Result<Vec<Row>> {
    list::rows(netns)
}
