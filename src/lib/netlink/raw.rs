//! The message type on the connection: rtnetlink messages kept as bytes.
//!
//! Requests are netlink-packet-route's typed messages (built directly or
//! with rtnetlink's builders), serialized once. Replies stay bytes until the
//! caller parses the one kind it asked for. A connection typed over
//! `RouteNetlinkMessage` parses every reply into its full typed form as it
//! arrives, and so links the parsers of every rtnetlink message kind (routes,
//! tc, neighbours, ...) into the binary; that was most of its size and, for
//! `veth list`, most of its user time.

use netlink_packet_core::{
    DecodeError, Emitable, NetlinkDeserializable, NetlinkHeader, NetlinkSerializable, NlasIterator,
    Parseable,
};
use netlink_packet_route::address::AddressMessage;
use netlink_packet_route::link::LinkMessage;
use netlink_packet_route::nsid::NsidMessage;

/// struct ifinfomsg, before a link message's attributes (linux/rtnetlink.h).
const IFINFOMSG_LEN: usize = 16;
/// IFLA_IFNAME (linux/if_link.h).
const IFLA_IFNAME: u16 = 3;

/// One rtnetlink message body and its type (RTM_*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    kind: u16,
    body: Vec<u8>,
}

impl Raw {
    /// A request of type `kind` (RTM_*) carrying `m`.
    pub fn new(kind: u16, m: &impl Emitable) -> Raw {
        let mut body = vec![0; m.buffer_len()];
        m.emit(&mut body);
        Raw { kind, body }
    }

    pub fn kind(&self) -> u16 {
        self.kind
    }

    /// An RTM_NEWLINK reply, parsed.
    pub fn link(&self) -> Option<LinkMessage> {
        (self.kind == libc::RTM_NEWLINK)
            .then(|| LinkMessage::parse(&self.body[..]).ok())
            .flatten()
    }

    /// An RTM_NEWLINK reply with only its attributes of the kinds in
    /// `only` (IFLA_*), parsed; the others are skipped unparsed (a link
    /// carries dozens, some large). The kept attributes are copied after
    /// the header and parsed as a message of their own.
    pub fn link_only(&self, only: &[u16]) -> Option<LinkMessage> {
        if self.kind != libc::RTM_NEWLINK {
            return None;
        }
        let mut kept = self.body.get(..IFINFOMSG_LEN)?.to_vec();
        for nla in NlasIterator::new(self.body.get(IFINFOMSG_LEN..)?) {
            let nla = nla.ok()?;
            if only.contains(&nla.kind()) {
                let whole = nla.value_length().checked_add(4)?;
                kept.extend_from_slice(nla.into_inner().get(..whole)?);
                kept.resize(kept.len().checked_add(3)? & !3, 0);
            }
        }
        LinkMessage::parse(&kept[..]).ok()
    }

    /// An RTM_NEWADDR reply, parsed.
    pub fn address(&self) -> Option<AddressMessage> {
        (self.kind == libc::RTM_NEWADDR)
            .then(|| AddressMessage::parse(&self.body[..]).ok())
            .flatten()
    }

    /// An RTM_NEWNSID (or, deleted, RTM_DELNSID) reply, parsed.
    pub fn nsid(&self) -> Option<(bool, NsidMessage)> {
        let deleted = match self.kind {
            libc::RTM_NEWNSID => false,
            libc::RTM_DELNSID => true,
            _ => return None,
        };
        Some((deleted, NsidMessage::parse(&self.body[..]).ok()?))
    }

    /// The IFLA_IFNAME of an RTM_NEWLINK reply, read without parsing the
    /// rest of the message.
    pub fn link_name(&self) -> Option<String> {
        if self.kind != libc::RTM_NEWLINK {
            return None;
        }
        let attrs = self.body.get(IFINFOMSG_LEN..)?;
        let nla = NlasIterator::new(attrs)
            .map_while(Result::ok)
            .find(|nla| nla.kind() == IFLA_IFNAME)?;
        let v = nla.value();
        let v = v.split(|&b| b == 0).next().unwrap_or(v);
        Some(String::from_utf8_lossy(v).into_owned())
    }
}

impl NetlinkSerializable for Raw {
    fn message_type(&self) -> u16 {
        self.kind
    }

    fn buffer_len(&self) -> usize {
        self.body.len()
    }

    fn serialize(&self, buffer: &mut [u8]) {
        buffer.copy_from_slice(&self.body);
    }
}

impl NetlinkDeserializable for Raw {
    type Error = DecodeError;

    fn deserialize(header: &NetlinkHeader, payload: &[u8]) -> Result<Raw, DecodeError> {
        Ok(Raw {
            kind: header.message_type,
            body: payload.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_packet_route::link::LinkAttribute;

    #[test]
    fn a_link_name_is_read_from_the_bytes() {
        let mut m = LinkMessage::default();
        m.attributes.push(LinkAttribute::Mtu(1500));
        m.attributes.push(LinkAttribute::IfName("veth0".into()));
        let r = Raw::new(libc::RTM_NEWLINK, &m);
        assert_eq!(r.link_name().as_deref(), Some("veth0"));
        assert_eq!(r.link(), Some(m.clone()));
        m.attributes.remove(0);
        assert_eq!(r.link_only(&[IFLA_IFNAME]), Some(m));
        assert_eq!(
            Raw::new(libc::RTM_NEWADDR, &r.link().unwrap()).link_name(),
            None
        );
    }
}
