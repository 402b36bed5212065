//! systemd's userdb over varlink (io.systemd.UserDatabase): one call to the
//! multiplexer socket of systemd-userdbd, which merges every user database
//! systemd knows (homed, DynamicUser, NSS), or without userdbd one to each
//! service socket in the directory, as nss-systemd does. A JSON message
//! ends with NUL.

use super::userdb::{Db, Entry, Key};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

const DIR: &str = "/run/systemd/userdb";
const MULTIPLEXER: &str = "io.systemd.Multiplexer";
const MAX_REPLY: u64 = 1 << 20;

/// The record for `key` from the first service that has it, or `None` (no
/// socket, no such record, bad reply).
pub fn lookup(db: Db, key: Key) -> Option<Entry> {
    services().iter().find_map(|s| ask(s, db, key))
}

/// The multiplexer alone when it is there, else every service socket.
fn services() -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(DIR) else {
        return Vec::new();
    };
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    if names.iter().any(|n| n == MULTIPLEXER) {
        return vec![MULTIPLEXER.to_string()];
    }
    names.sort();
    names
}

fn ask(service: &str, db: Db, key: Key) -> Option<Entry> {
    let reply = call(service, &request(service, db, key)).ok()?;
    let v = json::parse(&reply)?;
    let record = v.get("parameters")?.get("record")?;
    let (name_key, id_key) = match db {
        Db::Passwd => ("userName", "uid"),
        Db::Group => ("groupName", "gid"),
    };
    let shell = match db {
        Db::Passwd => record.get("shell").and_then(json::Value::str),
        Db::Group => None,
    };
    let gid = match db {
        Db::Passwd => record.get("gid").and_then(json::Value::uint),
        Db::Group => None,
    };
    Some(Entry {
        name: record.get(name_key)?.str()?,
        id: record.get(id_key)?.uint()?,
        gid,
        shell: shell.filter(|s| !s.is_empty()),
    })
}

fn request(service: &str, db: Db, key: Key) -> String {
    let (method, name_key, id_key) = match db {
        Db::Passwd => ("GetUserRecord", "userName", "uid"),
        Db::Group => ("GetGroupRecord", "groupName", "gid"),
    };
    let k = match key {
        Key::Name(n) => format!("\"{name_key}\":{}", json::quote(n)),
        Key::Id(id) => format!("\"{id_key}\":{id}"),
    };
    let service = json::quote(service);
    format!(
        "{{\"method\":\"io.systemd.UserDatabase.{method}\",\"parameters\":{{{k},\"service\":{service}}}}}\0"
    )
}

/// Send `msg` to `service`, return the reply up to its NUL. The socket is
/// CLOEXEC and closed on return; a silent service costs at most the timeouts.
fn call(service: &str, msg: &str) -> std::io::Result<String> {
    let mut s = UnixStream::connect(format!("{DIR}/{service}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(msg.as_bytes())?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    let mut r = (&mut s).take(MAX_REPLY);
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
        if let Some(end) = reply.iter().position(|&b| b == 0) {
            reply.truncate(end);
            break;
        }
    }
    String::from_utf8(reply).map_err(|_| std::io::ErrorKind::InvalidData.into())
}

/// Just enough JSON to read a varlink reply.
pub mod json {
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        /// The number's text, as given.
        Num(String),
        Str(String),
        Arr(Vec<Value>),
        /// Members in order; a repeated key's last value counts.
        Obj(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Obj(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
        pub fn str(&self) -> Option<String> {
            match self {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            }
        }
        pub fn uint(&self) -> Option<u32> {
            match self {
                Value::Num(n) => n.parse().ok(),
                _ => None,
            }
        }
    }

    /// `s` as a JSON string literal.
    pub fn quote(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// The whole of `text` as one value (nesting bounded), or `None`.
    pub fn parse(text: &str) -> Option<Value> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        (p.i == p.s.len()).then_some(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.s.get(self.i).is_some_and(|b| b" \t\r\n".contains(b)) {
                self.i += 1;
            }
        }

        fn eat(&mut self, b: u8) -> bool {
            self.ws();
            let ok = self.s.get(self.i) == Some(&b);
            self.i += usize::from(ok);
            ok
        }

        fn value(&mut self, depth: usize) -> Option<Value> {
            if depth > 64 {
                return None;
            }
            self.ws();
            match *self.s.get(self.i)? {
                b'{' => self.object(depth),
                b'[' => self.array(depth),
                b'"' => self.string().map(Value::Str),
                b't' => self.word("true", Value::Bool(true)),
                b'f' => self.word("false", Value::Bool(false)),
                b'n' => self.word("null", Value::Null),
                _ => self.number(),
            }
        }

        fn word(&mut self, w: &str, v: Value) -> Option<Value> {
            let end = self.i.checked_add(w.len())?;
            (self.s.get(self.i..end)? == w.as_bytes()).then(|| {
                self.i = end;
                v
            })
        }

        fn number(&mut self) -> Option<Value> {
            let start = self.i;
            let num = |b: &u8| b.is_ascii_digit() || b"+-.eE".contains(b);
            while self.s.get(self.i).is_some_and(num) {
                self.i += 1;
            }
            let t = std::str::from_utf8(&self.s[start..self.i]).ok()?;
            (!t.is_empty()).then(|| Value::Num(t.to_string()))
        }

        fn object(&mut self, depth: usize) -> Option<Value> {
            self.i += 1;
            let mut m = Vec::new();
            if self.eat(b'}') {
                return Some(Value::Obj(m));
            }
            loop {
                self.ws();
                let k = self.string()?;
                if !self.eat(b':') {
                    return None;
                }
                m.push((k, self.value(depth + 1)?));
                if self.eat(b'}') {
                    return Some(Value::Obj(m));
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }

        fn array(&mut self, depth: usize) -> Option<Value> {
            self.i += 1;
            let mut v = Vec::new();
            if self.eat(b']') {
                return Some(Value::Arr(v));
            }
            loop {
                v.push(self.value(depth + 1)?);
                if self.eat(b']') {
                    return Some(Value::Arr(v));
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }

        fn string(&mut self) -> Option<String> {
            if self.s.get(self.i) != Some(&b'"') {
                return None;
            }
            self.i += 1;
            let mut out = String::new();
            loop {
                let rest = std::str::from_utf8(&self.s[self.i..]).ok()?;
                let c = rest.chars().next()?;
                self.i += c.len_utf8();
                match c {
                    '"' => return Some(out),
                    '\\' => out.push(self.escape()?),
                    c => out.push(c),
                }
            }
        }

        fn escape(&mut self) -> Option<char> {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            Some(match b {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => return self.unicode(),
                _ => return None,
            })
        }

        /// `\uXXXX`, with a following low surrogate when it is a high one.
        fn unicode(&mut self) -> Option<char> {
            let hi = self.hex4()?;
            if !(0xd800..0xdc00).contains(&hi) {
                return char::from_u32(hi);
            }
            if self.s.get(self.i..self.i.checked_add(2)?)? != b"\\u" {
                return None;
            }
            self.i += 2;
            let lo = self.hex4().filter(|lo| (0xdc00..0xe000).contains(lo))?;
            char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
        }

        fn hex4(&mut self) -> Option<u32> {
            let end = self.i.checked_add(4)?;
            let t = std::str::from_utf8(self.s.get(self.i..end)?).ok()?;
            self.i = end;
            u32::from_str_radix(t, 16).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json::{parse, quote, Value};
    use super::*;

    #[test]
    fn requests_are_varlink_calls() {
        assert_eq!(
            request(MULTIPLEXER, Db::Passwd, Key::Name("a\"b")),
            "{\"method\":\"io.systemd.UserDatabase.GetUserRecord\",\"parameters\":{\"userName\":\"a\\\"b\",\"service\":\"io.systemd.Multiplexer\"}}\0"
        );
        let r = request("io.systemd.Home", Db::Group, Key::Id(7));
        assert!(
            r.contains("GetGroupRecord") && r.contains("\"gid\":7,"),
            "{r}"
        );
        assert!(r.ends_with("\"service\":\"io.systemd.Home\"}}\0"), "{r}");
    }

    #[test]
    fn replies_parse() {
        let r = r#"{"parameters":{"record":{"userName":"ann","uid":61234,"gid":61234,"shell":"/bin/zsh","privileged":{"hashedPassword":["x"]},"x":[1,2.5e3,true,null,"\u00e9\ud83d\ude00\n"]},"incomplete":false}}"#;
        let v = parse(r).unwrap();
        let rec = v.get("parameters").unwrap().get("record").unwrap();
        assert_eq!(rec.get("uid").unwrap().uint(), Some(61234));
        assert_eq!(rec.get("shell").unwrap().str().as_deref(), Some("/bin/zsh"));
        let Some(Value::Arr(x)) = rec.get("x") else {
            panic!("{rec:?}")
        };
        assert_eq!(x[4], Value::Str("é😀\n".into()));
        assert_eq!(
            parse(&quote("a\"\\\u{1}é")).unwrap(),
            Value::Str("a\"\\\u{1}é".into())
        );
        for bad in [
            "",
            "{",
            "{\"a\":}",
            "[1,]",
            "\"\\x\"",
            "{} x",
            "\"\\ud800\"",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), None);
        let err = parse(r#"{"error":"io.systemd.UserDatabase.NoRecordFound","parameters":{}}"#);
        assert!(err
            .unwrap()
            .get("parameters")
            .unwrap()
            .get("record")
            .is_none());
    }
}
