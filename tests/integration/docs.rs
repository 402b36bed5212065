//! Man pages, completions, `--help` and install.sh kept in step with the
//! flag tables (`rns::applet::APPLETS`).
//!
//! `RNS_BLESS=1 cargo test --test integration docs::` rewrites the
//! generated completion files from the tables.

use crate::common::*;
use rns::applet::{Applet, APPLETS};
use rns::docs::{self, Style};
use std::collections::BTreeSet;
use std::path::Path;

pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Each applet once per table (netns and ipnetns share one).
pub(crate) fn applets() -> impl Iterator<Item = &'static Applet> {
    APPLETS.iter()
}

/// The option words an applet's table defines.
pub(crate) fn table_words(a: &Applet) -> BTreeSet<String> {
    let flags = docs::flags_of(a);
    flags
        .iter()
        .flat_map(|f| docs::option_words(f, a.style))
        .collect()
}

#[track_caller]
pub(crate) fn same_set(what: &str, table: &BTreeSet<String>, found: &BTreeSet<String>) {
    let missing: Vec<_> = table.difference(found).collect();
    let extra: Vec<_> = found.difference(table).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: missing from it (in the flag table): {missing:?}; \
         offered by it but not in the flag table: {extra:?}"
    );
}

// ------------------------------------------------------------ generated

type Generator = fn() -> String;

const GENERATED: &[(&str, Generator)] = &[
    ("completions/rns.bash", docs::bash),
    ("completions/_rns", docs::zsh),
    ("completions/rns.fish", docs::fish),
];

#[test]
fn completion_files_are_generated_from_the_tables() {
    let bless = std::env::var("RNS_BLESS").as_deref() == Ok("1");
    let mut stale = Vec::new();
    for (rel, gen) in GENERATED {
        let want = gen();
        let path = root().join(rel);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have == want {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let tmp = std::env::temp_dir().join(unique("rns-gen"));
        std::fs::write(&tmp, &want).unwrap();
        let d = run(cmd("diff").arg("-u").arg(&path).arg(&tmp));
        let _ = std::fs::remove_file(&tmp);
        stale.push(format!("{rel}:\n{}", d.stdout));
    }
    assert!(
        stale.is_empty(),
        "completion files differ from the flag tables; run \
         `RNS_BLESS=1 cargo test --test integration docs::` and commit:\n{}",
        stale.join("\n")
    );
}

// ------------------------------------------------------------ man pages

/// The option words in the tags (`.TP` next line) of a page's OPTIONS
/// section: `\fB\-m\fR, \fB\-\-mount\fR[=\fIfile\fR]` gives -m, --mount.
fn man_options(page: &str) -> BTreeSet<String> {
    let text = read(&format!("man/{page}"));
    let mut out = BTreeSet::new();
    let mut in_options = false;
    let mut tag_next = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(".SH ") {
            in_options = rest.trim().trim_matches('"') == "OPTIONS";
            continue;
        }
        if !in_options {
            continue;
        }
        if line.starts_with(".TP") {
            tag_next = true;
            continue;
        }
        if !tag_next {
            continue;
        }
        tag_next = false;
        for piece in line.split("\\fB").skip(1) {
            let bold = piece.split("\\f").next().unwrap_or("");
            if bold.starts_with("\\-") {
                out.insert(bold.replace("\\-", "-"));
            }
        }
    }
    out
}

#[test]
fn every_applet_has_a_man_page_listing_exactly_its_options() {
    for a in applets() {
        let page = a.man_page;
        assert!(docs::MAN_PAGES.contains(&page), "{page}");
        assert!(
            !docs::flags_of(a).is_empty(),
            "{}: no flag table at all",
            a.name
        );
        same_set(
            &format!("man/{page} OPTIONS for {}", a.name),
            &table_words(a),
            &man_options(page),
        );
    }
}

#[test]
fn man_pages_document_every_subcommand() {
    for a in applets() {
        let page = a.man_page;
        let text = read(&format!("man/{page}"));
        for w in docs::words_of(a) {
            let w = w.replace('-', "\\-");
            let found = [
                format!("\\fB{w}\\fR"),
                format!("\n.SS {w}\n"),
                format!("\n.B {w}\n"),
            ]
            .iter()
            .any(|n| text.contains(n.as_str()));
            assert!(found, "man/{page} does not document `{} {w}`", a.name);
        }
    }
}

#[test]
fn rns_page_names_every_applet_and_rns_option() {
    let page = read("man/rns.1");
    let opts = man_options("rns.1");
    let want: BTreeSet<String> = docs::RNS_OPTIONS.iter().map(|s| s.to_string()).collect();
    let longs: BTreeSet<String> = opts.into_iter().filter(|o| o.starts_with("--")).collect();
    same_set("man/rns.1 OPTIONS", &want, &longs);
    let help = run(cmd(rns_bin()).arg("--help"));
    assert_eq!(help.code, 0);
    for o in docs::RNS_OPTIONS {
        assert!(help.stdout.contains(o), "rns --help lacks {o}");
    }
    for a in APPLETS {
        assert!(
            page.contains(&format!(".TP\n.B {}\n", a.name)),
            "man/rns.1 does not name applet {}",
            a.name
        );
        let section_page = a.man_page;
        let (name, sect) = section_page.rsplit_once('.').unwrap();
        assert!(
            page.replace("\\-", "-")
                .contains(&format!(".BR {name} ({sect})")),
            "man/rns.1 SEE ALSO lacks {section_page}"
        );
    }
}

#[test]
fn man_pages_are_lint_clean() {
    if !Test::new().tool("/usr/bin/mandoc").ok() {
        return;
    }
    for page in docs::MAN_PAGES {
        let path = root().join("man").join(page);
        assert!(path.exists(), "man/{page} missing");
        let o = run(cmd("/usr/bin/mandoc")
            .args(["-T", "lint", "-W", "all"])
            .arg(&path));
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, "", ""),
            "mandoc -T lint man/{page}"
        );
    }
}

#[test]
fn man_pages_cover_the_pitfalls_and_examples() {
    for page in docs::MAN_PAGES {
        let text = read(&format!("man/{page}"));
        for sect in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"] {
            assert!(
                text.contains(&format!(".SH {sect}")) || text.contains(&format!(".SH \"{sect}\"")),
                "man/{page} lacks section {sect}"
            );
        }
    }
    let all: String = docs::MAN_PAGES
        .iter()
        .map(|p| read(&format!("man/{p}")))
        .collect();
    for needle in [
        "\\-\\-preserve\\-credentials",
        "\\-\\-fork",
        "/run/netns",
        "rns veth add",
        "\\-\\-map\\-root\\-user",
        "\\-\\-target",
    ] {
        assert!(all.contains(needle), "no man page mentions {needle}");
    }
}

// ------------------------------------------------------------ --help

/// An option word appears in a help text as a word of its own: `-m` not in
/// `--mount`, `--net` not in `--net-socket`. iproute2's `-j[son]` counts as
/// `-json`.
fn help_has(help: &str, word: &str) -> bool {
    let text: String = help.chars().filter(|&c| c != '[' && c != ']').collect();
    let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
    text.match_indices(word).any(|(i, _)| {
        boundary(text[..i].chars().next_back()) && boundary(text[i + word.len()..].chars().next())
    })
}

#[test]
fn help_lists_every_option_of_every_applet() {
    let mut checked = 0;
    for a in applets() {
        let real = (a.flags)();
        assert!(!real.is_empty(), "{}: no flag table", a.name);
        let o = rns(a.name, &["--help"]);
        let mut help = format!("{}{}", o.stdout, o.stderr);
        if !docs::words_of(a).is_empty() {
            // Applets with subcommands may also answer `help` (ip's way).
            let o = rns(a.name, &["help"]);
            help += &format!("{}{}", o.stdout, o.stderr);
        }
        for f in &real {
            let words = docs::option_words(f, a.style);
            let found = words.iter().all(|w| {
                help_has(&help, w)
                    || (a.style == Style::Iproute && help_has(&help, &format!("-{w}")))
            });
            assert!(found, "`rns {} --help` lacks {words:?}:\n{help}", a.name);
        }
        checked += 1;
    }
    assert!(checked > 0, "no applet with a flag table");
}

#[test]
fn help_helper_matches_whole_words_only() {
    assert!(help_has(" -m, --mount[=<file>]", "-m"));
    assert!(help_has(" -m, --mount[=<file>]", "--mount"));
    assert!(!help_has(" -N, --net-socket <fd>", "--net"));
    assert!(!help_has(" --mount-proc", "--mount"));
    assert!(help_has("ip [ -j[son] ]", "-json"));
}

// ------------------------------------------------------------ install.sh

#[test]
fn install_sh_installs_into_a_prefix() {
    let tmp = std::env::temp_dir().join(unique("rns-install"));
    let o = run(cmd("/bin/sh")
        .arg(root().join("install.sh"))
        .arg("--prefix")
        .arg("/opt/rns")
        .arg("--destdir")
        .arg(&tmp)
        .arg("--binary")
        .arg(rns_bin()));
    assert_eq!(o.code, 0, "{o:?}");
    let p = tmp.join("opt/rns");
    let bin = p.join("bin/rns");
    assert!(std::fs::metadata(&bin).unwrap().len() > 0);
    for a in APPLETS {
        let link = p.join("bin").join(a.name);
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            Path::new("rns"),
            "{}",
            a.name
        );
        // The link selects its applet.
        let v = run(cmd(&link).arg("--version"));
        assert_ne!(v.code, 127, "{v:?}");
        assert!(!v.stderr.contains("applet not found"), "{v:?}");
        let page = a.man_page;
        let sect = page.rsplit('.').next().unwrap();
        let installed = p.join(format!("share/man/man{sect}/{page}"));
        assert_eq!(
            std::fs::read_to_string(&installed).unwrap(),
            read(&format!("man/{page}"))
        );
    }
    assert!(p.join("share/man/man1/rns.1").exists());
    let bash_dir = p.join("share/bash-completion/completions");
    assert_eq!(
        std::fs::read_to_string(bash_dir.join("rns")).unwrap(),
        read("completions/rns.bash")
    );
    let fish_dir = p.join("share/fish/vendor_completions.d");
    for n in docs::command_names() {
        assert!(bash_dir.join(&n).exists(), "bash completion for {n}");
        assert!(
            fish_dir.join(format!("{n}.fish")).exists(),
            "fish completion for {n}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(p.join("share/zsh/site-functions/_rns")).unwrap(),
        read("completions/_rns")
    );
    // man finds the installed pages; the installed binary runs.
    if Test::new().tool("/usr/bin/man").ok() {
        for page in docs::MAN_PAGES {
            let (name, sect) = page.rsplit_once('.').unwrap();
            let o = run(cmd("/usr/bin/man")
                .arg("-M")
                .arg(p.join("share/man"))
                .args(["--path", sect, name]));
            assert_eq!(o.code, 0, "{o:?}");
            assert_eq!(
                o.stdout.trim(),
                p.join(format!("share/man/man{sect}/{page}"))
                    .display()
                    .to_string()
            );
        }
    }
    let o = run(cmd(&bin).arg("--list"));
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout.lines().count(), APPLETS.len());
    // Nothing outside DESTDIR/PREFIX.
    let entries: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["opt"]);
    // A second run over an existing install succeeds (upgrades).
    let again = run(cmd("/bin/sh")
        .arg(root().join("install.sh"))
        .args(["--prefix", "/opt/rns", "--destdir"])
        .arg(&tmp)
        .arg("--binary")
        .arg(rns_bin()));
    assert_eq!(again.code, 0, "{again:?}");
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn install_sh_without_links_claims_only_rns_names() {
    let tmp = std::env::temp_dir().join(unique("rns-install"));
    let o = run(cmd("/bin/sh")
        .arg(root().join("install.sh"))
        .arg(format!("--prefix={}", tmp.display()))
        .arg("--no-links")
        .arg(format!("--binary={}", rns_bin())));
    assert_eq!(o.code, 0, "{o:?}");
    let compdef = std::fs::read_to_string(tmp.join("share/zsh/site-functions/_rns")).unwrap();
    let first = compdef.lines().next().unwrap();
    let mut want = vec!["#compdef".to_string(), "rns".to_string()];
    want.extend(APPLETS.iter().map(|a| format!("rns-{}", a.name)));
    assert_eq!(first.split(' ').collect::<Vec<_>>(), want);
    for a in APPLETS {
        assert!(!tmp.join("bin").join(a.name).exists(), "{}", a.name);
        assert!(tmp.join("bin").join(format!("rns-{}", a.name)).exists());
        assert!(!tmp
            .join("share/bash-completion/completions")
            .join(a.name)
            .exists());
        // The installed link runs the applet.
        let v = run(cmd(tmp.join("bin").join(format!("rns-{}", a.name))).arg("--version"));
        assert!(!v.stderr.contains("applet not found"), "{v:?}");
    }
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn install_sh_never_replaces_another_tools_file() {
    let tmp = std::env::temp_dir().join(unique("rns-install"));
    let comp = tmp.join("share/bash-completion/completions");
    std::fs::create_dir_all(tmp.join("bin")).unwrap();
    std::fs::create_dir_all(&comp).unwrap();
    std::fs::write(tmp.join("bin/unshare"), "util-linux's\n").unwrap();
    std::fs::write(comp.join("nsenter"), "util-linux's completion\n").unwrap();
    let install = |extra: &[&str]| {
        run(cmd("/bin/sh")
            .arg(root().join("install.sh"))
            .arg(format!("--prefix={}", tmp.display()))
            .arg(format!("--binary={}", rns_bin()))
            .args(extra))
    };
    let o = install(&[]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.contains("bin/unshare exists"), "{o:?}");
    assert!(o.stderr.contains("completions/nsenter exists"), "{o:?}");
    // Nothing was written.
    assert!(!tmp.join("bin/rns").exists());
    assert!(!tmp.join("share/man").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.join("bin/unshare")).unwrap(),
        "util-linux's\n"
    );
    // Without the plain names there is no conflict, and the files stay.
    let o = install(&["--no-links"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        std::fs::read_to_string(tmp.join("bin/unshare")).unwrap(),
        "util-linux's\n"
    );
    assert_eq!(
        std::fs::read_to_string(comp.join("nsenter")).unwrap(),
        "util-linux's completion\n"
    );
    assert!(tmp.join("bin/rns-unshare").exists());
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn install_sh_rejects_bad_usage() {
    let o = run(cmd("/bin/sh").arg(root().join("install.sh")).arg("--bogus"));
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("usage"), "{o:?}");
    let o = run(cmd("/bin/sh")
        .arg(root().join("install.sh"))
        .args(["--prefix", "relative/dir"]));
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("absolute"), "{o:?}");
}

/// With the default prefix the fish completion goes where fish looks: a
/// plain fish (no XDG_DATA_DIRS) then completes the installed commands.
/// /usr/local and fish's vendor directory are tmpfs in a private mount
/// namespace; fish runs with its own HOME.
#[test]
fn install_sh_default_prefix_puts_fish_completions_where_fish_looks() {
    if !Test::new().root().tool("/usr/bin/fish").ok() {
        return;
    }
    let home = crate::completions::ShellHome::new();
    let script = r#"vendor=/usr/share/fish/vendor_completions.d
        mkdir -p $vendor && mount -t tmpfs rns-test /usr/local && mount -t tmpfs rns-test $vendor &&
        /bin/sh "$1" --binary "$RNS" >&2 && test -f $vendor/rns.fish &&
        PATH=/usr/local/bin:$PATH fish -c 'complete -C "rns-unshare --propa"; complete -C "veth lis"'"#;
    let o = run(home
        .cmd("/usr/bin/unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            script,
        ])
        .arg("sh")
        .arg(root().join("install.sh"))
        .env("RNS", rns_bin()));
    assert_eq!(o.code, 0, "{o:?}");
    let words: Vec<&str> = o
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(words, ["--propagation", "list"], "{o:?}");
}

#[test]
fn install_sh_fish_dir_option_wins() {
    let tmp = std::env::temp_dir().join(unique("rns-install"));
    let o = run(cmd("/bin/sh")
        .arg(root().join("install.sh"))
        .args([
            "--prefix",
            "/opt/rns",
            "--fish-dir",
            "/fish/here",
            "--destdir",
        ])
        .arg(&tmp)
        .arg("--binary")
        .arg(rns_bin()));
    assert_eq!(o.code, 0, "{o:?}");
    assert!(tmp.join("fish/here/rns.fish").is_file());
    assert!(tmp.join("fish/here/rns-veth.fish").is_symlink());
    assert!(!tmp.join("opt/rns/share/fish").exists());
    let _ = std::fs::remove_dir_all(&tmp);
}
