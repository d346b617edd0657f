//! Reads the boundary's inputs (an event, stored failures) from JS values through the types'
//! own `Deserialize` impls. In place of serde-wasm-bindgen's deserializer for one reason, size:
//! its errors describe a wrong value with serde's `Unexpected`, whose float formatting alone
//! (`{}` on `f64`) took 20 KB of the module. Here a wrong value is described by its JS type.
// Never panic on any input (architecture rule): no indexing, unwrap or panic.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::fmt::Display;

use js_sys::{Array, Object};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor,
};
use wasm_bindgen::JsValue;

/// `value` as a `T`.
pub(super) fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Value(value))
}

/// What is wrong with the input, for an `Error` thrown to JS.
#[derive(Debug)]
pub(super) struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }

    #[inline(never)]
    fn invalid_type(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error(format!(
            "expected {expected}, got {}",
            described(&unexpected)
        ))
    }

    #[inline(never)]
    fn invalid_value(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error(format!(
            "expected {expected}, got {}",
            described(&unexpected)
        ))
    }
}

/// What serde did not expect, as in [`mismatch`]; integers are shown, being cheap to format
/// (a status code out of range, say).
fn described(unexpected: &Unexpected) -> String {
    match *unexpected {
        Unexpected::Unsigned(n) => n.to_string(),
        Unexpected::Signed(n) => n.to_string(),
        Unexpected::Float(_) => "a number with a fraction".into(),
        Unexpected::Bool(_) => "a boolean".into(),
        Unexpected::Str(_) => "a string".into(),
        Unexpected::Unit => "null".into(),
        _ => "another kind of value".into(),
    }
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// What a JS value is. Worked out out of line, once, so that each `Deserialize` impl, of which
/// the compiler makes a copy per visitor, holds only the call for the shape it expects.
enum Js {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    String(String),
    Array(Array),
    Object(JsValue),
    Other,
}

#[inline(never)]
fn classify(value: JsValue) -> Js {
    if value.is_null() || value.is_undefined() {
        Js::Null
    } else if let Some(b) = value.as_bool() {
        Js::Bool(b)
    } else if let Some(n) = value.as_f64() {
        // Whole numbers as integers, so that integer fields (a status code) take them. The
        // casts are exact: the value is whole and within ±2^53.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        match n {
            _ if n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER => Js::Float(n),
            _ if n >= 0.0 => Js::Unsigned(n as u64),
            _ => Js::Signed(n as i64),
        }
    } else if let Some(s) = value.as_string() {
        Js::String(s)
    } else if Array::is_array(&value) {
        Js::Array(value.into())
    } else if value.is_object() {
        Js::Object(value)
    } else {
        Js::Other
    }
}

/// "expected u16, got a string": the error for a value of the wrong shape.
#[inline(never)]
fn mismatch(found: &Js, expected: &dyn Expected) -> Error {
    let found = match found {
        Js::Null => "null".to_string(),
        Js::Bool(_) => "a boolean".into(),
        Js::Unsigned(n) => n.to_string(),
        Js::Signed(n) => n.to_string(),
        Js::Float(_) => "a number with a fraction".into(),
        Js::String(_) => "a string".into(),
        Js::Array(_) => "an array".into(),
        Js::Object(_) => "an object".into(),
        Js::Other => "a symbol, bigint or function".into(),
    };
    Error(format!("expected {expected}, got {found}"))
}

fn elements(array: Array) -> Elements {
    Elements {
        len: array.length(),
        array,
        next: 0,
    }
}

fn entries(object: JsValue) -> Entries {
    let entries = Object::entries(&Object::from(object));
    Entries {
        len: entries.length(),
        entries,
        next: 0,
        value: None,
    }
}

/// Deserializer methods that take their values the way another one does.
macro_rules! forward {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$to(visitor)
        }
    )*};
}

struct Value(JsValue);

/// Each shape goes to the one `visit_` method it needs (`deserialize_any` only where the type
/// takes anything), which keeps the copies per visitor small.
impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Null => visitor.visit_unit(),
            Js::Bool(b) => visitor.visit_bool(b),
            Js::Unsigned(n) => visitor.visit_u64(n),
            Js::Signed(n) => visitor.visit_i64(n),
            Js::Float(n) => visitor.visit_f64(n),
            Js::String(s) => visitor.visit_string(s),
            Js::Array(a) => visitor.visit_seq(elements(a)),
            Js::Object(o) => visitor.visit_map(entries(o)),
            found @ Js::Other => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Bool(b) => visitor.visit_bool(b),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Unsigned(n) => visitor.visit_u64(n),
            Js::Signed(n) => visitor.visit_i64(n),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Unsigned(n) => visitor.visit_u64(n),
            Js::Signed(n) => visitor.visit_i64(n),
            Js::Float(n) => visitor.visit_f64(n),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::String(s) => visitor.visit_string(s),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Array(a) => visitor.visit_seq(elements(a)),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::Object(o) => visitor.visit_map(entries(o)),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// Unit variants only (`"owner"`), the one kind of enum the boundary's types have.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match classify(self.0) {
            Js::String(s) => visitor.visit_enum(s.into_deserializer()),
            found => Err(mismatch(&found, &visitor)),
        }
    }

    /// An unknown property (webRequest's `requestId`, `frameId`, ...) is not looked into.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct
    }
    forward! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 }
    forward! { deserialize_f64: deserialize_f32 }
    forward! { deserialize_string: deserialize_str deserialize_identifier }
}

/// An array's elements in order.
struct Elements {
    array: Array,
    len: u32,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Elements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next == self.len {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Value(self.array.get(self.next - 1)))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        usize::try_from(self.len - self.next).ok()
    }
}

/// An object's own enumerable properties (`Object.entries`), in property order.
struct Entries {
    entries: Array,
    len: u32,
    next: u32,
    /// The value of the key just read.
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next == self.len {
            return Ok(None);
        }
        let entry = Array::from(&self.entries.get(self.next));
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Value(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Value(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}
