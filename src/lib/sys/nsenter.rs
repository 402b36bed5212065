//! unsafe wrappers needed by the nsenter code (see ../mod.rs for the rules).
