//! `--help` rendering in util-linux's usage layout, from the flag table.

use super::Flag;

/// The parts of a util-linux usage text that are not options.
pub struct HelpStyle {
    pub synopsis: &'static str,
    pub description: &'static str,
    /// Column where option descriptions start.
    pub column: usize,
    /// Indent of a long option that has no short form (` ` in unshare,
    /// `     ` in nsenter).
    pub long_only_indent: &'static str,
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

pub fn render_help<Id>(name: &str, table: &[Flag<Id>], style: &HelpStyle) -> String {
    let mut out = String::from("\nUsage:\n");
    out += &format!(
        " {name} {}\n\n{}\n\nOptions:\n",
        style.synopsis, style.description
    );
    for f in table {
        if f.section {
            out.push('\n');
        }
        let left = left_column(f, style);
        let pad = " ".repeat(style.column);
        let mut lines = f.help.lines();
        let first = lines.next().unwrap_or("");
        if left.len() < style.column {
            out += &format!("{left:<w$}{first}\n", w = style.column);
        } else {
            out += &format!("{left}\n{pad}{first}\n");
        }
        for more in lines {
            out += &format!("{pad}{more}\n");
        }
    }
    out += &format!("\nFor more details see {}.\n", style.man);
    out
}
