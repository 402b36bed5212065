//! The fish completion file: `completions/rns.fish`.

use super::*;
use std::fmt::Write;

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
        "\nset -g __rns_applets {}\nset -g __rns_signals {}\nset -g __rns_names_from {NAMES_FROM}",
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
    // No file names unless a value or operand is one (__rns_values file).
    let _ = writeln!(s, "\ncomplete{cs} -f");
    for a in APPLETS {
        fish_applet(&mut s, a, &cs);
    }
    s += FISH_RNS;
    s
}

fn fish_applet(s: &mut String, a: &Applet, cs: &str) {
    let flags = flags_of(a);
    let words = words_of(a);
    let id = ident(a.name);
    // The options whose value is the next word.
    let mut req: Vec<String> = flags
        .iter()
        .filter(|f| f.arg == ArgKind::Required)
        .flat_map(|f| option_words(f, a.style))
        .collect();
    req.extend(a.sub_options.iter().map(|o| o.option.to_string()));
    let leads: Vec<&str> = a.lead.iter().map(|l| l.0).collect();
    let _ = writeln!(
        s,
        "\n# {}\nset -g __rns_req_{id} {}\nset -g __rns_words_{id} {}\n\
         set -g __rns_lead_{id} {}\nset -g __rns_leadwords_{id} {}",
        a.name,
        req.join(" "),
        words.join(" "),
        leads.join(" "),
        a.lead_words.join(" ")
    );
    for f in &flags {
        let _ = writeln!(s, "{}", fish_flag(a, f, cs));
    }
    fish_beyond_table(s, a, cs);
    let n = a.name;
    fish_operands(s, a, cs);
    let _ = writeln!(
        s,
        "complete{cs} -n '__rns_after_program {n}' -x -a '(__rns_rest)'"
    );
}

/// The subcommand words (or the program) and the subcommands' operands.
fn fish_operands(s: &mut String, a: &Applet, cs: &str) {
    let n = a.name;
    let words = words_of(a);
    if words.is_empty() {
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_operand {n} 0' -x -a '(__rns_values command)'"
        );
    } else if !a.lead_words.is_empty() {
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_operand {n} 0' -x -a '(__rns_subwords {n})'"
        );
    } else {
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_operand {n} 0' -x -a {}",
            fish_quote(&words.join(" "))
        );
    }
    for w in &words {
        for (i, p) in a.positionals(w).iter().enumerate() {
            let _ = writeln!(
                s,
                "complete{cs} -n '__rns_operand {n} {} {w}' -x -a {}",
                i + 1,
                fish_quote(&fish_values(&pos_word(*p)))
            );
        }
    }
}

/// The lead words (right after the applet name) and the subcommands' own
/// options (past their first operands).
fn fish_beyond_table(s: &mut String, a: &Applet, cs: &str) {
    let n = a.name;
    for (w, help) in a.lead {
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_lead_at {n}' {} -d {}",
            fish_option(w),
            fish_quote(help)
        );
    }
    for o in a.sub_options {
        let _ = writeln!(
            s,
            "complete{cs} -n '__rns_subopt {n} {} {} {}' {} -x -a {} -d {}",
            o.word,
            o.after,
            u8::from(o.with_lead),
            fish_option(o.option),
            fish_quote(&fish_values(&pos_word(o.value))),
            fish_quote(&one_line(o.help))
        );
    }
}

/// `complete`'s switch for an option word: `-l user` for `--user`.
fn fish_option(word: &str) -> String {
    match word.strip_prefix("--") {
        Some(long) => format!("-l {long}"),
        None => format!("-o {}", word.trim_start_matches('-')),
    }
}

/// The `complete` line of one option: its names, its values (for an
/// optional value, those of `--opt=VALUE`), its whole help as description.
fn fish_flag(a: &Applet, f: &FlagDoc, cs: &str) -> String {
    let mut cond = format!("__rns_options {}", a.name);
    if let Some((_, words)) = a.only_with.iter().find(|(l, _)| *l == f.long) {
        let _ = write!(cond, "; and __rns_sub {} {}", a.name, words.join(" "));
    }
    let mut line = format!("complete{cs} -n '{cond}'");
    if let Some(c) = f.short {
        let _ = write!(line, " -s {c}");
    }
    if !f.long.is_empty() {
        let flag = if a.style == Style::Gnu { "-l" } else { "-o" };
        let _ = write!(line, " {flag} {}", f.long);
    }
    let kind = kind_word(f.complete);
    if f.arg == ArgKind::Required {
        let _ = write!(line, " -x -a {}", fish_quote(&fish_values(&kind)));
    }
    let _ = write!(line, " -d {}", fish_quote(&one_line(f.help)));
    if matches!(f.arg, ArgKind::Optional | ArgKind::LongOptional) {
        // The value in the option's word: its values only, no file names.
        let words = match f.arg {
            ArgKind::Optional => option_words(f, a.style),
            _ => vec![format!("--{}", f.long)],
        }
        .join(" ");
        let _ = write!(
            line,
            "\ncomplete{cs} -n '{cond}; and __rns_at_optval {words}' -f -a {}",
            fish_quote(&format!("(__rns_optval {kind} {words})"))
        );
    }
    line
}

const FISH_RNS: &str = "
complete -c rns -n '__rns_first' -x -a '$__rns_applets' -d applet
complete -c rns -n '__rns_first' -l list -d 'list the applets'
complete -c rns -n '__rns_first' -l install -d 'link the applets into DIR'
complete -c rns -n '__rns_first' -l help -d 'display help'
complete -c rns -n '__rns_first' -l version -d 'display version'
complete -c rns -n '__rns_install' -x -a '(__rns_values dir)'
";

const FISH_ENGINE: &str = include_str!("templates/engine.fish");
