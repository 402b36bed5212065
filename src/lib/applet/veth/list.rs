//! `veth list [--netns NS] [-j]`: each veth of the namespace with its peer,
//! the peer's namespace (its /run/netns name, its nsid), state, MTU and
//! addresses. Namespace names are bytes (a name in /run/netns need not be
//! UTF-8) and are printed as they are, as ip prints them.

use super::netns::{self, Netns};
use super::scan::Scan;
use super::{bad, refused, where_};
use crate::error::Result;
use crate::netlink::{self, nsid, Conn, NlError};
use crate::netns::json::Json;
use netlink_packet_route::address::{AddressAttribute, AddressMessage};
use netlink_packet_route::link::{InfoKind, LinkMessage};
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::AsFd;
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

fn collect(c: &mut Conn, foreign: Option<&Netns>) -> netlink::NlResult<Vec<Row>> {
    let scan = Scan::new(crate::netns::entries().unwrap_or_default());
    let open = || match foreign {
        Some(n) => Conn::open_in(n.file.as_fd()),
        None => Conn::open(),
    };
    std::thread::scope(|s| {
        let scan = &scan;
        if scan.shared() {
            s.spawn(move || open().map(|mut c| scan.work(&mut c, "helper")));
        }
        let rows = rows_of(c, |c, far| {
            scan.want(far.iter().map(|f| f.0).collect());
            scan.work(c, "lister");
        });
        scan.want(Vec::new()); // on failure: the helper stops at once
        rows
    })
    .map(|rows| name_peers(rows, c, foreign, scan.named()))
}

/// The rows, their peers' namespaces by nsid only (named later); `scan` is
/// told which (nsid, ifindex) peers live in other namespaces, once the
/// peers' own names are in.
fn rows_of(
    c: &mut Conn,
    scan: impl FnOnce(&mut Conn, &[(i32, u32)]),
) -> netlink::NlResult<Vec<Row>> {
    let h = c.handle.clone();
    let (links, addrs) = c.run(async {
        let veth = (Some(InfoKind::Veth), Some(netlink::VETH_FACTS));
        let links = netlink::dump_links(&h, veth.0, veth.1).await?;
        let addrs = netlink::dump_addresses(&h).await?;
        Ok::<_, NlError>((links, addrs))
    })?;
    let veths: Vec<&LinkMessage> = links.iter().filter(|m| netlink::is_veth(m)).collect();
    // Peers in other namespaces: their names fetched in batches here, their
    // namespaces named by the scan meanwhile.
    let far: Vec<(i32, u32)> = veths
        .iter()
        .filter_map(|m| Some((netlink::link_netnsid(m)?, netlink::link_peer_index(m)?)))
        .collect();
    let mut far_peers = match far.is_empty() {
        true => Vec::new(),
        false => c
            .run(netlink::link_names_in_nsids(&h, &far))
            .unwrap_or_default(),
    }
    .into_iter();
    scan(c, &far);
    let mut rows = Vec::new();
    for m in veths {
        let peer_index = netlink::link_peer_index(m).unwrap_or(0);
        let (peer, peer_netns) = match netlink::link_netnsid(m) {
            None => {
                let p = links.iter().find(|l| l.header.index == peer_index);
                (
                    p.and_then(netlink::link_name).map(str::to_string),
                    PeerNs::Same,
                )
            }
            Some(nsid) => {
                let p = netlink::link_peer_index(m).and_then(|_| far_peers.next().flatten());
                let other = PeerNs::Other {
                    nsid,
                    name: None,
                    caller: false,
                };
                (p, other)
            }
        };
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

/// Fill in the names of the peers' namespaces (`named`: nsid -> name) and
/// mark the caller's own namespace when the listed one is another.
fn name_peers(
    mut rows: Vec<Row>,
    c: &mut Conn,
    foreign: Option<&Netns>,
    named: BTreeMap<i32, OsString>,
) -> Vec<Row> {
    let far = |r: &Row| matches!(r.peer_netns, PeerNs::Other { .. });
    let caller = match foreign.is_some() && rows.iter().any(far) {
        true => caller_nsid(c),
        false => None,
    };
    for r in &mut rows {
        if let PeerNs::Other {
            nsid,
            name,
            caller: mine,
        } = &mut r.peer_netns
        {
            *name = named.get(nsid).cloned();
            *mine = caller == Some(*nsid);
        }
    }
    rows
}

/// The caller's own namespace's nsid in the listed one (where `c` lives).
fn caller_nsid(c: &mut Conn) -> Option<i32> {
    let f = File::open(netns::SELF).ok()?;
    let h = c.handle.clone();
    let id = c.run(nsid::nsids_of(&h, &[f.as_fd()])).ok();
    id.and_then(|mut v| v.pop()?.ok()).filter(|&id| id >= 0)
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
