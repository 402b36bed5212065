//! `rns netns` at the edges: its version line, bytes ip treats as C strings
//! (a NUL inside a batch line, names that are not UTF-8), and `add` racing
//! iproute2's `ip netns add` for one name.

use crate::common::*;

/// Every spelling ip 7.1.0 takes for `-Version` (any prefix from `-V`,
/// one or two dashes); what ip says, then rns's own version.
#[test]
fn version_is_newest_iproute2_then_rns() {
    let want = format!(
        "ip utility, iproute2-7.1.0 (rns {})\n",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["-V", "-Ve", "-Version", "--V", "--Version", "--Vers"] {
        let o = rns("netns", &[flag, "list"]);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, want.as_str(), ""),
            "{flag}"
        );
    }
    let o = rns("netns", &["-json", "-V", "-bogus"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, want.as_str()));
    for flag in ["-Versions", "-v"] {
        let o = rns("netns", &[flag]);
        let msg = format!("Option \"{flag}\" is unknown, try \"ip -help\".\n");
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (255, "", msg.as_str())
        );
    }
}
