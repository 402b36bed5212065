//! fish: `complete -C`.

use super::*;
use rns::applet::APPLETS;
use rns::docs;

/// `complete -C LINE` in fish with only our file on the completion path,
/// installed under every command name as install.sh does.
pub(crate) fn fish_complete(line: &str) -> Vec<String> {
    fish_complete_described(line)
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

/// The candidates with their descriptions.
fn fish_complete_described(line: &str) -> Vec<(String, String)> {
    let dir = std::env::temp_dir().join(unique("rns-fish"));
    std::fs::create_dir_all(&dir).unwrap();
    for n in docs::command_names() {
        std::fs::copy(
            root().join("completions/rns.fish"),
            dir.join(format!("{n}.fish")),
        )
        .unwrap();
    }
    // fish loads completions only for commands it finds on PATH.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for n in docs::command_names() {
        std::os::unix::fs::symlink(rns_bin(), bin.join(n)).unwrap();
    }
    let script = format!(
        "set fish_complete_path {}; complete -C {}",
        dir.display(),
        shell_quote(line)
    );
    let home = ShellHome::new();
    let o = run(home
        .cmd("/usr/bin/fish")
        .arg("--no-config")
        .arg("-c")
        .arg(script)
        .env(
            "PATH",
            format!("{}:/usr/sbin:/usr/bin:/sbin:/bin", bin.display()),
        ));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (0, ""),
        "fish complete -C {line:?}"
    );
    o.stdout
        .lines()
        .map(|l| {
            let (w, d) = l.split_once('\t').unwrap_or((l, ""));
            (w.to_string(), d.to_string())
        })
        .collect()
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "\\'"))
}

#[test]
fn fish_offers_exactly_the_table_options_and_values() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    for a in applets() {
        let table = first_words(a);
        for line in [format!("{} -", a.name), format!("rns {} -", a.name)] {
            let mut offered = got(fish_complete(&line));
            // fish lists `-m` and also `--mount` for `-`: both are options.
            offered.retain(|w| w.starts_with('-'));
            same_set(&format!("fish completion of `{line}`"), &table, &offered);
        }
    }
    assert_eq!(fish_complete("unshare --prop"), ["--propagation"]);
    assert_eq!(
        got(fish_complete("unshare --propagation ")),
        set(&["slave", "shared", "private", "unchanged"])
    );
    assert_eq!(
        got(fish_complete("rns-unshare --setgroups=")),
        set(&["--setgroups=allow", "--setgroups=deny"])
    );
    assert!(fish_complete("unshare --kill-child=TE").contains(&"--kill-child=TERM".to_string()));
    let first = got(fish_complete("rns "));
    for a in APPLETS {
        assert!(first.contains(a.name), "{first:?}");
    }
    assert_eq!(
        got(fish_complete("veth ")),
        set(&docs::words_of(
            APPLETS.iter().find(|a| a.name == "veth").unwrap()
        ))
    );
}

/// An optional value (`--kill-child=`) completes to its values only, not
/// to file names beside them.
#[test]
fn fish_offers_no_file_names_beside_option_values() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    let signals: BTreeSet<String> = docs::signal_names()
        .iter()
        .map(|s| format!("--kill-child={s}"))
        .collect();
    assert_eq!(got(fish_complete("unshare --kill-child=")), signals);
    let roots = set(&["--mount-proc=/proc", "--mount-proc=/"]);
    let proc: BTreeSet<String> = got(fish_complete("unshare --mount-proc=/pro"));
    assert!(
        proc.iter().all(|p| p.starts_with("--mount-proc=/pro")),
        "{proc:?} {roots:?}"
    );
}

/// Where no file fits (a new name), fish offers nothing, not file names.
#[test]
fn fish_offers_no_file_names_where_none_fit() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    for line in [
        "netns add ",
        "rns netns add x",
        "veth add ",
        "veth add a ",
        "veth list ",
    ] {
        assert_eq!(fish_complete(line), Vec::<String>::new(), "{line:?}");
    }
}

/// `--wd=` and `-w` complete directories, spelled after the option once.
#[test]
fn fish_completes_directories_for_directory_values() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    // The tests run in the crate root: src/ and tests/ are there.
    for (line, pre) in [
        ("nsenter --wd=", "--wd="),
        ("nsenter -wsr", "-w"),
        ("unshare --wd=", "--wd="),
    ] {
        let offered = fish_complete(line);
        assert!(
            offered.contains(&format!("{pre}src/")),
            "{line:?}: {offered:?}"
        );
        assert!(
            offered
                .iter()
                .all(|d| d.ends_with('/') && !d[pre.len()..].starts_with('-')),
            "{line:?}: {offered:?}"
        );
    }
}

/// Descriptions are the whole help text, not its first line.
#[test]
fn fish_descriptions_are_the_whole_help() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    let veth = APPLETS.iter().find(|a| a.name == "veth").unwrap();
    let netns = docs::flags_of(veth)
        .into_iter()
        .find(|f| f.long == "netns")
        .unwrap();
    assert!(
        netns.help.contains('\n'),
        "the test needs a help text of two lines"
    );
    let want = netns.help.split_whitespace().collect::<Vec<_>>().join(" ");
    let offered = fish_complete_described("veth del --netn");
    assert_eq!(offered, [("--netns".to_string(), want)]);
}

#[test]
fn fish_offers_only_the_options_of_the_subcommand() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    for word in ["add", "del", "list"] {
        let mut offered = got(fish_complete(&format!("veth {word} -")));
        offered.retain(|w| w.starts_with('-'));
        assert_eq!(offered, options_with("veth", word), "veth {word} -");
    }
}

#[test]
fn fish_completes_the_veths_of_the_given_namespace() {
    if !Test::new().root().tool("/usr/bin/fish").ok() {
        return;
    }
    let setup = format!("{RNS_ON_PATH} && {}", super::bash::VETHS);
    let lines = [
        "veth del ",
        "veth del --netns a ",
        "rns veth --netns=a del v",
        "rns-veth --net a del ",
    ];
    let offered: Vec<BTreeSet<String>> = sandboxed(&setup, || {
        lines.iter().map(|l| got(fish_complete(l))).collect()
    });
    let caller = set(&["vc", "vd"]);
    let in_a = set(&["va", "vb"]);
    assert_eq!(offered, [caller, in_a.clone(), in_a.clone(), in_a]);
}

#[test]
fn fish_completes_namespace_names_with_any_bytes() {
    if !Test::new().root().tool("/usr/bin/fish").ok() {
        return;
    }
    let setup = "mkdir -p /run/netns && touch /run/netns/alpha \
        \"/run/netns/$(printf 'caf\\351')\" '/run/netns/two words'";
    let (all, caf) = sandboxed(setup, || {
        (
            got(fish_complete("netns exec ")),
            fish_complete("veth list --netns caf"),
        )
    });
    assert_eq!(all, set(&["alpha", "caf\u{fffd}", "two words"]));
    assert_eq!(caf, ["caf\u{fffd}"]);
}

/// `--user` (issue 12) completes as the first word only; after it, names
/// and veths are the caller's own (from `netns --user list`, also for a
/// `veth` link), never /run/netns's.
#[test]
fn fish_completes_the_user_store() {
    if !Test::new().root().tool("/usr/bin/fish").ok() {
        return;
    }
    let offered = with_user_store(|| {
        USER_STORE_LINES
            .iter()
            .map(|l| got(fish_complete(l)))
            .collect()
    });
    check_user_store(offered, &["--peer-netns=ua", "--peer-netns=ub"]);
}

/// `netns add NAME --owner USER[:GROUP]`: the option after NAME only (and
/// not after `--user`), then
/// users, and after `USER:` groups.
#[test]
fn fish_completes_owner_users_and_groups() {
    if !Test::new().tool("/usr/bin/fish").ok() {
        return;
    }
    let mut after_name = got(fish_complete("netns add x -"));
    after_name.retain(|w| w.starts_with('-'));
    assert!(after_name.remove("--owner"), "{after_name:?}");
    assert_eq!(after_name, options_with("netns", "add"));
    assert!(!fish_complete("netns add -").contains(&"--owner".to_string()));
    assert!(!fish_complete("netns exec x -").contains(&"--owner".to_string()));
    // A user's own store has no delegated namespaces.
    let user = fish_complete("netns --user add x -");
    assert!(
        user.contains(&"-json".to_string()) && !user.contains(&"--owner".to_string()),
        "{user:?}"
    );
    assert_eq!(fish_complete("rns netns add x --ow"), ["--owner"]);
    for (line, want) in [
        ("netns add x --owner ro", "root"),
        ("ipnetns add x --owner=ro", "--owner=root"),
        ("netns add x --owner root:da", "root:daemon"),
    ] {
        let offered = fish_complete(line);
        assert!(offered.contains(&want.to_string()), "{line:?}: {offered:?}");
    }
}
