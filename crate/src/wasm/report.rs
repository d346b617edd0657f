//! The report a visitor copies for the site owner, built from a stored failure. A build of its
//! own: the popup loads it only when a report is asked for (scripts/build.mjs).

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::text::Text;
use crate::diagnosis::Diagnosis;
use crate::report::{ReportContext, report};

/// `reportOf(failure, browser, t)`: the redacted Markdown report of one stored failure.
#[wasm_bindgen(js_name = reportOf)]
pub fn report_of(failure: JsValue, browser: &str, t: &js_sys::Function) -> Result<String, JsError> {
    #[derive(Deserialize)]
    struct Stored {
        diagnosis: Diagnosis,
    }
    let invalid = |e: super::de::Error| JsError::new(&format!("invalid failure: {e}"));
    let context: ReportContext = super::de::from_value(failure.clone()).map_err(invalid)?;
    let stored: Stored = super::de::from_value(failure).map_err(invalid)?;
    let context = ReportContext {
        browser: browser.into(),
        ..context
    };
    let text = Text(t);
    Ok(report(&context, &stored.diagnosis, &|k, a| text.get(k, a)))
}
