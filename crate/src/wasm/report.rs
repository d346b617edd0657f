//! The report a visitor copies for the site owner, built from a stored failure or failed
//! sign-in flow. A build of its own: the popup loads it only when a report is asked for
//! (scripts/build.mjs).

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::text::Text;
use crate::diagnosis::Diagnosis;
use crate::report::{FlowRecord, ReportContext, flow_report, report};

/// `reportOf(record, browser, t)`: the redacted Markdown report of one stored record: a failed
/// request (`{ url, method, type, time, diagnosis }`) or a failed sign-in flow
/// (`{ time, failure, timeline }`, told apart by its `failure`).
#[wasm_bindgen(js_name = reportOf)]
pub fn report_of(record: JsValue, browser: &str, t: &js_sys::Function) -> Result<String, JsError> {
    let text = Text(t);
    let text = |k: &str, a: &[String]| text.get(k, a);
    let is_flow =
        js_sys::Reflect::get(&record, &JsValue::from_str("failure")).is_ok_and(|f| f.is_object());
    if is_flow {
        let flow: FlowRecord = super::input::from_value(record)
            .map_err(|e| JsError::new(&format!("invalid flow record: {e}")))?;
        let flow = FlowRecord {
            browser: browser.into(),
            ..flow
        };
        return Ok(flow_report(&flow, &text));
    }
    #[derive(Deserialize)]
    struct Stored {
        diagnosis: Diagnosis,
    }
    let invalid = |e: String| JsError::new(&format!("invalid failure: {e}"));
    let context: ReportContext = super::input::from_value(record.clone()).map_err(invalid)?;
    let stored: Stored = super::input::from_value(record).map_err(invalid)?;
    let context = ReportContext {
        browser: browser.into(),
        ..context
    };
    Ok(report(&context, &stored.diagnosis, &text))
}
