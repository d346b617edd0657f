//! The wasm half of `parseChallenges`, a boundary built for speed: building the result in Rust
//! (serde, or one JS call per property and string) costs more than the parse, and so does
//! every value wasm-bindgen passes by reference (measured: ~25 ns per crossing, as much as
//! parsing 60 bytes). So these are plain numeric exports, outside wasm-bindgen: JS writes the
//! field value as UTF-8 into [`challenge_input`], [`challenge_parse`] leaves the parser's flat
//! [`Offsets`] records (or an error message) at [`challenge_output`], and `authlens_core.js`
//! builds the objects by slicing the caller's own string.
// Never panic on any input (architecture rule): no indexing, unwrap or panic.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::cell::RefCell;

use crate::{Mode, Offsets, ParseError, parse_with};

/// Added to a parameter record's tag: the name has upper-case letters. Lower-casing in JS only
/// then is cheaper than always, and than asking JS to look.
const UPPER: u32 = 16;

/// Kept from call to call: allocating them costs more than parsing a typical header.
#[derive(Default)]
struct Buffers {
    input: Vec<u8>,
    records: Offsets,
    message: String,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

/// Room for at least `capacity` bytes of input; returns where it starts and keeps it for the
/// next calls. Any call that allocates may move it (JS asks again when a value does not fit).
#[unsafe(no_mangle)]
pub extern "C" fn challenge_input(capacity: usize) -> *mut u8 {
    BUFFERS.with_borrow_mut(|b| {
        if b.input.len() < capacity {
            b.input.resize(capacity, 0);
        }
        b.input.as_mut_ptr()
    })
}

/// Parses the first `len` input bytes, strictly (RFC 9110 §11): the number of record words at
/// [`challenge_output`] (ranges in UTF-16 string indices, names with upper-case letters
/// flagged [`UPPER`], except escaped values: unescaped in the input buffer, ranges in bytes);
/// or, for an invalid value, minus the byte length of the error message
/// there, which names the offset (a string index) and what was expected.
#[unsafe(no_mangle)]
pub extern "C" fn challenge_parse(len: usize) -> isize {
    BUFFERS.with_borrow_mut(
        |Buffers {
             input,
             records,
             message,
         }| {
            let text = input.get(..len).unwrap_or(input);
            records.0.clear();
            message.clear();
            let mut finish = Finish {
                text,
                byte: 0,
                unit: 0,
            };
            match parse_with(text, Mode::Strict, records) {
                Ok(()) => {
                    finish.records(&mut records.0);
                    unescape_values(input, &mut records.0);
                    isize::try_from(records.0.len()).unwrap_or(0)
                }
                Err(e) => {
                    *message = ParseError {
                        offset: finish.index(e.offset),
                        ..e
                    }
                    .to_string();
                    isize::try_from(message.len()).map_or(0, |n| -n)
                }
            }
        },
    )
}

/// Where [`challenge_parse`] left its records or message, until the next call.
#[unsafe(no_mangle)]
pub extern "C" fn challenge_output() -> *const u8 {
    BUFFERS.with_borrow(|b| {
        if b.message.is_empty() {
            b.records.0.as_ptr().cast()
        } else {
            b.message.as_ptr()
        }
    })
}

/// The last touches on the records for JS: [`UPPER`] flags, and UTF-16 string indices, the
/// unit of JS strings, for the UTF-8 byte offsets. Only non-ASCII text (a header's obs-text,
/// U+0080–U+00FF as webRequest gives it, or any other) differs.
struct Finish<'a> {
    text: &'a [u8],
    /// The last offset converted, and its index: offsets come in increasing order, so the
    /// whole conversion is one pass over the text.
    byte: usize,
    unit: usize,
}

impl Finish<'_> {
    fn index(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.unit) = (0, 0);
        }
        for &b in self.text.get(self.byte..byte).unwrap_or_default() {
            // A code point is one unit, two from U+10000 (a four-byte sequence, lead >= 0xF0);
            // continuation bytes (10xxxxxx) add nothing.
            self.unit += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
        }
        self.byte = byte;
        self.unit
    }

    fn records(&mut self, records: &mut [u32]) {
        let ascii = self.text.is_ascii();
        let mut i = 0;
        while let Some(&tag) = records.get(i) {
            let words = words(tag);
            if let (4, Some(&[_, start, end])) = (words, records.get(i..i + 3)) {
                let name = self
                    .text
                    .get(start as usize..end as usize)
                    .unwrap_or_default();
                if let (true, Some(tag)) =
                    (name.iter().any(u8::is_ascii_uppercase), records.get_mut(i))
                {
                    *tag += UPPER;
                }
            }
            // An escaped value stays in bytes: JS decodes it from the input buffer.
            let indices = if is_escaped(tag) { 2 } else { words };
            if !ascii {
                for word in records.iter_mut().skip(i + 1).take(indices) {
                    // Indices never exceed byte offsets, so they fit where the offsets did.
                    *word = u32::try_from(self.index(*word as usize)).unwrap_or(u32::MAX);
                }
            }
            i += 1 + words;
        }
    }
}

/// A challenge or token68 record has one range after its tag, a parameter two (Offsets docs).
fn words(tag: u32) -> usize {
    if tag == Offsets::CHALLENGE || tag == Offsets::TOKEN68 {
        2
    } else {
        4
    }
}

fn is_escaped(tag: u32) -> bool {
    words(tag) == 4 && tag & Offsets::ESCAPED != 0
}

/// Unescapes each escaped value where it lies in `input` (it only shrinks) and makes its range
/// the unescaped bytes'. In JS a regex replace took ten times the parse of a 64 KiB value.
fn unescape_values(input: &mut [u8], records: &mut [u32]) {
    let mut i = 0;
    while let Some(&tag) = records.get(i) {
        if let (true, Some([start, end])) = (is_escaped(tag), records.get_mut(i + 3..i + 5))
            && let Some(raw) = input.get_mut(*start as usize..*end as usize)
        {
            let plain = crate::unescape(raw);
            if let Some(head) = raw.get_mut(..plain.len()) {
                head.copy_from_slice(&plain);
            }
            *end = start.saturating_add(u32::try_from(plain.len()).unwrap_or(u32::MAX));
        }
        i += 1 + words(tag);
    }
}
