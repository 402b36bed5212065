//! rns: unshare, nsenter, ip netns and veth management in one binary.
//!
//! This crate is the core of the `rns` multicall binary, which replaces
//! util-linux's `unshare` and `nsenter` and iproute2's `ip netns` option for
//! option and message for message, and adds `rns veth`. The modules another
//! program would use:
//!
//! - [`ns`]: the kinds of namespace as data ([`ns::NsKind`]) and namespace
//!   file handles ([`ns::NsFile`]: open, kind, owning user namespace,
//!   enter).
//! - [`ids`]: user and group id maps: parse a `--map-*` range, build the
//!   hole-punched chain util-linux writes, and render the kernel's
//!   `uid_map`/`gid_map` text.
//! - [`netns`]: the store of named network namespaces under `/run/netns`
//!   (add, delete, list, identify, run a program inside one), delegated
//!   ones (`--owner`) and a user's own rootless store ([`netns::user`]).
//! - [`veth`]: veth pairs across namespaces: create (addressed, up, and
//!   rolled back on any failure), delete, list.
//! - [`cli`]: the getopt_long-compatible parser and the flag tables that
//!   also drive `--help`, the man pages and the completions.
//! - [`cnum`]: numbers scanned the way C's `strtol` family and `sscanf`
//!   read them, overflow rules included.
//! - [`error`]: the typed error every fallible call returns, carrying the
//!   operation and the path it concerned.
//!
//! Rules for a caller:
//!
//! - Creating or entering a user or mount namespace (`unshare`/`setns` with
//!   `CLONE_NEWUSER` or `CLONE_NEWNS`) needs a single-threaded process: the
//!   kernel refuses it (EINVAL) in a process whose threads share it. Other
//!   kinds change only the calling thread.
//! - The library never prints and never exits: it returns typed errors
//!   ([`error::Error`], [`netns::Error`]) that render in the reference
//!   tools' words, and the applets print them. Warnings go to a sink the
//!   caller passes.
//!
//! `examples/netns_exec.rs` and `examples/seed.rs` use the crate as another
//! program would (a named namespace, a veth pair into it, a command run
//! inside, everything removed again).
//!
//! Inside, data flows one way: argv -> a flag table -> a plan -> syscalls.
#![deny(unsafe_code)]

// The library proper: what another program may use.
pub mod cli;
pub mod cnum;
pub mod error;
pub mod ids;
pub mod netns;
pub mod ns;
pub mod veth;

// The binary's internals: public only for the dispatcher in src/bin and
// for the integration tests, not an interface.
#[doc(hidden)]
pub mod applet;
#[doc(hidden)]
pub mod docs;
/// `rns` itself, the applet that dispatches to the others.
#[doc(hidden)]
pub use applet::multicall;
#[doc(hidden)]
pub mod netlink;
#[doc(hidden)]
pub mod process;
#[doc(hidden)]
pub mod progress;
#[doc(hidden)]
pub mod sys;
#[doc(hidden)]
pub mod testing;
