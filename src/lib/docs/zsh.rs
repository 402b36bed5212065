//! The zsh completion file: `completions/_rns`.

use super::*;
use std::fmt::Write;

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

const ZSH_HELPERS: &str = include_str!("templates/helpers.zsh");

fn zsh_applet(s: &mut String, a: &Applet) {
    let st = a.style;
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
        let pos = a.positionals(w);
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
