//! One integration binary: every module spawns the built `rns` and, where a
//! reference tool exists on the host, compares with it.

mod common;
mod dispatch;
mod netns;
mod unshare;
