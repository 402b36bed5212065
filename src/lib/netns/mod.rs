//! The /run/netns store and the `ip netns exec` environment.
