//! Driving rtnetlink without a runtime: a non-blocking netlink socket that
//! implements netlink-sys's `AsyncSocket`, and a single-threaded executor
//! whose only event source is that socket (`poll(2)` on its fd).
//!
//! rtnetlink's requests are answered synchronously by the kernel (the reply
//! is queued while `sendmsg` runs; dumps continue on `recvmsg`), so one fd
//! and a wake flag are all a reactor needs here. No thread, no epoll.
//!
//! Why not the stock backends: rtnetlink's `tokio_socket` needs a tokio
//! runtime (tokio as a direct dependency, an epoll fd and an eventfd per
//! run, and more code); `smol_socket` pulls async-global-executor, and
//! driving its socket with `futures::executor::block_on` makes async-io start
//! its reactor thread. This is ~100 lines on crates rtnetlink already uses.

use super::inbox::Inbox;
use super::Raw;
use futures::task::{waker, ArcWake};
use netlink_sys::{AsyncSocket, Socket, SocketAddr};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use rtnetlink::proto::Connection;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// A netlink socket in non-blocking mode; EAGAIN becomes `Pending`, and the
/// executor below waits for the fd to become readable. It remembers the
/// first send or receive that failed (netlink-proto only logs it and ends
/// the connection).
pub struct NlSocket(Socket, Cell<Option<(bool, i32)>>, RefCell<Inbox>);

impl NlSocket {
    /// Wrap a socket made elsewhere (e.g. on a thread inside another netns):
    /// non-blocking, with extended acks so the kernel's reason comes back
    /// and strict checking of requests (both best effort, as iproute2:
    /// older kernels lack them).
    pub fn from_socket(s: Socket) -> io::Result<NlSocket> {
        s.set_non_blocking(true)?;
        let _ = s.set_ext_ack(true);
        let _ = s.set_netlink_get_strict_chk(true);
        Ok(NlSocket(s, Cell::new(None), RefCell::default()))
    }

    /// The first failure: (was it a send, errno).
    pub fn failure(&self) -> Option<(bool, i32)> {
        self.1.get()
    }

    /// EAGAIN is `Pending`; a failure is remembered. A receive queue that
    /// overflowed (ENOBUFS: replies were dropped) ends the connection
    /// rather than leave requests waiting for replies that never come.
    fn ready<T>(&self, send: bool, r: io::Result<T>) -> Poll<io::Result<T>> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Poll::Pending,
            Err(e) => {
                let errno = e.raw_os_error().unwrap_or(libc::EIO);
                if self.1.get().is_none() {
                    self.1.set(Some((send, errno)));
                }
                Poll::Ready(Err(io::Error::other(e.to_string())))
            }
            r => Poll::Ready(r),
        }
    }
}

impl AsFd for NlSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

impl AsyncSocket for NlSocket {
    fn socket_ref(&self) -> &Socket {
        &self.0
    }

    fn socket_mut(&mut self) -> &mut Socket {
        &mut self.0
    }

    fn new(protocol: isize) -> io::Result<Self> {
        NlSocket::from_socket(Socket::new(protocol)?)
    }

    fn poll_send(&self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        // A full send buffer is the only EAGAIN: retry on the next round.
        let r = self.ready(true, self.0.send(buf, 0));
        if r.is_pending() {
            cx.waker().wake_by_ref();
        }
        r
    }

    fn poll_send_to(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        addr: &SocketAddr,
    ) -> Poll<io::Result<usize>> {
        let r = self.ready(true, self.0.send_to(buf, addr, 0));
        if r.is_pending() {
            cx.waker().wake_by_ref();
        }
        r
    }

    fn poll_recv<B: bytes::BufMut>(
        &self,
        _cx: &mut Context<'_>,
        buf: &mut B,
    ) -> Poll<io::Result<()>> {
        self.ready(false, self.0.recv(buf, 0).map(|_| ()))
    }

    /// The datagrams queued on the socket, several per system call (see
    /// netlink/inbox.rs); the sender is always the kernel.
    fn poll_recv_from<B: bytes::BufMut>(
        &self,
        _cx: &mut Context<'_>,
        buf: &mut B,
    ) -> Poll<io::Result<SocketAddr>> {
        let mut inbox = self.2.borrow_mut();
        if inbox.is_empty() {
            match self.ready(false, inbox.fill(self.0.as_fd())) {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        inbox.hand_over(buf);
        Poll::Ready(Ok(SocketAddr::new(0, 0)))
    }

    fn poll_recv_from_full(
        &self,
        _cx: &mut Context<'_>,
    ) -> Poll<io::Result<(Vec<u8>, SocketAddr)>> {
        self.ready(false, self.0.recv_from_full())
    }
}

struct Woken(AtomicBool);

impl ArcWake for Woken {
    fn wake_by_ref(me: &Arc<Self>) {
        me.0.store(true, Ordering::Relaxed);
    }
}

/// Run `work` to completion, polling the rtnetlink connection alongside it.
/// None when the connection ended first (netlink-proto closes it on a reply
/// it cannot parse or a socket failure): then `work` would wait forever.
/// Generic only in this thin shell: the loop in `drive` exists once in
/// the binary, however many kinds of work there are.
pub fn run<F: Future>(conn: &mut Connection<Raw, NlSocket>, work: F) -> Option<F::Output> {
    let mut out = None;
    let work = async {
        out = Some(work.await);
    };
    drive(conn, pin!(work));
    out
}

/// Poll `work` and the connection in turn until `work` is done or the
/// connection ends. When neither can progress and nothing woke them, wait
/// for the socket to become readable.
#[inline(never)]
fn drive(conn: &mut Connection<Raw, NlSocket>, mut work: Pin<&mut dyn Future<Output = ()>>) {
    let woken = Arc::new(Woken(AtomicBool::new(false)));
    let w = waker(woken.clone());
    let mut cx = Context::from_waker(&w);
    loop {
        woken.0.store(false, Ordering::Relaxed);
        if work.as_mut().poll(&mut cx).is_ready() {
            return;
        }
        if Pin::new(&mut *conn).poll(&mut cx).is_ready() {
            // One more look: the last replies may just have been handed over.
            let _ = work.as_mut().poll(&mut cx);
            return;
        }
        if !woken.0.load(Ordering::Relaxed) {
            let mut fds = [PollFd::new(conn.socket_mut().0.as_fd(), PollFlags::POLLIN)];
            // EINTR or (never seen) ENOMEM: just go round again.
            let _ = poll(&mut fds, PollTimeout::NONE);
        }
    }
}
