//! The one place that talks rtnetlink (veth, nsids).
pub mod nsid;
