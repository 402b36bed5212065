//! Documentation facts that are not in the flag tables, and the generator
//! of the shell completions (`completions/`) from the applet registry.
//!
//! Everything option-related comes from `applet::APPLETS`: each applet's
//! `flags()` and `words`. `RNS_BLESS=1 cargo test --test integration docs::`
//! rewrites the completion files after a table changes (the drift test
//! fails until then).

use crate::applet::{Applet, APPLETS};
use crate::cli::{ArgKind, Complete, FlagDoc};
use std::fmt::Write;

/// How an applet spells its long options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// getopt_long: `-x`, `--long`.
    Gnu,
    /// iproute2: `-x`, `-long` (`--long` also accepted).
    Iproute,
}

pub fn style(applet: &str) -> Style {
    match applet {
        "netns" | "ipnetns" => Style::Iproute,
        _ => Style::Gnu,
    }
}

/// The man page that documents an applet (file name under `man/`).
pub fn man_page(applet: &str) -> Option<&'static str> {
    Some(match applet {
        "unshare" => "rns-unshare.1",
        "nsenter" => "rns-nsenter.1",
        "netns" | "ipnetns" => "rns-netns.8",
        "veth" => "rns-veth.8",
        _ => return None,
    })
}

/// Every man page, the multicall page first.
pub const MAN_PAGES: &[&str] = &[
    "rns.1",
    "rns-unshare.1",
    "rns-nsenter.1",
    "rns-netns.8",
    "rns-veth.8",
];

/// `rns`'s own options (multicall.rs), as `rns --help` lists them.
pub const RNS_OPTIONS: &[&str] = &["--list", "--install", "--help", "--version"];

/// The words an option is spelled as on a command line.
pub fn option_words(f: &FlagDoc, style: Style) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(c) = f.short {
        v.push(format!("-{c}"));
    }
    if !f.long.is_empty() {
        v.push(match style {
            Style::Gnu => format!("--{}", f.long),
            Style::Iproute => format!("-{}", f.long),
        });
    }
    v
}

/// An applet's options, from its flag table.
pub fn flags_of(a: &Applet) -> Vec<FlagDoc> {
    (a.flags)()
}

/// An applet's subcommand words.
pub fn words_of(a: &Applet) -> Vec<&'static str> {
    a.words.to_vec()
}

/// What a positional argument of a subcommand completes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Nothing,
    Netns,
    Pid,
    Iface,
    /// A program, then its own arguments.
    Command,
    Words(&'static [&'static str]),
}

/// The positional arguments of `applet WORD ...` (subcommand applets).
pub fn positionals(applet: &str, word: &str) -> &'static [Pos] {
    use Pos::*;
    match (applet, word) {
        ("netns" | "ipnetns", "attach") => &[Nothing, Pid],
        ("netns" | "ipnetns", "set") => &[Netns, Words(&["auto"])],
        ("netns" | "ipnetns", "delete" | "pids") => &[Netns],
        ("netns" | "ipnetns", "identify") => &[Pid],
        ("netns" | "ipnetns", "exec") => &[Netns, Command],
        ("netns" | "ipnetns", "list-id") => &[Words(&["target-nsid", "nsid"])],
        ("veth", "del") => &[Iface],
        _ => &[],
    }
}

/// The names a completion is registered for: `rns`, every applet and
/// `rns-APPLET` (argv[0] dispatch accepts any prefix ending in a
/// non-alphanumeric character; `rns-` is the one packagers use).
pub fn command_names() -> Vec<String> {
    let mut v = vec!["rns".to_string()];
    v.extend(APPLETS.iter().map(|a| a.name.to_string()));
    v.extend(APPLETS.iter().map(|a| format!("rns-{}", a.name)));
    v
}

const GENERATED: &str = "generated from the flag tables (src/lib/applet/*) by src/lib/docs.rs;\n\
# do not edit: run `RNS_BLESS=1 cargo test --test integration docs::` instead.";

fn kind_word(c: Complete) -> String {
    match c {
        Complete::Nothing => "none".into(),
        Complete::File => "file".into(),
        Complete::Dir => "dir".into(),
        Complete::Command => "command".into(),
        Complete::User => "user".into(),
        Complete::Group => "group".into(),
        Complete::Pid => "pid".into(),
        Complete::Signal => "signal".into(),
        Complete::NetnsName => "netns".into(),
        Complete::Words(w) => format!("words:{}", w.join(",")),
    }
}

fn pos_word(p: Pos) -> String {
    match p {
        Pos::Nothing => "none".into(),
        Pos::Netns => "netns".into(),
        Pos::Pid => "pid".into(),
        Pos::Iface => "iface".into(),
        Pos::Command => "command".into(),
        Pos::Words(w) => format!("words:{}", w.join(",")),
    }
}

fn arg_letter(a: ArgKind) -> char {
    match a {
        ArgKind::NoArg => 'n',
        ArgKind::Required => 'r',
        ArgKind::Optional => 'o',
        ArgKind::LongOptional => 'L',
    }
}

/// Signal names `--kill-child` accepts (util-linux's list, without `SIG`).
pub fn signal_names() -> Vec<&'static str> {
    crate::process::signames::NAMES
        .iter()
        .map(|&(n, _)| n)
        .collect()
}

/// A name usable in a shell function name.
fn ident(applet: &str) -> String {
    applet.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
}

/// The pattern (as a regex) matching invocation names of `applet`.
fn name_regex(applet: &str) -> String {
    format!("(^|[^A-Za-z0-9]){applet}$")
}

// ---------------------------------------------------------------- bash

pub fn bash() -> String {
    let mut s = format!("# bash completion for rns and its applets\n# {GENERATED}\n");
    s += BASH_ENGINE;
    s += "\n_rns_applets='";
    s += &APPLETS.iter().map(|a| a.name).collect::<Vec<_>>().join(" ");
    s += "'\n";
    let _ = writeln!(s, "_rns_signals='{}'", signal_names().join(" "));
    s += "\n# The applet an invocation name selects (applet::find).\n_rns_applet() {\n";
    s += "    local b=${1##*/}\n    b=${b#-}\n    case $b in\n";
    for a in APPLETS {
        let n = a.name;
        let _ = writeln!(s, "        {n} | *[!A-Za-z0-9]{n}) REPLY={n} ;;");
    }
    s += "        rns) REPLY=rns ;;\n        *) REPLY= ;;\n    esac\n}\n";
    for a in APPLETS {
        bash_applet(&mut s, a);
    }
    let _ = writeln!(
        s,
        "\ncomplete -F _rns_complete {}",
        command_names().join(" ")
    );
    s
}

fn bash_applet(s: &mut String, a: &Applet) {
    let id = ident(a.name);
    let st = style(a.name);
    let flags = flags_of(a);
    let words = words_of(a);
    let opts: Vec<String> = flags.iter().flat_map(|f| option_words(f, st)).collect();
    let _ = write!(
        s,
        "\n# {}\n_rns_opts_{id}='{}'\n_rns_words_{id}='{}'\n_rns_style_{id}={}\n",
        a.name,
        opts.join(" "),
        words.join(" "),
        match st {
            Style::Gnu => "gnu",
            Style::Iproute => "ip",
        }
    );
    let _ = writeln!(s, "_rns_opt_{id}() {{\n    case $1 in");
    for f in &flags {
        let _ = writeln!(
            s,
            "        {}) REPLY='{} {}' ;;",
            option_words(f, st).join(" | "),
            arg_letter(f.arg),
            kind_word(f.complete)
        );
    }
    s.push_str("        *) return 1 ;;\n    esac\n}\n");
    let _ = writeln!(s, "_rns_pos_{id}() {{\n    case $1:$2 in");
    for w in &words {
        for (i, p) in positionals(a.name, w).iter().enumerate() {
            let _ = writeln!(s, "        {w}:{i}) REPLY={} ;;", pos_word(*p));
        }
    }
    s.push_str("        *) REPLY=none ;;\n    esac\n}\n");
}

const BASH_ENGINE: &str = r#"
# Values of one kind for the word $2, appended to COMPREPLY with prefix $3.
_rns_values() {
    local kind=$1 cur=$2 pre=$3 IFS=$'\n' v
    local -a vals=()
    case $kind in
        file) vals=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
        dir) vals=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null ;;
        command) vals=($(compgen -c -- "$cur")) ;;
        user) vals=($(compgen -u -- "$cur")) ;;
        group) vals=($(compgen -g -- "$cur")) ;;
        pid)
            local p; local -a pids=()
            for p in /proc/[0-9]*; do pids+=("${p#/proc/}"); done
            vals=($(compgen -W "${pids[*]}" -- "$cur")) ;;
        signal) vals=($(IFS=' '; compgen -W "$_rns_signals" -- "$cur")) ;;
        netns)
            local n; local -a names=()
            for n in /run/netns/*; do [[ -e $n ]] && names+=("${n##*/}"); done
            vals=($(compgen -W "${names[*]}" -- "$cur")) ;;
        iface)
            local n; local -a names=()
            for n in /sys/class/net/*; do [[ -e $n ]] && names+=("${n##*/}"); done
            vals=($(compgen -W "${names[*]}" -- "$cur")) ;;
        words:*) v=${kind#words:}; vals=($(IFS=' '; compgen -W "${v//,/ }" -- "$cur")) ;;
    esac
    local -A seen=()
    for v in "${vals[@]}"; do
        [[ -n ${seen[x$v]} ]] && continue
        seen[x$v]=1
        COMPREPLY+=("$pre$v")
    done
}

# Look up option $2 of applet $1: REPLY='ARG KIND' (ARG: n, r, o, or L: optional in --long=VAL form only).
# Long options may be abbreviated to a unique prefix (getopt_long), or to
# the first match (iproute2, where --x is -x).
_rns_lookup() {
    local id=${1//[!A-Za-z0-9]/_} opt=$2 o hit= n=0 style opts
    style=_rns_style_$id; style=${!style}
    opts=_rns_opts_$id; opts=${!opts}
    [[ $style == ip && $opt == --?* ]] && opt=${opt#-}
    _rns_opt_$id "$opt" && return 0
    [[ $opt == --?* || ( $style == ip && $opt == -?* ) ]] || return 1
    for o in $opts; do
        if [[ $o == "$opt"* && ${#o} -gt 2 ]]; then
            [[ -z $hit ]] && hit=$o
            n=$((n + 1))
        fi
    done
    [[ $style == ip && -n $hit ]] && n=1
    ((n == 1)) && _rns_opt_$id "$hit"
}

# Complete a program and its arguments starting at joined word $1.
_rns_program() {
    local at=$1
    if ((at == cword)); then
        _rns_values command "$cur" ""
    elif declare -F _command_offset >/dev/null; then
        _command_offset "${orig[at]}"
    else
        _rns_values file "$cur" ""
    fi
}

_rns_complete() {
    local IFS=$' \t\n' REPLY applet i t n cur cword first=1
    local -a w=() orig=() split=()
    COMPREPLY=()
    # Words as the program sees them: join `--opt` `=` `val` that
    # COMP_WORDBREAKS split apart.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        t=${COMP_WORDS[i]}
        n=${#w[@]}
        if ((n > 1)) && [[ $t == = && ${w[n-1]} == -* && ${w[n-1]} != *=* ]]; then
            w[n-1]+==; split[n-1]=1
        elif ((n > 1)) && [[ ${split[n-1]} == 1 && ${w[n-1]} == *= ]]; then
            w[n-1]+=$t
        else
            w+=("$t"); orig+=("$i"); split+=(0)
        fi
    done
    cword=$((${#w[@]} - 1))
    cur=${w[cword]}
    _rns_applet "${w[0]}"; applet=$REPLY
    if [[ $applet == rns ]]; then
        if ((cword == 1)); then
            _rns_values "words:--list,--install,--help,--version,${_rns_applets// /,}" "$cur" ""
            return 0
        fi
        if [[ ${w[1]} == --install ]]; then
            [[ $cur == -* ]] && _rns_values words:-s "$cur" "" || _rns_values dir "$cur" ""
            return 0
        fi
        applet=
        for t in $_rns_applets; do [[ ${w[1]} == "$t" ]] && applet=$t; done
        first=2
    fi
    [[ -n $applet ]] || return 0
    _rns_walk
}

# Walk the words before the cursor the way the applet parses them, then
# complete the word under the cursor.
_rns_walk() {
    local id=${applet//[!A-Za-z0-9]/_} style words opts sub= npos=0 want= j c rest
    style=_rns_style_$id; style=${!style}
    words=_rns_words_$id; words=${!words}
    opts=_rns_opts_$id; opts=${!opts}
    for ((i = first; i < cword; i++)); do
        t=${w[i]}
        if [[ -n $want ]]; then want=; continue; fi
        if [[ $t == -- && $style == gnu ]]; then
            if [[ -z $words ]]; then _rns_program $((i + 1)); return 0; fi
            continue
        fi
        if [[ $t == -?* ]]; then
            if [[ $style == gnu && $t != --* ]]; then
                # A cluster of short options; the first one that takes an
                # argument ends it (its argument is attached or next).
                for ((j = 1; j < ${#t}; j++)); do
                    c=${t:j:1}
                    _rns_lookup "$applet" "-$c" || break
                    case $REPLY in
                        r\ *) ((j + 1 == ${#t})) && want=1; break ;;
                        o\ *) break ;;
                    esac
                done
            elif [[ $t != *=* ]] && _rns_lookup "$applet" "$t"; then
                [[ $REPLY == r\ * ]] && want=1
            fi
            continue
        fi
        if [[ -z $words ]]; then _rns_program "$i"; return 0; fi
        if [[ -z $sub ]]; then
            for c in $words; do [[ $c == "$t"* ]] && { sub=$c; break; }; done
            [[ -n $sub ]] || sub=$t
            continue
        fi
        _rns_pos_$id "$sub" "$npos"
        [[ $REPLY == command ]] && { _rns_program "$i"; return 0; }
        npos=$((npos + 1))
    done
    if [[ -n $want ]]; then
        _rns_lookup "$applet" "${w[cword-1]}" || _rns_lookup "$applet" "-${w[cword-1]: -1}"
        _rns_values "${REPLY#? }" "$cur" ""
        return 0
    fi
    if [[ $cur == -* ]]; then
        if [[ $cur == -*=* ]] && _rns_lookup "$applet" "${cur%%=*}"; then
            local pre=${cur%%=*}=
            [[ ${split[cword]} == 1 ]] && pre=
            _rns_values "${REPLY#? }" "${cur#*=}" "$pre"
            return 0
        fi
        if [[ $style == gnu && $cur != --* && ${#cur} -gt 2 ]] &&
            _rns_lookup "$applet" "${cur:0:2}" && [[ $REPLY != [nL]\ * ]]; then
            _rns_values "${REPLY#? }" "${cur:2}" "${cur:0:2}"
            return 0
        fi
        _rns_values "words:${opts// /,}" "$cur" ""
        return 0
    fi
    if [[ -z $words ]]; then _rns_program "$cword"; return 0; fi
    if [[ -z $sub ]]; then _rns_values "words:${words// /,}" "$cur" ""; return 0; fi
    _rns_pos_$id "$sub" "$npos"
    if [[ $REPLY == command ]]; then _rns_program "$cword"; return 0; fi
    _rns_values "$REPLY" "$cur" ""
}
"#;

// ---------------------------------------------------------------- zsh

fn zsh_quote(s: &str) -> String {
    s.replace('\'', "'\\''")
}

fn zsh_desc(s: &str) -> String {
    let first = s.lines().next().unwrap_or("");
    zsh_quote(
        &first
            .replace('\\', "\\\\")
            .replace('[', "\\[")
            .replace(']', "\\]")
            .replace(':', "\\:"),
    )
}

fn zsh_action(c: Complete) -> String {
    match c {
        Complete::Nothing => " ".into(),
        Complete::File => "_files".into(),
        Complete::Dir => "_files -/".into(),
        Complete::Command => "_command_names -e".into(),
        Complete::User => "_users".into(),
        Complete::Group => "_groups".into(),
        Complete::Pid => "_pids".into(),
        Complete::Signal => "_rns_signals".into(),
        Complete::NetnsName => "_rns_netns_names".into(),
        Complete::Words(w) => format!("({})", w.join(" ")),
    }
}

fn zsh_pos_action(p: Pos) -> String {
    match p {
        Pos::Nothing => " ".into(),
        Pos::Netns => "_rns_netns_names".into(),
        Pos::Pid => "_pids".into(),
        Pos::Iface => "_rns_ifaces".into(),
        Pos::Command => "_command_names -e".into(),
        Pos::Words(w) => format!("({})", w.join(" ")),
    }
}

/// One `_arguments` spec per spelling of the option.
fn zsh_specs(f: &FlagDoc, st: Style) -> Vec<String> {
    let desc = zsh_desc(f.help);
    let value = f
        .value
        .trim()
        .trim_start_matches(['[', '='])
        .trim_end_matches(']');
    let value = value.trim_start_matches('<').trim_end_matches('>');
    let value = if value.is_empty() { "value" } else { value };
    let value = zsh_quote(value).replace(':', "\\:");
    let action = zsh_action(f.complete);
    option_words(f, st)
        .into_iter()
        .map(|w| {
            let long = w.len() > 2;
            let (suffix, arg) = match (f.arg, st, long) {
                (ArgKind::NoArg, ..) => ("", String::new()),
                (ArgKind::Required, Style::Iproute, _) => ("", format!(":{value}:{action}")),
                (ArgKind::Required, Style::Gnu, false) => ("+", format!(":{value}:{action}")),
                (ArgKind::Required, Style::Gnu, true) => ("=", format!(":{value}:{action}")),
                (ArgKind::Optional, _, false) => ("-", format!("::{value}:{action}")),
                (ArgKind::Optional, _, true) => ("=-", format!("::{value}:{action}")),
                (ArgKind::LongOptional, _, false) => ("", String::new()),
                (ArgKind::LongOptional, _, true) => ("=-", format!("::{value}:{action}")),
            };
            format!("'*{w}{suffix}[{desc}]{arg}'")
        })
        .collect()
}

pub fn zsh() -> String {
    let mut s = format!(
        "#compdef {}\n# zsh completion for rns and its applets\n# {GENERATED}\n",
        command_names().join(" ")
    );
    let _ = writeln!(
        s,
        "\n_rns_signals() {{\n  compadd -- {}\n}}",
        signal_names().join(" ")
    );
    s += ZSH_HELPERS;
    for a in APPLETS {
        zsh_applet(&mut s, a);
    }
    s += "\n_rns() {\n  local b=${${service:t}#-}\n  if [[ $b == rns ]]; then\n";
    s += "    if (( CURRENT == 2 )); then\n";
    let _ = writeln!(
        s,
        "      local -a applets options\n      options=({})\n      applets=(\n{}      )\n      \
         if [[ $PREFIX == -* ]]; then\n        _describe option options\n      else\n        \
         _describe applet applets\n      fi",
        RNS_OPTIONS.join(" "),
        APPLETS
            .iter()
            .map(|a| format!(
                "        '{}:{}'\n",
                a.name,
                zsh_quote(&a.summary.replace(':', "\\:"))
            ))
            .collect::<String>()
    );
    s += "      return\n    fi\n    if [[ $words[2] == --install ]]; then\n      _files -/\n      return\n    fi\n";
    s += "    b=$words[2]\n    shift words\n    (( CURRENT-- ))\n  fi\n";
    for a in APPLETS {
        let _ = writeln!(
            s,
            "  if [[ $b =~ '{}' ]]; then\n    _rns_{}\n    return\n  fi",
            name_regex(a.name),
            ident(a.name)
        );
    }
    s += "  return 1\n}\n\n_rns \"$@\"\n";
    s
}

const ZSH_HELPERS: &str = r#"
_rns_netns_names() {
  local -a names
  names=(/run/netns/*(N:t))
  compadd -a names
}

_rns_ifaces() {
  local -a names
  names=(/sys/class/net/*(N:t))
  compadd -a names
}
"#;

fn zsh_applet(s: &mut String, a: &Applet) {
    let st = style(a.name);
    let flags = flags_of(a);
    let words = words_of(a);
    let _ = writeln!(
        s,
        "\n_rns_{}() {{\n  local -a opts\n  opts=(",
        ident(a.name)
    );
    for f in &flags {
        for spec in zsh_specs(f, st) {
            let _ = writeln!(s, "    {spec}");
        }
    }
    s.push_str("  )\n");
    if words.is_empty() {
        s.push_str(
            "  _arguments -s -S $opts '(-)1:program:_command_names -e' '*::argument:_normal'\n}\n",
        );
        return;
    }
    let _ = writeln!(
        s,
        "  local curcontext=$curcontext state state_descr line sub w ret=1\n  \
         _arguments -s -S -C $opts '1:command:({})' '*::argument:->args' && ret=0\n  \
         [[ $state == args ]] || return ret\n  \
         for w in {}; do\n    [[ $w == $words[1]* ]] && {{ sub=$w; break; }}\n  done\n  \
         case $sub in",
        words.join(" "),
        words.join(" ")
    );
    for w in &words {
        let pos = positionals(a.name, w);
        if pos.is_empty() {
            continue;
        }
        let mut specs = Vec::new();
        for (i, p) in pos.iter().enumerate() {
            specs.push(format!(
                "'{}:{}:{}'",
                i + 1,
                pos_word(*p),
                zsh_pos_action(*p)
            ));
            if *p == Pos::Command {
                specs.push("'*::argument:_normal'".into());
            }
        }
        if pos.last() != Some(&Pos::Command) {
            // Further operands are accepted (and ignored), so that options
            // after them still complete.
            specs.push("'*:argument: '".into());
        }
        let _ = writeln!(
            s,
            "    {w}) _arguments -s -S $opts {} && ret=0 ;;",
            specs.join(" ")
        );
    }
    s.push_str(
        "    *) _arguments -s -S $opts '*:argument: ' && ret=0 ;;\n  esac\n  return ret\n}\n",
    );
}

// ---------------------------------------------------------------- fish

fn fish_quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn fish_values(kind: &str) -> String {
    format!("(__rns_values {kind})")
}

pub fn fish() -> String {
    let names = command_names();
    let cs: String = names.iter().map(|n| format!(" -c {n}")).collect();
    let mut s = format!("# fish completion for rns and its applets\n# {GENERATED}\n");
    let _ = writeln!(
        s,
        "\nset -g __rns_applets {}\nset -g __rns_signals {}",
        APPLETS.iter().map(|a| a.name).collect::<Vec<_>>().join(" "),
        signal_names().join(" ")
    );
    s += FISH_ENGINE;
    s += "\nfunction __rns_applet_of --argument-names b\n";
    for a in APPLETS {
        let _ = writeln!(
            s,
            "    if string match -qr -- {} $b\n        echo {}\n        return 0\n    end",
            fish_quote(&name_regex(a.name)),
            a.name
        );
    }
    s += "    return 1\nend\n";
    for a in APPLETS {
        let st = style(a.name);
        let flags = flags_of(a);
        let words = words_of(a);
        let id = ident(a.name);
        let req: Vec<String> = flags
            .iter()
            .filter(|f| f.arg == ArgKind::Required)
            .flat_map(|f| option_words(f, st))
            .collect();
        let _ = writeln!(
            s,
            "\n# {}\nset -g __rns_req_{id} {}\nset -g __rns_words_{id} {}",
            a.name,
            req.join(" "),
            words.join(" ")
        );
        for f in &flags {
            let mut line = format!("complete{cs} -n '__rns_options {}'", a.name);
            if let Some(c) = f.short {
                let _ = write!(line, " -s {c}");
            }
            match st {
                _ if f.long.is_empty() => {}
                Style::Gnu => {
                    let _ = write!(line, " -l {}", f.long);
                }
                Style::Iproute => {
                    let _ = write!(line, " -o {}", f.long);
                }
            }
            let kind = kind_word(f.complete);
            match f.arg {
                ArgKind::NoArg => {}
                ArgKind::Required => {
                    let _ = write!(line, " -x -a {}", fish_quote(&fish_values(&kind)));
                }
                ArgKind::Optional | ArgKind::LongOptional => {}
            }
            let _ = write!(
                line,
                " -d {}",
                fish_quote(f.help.lines().next().unwrap_or(""))
            );
            let _ = writeln!(s, "{line}");
            if matches!(f.arg, ArgKind::Optional | ArgKind::LongOptional)
                && f.complete != Complete::Nothing
            {
                let _ = writeln!(
                    s,
                    "complete{cs} -n '__rns_options {}' -a {}",
                    a.name,
                    fish_quote(&format!("(__rns_optval --{} {kind})", f.long))
                );
            }
        }
        if words.is_empty() {
            let _ = writeln!(
                s,
                "complete{cs} -n '__rns_operand {} 0' -x -a '(__rns_values command)'",
                a.name
            );
            let _ = writeln!(
                s,
                "complete{cs} -n '__rns_after_program {}' -x -a '(__rns_rest)'",
                a.name
            );
            continue;
        }
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_operand {} 0' -x -a {}",
            a.name,
            fish_quote(&words.join(" "))
        );
        for w in &words {
            for (i, p) in positionals(a.name, w).iter().enumerate() {
                let _ = writeln!(
                    s,
                    "complete{cs} -n '__rns_operand {} {} {w}' -x -a {}",
                    a.name,
                    i + 1,
                    fish_quote(&fish_values(&pos_word(*p)))
                );
            }
        }
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_after_program {}' -x -a '(__rns_rest)'",
            a.name
        );
    }
    let _ = writeln!(
        s,
        "\ncomplete -c rns -n '__rns_first' -x -a '$__rns_applets' -d applet\n\
         complete -c rns -n '__rns_first' -l list -d 'list the applets'\n\
         complete -c rns -n '__rns_first' -l install -d 'link the applets into DIR'\n\
         complete -c rns -n '__rns_first' -l help -d 'display help'\n\
         complete -c rns -n '__rns_first' -l version -d 'display version'"
    );
    s
}

const FISH_ENGINE: &str = r#"
# The command line's words after the applet name, and the applet:
# prints the applet on the first line, then the words.
function __rns_split
    set -l t (commandline -opc)
    set -l b (string replace -r '.*/' '' -- $t[1] | string replace -r '^-' '')
    set -l rest $t[2..]
    if test "$b" = rns
        set -q rest[1]; or return 1
        contains -- $rest[1] $__rns_applets; or return 1
        set b $rest[1]
        set rest $rest[2..]
    end
    set -l a (__rns_applet_of $b); or return 1
    echo $a
    for w in $rest
        echo $w
    end
    return 0
end

function __rns_first
    set -l t (commandline -opc)
    test (count $t) -eq 1
    and test (string replace -r '.*/' '' -- $t[1]) = rns
end

# The operands before the cursor (option values skipped); for applets
# without subcommand words, only up to the program.
function __rns_operands --argument-names a
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l req __rns_req_$id
    set -l words __rns_words_$id
    set -l skip 0
    set -l ddash 0
    set -l split (__rns_split); or return 1
    for w in $split[2..]
        if test $skip = 1
            set skip 0
            continue
        end
        if test $ddash = 0; and test "$w" = --; and test -z "$$words"
            set ddash 1
            continue
        end
        if test $ddash = 0; and string match -q -- '-?*' $w
            contains -- $w $$req; and set skip 1
            continue
        end
        echo $w
        test -z "$$words"; and break
    end
end

function __rns_is --argument-names a
    set -l split (__rns_split); or return 1
    test "$split[1]" = $a
end

# Options are offered before the program (applets that run one) or
# anywhere (applets with subcommands).
function __rns_options --argument-names a
    __rns_is $a; or return 1
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    test -n "$$words"; and return 0
    test (count (__rns_operands $a)) -eq 0
end

# Is the cursor on operand N (0: the subcommand or program) of applet A,
# below subcommand W when given?
function __rns_operand --argument-names a n w
    __rns_is $a; or return 1
    string match -q -- '-*' (commandline -ct); and return 1
    set -l ops (__rns_operands $a)
    test (count $ops) -eq $n; or return 1
    test -z "$w"; and return 0
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    for c in $$words
        if string match -q -- "$ops[1]*" $c
            test $c = $w
            return
        end
    end
    return 1
end

# Past the program (or a subcommand's program, as in netns exec).
function __rns_after_program --argument-names a
    __rns_is $a; or return 1
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    set -l ops (__rns_operands $a)
    if test -z "$$words"
        test (count $ops) -ge 1
        return
    end
    test (count $ops) -ge 3; and string match -q -- "$ops[1]*" exec
end

# Complete the program's own arguments with its completions.
function __rns_rest
    set -l t (commandline -opc)
    set -l i (count $t)
    while test $i -gt 1
        if type -q -- $t[$i]; and not string match -q -- '-*' $t[$i]
            break
        end
        set i (math $i - 1)
    end
    complete -C (string join ' ' -- $t[$i..-1] (commandline -ct))
end

function __rns_values --argument-names kind
    switch $kind
        case file
            __fish_complete_path (commandline -ct)
        case dir
            __fish_complete_directories (commandline -ct)
        case command
            __fish_complete_command
        case user
            __fish_complete_users
        case group
            __fish_complete_groups
        case pid
            __fish_complete_pids
        case signal
            string join \n -- $__rns_signals
        case netns
            for n in /run/netns/*
                string replace -r '.*/' '' -- $n
            end
        case iface
            for n in /sys/class/net/*
                string replace -r '.*/' '' -- $n
            end
        case 'words:*'
            string split , -- (string replace 'words:' '' -- $kind)
    end
end

# `--opt=VALUE` for options whose argument is optional.
function __rns_optval --argument-names opt kind
    set -l cur (commandline -ct)
    string match -q -- "$opt=*" $cur; or return 1
    for v in (__rns_values $kind)
        echo "$opt=$v"
    end
end
"#;
