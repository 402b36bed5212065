//! The bash completion file: `completions/rns.bash`.

use super::*;
use std::fmt::Write;

pub fn bash() -> String {
    let mut s = format!("# bash completion for rns and its applets\n# {GENERATED}\n");
    s += BASH_ENGINE;
    s += "\n_rns_applets='";
    s += &APPLETS.iter().map(|a| a.name).collect::<Vec<_>>().join(" ");
    s += "'\n";
    let _ = writeln!(s, "_rns_signals='{}'", signal_names().join(" "));
    let _ = writeln!(s, "_rns_names_from={NAMES_FROM}");
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
    let st = a.style;
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
    bash_beyond_table(s, a, &id);
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
        for (i, p) in a.positionals(w).iter().enumerate() {
            let _ = writeln!(s, "        {w}:{i}) REPLY='{}' ;;", pos_word(*p));
        }
    }
    s.push_str("        *) REPLY='none' ;;\n    esac\n}\n");
    let _ = writeln!(s, "_rns_only_{id}() {{\n    case $1 in");
    for f in &flags {
        let Some((_, words)) = a.only_with.iter().find(|(l, _)| *l == f.long) else {
            continue;
        };
        let pat = option_words(f, st).join(" | ");
        let _ = writeln!(s, "        {pat}) REPLY=' {} ' ;;", words.join(" "));
    }
    s.push_str("        *) return 1 ;;\n    esac\n}\n");
}

/// The lead words, the subcommand words left after one, and the
/// subcommands' own options as `WORD:AFTER:WITH_LEAD:OPTION:KIND`.
fn bash_beyond_table(s: &mut String, a: &Applet, id: &str) {
    let subopts: Vec<String> = a
        .sub_options
        .iter()
        .map(|o| {
            let l = u8::from(o.with_lead);
            format!(
                "{}:{}:{l}:{}:{}",
                o.word,
                o.after,
                o.option,
                pos_word(o.value)
            )
        })
        .collect();
    let _ = write!(
        s,
        "_rns_lead_{id}='{}'\n_rns_leadwords_{id}='{}'\n_rns_subopts_{id}='{}'\n",
        a.lead.iter().map(|l| l.0).collect::<Vec<_>>().join(" "),
        a.lead_words.join(" "),
        subopts.join(" ")
    );
}

const BASH_ENGINE: &str = include_str!("templates/engine.bash");
