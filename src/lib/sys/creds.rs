//! Credentials: capabilities (capget/capset, the ambient set) and whether
//! this exec was privileged (setuid, setgid, file capabilities).

use nix::errno::Errno;

/// True when the kernel flagged this exec as secure (setuid/setgid or file
/// capabilities), or when real and effective ids differ.
pub fn is_privileged_exec() -> bool {
    // SAFETY: getauxval, getuid, geteuid, getgid and getegid only read
    // process state and cannot fail in a way that matters here.
    unsafe {
        libc::getauxval(libc::AT_SECURE) != 0
            || libc::getuid() != libc::geteuid()
            || libc::getgid() != libc::getegid()
    }
}

#[repr(C)]
#[derive(Default, Clone, Copy)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

const CAP_V3: u32 = 0x2008_0522;

/// Which step of `permitted_to_ambient` failed.
#[derive(Clone, Copy, Debug)]
pub enum CapStep {
    Get,
    Set,
    Ambient,
}

/// util-linux's cap_permitted_to_ambient: inheritable := permitted, then raise
/// every effective capability up to `last_cap` into the ambient set.
/// capget(2) of this thread: the v3 header (reused for capset) and data.
fn capget() -> Result<(CapHeader, [CapData; 2]), Errno> {
    let mut hdr = CapHeader {
        version: CAP_V3,
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: hdr and data match the kernel's v3 layout (two data words);
    // capget only writes into them.
    let rc = unsafe { libc::syscall(libc::SYS_capget, &mut hdr, data.as_mut_ptr()) };
    if rc != 0 {
        return Err(Errno::last());
    }
    Ok((hdr, data))
}

/// Is capability `cap` in this thread's effective set? (It may be held over
/// a user namespace only; the kernel decides that per namespace.) True when
/// capget itself fails, so the kernel gets the last word.
pub fn has_effective_cap(cap: u32) -> bool {
    capget().map_or(true, |(_, d)| {
        let eff = u64::from(d[0].effective) | (u64::from(d[1].effective) << 32);
        eff & (1u64 << cap.min(63)) != 0
    })
}

pub fn permitted_to_ambient(last_cap: u32) -> Result<(), (CapStep, Errno)> {
    let (mut hdr, mut data) = capget().map_err(|e| (CapStep::Get, e))?;
    let effective = u64::from(data[0].effective) | (u64::from(data[1].effective) << 32);
    for d in &mut data {
        d.inheritable = d.permitted;
    }
    // SAFETY: as above; capset reads hdr and data.
    let rc = unsafe { libc::syscall(libc::SYS_capset, &mut hdr, data.as_ptr()) };
    if rc != 0 {
        return Err((CapStep::Set, Errno::last()));
    }
    for cap in 0..=last_cap.min(63) {
        if effective & (1u64 << cap) == 0 {
            continue;
        }
        // SAFETY: prctl with integer arguments only.
        let rc = unsafe {
            libc::prctl(
                libc::PR_CAP_AMBIENT,
                libc::PR_CAP_AMBIENT_RAISE as libc::c_ulong,
                cap as libc::c_ulong,
                0 as libc::c_ulong,
                0 as libc::c_ulong,
            )
        };
        if rc < 0 {
            return Err((CapStep::Ambient, Errno::last()));
        }
    }
    Ok(())
}

const CAP_NET_ADMIN: u32 = 12;

/// Is CAP_NET_ADMIN in this thread's effective set? (It may be held over a
/// user namespace only; the kernel decides that per namespace.) True when
/// capget itself fails, so the kernel gets the last word.
pub fn has_cap_net_admin() -> bool {
    has_effective_cap(CAP_NET_ADMIN)
}
