//! identify and pids: which names a process is in, which processes a name has.

use super::{diag, fail, get_int, out, say, Opts, Ret};
use crate::netns::{self, json::Json, Change};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::ops::ControlFlow;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

pub(super) fn identify(o: &Opts, args: &[OsString]) -> Ret {
    let pid = match args {
        [] => OsStr::new("self"),
        [pid] => {
            if !pid.as_bytes().iter().all(u8::is_ascii_digit) {
                say!(&"Specified string '", pid.as_os_str(), &"' is not a pid");
                return Ok(-1);
            }
            pid.as_os_str()
        }
        _ => return fail("extra arguments specified"),
    };
    let Some(name) = diag::or_print(netns::identify(pid)) else {
        return Ok(-1);
    };
    if o.json {
        let mut j = Json::array(o.pretty);
        if let Some(n) = &name {
            j.string_value(n.as_bytes());
        }
        out(&j.finish());
    } else {
        let mut line = name.map(OsString::into_vec).unwrap_or_default();
        line.push(b'\n');
        out(&line);
    }
    Ok(0)
}

pub(super) fn pids(o: &Opts, args: &[OsString]) -> Ret {
    let name = match args {
        [] => return fail("No netns name specified"),
        [name] => name,
        _ => return fail("extra arguments specified"),
    };
    let Some(pids) = diag::or_print(netns::pids(name)) else {
        return Ok(-1);
    };
    let mut text = Vec::new();
    if o.json {
        let mut j = Json::array(o.pretty);
        for p in &pids {
            j.int_value(get_int(p).map_or(0, i64::from));
        }
        text = j.finish();
    } else {
        for p in &pids {
            text.extend_from_slice(p.as_bytes());
            text.push(b'\n');
        }
    }
    out(&text);
    Ok(0)
}

/// `monitor`: `add NAME` / `delete NAME`, one flushed line each, until
/// stdout or the watch fails (-1: ip's monitor never succeeds).
pub(super) fn monitor() -> Ret {
    let mut out = std::io::stdout().lock();
    let res = netns::monitor(&mut |change, name| {
        let word: &[u8] = match change {
            Change::Add => b"add ",
            Change::Delete => b"delete ",
        };
        let line = [word, name.as_bytes(), b"\n"].concat();
        match out.write_all(&line).and_then(|_| out.flush()) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    });
    diag::or_print(res);
    Ok(-1)
}
