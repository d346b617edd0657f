//! The wasm boundary: thin, typed wrappers that JavaScript calls.

#[cfg(feature = "alloc-test")]
mod alloc_test;
#[cfg(feature = "parse")]
mod challenges;
#[cfg(feature = "har-page")]
mod har_page;
#[cfg(any(
    feature = "background",
    feature = "flow",
    feature = "popup",
    feature = "report"
))]
mod input;
#[cfg(feature = "inspector")]
mod inspector;
#[cfg(feature = "popup")]
mod popup;
#[cfg(feature = "report")]
mod report;
#[cfg(any(feature = "popup", feature = "report", feature = "inspector"))]
mod text;
#[cfg(any(feature = "popup", feature = "inspector"))]
mod view;

#[cfg(any(feature = "background", feature = "flow", feature = "popup"))]
use wasm_bindgen::prelude::*;

/// `diagnose(event)`: the diagnosis of one failed request, as plain JSON-compatible objects
/// (what storage and `JSON.stringify` keep).
#[cfg(feature = "background")]
#[wasm_bindgen]
pub fn diagnose(event: JsValue) -> Result<JsValue, JsError> {
    let event: crate::Event =
        input::from_value(event).map_err(|e| JsError::new(&format!("invalid event: {e}")))?;
    let diagnosis = crate::diagnose(&event).map_err(|e| JsError::new(&e.to_string()))?;
    // JSON text and one JSON.parse: much smaller than building the objects call by call.
    let json = serde_json::to_string(&diagnosis).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("diagnose: the diagnosis is not JSON"))
}

/// `diagnoseFlow(flow)`: the sign-in failures a tab's trail of hops shows (none for a healthy
/// sign-in), and its redacted timeline, as plain JSON-compatible objects.
#[cfg(feature = "flow")]
#[wasm_bindgen(js_name = diagnoseFlow)]
pub fn diagnose_flow(flow: JsValue) -> Result<JsValue, JsError> {
    let flow: crate::Flow =
        input::from_value(flow).map_err(|e| JsError::new(&format!("invalid flow: {e}")))?;
    let diagnosis = crate::diagnose_flow(&flow)
        .map_err(|e| JsError::new(&format!("invalid flow: {}", e.problem)))?;
    let json = serde_json::to_string(&diagnosis).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("diagnoseFlow: the diagnosis is not JSON"))
}

/// `registrableDomain(host)`: the site `host` belongs to, whose cookies "clear cookies for
/// this site" removes (`a.b.example.co.uk` → `example.co.uk`).
#[cfg(feature = "popup")]
#[wasm_bindgen(js_name = registrableDomain)]
pub fn registrable_domain(host: &str) -> String {
    crate::url::registrable_domain(host).to_string()
}
