//! Locale text for what the core writes in the user's language (the popup, the report, the
//! shell's notices): the extension's messages, looked up through the `t(key, args)` function
//! its page passes in (`chrome.i18n.getMessage`), a counted one in the form its count takes.

use wasm_bindgen::prelude::*;

use crate::plural::{self, RULES_KEY, Rules};

pub(super) struct Text<'a>(pub(super) &'a js_sys::Function);

impl Text<'_> {
    /// The message `key` with `args`; the key itself when there is no such message.
    pub(super) fn get(&self, key: &str, args: &[String]) -> String {
        let rules = || {
            self.lookup(RULES_KEY, &[])
                .and_then(|tag| Rules::of_language(&tag))
        };
        let key = plural::form(key, args, rules);
        self.lookup(&key, args).unwrap_or_else(|| key.into_owned())
    }

    fn lookup(&self, key: &str, args: &[String]) -> Option<String> {
        let list = js_sys::Array::new();
        for a in args {
            list.push(&JsValue::from_str(a));
        }
        self.0
            .call2(&JsValue::NULL, &JsValue::from_str(key), &list)
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    }
}

/// `message(key, args, t)`: the extension's message `key` with `args`, looked up through `t`,
/// a counted one in the form its count takes: the shell's notices ("Removed 3 cookies of
/// example.com") count by the core's rules too.
#[cfg(feature = "popup")]
#[wasm_bindgen]
pub fn message(key: &str, args: &js_sys::Array, t: &js_sys::Function) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.as_string().unwrap_or_default())
        .collect();
    Text(t).get(key, &args)
}
