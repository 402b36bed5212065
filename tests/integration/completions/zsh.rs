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
pub(crate) fn zsh_complete_all(lines: &[&str]) -> Vec<BTreeSet<String>> {
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
