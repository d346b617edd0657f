//! Renders the popup from stored diagnoses, as DOM text nodes only (never HTML strings),
//! so that attacker-controlled realms and descriptions stay inert.

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::diagnosis::{Audience, Diagnosis};

/// One failure as the background stored it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Failure {
    url: String,
    diagnosis: Diagnosis,
}

/// Looks up locale text through the `t(key, args)` function the popup passes in.
struct Text<'a>(&'a js_sys::Function);

impl Text<'_> {
    fn get(&self, key: &str, args: &[String]) -> String {
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

/// Locale keys allow only `[A-Za-z0-9_]`: `credentials-missing` → `cause_credentials_missing`.
fn key(kind: &str, id: &str) -> String {
    format!("{kind}_{}", id.replace('-', "_"))
}

/// Appends a new `tag` element to `parent`, with a class and text content.
fn add(parent: &Element, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let doc: Document = parent.owner_document().ok_or("parent is not in a document")?;
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    parent.append_child(&e)?;
    Ok(e)
}

/// `renderPopup(root, failures, t)`: replaces `root`'s content with the latest failure.
#[wasm_bindgen(js_name = renderPopup)]
pub fn render_popup(root: &Element, failures: JsValue, t: &js_sys::Function) -> Result<(), JsError> {
    let failures: Vec<Failure> = super::de::from_value(failures)
        .map_err(|e| JsError::new(&format!("invalid failures: {e}")))?;
    let text = Text(t);
    render(root, &failures, &text).map_err(|e| JsError::new(&format!("{e:?}")))
}

fn render(root: &Element, failures: &[Failure], text: &Text) -> Result<(), JsValue> {
    root.set_text_content(None);
    let Some(latest) = failures.last() else {
        add(root, "p", "empty", Some(&text.get("popup_no_failures", &[])))?;
        return Ok(());
    };
    let d = &latest.diagnosis;
    let summary = add(root, "section", "summary", None)?;
    add(&summary, "h1", "why", Some(&text.get(&key("why", &d.cause.id), &[])))?;
    add(&summary, "p", "status", Some(&d.status.to_string()))?;
    add(&summary, "p", "url", Some(&latest.url))?;

    let challenges = add(root, "section", "challenges", None)?;
    for c in &d.challenges {
        let row = add(&challenges, "div", "challenge", None)?;
        add(&row, "span", "scheme", Some(&c.scheme))?;
        if let Some(realm) = c.realm() {
            add(&row, "span", "realm", Some(realm))?;
        }
    }

    let cause = add(root, "section", "cause", None)?;
    cause.set_attribute("data-cause", &d.cause.id)?;
    add(&cause, "h2", "", Some(&text.get(&key("cause", &d.cause.id), &[])))?;
    let evidence = add(&cause, "ul", "evidence", None)?;
    for e in &d.cause.evidence {
        add(&evidence, "li", "", Some(&text.get(&key("evidence", &e.id), &e.args)))?;
    }

    let fixes = add(root, "ol", "fixes", None)?;
    for f in &d.fixes {
        let item = add(&fixes, "li", "fix", None)?;
        item.set_attribute("data-fix", &f.id)?;
        item.set_attribute("data-audience", if f.audience == Audience::Visitor { "visitor" } else { "owner" })?;
        add(&item, "span", "", Some(&text.get(&key("fix", &f.id), &[])))?;
        if let Some(action) = &f.action {
            let button = add(&item, "button", "action", Some(&text.get(&key("action", action), &[])))?;
            button.set_attribute("data-action", action)?;
        }
    }
    Ok(())
}
