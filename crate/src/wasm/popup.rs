//! Renders the popup from the stored page (its failed sign-in flows and failed requests), as
//! DOM text nodes only (never HTML strings), so that attacker-controlled realms, descriptions
//! and URLs stay inert.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::text::Text;
use super::view::{
    add, all_fixes, alternatives, cause, cause_body, challenges, gap, raw_challenges, steps, value,
};
use crate::diagnosis::{Diagnosis, FlowFailure, Step};

/// One failure as the background stored it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Failure {
    url: String,
    #[serde(default)]
    method: String,
    #[serde(default, rename = "type")]
    resource_type: String,
    #[serde(default)]
    status_code: u16,
    /// The raw challenge header values, shown when the core could not diagnose.
    #[serde(default)]
    challenges: Vec<String>,
    #[serde(default)]
    diagnosis: Option<Diagnosis>,
}

/// A failed sign-in flow as the background stored it (`id` and `time` are not shown).
#[derive(Deserialize)]
struct StoredFlow {
    failure: FlowFailure,
    /// Every hop, redacted; `failure.hops` are indices into it.
    #[serde(default)]
    timeline: Vec<Step>,
}

/// `https://a.example:8443/x?y` → `https://a.example:8443`.
fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    url[start..]
        .find('/')
        .map_or(url, |end| &url[..start + end])
}

/// Documents first (what the visitor looks at), then requests grouped by origin.
fn grouped(failures: &[Failure]) -> Vec<(Option<&str>, Vec<&Failure>)> {
    let is_document = |f: &Failure| f.resource_type == "main_frame";
    let mut groups: Vec<(Option<&str>, Vec<&Failure>)> = Vec::new();
    let documents: Vec<&Failure> = failures.iter().filter(|f| is_document(f)).collect();
    if !documents.is_empty() {
        groups.push((None, documents));
    }
    for f in failures.iter().filter(|f| !is_document(f)) {
        let o = origin(&f.url);
        match groups.iter_mut().find(|(g, _)| *g == Some(o)) {
            Some((_, list)) => list.push(f),
            None => groups.push((Some(o), vec![f])),
        }
    }
    groups
}

/// `renderPopup(root, page, t)`: replaces `root`'s content with the page of the tab's log,
/// `{ failures, flows }`: its failed sign-in flows first, then its failed requests. An entry
/// that cannot be read is reported in its place; the others still render.
#[wasm_bindgen(js_name = renderPopup)]
pub fn render_popup(root: &Element, page: JsValue, t: &js_sys::Function) -> Result<(), JsError> {
    let text = Text(t);
    let mut unreadable = 0usize;
    let failures = entries::<Failure>(&page, "failures", &mut unreadable)?;
    let flows = entries::<StoredFlow>(&page, "flows", &mut unreadable)?;
    render(root, &failures, &flows, unreadable, &text).map_err(|e| JsError::new(&format!("{e:?}")))
}

/// The readable entries of the list `page[name]` (none when it is absent); each one that cannot
/// be read is counted and logged instead.
fn entries<T: DeserializeOwned>(
    page: &JsValue,
    name: &str,
    unreadable: &mut usize,
) -> Result<Vec<T>, JsError> {
    let list = js_sys::Reflect::get(page, &JsValue::from_str(name))
        .map_err(|_| JsError::new("renderPopup: expected the page, { failures, flows }"))?;
    if list.is_undefined() || list.is_null() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(&list) {
        return Err(JsError::new(&format!(
            "renderPopup: page.{name} is not an array"
        )));
    }
    let mut read = Vec::new();
    for item in js_sys::Array::from(&list).iter() {
        match super::input::from_value::<T>(item) {
            Ok(entry) => read.push(entry),
            Err(e) => {
                *unreadable += 1;
                web_sys::console::warn_2(
                    &"AuthLens: a stored entry could not be shown:".into(),
                    &e.into(),
                );
            }
        }
    }
    Ok(read)
}

fn render(
    root: &Element,
    failures: &[Failure],
    flows: &[StoredFlow],
    unreadable: usize,
    text: &Text,
) -> Result<(), JsValue> {
    root.set_text_content(None);
    if failures.is_empty() && flows.is_empty() && unreadable == 0 {
        add(
            root,
            "p",
            "empty",
            Some(&text.get("popup_no_failures", &[])),
        )?;
        return Ok(());
    }
    let groups = grouped(failures);
    // A failed sign-in leads: the requests that failed after it are mostly its consequence.
    let why = match flows.first() {
        Some(flow) => Some(text.of("why", flow.failure.cause.as_str())),
        None => groups.first().and_then(|(_, list)| list.first()).map(|f| {
            f.diagnosis.as_ref().map_or_else(
                || text.get("popup_core_failed", &[]),
                |d| text.of("why", d.cause.id.as_str()),
            )
        }),
    };
    if let Some(why) = why {
        add(root, "p", "headline", Some(&why))?;
    }
    let total = failures.len() + flows.len();
    if total > 1 {
        add(
            root,
            "p",
            "count",
            Some(&text.get("popup_count", &[total.to_string()])),
        )?;
    }
    if !flows.is_empty() {
        let section = add(root, "section", "group sign-in", None)?;
        add(
            &section,
            "h2",
            "group-title",
            Some(&text.get("popup_group_sign_in", &[])),
        )?;
        for (i, f) in flows.iter().enumerate() {
            flow(&section, i, f, text)?;
        }
    }
    // With a sign-in above, the failed requests stay closed until asked for.
    let mut open = flows.is_empty();
    for (group, list) in &groups {
        let section = add(root, "section", "group", None)?;
        let title = match group {
            None => text.get("popup_group_page", &[]),
            Some(o) => text.get("popup_group_origin", &[(*o).to_string()]),
        };
        add(&section, "h2", "group-title", Some(&title))?;
        for f in list {
            failure(&section, f, open, text)?;
            open = false;
        }
    }
    if unreadable > 0 {
        add(
            root,
            "p",
            "unreadable",
            Some(&text.get("popup_unreadable", &[unreadable.to_string()])),
        )?;
    }
    Ok(())
}

/// One failed sign-in: the cause and its evidence, where in the flow it broke, what else it
/// could be, and the fixes. `data-flow` is its place in the page's flows, for the actions.
fn flow(parent: &Element, index: usize, stored: &StoredFlow, text: &Text) -> Result<(), JsValue> {
    let f = &stored.failure;
    let section = add(parent, "section", "flow", None)?;
    section.set_attribute("data-cause", f.cause.as_str())?;
    section.set_attribute("data-flow", &index.to_string())?;
    cause_body(&section, f.cause, f.confidence, &f.evidence, text)?;
    steps(&section, &stored.timeline, &f.hops, true, text)?;
    alternatives(&section, &f.alternatives, false, text)?;
    all_fixes(&section, &f.fixes, true, text)
}

/// One failure as an expandable entry: the answer in its summary, the reasoning inside.
fn failure(parent: &Element, f: &Failure, open: bool, text: &Text) -> Result<(), JsValue> {
    let entry = add(parent, "details", "failure", None)?;
    if open {
        entry.set_attribute("open", "")?;
    }
    let summary = add(&entry, "summary", "", None)?;
    add(&summary, "span", "status", Some(&f.status_code.to_string()))?;
    gap(&summary, " ")?;
    // The cause's short title: the headline above already says "why" in a sentence.
    let title = f.diagnosis.as_ref().map_or_else(
        || text.get("popup_core_failed", &[]),
        |d| text.of("cause", d.cause.id.as_str()),
    );
    add(&summary, "span", "title", Some(&title))?;
    value(&entry, "url", &f.url, text)?;
    match &f.diagnosis {
        Some(d) => diagnosis(&entry, f, d, text)?,
        None => {
            for c in &f.challenges {
                gap(&entry, " ")?;
                value(&entry, "raw", c, text)?;
            }
        }
    }
    Ok(())
}

fn diagnosis(entry: &Element, f: &Failure, d: &Diagnosis, text: &Text) -> Result<(), JsValue> {
    challenges(entry, &d.challenges, text)?;
    cause(entry, "cause", &d.cause, text)?;
    alternatives(entry, &d.alternatives, false, text)?;
    all_fixes(entry, &d.fixes, true, text)?;

    let developer = add(entry, "details", "developer", None)?;
    add(
        &developer,
        "summary",
        "",
        Some(&text.get("popup_developer", &[])),
    )?;
    let facts = add(&developer, "dl", "request", None)?;
    for (label, v) in [
        ("popup_method", f.method.as_str()),
        ("popup_type", f.resource_type.as_str()),
    ] {
        add(&facts, "dt", "", Some(&text.get(label, &[])))?;
        add(&facts, "dd", "", Some(v))?;
    }
    raw_challenges(&developer, &d.challenges, &d.findings, text)
}
