//! zsh: the real completion system on a pty.

use super::*;
use rns::applet::APPLETS;
use rns::docs;

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
/// marks the end of the matches and clears the line. Waits on the pty's
/// output (zselect), never a fixed sleep.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty || exit 3
zmodload zsh/zselect || exit 3
fpath_dir=$1 out=$2
shift 2
: > $out
zpty z zsh -f -i
fd=$REPLY
zpty -w z "fpath=($fpath_dir \$fpath); autoload -Uz compinit; compinit -u -D; PROMPT=; unsetopt zle_bracketed_paste; zstyle ':completion:*' format '%d'"
zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a h; builtin compadd -A h \"\$@\"; (( \$#h )) && print -rl -- \$h >> $out; local x=\${@[(i)-[Xx]]}; (( x < \$# )) && print -r -- \"HDR:\${@[x+1]}\" >> $out; builtin compadd \"\$@\"; }"
zpty -w z "finish() { print -r -- '<<END>>' >> $out; BUFFER=; CURSOR=0 }; zle -N finish; bindkey '^X' finish"
integer n=0 deadline
for line in "$@"; do
  (( n++ ))
  zpty -n -w z "$line"$'\t\x18'
  # Wait for zsh's output (its redraw after the finish widget follows the
  # marker), draining the pty, until the marker is there; at most 30 s.
  deadline=$(( SECONDS + 30 ))
  while (( $(grep -c '<<END>>' $out) < n && SECONDS < deadline )); do
    zselect -t 100 -r $fd
    while zpty -r -t z junk 2>/dev/null; do :; done
  done
done
zpty -d z
(( $(grep -c '<<END>>' $out) == n )) || { echo "zsh did not finish completing" >&2; exit 4; }
cat $out
"#;

/// The matches zsh offers for each line.
pub(crate) fn zsh_complete_all(lines: &[&str]) -> Vec<BTreeSet<String>> {
    let groups = zsh_run(lines);
    let matches = |g: BTreeSet<String>| g.into_iter().filter(|l| !l.starts_with("HDR:"));
    groups.into_iter().map(|g| matches(g).collect()).collect()
}

/// The group and message headers zsh shows for each line.
fn zsh_headers_all(lines: &[&str]) -> Vec<BTreeSet<String>> {
    let groups = zsh_run(lines);
    let headers = |g: BTreeSet<String>| {
        g.into_iter()
            .filter_map(|l| l.strip_prefix("HDR:").map(str::to_string))
    };
    groups.into_iter().map(|g| headers(g).collect()).collect()
}

/// Matches and `HDR:` header lines, per line.
fn zsh_run(lines: &[&str]) -> Vec<BTreeSet<String>> {
    let dir = std::env::temp_dir().join(unique("rns-zsh"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("completions/_rns"), dir.join("_rns")).unwrap();
    let home = ShellHome::new();
    let o = run(home
        .cmd("/usr/bin/zsh")
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
    if !Test::new().tool("/usr/bin/zsh").ok() {
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
                &first_words(a),
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

/// In the program position zsh offers commands: not its parameters and
/// functions (the action was called with _arguments' -J/-X options in
/// front of `-e`, so `_command_names` took them all).
#[test]
fn zsh_offers_commands_in_the_program_position() {
    if !Test::new().tool("/usr/bin/zsh").ok() {
        return;
    }
    let lines = [
        "rns unshare -r ",
        "unshare -r ",
        "nsenter -t 1 ",
        "netns exec foo ",
    ];
    for (line, offered) in lines.iter().zip(zsh_complete_all(&lines)) {
        assert!(offered.contains("ls"), "{line:?}: {offered:?}");
        for not in ["PATH", "HOME", "compadd", "finish", "if", "builtin"] {
            assert!(!offered.contains(not), "{line:?} offers {not}");
        }
    }
}

/// Value headers read as the placeholder does, without stray `<`, `>`.
#[test]
fn zsh_value_headers_are_the_placeholders() {
    if !Test::new().tool("/usr/bin/zsh").ok() {
        return;
    }
    let lines = [
        "unshare --map-users=",
        "unshare --map-user ",
        "nsenter --wd=",
    ];
    let want = ["inneruid:outeruid:count", "uid|name", "dir"];
    for ((line, headers), want) in lines.iter().zip(zsh_headers_all(&lines)).zip(want) {
        assert!(headers.contains(want), "{line:?}: {headers:?}");
        assert!(
            headers.iter().all(|h| !h.contains(['<', '>'])),
            "{line:?}: {headers:?}"
        );
    }
}

/// `nsenter -t` offers every process, not only the terminal's (_pids).
#[test]
fn zsh_offers_every_process_for_a_pid() {
    if !Test::new().tool("/usr/bin/zsh").ok() {
        return;
    }
    let me = std::process::id().to_string();
    for offered in zsh_complete_all(&["nsenter -t ", "netns identify "]) {
        assert!(
            offered.contains("1") && offered.contains(&me),
            "{offered:?}"
        );
    }
}

#[test]
fn zsh_completes_the_veths_of_the_given_namespace() {
    if !Test::new().root().tool("/usr/bin/zsh").ok() {
        return;
    }
    let setup = format!("{RNS_ON_PATH} && {}", super::bash::VETHS);
    let lines = [
        "veth del ",
        "veth del --netns a ",
        "rns veth --netns=a del v",
        "rns-veth --net a del ",
    ];
    let got = sandboxed(&setup, || zsh_complete_all(&lines));
    let caller = set(&["vc", "vd"]);
    let in_a = set(&["va", "vb"]);
    assert_eq!(got, [caller, in_a.clone(), in_a.clone(), in_a]);
}

#[test]
fn zsh_offers_only_the_options_of_the_subcommand() {
    if !Test::new().tool("/usr/bin/zsh").ok() {
        return;
    }
    let words = ["add", "del", "list"];
    let lines: Vec<String> = words.iter().map(|w| format!("veth {w} -")).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    for (w, mut offered) in words.iter().zip(zsh_complete_all(&refs)) {
        offered.remove("-");
        assert_eq!(offered, options_with("veth", w), "veth {w} -");
    }
}

#[test]
fn zsh_completes_namespace_names_with_any_bytes() {
    if !Test::new().root().tool("/usr/bin/zsh").ok() {
        return;
    }
    let setup = "mkdir -p /run/netns && touch /run/netns/alpha \
        \"/run/netns/$(printf 'caf\\351')\" '/run/netns/two words'";
    let got = sandboxed(setup, || {
        zsh_complete_all(&["netns exec ", "veth list --netns caf"])
    });
    // As zsh puts them on the line, quoted.
    assert_eq!(got[0], set(&["alpha", "caf$'\\351'", "two\\ words"]));
    assert_eq!(got[1], set(&["caf$'\\351'"]));
}

/// `--user` (issue 12) completes as the first word only; after it, names
/// and veths are the caller's own (from `netns --user list`, also for a
/// `veth` link), never /run/netns's.
#[test]
fn zsh_completes_the_user_store() {
    if !Test::new().root().tool("/usr/bin/zsh").ok() {
        return;
    }
    let offered = with_user_store(|| zsh_complete_all(&USER_STORE_LINES));
    check_user_store(offered, &["ua", "ub"]);
}

/// `netns add NAME --owner USER[:GROUP]`: the option after NAME only (and
/// not after `--user`), then
/// users, and after `USER:` groups.
#[test]
fn zsh_completes_owner_users_and_groups() {
    if !Test::new().tool("/usr/bin/zsh").ok() {
        return;
    }
    let lines = [
        "netns add x -",
        "netns add -",
        "rns netns add x --ow",
        "netns add x --owner ro",
        "ipnetns add x --owner=ro",
        "netns add x --owner root:da",
        "netns --user add x -",
    ];
    let mut offered = zsh_complete_all(&lines).into_iter();
    let mut after_name = offered.next().unwrap();
    after_name.remove("-");
    assert!(after_name.remove("--owner"), "{after_name:?}");
    assert_eq!(after_name, options_with("netns", "add"));
    assert!(!offered.next().unwrap().contains("--owner"));
    assert_eq!(offered.next().unwrap(), set(&["--owner"]));
    for (line, want) in lines[3..].iter().zip(["root", "root", "daemon"]) {
        let got = offered.next().unwrap();
        assert!(got.contains(want), "{line:?}: {got:?}");
    }
    // A user's own store has no delegated namespaces.
    let user = offered.next().unwrap();
    assert!(
        user.contains("-json") && !user.contains("--owner"),
        "{user:?}"
    );
}
