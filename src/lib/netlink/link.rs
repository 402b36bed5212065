//! Links and addresses: the requests `veth add/del/list` make, and the
//! facts `veth list` reads from a link.

use super::{request, Handle, Msg, NlError, NlResult};
use netlink_packet_core::{
    Emitable, NetlinkPayload, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_ECHO, NLM_F_EXCL,
    NLM_F_REQUEST,
};
use netlink_packet_route::address::{
    AddressAttribute, AddressHeaderFlags, AddressMessage, AddressScope,
};
use netlink_packet_route::link::{
    InfoData, InfoKind, InfoVeth, LinkAttribute, LinkExtentMask, LinkFlags, LinkInfo, LinkMessage,
    State,
};
use netlink_packet_route::AddressFamily;
use rtnetlink::{LinkMessageBuilder, LinkUnspec, LinkVeth};
use std::net::IpAddr;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Link replies held at once by a batch (each may take a few KiB of the
/// socket's receive buffer until read).
const LINK_BATCH: usize = 16;

const NEW: u16 = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

/// One end of a veth pair as `create_veth` builds it.
#[derive(Debug, Clone, Default)]
pub struct EndSpec<'a> {
    pub name: &'a str,
    /// Network namespace to create the end in (None: the socket's).
    pub netns: Option<BorrowedFd<'a>>,
    pub mtu: Option<u32>,
    pub mac: Option<[u8; 6]>,
    pub up: bool,
}

fn end_builder<T>(mut b: LinkMessageBuilder<T>, e: &EndSpec<'_>) -> LinkMessageBuilder<T> {
    if let Some(fd) = e.netns {
        b = b.setns_by_fd(fd.as_raw_fd());
    }
    if let Some(mtu) = e.mtu {
        b = b.mtu(mtu);
    }
    if let Some(mac) = e.mac {
        b = b.address(mac.to_vec());
    }
    if e.up {
        b = b.up();
    }
    b
}

/// One RTM_NEWLINK (CREATE|EXCL|ECHO) that makes the pair, each end directly
/// in its namespace (IFLA_NET_NS_FD), with its MTU, MAC and up flag.
///
/// Returns the kernel's echo of the first end (Linux >= 6.3 honours
/// NLM_F_ECHO here): its ifindex, and in IFLA_LINK the peer's, so that the
/// caller never has to find its links again by name. The echo reaches the
/// socket only when the first end is made in the socket's own namespace
/// (`a.netns` None); None when the kernel sent none.
pub async fn create_veth(
    h: &Handle,
    a: &EndSpec<'_>,
    b: &EndSpec<'_>,
) -> NlResult<Option<LinkMessage>> {
    let peer = end_builder(LinkUnspec::new_with_name(b.name), b).build();
    let m = end_builder(
        LinkMessageBuilder::<LinkVeth>::new_with_info_kind(InfoKind::Veth).name(a.name),
        a,
    )
    .set_info_data(InfoData::Veth(InfoVeth::Peer(peer)))
    .build();
    let replies = h
        .ack(request(libc::RTM_NEWLINK, &m, NEW | NLM_F_ECHO))
        .await?;
    Ok(replies.iter().find_map(|r| inner(r)?.link()))
}

/// The body of a reply (None for an error or a DONE).
fn inner(m: &Msg) -> Option<&super::Raw> {
    match &m.payload {
        NetlinkPayload::InnerMessage(r) => Some(r),
        _ => None,
    }
}

/// RTM_GETLINK by name; None when there is no such device.
pub async fn link_by_name(h: &Handle, name: &str) -> NlResult<Option<LinkMessage>> {
    let mut m = LinkMessage::default();
    m.attributes.push(LinkAttribute::IfName(name.into()));
    match h.ack(request(libc::RTM_GETLINK, &m, NLM_F_REQUEST)).await {
        Ok(r) => Ok(r.iter().find_map(|r| inner(r)?.link())),
        Err(e) if e.errno == libc::ENODEV => Ok(None),
        Err(e) => Err(e),
    }
}

/// RTM_GETLINK by ifindex; None when there is no such device.
pub async fn link_by_index(h: &Handle, index: u32) -> NlResult<Option<LinkMessage>> {
    let mut m = LinkMessage::default();
    m.header.index = index;
    match h.ack(request(libc::RTM_GETLINK, &m, NLM_F_REQUEST)).await {
        Ok(r) => Ok(r.iter().find_map(|r| inner(r)?.link())),
        Err(e) if e.errno == libc::ENODEV => Ok(None),
        Err(e) => Err(e),
    }
}

/// The name of the link with ifindex `index` in the namespace with id
/// `nsid` (relative to the socket's), for each pair; None when it cannot be
/// seen. Batched: one write per few links, not a round trip each.
pub async fn link_names_in_nsids(h: &Handle, want: &[(i32, u32)]) -> NlResult<Vec<Option<String>>> {
    let mut out = Vec::with_capacity(want.len());
    for chunk in want.chunks(LINK_BATCH) {
        let reqs = chunk.iter().map(|&(nsid, index)| {
            let mut m = LinkMessage::default();
            m.header.index = index;
            m.attributes.push(LinkAttribute::IfNetnsId(nsid));
            m.attributes.push(skip_stats());
            request(libc::RTM_GETLINK, &m, NLM_F_REQUEST)
        });
        let name = |r: Msg| inner(&r)?.link_name();
        let names = h.exchange_map(reqs.collect(), name).await?;
        if names.len() != chunk.len() {
            return Err(NlError::os(libc::EPROTO));
        }
        out.extend(names);
    }
    Ok(out)
}

/// IFLA_EXT_MASK asking for no statistics (as `ip link show` without -s):
/// less for the kernel to fill and for us to parse.
fn skip_stats() -> LinkAttribute {
    LinkAttribute::ExtMask(vec![LinkExtentMask::SkipStats])
}

fn set_up_msg(m: LinkMessage) -> Msg {
    request(libc::RTM_NEWLINK, &m, NLM_F_REQUEST | NLM_F_ACK)
}

/// Set IFF_UP on the device called `name` (RTM_NEWLINK without CREATE, as
/// `ip link set NAME up` does).
pub async fn set_up(h: &Handle, name: &str) -> NlResult<()> {
    let m = LinkUnspec::new_with_name(name).up().build();
    h.ack(set_up_msg(m)).await.map(drop)
}

/// Set IFF_UP on the device with ifindex `index`.
pub async fn set_up_index(h: &Handle, index: u32) -> NlResult<()> {
    let m = LinkUnspec::new_with_index(index).up().build();
    h.ack(set_up_msg(m)).await.map(drop)
}

pub async fn del_link(h: &Handle, index: u32) -> NlResult<()> {
    let mut m = LinkMessage::default();
    m.header.index = index;
    let req = request(libc::RTM_DELLINK, &m, NLM_F_REQUEST | NLM_F_ACK);
    h.ack(req).await.map(drop)
}

/// RTM_NEWADDR (CREATE|EXCL) as `ip addr add` sends it: IFA_LOCAL and
/// IFA_ADDRESS, no IFA_BROADCAST; IPv6 with IFA_F_NODAD so it is usable at
/// once; 127/8 gets host scope.
pub async fn add_address(h: &Handle, index: u32, ip: IpAddr, prefix: u8) -> NlResult<()> {
    let mut m = AddressMessage::default();
    m.header.family = match ip {
        IpAddr::V4(_) => AddressFamily::Inet,
        IpAddr::V6(_) => AddressFamily::Inet6,
    };
    m.header.prefix_len = prefix;
    m.header.index = index;
    m.header.flags = match ip {
        IpAddr::V4(_) => AddressHeaderFlags::empty(),
        IpAddr::V6(_) => AddressHeaderFlags::Nodad,
    };
    m.header.scope = match ip {
        IpAddr::V4(v4) if v4.octets()[0] == 127 => AddressScope::Host,
        _ => AddressScope::Universe,
    };
    m.attributes = vec![AddressAttribute::Local(ip), AddressAttribute::Address(ip)];
    h.ack(request(libc::RTM_NEWADDR, &m, NEW)).await.map(drop)
}

/// A dump of `kind` (RTM_GET*): each reply through `f` as it arrives, or
/// the first failure (an NLMSG_ERROR, or an NLMSG_DONE that carries one).
async fn dump<T>(
    h: &Handle,
    kind: u16,
    m: &impl Emitable,
    f: impl Fn(&super::Raw) -> Option<T>,
) -> NlResult<Vec<T>> {
    let req = request(kind, m, NLM_F_REQUEST | NLM_F_DUMP);
    let got = h
        .exchange_map(vec![req], |r| match NlError::of_reply(&r) {
            Some(e) => Some(Err(e)),
            None => inner(&r).and_then(&f).map(Ok),
        })
        .await?;
    got.into_iter().flatten().collect()
}

/// The attributes `veth list` reads (linux/if_link.h): IFLA_IFNAME,
/// IFLA_MTU, IFLA_LINK, IFLA_LINKINFO, IFLA_LINK_NETNSID.
pub const VETH_FACTS: &[u16] = &[3, 4, 5, 18, 37];

/// Every link (of kind `kind` only, when given: the kernel filters), without
/// statistics; with only the attributes of the kinds in `only` (IFLA_*)
/// when given.
pub async fn dump_links(
    h: &Handle,
    kind: Option<InfoKind>,
    only: Option<&[u16]>,
) -> NlResult<Vec<LinkMessage>> {
    let mut m = LinkMessage::default();
    m.attributes.push(skip_stats());
    if let Some(k) = kind {
        m.attributes
            .push(LinkAttribute::LinkInfo(vec![LinkInfo::Kind(k)]));
    }
    let parse = |r: &super::Raw| match only {
        Some(kinds) => r.link_only(kinds),
        None => r.link(),
    };
    dump(h, libc::RTM_GETLINK, &m, parse).await
}

pub async fn dump_addresses(h: &Handle) -> NlResult<Vec<AddressMessage>> {
    dump(
        h,
        libc::RTM_GETADDR,
        &AddressMessage::default(),
        super::Raw::address,
    )
    .await
}

/// The facts `veth list` shows about a link.
pub fn link_name(m: &LinkMessage) -> Option<&str> {
    m.attributes.iter().find_map(|a| match a {
        LinkAttribute::IfName(n) => Some(n.as_str()),
        _ => None,
    })
}

pub fn is_veth(m: &LinkMessage) -> bool {
    m.attributes.iter().any(|a| match a {
        LinkAttribute::LinkInfo(infos) => infos
            .iter()
            .any(|i| matches!(i, LinkInfo::Kind(InfoKind::Veth))),
        _ => false,
    })
}

pub fn link_mtu(m: &LinkMessage) -> Option<u32> {
    m.attributes.iter().find_map(|a| match a {
        LinkAttribute::Mtu(v) => Some(*v),
        _ => None,
    })
}

/// IFLA_LINK: the peer's ifindex (in the peer's namespace).
pub fn link_peer_index(m: &LinkMessage) -> Option<u32> {
    m.attributes.iter().find_map(|a| match a {
        LinkAttribute::Link(v) => Some(*v),
        _ => None,
    })
}

/// IFLA_LINK_NETNSID: present when the peer is in another namespace.
pub fn link_netnsid(m: &LinkMessage) -> Option<i32> {
    m.attributes.iter().find_map(|a| match a {
        LinkAttribute::LinkNetNsId(v) => Some(*v),
        _ => None,
    })
}

/// IFLA_OPERSTATE is UP: the kernel's link watch has seen the carrier and
/// activated the device's queueing (before that it discards what is sent).
pub fn is_oper_up(m: &LinkMessage) -> bool {
    m.attributes
        .iter()
        .any(|a| matches!(a, LinkAttribute::OperState(State::Up)))
}

pub fn is_up(m: &LinkMessage) -> bool {
    m.header.flags.contains(LinkFlags::Up)
}
