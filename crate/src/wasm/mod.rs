//! The wasm boundary: thin, typed wrappers that JavaScript calls.

mod challenges;
mod popup;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::event::Event;

/// JSON-compatible output: plain objects, never `Map`s (storage and `JSON.stringify` flatten
/// `Map`s to `{}`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `diagnose(event)`: the diagnosis of one failed request.
#[wasm_bindgen]
pub fn diagnose(event: JsValue) -> Result<JsValue, JsError> {
    let event: Event = serde_wasm_bindgen::from_value(event)
        .map_err(|e| JsError::new(&format!("invalid event: {e}")))?;
    let diagnosis = crate::diagnose(&event).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&diagnosis)
}


