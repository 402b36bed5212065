//! unsafe wrappers needed by the netns code (see ../mod.rs for the rules).
