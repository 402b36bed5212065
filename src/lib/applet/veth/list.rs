//! `veth list [--netns NS] [-j]`: each veth of the namespace with its peer,
//! the peer's namespace (its /run/netns name, its nsid), state, MTU and
//! addresses. Namespace names are bytes (a name in /run/netns need not be
//! UTF-8) and are printed as they are, as ip prints them.

use super::netns::{self, Netns};
use super::{bad, refused, where_};
use crate::error::Result;
use crate::netlink::nsid::Rtnl;
use crate::netlink::{self, Conn, NlError};
use crate::netns::json::Json;
use netlink_packet_route::address::{AddressAttribute, AddressMessage};
use netlink_packet_route::link::LinkMessage;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;

/// Where a veth's peer lives, seen from the listed namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerNs {
    /// The listed namespace itself.
    Same,
    /// Another one: its nsid in the listed namespace, its /run/netns name if
    /// it has one, and whether it is the caller's own namespace.
    Other {
        /// The peer namespace's id in the listed one.
        nsid: i32,
        /// Its /run/netns name, when it has one.
        name: Option<OsString>,
        /// Is it the caller's own namespace?
        caller: bool,
    },
}

/// One veth of the listed namespace.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its interface name.
    pub name: String,
    /// Its peer's interface name.
    pub peer: String,
    /// Where the peer lives.
    pub peer_netns: PeerNs,
    /// Is it administratively up?
    pub up: bool,
    /// Its MTU.
    pub mtu: u32,
    /// Its addresses, `ADDR/PREFIX`.
    pub addresses: Vec<String>,
}

pub fn run(ns_arg: Option<&OsStr>, json: bool) -> Result<i32> {
    let rows = rows(ns_arg)?;
    let out = if json { to_json(&rows) } else { to_text(&rows) };
    write_stdout(&out)
}

/// The veths of the namespace `ns_arg` names (the caller's without one).
pub fn rows(ns_arg: Option<&OsStr>) -> Result<Vec<Row>> {
    let ns = ns_arg.map(Netns::open).transpose()?;
    let foreign = ns.as_ref().filter(|n| netns::current() != Some(n.id));
    let w = where_(ns_arg);
    let step = |e: NlError| refused(format!("list links{w}: {e}"));
    let mut c = match foreign {
        Some(n) => Conn::open_in(n.file.as_fd()),
        None => Conn::open(),
    }
    .map_err(|e| refused(format!("cannot open a netlink socket{w}: {e}")))?;
    collect(&mut c, foreign).map_err(step)
}

/// All of `out` to stdout; a reader that went away (EPIPE) is no error.
fn write_stdout(out: &[u8]) -> Result<i32> {
    let mut o = std::io::stdout().lock();
    match o.write_all(out).and_then(|_| o.flush()) {
        Err(e) if e.raw_os_error() != Some(libc::EPIPE) => Err(bad(format!(
            "write error: {}",
            crate::sys::strerror(e.raw_os_error().unwrap_or(libc::EIO))
        ))),
        _ => Ok(0),
    }
}

/// What the rows need to name peer namespaces: nsid -> /run/netns name, and
/// the nsid of the caller's own namespace (when the listed one is another).
#[derive(Default)]
struct Names {
    by_nsid: Vec<(i32, OsString)>,
    caller: Option<i32>,
}

fn collect(c: &mut Conn, foreign: Option<&Netns>) -> netlink::NlResult<Vec<Row>> {
    let h = c.handle.clone();
    let (links, addrs) = c.run(async {
        let links = netlink::dump_links(&h).await?;
        let addrs = netlink::dump_addresses(&h).await?;
        Ok::<_, NlError>((links, addrs))
    })?;
    let mut names: Option<Names> = None;
    let mut rows = Vec::new();
    for m in links.iter().filter(|m| netlink::is_veth(m)) {
        let peer_index = netlink::link_peer_index(m).unwrap_or(0);
        let (peer, peer_netns) = peer_of(c, &links, m, &mut names, foreign);
        rows.push(Row {
            name: netlink::link_name(m).unwrap_or("").to_string(),
            peer: peer.unwrap_or_else(|| format!("if{peer_index}")),
            peer_netns,
            up: netlink::is_up(m),
            mtu: netlink::link_mtu(m).unwrap_or(0),
            addresses: addresses_of(m, &addrs),
        });
    }
    Ok(rows)
}

/// A veth's peer: its name (when it can be seen) and where it lives. The
/// /run/netns names are looked up once, at the first peer elsewhere.
fn peer_of(
    c: &mut Conn,
    links: &[LinkMessage],
    m: &LinkMessage,
    names: &mut Option<Names>,
    foreign: Option<&Netns>,
) -> (Option<String>, PeerNs) {
    let peer_index = netlink::link_peer_index(m).unwrap_or(0);
    let Some(nsid) = netlink::link_netnsid(m) else {
        let p = links.iter().find(|l| l.header.index == peer_index);
        return (
            p.and_then(netlink::link_name).map(str::to_string),
            PeerNs::Same,
        );
    };
    let h = c.handle.clone();
    let p = c
        .run(netlink::link_in_nsid(&h, nsid, peer_index))
        .ok()
        .flatten();
    let known = names.get_or_insert_with(|| names_here(foreign));
    let ns = PeerNs::Other {
        nsid,
        name: known
            .by_nsid
            .iter()
            .find(|(id, _)| *id == nsid)
            .map(|(_, n)| n.clone()),
        caller: known.caller == Some(nsid),
    };
    (
        p.as_ref().and_then(netlink::link_name).map(str::to_string),
        ns,
    )
}

/// GETNSIDs in one write (each holds an open namespace file until answered).
const BATCH: usize = 64;

/// The names of /run/netns (through the netns store's lister, so non-UTF-8
/// names too), sorted bytewise so that the first name of a namespace wins
/// deterministically, each with its nsid in the listed namespace (GETNSID by
/// fd, which never assigns one, BATCH to a write); and the caller's nsid
/// there when the listed namespace is another.
fn names_here(foreign: Option<&Netns>) -> Names {
    let mut out = Names::default();
    let Some(mut r) = batch_socket(foreign) else {
        return out;
    };
    let mut names = crate::netns::entries().unwrap_or_default();
    names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    for chunk in names.chunks(BATCH) {
        let files: Vec<(&OsString, File)> = chunk
            .iter()
            .filter_map(|n| Some((n, File::open(crate::netns::path_of(n)).ok()?)))
            .collect();
        let fds: Vec<BorrowedFd> = files.iter().map(|(_, f)| f.as_fd()).collect();
        for ((name, _), id) in files.iter().zip(r.nsids_of(&fds)) {
            match id {
                Ok(id) if id >= 0 && !out.by_nsid.iter().any(|(i, _)| *i == id) => {
                    out.by_nsid.push((id, (*name).clone()))
                }
                _ => {}
            }
        }
    }
    if foreign.is_some() {
        if let Ok(f) = File::open(netns::SELF) {
            out.caller = r
                .nsids_of(&[f.as_fd()])
                .pop()
                .and_then(|r| r.ok())
                .filter(|&id| id >= 0);
        }
    }
    out
}

/// A batching GETNSID socket in the listed namespace: made on a short-lived
/// thread that enters it (as `Conn::open_in` does); it keeps acting there.
fn batch_socket(foreign: Option<&Netns>) -> Option<Rtnl> {
    let Some(n) = foreign else {
        return Rtnl::open().ok();
    };
    std::thread::scope(|s| {
        s.spawn(|| {
            nix::sched::setns(n.file.as_fd(), nix::sched::CloneFlags::CLONE_NEWNET).ok()?;
            Rtnl::open().ok()
        })
        .join()
        .ok()
        .flatten()
    })
}

fn addresses_of(link: &LinkMessage, addrs: &[AddressMessage]) -> Vec<String> {
    addrs
        .iter()
        .filter(|a| a.header.index == link.header.index)
        .filter_map(|a| {
            let local = a.attributes.iter().find_map(|x| match x {
                AddressAttribute::Local(ip) => Some(*ip),
                _ => None,
            });
            let addr = a.attributes.iter().find_map(|x| match x {
                AddressAttribute::Address(ip) => Some(*ip),
                _ => None,
            });
            local
                .or(addr)
                .map(|ip| format!("{ip}/{}", a.header.prefix_len))
        })
        .collect()
}

fn state(up: bool) -> &'static str {
    if up {
        "up"
    } else {
        "down"
    }
}

/// The PEER-NETNS column: `-` for the listed namespace itself, else the
/// name, else `(caller's)` for the caller's own namespace, else `nsid N`.
fn ns_text(p: &PeerNs) -> Vec<u8> {
    match p {
        PeerNs::Same => b"-".to_vec(),
        PeerNs::Other { name: Some(n), .. } => n.as_bytes().to_vec(),
        PeerNs::Other { caller: true, .. } => b"(caller's)".to_vec(),
        PeerNs::Other { nsid, .. } => format!("nsid {nsid}").into_bytes(),
    }
}

/// The width a cell takes on a terminal (bytes that are not UTF-8 count one
/// column each, as a replacement character would).
fn width(cell: &[u8]) -> usize {
    String::from_utf8_lossy(cell).chars().count()
}

/// Aligned columns; nothing at all when there is no veth.
pub fn to_text(rows: &[Row]) -> Vec<u8> {
    if rows.is_empty() {
        return Vec::new();
    }
    let head = ["NAME", "PEER", "PEER-NETNS", "STATE", "MTU", "ADDRESSES"];
    let mut table: Vec<[Vec<u8>; 6]> = vec![head.map(|h| h.as_bytes().to_vec())];
    for r in rows {
        let addrs = if r.addresses.is_empty() {
            "-".to_string()
        } else {
            r.addresses.join(" ")
        };
        table.push([
            r.name.clone().into_bytes(),
            r.peer.clone().into_bytes(),
            ns_text(&r.peer_netns),
            state(r.up).into(),
            r.mtu.to_string().into_bytes(),
            addrs.into_bytes(),
        ]);
    }
    let mut w = [0usize; 6];
    for row in &table {
        for (i, cell) in row.iter().enumerate() {
            w[i] = w[i].max(width(cell));
        }
    }
    let mut out = Vec::new();
    for row in &table {
        let mut line = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            line.extend_from_slice(cell);
            if i + 1 < row.len() {
                line.resize(line.len() + w[i] - width(cell) + 2, b' ');
            }
        }
        while line.last() == Some(&b' ') {
            line.pop();
        }
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    out
}

/// One object per veth, every key with one type (see rns-veth(8), JSON):
/// `{"name":S,"peer":S,"peer_netns":S|null,"peer_nsid":N|null,
/// "state":"up"|"down","mtu":N,"addresses":[S...]}`, written by the one
/// JSON writer (iproute2's layout and escapes).
pub fn to_json(rows: &[Row]) -> Vec<u8> {
    let mut j = Json::array(false);
    for r in rows {
        j.open_object();
        j.string("name", r.name.as_bytes());
        j.string("peer", r.peer.as_bytes());
        let (name, nsid) = match &r.peer_netns {
            PeerNs::Same => (None, None),
            PeerNs::Other { nsid, name, .. } => (name.as_ref(), Some(*nsid)),
        };
        match name {
            Some(n) => j.string("peer_netns", n.as_bytes()),
            None => j.null("peer_netns"),
        }
        match nsid {
            Some(n) => j.int("peer_nsid", i64::from(n)),
            None => j.null("peer_nsid"),
        }
        j.string("state", state(r.up).as_bytes());
        j.int("mtu", i64::from(r.mtu));
        let addrs: Vec<&[u8]> = r.addresses.iter().map(|a| a.as_bytes()).collect();
        j.strings("addresses", &addrs);
        j.close_object();
    }
    j.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    fn row() -> Row {
        Row {
            name: "v0".into(),
            peer: "v\"1".into(),
            peer_netns: PeerNs::Other {
                nsid: 4,
                name: Some("A".into()),
                caller: false,
            },
            up: true,
            mtu: 1500,
            addresses: vec!["10.0.0.1/24".into(), "fd00::1/64".into()],
        }
    }

    fn json_of(r: Row) -> String {
        String::from_utf8(to_json(&[r])).unwrap()
    }

    #[test]
    fn json_keys_have_one_type_each() {
        assert_eq!(to_json(&[]), b"[]\n");
        assert_eq!(
            json_of(row()),
            "[{\"name\":\"v0\",\"peer\":\"v\\\"1\",\"peer_netns\":\"A\",\"peer_nsid\":4,\"state\":\"up\",\"mtu\":1500,\"addresses\":[\"10.0.0.1/24\",\"fd00::1/64\"]}]\n"
        );
        let mut r = row();
        r.peer_netns = PeerNs::Other {
            nsid: 0,
            name: None,
            caller: true,
        };
        assert!(json_of(r.clone()).contains("\"peer_netns\":null,\"peer_nsid\":0,"));
        r.peer_netns = PeerNs::Same;
        r.addresses.clear();
        assert!(json_of(r).contains("\"peer_netns\":null,\"peer_nsid\":null,\"state\":\"up\",\"mtu\":1500,\"addresses\":[]}"));
    }

    #[test]
    fn json_keeps_name_bytes_and_escapes_controls() {
        let mut r = row();
        r.peer_netns = PeerNs::Other {
            nsid: 1,
            name: Some(OsString::from_vec(b"n\xff\x01".to_vec())),
            caller: false,
        };
        let j = to_json(&[r]);
        let want = b"\"peer_netns\":\"n\xff\\u0001\"";
        assert!(j.windows(want.len()).any(|w| w == want), "{j:?}");
    }

    #[test]
    fn text() {
        assert_eq!(to_text(&[]), b"");
        assert_eq!(
            String::from_utf8(to_text(&[row()])).unwrap(),
            "NAME  PEER  PEER-NETNS  STATE  MTU   ADDRESSES\nv0    v\"1   A           up     1500  10.0.0.1/24 fd00::1/64\n"
        );
        let mut r = row();
        r.peer_netns = PeerNs::Other {
            nsid: 0,
            name: None,
            caller: true,
        };
        let mut s = row();
        s.peer_netns = PeerNs::Other {
            nsid: 7,
            name: None,
            caller: false,
        };
        let t = String::from_utf8(to_text(&[r, s])).unwrap();
        assert!(t.contains("v0    v\"1   (caller's)  up"), "{t}");
        assert!(t.contains("v0    v\"1   nsid 7      up"), "{t}");
    }
}
