//! Sockets: receiving every queued datagram in one call (recvmmsg), for
//! the netlink connection.

/// recvmmsg(2) without waiting: the datagrams already queued on `fd`, up to
/// one per slot, each into its own slot. Returns, per datagram received,
/// its length and whether it was cut to fit its slot (MSG_TRUNC). EAGAIN
/// when none is queued.
pub fn recv_many(
    fd: std::os::fd::BorrowedFd<'_>,
    slots: &mut [&mut [u8]],
) -> Result<Vec<(usize, bool)>, nix::errno::Errno> {
    use std::os::fd::AsRawFd;
    let mut iov: Vec<libc::iovec> = slots
        .iter_mut()
        .map(|s| libc::iovec {
            iov_base: s.as_mut_ptr().cast(),
            iov_len: s.len(),
        })
        .collect();
    // SAFETY: mmsghdr is plain data; all zeros is a valid empty header.
    let mut hdrs: Vec<libc::mmsghdr> = iov.iter().map(|_| unsafe { std::mem::zeroed() }).collect();
    for (h, v) in hdrs.iter_mut().zip(iov.iter_mut()) {
        h.msg_hdr.msg_iov = v;
        h.msg_hdr.msg_iovlen = 1;
    }
    let vlen = libc::c_uint::try_from(hdrs.len()).unwrap_or(libc::c_uint::MAX);
    // SAFETY: each header points at one iovec that describes a slot we
    // borrow mutably for this call; no address is asked for (msg_name null);
    // no timeout.
    let n = unsafe {
        libc::recvmmsg(
            fd.as_raw_fd(),
            hdrs.as_mut_ptr(),
            vlen,
            libc::MSG_DONTWAIT,
            std::ptr::null_mut(),
        )
    };
    let n = usize::try_from(n).map_err(|_| nix::errno::Errno::last())?;
    Ok(hdrs[..n.min(hdrs.len())]
        .iter()
        .map(|h| {
            (
                h.msg_len as usize,
                h.msg_hdr.msg_flags & libc::MSG_TRUNC != 0,
            )
        })
        .collect())
}
