//! One integration binary: every module spawns the built `rns` and, where a
//! reference tool exists on the host, compares with it.

mod campaign;
mod common;
mod completions;
mod crash;
mod dispatch;
mod docs;
mod fuzz;
mod netns;
mod netns_campaign;
mod nsenter;
mod unshare;
mod veth;
