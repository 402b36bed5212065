//! rns: unshare, nsenter, ip netns and veth management in one binary.
//!
//! Data flows one way: argv -> a flag table -> a plan -> syscalls.
#![deny(unsafe_code)]

pub mod applet;
/// `rns` itself, the applet that dispatches to the others.
pub use applet::multicall;
pub mod cli;
pub mod docs;
pub mod error;
pub mod ids;
pub mod netlink;
pub mod netns;
pub mod ns;
pub mod process;
#[doc(hidden)]
pub mod progress;
pub mod sys;
#[doc(hidden)]
pub mod testing;
