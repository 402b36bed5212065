//! `veth add` and `veth del`.
//!
//! add: one RTM_NEWLINK makes the pair with each end directly in its
//! namespace (by fd) carrying its MTU, MAC and IFF_UP; then, through a socket
//! in each end's namespace, the addresses and `lo` up. Any failure after the
//! pair exists deletes it again (deleting one end removes both).

use super::netns::{self, Netns, NsId};
use super::parse::{self, Cidr};
use super::{allowed, bad, operand_count, refused, where_, Opt, Raw};
use crate::error::{Error, Result};
use crate::netlink::{self, Conn, EndSpec, NlError};
use crate::sys::signal::HeldSignals;
use std::ffi::{OsStr, OsString};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

/// One end of a veth pair.
pub struct End {
    /// Its interface name (at most 15 bytes).
    pub name: String,
    /// Its network namespace; the caller's own without one.
    pub netns: Option<Netns>,
    /// The addresses to add to it, IPv4 or IPv6.
    pub addrs: Vec<Cidr>,
    /// Its MAC address; the kernel picks a random one without.
    pub mac: Option<[u8; 6]>,
}

pub struct Plan {
    pub ends: [End; 2],
    pub mtu: Option<u32>,
    pub up: bool,
}

fn text(v: &OsString) -> String {
    v.to_string_lossy().into_owned()
}

fn cidrs(list: &[OsString]) -> Result<Vec<Cidr>> {
    let mut out: Vec<Cidr> = Vec::new();
    for a in list {
        let s = text(a);
        let c =
            parse::parse_cidr(&s).map_err(|why| bad(format!("invalid address '{s}': {why}")))?;
        if out.iter().any(|o| o.ip == c.ip) {
            return Err(bad(format!("address {} given twice", c.ip)));
        }
        out.push(c);
    }
    Ok(out)
}

fn mac(v: &Option<OsString>) -> Result<Option<[u8; 6]>> {
    v.as_ref()
        .map(|m| {
            let s = text(m);
            parse::parse_mac(&s).map_err(|why| bad(format!("invalid MAC address '{s}': {why}")))
        })
        .transpose()
}

/// Check everything that needs no kernel, then open the namespaces.
pub fn plan(raw: Raw, args: &[OsString]) -> Result<Plan> {
    allowed(
        &raw,
        &[
            Opt::Netns,
            Opt::PeerNetns,
            Opt::Addr,
            Opt::PeerAddr,
            Opt::Mtu,
            Opt::Mac,
            Opt::PeerMac,
            Opt::Down,
        ],
        "add",
    )?;
    let [name, peer] = args else {
        return Err(operand_count("add", "<name> <peer>", args));
    };
    let (name, peer) = (parse::ifname(name)?, parse::ifname(peer)?);
    if name == peer {
        return Err(bad(format!(
            "the peer must have another name than '{name}'"
        )));
    }
    let addrs = [cidrs(&raw.addrs)?, cidrs(&raw.peer_addrs)?];
    let mtu = match &raw.mtu {
        Some(m) => {
            let s = text(m);
            Some(parse::parse_mtu(&s).map_err(|why| bad(format!("invalid MTU '{s}': {why}")))?)
        }
        None => None,
    };
    if let Some(m) = mtu.filter(|&m| m < 1280) {
        if addrs.iter().flatten().any(|c| c.ip.is_ipv6()) {
            return Err(bad(format!(
                "MTU {m} is below 1280, the minimum for IPv6 addresses"
            )));
        }
    }
    let macs = [mac(&raw.mac)?, mac(&raw.peer_mac)?];
    if !crate::sys::creds::has_cap_net_admin() {
        return Err(bad(
            "permission denied: creating a veth pair needs CAP_NET_ADMIN",
        ));
    }
    let ns = [open_ns(&raw.netns)?, open_ns(&raw.peer_netns)?];
    let [a_addrs, b_addrs] = addrs;
    let [a_ns, b_ns] = ns;
    Ok(Plan {
        ends: [
            End {
                name,
                netns: a_ns,
                addrs: a_addrs,
                mac: macs[0],
            },
            End {
                name: peer,
                netns: b_ns,
                addrs: b_addrs,
                mac: macs[1],
            },
        ],
        mtu,
        up: !raw.down,
    })
}

fn open_ns(arg: &Option<OsString>) -> Result<Option<Netns>> {
    arg.as_deref().map(Netns::open).transpose()
}

/// The sockets a run needs: one per distinct namespace, the caller's first.
struct Conns {
    here: Option<NsId>,
    keys: Vec<Option<NsId>>,
    conns: Vec<Conn>,
}

fn kernel(step: &str, e: NlError) -> Error {
    refused(format!("{step}: {e}"))
}

impl Conns {
    fn new() -> Result<Conns> {
        let c = Conn::open().map_err(|e| kernel("cannot open a netlink socket", e))?;
        Ok(Conns {
            here: netns::current(),
            keys: vec![None],
            conns: vec![c],
        })
    }

    /// Is `ns` another namespace than the caller's?
    fn foreign<'a>(&self, ns: Option<&'a Netns>) -> Option<&'a Netns> {
        ns.filter(|n| self.here != Some(n.id))
    }

    /// The namespace an end goes to: its `--netns`, else the caller's.
    fn ns_of(&self, e: &End) -> Option<NsId> {
        e.netns.as_ref().map(|n| n.id).or(self.here)
    }

    /// The peer's namespace for a request sent from the first end's: None
    /// when both ends share one, else an fd of it (the caller's own, from
    /// /proc, when the peer stays here and the first end does not).
    fn peer_fd(&self, ends: &[End; 2]) -> Result<Option<OwnedFd>> {
        if self.ns_of(&ends[0]) == self.ns_of(&ends[1]) {
            return Ok(None);
        }
        let fd = match &ends[1].netns {
            Some(n) => n.file.try_clone().map(crate::ns::NsFile::into_fd),
            None => std::fs::File::open(netns::SELF).map(OwnedFd::from),
        };
        fd.map(Some).map_err(|e| {
            bad(format!(
                "cannot open network namespace '{}': {}",
                ends[1].netns.as_ref().map_or(netns::SELF, |n| &n.label),
                crate::sys::strerror(e.raw_os_error().unwrap_or(libc::EIO))
            ))
        })
    }

    /// The index of the socket acting in `ns`, opening it if need be.
    fn slot(&mut self, ns: Option<&Netns>) -> Result<usize> {
        let Some(n) = self.foreign(ns) else {
            return Ok(0);
        };
        if let Some(i) = self.keys.iter().position(|k| *k == Some(n.id)) {
            return Ok(i);
        }
        let c = Conn::open_in(n.file.as_fd()).map_err(|e| {
            kernel(
                &format!(
                    "cannot open a netlink socket in network namespace '{}'",
                    n.label
                ),
                e,
            )
        })?;
        self.keys.push(Some(n.id));
        self.conns.push(c);
        Ok(self.conns.len() - 1)
    }
}

fn end_where(e: &End) -> String {
    where_(e.netns.as_ref().map(|n| OsStr::new(&n.label)))
}

/// HUP, INT, QUIT and TERM are held from here on: one that arrives before
/// the pair is made ends the run with nothing made; one that arrives later
/// (up to the very end) first deletes the pair again. So a run ended by one
/// of them leaves nothing, and status 0 means the pair is complete. (SIGKILL
/// cannot be held: it may leave the pair without its addresses or up.)
pub fn run(p: Plan) -> Result<i32> {
    let signals = HeldSignals::hold();
    crate::progress::mark("veth-add:start");
    let made = make(&p, &signals);
    crate::progress::mark("veth-add:end");
    // After a failure (and the rollback) a held signal ends the process as
    // it would have; after success it stays held until exit: it came too
    // late to undo a complete pair.
    if made.is_err() && signals.arrived() {
        signals.release();
    }
    made
}

fn make(p: &Plan, signals: &HeldSignals) -> Result<i32> {
    let mut conns = Conns::new()?;
    let slots = [
        conns.slot(p.ends[0].netns.as_ref())?,
        conns.slot(p.ends[1].netns.as_ref())?,
    ];
    check_free(p, &mut conns, slots)?;
    if signals.arrived() {
        return Err(interrupted());
    }
    let made = create(p, &mut conns, slots)?;
    crate::progress::stop_at("veth-add:created");
    match configure(p, &mut conns, slots, made, signals) {
        Ok(()) if !signals.arrived() => Ok(0),
        Ok(()) => Err(rollback(p, &mut conns, slots[0], made, interrupted())),
        Err(e) => Err(rollback(p, &mut conns, slots[0], made, e)),
    }
}

/// The pair as the kernel made it: each end's ifindex in its own namespace.
/// Everything after the creation (configuration, rollback) uses only these:
/// a name may be taken by another link meanwhile, an ifindex is never reused
/// within a namespace until the counter wraps.
#[derive(Debug, Clone, Copy)]
struct Made {
    index: [u32; 2],
}

/// Make the pair through the socket in the first end's namespace, so that the
/// kernel's echo (NLM_F_ECHO) reaches us and names both ifindexes.
fn create(p: &Plan, conns: &mut Conns, slots: [usize; 2]) -> Result<Made> {
    let peer_fd = conns.peer_fd(&p.ends)?;
    let a = spec(p, &p.ends[0], None);
    // veth cannot open the peer while the pair is being made (ENOTCONN):
    // it is brought up afterwards.
    let b = EndSpec {
        up: false,
        ..spec(p, &p.ends[1], peer_fd.as_ref().map(|f| f.as_fd()))
    };
    let c = &mut conns.conns[slots[0]];
    let h = c.handle.clone();
    match c.run(netlink::create_veth(&h, &a, &b)) {
        Ok(Some(echo)) if netlink::link_name(&echo) == Some(a.name) => Ok(Made {
            index: [
                echo.header.index,
                netlink::link_peer_index(&echo).unwrap_or(0),
            ],
        }),
        Ok(_) => without_echo(p, conns, slots),
        Err(e) => {
            // Another add took a name between the check and now: say which.
            if e.errno == libc::EEXIST {
                check_free(p, conns, slots)?;
            }
            Err(kernel(
                &format!("create veth pair '{}'/'{}'", p.ends[0].name, p.ends[1].name),
                e,
            ))
        }
    }
}

/// Kernels before 6.3 do not echo a new link: find the first end by name
/// once, right after its creation, and its peer through IFLA_LINK.
fn without_echo(p: &Plan, conns: &mut Conns, slots: [usize; 2]) -> Result<Made> {
    let e = &p.ends[0];
    let c = &mut conns.conns[slots[0]];
    let h = c.handle.clone();
    let step = || format!("look up '{}'{}", e.name, end_where(e));
    let m = c
        .run(netlink::link_by_name(&h, &e.name))
        .map_err(|err| kernel(&step(), err))?
        .ok_or_else(|| kernel(&step(), NlError::os(libc::ENODEV)))?;
    Ok(Made {
        index: [m.header.index, netlink::link_peer_index(&m).unwrap_or(0)],
    })
}

fn interrupted() -> Error {
    refused("interrupted by a signal")
}

/// Neither name may exist in its namespace (the kernel's EEXIST would not
/// say which one).
fn check_free(p: &Plan, conns: &mut Conns, slots: [usize; 2]) -> Result<()> {
    for (e, &s) in p.ends.iter().zip(&slots) {
        let c = &mut conns.conns[s];
        let h = c.handle.clone();
        let found = c
            .run(netlink::link_by_name(&h, &e.name))
            .map_err(|err| kernel(&format!("look up '{}'{}", e.name, end_where(e)), err))?;
        if found.is_some() {
            return Err(bad(format!(
                "device '{}' already exists{}",
                e.name,
                end_where(e)
            )));
        }
    }
    Ok(())
}

/// An end as the RTM_NEWLINK carries it, `netns` relative to the namespace
/// of the socket that sends it.
fn spec<'a>(p: &Plan, e: &'a End, netns: Option<BorrowedFd<'a>>) -> EndSpec<'a> {
    EndSpec {
        name: &e.name,
        netns,
        mtu: p.mtu,
        mac: e.mac,
        up: p.up,
    }
}

/// `lo` is ifindex 1 in every network namespace (LOOPBACK_IFINDEX).
const LOOPBACK_IFINDEX: u32 = 1;

/// Everything after the pair exists, by ifindex only: the peer up first,
/// so both ends have carrier before any address exists (an IPv6 address
/// added before its link has carrier answers its first neighbour
/// solicitation only about a second later); then the addresses; then `lo`.
fn configure(
    p: &Plan,
    conns: &mut Conns,
    slots: [usize; 2],
    made: Made,
    signals: &HeldSignals,
) -> Result<()> {
    if p.up {
        let e = &p.ends[1];
        let c = &mut conns.conns[slots[1]];
        let h = c.handle.clone();
        c.run(netlink::set_up_index(&h, made.index[1]))
            .map_err(|err| kernel(&format!("bring up '{}'{}", e.name, end_where(e)), err))?;
        wait_oper_up(p, conns, slots, made)?;
    }
    for (i, e) in p.ends.iter().enumerate() {
        if signals.arrived() {
            return Err(interrupted());
        }
        let c = &mut conns.conns[slots[i]];
        let h = c.handle.clone();
        for a in &e.addrs {
            c.run(netlink::add_address(&h, made.index[i], a.ip, a.prefix))
                .map_err(|err| {
                    kernel(
                        &format!("add address {a} to '{}'{}", e.name, end_where(e)),
                        err,
                    )
                })?;
        }
    }
    if p.up {
        loopbacks_up(p, conns, slots)?;
    }
    Ok(())
}

/// Wait until the kernel's link watch has seen both ends' carrier, at most
/// LINK_WATCH_WAIT: only then does a link pass packets (its queue discards
/// them before) and take an IPv6 address as ready at once. The link watch
/// runs such events at once or, rate-limited, up to a second later; an
/// address added, or a packet sent, before it ran was answered only after
/// the kernel's one-second retransmission.
fn wait_oper_up(p: &Plan, conns: &mut Conns, slots: [usize; 2], made: Made) -> Result<()> {
    let deadline = Instant::now() + LINK_WATCH_WAIT;
    for (i, e) in p.ends.iter().enumerate() {
        let c = &mut conns.conns[slots[i]];
        let h = c.handle.clone();
        let step = || format!("look up '{}'{}", e.name, end_where(e));
        loop {
            let m = c
                .run(netlink::link_by_index(&h, made.index[i]))
                .map_err(|err| kernel(&step(), err))?
                .ok_or_else(|| kernel(&step(), NlError::os(libc::ENODEV)))?;
            if netlink::is_oper_up(&m) || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
    Ok(())
}

/// The link watch's own limit is one second (HZ) between runs.
const LINK_WATCH_WAIT: Duration = Duration::from_millis(1500);

/// `lo` up in each distinct namespace of the two ends.
fn loopbacks_up(p: &Plan, conns: &mut Conns, slots: [usize; 2]) -> Result<()> {
    for (i, e) in p.ends.iter().enumerate() {
        if i == 1 && slots[1] == slots[0] {
            continue;
        }
        let c = &mut conns.conns[slots[i]];
        let h = c.handle.clone();
        c.run(netlink::set_up_index(&h, LOOPBACK_IFINDEX))
            .map_err(|err| kernel(&format!("bring up 'lo'{}", end_where(e)), err))?;
    }
    Ok(())
}

/// Delete the pair again by the first end's ifindex (which removes both),
/// keep the first error; report a failed cleanup too. An end already gone
/// (ENODEV: someone deleted the pair meanwhile) leaves nothing to undo.
fn rollback(p: &Plan, conns: &mut Conns, slot: usize, made: Made, first: Error) -> Error {
    let e = &p.ends[0];
    let c = &mut conns.conns[slot];
    let h = c.handle.clone();
    match c.run(netlink::del_link(&h, made.index[0])) {
        Ok(()) => first,
        Err(err) if err.errno == libc::ENODEV => first,
        Err(err) => {
            first.report("veth", "veth");
            refused(format!(
                "cleanup failed: delete '{}'{}: {err}",
                e.name,
                end_where(e)
            ))
        }
    }
}

/// `veth del NAME [--netns NS]`: NAME must be a veth; both ends go.
pub fn del(name: String, ns_arg: Option<&OsStr>) -> Result<i32> {
    if !crate::sys::creds::has_cap_net_admin() {
        return Err(bad(
            "permission denied: deleting a veth pair needs CAP_NET_ADMIN",
        ));
    }
    crate::progress::mark("veth-del:start");
    let ns = ns_arg.map(Netns::open).transpose()?;
    let mut conns = Conns::new()?;
    let s = conns.slot(ns.as_ref())?;
    let w = where_(ns_arg);
    let c = &mut conns.conns[s];
    let h = c.handle.clone();
    let link = c
        .run(netlink::link_by_name(&h, &name))
        .map_err(|e| kernel(&format!("look up '{name}'{w}"), e))?
        .ok_or_else(|| bad(format!("no device '{name}'{w}")))?;
    if !netlink::is_veth(&link) {
        return Err(bad(format!("'{name}'{w} is not a veth device")));
    }
    c.run(netlink::del_link(&h, link.header.index))
        .map_err(|e| kernel(&format!("delete '{name}'{w}"), e))?;
    crate::progress::mark("veth-del:end");
    Ok(0)
}
