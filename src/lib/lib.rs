//! rns: unshare, nsenter, ip netns and veth management in one binary.
//!
//! Data flows one way: argv -> a flag table -> a plan -> syscalls.
#![deny(unsafe_code)]

// The library proper: what another program may use.
pub mod cli;
pub mod cnum;
pub mod error;
pub mod ids;
pub mod netns;
pub mod ns;

// The binary's internals: public only for the dispatcher in src/bin and
// for the integration tests, not an interface.
#[doc(hidden)]
pub mod applet;
#[doc(hidden)]
pub mod docs;
#[doc(hidden)]
pub mod multicall;
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
