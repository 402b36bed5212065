//! Receiving many datagrams per system call.
//!
//! A batch of requests is answered by as many datagrams, all queued by the
//! time the batch's `sendmsg` returns. The connection reads one buffer at a
//! time and decodes every netlink message in it, so the socket takes them
//! all with one recvmmsg(2) and hands them over back to back: one system
//! call per batch instead of one per reply.

use bytes::BufMut;
use std::collections::VecDeque;
use std::io;
use std::os::fd::BorrowedFd;

/// Datagrams taken per recvmmsg.
const SLOTS: usize = 16;
/// Room per datagram: what the connection's own buffer holds (the kernel
/// sends at most 32 KiB per dump datagram).
const SLOT: usize = 64 * 1024;

/// Datagrams received ahead, waiting to be handed to the connection.
#[derive(Default)]
pub struct Inbox {
    /// SLOTS slots of SLOT bytes, allocated at first use (zeroed pages that
    /// the kernel never writes to are never touched).
    buf: Vec<u8>,
    /// (slot, length) of the datagrams not yet handed over, in order.
    queued: VecDeque<(usize, usize)>,
}

impl Inbox {
    pub fn is_empty(&self) -> bool {
        self.queued.is_empty()
    }

    /// Take the datagrams queued on `fd` (WouldBlock when there are none).
    /// A datagram cut short (bigger than a slot) is EMSGSIZE.
    pub fn fill(&mut self, fd: BorrowedFd<'_>) -> io::Result<()> {
        if self.buf.is_empty() {
            self.buf = vec![0; SLOTS * SLOT];
        }
        let mut slots: Vec<&mut [u8]> = self.buf.chunks_mut(SLOT).collect();
        let got = crate::sys::socket::recv_many(fd, &mut slots)
            .map_err(|e| io::Error::from_raw_os_error(e as i32))?;
        for (slot, (len, cut)) in got.into_iter().enumerate() {
            if cut {
                self.queued.clear();
                return Err(io::Error::from_raw_os_error(libc::EMSGSIZE));
            }
            self.queued.push_back((slot, len));
        }
        Ok(())
    }

    /// Put the next datagram into `out`, and the ones after it as long as
    /// they fit its free room and the one before ends exactly where its
    /// last message does (the connection decodes messages back to back and
    /// would drop what follows a stray tail).
    pub fn hand_over<B: BufMut>(&mut self, out: &mut B) {
        let mut first = true;
        while let Some(&(slot, len)) = self.queued.front() {
            if !first && len > out.chunk_mut().len() {
                break;
            }
            let d = &self.buf[slot * SLOT..][..len];
            out.put_slice(d);
            self.queued.pop_front();
            first = false;
            if !tiles(d) {
                break;
            }
        }
    }
}

/// Do the messages of datagram `d` (by their nlmsg_len) cover it exactly?
fn tiles(d: &[u8]) -> bool {
    let mut at = 0usize;
    while let Some(h) = d.get(at..at.saturating_add(4)) {
        let len = u32::from_ne_bytes([h[0], h[1], h[2], h[3]]) as usize;
        if len < 16 {
            return false;
        }
        at = at.saturating_add(len);
    }
    at == d.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(len: u32) -> Vec<u8> {
        let mut m = len.to_ne_bytes().to_vec();
        m.resize(len as usize, 7);
        m
    }

    #[test]
    fn a_datagram_tiles_when_its_messages_cover_it() {
        let mut d = msg(20);
        d.extend(msg(16));
        assert!(tiles(&d));
        d.push(0);
        assert!(!tiles(&d));
        assert!(!tiles(&msg(20)[..18]));
        assert!(tiles(&[]));
    }

    #[test]
    fn datagrams_are_handed_over_back_to_back() {
        let mut inbox = Inbox {
            buf: vec![0; 3 * SLOT],
            queued: VecDeque::new(),
        };
        for (slot, len) in [(0, 20), (1, 16), (2, 20)] {
            inbox.buf[slot * SLOT..][..len].copy_from_slice(&msg(len as u32));
            inbox.queued.push_back((slot, len));
        }
        inbox.buf[SLOT + 15] = 9;
        // A stray byte after the second datagram's message: it ends a hand-over.
        inbox.queued[1].1 = 17;
        let mut out = bytes::BytesMut::with_capacity(1024);
        inbox.hand_over(&mut out);
        assert_eq!(out.len(), 37);
        out.clear();
        inbox.hand_over(&mut out);
        assert_eq!(&out[..], &msg(20)[..]);
        assert!(inbox.is_empty());
    }
}
