//! `-batch FILE`: lines of ip commands, split as ip's getcmdline/makeargs.

use super::{do_netns, matches, say, Exit, Opts, Ret};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

// ------------------------------------------------------------------ batch

/// `-batch FILE`: each line is an ip command; only `netns` ones run here.
pub(super) fn batch(o: &mut Opts, file: &OsStr) -> i32 {
    // ip reads with getline: an error after a successful open (a
    // directory: EISDIR) ends the file quietly, like its end.
    let mut data = Vec::new();
    let input = if file.as_bytes() == b"-" {
        Ok(Box::new(std::io::stdin()) as Box<dyn std::io::Read>)
    } else {
        std::fs::File::open(file).map(|f| Box::new(f) as Box<dyn std::io::Read>)
    };
    match input {
        Ok(mut r) => drop(r.read_to_end(&mut data)),
        Err(e) => {
            say!(
                &"Cannot open file \"",
                file,
                &"\" for reading: ",
                &super::ioerr(&e)
            );
            return 1;
        }
    }
    o.in_batch = true;
    let mut ret = 0;
    for (lineno, words) in batch_lines(&data) {
        let words = match words {
            Ok(w) => w,
            Err(msg) => {
                say!(&msg);
                // ip's getcmdline returns EOF after this message (the
                // status so far); makeargs's errors exit(1).
                return if msg == MISSING { ret } else { 1 };
            }
        };
        if words.is_empty() {
            continue;
        }
        let r = match batch_cmd(o, &words) {
            Ok(r) => r.wrapping_neg(),
            Err(Exit(code)) => return code,
        };
        if r != 0 {
            let at = format!(":{lineno}");
            say!(&"Command failed ", file, &at);
            ret = 1;
            if !o.force {
                break;
            }
        }
    }
    ret
}

/// ip's object table, in its first-match order.
const OBJECTS: &[&str] = &[
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tunl",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "tcp_metrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "help",
    "stats",
];

fn batch_cmd(o: &Opts, words: &[OsString]) -> Ret {
    let w = words[0].as_bytes();
    match OBJECTS.iter().find(|obj| matches(w, obj)) {
        Some(&"netns") => do_netns(o, &words[1..]),
        Some(obj) => {
            say!(&"rns netns: \"ip ", *obj, &"\" commands are not supported");
            Ok(-1)
        }
        None => {
            say!(
                &"Object \"",
                words[0].as_os_str(),
                &"\" is unknown, try \"ip help\"."
            );
            Ok(-1)
        }
    }
}

const MISSING: &str = "Missing continuation line";

/// Split a batch file as ip's getcmdline + makeargs do: `#` starts a
/// comment, a backslash-newline joins lines, words split on blanks, quoted
/// words run to the matching quote. Yields (last line number, words).
fn batch_lines(data: &[u8]) -> Vec<(usize, Result<Vec<OsString>, &'static str>)> {
    let mut out = Vec::new();
    let mut lines = data.split_inclusive(|&c| c == b'\n').peekable();
    let mut lineno = 0;
    while let Some(first) = lines.next() {
        lineno += 1;
        let mut line = uncomment(c_str(first));
        while line.ends_with(b"\\\n") {
            let Some(next) = lines.next() else {
                out.push((lineno, Err(MISSING)));
                return out;
            };
            lineno += 1;
            line.truncate(line.len() - 2);
            line.extend_from_slice(&uncomment(c_str(next)));
        }
        out.push((lineno, makeargs(&line)));
    }
    out
}

/// A line as ip's C code sees it: it ends at its first NUL, and its
/// newline (and a backslash before it) goes with the rest.
fn c_str(line: &[u8]) -> &[u8] {
    line.split(|&c| c == 0).next().unwrap_or(line)
}

fn uncomment(line: &[u8]) -> Vec<u8> {
    match line.iter().position(|&c| c == b'#') {
        Some(i) => line[..i].to_vec(),
        None => line.to_vec(),
    }
}

fn makeargs(line: &[u8]) -> Result<Vec<OsString>, &'static str> {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let mut words = Vec::new();
    let mut i = 0;
    while i < line.len() {
        while i < line.len() && ws(&line[i]) {
            i += 1;
        }
        if i >= line.len() {
            break;
        }
        if words.len() >= 511 {
            return Err("Too many arguments to command");
        }
        if line[i] == b'\'' || line[i] == b'"' {
            let q = line[i];
            let start = i + 1;
            let Some(len) = line[start..].iter().position(|&c| c == q) else {
                return Err("Unterminated quoted string");
            };
            words.push(OsString::from_vec(line[start..start + len].to_vec()));
            i = start + len + 1;
        } else {
            let start = i;
            while i < line.len() && !ws(&line[i]) {
                i += 1;
            }
            words.push(OsString::from_vec(line[start..i].to_vec()));
            i += 1;
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_files_split_like_ip() {
        let l = batch_lines(
            b"netns add x # c\nnetns exec y sh -c \"echo a; exit 3\"\n\nnetns \\\nlist\n",
        );
        let w: Vec<_> = l
            .iter()
            .map(|(n, w)| (*n, w.clone().unwrap().len()))
            .collect();
        assert_eq!(w, vec![(1, 3), (2, 6), (3, 0), (5, 2)]);
        assert!(makeargs(b"a 'b").is_err());
        let l = batch_lines(b"a b\0c d\ne \\\nf\0g h\ni\0 \\\nj\n");
        let w: Vec<_> = l.iter().map(|(n, w)| (*n, w.clone().unwrap())).collect();
        let w: Vec<(usize, Vec<&str>)> = w
            .iter()
            .map(|(n, w)| (*n, w.iter().map(|s| s.to_str().unwrap()).collect()))
            .collect();
        assert_eq!(
            w,
            vec![
                (1, vec!["a", "b"]),
                (3, vec!["e", "f"]),
                (4, vec!["i"]),
                (5, vec!["j"])
            ]
        );
    }
}
