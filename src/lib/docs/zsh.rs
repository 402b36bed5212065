//! The zsh completion file: `completions/_rns`.

use super::*;
use std::fmt::Write;

fn zsh_quote(s: &str) -> String {
    s.replace('\'', "'\\''")
}

fn zsh_desc(s: &str) -> String {
    zsh_quote(
        &one_line(s)
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
        // A leading space: _arguments passes it no -J/-X options, which
        // would hide `-e` and offer functions and parameters.
        Complete::Command => " _command_names -e".into(),
        Complete::User => "_users".into(),
        Complete::Group => "_groups".into(),
        Complete::Pid => "_rns_pids".into(),
        Complete::Signal => "_rns_signals".into(),
        Complete::NetnsName => "_rns_netns_names".into(),
        Complete::Words(w) => format!("({})", w.join(" ")),
    }
}

fn zsh_pos_action(p: Pos) -> String {
    match p {
        Pos::Nothing => " ".into(),
        Pos::Netns => "_rns_netns_names".into(),
        Pos::Pid => "_rns_pids".into(),
        Pos::Veth => "_rns_veths".into(),
        Pos::Command => " _command_names -e".into(),
        Pos::Owner => "_rns_owner".into(),
        Pos::Words(w) => format!("({})", w.join(" ")),
    }
}

/// One `_arguments` spec per spelling of the option.
fn zsh_specs(f: &FlagDoc, st: Style) -> Vec<String> {
    let desc = zsh_desc(f.help);
    let value = value_header(f.value);
    let value = zsh_quote(&value).replace(':', "\\:");
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
    s += &ZSH_HELPERS.replace("@NAMES_FROM@", NAMES_FROM);
    for a in APPLETS {
        zsh_applet(&mut s, a);
    }
    s += "\n_rns() {\n  local b=${${service:t}#-}\n  local -a _rns_cmd=($words[1]) _rns_line=($words)\n";
    s += "  if [[ $b == rns ]]; then\n";
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
    s += "    b=$words[2]\n    _rns_cmd+=($b)\n    shift words\n    (( CURRENT-- ))\n  fi\n";
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
    let flags = flags_of(a);
    let words = words_of(a);
    let _ = writeln!(s, "\n_rns_{}() {{", ident(a.name));
    zsh_opts(s, "opts", flags.iter(), a.style);
    if words.is_empty() {
        s.push_str(
            "  _arguments -s -S $opts '(-)1:program: _command_names -e' '*::argument:_normal'\n}\n",
        );
        return;
    }
    if !a.only_with.is_empty() {
        for w in &words {
            let taken = flags.iter().filter(|f| a.takes(w, f.long));
            zsh_opts(s, &format!("opts_{}", ident(w)), taken, a.style);
        }
    }
    zsh_lead(s, a);
    zsh_dispatch(s, a, &flags, &words);
}

/// A lead word (`--user`) right after the applet name: offered there with
/// the options; once given, taken off the line (the rest completes as
/// without it) and kept in `_rns_lead` for the name helpers.
fn zsh_lead(s: &mut String, a: &Applet) {
    if a.lead.is_empty() {
        return;
    }
    let pat = a.lead.iter().map(|l| l.0).collect::<Vec<_>>().join("|");
    let all = a.words.join(" ");
    let _ = writeln!(
        s,
        "  local _rns_lead _rns_first='1:command:({all})'\n  \
         if (( CURRENT > 2 )) && [[ $words[2] == ({pat}) ]]; then\n    \
         _rns_lead=$words[2]\n    words[2]=()\n    (( CURRENT-- ))"
    );
    if !a.lead_words.is_empty() {
        let left = a.lead_words.join(" ");
        let _ = writeln!(s, "    _rns_first='1:command:({left})'");
    }
    s.push_str("  elif (( CURRENT == 2 )); then\n");
    for (w, help) in a.lead {
        let _ = writeln!(s, "    opts+=('{w}[{}]')", zsh_desc(help));
    }
    s.push_str(
        "  fi
",
    );
}

/// `local -a sub_opts`: the options of subcommand `w` (`add NAME --owner`)
/// once their operands are there.
fn zsh_sub_options(s: &mut String, a: &Applet, w: &str) -> bool {
    let mine: Vec<_> = a.sub_options.iter().filter(|o| o.word == w).collect();
    if mine.is_empty() {
        return false;
    }
    s.push_str(
        "      local -a sub_opts
",
    );
    for o in mine {
        let header = zsh_quote(o.header).replace(':', "\\:");
        let lead = if o.with_lead {
            ""
        } else {
            " && [[ -z $_rns_lead ]]"
        };
        let _ = writeln!(
            s,
            "      (( $#_rns_ops > {} )){lead} && sub_opts+=('{}=[{}]:{header}:{}')",
            o.after,
            o.option,
            zsh_desc(o.help),
            zsh_pos_action(o.value)
        );
    }
    true
}

/// A local array `name` of `_arguments` option specs.
fn zsh_opts<'a>(s: &mut String, name: &str, flags: impl Iterator<Item = &'a FlagDoc>, st: Style) {
    let _ = writeln!(s, "  local -a {name}\n  {name}=(");
    for f in flags {
        for spec in zsh_specs(f, st) {
            let _ = writeln!(s, "    {spec}");
        }
    }
    s.push_str("  )\n");
}

/// Find the subcommand on the whole line (options may come first, long
/// ones abbreviated), then one `_arguments` with its operands' specs.
fn zsh_dispatch(s: &mut String, a: &Applet, flags: &[FlagDoc], words: &[&str]) {
    let mut req: Vec<String> = flags
        .iter()
        .filter(|f| f.arg == ArgKind::Required)
        .flat_map(|f| option_words(f, a.style))
        .collect();
    req.extend(a.sub_options.iter().map(|o| o.option.to_string()));
    let longs: Vec<String> = flags
        .iter()
        .flat_map(|f| option_words(f, a.style))
        .filter(|w| w.starts_with("--"))
        .collect();
    let _ = writeln!(
        s,
        "  local sub w\n  local -a _rns_ops _rns_words\n  _rns_scan '{}' '{}'\n  \
         words=(\"${{_rns_words[@]}}\")\n  \
         (( $#_rns_ops )) && sub=$words[$_rns_ops[1]]\n  for w in {}; do\n    \
         [[ -n $sub && $w == $sub* ]] && {{ sub=$w; break; }}\n  done\n  case $sub in",
        req.join(" "),
        longs.join(" "),
        words.join(" ")
    );
    let first = match a.lead.is_empty() {
        true => format!("'1:command:({})'", words.join(" ")),
        false => "\"$_rns_first\"".to_string(),
    };
    for w in words {
        let mut opts = match a.only_with.is_empty() {
            true => "$opts".to_string(),
            false => format!("$opts_{}", ident(w)),
        };
        let _ = writeln!(s, "    {w})");
        if zsh_sub_options(s, a, w) {
            opts += " $sub_opts";
        }
        zsh_sub(s, a.positionals(w), &opts, &first);
        s.push_str("      ;;\n");
    }
    let _ = writeln!(
        s,
        "    *) _arguments -s -S $opts {first} '*:argument: ' ;;\n  esac\n}}"
    );
}

/// The `_arguments` call for one subcommand; past a program operand, that
/// program's own completion.
fn zsh_sub(s: &mut String, pos: &[Pos], opts: &str, first: &str) {
    let mut specs = vec![first.to_string()];
    for (i, p) in pos.iter().enumerate() {
        let header = match p {
            Pos::Nothing => "argument".to_string(),
            Pos::Command => "program".to_string(),
            Pos::Words(w) => w.join("|"),
            _ => pos_word(*p),
        };
        specs.push(format!("'{}:{header}:{}'", i + 2, zsh_pos_action(*p)));
        if *p == Pos::Command {
            let n = i + 2;
            let _ = writeln!(
                s,
                "      if (( $#_rns_ops >= {n} )); then\n        \
                 shift $(( _rns_ops[{n}] - 1 )) words\n        \
                 (( CURRENT -= _rns_ops[{n}] - 1 ))\n        _normal\n        return\n      fi"
            );
        }
    }
    if pos.last() != Some(&Pos::Command) {
        // Further operands are accepted (and ignored), so that options
        // after them still complete.
        specs.push("'*:argument: '".into());
    }
    let _ = writeln!(s, "      _arguments -s -S {opts} {}", specs.join(" "));
}
