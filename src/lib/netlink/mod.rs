//! The one place that talks rtnetlink: veth and addresses ([`link`]),
//! network namespace ids ([`nsid`]).
//!
//! A [`Conn`] is one NETLINK_ROUTE socket with its rtnetlink connection
//! (netlink-proto, as rtnetlink re-exports it), driven by the tiny executor
//! in [`exec`] (no runtime, no thread). Every request goes the same way:
//! [`Handle::exchange`] sends one or more messages in ONE datagram and hands
//! back every reply, so a lookup over many namespaces costs one write per
//! batch instead of a round trip per name. Messages are built with
//! rtnetlink's builders and netlink-packet-route's types.
//!
//! A socket acts in the network namespace of the thread that created it:
//! [`Conn::open`] uses the caller's, [`Conn::open_in`] makes the socket on a
//! short-lived thread that enters the target namespace and ends before we go
//! on, so no thread of ours stays in a foreign namespace.
//!
//! Errors are one type, [`NlError`]: the errno and, since every socket asks
//! for extended acks, the kernel's extack text when it gives one.

pub mod exec;
mod inbox;
pub mod link;
pub mod nsid;
pub mod raw;

pub use link::*;
pub use raw::Raw;

use crate::sys::strerror;
use exec::NlSocket;
use futures::StreamExt;
use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_ACK_TLVS, NLM_F_CAPPED,
};
use netlink_sys::protocols::NETLINK_ROUTE;
use netlink_sys::{Socket, SocketAddr};
use nix::sched::{setns, CloneFlags};
use rtnetlink::proto::{Connection, ConnectionHandle, NetlinkCodec};
use std::fmt;
use std::future::Future;
use std::os::fd::BorrowedFd;

/// One rtnetlink message, request or reply.
pub type Msg = NetlinkMessage<Raw>;

/// A request: `body` as message type `kind` (RTM_*), with `flags`.
pub fn request(kind: u16, body: &impl netlink_packet_core::Emitable, flags: u16) -> Msg {
    let mut header = NetlinkHeader::default();
    header.flags = flags;
    NetlinkMessage::new(header, NetlinkPayload::InnerMessage(Raw::new(kind, body)))
}

/// A kernel (or socket) failure: errno plus the extack text if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlError {
    pub errno: i32,
    pub extack: Option<String>,
}

pub type NlResult<T> = Result<T, NlError>;

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

    /// The failure an NLMSG_ERROR or NLMSG_DONE reply reports, if any.
    pub fn of_reply(m: &Msg) -> Option<NlError> {
        let flags = m.header.flags;
        match &m.payload {
            NetlinkPayload::Error(e) => Some(NlError {
                errno: e.code?.get().checked_neg().unwrap_or(libc::EIO),
                extack: extack(flags, &e.header, true),
            }),
            NetlinkPayload::Done(d) if d.code < 0 => Some(NlError {
                errno: d.code.checked_neg().unwrap_or(libc::EIO),
                extack: extack(flags, &d.extended_ack, false),
            }),
            _ => None,
        }
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

impl std::error::Error for NlError {}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_ne_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_ne_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// NLMSGERR_ATTR_MSG, the kernel's text, from what follows the error code
/// of an NLMSG_ERROR (`echoed`: the request comes first, whole unless the
/// reply is NLM_F_CAPPED) or an NLMSG_DONE. Only when the kernel says it
/// added TLVs (NLM_F_ACK_TLVS).
pub fn extack(flags: u16, rest: &[u8], echoed: bool) -> Option<String> {
    if flags & NLM_F_ACK_TLVS == 0 {
        return None;
    }
    let mut at = match (echoed, flags & NLM_F_CAPPED != 0) {
        (false, _) => 0,
        (true, true) => 16,
        (true, false) => u32_at(rest, 0)?.max(16).checked_add(3)? & !3,
    };
    while let (Some(len), Some(kind)) = (u16_at(rest, at), u16_at(rest, at.checked_add(2)?)) {
        let kind = kind & 0x3fff;
        if len < 4 {
            return None;
        }
        let value = rest.get(at.checked_add(4)?..at.checked_add(len)?)?;
        if kind == 1 {
            let text = value.split(|&b| b == 0).next().unwrap_or(value);
            return (!text.is_empty()).then(|| String::from_utf8_lossy(text).into_owned());
        }
        at = at.checked_add(len.checked_add(3)? & !3)?;
    }
    None
}

/// Sends requests over a [`Conn`]'s connection (run them with [`Conn::run`]).
#[derive(Clone)]
pub struct Handle(ConnectionHandle<Raw>);

impl Handle {
    /// THE request path: send `msgs` in one datagram (the kernel handles
    /// them in order) and collect every reply, ordered by request (the
    /// parts of a multipart reply keep the kernel's order). Acks are not
    /// replies; a dump ends with its NLMSG_DONE.
    pub async fn exchange(&self, msgs: Vec<Msg>) -> NlResult<Vec<Msg>> {
        self.exchange_map(msgs, |m| m).await
    }

    /// [`Handle::exchange`], each reply passed through `f` as it arrives
    /// (so that only what `f` keeps of it stays in memory).
    pub async fn exchange_map<T>(
        &self,
        msgs: Vec<Msg>,
        mut f: impl FnMut(Msg) -> T,
    ) -> NlResult<Vec<T>> {
        let mut s = self
            .0
            .request_batch(msgs, SocketAddr::new(0, 0))
            .map_err(|_| closed())?;
        let mut out = Vec::new();
        while let Some(m) = s.next().await {
            out.push((m.header.sequence_number, f(m)));
        }
        out.sort_by_key(|(seq, _)| *seq);
        Ok(out.into_iter().map(|(_, t)| t).collect())
    }

    /// One request that wants an ack (or a single answer): its failure.
    pub async fn ack(&self, msg: Msg) -> NlResult<Vec<Msg>> {
        let replies = self.exchange(vec![msg]).await?;
        match replies.iter().find_map(NlError::of_reply) {
            Some(e) => Err(e),
            None => Ok(replies),
        }
    }
}

fn closed() -> NlError {
    NlError {
        errno: libc::EIO,
        extack: Some("the netlink connection closed (a reply could not be parsed)".into()),
    }
}

/// One rtnetlink socket and its connection.
pub struct Conn {
    conn: Connection<Raw, NlSocket>,
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
        let (mut conn, handle, _) =
            rtnetlink::proto::from_socket_with_codec::<Raw, _, NetlinkCodec>(s);
        // A dump's NLMSG_DONE reaches the caller: it may carry an error.
        conn.set_forward_done(true);
        Ok(Conn {
            conn,
            handle: Handle(handle),
        })
    }

    /// Run `work` (requests made through `self.handle`) to completion.
    /// When the connection ends first, the socket's own failure (a send or
    /// receive that failed) if it had one.
    pub fn run<T>(&mut self, work: impl Future<Output = NlResult<T>>) -> NlResult<T> {
        exec::run(&mut self.conn, work).unwrap_or_else(|| {
            Err(match self.conn.socket_mut().failure() {
                Some((_, errno)) => NlError::os(errno),
                None => closed(),
            })
        })
    }

    /// Did the connection end because a send failed?
    pub fn send_failed(&mut self) -> bool {
        matches!(self.conn.socket_mut().failure(), Some((true, _)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(kind: u16, value: &[u8]) -> Vec<u8> {
        let mut t = ((4 + value.len()) as u16).to_ne_bytes().to_vec();
        t.extend_from_slice(&kind.to_ne_bytes());
        t.extend_from_slice(value);
        t.resize((t.len() + 3) & !3, 0);
        t
    }

    /// After the code: the echoed 20-byte request, then
    /// NLMSGERR_ATTR_OFFS and NLMSGERR_ATTR_MSG.
    #[test]
    fn extack_is_read_after_the_echoed_request() {
        let mut p = 20u32.to_ne_bytes().to_vec();
        p.extend_from_slice(&[0; 16]);
        p.extend(tlv(2, &36u32.to_ne_bytes()));
        p.extend(tlv(1, b"ipv4: Address already assigned\0"));
        let text = extack(NLM_F_ACK_TLVS, &p, true);
        assert_eq!(text.as_deref(), Some("ipv4: Address already assigned"));
        assert_eq!(extack(0, &p, true), None);
        assert_eq!(extack(NLM_F_ACK_TLVS, &p[..24], true), None);
        assert_eq!(extack(NLM_F_ACK_TLVS, &[], true), None);
    }

    #[test]
    fn extack_after_a_capped_request_and_in_done() {
        let mut p = vec![0u8; 16];
        p.extend(tlv(1, b"bad\0"));
        let capped = NLM_F_ACK_TLVS | NLM_F_CAPPED;
        assert_eq!(extack(capped, &p, true).as_deref(), Some("bad"));
        assert_eq!(
            extack(NLM_F_ACK_TLVS, &p[16..], false).as_deref(),
            Some("bad")
        );
        assert_eq!(extack(NLM_F_ACK_TLVS, &tlv(1, b"\0"), false), None);
    }

    #[test]
    fn display_is_the_extack_else_strerror() {
        let e = NlError {
            errno: libc::EEXIST,
            extack: Some("Peer netns reference is invalid.".into()),
        };
        assert_eq!(e.to_string(), "Peer netns reference is invalid");
        assert_eq!(NlError::os(libc::EEXIST).to_string(), "File exists");
    }
}
