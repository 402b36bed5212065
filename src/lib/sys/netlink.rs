//! unsafe wrappers needed by the netlink code (see ../mod.rs for the rules).
