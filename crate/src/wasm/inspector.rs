//! The developer's view of recorded exchanges, for the DevTools panel and the HAR page: a list
//! of what failed (method, address, status, cause; failed sign-ins marked), one of them
//! selected, and its detail: the challenges with what each parameter means, the cause and its
//! evidence, the alternatives weighed, the fixes, a sign-in's steps, the tokens it carried,
//! decoded, and the redacted headers. Built from text nodes only, as the popup is.
//!
//! The list is a listbox the keyboard walks (arrows, Home, End); its listeners are
//! `gloo-events` listeners, removed when the view is dropped (the page's `free()`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::text::Text;
use super::view::{
    add, all_fixes, alternatives, cause_body, challenges, gap, raw_challenges, steps, value,
};
use crate::capture::{Alternative, FailureReport, FlowReport, Found, Source};
use crate::date::iso8601;
use crate::diagnosis::{Cause, CauseId, Evidence, Fix};
use crate::inspect::{self, CLAIMS, Inspection, JOSE_HEADER, Token, TokenPlace, Verdict};
use crate::timeline;

/// The list and the detail of one page, and what they show.
pub(super) struct Screen {
    list: Element,
    detail: Element,
    t: js_sys::Function,
    findings: Vec<Found>,
    /// The selected finding, by what identifies it across judgements: its kind and first entry.
    selected: Option<(bool, usize)>,
    /// What the detail shows now (`None` before it was first drawn), so that a judgement that
    /// changes nothing redraws nothing.
    shown: Option<Option<Found>>,
}

/// A finding's identity: failure or sign-in, and the entry it starts at.
fn identity(f: &Found) -> (bool, usize) {
    let source = match f {
        Found::Failure(report) => Some(report.source),
        Found::Flow(report) => inspect::flow_source(report),
    };
    let index = match source {
        Some(Source::Entry(i) | Source::Line(i)) => i,
        None => usize::MAX,
    };
    (matches!(f, Found::Flow(_)), index)
}

impl Screen {
    pub(super) fn new(list: Element, detail: Element, t: js_sys::Function) -> Self {
        Screen {
            list,
            detail,
            t,
            findings: Vec::new(),
            selected: None,
            shown: None,
        }
    }

    /// Shows what `inspection` found: the list again when it changed, the detail of the
    /// selected finding (the first, when none was) when it changed.
    pub(super) fn render(&mut self, inspection: &Inspection) -> Result<(), JsValue> {
        let findings = inspection.findings();
        if findings != self.findings {
            self.findings = findings;
            self.render_list(inspection)?;
        }
        if self.position().is_none() {
            self.selected = self.findings.first().map(identity);
            self.mark_selected(false)?;
        }
        self.render_detail(inspection)
    }

    /// Forgets what was shown (the page starts over).
    pub(super) fn clear(&mut self) -> Result<(), JsValue> {
        self.findings.clear();
        self.selected = None;
        self.shown = Some(None);
        self.list.set_text_content(None);
        self.detail.set_text_content(None);
        nothing_selected(&self.detail, &Text(&self.t))
    }

    /// The findings as judged last.
    pub(super) fn findings(&self) -> &[Found] {
        &self.findings
    }

    /// The selected finding's place in the list.
    fn position(&self) -> Option<usize> {
        let selected = self.selected?;
        self.findings.iter().position(|f| identity(f) == selected)
    }

    /// The selected finding.
    pub(super) fn selected(&self) -> Option<&Found> {
        self.findings.get(self.position()?)
    }

    fn render_list(&self, inspection: &Inspection) -> Result<(), JsValue> {
        let text = Text(&self.t);
        self.list.set_text_content(None);
        for (i, f) in self.findings.iter().enumerate() {
            let row = add(&self.list, "li", "finding", None)?;
            row.set_attribute("role", "option")?;
            row.set_attribute("id", &format!("finding-{i}"))?;
            row.set_attribute("data-index", &i.to_string())?;
            row.set_attribute("tabindex", "-1")?;
            row.set_attribute("aria-selected", "false")?;
            // A failure: its method, status and address; a sign-in: where it broke.
            let (cause, method, status, place) = match f {
                Found::Failure(report) => (
                    report.cause,
                    report.method.clone(),
                    report.status.to_string(),
                    report.url.as_deref().unwrap_or_default(),
                ),
                Found::Flow(report) => {
                    row.set_attribute("class", "finding flow")?;
                    let broken = report.hops.first().or(report.timeline.first());
                    let status = broken.map(|s| s.status).filter(|&s| s != 0);
                    (
                        report.cause,
                        text.get("inspector_sign_in", &[]),
                        status.map(|s| s.to_string()).unwrap_or_default(),
                        broken.map(|s| timeline::place(&s.url)).unwrap_or_default(),
                    )
                }
            };
            row.set_attribute("data-cause", cause.as_str())?;
            add(&row, "span", "method", Some(&method))?;
            gap(&row, " ")?;
            add(&row, "span", "status", Some(&status))?;
            gap(&row, " ")?;
            add(&row, "span", "where", Some(place))?.set_attribute("title", place)?;
            gap(&row, " ")?;
            add(
                &row,
                "span",
                "title",
                Some(&text.of("cause", cause.as_str())),
            )?;
            if let Found::Failure(report) = f
                && body_read(inspection, report.source)
            {
                gap(&row, " ")?;
                add(
                    &row,
                    "span",
                    "body-read",
                    Some(&text.get("inspector_body_read_short", &[])),
                )?;
            }
        }
        self.mark_selected(false)
    }

    /// Marks the selected row (`aria-selected`, the one the Tab key reaches), and focuses it
    /// when `focus`.
    fn mark_selected(&self, focus: bool) -> Result<(), JsValue> {
        let position = self.position();
        let rows = self.list.children();
        for i in 0..rows.length() {
            let Some(row) = rows.item(i) else { continue };
            let selected = position == Some(i as usize);
            row.set_attribute("aria-selected", if selected { "true" } else { "false" })?;
            row.set_attribute("tabindex", if selected { "0" } else { "-1" })?;
            if selected {
                self.list
                    .set_attribute("aria-activedescendant", &row.id())?;
                if focus && let Ok(row) = row.dyn_into::<HtmlElement>() {
                    row.focus()?;
                }
            }
        }
        if position.is_none() && rows.length() > 0 {
            // Nothing selected: the first row is where Tab lands.
            if let Some(first) = rows.item(0) {
                first.set_attribute("tabindex", "0")?;
            }
        }
        Ok(())
    }

    /// Selects the finding at `position`, from a click or a key.
    fn select(
        &mut self,
        inspection: &Inspection,
        position: usize,
        focus: bool,
    ) -> Result<(), JsValue> {
        let Some(f) = self.findings.get(position) else {
            return Ok(());
        };
        self.selected = Some(identity(f));
        self.mark_selected(focus)?;
        self.render_detail(inspection)
    }

    fn render_detail(&mut self, inspection: &Inspection) -> Result<(), JsValue> {
        let selected = self.selected().cloned();
        if self.shown.as_ref() == Some(&selected) {
            return Ok(());
        }
        let text = Text(&self.t);
        self.detail.set_text_content(None);
        match &selected {
            None => {
                add(
                    &self.detail,
                    "p",
                    "empty",
                    Some(&text.get("inspector_nothing_selected", &[])),
                )?;
            }
            Some(Found::Failure(report)) => {
                failure(&self.detail, inspection, report, &selected, &text)?
            }
            Some(Found::Flow(report)) => flow(&self.detail, inspection, report, &selected, &text)?,
        }
        self.shown = Some(selected);
        Ok(())
    }
}

fn nothing_selected(detail: &Element, text: &Text) -> Result<(), JsValue> {
    add(
        detail,
        "p",
        "empty",
        Some(&text.get("inspector_nothing_selected", &[])),
    )?;
    Ok(())
}

/// Whether the failure's response body was read (DevTools give bodies; a file may hold them).
fn body_read(inspection: &Inspection, source: Source) -> bool {
    inspection
        .kept(source)
        .is_some_and(|k| k.exchange.hop.event.body_text.is_some())
}

/// Alternatives as causes without evidence: the list says what else was weighed, and how sure.
fn weighed(all: &[Alternative]) -> Vec<Cause> {
    all.iter()
        .map(|a| Cause {
            id: a.cause,
            confidence: a.confidence,
            evidence: Vec::new(),
        })
        .collect()
}

fn failure(
    parent: &Element,
    inspection: &Inspection,
    report: &FailureReport,
    found: &Option<Found>,
    text: &Text,
) -> Result<(), JsValue> {
    let heading = format!(
        "{} {}",
        report.status,
        text.of("cause", report.cause.as_str())
    );
    add(parent, "h2", "", Some(&heading))?;
    let url = report.url.as_deref().unwrap_or_default();
    value(
        parent,
        "request-line",
        &format!("{} {url}", report.method),
        text,
    )?;
    let kept = inspection.kept(report.source);
    if let Some(kind) = kept.and_then(|k| k.exchange.hop.event.resource_type.as_deref()) {
        add(
            parent,
            "p",
            "kind",
            Some(&text.get("inspector_kind", &[kind.to_owned()])),
        )?;
    }
    let note = if body_read(inspection, report.source) {
        "inspector_body_read"
    } else {
        "inspector_body_missing"
    };
    add(parent, "p", "body-note", Some(&text.get(note, &[])))?;
    let actions = add(parent, "div", "actions", None)?;
    let copy = add(
        &actions,
        "button",
        "",
        Some(&text.get("inspector_copy_curl", &[])),
    )?;
    copy.set_attribute("type", "button")?;
    copy.set_attribute("data-action", "copy-curl")?;
    challenges(parent, &report.challenges, text)?;
    verdict(
        parent,
        "cause",
        report.cause,
        report.confidence,
        &report.evidence,
        text,
    )?;
    alternatives_fixes_tokens(
        parent,
        inspection,
        &report.alternatives,
        &report.fixes,
        found,
        text,
    )?;
    let developer = add(parent, "details", "developer", None)?;
    developer.set_attribute("open", "")?;
    add(
        &developer,
        "summary",
        "",
        Some(&text.get("inspector_exchange", &[])),
    )?;
    if let Some((request, response)) = inspection.headers(report.source) {
        headers(&developer, "inspector_request_headers", &request, text)?;
        headers(&developer, "inspector_response_headers", &response, text)?;
    }
    raw_challenges(&developer, &report.challenges, &report.findings, text)
}

fn headers(
    parent: &Element,
    title: &str,
    all: &[(String, String)],
    text: &Text,
) -> Result<(), JsValue> {
    add(parent, "h4", "", Some(&text.get(title, &[])))?;
    let list = add(parent, "dl", "headers", None)?;
    for (name, v) in all {
        add(&list, "dt", "", Some(name))?;
        let dd = add(&list, "dd", "", None)?;
        value(&dd, "value", v, text)?;
    }
    Ok(())
}

fn flow(
    parent: &Element,
    inspection: &Inspection,
    report: &FlowReport,
    found: &Option<Found>,
    text: &Text,
) -> Result<(), JsValue> {
    let cause = text.of("cause", report.cause.as_str());
    add(
        parent,
        "h2",
        "",
        Some(&text.get("inspector_flow_title", &[cause])),
    )?;
    verdict(
        parent,
        "flow",
        report.cause,
        report.confidence,
        &report.evidence,
        text,
    )?;
    let all: Vec<_> = report.timeline.iter().map(|s| s.step()).collect();
    let broken: Vec<usize> = report.hops.iter().map(|s| s.index).collect();
    steps(parent, &all, &broken, false, text)?;
    alternatives_fixes_tokens(
        parent,
        inspection,
        &report.alternatives,
        &report.fixes,
        found,
        text,
    )
}

/// The verdict on a finding, in a section of its own (`class` tells a request's from a
/// sign-in's): the cause, how sure, and its evidence.
fn verdict(
    parent: &Element,
    class: &str,
    cause: CauseId,
    confidence: f64,
    evidence: &[Evidence],
    text: &Text,
) -> Result<(), JsValue> {
    let section = add(parent, "section", class, None)?;
    section.set_attribute("data-cause", cause.as_str())?;
    cause_body(&section, cause, confidence, evidence, text)
}

/// What follows a verdict: the other causes weighed, the fixes, and the tokens the finding
/// carried, decoded.
fn alternatives_fixes_tokens(
    parent: &Element,
    inspection: &Inspection,
    others: &[Alternative],
    fixes: &[Fix],
    found: &Option<Found>,
    text: &Text,
) -> Result<(), JsValue> {
    alternatives(parent, &weighed(others), true, text)?;
    all_fixes(parent, fixes, false, text)?;
    if let Some(found) = found {
        for token in inspection.tokens(found) {
            token_section(parent, &token, text)?;
        }
    }
    Ok(())
}

/// "5 min", "2 h": how far a claim is from a clock, in the unit that reads best, rounded (a
/// token made 90 minutes ahead and sent a second later is 90 minutes ahead, not 89).
fn duration(seconds: i64, text: &Text) -> String {
    let s = seconds.unsigned_abs();
    let rounded = |unit: u64| (s + unit / 2) / unit;
    let (n, key) = match s {
        0..120 => (s, "inspector_duration_seconds"),
        120..7200 => (rounded(60), "inspector_duration_minutes"),
        7200..172_800 => (rounded(3600), "inspector_duration_hours"),
        _ => (rounded(86_400), "inspector_duration_days"),
    };
    text.get(key, &[n.to_string()])
}

/// A decoded token: where it was, whether it was valid by each clock, its header and claims
/// with what each registered one means, and its times against both clocks.
fn token_section(parent: &Element, token: &Token, text: &Text) -> Result<(), JsValue> {
    let section = add(parent, "details", "token", None)?;
    section.set_attribute("open", "")?;
    let title = match &token.place {
        TokenPlace::Header(name) => text.get("inspector_token_header", std::slice::from_ref(name)),
        TokenPlace::IdToken => text.get("inspector_token_id", &[]),
    };
    add(&section, "summary", "", Some(&title))?;
    let verdict = match token.verdict() {
        Verdict::Expired => "inspector_token_expired",
        Verdict::NotYetValid => "inspector_token_not_yet",
        Verdict::ClocksDisagree => "inspector_token_clocks",
        Verdict::Valid => "inspector_token_valid",
        Verdict::Unknown => "inspector_token_no_expiry",
    };
    let verdict_line = add(&section, "p", "verdict", Some(&text.get(verdict, &[])))?;
    verdict_line.set_attribute("data-verdict", verdict)?;
    let times = add(&section, "ul", "times", None)?;
    for claim in token.times() {
        let mut line = format!("{} {}", claim.name, iso8601(claim.at));
        for (offset, past, future) in [
            (
                claim.by_server,
                "inspector_time_server_past",
                "inspector_time_server_future",
            ),
            (
                claim.by_local,
                "inspector_time_local_past",
                "inspector_time_local_future",
            ),
        ] {
            if let Some(offset) = offset {
                let key = if offset <= 0 { past } else { future };
                line.push_str(" · ");
                line.push_str(&text.get(key, &[duration(offset, text)]));
            }
        }
        add(&times, "li", "", Some(&line))?;
    }
    for (title, members, known) in [
        ("inspector_token_jose", &token.decoded.header, JOSE_HEADER),
        ("inspector_token_claims", &token.decoded.claims, CLAIMS),
    ] {
        add(&section, "h4", "", Some(&text.get(title, &[])))?;
        let list = add(&section, "dl", "claims", None)?;
        for m in members {
            add(&list, "dt", "", Some(&m.name))?;
            let dd = add(&list, "dd", "", None)?;
            value(&dd, "value", &m.value, text)?;
            if let Some(key) = known
                .iter()
                .find(|(name, _)| *name == m.name)
                .map(|(_, key)| key)
            {
                add(&dd, "span", "meaning", Some(&text.get(key, &[])))?;
            }
        }
    }
    add(
        &section,
        "p",
        "token-note",
        Some(&text.get("inspector_token_note", &[])),
    )?;
    Ok(())
}

/// The keys that move the selection in the list.
fn moved(key: &str, at: Option<usize>, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    Some(match (key, at) {
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        ("ArrowDown" | "ArrowUp" | "Home", None) | ("Home", _) => 0,
        ("End", _) => last,
        _ => return None,
    })
}

/// What the page and its list's listeners share.
pub(super) struct Shared {
    pub(super) inspection: Inspection,
    pub(super) screen: Screen,
}

/// Listens to the list: a click selects a row, the arrow keys, Home and End move the
/// selection. The listeners go when the returned values are dropped.
pub(super) fn listen(shared: &Rc<RefCell<Shared>>, list: &Element) -> [EventListener; 2] {
    let on_click = {
        let shared = Rc::clone(shared);
        EventListener::new(list, "click", move |event| {
            let row = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-index]").ok().flatten());
            let Some(position) = row.and_then(|r| r.get_attribute("data-index")?.parse().ok())
            else {
                return;
            };
            if let Ok(mut s) = shared.try_borrow_mut() {
                let Shared { inspection, screen } = &mut *s;
                let _ = screen.select(inspection, position, true);
            }
        })
    };
    let on_key = {
        let shared = Rc::clone(shared);
        let options = EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(list, "keydown", options, move |event| {
            let Some(key) = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key) else {
                return;
            };
            let Ok(mut s) = shared.try_borrow_mut() else {
                return;
            };
            let Shared { inspection, screen } = &mut *s;
            if let Some(next) = moved(&key, screen.position(), screen.findings.len()) {
                event.prevent_default();
                let _ = screen.select(inspection, next, true);
            }
        })
    };
    [on_click, on_key]
}

/// The DevTools panel's inspector: entries added as DevTools record them, judged again when
/// the page asks (a burst once it has settled), shown in `list` and `detail`.
#[cfg(feature = "panel")]
#[wasm_bindgen]
pub struct Inspector {
    shared: Rc<RefCell<Shared>>,
    _listeners: [EventListener; 2],
}

/// What went wrong in the page, for a thrown `Error`.
pub(super) fn failed(e: JsValue) -> JsError {
    JsError::new(&e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

#[cfg(feature = "panel")]
#[wasm_bindgen]
impl Inspector {
    /// `new Inspector(list, detail, t)`: `t(key, args)` gives the page's words.
    #[wasm_bindgen(constructor)]
    pub fn new(list: Element, detail: Element, t: js_sys::Function) -> Inspector {
        let shared = Rc::new(RefCell::new(Shared {
            inspection: Inspection::live(),
            screen: Screen::new(list.clone(), detail, t),
        }));
        let listeners = listen(&shared, &list);
        Inspector {
            shared,
            _listeners: listeners,
        }
    }

    /// Adds one recorded entry, its JSON text; throws an `Error` naming the field it cannot
    /// read.
    pub fn add(&self, entry: &str) -> Result<(), JsError> {
        let mut s = self.shared.borrow_mut();
        s.inspection
            .add_json(entry)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Judges every entry again and shows what they show.
    pub fn render(&self) -> Result<(), JsError> {
        let mut s = self.shared.borrow_mut();
        let Shared { inspection, screen } = &mut *s;
        screen.render(inspection).map_err(failed)
    }

    /// Forgets every entry.
    pub fn clear(&self) -> Result<(), JsError> {
        let mut s = self.shared.borrow_mut();
        s.inspection.clear();
        s.screen.clear().map_err(failed)
    }

    /// `{ entries, findings, failures, flows, withBodies }` as shown last.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        summary(&self.shared.borrow())
    }

    /// The selected failure's request as a curl command, its secrets named placeholders:
    /// `{ text, variables }`. Throws when no failed request is selected.
    pub fn curl(&self) -> Result<JsValue, JsError> {
        curl(&self.shared.borrow())
    }

    /// The redacted HAR of every shown finding's requests, written by AuthLens `version`.
    #[wasm_bindgen(js_name = exportHar)]
    pub fn export_har(&self, version: &str) -> String {
        export_har(&self.shared.borrow(), version)
    }
}

/// `{ entries, findings, failures, flows, withBodies }`.
pub(super) fn summary(s: &Shared) -> Result<JsValue, JsError> {
    let counts = s.inspection.counts(s.screen.findings());
    let object = js_sys::Object::new();
    for (key, n) in [
        ("entries", counts.entries),
        ("findings", counts.failures + counts.flows),
        ("failures", counts.failures),
        ("flows", counts.flows),
        ("withBodies", counts.with_bodies),
    ] {
        js_sys::Reflect::set(&object, &key.into(), &JsValue::from(n as u32)).map_err(failed)?;
    }
    Ok(object.into())
}

/// The redacted HAR of every shown finding's requests, written by AuthLens `version`.
pub(super) fn export_har(s: &Shared, version: &str) -> String {
    s.inspection.export(s.screen.findings(), version)
}

/// `{ text, variables }` of the selected failure's curl command.
pub(super) fn curl(s: &Shared) -> Result<JsValue, JsError> {
    let Some(Found::Failure(report)) = s.screen.selected() else {
        return Err(JsError::new("no failed request is selected"));
    };
    let command = s
        .inspection
        .curl(report.source)
        .map_err(|e| JsError::new(&e.0))?;
    let object = js_sys::Object::new();
    let variables: js_sys::Array = command
        .variables
        .iter()
        .map(|v| JsValue::from_str(v))
        .collect();
    js_sys::Reflect::set(&object, &"text".into(), &command.text.into()).map_err(failed)?;
    js_sys::Reflect::set(&object, &"variables".into(), &variables).map_err(failed)?;
    Ok(object.into())
}
