//! The pieces every page of the core builds its DOM from (the popup, the DevTools panel, the HAR
//! page): elements with text nodes only (never HTML strings), so that attacker-controlled
//! realms, descriptions and URLs stay inert, and the sections of a diagnosis as people read
//! them: the challenges, the cause and its evidence, the alternatives, the fixes, a flow's steps.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::text::Text;
use crate::challenge::{Challenge, Finding};
use crate::diagnosis::{Audience, Cause, CauseId, Evidence, Fix, Frame, Step, StepKind};
use crate::scheme::lookup_scheme;
use crate::timeline;

impl Text<'_> {
    /// The text of an id: `of("cause", "credentials-missing")`.
    pub(super) fn of(&self, kind: &str, id: &str) -> String {
        self.get(&key(kind, id), &[])
    }
}

/// Locale keys allow only `[A-Za-z0-9_]`: `credentials-missing` → `cause_credentials_missing`.
pub(super) fn key(kind: &str, id: &str) -> String {
    format!("{kind}_{}", id.replace('-', "_"))
}

/// Appends text between two elements that read as one phrase ("401 Missing credentials"), or
/// two lines that only the style puts apart: styling alone would run their words together
/// ("401Missing credentials") for screen readers and in copied text.
pub(super) fn gap(parent: &Element, text: &str) -> Result<(), JsValue> {
    let doc: Document = parent
        .owner_document()
        .ok_or("parent is not in a document")?;
    parent.append_child(&doc.create_text_node(text))?;
    Ok(())
}

/// Appends a new `tag` element to `parent`, with a class and text content.
pub(super) fn add(
    parent: &Element,
    tag: &str,
    class: &str,
    text: Option<&str>,
) -> Result<Element, JsValue> {
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
/// push everything else out of the page.
const SHORT: usize = 120;

/// Appends `value` as text, cut to SHORT characters with a disclosure holding the whole.
pub(super) fn value(
    parent: &Element,
    class: &str,
    value: &str,
    text: &Text,
) -> Result<Element, JsValue> {
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

fn confidence_key(c: f64) -> &'static str {
    if c >= 0.8 {
        "popup_confidence_high"
    } else if c >= 0.5 {
        "popup_confidence_medium"
    } else {
        "popup_confidence_low"
    }
}

/// The challenges a diagnosis read: each scheme with what it means, its realm, and each
/// parameter with what it means.
pub(super) fn challenges(parent: &Element, all: &[Challenge], text: &Text) -> Result<(), JsValue> {
    let section = add(parent, "section", "challenges", None)?;
    if all.is_empty() {
        add(
            &section,
            "p",
            "no-challenge",
            Some(&text.get("popup_no_challenge", &[])),
        )?;
    }
    for c in all {
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
    Ok(())
}

/// The challenges as their header lines (credentials already scrubbed), and what the parser
/// found wrong in them.
pub(super) fn raw_challenges(
    parent: &Element,
    all: &[Challenge],
    findings: &[Finding],
    text: &Text,
) -> Result<(), JsValue> {
    for c in all {
        gap(parent, " ")?;
        value(parent, "raw", &challenge_line(c), text)?;
    }
    for finding in findings {
        add(
            parent,
            "p",
            "finding",
            Some(&text.get(&key("finding", finding.id.as_str()), &finding.args)),
        )?;
    }
    Ok(())
}

/// A parsed challenge written back as a header value (credentials already scrubbed).
fn challenge_line(c: &Challenge) -> String {
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

/// The other causes weighed, closed until asked for unless `open`.
pub(super) fn alternatives(
    parent: &Element,
    all: &[Cause],
    open: bool,
    text: &Text,
) -> Result<(), JsValue> {
    if all.is_empty() {
        return Ok(());
    }
    let others = add(parent, "details", "alternatives", None)?;
    if open {
        others.set_attribute("open", "")?;
    }
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

/// A cause in a section of its own, `data-cause` naming it.
pub(super) fn cause(parent: &Element, class: &str, c: &Cause, text: &Text) -> Result<(), JsValue> {
    let section = add(parent, "section", class, None)?;
    section.set_attribute("data-cause", c.id.as_str())?;
    cause_body(&section, c.id, c.confidence, &c.evidence, text)
}

/// A cause's short title, how sure the core is, and the evidence.
pub(super) fn cause_body(
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

/// The fixes for `audience`, in order, each with its one-click action when it has one and
/// `actions` asks for them.
fn fixes(
    parent: &Element,
    all: &[Fix],
    audience: Audience,
    actions: bool,
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
        if let Some(action) = f.action.as_ref().filter(|_| actions) {
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

/// Both audiences' fixes: "for you", then "for the site owner"; with `actions`, a button for
/// each fix the page can apply in one click (the popup's).
pub(super) fn all_fixes(
    parent: &Element,
    all: &[Fix],
    actions: bool,
    text: &Text,
) -> Result<(), JsValue> {
    fixes(
        parent,
        all,
        Audience::Visitor,
        actions,
        "popup_for_you",
        text,
    )?;
    fixes(
        parent,
        all,
        Audience::Owner,
        actions,
        "popup_for_owner",
        text,
    )
}

/// A flow's timeline: one `li.step` per hop, numbered as the hops are, the ones the failure
/// names marked `broken`. With `fold`, runs of plain steps fold into one line that opens on
/// demand ([`timeline::parts`]), so that the sign-in's own steps stay in sight.
pub(super) fn steps(
    parent: &Element,
    all: &[Step],
    broken: &[usize],
    fold: bool,
    text: &Text,
) -> Result<(), JsValue> {
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
    let parts: Vec<timeline::Part> = if fold {
        timeline::parts(all, broken).collect()
    } else {
        (0..all.len()).map(timeline::Part::Step).collect()
    };
    for part in parts {
        match part {
            timeline::Part::Step(i) => {
                if let Some(s) = all.get(i) {
                    step(&list, i, s, broken.contains(&i), text)?;
                }
            }
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
                    if let Some(s) = all.get(j) {
                        step(&inner, j, s, false, text)?;
                    }
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
