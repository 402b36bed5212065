//! `veth list [--netns NS] [-j]`: each veth of the namespace with its peer,
//! the peer's namespace (its /run/netns name, else its nsid), state, MTU and
//! addresses.

use super::netns;
use super::{bad, refused, where_};
use crate::error::Result;
use crate::netlink::{self, nsid, Conn, NlError};
use netlink_packet_route::address::{AddressAttribute, AddressMessage};
use netlink_packet_route::link::{InfoKind, LinkMessage};
use std::ffi::OsStr;
use std::os::fd::AsFd;

/// Where a veth's peer lives, seen from the listed namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerNs {
    Same,
    Named(String),
    Nsid(i32),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub peer: String,
    pub peer_netns: PeerNs,
    pub up: bool,
    pub mtu: u32,
    pub addresses: Vec<String>,
}

pub fn run(ns_arg: Option<&OsStr>, json: bool) -> Result<i32> {
    let ns = ns_arg.map(netns::open).transpose()?;
    let foreign = ns.as_ref().filter(|n| netns::current() != Some(n.id));
    let w = where_(ns_arg);
    let step = |e: NlError| refused(format!("list links{w}: {e}"));
    let mut c = match foreign {
        Some(n) => Conn::open_in(n.file.as_fd()),
        None => Conn::open(),
    }
    .map_err(|e| refused(format!("cannot open a netlink socket{w}: {e}")))?;
    let rows = collect(&mut c).map_err(step)?;
    let text = if json { to_json(&rows) } else { to_text(&rows) };
    crate::cli::print_stdout(&text).map_err(|_| bad("write error"))?;
    Ok(0)
}

fn collect(c: &mut Conn) -> netlink::NlResult<Vec<Row>> {
    let h = c.handle.clone();
    let (links, addrs) = c.run(async {
        let veth = (Some(InfoKind::Veth), Some(netlink::VETH_FACTS));
        let links = netlink::dump_links(&h, veth.0, veth.1).await?;
        let addrs = netlink::dump_addresses(&h).await?;
        Ok::<_, NlError>((links, addrs))
    })?;
    let veths: Vec<&LinkMessage> = links.iter().filter(|m| netlink::is_veth(m)).collect();
    // Peers in other namespaces: fetched in batches, and their namespaces
    // named by one batched nsid pass over /run/netns.
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
    let known = nsid_names(c, far.iter().map(|f| f.0).collect());
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
                let ns = known
                    .iter()
                    .find(|(id, _)| *id == nsid)
                    .map_or(PeerNs::Nsid(nsid), |(_, n)| PeerNs::Named(n.clone()));
                (p, ns)
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

/// nsid -> /run/netns name (the first, in sorted order) for each nsid in
/// `wanted` that a name has here. GETNSID by fd, which never assigns one,
/// in batches; each file is opened once (relative to the directory), and
/// the scan stops as soon as every wanted nsid has its name.
fn nsid_names(c: &mut Conn, mut wanted: Vec<i32>) -> Vec<(i32, String)> {
    use nix::fcntl::{open, openat, OFlag};
    use nix::sys::stat::Mode;
    wanted.sort_unstable();
    wanted.dedup();
    let h = c.handle.clone();
    let mut out = Vec::new();
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC;
    let dir = match wanted.is_empty() {
        true => None,
        false => open(netns::RUN_DIR, flags | OFlag::O_DIRECTORY, Mode::empty()).ok(),
    };
    let names = dir.as_ref().map(|_| netns::names()).unwrap_or_default();
    let open = |n: &String| openat(dir.as_ref()?, n.as_str(), flags, Mode::empty()).ok();
    nsid::in_batches(&names, open, |batch| {
        let fds: Vec<_> = batch
            .iter()
            .filter_map(|(_, f)| f.as_ref())
            .map(|f| f.as_fd())
            .collect();
        let Ok(ids) = c.run(nsid::nsids_of(&h, &fds)) else {
            return false;
        };
        let opened = batch.iter().filter(|(_, f)| f.is_some());
        for ((name, _), id) in opened.zip(ids) {
            if let Some(i) = id.ok().and_then(|id| wanted.binary_search(&id).ok()) {
                out.push((wanted.remove(i), name.to_string()));
            }
        }
        !wanted.is_empty()
    });
    out
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

fn ns_text(p: &PeerNs) -> String {
    match p {
        PeerNs::Same => "-".into(),
        PeerNs::Named(n) => n.clone(),
        PeerNs::Nsid(id) => format!("nsid {id}"),
    }
}

/// Aligned columns; nothing at all when there is no veth.
pub fn to_text(rows: &[Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let head = ["NAME", "PEER", "PEER-NETNS", "STATE", "MTU", "ADDRESSES"];
    let mut table: Vec<[String; 6]> = vec![head.map(str::to_string)];
    for r in rows {
        let addrs = if r.addresses.is_empty() {
            "-".to_string()
        } else {
            r.addresses.join(" ")
        };
        table.push([
            r.name.clone(),
            r.peer.clone(),
            ns_text(&r.peer_netns),
            state(r.up).into(),
            r.mtu.to_string(),
            addrs,
        ]);
    }
    let mut w = [0usize; 6];
    for row in &table {
        for (i, cell) in row.iter().enumerate() {
            w[i] = w[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line += cell;
            } else {
                line += &format!("{cell:<width$}  ", width = w[i]);
            }
        }
        out += line.trim_end();
        out.push('\n');
    }
    out
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            c if (c as u32) < 0x20 => out += &format!("\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[{"name":..,"peer":..,"peer_netns":"A"|nsid|null,"state":"up","mtu":1500,"addresses":[..]}]`
pub fn to_json(rows: &[Row]) -> String {
    let objs: Vec<String> = rows
        .iter()
        .map(|r| {
            let ns = match &r.peer_netns {
                PeerNs::Same => "null".to_string(),
                PeerNs::Named(n) => json_str(n),
                PeerNs::Nsid(id) => id.to_string(),
            };
            let addrs: Vec<String> = r.addresses.iter().map(|a| json_str(a)).collect();
            format!(
                "{{\"name\":{},\"peer\":{},\"peer_netns\":{},\"state\":\"{}\",\"mtu\":{},\"addresses\":[{}]}}",
                json_str(&r.name),
                json_str(&r.peer),
                ns,
                state(r.up),
                r.mtu,
                addrs.join(",")
            )
        })
        .collect();
    format!("[{}]\n", objs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            name: "v0".into(),
            peer: "v\"1".into(),
            peer_netns: PeerNs::Named("A".into()),
            up: true,
            mtu: 1500,
            addresses: vec!["10.0.0.1/24".into(), "fd00::1/64".into()],
        }
    }

    #[test]
    fn json() {
        assert_eq!(to_json(&[]), "[]\n");
        assert_eq!(
            to_json(&[row()]),
            "[{\"name\":\"v0\",\"peer\":\"v\\\"1\",\"peer_netns\":\"A\",\"state\":\"up\",\"mtu\":1500,\"addresses\":[\"10.0.0.1/24\",\"fd00::1/64\"]}]\n"
        );
        let mut r = row();
        r.peer_netns = PeerNs::Nsid(3);
        assert!(to_json(&[r.clone()]).contains("\"peer_netns\":3,"));
        r.peer_netns = PeerNs::Same;
        assert!(to_json(&[r]).contains("\"peer_netns\":null,"));
    }

    #[test]
    fn text() {
        assert_eq!(to_text(&[]), "");
        assert_eq!(
            to_text(&[row()]),
            "NAME  PEER  PEER-NETNS  STATE  MTU   ADDRESSES\nv0    v\"1   A           up     1500  10.0.0.1/24 fd00::1/64\n"
        );
    }
}
