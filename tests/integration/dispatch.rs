use crate::common::*;

#[test]
fn unknown_applet_is_127() {
    let o = rns("bogus", &[]);
    assert_eq!(o.code, 127);
    assert!(o.stderr.contains("bogus: applet not found"), "{o:?}");
}

#[test]
fn list_names_every_applet() {
    let o = run(cmd(rns_bin()).arg("--list"));
    assert_eq!(o.stdout, "unshare\nnsenter\nnetns\nipnetns\nveth\n");
    assert_eq!(o.code, 0);
}

#[test]
fn argv0_selects_the_applet_behind_a_prefix() {
    let dir = std::env::temp_dir().join(unique("rns-links"));
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(cmd(rns_bin()).args(["--install", "-s"]).arg(&dir));
    assert_eq!(o.code, 0, "{o:?}");
    for name in ["rns-unshare", "x_unshare"] {
        std::os::unix::fs::symlink(rns_bin(), dir.join(name)).unwrap();
        let o = run(cmd(dir.join(name)).arg("--version"));
        assert_eq!(
            o.stdout,
            format!(
                "{name} from util-linux 2.42 (rns {})\n",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
    let o = run(cmd(dir.join("unshare")).arg("--bogus"));
    assert_eq!(
        o.stderr,
        format!(
            "{}: unrecognized option '--bogus'\nTry 'unshare --help' for more information.\n",
            dir.join("unshare").display()
        )
    );
    // A name that only ends in an applet name is not that applet.
    std::os::unix::fs::symlink(rns_bin(), dir.join("myunshare")).unwrap();
    assert_eq!(run(&mut cmd(dir.join("myunshare"))).code, 127);
    // Installing again is idempotent; a foreign file in the way is refused.
    assert_eq!(
        run(cmd(rns_bin()).args(["--install", "-s"]).arg(&dir)).code,
        0
    );
    let other = std::env::temp_dir().join(unique("rns-other"));
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("nsenter"), "not rns").unwrap();
    assert_eq!(run(cmd(rns_bin()).arg("--install").arg(&other)).code, 1);
    assert_eq!(
        std::fs::read_to_string(other.join("nsenter")).unwrap(),
        "not rns"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other);
}

#[test]
fn setuid_install_is_refused_before_anything_happens() {
    if !need_root() {
        return;
    }
    let dir = std::env::temp_dir().join(unique("rns-suid"));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("unshare");
    // Copy in a child process: a write fd held by this (multi-threaded)
    // test process could leak into another test's fork and cause ETXTBSY.
    let o = run(cmd("/bin/cp").arg(rns_bin()).arg(&copy));
    assert_eq!(o.code, 0, "{o:?}");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o4755)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let marker = dir.join("marker");
    let o = unprivileged(&[
        copy.to_str().unwrap(),
        "--map-root-user",
        "touch",
        marker.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.contains("setuid"), "{o:?}");
    assert!(!marker.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
