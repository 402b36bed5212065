//! Network namespace ids (RTM_GETNSID / RTM_NEWNSID), synchronously.
//!
//! This talks netlink-sys's blocking socket directly instead of going
//! through rtnetlink: iproute2 prints the kernel's extended-ack text
//! (`Error: Peer netns already has a nsid assigned.`), which rtnetlink
//! never asks for nor parses, and `netns list` wants many GETNSIDs sent
//! in one write, which a request/response API cannot do. No thread, no
//! runtime: the socket lives in the netns of the (only) thread.

use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, Parseable, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST,
};
use netlink_packet_route::nsid::{NsidAttribute, NsidMessage};
use netlink_packet_route::RouteNetlinkMessage;
use netlink_sys::{protocols::NETLINK_ROUTE, Socket};
use std::fmt;
use std::os::fd::{AsRawFd, BorrowedFd};

const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const RTM_NEWNSID: u16 = 88;
const RTM_DELNSID: u16 = 89;
const NLM_F_CAPPED: u16 = 0x100;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLMSGERR_ATTR_MSG: u16 = 1;
/// GETNSIDs sent in one write (each holds one open fd until answered).
const BATCH: usize = 64;

/// A kernel refusal: errno and, when the kernel gave one, its extack text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlError {
    pub errno: i32,
    pub msg: Option<String>,
}

impl NlError {
    fn os(e: std::io::Error) -> NlError {
        NlError {
            errno: e.raw_os_error().unwrap_or(libc::EIO),
            msg: None,
        }
    }
}

/// iproute2's wording: `Error: TEXT.` or `RTNETLINK answers: STRERROR`.
impl fmt::Display for NlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.msg {
            Some(m) if m.ends_with('.') => write!(f, "Error: {m}"),
            Some(m) => write!(f, "Error: {m}."),
            None => write!(f, "RTNETLINK answers: {}", crate::sys::strerror(self.errno)),
        }
    }
}

/// One RTM_NEWNSID (or DELNSID) as a dump or a lookup returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NsidEntry {
    pub deleted: bool,
    pub nsid: i32,
    pub current: Option<i32>,
}

/// A NETLINK_ROUTE socket with extended acks on.
pub struct Rtnl {
    sock: Socket,
    seq: u32,
    buf: Vec<u8>,
}

impl Rtnl {
    pub fn open() -> std::io::Result<Rtnl> {
        let mut sock = Socket::new(NETLINK_ROUTE)?;
        // Both are best effort, as in iproute2 (older kernels lack them).
        let _ = sock.set_ext_ack(true);
        let _ = sock.set_netlink_get_strict_chk(true);
        sock.bind_auto()?;
        Ok(Rtnl {
            sock,
            seq: 1,
            buf: vec![0; 64 * 1024],
        })
    }

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    fn emit(&mut self, out: &mut Vec<u8>, msg: RouteNetlinkMessage, flags: u16) -> u32 {
        let mut header = NetlinkHeader::default();
        header.flags = flags;
        header.sequence_number = self.next_seq();
        let mut m = NetlinkMessage::new(header, NetlinkPayload::from(msg));
        m.finalize();
        let start = out.len();
        out.resize(start + m.buffer_len(), 0);
        m.serialize(&mut out[start..]);
        m.header.sequence_number
    }

    fn send(&self, bytes: &[u8]) -> Result<(), NlError> {
        self.sock.send(bytes, 0).map(drop).map_err(NlError::os)
    }

    /// Receive one datagram; returns the messages in it.
    fn recv(&mut self) -> Result<Vec<Reply>, NlError> {
        let n = loop {
            match self.sock.recv(&mut &mut self.buf[..], 0) {
                Ok(n) => break n,
                Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
                Err(e) => return Err(NlError::os(e)),
            }
        };
        Ok(split(&self.buf[..n.min(self.buf.len())]))
    }

    /// The nsid of each namespace file (GETNSID by fd), -1 when none is
    /// assigned. Sent in batches: one write and a few reads per 64 files.
    pub fn nsids_of(&mut self, fds: &[BorrowedFd]) -> Vec<Result<i32, NlError>> {
        let mut out = Vec::with_capacity(fds.len());
        for chunk in fds.chunks(BATCH) {
            out.extend(self.nsids_chunk(chunk));
        }
        out
    }

    fn nsids_chunk(&mut self, fds: &[BorrowedFd]) -> Vec<Result<i32, NlError>> {
        let mut bytes = Vec::with_capacity(fds.len() * 28);
        let first = self.seq.wrapping_add(1);
        for fd in fds {
            let mut m = NsidMessage::default();
            m.attributes.push(NsidAttribute::Fd(fd.as_raw_fd() as u32));
            self.emit(&mut bytes, RouteNetlinkMessage::GetNsId(m), NLM_F_REQUEST);
        }
        let mut res: Vec<Option<Result<i32, NlError>>> = vec![None; fds.len()];
        if let Err(e) = self.send(&bytes) {
            return vec![Err(e); fds.len()];
        }
        let mut left = fds.len();
        while left > 0 {
            let replies = match self.recv() {
                Ok(r) => r,
                Err(e) => {
                    return res
                        .into_iter()
                        .map(|r| r.unwrap_or(Err(e.clone())))
                        .collect();
                }
            };
            for r in replies {
                let i = r.seq.wrapping_sub(first) as usize;
                if i >= res.len() || res[i].is_some() {
                    continue;
                }
                res[i] = Some(match r.kind {
                    Kind::Error(e) => Err(e),
                    Kind::Nsid(n) => Ok(n.nsid),
                    _ => continue,
                });
                left -= 1;
            }
        }
        res.into_iter().map(|r| r.unwrap_or(Ok(-1))).collect()
    }

    /// RTM_NEWNSID: give the namespace behind `fd` the id `nsid` (-1: the
    /// kernel picks).
    pub fn set_nsid(&mut self, fd: BorrowedFd, nsid: i32) -> Result<(), NlError> {
        let mut m = NsidMessage::default();
        m.attributes.push(NsidAttribute::Fd(fd.as_raw_fd() as u32));
        m.attributes.push(NsidAttribute::Id(nsid));
        self.request(
            RouteNetlinkMessage::NewNsId(m),
            NLM_F_REQUEST | NLM_F_ACK,
            |k| match k {
                Kind::Ack => Some(()),
                _ => None,
            },
        )
    }

    /// RTM_GETNSID for one nsid (as seen from `target` when given).
    pub fn nsid_get(&mut self, nsid: i32, target: Option<i32>) -> Result<NsidEntry, NlError> {
        let mut m = NsidMessage::default();
        m.attributes.push(NsidAttribute::Id(nsid));
        if let Some(t) = target {
            m.attributes.push(NsidAttribute::TargetNsid(t));
        }
        self.request(
            RouteNetlinkMessage::GetNsId(m),
            NLM_F_REQUEST,
            |k| match k {
                Kind::Nsid(n) => Some(n),
                _ => None,
            },
        )
    }

    /// Send one request and wait for its answer: the reply `want` accepts,
    /// or the kernel's error.
    fn request<T>(
        &mut self,
        msg: RouteNetlinkMessage,
        flags: u16,
        want: impl Fn(Kind) -> Option<T>,
    ) -> Result<T, NlError> {
        let mut bytes = Vec::new();
        let seq = self.emit(&mut bytes, msg, flags);
        self.send(&bytes)?;
        loop {
            for r in self.recv()? {
                if r.seq != seq {
                    continue;
                }
                match r.kind {
                    Kind::Error(e) => return Err(e),
                    kind => {
                        if let Some(t) = want(kind) {
                            return Ok(t);
                        }
                    }
                }
            }
        }
    }

    /// The RTM_GETNSID dump, in the kernel's (ascending nsid) order.
    /// `Err` carries the entries received before the failure.
    pub fn nsid_dump(
        &mut self,
        target: Option<i32>,
    ) -> Result<Vec<NsidEntry>, (Vec<NsidEntry>, DumpError)> {
        let mut m = NsidMessage::default();
        if let Some(t) = target {
            m.attributes.push(NsidAttribute::TargetNsid(t));
        }
        let mut bytes = Vec::new();
        let seq = self.emit(
            &mut bytes,
            RouteNetlinkMessage::GetNsId(m),
            NLM_F_REQUEST | NLM_F_DUMP,
        );
        let mut got = Vec::new();
        if let Err(e) = self.send(&bytes) {
            return Err((got, DumpError::Send(e)));
        }
        loop {
            let replies = match self.recv() {
                Ok(r) => r,
                Err(e) => return Err((got, DumpError::Error(e))),
            };
            for r in replies {
                if r.seq != seq {
                    continue;
                }
                match r.kind {
                    Kind::Nsid(n) => got.push(n),
                    Kind::Done(None) => return Ok(got),
                    Kind::Done(Some(e)) => return Err((got, DumpError::Done(e))),
                    Kind::Error(e) => return Err((got, DumpError::Error(e))),
                    Kind::Ack | Kind::Other => {}
                }
            }
        }
    }
}

/// How a dump failed, which decides what iproute2 prints.
#[derive(Debug, Clone)]
pub enum DumpError {
    /// The request could not be sent (`Cannot send dump request: ...`).
    Send(NlError),
    /// An NLMSG_ERROR in the dump (`RTNETLINK answers: ...`).
    Error(NlError),
    /// NLMSG_DONE with a negative status (extack text, else perror).
    Done(NlError),
}

#[derive(Debug)]
struct Reply {
    seq: u32,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Ack,
    Error(NlError),
    Done(Option<NlError>),
    Nsid(NsidEntry),
    Other,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_ne_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

/// Split a datagram into its netlink messages.
fn split(mut buf: &[u8]) -> Vec<Reply> {
    let mut out = Vec::new();
    while buf.len() >= 16 {
        let len = u32_at(buf, 0) as usize;
        if len < 16 || len > buf.len() {
            break;
        }
        let msg = &buf[..len];
        out.push(Reply {
            seq: u32_at(msg, 8),
            kind: classify(msg),
        });
        buf = &buf[((len + 3) & !3).min(buf.len())..];
    }
    out
}

fn classify(msg: &[u8]) -> Kind {
    let (kind, flags, body) = (u16_at(msg, 4), u16_at(msg, 6), &msg[16..]);
    match kind {
        NLMSG_ERROR => {
            let code = u32_at(body, 0) as i32;
            if code == 0 {
                return Kind::Ack;
            }
            // The echoed request header (and its payload unless capped).
            let mut off = 4 + 16;
            if flags & NLM_F_CAPPED == 0 {
                off = 4 + (u32_at(body, 4) as usize).max(16);
            }
            Kind::Error(NlError {
                errno: code.saturating_neg(),
                msg: extack(body, off, flags),
            })
        }
        NLMSG_DONE => {
            let code = u32_at(body, 0) as i32;
            if code >= 0 {
                return Kind::Done(None);
            }
            Kind::Done(Some(NlError {
                errno: code.saturating_neg(),
                msg: extack(body, 4, flags),
            }))
        }
        RTM_NEWNSID | RTM_DELNSID => match NsidMessage::parse(body) {
            Ok(m) => entry(&m, kind == RTM_DELNSID),
            Err(_) => Kind::Other,
        },
        _ => Kind::Other,
    }
}

fn entry(m: &NsidMessage, deleted: bool) -> Kind {
    let mut e = NsidEntry {
        deleted,
        nsid: -1,
        current: None,
    };
    let mut has_id = false;
    for a in &m.attributes {
        match a {
            NsidAttribute::Id(n) => {
                e.nsid = *n;
                has_id = true;
            }
            NsidAttribute::CurrentNsid(n) => e.current = Some(*n),
            _ => {}
        }
    }
    if has_id {
        Kind::Nsid(e)
    } else {
        Kind::Other
    }
}

/// NLMSGERR_ATTR_MSG from the TLVs that start at `off`, if any.
fn extack(body: &[u8], mut off: usize, flags: u16) -> Option<String> {
    if flags & NLM_F_ACK_TLVS == 0 {
        return None;
    }
    while off + 4 <= body.len() {
        let len = u16_at(body, off) as usize;
        let kind = u16_at(body, off + 2) & 0x3fff;
        if len < 4 || off + len > body.len() {
            break;
        }
        if kind == NLMSGERR_ATTR_MSG {
            let v = &body[off + 4..off + len];
            let v = v.split(|&b| b == 0).next().unwrap_or(&[]);
            if v.is_empty() {
                return None;
            }
            return Some(String::from_utf8_lossy(v).into_owned());
        }
        off += (len + 3) & !3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_as_iproute2_prints_it() {
        let e = NlError {
            errno: libc::EINVAL,
            msg: Some("Peer netns reference is invalid".into()),
        };
        assert_eq!(e.to_string(), "Error: Peer netns reference is invalid.");
        let e = NlError {
            errno: libc::EEXIST,
            msg: None,
        };
        assert_eq!(e.to_string(), "RTNETLINK answers: File exists");
    }

    #[test]
    fn extack_is_found_after_a_capped_request() {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS, code -22, echoed header, MSG TLV.
        let mut m = vec![0u8; 16];
        m[4..6].copy_from_slice(&NLMSG_ERROR.to_ne_bytes());
        m[6..8].copy_from_slice(&(NLM_F_CAPPED | NLM_F_ACK_TLVS).to_ne_bytes());
        m[8..12].copy_from_slice(&7u32.to_ne_bytes());
        m.extend_from_slice(&(-22i32).to_ne_bytes());
        m.extend_from_slice(&[0u8; 16]);
        let text = b"bad\0";
        m.extend_from_slice(&((4 + text.len()) as u16).to_ne_bytes());
        m.extend_from_slice(&NLMSGERR_ATTR_MSG.to_ne_bytes());
        m.extend_from_slice(text);
        let len = m.len() as u32;
        m[0..4].copy_from_slice(&len.to_ne_bytes());
        let r = split(&m);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].seq, 7);
        match &r[0].kind {
            Kind::Error(e) => {
                assert_eq!(e.errno, 22);
                assert_eq!(e.msg.as_deref(), Some("bad"));
            }
            k => panic!("{k:?}"),
        }
    }
}
