use crate::common::*;

#[test]
fn unknown_applet_is_127() {
    let o = rns("bogus", &[]);
    assert_eq!(o.code, 127);
    assert!(o.stderr.contains("bogus: applet not found"), "{o:?}");
}

#[test]
fn unknown_applet_names_the_applets() {
    for args in [&["bogus"][..], &["help", "bogus"]] {
        let o = run(cmd(rns_bin()).args(args));
        assert_eq!(o.code, 127, "{args:?}");
        assert_eq!(
            o.stderr,
            "rns: bogus: applet not found (applets: unshare, nsenter, netns, ipnetns, veth; \
             see 'rns --help')\n"
        );
    }
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
    if !Test::new().root().ok() {
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

/// `rns ARGS`, from a scratch directory (so a mistaken `--install -s`
/// would show up there as a directory named `-s`).
fn rns_in(dir: &std::path::Path, args: &[&str]) -> Out {
    run(cmd(rns_bin()).args(args).current_dir(dir))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_lists_every_applet_with_its_summary_and_points_to_rns_1() {
    let o = run(cmd(rns_bin()).arg("--help"));
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    for a in rns::applet::APPLETS {
        assert!(
            o.stdout
                .lines()
                .any(|l| l.split_whitespace().next() == Some(a.name) && l.ends_with(a.summary)),
            "no line for {} in\n{}",
            a.name,
            o.stdout
        );
    }
    assert!(
        o.stdout.ends_with("For more details see rns(1).\n"),
        "{o:?}"
    );
    // getopt_long prefixes, the short form and `rns help` say the same.
    for args in [&["--hel"][..], &["--h"], &["-h"], &["help"]] {
        assert_eq!(run(cmd(rns_bin()).args(args)), o, "{args:?}");
    }
}

#[test]
fn help_applet_prints_that_applets_help() {
    for (applet, own) in [
        ("unshare", "--help"),
        ("nsenter", "--help"),
        ("veth", "--help"),
        ("netns", "help"),
    ] {
        let o = run(cmd(rns_bin()).args(["help", applet]));
        assert_eq!(o, rns(applet, &[own]), "rns help {applet}");
        assert!(
            format!("{}{}", o.stdout, o.stderr).contains("Usage:"),
            "{o:?}"
        );
    }
}

#[test]
fn usage_errors_say_what_is_wrong_and_point_to_help() {
    let dir = scratch("rns-usage");
    let cases: &[(&[&str], &str)] = &[
        (&[], "no applet specified"),
        (&["--bogus"], "unrecognized option '--bogus'"),
        (&["-x"], "invalid option -- 'x'"),
        (&["--list=1"], "option '--list' doesn't allow an argument"),
        (&["--install", "-s"], "--install: no directory specified"),
        (&["--install"], "--install: no directory specified"),
        (
            &["--install", "a", "b"],
            "--install: unexpected argument 'b'",
        ),
        (&["--list", "extra"], "--list: unexpected argument 'extra'"),
        (
            &["-l", "--install", "d"],
            "--list and --install are mutually exclusive",
        ),
        (&["-s", "unshare"], "-s is only valid with --install"),
        (&["help", "unshare", "x"], "help: unexpected argument 'x'"),
    ];
    for (args, msg) in cases {
        let o = rns_in(&dir, args);
        assert_eq!(
            o,
            Out {
                stdout: String::new(),
                stderr: format!("rns: {msg}\nTry 'rns --help' for more information.\n"),
                code: 1
            },
            "rns {args:?}"
        );
    }
    // Nothing was made of the words taken for operands.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every path `rns --install` made in `dir` leads to the binary.
fn all_lead_to_rns(dir: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let me = std::fs::metadata(rns_bin()).unwrap();
    rns::applet::APPLETS.iter().all(|a| {
        std::fs::metadata(dir.join(a.name))
            .is_ok_and(|m| m.ino() == me.ino() && m.dev() == me.dev())
    })
}

#[test]
fn readmes_install_command_works_where_the_directory_is_missing() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.trim_start().starts_with("rns --install -s "))
        .expect("README's install command");
    let script = line.trim().replacen("rns", "\"$RNS\"", 1);
    let home = scratch("rns-home");
    let o = run(cmd("/bin/sh")
        .arg("-c")
        .arg(&script)
        .env("RNS", rns_bin())
        .env("HOME", &home));
    assert_eq!(o.code, 0, "{script}: {o:?}");
    let bin = home.join(".local/bin");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&bin).unwrap().permissions().mode();
    assert_eq!(mode & 0o700, 0o700, "{mode:o}");
    assert!(all_lead_to_rns(&bin));
    assert!(std::fs::symlink_metadata(bin.join("unshare"))
        .unwrap()
        .is_symlink());
    // The installed link runs its applet.
    assert_eq!(run(cmd(bin.join("unshare")).arg("-V")).code, 0);
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn install_failing_to_make_the_directory_names_it() {
    let dir = scratch("rns-nodir");
    std::fs::write(dir.join("file"), "").unwrap();
    let o = rns_in(&dir, &["--install", "file/bin"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "rns: cannot create directory 'file/bin': Not a directory\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn install_keeps_every_link_that_already_leads_to_rns() {
    let dir = scratch("rns-relink");
    // Hard links over symbolic ones, and symbolic over hard.
    let o = rns_in(&dir, &["--install", "-s", "sym"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(rns_in(&dir, &["--install", "sym"]).code, 0);
    assert_eq!(rns_in(&dir, &["--install", "hard"]).code, 0);
    let o = rns_in(&dir, &["--install", "-s", "hard"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(std::fs::symlink_metadata(dir.join("sym/veth"))
        .unwrap()
        .is_symlink());
    assert!(!std::fs::symlink_metadata(dir.join("hard/veth"))
        .unwrap()
        .is_symlink());
    // Symbolic links that spell another path to the same binary.
    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    let via = dir.join("via");
    std::os::unix::fs::symlink(std::path::Path::new(rns_bin()).parent().unwrap(), &via).unwrap();
    for a in rns::applet::APPLETS {
        std::os::unix::fs::symlink(via.join("rns"), other.join(a.name)).unwrap();
    }
    for args in [&["--install", "-s", "other"][..], &["--install", "other"]] {
        let o = rns_in(&dir, args);
        assert_eq!(o.code, 0, "{args:?}: {o:?}");
    }
    for d in ["sym", "hard", "other"] {
        assert!(all_lead_to_rns(&dir.join(d)), "{d}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn install_links_nothing_when_a_foreign_file_is_in_the_way() {
    let dir = scratch("rns-foreign");
    let last = rns::applet::APPLETS.last().unwrap().name;
    std::fs::write(dir.join(last), "not rns").unwrap();
    // A dangling symbolic link is in the way too.
    std::os::unix::fs::symlink("/nonexistent/rns", dir.join("unshare")).unwrap();
    let o = rns_in(&dir, &["--install", "."]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr, "rns: ./unshare: File exists\n");
    std::fs::remove_file(dir.join("unshare")).unwrap();
    let o = rns_in(&dir, &["--install", "."]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (1, "rns: ./veth: File exists\n")
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [last], "links were made before the error");
    assert_eq!(std::fs::read_to_string(dir.join(last)).unwrap(), "not rns");
    let _ = std::fs::remove_dir_all(&dir);
}

/// README's first command: `ps -ef` as PID 1 of a new PID namespace, as
/// root of a new user namespace, sees one process, itself, run by root;
/// outside, the same user's `ps -ef` sees many, PID 1 not among its own.
#[test]
fn readmes_first_command_shows_namespaces_at_work_for_root_and_a_user() {
    if !Test::new().root().tool("/usr/bin/ps").ok() {
        return;
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("cargo install") && l.contains("&& rns "))
        .expect("README's set-up command");
    let demo = line.split_once("&& ").unwrap().1.trim();
    let argv: Vec<&str> = demo.split_whitespace().collect();
    assert_eq!(&argv[..2], ["rns", "unshare"], "{demo}");
    let at = 2 + argv[2..].iter().position(|w| !w.starts_with('-')).unwrap();
    let program = &argv[at..];
    let nobody = as_user();
    for prefix in [&[][..], &nobody[..]] {
        let mut full = prefix.to_vec();
        full.push(rns_bin());
        full.extend(&argv[1..]);
        let inside = run(cmd(full[0]).args(&full[1..]).current_dir("/"));
        assert_eq!(inside.code, 0, "{full:?}: {inside:?}");
        let rows: Vec<Vec<&str>> = inside
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(rows.len(), 1, "{full:?}: {inside:?}");
        assert_eq!(&rows[0][..2], ["root", "1"], "{inside:?}");
        assert!(inside.stdout.ends_with(&format!("{}\n", program.join(" "))));
        // Outside, the same program, as the same user, sees the system.
        let mut plain = prefix.to_vec();
        plain.extend(program);
        let outside = run(cmd(plain[0]).args(&plain[1..]).current_dir("/"));
        assert_eq!(outside.code, 0, "{plain:?}: {outside:?}");
        assert!(outside.stdout.lines().count() > 3, "{outside:?}");
        let pid1 = outside
            .stdout
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some("1"));
        assert!(
            !pid1.unwrap_or("").contains(&program.join(" ")),
            "{outside:?}"
        );
    }
}
