//! A capture judged: the responses of a HAR file or of curl's output, each authentication
//! failure diagnosed as the extension diagnoses it, and the sign-in flows among them judged as
//! the extension judges a tab's trail. What comes out is redacted as the report is (URLs
//! without query values, server texts scrubbed of token-shaped runs), for text or JSON.
//!
//! Memory stays bounded however long the capture: failures go out as they are judged, and a
//! flow's trail keeps at most [`MAX_HOPS`] hops (a longer one is judged in parts), as the
//! extension keeps the last hops of a tab.

use serde::Serialize;

use crate::challenge::{Challenge, Finding, Param};
use crate::diagnosis::{Cause, CauseId, Diagnosis, Evidence, Fix, Frame, Step, StepKind};
use crate::event::Event;
use crate::flow::{Flow, Hop};
use crate::redact;

/// The statuses the extension watches, read from its own settings (one copy of the list).
const SETTINGS: &str = include_str!("../../extension/settings.js");

/// A trail longer than this is judged in parts; the extension keeps 40 hops of a tab.
pub const MAX_HOPS: usize = 200;

/// Hops further apart than this belong to separate trails, as the extension forgets a tab's
/// hops after ten minutes.
const MAX_GAP_MS: f64 = 10.0 * 60.0 * 1000.0;

/// Trails open at once (tabs or clients of one HAR file): the least recent goes first.
const MAX_TRAILS: usize = 64;

/// Failures held while it is unknown whether the exporter removed credential headers.
const MAX_PENDING: usize = 1000;

/// The address of a response whose input does not say it: the core needs one, and this one
/// parses as no URL, so nothing is read from it.
const UNKNOWN_URL: &str = "unknown:";

/// Where a response came from in its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// `log.entries[n]` of a HAR file.
    Entry(usize),
    /// The status line's line in curl's output.
    Line(usize),
}

/// Whether the input shows what credentials a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// The exchange shows credential headers: the input keeps them.
    Shown,
    /// The exchange shows none; the input would have shown them.
    NoneSent,
    /// The exchange shows none, and its exporter may have removed them (Chrome's sanitized
    /// HAR): unknown until another exchange shows some.
    MaybeRemoved,
}

/// One response of a capture, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Where it is in the input.
    pub source: Source,
    /// The tab or client it was recorded from, when the input tells them apart.
    pub tab: Option<String>,
    /// The request and response. An empty URL means the input does not say it.
    pub hop: Hop,
    /// What the input shows of its credentials.
    pub credentials: Credentials,
}

impl Exchange {
    /// An entry of a HAR file from `creator`.
    pub fn from_entry(entry: crate::har::Entry, creator: Option<&str>) -> Self {
        let credentials = if entry.shows_credentials {
            Credentials::Shown
        } else if crate::har::may_hide_credentials(creator) {
            Credentials::MaybeRemoved
        } else {
            Credentials::NoneSent
        };
        Exchange {
            source: Source::Entry(entry.index),
            tab: entry.tab,
            hop: entry.hop,
            credentials,
        }
    }

    /// A response of curl's output.
    pub fn from_transcript(exchange: crate::transcript::Exchange) -> Self {
        Exchange {
            source: Source::Line(exchange.line),
            tab: None,
            hop: exchange.hop,
            credentials: Credentials::NoneSent,
        }
    }
}

/// One failed response, diagnosed and redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureReport {
    /// The address, without query values or fragment; `None` when the input does not say it.
    pub url: Option<String>,
    /// The request method.
    pub method: String,
    /// The response status.
    pub status: u16,
    /// The most likely cause.
    pub cause: CauseId,
    /// From 0 to 1.
    pub confidence: f64,
    /// Why the cause.
    pub evidence: Vec<Evidence>,
    /// Other plausible causes.
    pub alternatives: Vec<Alternative>,
    /// What to do, best first (their ids in JSON).
    #[serde(serialize_with = "fix_ids")]
    pub fixes: Vec<Fix>,
    /// The server's challenges, scrubbed.
    pub challenges: Vec<Challenge>,
    /// What the parser found wrong in them.
    pub findings: Vec<Finding>,
    /// Where it is in the input.
    pub source: Source,
}

/// A cause weighed and found less likely.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// Which cause.
    pub cause: CauseId,
    /// From 0 to 1.
    pub confidence: f64,
}

/// One failure of a sign-in flow, redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowReport {
    /// The most likely cause.
    pub cause: CauseId,
    /// From 0 to 1.
    pub confidence: f64,
    /// Why the cause.
    pub evidence: Vec<Evidence>,
    /// Other plausible causes of the same failure.
    pub alternatives: Vec<Alternative>,
    /// What to do, best first (their ids in JSON).
    #[serde(serialize_with = "fix_ids")]
    pub fixes: Vec<Fix>,
    /// The hops that show the failure.
    pub hops: Vec<StepReport>,
    /// Every hop of the flow, in order.
    pub timeline: Vec<StepReport>,
    /// The tab or client, when the input tells them apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
}

/// One hop of a flow, as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// Its place in the flow, from 0.
    pub index: usize,
    /// `scheme://host/path`, query names only.
    pub url: String,
    /// The request method.
    pub method: String,
    /// The response status.
    pub status: u16,
    /// What it was in the sign-in.
    pub kind: StepKind,
    /// Where in the tab.
    pub frame: Frame,
    /// Where it is in the input.
    pub source: Source,
}

impl StepReport {
    /// The step as the core's timeline words read it.
    pub fn step(&self) -> Step {
        Step {
            url: self.url.clone(),
            method: self.method.clone(),
            status: self.status,
            kind: self.kind,
            frame: self.frame,
        }
    }
}

/// What a capture gave, one by one.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A failed response.
    Failure(Box<FailureReport>),
    /// A failed sign-in.
    Flow(Box<FlowReport>),
}

/// How a capture went, once judged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Responses read.
    pub responses: usize,
    /// Failed responses.
    pub failures: usize,
    /// Failed sign-ins.
    pub flows: usize,
    /// The exporter removed credential headers (Chrome's sanitized HAR): what the requests
    /// carried is unknown, and the diagnoses say so.
    pub credentials_hidden: bool,
}

/// A trail of hops from one tab or client.
struct Trail {
    tab: Option<String>,
    hops: Vec<Hop>,
    sources: Vec<Source>,
    /// When its last hop's response came.
    last_time: Option<f64>,
    /// When it was last added to, in exchanges: the least recent is judged first.
    used: usize,
    /// A transcript is one chain of requests: all of it is the trail.
    whole: bool,
}

/// Judges a capture's exchanges as they come.
pub struct Judge {
    watched: Vec<u16>,
    trails: Vec<Trail>,
    /// `None` while unknown whether the exporter removed credential headers.
    credentials_removed: Option<bool>,
    pending: Vec<Exchange>,
    summary: Summary,
}

impl Default for Judge {
    fn default() -> Self {
        Self::new()
    }
}

/// The statuses in `WATCHABLE_STATUSES = [401, 403, …]` of the extension's settings.
fn watched_statuses(settings: &str) -> Vec<u16> {
    settings
        .split_once("WATCHABLE_STATUSES = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| {
            list.split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

impl Judge {
    /// A judge for one capture.
    pub fn new() -> Self {
        Judge {
            watched: watched_statuses(SETTINGS),
            trails: Vec::new(),
            credentials_removed: None,
            pending: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// The extension's test (`isAuthFailure` in `extension/background/watcher.js`): a watched
    /// status, or any status with a `WWW-Authenticate` challenge.
    pub fn is_auth_failure(&self, event: &Event) -> bool {
        self.watched.contains(&event.status_code)
            || event
                .response_header_values("www-authenticate")
                .next()
                .is_some()
    }

    /// Judges one exchange; what it shows goes to `out`, now or later.
    pub fn add(&mut self, exchange: Exchange, out: &mut dyn FnMut(Found)) {
        self.summary.responses += 1;
        if exchange.credentials == Credentials::Shown && self.credentials_removed.is_none() {
            self.credentials_removed = Some(false);
            self.release(out);
        }
        self.follow(&exchange, out);
        let status = exchange.hop.event.status_code;
        if status == 0 || !self.is_auth_failure(&exchange.hop.event) {
            return;
        }
        match (exchange.credentials, self.credentials_removed) {
            (Credentials::MaybeRemoved, None) => {
                self.pending.push(exchange);
                if self.pending.len() > MAX_PENDING {
                    self.credentials_removed = Some(true);
                    self.release(out);
                }
            }
            _ => self.failure(exchange, out),
        }
    }

    /// Judges what is left; the summary of the whole capture.
    pub fn finish(mut self, out: &mut dyn FnMut(Found)) -> Summary {
        if self.credentials_removed.is_none() && !self.pending.is_empty() {
            self.credentials_removed = Some(true);
        }
        self.release(out);
        for trail in std::mem::take(&mut self.trails) {
            self.judge(trail, out);
        }
        self.summary.credentials_hidden = self.credentials_removed == Some(true);
        self.summary
    }

    /// The failures held back, now that it is known whether credentials were removed.
    fn release(&mut self, out: &mut dyn FnMut(Found)) {
        for exchange in std::mem::take(&mut self.pending) {
            self.failure(exchange, out);
        }
    }

    fn failure(&mut self, mut exchange: Exchange, out: &mut dyn FnMut(Found)) {
        let url_known = !exchange.hop.event.url.is_empty();
        let event = &mut exchange.hop.event;
        if !url_known {
            event.url = UNKNOWN_URL.into();
        }
        if exchange.credentials == Credentials::MaybeRemoved
            && self.credentials_removed == Some(true)
        {
            event.request_headers = None;
        }
        let Ok(d) = crate::diagnose(event) else {
            return;
        };
        self.summary.failures += 1;
        out(Found::Failure(Box::new(failure_report(
            &exchange, url_known, d,
        ))));
    }

    /// Adds the exchange to its tab's trail, when a sign-in flow could involve it.
    fn follow(&mut self, exchange: &Exchange, out: &mut dyn FnMut(Found)) {
        let whole = matches!(exchange.source, Source::Line(_));
        let hop = &exchange.hop;
        if hop.event.status_code == 0 {
            // A request that got no response: the browser's error ends the redirect chain
            // that led to it, as the extension records it.
            if let (Some(error), Some(trail)) = (
                hop.error.as_deref(),
                self.trails.iter_mut().find(|t| t.tab == exchange.tab),
            ) && let Some(last) = trail.hops.last_mut()
                && last.redirect_url.as_deref() == Some(hop.event.url.as_str())
            {
                last.error = Some(error.to_owned());
            }
            return;
        }
        if !whole && !joins_trail(hop) {
            return;
        }
        let time = hop.event.time_stamp;
        let used = self.summary.responses;
        let at = match self.trails.iter().position(|t| t.tab == exchange.tab) {
            Some(i) => {
                let t = &self.trails[i];
                let gap = matches!((t.last_time, time), (Some(a), Some(b)) if b - a > MAX_GAP_MS);
                if gap || t.hops.len() >= MAX_HOPS {
                    let full = self.trails.remove(i);
                    self.judge(full, out);
                    None
                } else {
                    Some(i)
                }
            }
            None => None,
        };
        let at = at.unwrap_or_else(|| {
            if self.trails.len() >= MAX_TRAILS
                && let Some(oldest) = (0..self.trails.len()).min_by_key(|&i| self.trails[i].used)
            {
                let old = self.trails.remove(oldest);
                self.judge(old, out);
            }
            self.trails.push(Trail {
                tab: exchange.tab.clone(),
                hops: Vec::new(),
                sources: Vec::new(),
                last_time: None,
                used,
                whole,
            });
            self.trails.len() - 1
        });
        let trail = &mut self.trails[at];
        let mut hop = hop.clone();
        if hop.event.url.is_empty() {
            hop.event.url = UNKNOWN_URL.into();
        }
        trail.hops.push(hop);
        trail.sources.push(exchange.source);
        trail.last_time = time.or(trail.last_time);
        trail.used = used;
    }

    /// Judges a trail as a sign-in flow.
    fn judge(&mut self, trail: Trail, out: &mut dyn FnMut(Found)) {
        // One response of curl is a failure or not; a flow takes a redirect.
        if trail.hops.is_empty() || trail.whole && trail.hops.len() < 2 {
            return;
        }
        let flow = Flow {
            hops: trail.hops,
            third_party_cookies_blocked: None,
        };
        let Ok(d) = crate::diagnose_flow(&flow) else {
            return;
        };
        let timeline: Vec<StepReport> = d
            .timeline
            .iter()
            .zip(&trail.sources)
            .enumerate()
            .map(|(index, (step, &source))| StepReport {
                index,
                url: step.url.clone(),
                method: redact::scrub(&step.method, &[]),
                status: step.status,
                kind: step.kind,
                frame: step.frame,
                source,
            })
            .collect();
        for f in d.failures {
            self.summary.flows += 1;
            out(Found::Flow(Box::new(FlowReport {
                cause: f.cause,
                confidence: f.confidence,
                evidence: f.evidence.iter().map(scrubbed_evidence).collect(),
                alternatives: alternatives(&f.alternatives),
                fixes: f.fixes,
                hops: f
                    .hops
                    .iter()
                    .filter_map(|&i| timeline.get(i).cloned())
                    .collect(),
                timeline: timeline.clone(),
                tab: trail.tab.as_deref().map(|t| redact::scrub(t, &[])),
            })));
        }
    }
}

/// Whether a hop belongs to its tab's trail, as the extension decides (`follows` in its
/// trail): documents and frames always; a script's request, or one whose kind is unknown,
/// when it was redirected, set cookies or posted a form.
fn joins_trail(hop: &Hop) -> bool {
    let event = &hop.event;
    matches!(
        event.resource_type.as_deref(),
        Some("main_frame" | "sub_frame" | "outermost_frame")
    ) || hop.redirect_url.is_some()
        || hop.form_data.is_some()
        || event.response_header_values("set-cookie").next().is_some()
}

fn failure_report(exchange: &Exchange, url_known: bool, d: Diagnosis) -> FailureReport {
    let event = &exchange.hop.event;
    FailureReport {
        url: url_known.then(|| redact::url(&event.url)),
        method: redact::scrub(&event.method, &[]),
        status: d.status,
        cause: d.cause.id,
        confidence: d.cause.confidence,
        evidence: d.cause.evidence.iter().map(scrubbed_evidence).collect(),
        alternatives: alternatives(&d.alternatives),
        fixes: d.fixes,
        challenges: d.challenges.iter().map(scrubbed_challenge).collect(),
        findings: d
            .findings
            .into_iter()
            .map(|f| Finding {
                args: f.args.iter().map(|a| redact::scrub(a, &[])).collect(),
                ..f
            })
            .collect(),
        source: exchange.source,
    }
}

fn fix_ids<S: serde::Serializer>(fixes: &[Fix], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(fixes.iter().map(|f| f.id))
}

fn alternatives(causes: &[Cause]) -> Vec<Alternative> {
    causes
        .iter()
        .map(|c| Alternative {
            cause: c.id,
            confidence: c.confidence,
        })
        .collect()
}

/// Evidence arguments as the report writes them: scrubbed of token-shaped runs, cut.
fn scrubbed_evidence(e: &Evidence) -> Evidence {
    Evidence {
        id: e.id,
        args: e.args.iter().map(|a| redact::scrub(a, &[])).collect(),
    }
}

/// A challenge as the report writes it: values scrubbed, token68 data left out.
fn scrubbed_challenge(c: &Challenge) -> Challenge {
    Challenge {
        scheme: redact::scrub(&c.scheme, &[]),
        token68: c.token68.as_ref().map(|_| "…".to_owned()),
        params: c
            .params
            .iter()
            .map(|p| Param {
                name: redact::scrub(&p.name, &[]),
                value: redact::scrub(&p.value, &[]),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watched_statuses_are_the_extensions() {
        assert_eq!(
            watched_statuses(SETTINGS),
            vec![401, 403, 407, 419, 429, 440, 498, 511]
        );
        assert!(watched_statuses("no list here").is_empty());
    }
}
