//! The shell completions driven for real: bash, zsh and fish complete
//! command lines and must offer what the flag tables say.

use crate::common::*;
use crate::docs::{applets, read, root, same_set, table_words};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod bash;
mod fish;
mod zsh;

/// A fresh HOME and XDG base dirs for one shell run, so that no shell
/// writes into the invoking user's home (fish creates ~/.config/fish and
/// ~/.local/share/fish at start). Removed on drop.
pub(crate) struct ShellHome {
    pub dir: PathBuf,
}

thread_local! {
    /// The sandbox each shell runs in (see `sandboxed_until`): a private
    /// mount and network namespace with a tmpfs on /run, after a setup and
    /// before a teardown script (`$RNS` is rns).
    static SANDBOX: std::cell::RefCell<Option<Test>> = const { std::cell::RefCell::new(None) };
    /// Set by the test that proves it: run each shell in a private mount
    /// namespace with an empty tmpfs over the homes it could write into,
    /// and fail if anything appears there.
    static GUARD_HOMES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The homes a shell could write into if not told otherwise: the HOME
/// `common::cmd` gives and the invoking user's.
fn real_homes() -> Vec<String> {
    let mut v = vec!["/root".to_string()];
    if let Ok(h) = std::env::var("HOME") {
        if !v.contains(&h) && Path::new(&h).is_dir() {
            v.push(h);
        }
    }
    v
}

const GUARD: &str = r#"n=$1; shift
i=0; for h; do [ $i -lt $n ] && { mount -t tmpfs rns-home "$h" || exit 97; }; i=$((i+1)); done
i=0; homes=; for h; do [ $i -lt $n ] && homes="$homes $h"; i=$((i+1)); done
shift $n
"$@"; rc=$?
for h in $homes; do
  [ -z "$(ls -A "$h")" ] || { echo "wrote into $h:" $(cd "$h" && find . -mindepth 1) >&2; exit 98; }
done
exit $rc"#;

impl ShellHome {
    pub(crate) fn new() -> ShellHome {
        let dir = std::env::temp_dir().join(unique("rns-shell-home"));
        for sub in ["home", "config", "data", "cache", "state", "runtime"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(dir.join("runtime"), private).unwrap();
        ShellHome { dir }
    }

    /// `common::cmd(program)` with HOME and the XDG dirs in here.
    pub(crate) fn cmd(&self, program: &str) -> std::process::Command {
        let sandbox = SANDBOX.with(|s| s.borrow().clone());
        let mut c = if let Some(t) = sandbox {
            let mut c = t.command(&[program]);
            c.env("RNS", rns_bin());
            c
        } else if GUARD_HOMES.with(|g| g.get()) {
            let homes = real_homes();
            let n = homes.len().to_string();
            let mut argv = vec!["/bin/sh", "-c", GUARD, "guard", &n];
            argv.extend(homes.iter().map(String::as_str));
            argv.push(program);
            Test::new().mount_ns().command(&argv)
        } else {
            cmd(program)
        };
        let d = &self.dir;
        c.env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_CACHE_HOME", d.join("cache"))
            .env("XDG_STATE_HOME", d.join("state"))
            .env("XDG_RUNTIME_DIR", d.join("runtime"));
        c
    }
}

impl Drop for ShellHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Run `f` with every shell in a fresh sandbox set up by `setup` (sh).
pub(crate) fn sandboxed<T>(setup: &str, f: impl FnOnce() -> T) -> T {
    sandboxed_until(setup, ":", f)
}

/// `sandboxed`, with `teardown` (sh) run after each shell.
pub(crate) fn sandboxed_until<T>(setup: &str, teardown: &str, f: impl FnOnce() -> T) -> T {
    let t = Test::new()
        .sandbox()
        .net_ns()
        .setup(setup)
        .teardown(teardown);
    SANDBOX.with(|s| *s.borrow_mut() = Some(t));
    let out = f();
    SANDBOX.with(|s| *s.borrow_mut() = None);
    out
}

/// A user store (`rns netns --user`, issue 12) of the caller's, under the
/// shell's own XDG_RUNTIME_DIR: namespaces `ua` and `ub` with the veth
/// pair v1/v2 between them; and `rootns` in the sandbox's /run/netns, which
/// no `--user` line may offer. The teardown deletes the names, so that the
/// store's keeper exits.
pub(crate) const USER_STORE: &str = "mkdir -p /run/netns && touch /run/netns/rootns && \
    $RNS netns --user add ua && $RNS netns --user add ub && \
    $RNS veth --user add v1 v2 --netns ua --peer-netns ub";
pub(crate) const USER_STORE_DEL: &str = "$RNS netns --user del ua; $RNS netns --user del ub";

/// Run `f` with every shell beside a `USER_STORE`, rns on PATH.
pub(crate) fn with_user_store<T>(f: impl FnOnce() -> T) -> T {
    let setup = format!("{RNS_ON_PATH} && {USER_STORE}");
    sandboxed_until(&setup, USER_STORE_DEL, f)
}

/// The command lines the user-store tests complete (the last word is the
/// one completed; a trailing space completes an empty word), the same for
/// every shell.
pub(crate) const USER_STORE_LINES: [&str; 12] = [
    "netns --u",
    "rns veth --us",
    "netns --user list --u",
    "netns --user exec ",
    "rns ipnetns --user del u",
    "netns exec ",
    "veth --user add a b --netns ",
    "rns veth --user add a b --peer-netns=u",
    "rns-veth --user del --netns ua ",
    "veth --netns ",
    "netns --user ",
    "rns veth --user ",
];

/// Check what a shell offered for each of `USER_STORE_LINES` beside a
/// `USER_STORE`: `--user` first only, then the user's own names and veths,
/// never /run/netns's. `peer_value` is what the shell offers for the
/// `--peer-netns=u` word (bash and fish keep the option's prefix, zsh not).
pub(crate) fn check_user_store(offered: Vec<BTreeSet<String>>, peer_value: &[&str]) {
    let user = set(&["ua", "ub"]);
    let want = [
        set(&["--user"]),
        set(&["--user"]),
        set(&[]),
        user.clone(),
        user.clone(),
        set(&["rootns"]),
        user,
        set(peer_value),
        set(&["v1"]),
        set(&["rootns"]),
        lead_words("netns"),
        lead_words("veth"),
    ];
    assert_eq!(offered.len(), want.len());
    for ((line, offered), want) in USER_STORE_LINES.iter().zip(offered).zip(want) {
        assert_eq!(offered, want, "{line:?}");
    }
}

/// The subcommand words offered after `applet`'s lead word (`--user`).
pub(crate) fn lead_words(applet: &str) -> BTreeSet<String> {
    let a = rns::applet::APPLETS
        .iter()
        .find(|a| a.name == applet)
        .unwrap();
    let words = if a.lead_words.is_empty() {
        a.words
    } else {
        a.lead_words
    };
    words.iter().map(|w| w.to_string()).collect()
}

/// The words completed where an applet's options are, right after its
/// name: the table's options and the lead words (`--user`).
pub(crate) fn first_words(a: &rns::applet::Applet) -> BTreeSet<String> {
    let mut v = table_words(a);
    v.extend(a.lead.iter().map(|(w, _)| w.to_string()));
    v
}

/// Put rns on PATH under every name it answers to (for completions that
/// run it), in the sandbox's /run.
pub(crate) const RNS_ON_PATH: &str = "mkdir -p /run/bin && \
    for n in rns unshare nsenter netns ipnetns veth; do ln -s \"$RNS\" /run/bin/$n; ln -s \"$RNS\" /run/bin/rns-$n; done && \
    export PATH=/run/bin:$PATH";

/// The options of `applet` that go with subcommand `word`.
pub(crate) fn options_with(applet: &str, word: &str) -> BTreeSet<String> {
    let a = rns::applet::APPLETS
        .iter()
        .find(|a| a.name == applet)
        .unwrap();
    rns::docs::flags_of(a)
        .iter()
        .filter(|f| a.takes(word, f.long))
        .flat_map(|f| rns::docs::option_words(f, a.style))
        .collect()
}

pub(crate) fn bash_file() -> PathBuf {
    root().join("completions/rns.bash")
}

pub(crate) fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn got(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

#[test]
fn completion_files_parse() {
    let home = ShellHome::new();
    let o = run(home.cmd("/bin/bash").arg("-n").arg(bash_file()));
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "bash -n");
    if Test::new().tool("/usr/bin/zsh").ok() {
        let o = run(home
            .cmd("/usr/bin/zsh")
            .arg("-n")
            .arg(root().join("completions/_rns")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "zsh -n");
    }
    if Test::new().tool("/usr/bin/fish").ok() {
        let o = run(home
            .cmd("/usr/bin/fish")
            .arg("--no-execute")
            .arg(root().join("completions/rns.fish")));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "fish --no-execute");
    }
}

/// The bash template lints clean on its own (the tables it reads are
/// generated around it, hence SC2154) and so does the generated file.
#[test]
fn bash_completion_is_shellcheck_clean() {
    if !Test::new().tool("/usr/bin/shellcheck").ok() {
        return;
    }
    let template = root().join("src/lib/docs/templates/engine.bash");
    let o = run(cmd("/usr/bin/shellcheck")
        .args(["--shell=bash", "--exclude=SC2154"])
        .arg(&template));
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "shellcheck template");
    let o = run(cmd("/usr/bin/shellcheck").arg(bash_file()));
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "shellcheck rns.bash");
}

/// No shell the completion tests start writes into the invoking user's
/// home (or the HOME `common::cmd` hands out): each runs with an empty
/// tmpfs over those homes and the run fails if anything appears there.
#[test]
fn completion_tests_write_nothing_into_home() {
    if !Test::new().root().ok() {
        return;
    }
    GUARD_HOMES.with(|g| g.set(true));
    assert!(!bash::bash_complete(&["unshare", "--prop"]).is_empty());
    if Test::new().tool("/usr/bin/zsh").ok() {
        assert!(!zsh::zsh_complete_all(&["unshare --prop"])[0].is_empty());
    }
    if Test::new().tool("/usr/bin/fish").ok() {
        assert!(!fish::fish_complete("unshare --prop").is_empty());
    }
}

/// The per-subcommand option facts in the applet table say what veth
/// itself accepts: every option it lists as not going with a subcommand
/// is refused by that subcommand.
#[test]
fn only_with_matches_what_veth_refuses() {
    let a = rns::applet::APPLETS
        .iter()
        .find(|a| a.name == "veth")
        .unwrap();
    assert!(!a.only_with.is_empty());
    for (long, _) in a.only_with {
        let f = rns::docs::flags_of(a).into_iter().find(|f| f.long == *long);
        let f = f.unwrap_or_else(|| panic!("only_with names --{long}, not in the table"));
        for w in a.words.iter().filter(|w| !a.takes(w, long)) {
            let mut args = vec![*w, "x", "y"];
            let opt = format!("--{long}");
            args.push(&opt);
            if f.arg != rns::cli::ArgKind::NoArg {
                args.push("1");
            }
            let o = rns("veth", &args);
            let want = format!("option '--{long}' is not valid with '{w}'");
            assert!(o.stderr.contains(&want), "veth {args:?}: {o:?}");
        }
    }
}

/// The text of a man page section (`.SH NAME` up to the next `.SH`).
fn man_section(page: &str, name: &str) -> String {
    let text = read(&format!("man/{page}"));
    let head = format!(".SH {name}\n");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("man/{page}: no {name}"));
    let rest = &text[start + head.len()..];
    rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
}

/// The words completed beyond the flag table are the applets' own: each
/// lead word is in the man page's SYNOPSIS and the applet takes it as its
/// first word (an empty store of the caller's lists nothing, no usage
/// error); each subcommand option is in the man page and the subcommand
/// reads its value (an unknown user is refused by name).
#[test]
fn words_completed_beyond_the_flag_table_are_documented_and_accepted() {
    let Some(t) = Test::new().root().sandbox().ready() else {
        return;
    };
    let mut checked = 0;
    for a in applets() {
        let synopsis = man_section(a.man_page, "SYNOPSIS");
        let page = read(&format!("man/{}", a.man_page));
        for (lead, _) in a.lead {
            let roff = lead.replace('-', "\\-");
            assert!(
                synopsis.contains(&roff),
                "{}: SYNOPSIS lacks {lead}",
                a.man_page
            );
            let home = ShellHome::new();
            let o = run(home.cmd(rns_bin()).arg(a.name).args([lead, "list"]));
            assert!(
                !o.stderr.contains("unknown") && !o.stderr.contains("unrecognized"),
                "{} {lead} list: {o:?}",
                a.name
            );
            checked += 1;
        }
        for so in a.sub_options {
            let roff = format!("\\fB{}\\fR", so.option.replace('-', "\\-"));
            assert!(page.contains(&roff), "{} lacks {}", a.man_page, so.option);
            let mut args = vec![a.name, so.word];
            args.extend(std::iter::repeat_n("rns-x", so.after));
            let script = format!(
                "$RNS {} {} rns-no-such-owner; echo rc=$?; ls /run/netns 2>/dev/null",
                args.join(" "),
                so.option
            );
            let o = t.sh(&script);
            assert!(
                o.stderr.contains("\"rns-no-such-owner\""),
                "{script}: {o:?}"
            );
            assert!(o.stdout.starts_with("rc=255\n"), "{script}: {o:?}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "no lead words or subcommand options checked");
}

/// The subcommand words the table leaves after a lead word are those the
/// applet runs there: the others it refuses as not available.
#[test]
fn lead_words_are_the_subcommands_available_after_the_lead() {
    let mut checked = 0;
    for a in applets().filter(|a| !a.lead_words.is_empty()) {
        for w in a.lead_words {
            assert!(a.words.contains(w), "{}: {w} is no subcommand", a.name);
        }
        for (lead, _) in a.lead {
            for w in a.words {
                let home = ShellHome::new();
                let o = run(home.cmd(rns_bin()).args([a.name, lead, w]));
                let refused = o.stderr.contains("not available");
                assert_eq!(
                    refused,
                    !a.lead_words.contains(w),
                    "{} {lead} {w}: {o:?}",
                    a.name
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}
