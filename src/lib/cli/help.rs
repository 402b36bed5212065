//! `--help` rendering in util-linux's usage layout, from the flag table.

use super::Flag;

/// The parts of a util-linux usage text that are not options.
pub struct HelpStyle {
    /// One line per form of the command, each shown after the name the
    /// applet was invoked as.
    pub synopsis: &'static str,
    /// The one-paragraph description under the synopsis.
    pub description: &'static str,
    /// Column where option descriptions start.
    pub column: usize,
    /// Indent of a long option that has no short form (` ` in unshare,
    /// `     ` in nsenter).
    pub long_only_indent: &'static str,
    /// The man page named on the last line (`rns-unshare(1)`).
    pub man: &'static str,
}

/// The left column of one option, e.g. ` -m, --mount[=<file>]`.
pub fn left_column<Id>(f: &Flag<Id>, style: &HelpStyle) -> String {
    match f.short {
        Some(c) if f.long.is_empty() => format!(" -{c}{}", f.value),
        Some(c) => format!(" -{c}, --{}{}", f.long, f.value),
        None => format!("{}--{}{}", style.long_only_indent, f.long, f.value),
    }
}

/// The `--help` text of applet `name` (as invoked) with options `table`,
/// laid out as util-linux's `usage()` prints it.
pub fn render_help<Id>(name: &str, table: &[Flag<Id>], style: &HelpStyle) -> String {
    let mut out = String::from("\nUsage:\n");
    for form in style.synopsis.lines() {
        out += &format!(" {name} {form}\n");
    }
    out += &format!("\n{}\n\nOptions:\n", style.description);
    for f in table {
        if f.section {
            out.push('\n');
        }
        out += &option_lines(f, style);
    }
    out += &format!("\nFor more details see {}.\n", style.man);
    out
}

/// One option's lines: the left column, then the description from
/// `style.column` on (on a line of its own where the left column is full,
/// unless the entry keeps it on its line).
fn option_lines<Id>(f: &Flag<Id>, style: &HelpStyle) -> String {
    let left = left_column(f, style);
    let pad = " ".repeat(style.column);
    let mut lines = f.help.lines();
    let first = lines.next().unwrap_or("");
    let mut out = if left.len() < style.column {
        format!("{left:<w$}{first}\n", w = style.column)
    } else if f.same_line {
        format!("{left}  {first}\n")
    } else {
        format!("{left}\n{pad}{first}\n")
    };
    for more in lines {
        out += &format!("{pad}{more}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{ArgKind, Complete};

    const STYLE: HelpStyle = HelpStyle {
        synopsis: "add <a>\ndel <a>",
        description: "Do things.",
        column: 12,
        long_only_indent: " ",
        man: "rns-x(8)",
    };

    fn flag(long: &'static str) -> Flag<()> {
        Flag::new(
            (),
            None,
            long,
            ArgKind::NoArg,
            "",
            "text",
            0,
            Complete::Nothing,
        )
    }

    #[test]
    fn every_synopsis_line_names_the_applet_as_invoked() {
        let h = render_help::<()>("rns-x", &[], &STYLE);
        assert!(h.starts_with("\nUsage:\n rns-x add <a>\n rns-x del <a>\n\nDo things.\n"));
        assert!(h.ends_with("\nFor more details see rns-x(8).\n"));
    }

    #[test]
    fn a_full_left_column_wraps_unless_the_entry_keeps_its_line() {
        let table = [flag("long-first"), flag("long-second").same_line()];
        let h = render_help("x", &table, &STYLE);
        assert!(h.contains("\n --long-first\n            text\n"), "{h}");
        assert!(h.contains("\n --long-second  text\n"), "{h}");
    }
}
