//! Locale text for what the core writes in the user's language (the popup, the report): the
//! extension's messages, looked up through the `t(key, args)` function its page passes in.

use wasm_bindgen::prelude::*;

pub(super) struct Text<'a>(pub(super) &'a js_sys::Function);

impl Text<'_> {
    pub(super) fn get(&self, key: &str, args: &[String]) -> String {
        let list = js_sys::Array::new();
        for a in args {
            list.push(&JsValue::from_str(a));
        }
        self.0
            .call2(&JsValue::NULL, &JsValue::from_str(key), &list)
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| key.to_string())
    }
}
