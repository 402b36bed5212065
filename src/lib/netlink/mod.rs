//! The one place that talks rtnetlink (veth, nsids).
//!
//! A [`Conn`] is one NETLINK_ROUTE socket with its rtnetlink connection,
//! driven by the tiny executor in [`exec`] (no runtime, no thread). A socket
//! acts in the network namespace of the thread that created it: [`Conn::open`]
//! uses the caller's, [`Conn::open_in`] makes the socket on a short-lived
//! thread that enters the target namespace and ends before we go on, so no
//! thread of ours stays in a foreign namespace.
//!
//! Errors keep the kernel's reason: the errno and, since every socket asks for
//! extended acks, the kernel's extack text when it gives one.

pub mod exec;
pub mod nsid;

use crate::sys::strerror;
use exec::NlSocket;
use futures::TryStreamExt;
use netlink_packet_core::{
    NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REQUEST,
};
use netlink_packet_route::address::{
    AddressAttribute, AddressHeaderFlags, AddressMessage, AddressScope,
};
use netlink_packet_route::link::{
    InfoData, InfoKind, InfoVeth, LinkAttribute, LinkInfo, LinkMessage, State,
};
use netlink_packet_route::nsid::{NsidAttribute, NsidMessage};
use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};
use netlink_sys::protocols::NETLINK_ROUTE;
use netlink_sys::Socket;
use nix::sched::{setns, CloneFlags};
use rtnetlink::proto::Connection;
use rtnetlink::{Handle, LinkMessageBuilder, LinkUnspec, LinkVeth};
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::os::fd::{AsRawFd, BorrowedFd};

/// A kernel (or socket) failure: errno plus the extack text if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlError {
    pub errno: i32,
    pub extack: Option<String>,
}

impl NlError {
    pub fn os(errno: i32) -> NlError {
        NlError {
            errno,
            extack: None,
        }
    }

    fn io(e: &std::io::Error) -> NlError {
        NlError::os(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

impl fmt::Display for NlError {
    /// The extack text when the kernel gave one (without a final `.`),
    /// else C's strerror.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.extack {
            Some(m) => f.write_str(m.trim_end_matches('.')),
            None => f.write_str(&strerror(self.errno)),
        }
    }
}

impl From<rtnetlink::Error> for NlError {
    fn from(e: rtnetlink::Error) -> NlError {
        match e {
            rtnetlink::Error::NetlinkError(m) => NlError {
                errno: m.raw_code().abs(),
                extack: extack_text(&m.header),
            },
            _ => NlError::os(libc::EIO),
        }
    }
}

/// The NLMSGERR_ATTR_MSG text of an NLMSG_ERROR payload (after the code):
/// the echoed request (its length is its first u32; we never set
/// NETLINK_CAP_ACK, so it is echoed whole), then the extack TLVs.
pub fn extack_text(payload: &[u8]) -> Option<String> {
    let len = u32::from_ne_bytes(payload.get(..4)?.try_into().ok()?) as usize;
    let mut at = (len + 3) & !3;
    while let Some(hdr) = payload.get(at..at + 4) {
        let tlv_len = u16::from_ne_bytes([hdr[0], hdr[1]]) as usize;
        let kind = u16::from_ne_bytes([hdr[2], hdr[3]]) & 0x3fff;
        if tlv_len < 4 {
            return None;
        }
        let value = payload.get(at + 4..at + tlv_len)?;
        if kind == 1 {
            let text = value.split(|&b| b == 0).next().unwrap_or(value);
            return Some(String::from_utf8_lossy(text).into_owned());
        }
        at += (tlv_len + 3) & !3;
    }
    None
}

pub type NlResult<T> = Result<T, NlError>;

/// One rtnetlink socket and its connection.
pub struct Conn {
    conn: Connection<RouteNetlinkMessage, NlSocket>,
    pub handle: Handle,
}

impl Conn {
    /// A socket in the calling thread's network namespace.
    pub fn open() -> NlResult<Conn> {
        let s = Socket::new(NETLINK_ROUTE).map_err(|e| NlError::io(&e))?;
        Conn::wrap(s)
    }

    /// A socket in the network namespace `ns`: made on a thread that enters
    /// `ns`, makes the socket and ends; the socket keeps acting in `ns`.
    pub fn open_in(ns: BorrowedFd<'_>) -> NlResult<Conn> {
        let made = std::thread::scope(|s| {
            s.spawn(|| -> NlResult<Socket> {
                setns(ns, CloneFlags::CLONE_NEWNET).map_err(|e| NlError::os(e as i32))?;
                Socket::new(NETLINK_ROUTE).map_err(|e| NlError::io(&e))
            })
            .join()
        });
        Conn::wrap(made.map_err(|_| NlError::os(libc::EIO))??)
    }

    fn wrap(s: Socket) -> NlResult<Conn> {
        let s = NlSocket::from_socket(s).map_err(|e| NlError::io(&e))?;
        let (conn, handle, _) = rtnetlink::from_socket(s);
        Ok(Conn { conn, handle })
    }

    /// Run `work` (requests made through `self.handle`) to completion.
    pub fn run<T>(&mut self, work: impl Future<Output = NlResult<T>>) -> NlResult<T> {
        exec::run(&mut self.conn, work).unwrap_or_else(|| {
            Err(NlError {
                errno: libc::EIO,
                extack: Some("the netlink connection closed (a reply could not be parsed)".into()),
            })
        })
    }
}

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
    let msg = end_builder(
        LinkMessageBuilder::<LinkVeth>::new_with_info_kind(InfoKind::Veth).name(a.name),
        a,
    )
    .set_info_data(InfoData::Veth(InfoVeth::Peer(peer)))
    .build();
    let mut req = NetlinkMessage::from(RouteNetlinkMessage::NewLink(msg));
    req.header.flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO;
    let mut h = h.clone();
    let mut replies = h.request(req)?;
    let mut echo = None;
    use futures::StreamExt;
    while let Some(reply) = replies.next().await {
        match reply.payload {
            NetlinkPayload::InnerMessage(RouteNetlinkMessage::NewLink(m)) => echo = Some(m),
            NetlinkPayload::Error(e) if e.code.is_some() => {
                return Err(rtnetlink::Error::NetlinkError(e).into())
            }
            _ => {}
        }
    }
    Ok(echo)
}

/// RTM_GETLINK by name; None when there is no such device.
pub async fn link_by_name(h: &Handle, name: &str) -> NlResult<Option<LinkMessage>> {
    let mut s = h.link().get().match_name(name).execute();
    match s.try_next().await {
        Ok(m) => Ok(m),
        Err(e) => match NlError::from(e) {
            e if e.errno == libc::ENODEV => Ok(None),
            e => Err(e),
        },
    }
}

/// RTM_GETLINK by ifindex; None when there is no such device.
pub async fn link_by_index(h: &Handle, index: u32) -> NlResult<Option<LinkMessage>> {
    let mut s = h.link().get().match_index(index).execute();
    match s.try_next().await {
        Ok(m) => Ok(m),
        Err(e) => match NlError::from(e) {
            e if e.errno == libc::ENODEV => Ok(None),
            e => Err(e),
        },
    }
}

/// RTM_GETLINK by index in the namespace with id `nsid` (relative to the
/// socket's); None when it cannot be seen.
pub async fn link_in_nsid(h: &Handle, nsid: i32, index: u32) -> NlResult<Option<LinkMessage>> {
    let mut req = h.link().get().match_index(index);
    req.message_mut()
        .attributes
        .push(LinkAttribute::IfNetnsId(nsid));
    Ok(req.execute().try_next().await?)
}

/// Set IFF_UP on the device called `name` (RTM_NEWLINK without CREATE, as
/// `ip link set NAME up` does).
pub async fn set_up(h: &Handle, name: &str) -> NlResult<()> {
    let msg = LinkUnspec::new_with_name(name).up().build();
    Ok(h.link().change(msg).execute().await?)
}

/// Set IFF_UP on the device with ifindex `index`.
pub async fn set_up_index(h: &Handle, index: u32) -> NlResult<()> {
    let msg = LinkUnspec::new_with_index(index).up().build();
    Ok(h.link().change(msg).execute().await?)
}

pub async fn del_link(h: &Handle, index: u32) -> NlResult<()> {
    Ok(h.link().del(index).execute().await?)
}

/// RTM_NEWADDR (CREATE|EXCL) as `ip addr add` sends it: IFA_LOCAL and
/// IFA_ADDRESS, no IFA_BROADCAST; IPv6 with IFA_F_NODAD so it is usable at
/// once; 127/8 gets host scope.
pub async fn add_address(h: &Handle, index: u32, ip: IpAddr, prefix: u8) -> NlResult<()> {
    let mut req = h.address().add(index, ip, prefix);
    let m = req.message_mut();
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
    Ok(req.execute().await?)
}

pub async fn dump_links(h: &Handle) -> NlResult<Vec<LinkMessage>> {
    Ok(h.link().get().execute().try_collect().await?)
}

pub async fn dump_addresses(h: &Handle) -> NlResult<Vec<AddressMessage>> {
    Ok(h.address().get().execute().try_collect().await?)
}

/// RTM_GETNSID for the namespace open at `fd`: its nsid as the socket's
/// namespace knows it, None when not assigned (GETNSID never assigns one).
pub async fn nsid_of(h: &Handle, fd: BorrowedFd<'_>) -> NlResult<Option<i32>> {
    let mut msg = NsidMessage::default();
    msg.attributes
        .push(NsidAttribute::Fd(fd.as_raw_fd() as u32));
    let mut req = NetlinkMessage::from(RouteNetlinkMessage::GetNsId(msg));
    req.header.flags = NLM_F_REQUEST;
    let mut h = h.clone();
    let mut replies = h.request(req)?;
    use futures::StreamExt;
    while let Some(reply) = replies.next().await {
        match reply.payload {
            NetlinkPayload::InnerMessage(RouteNetlinkMessage::NewNsId(m)) => {
                return Ok(m.attributes.iter().find_map(|a| match a {
                    NsidAttribute::Id(id) if *id >= 0 => Some(*id),
                    _ => None,
                }));
            }
            NetlinkPayload::Error(e) => return Err(rtnetlink::Error::NetlinkError(e).into()),
            _ => {}
        }
    }
    Ok(None)
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
    m.header
        .flags
        .contains(netlink_packet_route::link::LinkFlags::Up)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An NLMSG_ERROR payload after the code: the echoed 20-byte request,
    /// then NLMSGERR_ATTR_OFFS and NLMSGERR_ATTR_MSG.
    #[test]
    fn extack_is_read_after_the_echoed_request() {
        let mut p = Vec::new();
        p.extend_from_slice(&20u32.to_ne_bytes());
        p.extend_from_slice(&[0; 16]);
        p.extend_from_slice(&8u16.to_ne_bytes());
        p.extend_from_slice(&2u16.to_ne_bytes());
        p.extend_from_slice(&36u32.to_ne_bytes());
        let msg = b"ipv4: Address already assigned\0";
        p.extend_from_slice(&((4 + msg.len()) as u16).to_ne_bytes());
        p.extend_from_slice(&1u16.to_ne_bytes());
        p.extend_from_slice(msg);
        assert_eq!(
            extack_text(&p).as_deref(),
            Some("ipv4: Address already assigned")
        );
        assert_eq!(extack_text(&p[..24]), None);
        assert_eq!(extack_text(&[]), None);
        let e = NlError {
            errno: libc::EEXIST,
            extack: Some("Peer netns reference is invalid.".into()),
        };
        assert_eq!(e.to_string(), "Peer netns reference is invalid");
        assert_eq!(NlError::os(libc::EEXIST).to_string(), "File exists");
    }
}
