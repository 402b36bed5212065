//! iproute2's streaming JSON writer (`lib/json_writer.c`), byte for byte:
//! commas, the pretty layout (`[ {`, 4-space indents, `},{`, ` ]`), the
//! string escapes, and the newline `jsonw_destroy` ends with.

/// A writer of one top-level JSON array, in iproute2's layout.
pub struct Json {
    /// The text so far.
    pub out: Vec<u8>,
    depth: usize,
    pretty: bool,
    sep: bool,
}

impl Json {
    /// `new_json_obj`: a writer with the top-level array opened.
    pub fn array(pretty: bool) -> Json {
        let mut j = Json {
            out: Vec::new(),
            depth: 0,
            pretty,
            sep: false,
        };
        j.begin(b'[');
        if pretty {
            j.out.push(b' ');
        }
        j
    }

    /// `delete_json_obj`: close the array, end the line.
    pub fn finish(mut self) -> Vec<u8> {
        if self.pretty && self.sep {
            self.out.push(b' ');
        }
        self.sep = false;
        self.end(b']');
        self.out.push(b'\n');
        self.out
    }

    fn eor(&mut self) {
        if self.sep {
            self.out.push(b',');
        }
        self.sep = true;
    }

    fn eol(&mut self) {
        if self.pretty {
            self.out.push(b'\n');
            for _ in 0..self.depth {
                self.out.extend_from_slice(b"    ");
            }
        }
    }

    fn begin(&mut self, c: u8) {
        self.eor();
        self.out.push(c);
        self.depth += 1;
        self.sep = false;
    }

    fn end(&mut self, c: u8) {
        self.depth -= 1;
        if self.sep {
            self.eol();
        }
        self.out.push(c);
        self.sep = true;
    }

    /// Open an object (an element of the array).
    pub fn open_object(&mut self) {
        self.begin(b'{');
    }

    /// Close the object.
    pub fn close_object(&mut self) {
        self.end(b'}');
    }

    fn name(&mut self, key: &str) {
        self.eor();
        self.eol();
        self.sep = false;
        self.puts(key.as_bytes());
        self.out.push(b':');
        if self.pretty {
            self.out.push(b' ');
        }
    }

    fn puts(&mut self, s: &[u8]) {
        self.out.push(b'"');
        for &c in s {
            match c {
                b'\t' => self.out.extend_from_slice(b"\\t"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                0x0c => self.out.extend_from_slice(b"\\f"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'"' => self.out.extend_from_slice(b"\\\""),
                c if c < 0x20 || c == 0x7f => {
                    self.out.extend_from_slice(format!("\\u{c:04x}").as_bytes())
                }
                c => self.out.push(c),
            }
        }
        self.out.push(b'"');
    }

    /// A string member `"key":"value"`.
    pub fn string(&mut self, key: &str, value: &[u8]) {
        self.name(key);
        self.eor();
        self.puts(value);
    }

    /// An integer member `"key":N`.
    pub fn int(&mut self, key: &str, value: i64) {
        self.name(key);
        self.eor();
        self.out.extend_from_slice(value.to_string().as_bytes());
    }

    /// A bare string element of the array.
    pub fn string_value(&mut self, value: &[u8]) {
        self.eor();
        self.puts(value);
    }

    /// A bare integer element of the array.
    pub fn int_value(&mut self, value: i64) {
        self.eor();
        self.out.extend_from_slice(value.to_string().as_bytes());
    }

    /// A `null` member.
    pub fn null(&mut self, key: &str) {
        self.name(key);
        self.eor();
        self.out.extend_from_slice(b"null");
    }

    /// A member whose value is an array of strings.
    pub fn strings(&mut self, key: &str, values: &[&[u8]]) {
        self.name(key);
        self.begin(b'[');
        for v in values {
            self.string_value(v);
        }
        self.end(b']');
    }

    /// A boolean member.
    pub fn boolean(&mut self, key: &str, value: bool) {
        self.name(key);
        self.eor();
        self.out
            .extend_from_slice(if value { &b"true"[..] } else { &b"false"[..] });
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    fn two(pretty: bool) -> String {
        let mut j = Json::array(pretty);
        for (n, name) in [(0, "rref2"), (5, "rref1")] {
            j.open_object();
            j.int("nsid", n);
            j.string("name", name.as_bytes());
            j.close_object();
        }
        String::from_utf8(j.finish()).unwrap()
    }

    #[test]
    fn compact_and_pretty_as_ip_writes_them() {
        assert_eq!(
            two(false),
            "[{\"nsid\":0,\"name\":\"rref2\"},{\"nsid\":5,\"name\":\"rref1\"}]\n"
        );
        assert_eq!(
            two(true),
            "[ {\n        \"nsid\": 0,\n        \"name\": \"rref2\"\n    },{\n        \"nsid\": 5,\n        \"name\": \"rref1\"\n    } ]\n"
        );
        assert_eq!(
            String::from_utf8(Json::array(false).finish()).unwrap(),
            "[]\n"
        );
        assert_eq!(
            String::from_utf8(Json::array(true).finish()).unwrap(),
            "[ ]\n"
        );
    }

    #[test]
    fn escapes() {
        let mut j = Json::array(false);
        j.string_value(b"a\"b\\c\td\x01\x7f\xff");
        assert_eq!(
            j.finish(),
            b"[\"a\\\"b\\\\c\\td\\u0001\\u007f\xff\"]\n".to_vec()
        );
    }
}
