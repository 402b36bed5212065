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
        let st = a.style;
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
            for (i, p) in a.positionals(w).iter().enumerate() {
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

const FISH_ENGINE: &str = include_str!("templates/engine.fish");
