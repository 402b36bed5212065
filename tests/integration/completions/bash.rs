//! bash: `_rns_complete` run on COMP_WORDS.

use super::*;
use rns::applet::APPLETS;
use rns::docs;

/// Run the bash completion function on `words` (the last one is the word
/// being completed) and return COMPREPLY.
fn bash_complete_in(words: &[&str], setup: &str) -> Vec<String> {
    bash_complete_line(words, setup, None)
}

/// `bash_complete_in` with COMP_LINE given (the words with a space between
/// each two without).
fn bash_complete_line(words: &[&str], setup: &str, line: Option<&str>) -> Vec<String> {
    let script = format!(
        "{setup}\nsource \"$0\" || exit 9\nCOMP_WORDS=(\"$@\")\nCOMP_CWORD=$(($# - 1))\n\
         COMP_LINE=${{RNS_LINE-\"$*\"}}\nCOMP_POINT=${{#COMP_LINE}}\n_rns_complete\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let home = ShellHome::new();
    let mut c = home.cmd("/bin/bash");
    if let Some(line) = line {
        c.env("RNS_LINE", line);
    }
    let o = run(c.arg("-c").arg(script).arg(bash_file()).args(words));
    assert_eq!(o.code, 0, "bash completion of {words:?}: {o:?}");
    assert_eq!(o.stderr, "", "bash completion of {words:?}");
    o.stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

pub(crate) fn bash_complete(words: &[&str]) -> Vec<String> {
    bash_complete_in(words, "")
}

#[test]
fn bash_offers_exactly_the_table_options_for_every_applet_and_name() {
    for a in applets() {
        let table = first_words(a);
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
    if !Test::new().tool(lib).ok() {
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
    let Some(t) = Test::new().root().sandbox().ready() else {
        return;
    };
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
    let o = t.sh(&script);
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

/// The namespaces and veths the sandbox of the veth tests holds: `a` with
/// the pair va/vb inside it, and the pair vc/vd in the caller's namespace.
pub(crate) const VETHS: &str = "$RNS netns add a && \
    $RNS veth add va vb --netns a --peer-netns a && $RNS veth add vc vd";

#[test]
fn bash_completes_the_veths_of_the_given_namespace() {
    if !Test::new().root().ok() {
        return;
    }
    let setup = format!("{RNS_ON_PATH} && {VETHS}");
    let lines: Vec<BTreeSet<String>> = sandboxed(&setup, || {
        [
            &["veth", "del", ""][..],
            &["veth", "del", "--netns", "a", ""],
            &["rns", "veth", "--netns=a", "del", "v"],
            &["rns-veth", "--net", "a", "del", ""],
        ]
        .iter()
        .map(|w| got(bash_complete(w)))
        .collect()
    });
    let caller = set(&["vc", "vd"]);
    let in_a = set(&["va", "vb"]);
    assert_eq!(lines, [caller, in_a.clone(), in_a.clone(), in_a]);
}

#[test]
fn bash_offers_only_the_options_of_the_subcommand() {
    for word in ["add", "del", "list"] {
        assert_eq!(
            got(bash_complete(&["veth", word, "-"])),
            options_with("veth", word),
            "veth {word} -"
        );
    }
    assert_eq!(
        got(bash_complete(&["rns", "veth", "l", "--j"])),
        set(&["--json"])
    );
    assert_eq!(got(bash_complete(&["veth", "del", "x", "--j"])), set(&[]));
}

/// Namespace names are bytes: one that is not UTF-8 (or holds a space, a
/// glob character or a `$(...)`, which compgen -W would run) completes like
/// any other.
#[test]
fn bash_completes_namespace_names_with_any_bytes() {
    if !Test::new().root().ok() {
        return;
    }
    let setup = "mkdir -p /run/netns && touch /run/netns/alpha \
        \"/run/netns/$(printf 'caf\\351')\" '/run/netns/two words' '/run/netns/st*r' \
        '/run/netns/$(echo ran)'";
    let (all, caf) = sandboxed(setup, || {
        (
            got(bash_complete(&["netns", "exec", ""])),
            bash_complete(&["veth", "list", "--netns", "caf"]),
        )
    });
    assert_eq!(
        all,
        set(&["alpha", "caf\u{fffd}", "two words", "st*r", "$(echo ran)"])
    );
    assert_eq!(caf, ["caf\u{fffd}"]);
}

/// `--user` (issue 12) completes as the first word after the applet name
/// only; after it, namespace names and veths are the caller's own (from
/// `netns --user list`, also for a `veth` link), never /run/netns's.
#[test]
fn bash_completes_the_user_store() {
    if !Test::new().root().ok() {
        return;
    }
    let words: Vec<Vec<&str>> = USER_STORE_LINES
        .iter()
        .map(|l| l.split(' ').collect())
        .collect();
    let offered = with_user_store(|| words.iter().map(|w| got(bash_complete(w))).collect());
    check_user_store(offered, &["--peer-netns=ua", "--peer-netns=ub"]);
}

/// `netns add NAME --owner USER[:GROUP]`: the option after NAME only (and
/// not after `--user`), then
/// users, and after `USER:` groups (only those when readline breaks words
/// at `:`, as it does by default).
#[test]
fn bash_completes_owner_users_and_groups() {
    let after_name = got(bash_complete(&["netns", "add", "x", "-"]));
    assert!(after_name.contains("--owner"), "{after_name:?}");
    let mut without = after_name.clone();
    without.remove("--owner");
    assert_eq!(without, options_with("netns", "add"));
    assert!(!bash_complete(&["netns", "add", "-"]).contains(&"--owner".to_string()));
    assert!(!bash_complete(&["netns", "exec", "x", "-"]).contains(&"--owner".to_string()));
    // A user's own store has no delegated namespaces.
    let user = bash_complete(&["netns", "--user", "add", "x", "-"]);
    assert!(
        user.contains(&"-json".to_string()) && !user.contains(&"--owner".to_string()),
        "{user:?}"
    );
    assert_eq!(
        bash_complete(&["rns", "netns", "add", "x", "--ow"]),
        ["--owner"]
    );
    let users = bash_complete(&["netns", "add", "x", "--owner", "ro"]);
    assert!(users.contains(&"root".to_string()), "{users:?}");
    let users = bash_complete(&["ipnetns", "add", "x", "--owner=ro"]);
    assert!(users.contains(&"--owner=root".to_string()), "{users:?}");
    // As readline splits `root:da` (COMP_WORDBREAKS holds `:`).
    let words = ["netns", "add", "x", "--owner", "root", ":", "da"];
    let line = "netns add x --owner root:da";
    let groups = bash_complete_line(&words, "", Some(line));
    assert!(groups.contains(&"daemon".to_string()), "{groups:?}");
    let keep = "COMP_WORDBREAKS=${COMP_WORDBREAKS//:/}";
    let words = ["netns", "add", "x", "--owner", "root:da"];
    let groups = bash_complete_line(&words, keep, Some(line));
    assert!(groups.contains(&"root:daemon".to_string()), "{groups:?}");
    // Without the option, its value position is an ordinary operand.
    assert_eq!(
        bash_complete(&["netns", "add", "x", "ro"]),
        Vec::<String>::new()
    );
}
