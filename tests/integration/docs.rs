//! Man pages, completions, `--help` and install.sh kept in step with the
//! flag tables (`rns::applet::APPLETS`).
//!
//! `RNS_BLESS=1 cargo test --test integration docs::` rewrites the
//! generated completion files from the tables.

use crate::common::*;
use rns::applet::{Applet, APPLETS};
use rns::docs::{self, Style};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Each applet once per table (netns and ipnetns share one).
fn applets() -> impl Iterator<Item = &'static Applet> {
    APPLETS.iter()
}

/// The option words an applet's table defines.
fn table_words(a: &Applet) -> BTreeSet<String> {
    let flags = docs::flags_of(a);
    flags
        .iter()
        .flat_map(|f| docs::option_words(f, docs::style(a.name)))
        .collect()
}

#[track_caller]
fn same_set(what: &str, table: &BTreeSet<String>, found: &BTreeSet<String>) {
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
        let page = docs::man_page(a.name)
            .unwrap_or_else(|| panic!("applet {} has no man page in docs::man_page", a.name));
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
        let page = docs::man_page(a.name).unwrap();
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
        let section_page = docs::man_page(a.name).unwrap();
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
    if !need_tool("/usr/bin/mandoc") {
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
            let words = docs::option_words(f, docs::style(a.name));
            let found = words.iter().all(|w| {
                help_has(&help, w)
                    || (docs::style(a.name) == Style::Iproute && help_has(&help, &format!("-{w}")))
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

// ------------------------------------------------------------ completions

fn bash_file() -> PathBuf {
    root().join("completions/rns.bash")
}

/// Run the bash completion function on `words` (the last one is the word
/// being completed) and return COMPREPLY.
fn bash_complete_in(words: &[&str], setup: &str) -> Vec<String> {
    let script = format!(
        "{setup}\nsource \"$0\" || exit 9\nCOMP_WORDS=(\"$@\")\nCOMP_CWORD=$(($# - 1))\n\
         COMP_LINE=\"$*\"\nCOMP_POINT=${{#COMP_LINE}}\n_rns_complete\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let o = run(cmd("/bin/bash")
        .arg("-c")
        .arg(script)
        .arg(bash_file())
        .args(words));
    assert_eq!(o.code, 0, "bash completion of {words:?}: {o:?}");
    assert_eq!(o.stderr, "", "bash completion of {words:?}");
    o.stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn bash_complete(words: &[&str]) -> Vec<String> {
    bash_complete_in(words, "")
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn got(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

#[test]
fn bash_offers_exactly_the_table_options_for_every_applet_and_name() {
    for a in applets() {
        let table = table_words(a);
        let names = [
            a.name.to_string(),
            format!("rns-{}", a.name),
            format!("/usr/local/bin/{}", a.name),
        ];
        for name in &names {
            let offered = got(bash_complete(&[name, "-"]));
            same_set(&format!("bash completion of `{name} -`"), &table, &offered);
        }
        let offered = got(bash_complete(&["rns", a.name, "-"]));
        same_set(
            &format!("bash completion of `rns {} -`", a.name),
            &table,
            &offered,
        );
    }
}

#[test]
fn bash_completes_long_option_prefixes_and_values() {
    assert_eq!(bash_complete(&["unshare", "--prop"]), ["--propagation"]);
    assert_eq!(
        got(bash_complete(&["unshare", "--propagation", ""])),
        set(&["slave", "shared", "private", "unchanged"])
    );
    // An abbreviated option takes its value from the next word too.
    assert_eq!(
        got(bash_complete(&["unshare", "--prop", "s"])),
        set(&["slave", "shared"])
    );
    assert_eq!(
        got(bash_complete(&["unshare", "--setgroups", ""])),
        set(&["allow", "deny"])
    );
    assert_eq!(
        got(bash_complete(&["rns", "unshare", "-r", "--setgroups", "d"])),
        set(&["deny"])
    );
}

#[test]
fn bash_completes_optional_values_after_equals() {
    let signals: BTreeSet<String> = docs::signal_names().iter().map(|s| s.to_string()).collect();
    // Readline splits `--kill-child=` at `=` (COMP_WORDBREAKS): the reply
    // is the value alone.
    assert_eq!(
        got(bash_complete(&["unshare", "--kill-child", "=", ""])),
        signals
    );
    assert_eq!(
        got(bash_complete(&["unshare", "--kill-child", "=", "TE"])),
        set(&["TERM"])
    );
    // Without the split, the reply carries the option.
    assert_eq!(
        got(bash_complete(&["unshare", "--kill-child=US"])),
        set(&["--kill-child=USR1", "--kill-child=USR2"])
    );
    // The `=` word did not end the options: the program is still next.
    let after = bash_complete(&["unshare", "--kill-child", "=", "TERM", "--propag"]);
    assert_eq!(after, ["--propagation"]);
}

#[test]
fn bash_completes_users_groups_pids_and_programs() {
    assert!(bash_complete(&["unshare", "--map-user", "ro"]).contains(&"root".to_string()));
    assert!(bash_complete(&["unshare", "--map-group", "ro"]).contains(&"root".to_string()));
    // Short option with a required argument: the next word is its value.
    let dirs = bash_complete(&["unshare", "-R", "/et"]);
    assert!(dirs.contains(&"/etc".to_string()), "{dirs:?}");
    // The first operand is the program; options after it are its own.
    assert!(bash_complete(&["unshare", "-r", "bas"]).contains(&"bash".to_string()));
    let after_prog = bash_complete(&["unshare", "-r", "ls", "--prop"]);
    assert!(
        !after_prog.contains(&"--propagation".to_string()),
        "{after_prog:?}"
    );
    let me = std::process::id().to_string();
    let flags = docs::flags_of(APPLETS.iter().find(|a| a.name == "nsenter").unwrap());
    if flags
        .iter()
        .any(|f| f.long == "target" && f.complete == rns::cli::Complete::Pid)
    {
        let pids = bash_complete(&["nsenter", "--target", &me]);
        assert!(pids.contains(&me), "{pids:?}");
        let pids = bash_complete(&["nsenter", "-t", &me]);
        assert!(pids.contains(&me), "{pids:?}");
    }
}

#[test]
fn bash_hands_the_program_arguments_to_its_own_completion() {
    let lib = "/usr/share/bash-completion/bash_completion";
    if !need_tool(lib) {
        return;
    }
    // With bash-completion loaded, the program's arguments complete as the
    // program's (here ls's long options, parsed from `ls --help`).
    let setup = format!("source {lib}");
    let want = set(&["--all", "--almost-all"]);
    assert_eq!(
        got(bash_complete_in(&["unshare", "-r", "ls", "--al"], &setup)),
        want
    );
    assert_eq!(
        got(bash_complete_in(
            &["rns", "nsenter", "-t", "1", "-n", "ls", "--al"],
            &setup
        )),
        want
    );
    assert_eq!(
        got(bash_complete_in(
            &["netns", "exec", "blue", "ls", "--al"],
            &setup
        )),
        want
    );
    assert_eq!(
        got(bash_complete_in(&["unshare", "--", "ls", "--al"], &setup)),
        want
    );
}

#[test]
fn bash_completes_rns_itself() {
    let first = got(bash_complete(&["rns", ""]));
    for a in APPLETS {
        assert!(first.contains(a.name), "{first:?}");
    }
    for o in docs::RNS_OPTIONS {
        assert!(first.contains(*o), "{first:?}");
    }
    assert_eq!(bash_complete(&["rns", "--ins"]), ["--install"]);
    assert_eq!(bash_complete(&["rns", "--install", "-"]), ["-s"]);
}

#[test]
fn bash_completes_subcommands_and_namespace_names() {
    if !need_root() {
        return;
    }
    let words = |a: &str| {
        let ap = APPLETS.iter().find(|x| x.name == a).unwrap();
        docs::words_of(ap)
    };
    for applet in ["netns", "ipnetns", "veth"] {
        let w: BTreeSet<String> = words(applet).iter().map(|s| s.to_string()).collect();
        assert_eq!(got(bash_complete(&[applet, ""])), w, "{applet}");
    }
    // Namespace names come from /run/netns: make some in a private /run.
    let script = format!(
        "mkdir -p /run/netns && touch /run/netns/alpha /run/netns/beta && \
         COMP_WORDBREAKS=\"$COMP_WORDBREAKS\" /bin/bash -c '\
         source {f}; \
         c() {{ COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _rns_complete; echo \"${{COMPREPLY[*]}}\"; }}; \
         c netns exec \"\"; c netns del a; c rns netns -n \"\"; c netns exec alpha ech; \
         c veth add x y --peer-netns b; c veth list --netns \"\"; c ipnetns pids \"\"'",
        f = bash_file().display()
    );
    let o = in_sandbox(&script);
    assert_eq!(o.code, 0, "{o:?}");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "alpha beta",
            "alpha",
            "alpha beta",
            "echo",
            "beta",
            "alpha beta",
            "alpha beta"
        ],
        "{o:?}"
    );
}

#[test]
fn completion_files_parse() {
    let o = run(cmd("/bin/bash").arg("-n").arg(bash_file()));
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "bash -n");
    if need_tool("/usr/bin/zsh") {
        let o = run(cmd("/usr/bin/zsh")
            .arg("-n")
            .arg(root().join("completions/_rns")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "zsh -n");
    }
    if need_tool("/usr/bin/fish") {
        let o = run(cmd("/usr/bin/fish")
            .arg("--no-execute")
            .arg(root().join("completions/rns.fish")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "fish --no-execute");
    }
}

/// The option words of `_rns_APPLET` in the zsh file: the `'*-m-[...]'`
/// specs of its `opts` array.
fn zsh_options(text: &str, applet: &str) -> BTreeSet<String> {
    let head = format!(
        "_rns_{}() {{",
        applet.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let body = text
        .split(&head)
        .nth(1)
        .unwrap_or_else(|| panic!("_rns: no function for {applet}"));
    let body = body.split("\n}\n").next().unwrap();
    let mut out = BTreeSet::new();
    for line in body.lines() {
        let Some(spec) = line.trim().strip_prefix("'*") else {
            continue;
        };
        let name = spec.split('[').next().unwrap();
        let name = name
            .strip_suffix("=-")
            .or_else(|| name.strip_suffix('='))
            .or_else(|| name.strip_suffix('+'))
            .or_else(|| (name.len() == 3).then(|| name.strip_suffix('-')).flatten())
            .unwrap_or(name);
        out.insert(name.to_string());
    }
    out
}

#[test]
fn zsh_offers_exactly_the_table_options() {
    let text = read("completions/_rns");
    let first = text.lines().next().unwrap();
    for n in docs::command_names() {
        assert!(
            first.split_whitespace().any(|w| w == n),
            "#compdef lacks {n}"
        );
    }
    for a in applets() {
        same_set(
            &format!("zsh completion of {}", a.name),
            &table_words(a),
            &zsh_options(&text, a.name),
        );
    }
}

/// Drives zsh's completion system for real: an interactive zsh on a pty
/// (zsh/zpty) with only our `_rns` added to fpath, `compadd` wrapped to log
/// every match, and for each line: type it, press TAB, then a widget that
/// marks the end of the matches and clears the line.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty || exit 3
fpath_dir=$1 out=$2
shift 2
: > $out
zpty z zsh -f -i
zpty -w z "fpath=($fpath_dir \$fpath); autoload -Uz compinit; compinit -u -D; PROMPT=; unsetopt zle_bracketed_paste"
zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a h; builtin compadd -A h \"\$@\"; (( \$#h )) && print -rl -- \$h >> $out; builtin compadd \"\$@\"; }"
zpty -w z "finish() { print -r -- '<<END>>' >> $out; BUFFER=; CURSOR=0 }; zle -N finish; bindkey '^X' finish"
integer n=0 i
for line in "$@"; do
  (( n++ ))
  zpty -n -w z "$line"$'\t\x18'
  for (( i = 0; i < 2000; i++ )); do
    zpty -r -t z junk 2>/dev/null
    (( $(grep -c '<<END>>' $out) >= n )) && break
    sleep 0.005
  done
done
zpty -d z
(( $(grep -c '<<END>>' $out) == n )) || { echo "zsh did not finish completing" >&2; exit 4; }
cat $out
"#;

/// The matches zsh offers for each line.
fn zsh_complete_all(lines: &[&str]) -> Vec<BTreeSet<String>> {
    let dir = std::env::temp_dir().join(unique("rns-zsh"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("completions/_rns"), dir.join("_rns")).unwrap();
    let o = run(cmd("/usr/bin/zsh")
        .arg("-f")
        .arg("-c")
        .arg(ZSH_CAPTURE)
        .arg("zcap")
        .arg(&dir)
        .arg(dir.join("out"))
        .args(lines)
        .env("TERM", "dumb"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (0, ""),
        "zsh completion of {lines:?}"
    );
    let mut groups = vec![BTreeSet::new()];
    for l in o.stdout.lines() {
        if l == "<<END>>" {
            groups.push(BTreeSet::new());
        } else {
            groups.last_mut().unwrap().insert(l.to_string());
        }
    }
    groups.pop();
    assert_eq!(groups.len(), lines.len());
    groups
}

#[test]
fn zsh_completion_offers_the_table_options_and_values() {
    if !need_tool("/usr/bin/zsh") {
        return;
    }
    let mut lines = Vec::new();
    for a in applets() {
        lines.push(format!("{} -", a.name));
        lines.push(format!("rns {} -", a.name));
    }
    let fixed = [
        "unshare --prop",
        "rns-unshare --propagation ",
        "rns unshare --setgroups ",
        "unshare --kill-child=",
        "rns ",
        "veth ",
        "veth add a b --peer-n",
    ];
    lines.extend(fixed.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut res = zsh_complete_all(&refs).into_iter();
    for a in applets() {
        for line in [format!("{} -", a.name), format!("rns {} -", a.name)] {
            let mut offered = res.next().unwrap();
            // `-` alone is zsh's own precommand word, not an option.
            offered.remove("-");
            same_set(
                &format!("zsh completion of `{line}`"),
                &table_words(a),
                &offered,
            );
        }
    }
    let mut next = || res.next().unwrap();
    assert_eq!(next(), set(&["--propagation"]));
    assert_eq!(next(), set(&["slave", "shared", "private", "unchanged"]));
    assert_eq!(next(), set(&["allow", "deny"]));
    let signals: BTreeSet<String> = docs::signal_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(next(), signals);
    let applets: BTreeSet<String> = APPLETS.iter().map(|a| a.name.to_string()).collect();
    assert_eq!(next(), applets);
    let veth = APPLETS.iter().find(|a| a.name == "veth").unwrap();
    let words: BTreeSet<String> = docs::words_of(veth).iter().map(|s| s.to_string()).collect();
    assert_eq!(next(), words);
    // Options still complete after a subcommand's operands.
    assert_eq!(next(), set(&["--peer-netns"]));
}

/// `complete -C LINE` in fish with only our file on the completion path,
/// installed under every command name as install.sh does.
fn fish_complete(line: &str) -> Vec<String> {
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
    let o = run(cmd("/usr/bin/fish")
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
        let page = docs::man_page(a.name).unwrap();
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
    if need_tool("/usr/bin/man") {
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
