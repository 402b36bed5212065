//! The places where rns differs from newest upstream on purpose, as listed
//! in README ("What is compatible, and what is better on purpose") and in
//! the man pages: one test each for those not covered elsewhere.

use crate::common::*;

/// `--whitelist-env` with none of its variables set, or an empty list:
/// an empty environment, as util-linux's manual says (util-linux 2.42
/// passes the whole environment on).
#[test]
fn whitelist_env_with_nothing_set_clears_the_environment() {
    for list in [
        "--whitelist-env=RNS_NOPE",
        "--whitelist-env=",
        "--whitelist-env=,",
    ] {
        let o = run(cmd(rns_bin())
            .args(["unshare", list, "/usr/bin/env"])
            .env("RNS_A", "1"));
        assert_eq!(
            (o.stdout.as_str(), o.stderr.as_str(), o.code),
            ("", "", 0),
            "{list}"
        );
    }
    let o = run(cmd(rns_bin())
        .args([
            "unshare",
            "--whitelist-env",
            "RNS_NOPE,RNS_A",
            "/usr/bin/env",
        ])
        .env("RNS_A", "1"));
    assert_eq!(o.stdout, "RNS_A=1\n", "{o:?}");
}

/// `rns netns monitor > FILE`: each line is in the file as soon as its
/// event happened, before rns is killed (ip's stays in its stdio buffer
/// and is lost).
#[test]
fn netns_monitor_writes_each_line_at_once_into_a_file() {
    let Some(t) = Test::new().root().sandbox().ready() else {
        return;
    };
    let o = t.sh(r#"
wait_for() {
    i=0
    until eval "$1"; do
        i=$((i + 1)); [ $i -lt 400 ] || { echo "timed out: $1"; exit 1; }
        sleep 0.05
    done
}
"$RNS" netns monitor > /run/mon 2>&1 & m=$!
# Ready once its inotify watch is in place.
wait_for "grep -qs '^inotify wd' /proc/$m/fdinfo/*"
"$RNS" netns add rns-mon
wait_for "grep -qx 'add rns-mon' /run/mon"
"$RNS" netns del rns-mon
wait_for "grep -qx 'delete rns-mon' /run/mon"
kill -KILL $m; wait $m
cat /run/mon
"#);
    assert_eq!(o.stdout, "add rns-mon\ndelete rns-mon\n", "{o:?}");
    assert_eq!(o.code, 0, "{o:?}");
}
