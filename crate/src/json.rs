//! JSON text from the boundary's output types (a [`crate::Diagnosis`]), for the wasm build to
//! hand to `JSON.parse`: far less code than building JS objects one call at a time
//! (serde-wasm-bindgen) or than serde_json, whose float printing alone is larger than this.
//!
//! The text is serde_json's, byte for byte, for every value the output types hold (tested
//! below), with one limit: a float must be a whole number of hundredths (a confidence is
//! rounded to two decimals), or serialising fails; so do maps, tuples and enum variants with
//! data, which the output types do not have.
// Never panic on any input (architecture rule): no indexing, unwrap or panic outside tests.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::fmt::Display;

use serde::ser::{self, Serialize};

/// `value` as JSON text.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Json(String::with_capacity(1024));
    value.serialize(&mut out)?;
    Ok(out.0)
}

/// Why a value has no JSON text here.
#[derive(Debug)]
pub(crate) struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("no JSON text for {what}")))
}

struct Json(String);

impl Json {
    /// Digits of `n`, by hand: `{}` would bring in the formatting machinery's padding.
    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            if let Some(d) = digits.get_mut(start) {
                // `n % 10 < 10`: the cast is exact.
                #[allow(clippy::cast_possible_truncation)]
                let digit = (n % 10) as u8;
                *d = b'0' + digit;
            }
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in digits.get(start..).unwrap_or_default() {
            self.0.push(char::from(d));
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.0.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// serde_json's string escapes (RFC 8259 §7): `"`, `\` and the control characters.
    fn string(&mut self, s: &str) {
        self.0.push('"');
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                '\u{8}' => self.0.push_str("\\b"),
                '\u{c}' => self.0.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let c = c as usize;
                    self.0.push_str("\\u00");
                    for nibble in [c >> 4, c & 0xF] {
                        self.0.push(HEX.get(nibble).map_or('0', |&h| char::from(h)));
                    }
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }

    /// A whole number of hundredths as serde_json prints it: the shortest decimal that reads
    /// back as the same float (`0.85`, `0.5`, `1.0`).
    fn hundredths(&mut self, x: f64) -> Result<(), Error> {
        let scaled = (x * 100.0).round();
        if !(scaled.abs() < 9e15 && scaled / 100.0 == x) {
            return unsupported("a float that is not a whole number of hundredths");
        }
        // Whole and below 2^53: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let scaled = scaled as i64;
        if scaled < 0 {
            self.0.push('-');
        }
        let (units, cents) = (scaled.unsigned_abs() / 100, scaled.unsigned_abs() % 100);
        self.unsigned(units);
        self.0.push('.');
        match cents {
            _ if cents % 10 == 0 => self.unsigned(cents / 10),
            _ if cents < 10 => {
                self.0.push('0');
                self.unsigned(cents);
            }
            _ => self.unsigned(cents),
        }
        Ok(())
    }
}

/// Writes a list's or an object's elements with their separators.
struct Compound<'a> {
    json: &'a mut Json,
    first: bool,
}

impl Compound<'_> {
    fn separate(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.json.0.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(&mut *self.json)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        self.json.string(key);
        self.json.0.push(':');
        value.serialize(&mut *self.json)
    }

    fn close(self, end: &str) -> Result<(), Error> {
        self.json.0.push_str(end);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Json {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.hundredths(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("bytes")
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        unsupported("an enum variant with data")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        self.0.push('[');
        Ok(Compound {
            json: self,
            first: true,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        unsupported("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        unsupported("a tuple")
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("an enum variant with data")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        unsupported("a map")
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        self.0.push('{');
        Ok(Compound {
            json: self,
            first: true,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("an enum variant with data")
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close("]")
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close("}")
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::diagnosis::fixtures;

    /// Our text against serde_json's, byte for byte.
    fn same<T: Serialize + std::fmt::Debug>(value: &T) {
        assert_eq!(
            to_string(value).unwrap(),
            serde_json::to_string(value).unwrap(),
            "{value:?}"
        );
    }

    #[test]
    fn every_fixture_diagnosis_is_serde_json_text() {
        for (name, ..) in fixtures::cases() {
            let diagnosis = crate::diagnose(&fixtures::load(name)).unwrap();
            assert_eq!(
                to_string(&diagnosis).unwrap(),
                serde_json::to_string(&diagnosis).unwrap(),
                "{name}"
            );
        }
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        for s in [
            "",
            "plain",
            "q\"b\\s/",
            "\n\r\t\u{8}\u{c}",
            "\u{0}\u{1f}\u{7f}",
            "é—😀\u{2028}",
            "</script>",
        ] {
            same(&s);
        }
        same(&'"');
    }

    #[test]
    fn numbers_print_as_serde_json_does() {
        for x in [
            0.0, 1.0, 0.5, 0.85, 0.07, 0.1, 0.99, 0.2, 12.34, -0.45, 100.0, 1e10,
        ] {
            same(&x);
        }
        for n in [0u64, 7, 10, 401, u64::MAX] {
            same(&n);
        }
        for n in [i64::MIN, -1, 0, 42] {
            same(&n);
        }
        same(&vec![401u16, 3]);
        same(&vec![-2i8, 7]);
        same(&vec![-70_000i32, 4]);
        same(&vec![4_000_000_000u32]);
    }

    #[test]
    fn options_lists_and_structs_as_serde_json_does() {
        same(&vec![None, Some("x")]);
        same(&vec![vec![1u8, 2], Vec::new()]);
        same(&());
        same(&crate::parse_challenges(r#"Basic realm="a\"b", Negotiate YIIB=="#).unwrap());
        same(&crate::Audience::Owner);
    }

    #[test]
    fn what_the_output_types_do_not_have_is_refused() {
        for x in [0.123, f64::NAN, f64::INFINITY, 1e300, 1.0 / 3.0] {
            assert!(to_string(&x).is_err(), "{x}");
        }
        assert!(to_string(&(1, 2)).is_err());
        assert!(to_string(&std::collections::BTreeMap::from([("a", 1)])).is_err());
        assert!(
            to_string(&b"x".as_slice()).is_ok(),
            "a byte slice is a list of numbers"
        );
    }
}
