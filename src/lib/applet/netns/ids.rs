//! list and list-id: names with their nsids, ip's nsid -> name cache.

use super::{get_int, invarg, out, say, usage, Exit, Opts, Ret};
use crate::netlink::nsid::{self, DumpError, NsidEntry};
use crate::netlink::{Conn, NlError};
use crate::netns::{self, json::Json};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

// ------------------------------------------------------------------- list

/// A kernel refusal in iproute2's words: `Error: TEXT.` (the extack text)
/// or `RTNETLINK answers: STRERROR`.
pub(super) struct IpError(NlError);

impl fmt::Display for IpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.extack {
            Some(m) if m.ends_with('.') => write!(f, "Error: {m}"),
            Some(m) => write!(f, "Error: {m}."),
            None => write!(
                f,
                "RTNETLINK answers: {}",
                crate::sys::strerror(self.0.errno)
            ),
        }
    }
}

/// The rtnetlink socket of a `netns` command.
pub(super) struct Rtnl(Conn);

impl Rtnl {
    fn nsids_of(&mut self, fds: &[BorrowedFd]) -> Vec<Result<i32, NlError>> {
        let h = self.0.handle.clone();
        match self.0.run(nsid::nsids_of(&h, fds)) {
            Ok(ids) => ids,
            Err(e) => vec![Err(e); fds.len()],
        }
    }

    /// `netns set`: give the namespace behind `fd` the id `nsid`.
    pub(super) fn set_nsid(&mut self, fd: BorrowedFd, nsid: i32) -> Result<(), IpError> {
        let h = self.0.handle.clone();
        self.0.run(nsid::set_nsid(&h, fd, nsid)).map_err(IpError)
    }
}

pub(super) fn rtnl() -> Result<Rtnl, Exit> {
    Conn::open().map(Rtnl).map_err(|_| {
        say!(&"Cannot open rtnetlink");
        Exit(1)
    })
}

/// netns_get_fd: RUN_DIR/NAME (NAME itself when it holds a `/`), then
/// /proc/NAME/ns/net when NAME is an integer.
pub(super) fn ns_fd(name: &OsStr) -> Option<OwnedFd> {
    use nix::fcntl::{open, OFlag};
    use nix::sys::stat::Mode;
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let path = if name.as_bytes().contains(&b'/') {
        std::path::PathBuf::from(name)
    } else {
        netns::path_of(name)
    };
    if let Ok(fd) = open(&path, flags, Mode::empty()) {
        return Some(fd);
    }
    get_int(name)?;
    let mut p = b"/proc/".to_vec();
    p.extend_from_slice(name.as_bytes());
    p.extend_from_slice(b"/ns/net");
    open(OsStr::from_bytes(&p), flags, Mode::empty()).ok()
}

/// Every entry with its nsid: Ok(-1) when unassigned, Err when the kernel
/// refused (a stale file) or the file could not be opened (Err(None)).
struct Scan {
    entries: Vec<(OsString, Result<i32, Option<NlError>>)>,
}

fn scan(rt: &mut Rtnl, names: Vec<OsString>) -> Scan {
    let mut entries = Vec::with_capacity(names.len());
    nsid::in_batches(
        &names,
        |n| ns_fd(n),
        |batch| {
            let open: Vec<_> = batch
                .iter()
                .filter_map(|(_, f)| f.as_ref())
                .map(|f| f.as_fd())
                .collect();
            let mut ids = rt.nsids_of(&open).into_iter();
            for (name, fd) in batch {
                let r = match fd {
                    Some(_) => ids.next().unwrap_or(Ok(-1)).map_err(Some),
                    None => Err(None),
                };
                entries.push(((*name).clone(), r));
            }
            true
        },
    );
    Scan { entries }
}

/// What ip prints for a GETNSID the kernel refused.
fn report(r: &Result<i32, Option<NlError>>) {
    if let Err(Some(e)) = r {
        say!(&IpError(e.clone()).to_string());
    }
}

pub(super) fn list(o: &Opts) -> Ret {
    // No directory: nothing at all, not even `[]` (and no netlink).
    let Ok(names) = netns::entries() else {
        return Ok(0);
    };
    let scan = scan(&mut rtnl()?, names);
    // ip asks twice per entry (netns_map_init, then the list itself), so
    // each refusal is reported twice; we ask once and report it twice.
    for (_, r) in &scan.entries {
        report(r);
    }
    if o.json {
        let mut j = Json::array(o.pretty);
        for (name, r) in &scan.entries {
            report(r);
            j.open_object();
            j.string("name", name.as_bytes());
            if let Ok(id @ 0..) = r {
                j.int("id", i64::from(*id));
            }
            j.close_object();
        }
        out(&j.finish());
    } else {
        let mut text = Vec::new();
        for (name, r) in &scan.entries {
            report(r);
            text.extend_from_slice(name.as_bytes());
            if let Ok(id @ 0..) = r {
                text.extend_from_slice(format!(" (id: {id})").as_bytes());
            }
            text.push(b'\n');
        }
        out(&text);
    }
    Ok(0)
}

// ---------------------------------------------------------------- list-id

/// ip's nsid -> name cache: first name (readdir order) per nsid; names are
/// taken out once printed.
struct NameMap {
    scan: Scan,
    map: Vec<(i32, OsString)>,
}

impl NameMap {
    fn new(scan: Scan) -> NameMap {
        let mut map: Vec<(i32, OsString)> = Vec::new();
        for (name, r) in &scan.entries {
            report(r);
            if let Ok(id @ 0..) = r {
                if !map.iter().any(|(n, _)| n == id) {
                    map.push((*id, name.clone()));
                }
            }
        }
        NameMap { scan, map }
    }

    /// The name for an entry, as print_nsid finds it.
    fn name_for(&mut self, e: &NsidEntry) -> Option<OsString> {
        let key = e.current.unwrap_or(e.nsid);
        if key >= 0 {
            if let Some(i) = self.map.iter().position(|(n, _)| *n == key) {
                return Some(self.map.remove(i).1);
            }
        }
        if e.deleted || e.nsid < 0 {
            return None;
        }
        // netns_get_name: scan the directory again (ip asks the kernel
        // again; we print its refusals again) for the first entry whose
        // nsid is the *nsid* (not the current nsid).
        for (name, r) in &self.scan.entries {
            report(r);
            if *r == Ok(e.nsid) {
                self.map.push((e.nsid, name.clone()));
                return Some(name.clone());
            }
        }
        None
    }
}

fn print_nsid(o: &Opts, e: &NsidEntry, names: &mut NameMap, text: &mut Vec<u8>, j: &mut Json) {
    let name = names.name_for(e);
    if o.json {
        j.open_object();
        if e.deleted {
            j.boolean("deleted", true);
        }
        if e.nsid >= 0 {
            j.int("nsid", i64::from(e.nsid));
        }
        if let Some(c @ 0..) = e.current {
            j.int("current-nsid", i64::from(c));
        }
        if let Some(n) = &name {
            j.string("name", n.as_bytes());
        }
        j.close_object();
        return;
    }
    if e.deleted {
        text.extend_from_slice(b"Deleted ");
    }
    match e.nsid {
        n if n < 0 => text.extend_from_slice(b"nsid unassigned "),
        n => text.extend_from_slice(format!("nsid {n} ").as_bytes()),
    }
    match e.current {
        Some(c) if c < 0 => text.extend_from_slice(b"current-nsid unassigned "),
        Some(c) => text.extend_from_slice(format!("current-nsid {c} ").as_bytes()),
        None => {}
    }
    if let Some(n) = &name {
        text.extend_from_slice(b"(iproute2 netns name: ");
        text.extend_from_slice(n.as_bytes());
        text.push(b')');
    }
    text.push(b'\n');
}

/// `list-id [target-nsid N] [nsid N]`: exact keywords, each once.
fn list_id_args(args: &[OsString]) -> Result<(Option<i32>, Option<i32>), Exit> {
    let (mut target, mut nsid) = (None, None);
    let mut i = 0;
    while i < args.len() {
        let key = match args[i].as_bytes() {
            b"target-nsid" => "target-nsid",
            b"nsid" => "nsid",
            _ => return Err(usage()),
        };
        let slot = if key == "nsid" {
            &mut nsid
        } else {
            &mut target
        };
        if slot.is_some() {
            say!(
                &"Error: duplicate \"",
                &key,
                &"\": \"",
                &key,
                &"\" is the second value."
            );
            return Err(Exit(255));
        }
        i += 1;
        let Some(v) = args.get(i) else {
            say!(&"Command line is not complete. Try option \"help\"");
            return Err(Exit(255));
        };
        match get_int(v) {
            None => return Err(invarg(&format!("\"{key}\" value is invalid"), v)),
            // ip prints the word after the value (NULL at the end).
            Some(n) if n < 0 => {
                let next = args
                    .get(i + 1)
                    .map_or(OsStr::new("(null)"), |a| a.as_os_str());
                return Err(invarg(&format!("\"{key}\" value should be >= 0"), next));
            }
            Some(n) => *slot = Some(n),
        }
        i += 1;
    }
    Ok((target, nsid))
}

pub(super) fn list_id(o: &Opts, args: &[OsString]) -> Ret {
    let mut rt = rtnl()?;
    let scan = scan(&mut rt, netns::entries().unwrap_or_default());
    let mut names = NameMap::new(scan);
    let (target, nsid) = list_id_args(args)?;
    let mut text = Vec::new();
    let mut j = Json::array(o.pretty);
    if let Some(n) = nsid {
        let h = rt.0.handle.clone();
        let e = match rt.0.run(nsid::nsid_get(&h, n, target)) {
            Ok(e) => e,
            Err(e) => {
                say!(&IpError(e).to_string());
                return Ok(-2);
            }
        };
        print_nsid(o, &e, &mut names, &mut text, &mut j);
        out(&if o.json { j.finish() } else { text });
        return Ok(0);
    }
    let h = rt.0.handle.clone();
    let (got, failure) = match rt.0.run(nsid::nsid_dump(&h, target)) {
        Ok(r) => r,
        Err(e) if rt.0.send_failed() => (Vec::new(), Some(DumpError::Send(e))),
        Err(e) => (Vec::new(), Some(DumpError::Error(e))),
    };
    for e in &got {
        print_nsid(o, e, &mut names, &mut text, &mut j);
    }
    out(&if o.json { j.finish() } else { text });
    match failure {
        None => Ok(0),
        Some(DumpError::Send(e)) => {
            say!(
                &"Cannot send dump request: ",
                &crate::sys::strerror(e.errno)
            );
            Err(Exit(1))
        }
        // An NLMSG_ERROR in a dump: ip's perror, no extack.
        Some(DumpError::Error(e)) => {
            let e = IpError(NlError { extack: None, ..e });
            say!(&e.to_string(), &"\nDump terminated");
            Err(Exit(1))
        }
        // NLMSG_DONE with an error: the extack text, else by errno.
        Some(DumpError::Done(e)) => {
            let quiet = e.extack.is_none() && matches!(e.errno, libc::ENOENT | libc::EOPNOTSUPP);
            if e.extack.is_none() && e.errno == libc::EMSGSIZE {
                say!(&"Error: Buffer too small for object.");
            } else if !quiet {
                say!(&IpError(e).to_string());
            }
            say!(&"Dump terminated");
            Err(Exit(1))
        }
    }
}
