//! fish: `complete -C`.

use super::*;
use rns::applet::APPLETS;
use rns::docs;

/// `complete -C LINE` in fish with only our file on the completion path,
/// installed under every command name as install.sh does.
pub(crate) fn fish_complete(line: &str) -> Vec<String> {
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
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "\\'"))
}

#[test]
fn fish_offers_exactly_the_table_options_and_values() {
    if !need_tool("/usr/bin/fish") {
        return;
    }
    for a in applets() {
        let table = table_words(a);
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
