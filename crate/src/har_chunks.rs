//! A HAR file fed in chunks, as a page reads a dropped file: each entry of `log.entries` is
//! handed to [`crate::har::entry`] as soon as its last byte has come, so a page stays
//! responsive and shows what it found while the rest is still being read, and memory holds one
//! entry at a time, never the file.
//!
//! Only the file's frame is read here: where `log.creator` and each of `log.entries` start
//! and end (a byte scanner that tracks strings and nesting, one pass, no recursion). Each
//! entry's JSON is parsed whole, and read as HAR, by the same code as [`crate::har::read`].
//! Errors say where, as that reader does: `log.entries[3], line 120, column 9: …`.

use serde_json::Value;

use crate::har::{self, Entry, HarError};

/// One entry, or the creator, larger than this is no HTTP exchange a browser recorded: the
/// page would run out of memory holding it.
const MAX_VALUE: usize = 256 * 1024 * 1024;

/// UTF-8's byte-order mark, which a file may start with.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// What a container on the path from the root is, for the parts this reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Log,
    Entries,
    Other,
}

/// The keys this looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Log,
    Entries,
    Creator,
    Other,
}

/// What a container waits for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// An object's key, or its end.
    Key,
    /// The `:` after a key.
    Colon,
    /// A value (or, in an array, its end).
    Value,
    /// A `,` or the container's end; the rest of a number or literal.
    Next,
}

#[derive(Debug)]
struct Container {
    object: bool,
    role: Role,
    expect: Expect,
    /// The last key read, in an object.
    key: Key,
}

/// A value being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Entry,
    Creator,
}

/// A HAR file read chunk by chunk.
pub(crate) struct Chunks {
    stack: Vec<Container>,
    in_string: bool,
    escaped: bool,
    /// The start of the key being read: enough to know `log`, `entries`, `creator`.
    key_bytes: Vec<u8>,
    /// The value being collected, the depth of its container, and where it starts.
    capture: Option<Capture>,
    capture_depth: usize,
    capture_line: usize,
    capture_column: usize,
    captured: Vec<u8>,
    line: usize,
    column: usize,
    started: bool,
    done: bool,
    entries_seen: bool,
    creator: Option<String>,
    entries: usize,
    bytes: usize,
}

impl Default for Chunks {
    fn default() -> Self {
        Self::new()
    }
}

impl Chunks {
    /// A file about to be read.
    pub(crate) fn new() -> Self {
        Chunks {
            stack: Vec::new(),
            in_string: false,
            escaped: false,
            key_bytes: Vec::new(),
            capture: None,
            capture_depth: 0,
            capture_line: 0,
            capture_column: 0,
            captured: Vec::new(),
            line: 1,
            column: 0,
            started: false,
            done: false,
            entries_seen: false,
            creator: None,
            entries: 0,
            bytes: 0,
        }
    }

    /// Reads the file's next `chunk`; calls `each` with every entry completed in it, with its
    /// JSON value and the file's creator.
    pub(crate) fn push(
        &mut self,
        chunk: &[u8],
        each: &mut dyn FnMut(Entry, Value, Option<&str>),
    ) -> Result<(), HarError> {
        for &b in chunk {
            let position = self.bytes;
            self.bytes += 1;
            // Fiddler writes a byte-order mark, which may come in more than one chunk.
            if BYTE_ORDER_MARK.get(position) == Some(&b) {
                continue;
            }
            self.byte(b, each)?;
        }
        Ok(())
    }

    /// The file has ended: it must have ended where a HAR file ends. The number of entries.
    pub(crate) fn finish(self) -> Result<usize, HarError> {
        if !self.started {
            return Err(HarError {
                at: "line 1".into(),
                problem: "the file is empty".into(),
            });
        }
        if !self.done {
            return Err(self.error("the file ends here (truncated?)"));
        }
        if !self.entries_seen {
            return Err(HarError {
                at: "log.entries".into(),
                problem: "missing: this is JSON but not a HAR file".into(),
            });
        }
        Ok(self.entries)
    }

    /// An error at the byte being read.
    fn error(&self, problem: impl Into<String>) -> HarError {
        self.error_at(self.line, self.column, problem)
    }

    fn error_at(&self, line: usize, column: usize, problem: impl Into<String>) -> HarError {
        let place = format!("line {line}, column {column}");
        HarError {
            at: match self.capture {
                Some(Capture::Entry) => format!("log.entries[{}], {place}", self.entries),
                Some(Capture::Creator) => format!("log.creator, {place}"),
                None => place,
            },
            problem: problem.into(),
        }
    }

    fn byte(
        &mut self,
        b: u8,
        each: &mut dyn FnMut(Entry, Value, Option<&str>),
    ) -> Result<(), HarError> {
        if b == b'\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        if self.in_string {
            self.keep(b)?;
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                self.string_ended();
            } else if self.reading_key() && self.key_bytes.len() <= 8 {
                self.key_bytes.push(b);
            }
            return Ok(());
        }
        if b.is_ascii_whitespace() {
            return self.keep(b);
        }
        if self.done {
            return Err(self.error("more after the end of the HAR object"));
        }
        if !self.started {
            if b != b'{' {
                return Err(self.error("not JSON: a HAR file starts with {"));
            }
            self.started = true;
            self.stack.push(Container {
                object: true,
                role: Role::Root,
                expect: Expect::Key,
                key: Key::Other,
            });
            return Ok(());
        }
        // A delimiter of the container the collected value sits in ends the value.
        if self.capture.is_some()
            && self.stack.len() == self.capture_depth
            && matches!(b, b',' | b']' | b'}')
        {
            self.end_capture(each)?;
        }
        let capturing = self.capture.is_some();
        if capturing {
            self.keep(b)?;
        }
        let Some(top) = self.stack.last_mut() else {
            return Err(self.error("more after the end of the HAR object"));
        };
        match (b, top.expect) {
            (b'"', Expect::Key) if top.object => {
                self.key_bytes.clear();
                self.in_string = true;
            }
            (b'}', Expect::Key | Expect::Next) if top.object => {
                self.stack.pop();
                self.done = self.stack.is_empty();
            }
            (b']', Expect::Value | Expect::Next) if !top.object => {
                self.stack.pop();
            }
            (b':', Expect::Colon) => top.expect = Expect::Value,
            (b',', Expect::Next) => {
                top.expect = if top.object {
                    Expect::Key
                } else {
                    Expect::Value
                };
            }
            (_, Expect::Value) => self.value_starts(b, capturing)?,
            (_, Expect::Next) if b.is_ascii_alphanumeric() || b"+-.".contains(&b) => {}
            _ => return Err(self.error(format!("invalid JSON: unexpected {:?}", char::from(b)))),
        }
        Ok(())
    }

    /// Keeps `b` in the value being collected, if one is.
    fn keep(&mut self, b: u8) -> Result<(), HarError> {
        if self.capture.is_some() {
            if self.captured.len() >= MAX_VALUE {
                return Err(self.error("an entry larger than 256 MB"));
            }
            self.captured.push(b);
        }
        Ok(())
    }

    /// Whether the string being read is an object's key.
    fn reading_key(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|c| c.object && c.expect == Expect::Key)
    }

    fn string_ended(&mut self) {
        let key = match self.key_bytes.as_slice() {
            b"log" => Key::Log,
            b"entries" => Key::Entries,
            b"creator" => Key::Creator,
            _ => Key::Other,
        };
        if let Some(top) = self.stack.last_mut()
            && top.object
            && top.expect == Expect::Key
        {
            top.key = key;
            top.expect = Expect::Colon;
        }
    }

    /// The first byte of a value in the container on top; `kept` when it is collected already.
    fn value_starts(&mut self, b: u8, kept: bool) -> Result<(), HarError> {
        let depth = self.stack.len();
        let Some(parent) = self.stack.last_mut() else {
            return Err(self.error("more after the end of the HAR object"));
        };
        parent.expect = Expect::Next;
        let (parent_role, key, in_object) = (parent.role, parent.key, parent.object);
        let role = match (parent_role, key, in_object) {
            (Role::Root, Key::Log, true) => Role::Log,
            (Role::Log, Key::Entries, true) => Role::Entries,
            _ => Role::Other,
        };
        if !kept {
            let capture = match (parent_role, key) {
                (Role::Entries, _) => Some(Capture::Entry),
                (Role::Log, Key::Creator) if in_object => Some(Capture::Creator),
                _ => None,
            };
            if capture.is_some() {
                self.capture = capture;
                self.capture_depth = depth;
                self.capture_line = self.line;
                self.capture_column = self.column;
                self.captured.clear();
                self.keep(b)?;
            }
        }
        match (role, b) {
            (Role::Log, b'{') | (Role::Entries, b'[') | (Role::Other, _) => {}
            (Role::Log, _) => return Err(self.error("log: expected an object")),
            _ => return Err(self.error("log.entries: expected an array")),
        }
        if role == Role::Entries {
            self.entries_seen = true;
        }
        match b {
            b'{' | b'[' => self.stack.push(Container {
                object: b == b'{',
                role,
                expect: if b == b'{' {
                    Expect::Key
                } else {
                    Expect::Value
                },
                key: Key::Other,
            }),
            b'"' => self.in_string = true,
            _ if b.is_ascii_alphanumeric() || b == b'-' => {}
            _ => return Err(self.error(format!("invalid JSON: unexpected {:?}", char::from(b)))),
        }
        Ok(())
    }

    /// The collected value is whole: the creator is read, an entry handed on.
    fn end_capture(
        &mut self,
        each: &mut dyn FnMut(Entry, Value, Option<&str>),
    ) -> Result<(), HarError> {
        let bytes = std::mem::take(&mut self.captured);
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            // serde_json counts from the value's first byte.
            let line = self.capture_line + e.line().saturating_sub(1);
            let column = match e.line() {
                1 => self.capture_column + e.column().saturating_sub(1),
                _ => e.column(),
            };
            let message = e.to_string();
            let bare = message
                .rsplit_once(" at line ")
                .map_or(&*message, |(m, _)| m);
            self.error_at(line, column, format!("invalid JSON: {bare}"))
        })?;
        match self.capture.take() {
            Some(Capture::Creator) => {
                self.creator = value.get("name").and_then(Value::as_str).map(str::to_owned);
            }
            Some(Capture::Entry) => {
                let entry = har::entry(self.entries, &value, self.creator.as_deref())?;
                self.entries += 1;
                each(entry, value, self.creator.as_deref());
            }
            None => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-12-07T10:00:00Z","time":1,"request":{{"method":"GET","url":"{url}","headers":[]}},"response":{{"status":401,"headers":[{{"name":"WWW-Authenticate","value":"Basic realm=\"a]b}},c\""}}],"content":{{"size":0}}}}}}"#
        )
    }

    fn file(entries: &[String]) -> String {
        format!(
            "\u{feff}{{\n \"log\": {{\n  \"version\": \"1.2\",\n  \"creator\": {{ \"name\": \"WebInspector\", \"version\": \"537.36\" }},\n  \"pages\": [{{\"id\":\"page_1\",\"entries\":[1]}}],\n  \"entries\": [\n{}\n  ]\n }}\n}}\n",
            entries.join(",\n")
        )
    }

    /// Reads `text` in chunks of `size` bytes: the URLs of its entries, or the error.
    fn read(text: &str, size: usize) -> Result<(Vec<String>, Option<String>), HarError> {
        let mut chunks = Chunks::new();
        let mut urls = Vec::new();
        let mut creator = None;
        for chunk in text.as_bytes().chunks(size) {
            chunks.push(chunk, &mut |e, v, c| {
                assert_eq!(v["request"]["url"], e.hop.event.url.as_str());
                urls.push(e.hop.event.url);
                creator = c.map(str::to_owned);
            })?;
        }
        assert_eq!(chunks.finish()?, urls.len());
        Ok((urls, creator))
    }

    #[test]
    fn entries_come_whole_whatever_the_chunks() {
        let text = file(&[
            entry("https://a.example/1"),
            entry("https://a.example/2?x=[}"),
        ]);
        for size in [1, 2, 3, 7, 64, text.len()] {
            let (urls, creator) = read(&text, size).unwrap();
            assert_eq!(
                urls,
                ["https://a.example/1", "https://a.example/2?x=[}"],
                "chunks of {size}"
            );
            assert_eq!(creator.as_deref(), Some("WebInspector"));
        }
        assert_eq!(read(&file(&[]), 5).unwrap(), (Vec::<String>::new(), None));
    }

    /// Every HAR file the command line's tests read (Chrome, Firefox, Safari, Charles, HTTP
    /// Toolkit), read in chunks: the same entries as the reader of a whole file gives.
    #[test]
    fn every_dialect_reads_as_the_whole_file_reader_reads_it() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cli/har");
        let mut files = 0;
        let paths = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
        for path in paths.filter(|p| p.extension().is_some_and(|e| e == "har")) {
            let text = std::fs::read(&path).unwrap();
            let mut whole = Vec::new();
            har::read(text.as_slice(), &mut |e, _| whole.push(e)).unwrap();
            for size in [1, 1000, text.len()] {
                let mut chunked = Vec::new();
                let mut chunks = Chunks::new();
                for chunk in text.chunks(size) {
                    chunks.push(chunk, &mut |e, _, _| chunked.push(e)).unwrap();
                }
                chunks.finish().unwrap();
                assert_eq!(chunked, whole, "{} in chunks of {size}", path.display());
            }
            files += 1;
        }
        assert!(files >= 6, "{files} files");
    }

    #[test]
    fn broken_files_say_where() {
        let good = file(&[entry("https://a.example/1"), entry("https://a.example/2")]);
        let cut = &good[..good.find("a.example/2").unwrap()];
        let cases: Vec<(String, &str)> = vec![
            (
                cut.to_owned(),
                "log.entries[1], line 8, column 92: the file ends here",
            ),
            (String::new(), "line 1: the file is empty"),
            ("<html>".into(), "line 1, column 1: not JSON"),
            (
                r#"{"log":{"version":"1.2"}}"#.into(),
                "log.entries: missing",
            ),
            (r#"{"log":[]}"#.into(), "log: expected an object"),
            (
                r#"{"log":{"entries":{}}}"#.into(),
                "log.entries: expected an array",
            ),
            (
                good.replace("\"time\":1,", "\"time\":1,,"),
                "log.entries[0], line 7, column 52: invalid JSON",
            ),
            (
                good.replace("\"method\":\"GET\",", ""),
                "log.entries[0].request.method: missing",
            ),
            (format!("{good} x"), "more after the end"),
        ];
        for (text, want) in cases {
            let err = read(&text, 16).unwrap_err().to_string();
            assert!(err.contains(want), "{want:?} not in {err:?}");
        }
    }
}
