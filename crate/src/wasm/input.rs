//! Reads the boundary's inputs (an event, a flow, stored failures) from JS values with
//! serde-wasm-bindgen, through the types' own `Deserialize` impls, with errors a person can
//! read.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// `value` as a `T`, or what is wrong with it, worded for a person: serde-wasm-bindgen's
/// errors print as JS's `String(error)`, "Error: …", once more each time a field's name wraps
/// one (crate::event::named), and where a list or object is expected it asks a primitive (or
/// null) for its iterator, which throws a JS TypeError worded by the engine. Every input is an
/// object, so one that is not is refused here by its JS type.
pub(super) fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    if !value.is_object() {
        let found = if value.is_null() {
            "null".to_string()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        return Err(format!("expected an object, got {found}"));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let mut text = e.to_string().replace(": Error: ", ": ");
        if let Some(at) = text.find("TypeError: ") {
            text.replace_range(at.., "expected a list or an object");
        }
        match text.strip_prefix("Error: ") {
            Some(rest) => rest.to_string(),
            None => text,
        }
    })
}
