//! Network namespace ids: RTM_GETNSID (by file, by id, dump) and
//! RTM_NEWNSID, all through [`Handle::exchange`].

use super::{Handle, Msg, NlError, NlResult};
use netlink_packet_core::{NetlinkPayload, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};
use netlink_packet_route::nsid::{NsidAttribute, NsidMessage};
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

/// GETNSIDs sent in one write (their small replies wait in the socket's
/// receive buffer until read).
pub const BATCH: usize = 64;

/// One RTM_NEWNSID (or DELNSID) as a dump or a lookup returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NsidEntry {
    pub deleted: bool,
    pub nsid: i32,
    pub current: Option<i32>,
}

fn request(attrs: Vec<NsidAttribute>, flags: u16) -> Msg {
    message(libc::RTM_GETNSID, attrs, flags)
}

fn message(kind: u16, attrs: Vec<NsidAttribute>, flags: u16) -> Msg {
    let mut m = NsidMessage::default();
    m.attributes = attrs;
    super::request(kind, &m, flags)
}

fn entry(m: &NsidMessage, deleted: bool) -> NsidEntry {
    let mut e = NsidEntry {
        deleted,
        nsid: -1,
        current: None,
    };
    for a in &m.attributes {
        match a {
            NsidAttribute::Id(n) => e.nsid = *n,
            NsidAttribute::CurrentNsid(n) => e.current = Some(*n),
            _ => {}
        }
    }
    e
}

/// A reply as an entry, the kernel's refusal, or None (anything else).
fn reply(m: &Msg) -> Option<NlResult<NsidEntry>> {
    if let Some(e) = NlError::of_reply(m) {
        return Some(Err(e));
    }
    match &m.payload {
        NetlinkPayload::InnerMessage(r) => r.nsid().map(|(deleted, n)| Ok(entry(&n, deleted))),
        _ => None,
    }
}

/// The nsid of each namespace file (GETNSID by fd; -1 when none is
/// assigned: GETNSID never assigns one), or the kernel's refusal. One write
/// per [`BATCH`] files; the outer error is the connection's.
pub async fn nsids_of(h: &Handle, fds: &[BorrowedFd<'_>]) -> NlResult<Vec<NlResult<i32>>> {
    let mut out = Vec::with_capacity(fds.len());
    for chunk in fds.chunks(BATCH) {
        let reqs = chunk.iter().map(|fd| {
            request(
                vec![NsidAttribute::Fd(fd.as_raw_fd() as u32)],
                NLM_F_REQUEST,
            )
        });
        let replies = h.exchange(reqs.collect()).await?;
        if replies.len() != chunk.len() {
            return Err(NlError::os(libc::EPROTO));
        }
        out.extend(replies.iter().map(|r| match reply(r) {
            Some(r) => r.map(|e| e.nsid),
            None => Ok(-1),
        }));
    }
    Ok(out)
}

/// RTM_NEWNSID: give the namespace behind `fd` the id `nsid` (-1: the
/// kernel picks).
pub async fn set_nsid(h: &Handle, fd: BorrowedFd<'_>, nsid: i32) -> NlResult<()> {
    let attrs = vec![
        NsidAttribute::Fd(fd.as_raw_fd() as u32),
        NsidAttribute::Id(nsid),
    ];
    let m = message(libc::RTM_NEWNSID, attrs, NLM_F_REQUEST | NLM_F_ACK);
    h.ack(m).await.map(drop)
}

/// RTM_GETNSID for one nsid (as seen from `target` when given).
pub async fn nsid_get(h: &Handle, nsid: i32, target: Option<i32>) -> NlResult<NsidEntry> {
    let mut attrs = vec![NsidAttribute::Id(nsid)];
    attrs.extend(target.map(NsidAttribute::TargetNsid));
    let replies = h.exchange(vec![request(attrs, NLM_F_REQUEST)]).await?;
    replies
        .iter()
        .find_map(reply)
        .unwrap_or(Err(NlError::os(libc::EPROTO)))
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

/// The RTM_GETNSID dump, in the kernel's (ascending nsid) order, with the
/// kernel's failure if it ended with one (the entries are those received
/// before it). The outer error is the connection's.
pub async fn nsid_dump(
    h: &Handle,
    target: Option<i32>,
) -> NlResult<(Vec<NsidEntry>, Option<DumpError>)> {
    let attrs = target.map(NsidAttribute::TargetNsid).into_iter().collect();
    let replies = h
        .exchange(vec![request(attrs, NLM_F_REQUEST | NLM_F_DUMP)])
        .await?;
    let mut got = Vec::new();
    for r in &replies {
        let failed = match (reply(r), &r.payload) {
            (Some(Ok(e)), _) => {
                got.push(e);
                continue;
            }
            (Some(Err(e)), NetlinkPayload::Done(_)) => DumpError::Done(e),
            (Some(Err(e)), _) => DumpError::Error(e),
            (None, _) => continue,
        };
        return Ok((got, Some(failed)));
    }
    Ok((got, None))
}

/// Open files for `items` a batch at a time and hand each batch to `f`
/// (each item with its file, None when it could not be opened); the files
/// are closed when `f` returns, and `f` returning false stops the walk. A
/// batch holds at most [`BATCH`] files, fewer when the open-file limit is
/// reached: an open that fails with EMFILE ends the batch, and is tried
/// again once the batch's files are closed.
pub fn in_batches<T>(
    items: &[T],
    open: impl Fn(&T) -> Option<OwnedFd>,
    mut f: impl FnMut(&[(&T, Option<OwnedFd>)]) -> bool,
) {
    let mut batch: Vec<(&T, Option<OwnedFd>)> = Vec::with_capacity(BATCH);
    for item in items {
        let mut fd = open(item);
        if fd.is_none()
            && !batch.is_empty()
            && nix::errno::Errno::last() == nix::errno::Errno::EMFILE
        {
            if !f(&batch) {
                return;
            }
            batch.clear();
            fd = open(item);
        }
        batch.push((item, fd));
        if batch.len() == BATCH {
            if !f(&batch) {
                return;
            }
            batch.clear();
        }
    }
    if !batch.is_empty() {
        f(&batch);
    }
}
