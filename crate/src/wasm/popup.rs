//! Renders the popup from the stored page (its failed sign-in flows and failed requests), as
//! DOM text nodes only (never HTML strings), so that attacker-controlled realms, descriptions
//! and URLs stay inert.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::text::Text;
use crate::diagnosis::{
    Audience, Cause, CauseId, Diagnosis, Evidence, Fix, FlowFailure, Frame, Step, StepKind,
};
use crate::scheme::lookup_scheme;
use crate::timeline;

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

impl Text<'_> {
    /// The text of an id: `of("cause", "credentials-missing")`.
    fn of(&self, kind: &str, id: &str) -> String {
        self.get(&key(kind, id), &[])
    }
}

/// Locale keys allow only `[A-Za-z0-9_]`: `credentials-missing` → `cause_credentials_missing`.
fn key(kind: &str, id: &str) -> String {
    format!("{kind}_{}", id.replace('-', "_"))
}

/// Appends text between two elements that read as one phrase ("401 Missing credentials"), or
/// two lines that only the style puts apart: styling alone would run their words together
/// ("401Missing credentials") for screen readers and in copied text.
fn gap(parent: &Element, text: &str) -> Result<(), JsValue> {
    let doc: Document = parent
        .owner_document()
        .ok_or("parent is not in a document")?;
    parent.append_child(&doc.create_text_node(text))?;
    Ok(())
}

/// Appends a new `tag` element to `parent`, with a class and text content.
fn add(parent: &Element, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let doc: Document = parent
        .owner_document()
        .ok_or("parent is not in a document")?;
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

/// Values longer than this show their start, and the whole on demand: a 64 KiB realm must not
/// push everything else out of the popup.
const SHORT: usize = 120;

/// Appends `value` as text, cut to SHORT characters with a disclosure holding the whole.
fn value(parent: &Element, class: &str, value: &str, text: &Text) -> Result<Element, JsValue> {
    let Some((cut, _)) = value.char_indices().nth(SHORT) else {
        return add(parent, "span", class, Some(value));
    };
    let span = add(parent, "span", class, Some(&format!("{}…", &value[..cut])))?;
    gap(parent, " ")?;
    let whole = add(parent, "details", "whole", None)?;
    add(
        &whole,
        "summary",
        "",
        Some(&text.get("popup_show_all", &[value.chars().count().to_string()])),
    )?;
    add(&whole, "span", "whole-text", Some(value))?;
    Ok(span)
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

fn confidence_key(c: f64) -> &'static str {
    if c >= 0.8 {
        "popup_confidence_high"
    } else if c >= 0.5 {
        "popup_confidence_medium"
    } else {
        "popup_confidence_low"
    }
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
    steps(&section, &stored.timeline, &f.hops, text)?;
    alternatives(&section, &f.alternatives, text)?;
    fixes(&section, &f.fixes, Audience::Visitor, "popup_for_you", text)?;
    fixes(&section, &f.fixes, Audience::Owner, "popup_for_owner", text)?;
    Ok(())
}

/// The flow's compact timeline: one `li.step` per hop, numbered as the hops are, the ones the
/// failure names marked `broken`; runs of plain steps fold into one line that opens on demand.
fn steps(parent: &Element, all: &[Step], broken: &[usize], text: &Text) -> Result<(), JsValue> {
    if all.is_empty() {
        return Ok(());
    }
    add(
        parent,
        "h4",
        "timeline-title",
        Some(&text.get("popup_timeline", &[])),
    )?;
    let list = add(parent, "ol", "timeline", None)?;
    for part in timeline::parts(all, broken) {
        match part {
            timeline::Part::Step(i) => step(&list, i, &all[i], broken.contains(&i), text)?,
            timeline::Part::Fold(run) => {
                let fold = add(&list, "li", "fold", None)?;
                let more = add(&fold, "details", "", None)?;
                add(
                    &more,
                    "summary",
                    "",
                    Some(&text.get("popup_timeline_folded", &[run.len().to_string()])),
                )?;
                let inner = add(&more, "ol", "timeline", None)?;
                for j in run {
                    step(&inner, j, &all[j], false, text)?;
                }
            }
        }
    }
    Ok(())
}

/// One hop: "idp.example/authorize — GET 302, sign-in request to the sign-in service".
fn step(list: &Element, index: usize, s: &Step, broken: bool, text: &Text) -> Result<(), JsValue> {
    let item = add(
        list,
        "li",
        if broken { "step broken" } else { "step" },
        None,
    )?;
    // Its number is its hop's, whatever folds came before it.
    item.set_attribute("value", &(index + 1).to_string())?;
    item.set_attribute("data-kind", kind_name(s.kind))?;
    item.set_attribute("data-frame", frame_name(s.frame))?;
    value(&item, "place", timeline::place(&s.url), text)?;
    gap(&item, " — ")?;
    let exchange = match s.status {
        0 => s.method.clone(),
        status => format!("{} {status}", s.method),
    };
    add(&item, "span", "exchange", Some(&exchange))?;
    gap(&item, ", ")?;
    let words = timeline::words(s, &|key| text.get(key, &[]));
    add(&item, "span", "kind", Some(&words))?;
    if broken {
        gap(&item, " ")?;
        add(
            &item,
            "span",
            "broken-mark",
            Some(&text.get("popup_step_broken", &[])),
        )?;
    }
    Ok(())
}

/// A step's kind as `data-kind` names it: its name on the wire.
fn kind_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Page => "page",
        StepKind::AuthorizationRequest => "authorization-request",
        StepKind::AuthorizationResponse => "authorization-response",
        StepKind::SamlRequest => "saml-request",
        StepKind::SamlResponse => "saml-response",
        StepKind::SignInPage => "sign-in-page",
        StepKind::SignInForm => "sign-in-form",
        StepKind::Logout => "logout",
    }
}

/// A step's frame as `data-frame` names it: its name on the wire.
fn frame_name(frame: Frame) -> &'static str {
    match frame {
        Frame::Top => "top",
        Frame::Frame => "frame",
        Frame::Script => "script",
    }
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
    let section = add(entry, "section", "challenges", None)?;
    if d.challenges.is_empty() {
        add(
            &section,
            "p",
            "no-challenge",
            Some(&text.get("popup_no_challenge", &[])),
        )?;
    }
    for c in &d.challenges {
        let row = add(&section, "div", "challenge", None)?;
        add(&row, "span", "scheme", Some(&c.scheme))?;
        let info = lookup_scheme(&c.scheme);
        if let Some(info) = info {
            gap(&row, " ")?;
            add(
                &row,
                "span",
                "meaning",
                Some(&text.get(&info.locale_key(), &[])),
            )?;
        }
        if let Some(realm) = c.realm() {
            gap(&row, " ")?;
            value(&row, "realm", realm, text)?;
        }
        let params = add(&row, "dl", "params", None)?;
        for p in c.params.iter().filter(|p| p.name != "realm") {
            add(&params, "dt", "", Some(&p.name))?;
            let dd = add(&params, "dd", "", None)?;
            value(&dd, "value", &p.value, text)?;
            if let Some(meaning) = info.and_then(|i| i.param(&p.name)).map(|pi| {
                text.get(
                    &info.map(|i| i.param_locale_key(pi)).unwrap_or_default(),
                    &[],
                )
            }) {
                gap(&dd, " ")?;
                add(&dd, "span", "meaning", Some(&meaning))?;
            }
        }
    }

    cause(entry, "cause", &d.cause, text)?;
    alternatives(entry, &d.alternatives, text)?;

    fixes(entry, &d.fixes, Audience::Visitor, "popup_for_you", text)?;
    fixes(entry, &d.fixes, Audience::Owner, "popup_for_owner", text)?;

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
    for c in &d.challenges {
        gap(&developer, " ")?;
        value(&developer, "raw", &challenge_line(c), text)?;
    }
    for finding in &d.findings {
        add(
            &developer,
            "p",
            "finding",
            Some(&text.get(&key("finding", finding.id.as_str()), &finding.args)),
        )?;
    }
    Ok(())
}

/// A parsed challenge written back as a header value (credentials already scrubbed).
fn challenge_line(c: &crate::Challenge) -> String {
    let mut line = c.scheme.clone();
    if let Some(t) = &c.token68 {
        line.push(' ');
        line.push_str(t);
    }
    for (i, p) in c.params.iter().enumerate() {
        line.push_str(if i == 0 { " " } else { ", " });
        line.push_str(&format!(
            "{}=\"{}\"",
            p.name,
            p.value.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    line
}

/// The other causes weighed, closed until asked for.
fn alternatives(parent: &Element, all: &[Cause], text: &Text) -> Result<(), JsValue> {
    if all.is_empty() {
        return Ok(());
    }
    let others = add(parent, "details", "alternatives", None)?;
    add(
        &others,
        "summary",
        "",
        Some(&text.get("popup_alternatives", &[])),
    )?;
    for alt in all {
        cause(&others, "alternative", alt, text)?;
    }
    Ok(())
}

fn cause(parent: &Element, class: &str, c: &Cause, text: &Text) -> Result<(), JsValue> {
    let section = add(parent, "section", class, None)?;
    section.set_attribute("data-cause", c.id.as_str())?;
    cause_body(&section, c.id, c.confidence, &c.evidence, text)
}

/// A cause's short title, how sure the core is, and the evidence.
fn cause_body(
    section: &Element,
    id: CauseId,
    confidence: f64,
    evidence: &[Evidence],
    text: &Text,
) -> Result<(), JsValue> {
    add(section, "h3", "", Some(&text.of("cause", id.as_str())))?;
    let percent = ((confidence * 100.0).round() as i64).to_string();
    add(
        section,
        "p",
        "confidence",
        Some(&text.get(confidence_key(confidence), &[percent])),
    )?;
    let list = add(section, "ul", "evidence", None)?;
    for e in evidence {
        let args = e.args_in_words(&|k| text.get(k, &[]));
        add(
            &list,
            "li",
            "",
            Some(&text.get(&key("evidence", e.id.as_str()), &args)),
        )?;
    }
    Ok(())
}

fn fixes(
    parent: &Element,
    all: &[Fix],
    audience: Audience,
    title: &str,
    text: &Text,
) -> Result<(), JsValue> {
    let mine: Vec<&Fix> = all.iter().filter(|f| f.audience == audience).collect();
    if mine.is_empty() {
        return Ok(());
    }
    let section = add(
        parent,
        "section",
        if audience == Audience::Visitor {
            "fixes visitor"
        } else {
            "fixes owner"
        },
        None,
    )?;
    add(&section, "h3", "", Some(&text.get(title, &[])))?;
    let list = add(&section, "ol", "", None)?;
    for f in mine {
        let item = add(&list, "li", "fix", None)?;
        item.set_attribute("data-fix", f.id.as_str())?;
        add(&item, "span", "", Some(&text.of("fix", f.id.as_str())))?;
        if let Some(action) = &f.action {
            gap(&item, " ")?;
            let button = add(
                &item,
                "button",
                "action",
                Some(&text.of("action", action.as_str())),
            )?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-action", action.as_str())?;
        }
    }
    Ok(())
}
