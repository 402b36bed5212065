//! One integration binary: every module spawns the built `rns` and, where a
//! reference tool exists on the host, compares with it.

mod build;
mod campaign;
mod common;
mod completions;
mod crash;
mod delegated;
mod differences;
mod dispatch;
mod docs;
mod examples;
mod fuzz;
mod harness;
mod library;
mod netns;
mod netns_api;
mod netns_campaign;
mod netns_crash;
mod netns_edge;
mod nsenter;
mod nss;
mod rootless;
mod unshare;
mod veth;
