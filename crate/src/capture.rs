//! A capture judged: the responses of a HAR file or of curl's output, each authentication
//! failure diagnosed as the extension diagnoses it, and the sign-in flows among them judged as
//! the extension judges a tab's trail. What comes out is redacted as the report is (URLs
//! without query values, server texts scrubbed of token-shaped runs), for text or JSON.
//!
//! Memory stays bounded however long the capture: failures go out as they are judged (a 401 or
//! 407 once it is known whether a retry answered it, at most 32 exchanges on), and a flow's
//! trail keeps at most [`MAX_HOPS`] hops (a longer one is judged in parts), as the
//! extension keeps the last hops of a tab. Unlike the extension, which forgets a tab's hops
//! after ten minutes, a trail keeps its hops however far apart: a session that expires while
//! a page stays open shows only across that gap.

use serde::Serialize;

use crate::challenge::{Challenge, Finding, Param};
use crate::diagnosis::{Cause, CauseId, Diagnosis, Evidence, Fix, Frame, Step, StepKind};
use crate::event::{Event, same};
use crate::flow::{Flow, Hop};
use crate::redact;

/// The statuses the extension watches, read from its own settings (one copy of the list).
const SETTINGS: &str = include_str!("../../extension/settings.js");

/// A trail longer than this is judged in parts; the extension keeps 40 hops of a tab.
pub const MAX_HOPS: usize = 200;

/// Trails open at once (tabs or clients of one HAR file): the least recent goes first.
const MAX_TRAILS: usize = 64;

/// How far back a request is looked for whose redirect led to this one.
const CHAIN_LOOKBACK: usize = 8;

/// Failures held while it is unknown whether the exporter removed credential headers.
const MAX_PENDING: usize = 1000;

/// How many exchanges a HAR file's 401 or 407 waits for the client's retry to answer it.
const RETRY_WINDOW: usize = 32;

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
    /// The exchange shows none, and nothing was taken out of it: the request carried none,
    /// or (curl -i) the input shows no request at all.
    Intact,
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
            Credentials::Intact
        };
        Exchange {
            source: Source::Entry(entry.index),
            tab: entry.tab,
            hop: entry.hop,
            credentials,
        }
    }

    /// A response of curl's output.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_transcript(exchange: crate::transcript::Exchange) -> Self {
        Exchange {
            source: Source::Line(exchange.line),
            tab: None,
            hop: exchange.hop,
            credentials: Credentials::Intact,
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
    /// When it was last added to, in exchanges: the least recent is judged first.
    used: usize,
    /// A transcript is one chain of requests: all of it is the trail.
    whole: bool,
}

/// A failure judged and not yet reported: a 401 or 407 of a HAR file waits for the retry that
/// may answer it, and the failures after it wait behind it, to keep their order.
struct Held {
    exchange: Exchange,
    /// The exchange count until which it waits for a retry; `None`: it does not.
    until: Option<usize>,
}

/// A 400 that refuses a sign-in in its own words: an OAuth token endpoint's `invalid_grant`
/// or `invalid_client` (RFC 6749 §5.2 answers them with 400, and no challenge), a cloud API's
/// expired signature or token, a failed anti-forgery check. It counts when the core finds a
/// specific sign of authentication in it; a 400 it can only read generically (a form's
/// validation error, a malformed query) does not.
fn refuses_sign_in(event: &Event) -> bool {
    event.status_code == 400
        && crate::diagnose(event).is_ok_and(|d| {
            d.cause.confidence >= 0.5
                && !d
                    .cause
                    .evidence
                    .iter()
                    .any(|e| e.id == crate::diagnosis::EvidenceId::NoSpecificSignal)
        })
}

/// Judges a capture's exchanges as they come.
pub struct Judge {
    watched: Vec<u16>,
    trails: Vec<Trail>,
    /// `None` while unknown whether the exporter removed credential headers.
    credentials_removed: Option<bool>,
    pending: Vec<Exchange>,
    summary: Summary,
    /// Exchanges added, responses or not: the clock by which trails age.
    exchanges: usize,
    /// curl's 401 or 407, held until the next response shows whether curl answered it: with
    /// `--digest`, `--ntlm`, `--negotiate`, `--anyauth` or `--proxy-*` curl sends credentials
    /// only once challenged (RFC 9110 §11.6), and the retry's answer is the outcome.
    challenged: Option<Exchange>,
    /// Failures judged, in order, waiting to be reported.
    held: std::collections::VecDeque<Held>,
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
            exchanges: 0,
            challenged: None,
            held: std::collections::VecDeque::new(),
        }
    }

    /// The extension's test (`isAuthFailure` in `extension/background/watcher.js`): a watched
    /// status, or an error status with a `WWW-Authenticate` challenge. A challenge on a
    /// success or a redirect refuses nothing (RFC 9110 §11.6.1: other responses may carry one
    /// to say that credentials might change the answer), as the final Negotiate token of a
    /// 200 does (RFC 4559 §5). And, beyond the extension's, which decides before a body
    /// comes: a 400 that the core reads as an authentication failure.
    pub fn is_auth_failure(&self, event: &Event) -> bool {
        self.watched.contains(&event.status_code)
            || event.status_code >= 400
                && event
                    .response_header_values("www-authenticate")
                    .next()
                    .is_some()
            || refuses_sign_in(event)
    }

    /// Judges one exchange; what it shows goes to `out`, now or later.
    pub fn add(&mut self, exchange: Exchange, out: &mut dyn FnMut(Found)) {
        self.admit(exchange, out);
        self.report_due(out, false);
    }

    /// Adds one exchange to its trail, and its failure (if any) to those held.
    fn admit(&mut self, mut exchange: Exchange, out: &mut dyn FnMut(Found)) {
        // A request that got no response (status 0) is no response read.
        self.summary.responses += usize::from(exchange.hop.event.status_code != 0);
        self.exchanges += 1;
        if exchange.credentials == Credentials::Shown && self.credentials_removed.is_none() {
            self.credentials_removed = Some(false);
            self.release();
        }
        self.follow(&exchange, out);
        let status = exchange.hop.event.status_code;
        if matches!(exchange.source, Source::Entry(_))
            && ((200..300).contains(&status) || status == 304)
        {
            self.answer(&exchange);
        }
        if let Some(held) = self.challenged.take() {
            if status != 0 && is_retry_of(&held, &exchange) {
                // curl answered the challenge: a refusal now is of the credentials it sent,
                // which curl -i does not show.
                exchange.hop.event.retried = Some(true);
            } else {
                self.failure(held);
            }
        }
        if status == 0 || !self.is_auth_failure(&exchange.hop.event) {
            return;
        }
        if matches!(exchange.source, Source::Line(_)) && matches!(status, 401 | 407) {
            self.challenged = Some(exchange);
            return;
        }
        match (exchange.credentials, self.credentials_removed) {
            (Credentials::MaybeRemoved, None) => {
                self.pending.push(exchange);
                if self.pending.len() > MAX_PENDING {
                    self.credentials_removed = Some(true);
                    self.release();
                }
            }
            _ => self.failure(exchange),
        }
    }

    /// Judges what is left; the summary of the whole capture.
    pub fn finish(mut self, out: &mut dyn FnMut(Found)) -> Summary {
        if let Some(held) = self.challenged.take() {
            self.failure(held);
        }
        if self.credentials_removed.is_none() && !self.pending.is_empty() {
            self.credentials_removed = Some(true);
        }
        self.release();
        self.report_due(out, true);
        for trail in std::mem::take(&mut self.trails) {
            self.judge(trail, out);
        }
        self.summary.credentials_hidden = self.credentials_removed == Some(true);
        self.summary
    }

    /// The failures held back, now that it is known whether credentials were removed.
    fn release(&mut self) {
        for exchange in std::mem::take(&mut self.pending) {
            self.failure(exchange);
        }
    }

    /// A request that succeeded answers the challenges its own earlier tries met: a browser's
    /// retry once the visitor typed the password or the Windows handshake went on, an app's
    /// retry once it renewed its token (RFC 9110 §11.6.1: the client may repeat the request
    /// with new credentials). A challenge answered is no failure.
    fn answer(&mut self, success: &Exchange) {
        let asked_again = |e: &Exchange| {
            let (asked, sent) = (&e.hop.event, &success.hop.event);
            matches!(asked.status_code, 401 | 407)
                && e.tab == success.tab
                && asked.method == sent.method
                && asked.url == sent.url
        };
        self.held
            .retain(|h| h.until.is_none() || !asked_again(&h.exchange));
        self.pending.retain(|e| !asked_again(e));
    }

    /// Holds a failure; a HAR file's 401 or 407 waits for a retry.
    fn failure(&mut self, exchange: Exchange) {
        let waits = matches!(exchange.source, Source::Entry(_))
            && matches!(exchange.hop.event.status_code, 401 | 407);
        self.held.push_back(Held {
            until: waits.then_some(self.exchanges + RETRY_WINDOW),
            exchange,
        });
    }

    /// Reports the failures no longer waiting, in order; `all` at the end of the capture.
    fn report_due(&mut self, out: &mut dyn FnMut(Found), all: bool) {
        while let Some(front) = self.held.front() {
            if !all && front.until.is_some_and(|until| until > self.exchanges) {
                break;
            }
            let Some(Held { exchange, .. }) = self.held.pop_front() else {
                break;
            };
            self.report(exchange, out);
        }
    }

    fn report(&mut self, mut exchange: Exchange, out: &mut dyn FnMut(Found)) {
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
        // The readers let through only what the core accepts (a URL, a status, a method).
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
        let mine = self.trails.iter().position(|t| t.tab == exchange.tab);
        // A redirect's next request goes on its chain, as the extension follows a request id.
        let continues = mine.is_some_and(|i| {
            self.trails[i]
                .hops
                .iter()
                .rev()
                .take(CHAIN_LOOKBACK)
                .any(|h| h.redirect_url.as_deref() == Some(hop.event.url.as_str()))
        });
        if !whole && !continues && !joins_trail(hop) && !self.is_auth_failure(&hop.event) {
            return;
        }
        let used = self.exchanges;
        let at = match mine {
            Some(i) if self.trails[i].hops.len() >= MAX_HOPS => {
                let full = self.trails.remove(i);
                self.judge(full, out);
                None
            }
            Some(i) => Some(i),
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

/// Whether `next` is curl's answer to the challenge of `held`: the same request sent again,
/// with credentials of the kind asked for when curl shows the request (`-v`). curl -i shows
/// no request, and prints the next response of a chain only after a redirect, so an answer
/// that follows a refusal is its retry. A retry refused again is the failure that counts.
/// A proxy's 407 to CONNECT is answered by the tunnel it opened: the next response is the
/// site's, to a request that carries no proxy credentials (they went in the CONNECT).
fn is_retry_of(held: &Exchange, next: &Exchange) -> bool {
    let (asked, sent) = (&held.hop.event, &next.hop.event);
    let tunnel = asked.method == "CONNECT";
    let header = if asked.status_code == 407 {
        "proxy-authorization"
    } else {
        "authorization"
    };
    held.hop.redirect_url.is_none()
        && (sent.method == asked.method || tunnel)
        && (sent.url == asked.url
            || sent.url.is_empty()
            || tunnel && sent.url.starts_with(&asked.url))
        && (tunnel && sent.method != "CONNECT"
            || sent
                .request_headers
                .as_ref()
                .is_none_or(|h| h.iter().any(|h| same(&h.name, header))))
}

/// Whether a hop belongs to its tab's trail, as the extension decides (`follows` in
/// `extension/background/trail.js`): documents and frames always; a script's request, or one
/// whose kind is unknown, when it was redirected, set cookies or posted a form. The judge adds a
/// redirect chain's
/// next request, and a script's request refused authentication (which the extension records
/// as a failure of its own): the consequence that makes a refused cookie matter.
pub fn joins_trail(hop: &Hop) -> bool {
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
    use crate::diagnosis::flow::fixtures;
    use serde_json::{Value, json};

    /// `hop` as Chrome's DevTools export it ("Export HAR (with sensitive data)",
    /// devtools-frontend `front_end/models/har/Log.ts`): `_resourceType`, `_initiator`, the
    /// raw `Location` as `redirectURL`, HTTP/2 pseudo-headers, `Sec-Fetch-Dest`; every other
    /// body base64-encoded, as Chrome does for bodies it holds as bytes. A hop that ended in
    /// a network error is followed by the failed request Chrome records: status 0, `_error`.
    fn chrome_entries(index: usize, hop: &Hop) -> Vec<Value> {
        let e = &hop.event;
        let (chrome_type, dest) = match e.resource_type.as_deref() {
            Some("main_frame") => (Some("document"), Some("document")),
            Some("sub_frame") => (Some("document"), Some("iframe")),
            Some("xmlhttprequest") => (Some("fetch"), Some("empty")),
            Some(other) => (Some(other), None),
            None => (None, None),
        };
        let pair = |name: &str, value: &str| json!({ "name": name, "value": value });
        let mut request_headers = vec![
            pair(
                ":authority",
                crate::url::parse(&e.url).map_or("", |u| u.host),
            ),
            pair(":method", &e.method),
        ];
        request_headers.extend(
            e.request_headers
                .iter()
                .flatten()
                .map(|h| pair(&h.name, h.value.as_deref().unwrap_or_default())),
        );
        if let Some(dest) = dest {
            request_headers.push(pair("sec-fetch-dest", dest));
        }
        let started = |ms: f64| {
            let iso = crate::date::iso8601((ms / 1000.0).floor() as i64);
            format!("{}.{:03}Z", iso.trim_end_matches('Z'), (ms % 1000.0) as i64)
        };
        let body = e.body_text.as_deref().map(|text| {
            if index.is_multiple_of(2) {
                json!({ "size": text.len(), "mimeType": "text/html", "text": text })
            } else {
                let b64 = crate::base64::encode(text.as_bytes());
                json!({ "size": text.len(), "mimeType": "text/html", "text": b64, "encoding": "base64" })
            }
        });
        let location = e
            .response_header_values("location")
            .next()
            .unwrap_or_default();
        let mut request = json!({
            "method": e.method, "url": e.url, "httpVersion": "http/2.0",
            "headers": request_headers, "queryString": [], "cookies": [],
            "headersSize": -1, "bodySize": 0,
        });
        if let Some(form) = &hop.form_data {
            let text = form
                .iter()
                .flat_map(|(n, vs)| {
                    vs.iter()
                        .map(move |v| format!("{}={}", encode(n), encode(v)))
                })
                .collect::<Vec<_>>()
                .join("&");
            request["postData"] =
                json!({ "mimeType": "application/x-www-form-urlencoded", "text": text });
        }
        let mut entry = json!({
            "_initiator": match &e.initiator {
                Some(url) => json!({ "type": "script", "url": url }),
                None => json!({ "type": "other" }),
            },
            "_priority": "VeryHigh",
            "cache": {},
            "pageref": "page_1",
            "request": request,
            "response": {
                "status": e.status_code, "statusText": "", "httpVersion": "http/2.0",
                "headers": e.response_headers.iter()
                    .map(|h| pair(&h.name, h.value.as_deref().unwrap_or_default()))
                    .collect::<Vec<_>>(),
                "cookies": [], "content": body.unwrap_or(json!({ "size": 0, "mimeType": "x-unknown" })),
                "redirectURL": location, "headersSize": -1, "bodySize": -1,
                "_transferSize": 0, "_error": null,
            },
            "serverIPAddress": "203.0.113.7",
            "time": 0,
            "timings": { "blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0 },
        });
        if let Some(t) = chrome_type {
            entry["_resourceType"] = json!(t);
        }
        // A fixture's hop without a time has no startedDateTime: one made up would split the
        // trail where the flow has no gap.
        if let Some(ms) = e.time_stamp {
            entry["startedDateTime"] = json!(started(ms));
        }
        let mut entries = vec![entry];
        if let (Some(error), Some(next)) = (&hop.error, &hop.redirect_url) {
            entries.push(json!({
                "_resourceType": "document", "pageref": "page_1",
                "time": 0, "request": { "method": "GET", "url": next, "headers": [] },
                "response": { "status": 0, "headers": [], "content": { "size": 0 }, "redirectURL": "", "_error": error },
            }));
        }
        entries
    }

    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    /// Hands every entry of `har` to `judge`, as the command line reads a file.
    fn read(judge: &mut Judge, har: &str, out: &mut dyn FnMut(Found)) {
        crate::har::read(har.as_bytes(), &mut |entry, log| {
            judge.add(Exchange::from_entry(entry, log.creator.as_deref()), out)
        })
        .unwrap();
    }

    /// What the command line finds in `har`: its failed sign-ins.
    fn flows_of(har: &str) -> Vec<FlowReport> {
        let mut judge = Judge::new();
        let mut flows = Vec::new();
        let mut keep = |found: Found| {
            if let Found::Flow(f) = found {
                flows.push(*f);
            }
        };
        read(&mut judge, har, &mut keep);
        judge.finish(&mut keep);
        flows
    }

    /// Every real sign-in flow of the core's fixtures, exported as Chrome would export its tab,
    /// gives the command line the verdict the core gives the flow itself, naming the same
    /// requests: the HAR reader loses nothing the flow rules read, and the trail keeps the hops
    /// the extension keeps.
    #[test]
    fn every_flow_fixture_exported_by_chrome_gets_the_cores_verdict() {
        let mut compared = 0;
        for name in fixtures::names() {
            let flow = fixtures::load(&name);
            // What a HAR file cannot say: frames by id, the browser's cookie jar and settings,
            // a request whose headers the browser kept to itself.
            let inexpressible = flow.third_party_cookies_blocked.is_some()
                || flow.hops.iter().any(|h| {
                    h.frame_id.is_some()
                        || h.parent_frame_id.is_some()
                        || h.stored_cookies.is_some()
                        || h.event.request_headers.is_none()
                });
            if inexpressible {
                continue;
            }
            let mut entries: Vec<Value> = Vec::new();
            // Each hop's place among the entries (a failed request adds one after its hop).
            let mut entry_of_hop = Vec::new();
            for (i, h) in flow.hops.iter().enumerate() {
                entry_of_hop.push(Source::Entry(entries.len()));
                entries.extend(chrome_entries(i, h));
            }
            let har = json!({ "log": {
                "version": "1.2", "creator": { "name": "WebInspector", "version": "537.36" },
                "pages": [{ "startedDateTime": "2024-01-01T00:00:00.000Z", "id": "page_1", "title": "t", "pageTimings": {} }],
                "entries": entries,
            }});
            let want = crate::diagnose_flow(&flow).unwrap();
            let got = flows_of(&har.to_string());
            let summary =
                |cause: CauseId, confidence: f64, hops: Vec<Source>, fixes: Vec<crate::FixId>| {
                    format!("{cause} {confidence} {hops:?} {fixes:?}")
                };
            assert_eq!(
                got.iter()
                    .map(|f| summary(
                        f.cause,
                        f.confidence,
                        f.hops.iter().map(|h| h.source).collect(),
                        f.fixes.iter().map(|x| x.id).collect()
                    ))
                    .collect::<Vec<_>>(),
                want.failures
                    .iter()
                    .map(|f| summary(
                        f.cause,
                        f.confidence,
                        f.hops.iter().map(|&i| entry_of_hop[i]).collect(),
                        f.fixes.iter().map(|x| x.id).collect()
                    ))
                    .collect::<Vec<_>>(),
                "{name}"
            );
            compared += 1;
        }
        assert!(compared >= 80, "only {compared} fixtures compared");
    }

    #[test]
    fn the_watched_statuses_are_the_extensions() {
        assert_eq!(
            watched_statuses(SETTINGS),
            vec![401, 403, 407, 419, 429, 440, 498, 511]
        );
        assert!(watched_statuses("no list here").is_empty());
    }

    /// Everything the command line finds in `har`.
    fn judged(har: &str) -> (Vec<FailureReport>, Vec<FlowReport>, Summary) {
        let mut judge = Judge::new();
        let (mut failures, mut flows) = (Vec::new(), Vec::new());
        let mut keep = |found: Found| match found {
            Found::Failure(f) => failures.push(*f),
            Found::Flow(f) => flows.push(*f),
        };
        read(&mut judge, har, &mut keep);
        let summary = judge.finish(&mut keep);
        (failures, flows, summary)
    }

    /// A HAR file of `hops` as `creator` would write them (in Chrome's shape).
    fn har_of(creator: &str, hops: &[Hop]) -> String {
        let entries: Vec<Value> = hops
            .iter()
            .enumerate()
            .flat_map(|(i, h)| chrome_entries(i, h))
            .collect();
        json!({ "log": { "creator": { "name": creator }, "entries": entries } }).to_string()
    }

    fn hop(kind: &str, method: &str, url: &str, status: u16, response: &[(&str, &str)]) -> Hop {
        Hop {
            event: Event {
                url: url.into(),
                method: method.into(),
                status_code: status,
                resource_type: Some(kind.into()),
                time_stamp: Some(1.7e12),
                response_headers: response
                    .iter()
                    .map(|(n, v)| crate::Header::new(n, v))
                    .collect(),
                request_headers: Some(Vec::new()),
                ..Event::default()
            },
            redirect_url: response
                .iter()
                .find(|(n, _)| *n == "Location")
                .map(|(_, l)| crate::url::resolve(url, l)),
            ..Hop::default()
        }
    }

    /// `turns` rounds of a sign-in loop: the account page sends to the login page and back.
    fn login_loop(turns: usize) -> Vec<Hop> {
        (0..turns)
            .flat_map(|_| {
                [
                    hop(
                        "main_frame",
                        "GET",
                        "https://app.example/account",
                        302,
                        &[("Location", "/login")],
                    ),
                    hop(
                        "main_frame",
                        "GET",
                        "https://app.example/login",
                        302,
                        &[("Location", "/account")],
                    ),
                ]
            })
            .collect()
    }

    fn bearer_401(url: &str) -> Hop {
        hop(
            "xmlhttprequest",
            "GET",
            url,
            401,
            &[("WWW-Authenticate", "Bearer realm=\"api\"")],
        )
    }

    #[test]
    fn failures_are_the_extensions_auth_failures() {
        let mut challenge_on_400 = bearer_401("https://a.example/x");
        challenge_on_400.event.status_code = 400;
        challenge_on_400.event.response_headers = vec![crate::Header::new(
            "WWW-Authenticate",
            "Bearer error=\"invalid_request\"",
        )];
        let hops = [
            hop("main_frame", "GET", "https://a.example/", 200, &[]),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/missing",
                404,
                &[],
            ),
            challenge_on_400,
            hop("xmlhttprequest", "GET", "https://a.example/slow", 429, &[]),
            hop("main_frame", "GET", "https://a.example/portal", 511, &[]),
            hop("xmlhttprequest", "GET", "https://a.example/boom", 500, &[]),
        ];
        let (failures, _, summary) = judged(&har_of("Firefox", &hops));
        let statuses: Vec<u16> = failures.iter().map(|f| f.status).collect();
        assert_eq!(statuses, [400, 429, 511]);
        assert_eq!(
            failures.iter().map(|f| f.source).collect::<Vec<_>>(),
            [Source::Entry(2), Source::Entry(3), Source::Entry(4)]
        );
        assert_eq!(
            (summary.responses, summary.failures, summary.flows),
            (6, 3, 0)
        );
    }

    /// An app renews its expired token and asks again (an axios or fetch interceptor), a
    /// browser sends the password the visitor typed: the challenge was answered.
    #[test]
    fn a_challenge_answered_by_a_later_success_is_no_failure() {
        let api = "https://a.example/api/orders";
        let retried = [
            bearer_401(api),
            hop(
                "xmlhttprequest",
                "POST",
                "https://idp.example/token",
                200,
                &[],
            ),
            hop("xmlhttprequest", "GET", api, 200, &[]),
        ];
        for creator in ["Firefox", "WebInspector"] {
            let (failures, _, summary) = judged(&har_of(creator, &retried));
            assert!(failures.is_empty(), "{creator}: {failures:?}");
            assert_eq!((summary.responses, summary.failures), (3, 0));
        }
        // Not answered: another address, another method, a retry refused again, or a
        // success too late to be a retry.
        let forbidden = hop("xmlhttprequest", "GET", "https://a.example/x", 403, &[]);
        let unanswered = [
            bearer_401(api),
            forbidden.clone(),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/api/other",
                200,
                &[],
            ),
            hop("xmlhttprequest", "POST", api, 200, &[]),
            bearer_401(api),
        ];
        let (failures, _, _) = judged(&har_of("Firefox", &unanswered));
        let seen: Vec<_> = failures.iter().map(|f| (f.status, f.source)).collect();
        assert_eq!(
            seen,
            [
                (401, Source::Entry(0)),
                (403, Source::Entry(1)),
                (401, Source::Entry(4))
            ],
            "in order"
        );
        let mut late = vec![bearer_401(api)];
        late.extend(
            (0..RETRY_WINDOW).map(|_| hop("image", "GET", "https://a.example/i.png", 200, &[])),
        );
        late.push(hop("xmlhttprequest", "GET", api, 200, &[]));
        assert_eq!(judged(&har_of("Firefox", &late)).0.len(), 1);
    }

    #[test]
    fn a_sanitized_chrome_export_is_judged_without_request_headers() {
        let hops = [
            hop("main_frame", "GET", "https://a.example/", 200, &[]),
            bearer_401("https://a.example/api"),
        ];
        let (failures, _, summary) = judged(&har_of("WebInspector", &hops));
        assert!(summary.credentials_hidden);
        let ids: Vec<_> = failures[0].evidence.iter().map(|e| e.id.as_str()).collect();
        assert!(ids.contains(&"request-headers-hidden"), "{ids:?}");
        // Another tool keeps what it saw: the request carried nothing.
        let (failures, _, summary) = judged(&har_of("Firefox", &hops));
        assert!(!summary.credentials_hidden);
        let ids: Vec<_> = failures[0].evidence.iter().map(|e| e.id.as_str()).collect();
        assert!(!ids.contains(&"request-headers-hidden"), "{ids:?}");
    }

    #[test]
    fn held_failures_are_released_in_order_once_credentials_show() {
        let mut with_cookie = hop("main_frame", "GET", "https://a.example/", 200, &[]);
        with_cookie.event.request_headers = Some(vec![crate::Header::new("Cookie", "sid=x")]);
        let hops = [
            bearer_401("https://a.example/one"),
            bearer_401("https://a.example/two"),
            with_cookie,
            bearer_401("https://a.example/three"),
        ];
        let (failures, _, summary) = judged(&har_of("WebInspector", &hops));
        assert!(!summary.credentials_hidden);
        let urls: Vec<_> = failures.iter().filter_map(|f| f.url.as_deref()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/one",
                "https://a.example/two",
                "https://a.example/three"
            ]
        );
        assert!(failures.iter().all(|f| {
            f.evidence
                .iter()
                .all(|e| e.id.as_str() != "request-headers-hidden")
        }));
    }

    #[test]
    fn the_browsers_error_ends_the_redirect_chain_it_stopped() {
        let mut hops = login_loop(2);
        hops.last_mut().unwrap().error = Some("net::ERR_TOO_MANY_REDIRECTS".into());
        let (_, flows, summary) = judged(&har_of("WebInspector", &hops));
        assert_eq!(
            summary.responses, 4,
            "the request that failed got no response"
        );
        let loop_ = flows
            .iter()
            .find(|f| f.cause == CauseId::LoginLoop)
            .expect("a loop");
        assert!(
            loop_
                .evidence
                .iter()
                .any(|e| e.id.as_str() == "too-many-redirects"
                    && e.args == ["net::ERR_TOO_MANY_REDIRECTS"]),
            "{:?}",
            loop_.evidence
        );
        assert_eq!(loop_.timeline.len(), 4, "the failed request is no hop");
    }

    #[test]
    fn long_trails_are_judged_in_parts() {
        let page = |i: usize, t: f64| {
            let mut h = hop(
                "main_frame",
                "GET",
                &format!("https://a.example/p{i}"),
                200,
                &[],
            );
            h.event.time_stamp = Some(t);
            h
        };
        let hops: Vec<Hop> = (0..MAX_HOPS + 5)
            .map(|i| page(i, 1.7e12 + i as f64))
            .collect();
        let mut judge = Judge::new();
        read(&mut judge, &har_of("Firefox", &hops), &mut |_| {});
        assert_eq!(judge.trails.len(), 1);
        assert_eq!(
            judge.trails[0].sources.first(),
            Some(&Source::Entry(MAX_HOPS)),
            "the first {MAX_HOPS} hops were judged and let go"
        );
        assert_eq!(judge.trails[0].hops.len(), 5);
    }

    #[test]
    fn scripts_requests_join_the_trail_only_when_they_matter() {
        let hops = [
            hop("main_frame", "GET", "https://a.example/", 200, &[]),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/api/plain",
                200,
                &[],
            ),
            hop("image", "GET", "https://a.example/logo.png", 200, &[]),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/api/moved",
                302,
                &[("Location", "/api/new")],
            ),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/api/new",
                200,
                &[],
            ),
            hop(
                "xmlhttprequest",
                "GET",
                "https://a.example/api/cookie",
                200,
                &[("Set-Cookie", "a=1")],
            ),
            hop("sub_frame", "GET", "https://b.example/frame", 200, &[]),
            bearer_401("https://a.example/api/me"),
        ];
        let mut judge = Judge::new();
        read(&mut judge, &har_of("Firefox", &hops), &mut |_| {});
        assert_eq!(
            judge.trails[0].sources,
            [0, 3, 4, 5, 6, 7].map(Source::Entry),
            "the plain script request and the image stay out"
        );
    }

    /// The failures the command line finds in curl's output `text`.
    fn curl_failures(text: &str) -> Vec<FailureReport> {
        let mut judge = Judge::new();
        let mut failures = Vec::new();
        let mut keep = |found: Found| {
            if let Found::Failure(f) = found {
                failures.push(*f);
            }
        };
        crate::transcript::read(
            text.as_bytes(),
            Some("http://nas.example/private/"),
            &mut |e| judge.add(Exchange::from_transcript(e), &mut keep),
        )
        .unwrap();
        judge.finish(&mut keep);
        failures
    }

    /// `curl -v --digest -u alice:…` (Apache mod_auth_digest): curl sends credentials only once
    /// challenged, so every successful run shows a 401 first.
    const DIGEST_ANSWERED: &str = "* Server auth using Digest with user 'alice'\n\
        > GET /private/ HTTP/1.1\n> Host: nas.example\n> \n\
        < HTTP/1.1 401 Unauthorized\n\
        < WWW-Authenticate: Digest realm=\"private\", nonce=\"p8YUqWsXBgA=4e7b\", algorithm=MD5, qop=\"auth\"\n< \n\
        * Issue another request to this URL: 'http://nas.example/private/'\n\
        > GET /private/ HTTP/1.1\n> Host: nas.example\n\
        > Authorization: Digest username=\"alice\", realm=\"private\", nonce=\"p8YUqWsXBgA=4e7b\", uri=\"/private/\", response=\"2e3a\"\n> \n\
        < HTTP/1.1 STATUS\n< Content-Type: text/plain\n< \n";

    #[test]
    fn a_challenge_curl_answered_is_no_failure_and_a_refused_answer_is_one() {
        assert!(curl_failures(&DIGEST_ANSWERED.replace("STATUS", "200 OK")).is_empty());
        let refused = curl_failures(&DIGEST_ANSWERED.replace(
            "STATUS",
            "401 Unauthorized\n< WWW-Authenticate: Digest realm=\"private\", nonce=\"q9ZV\"",
        ));
        let [f] = &refused[..] else {
            panic!("{refused:?}")
        };
        assert_eq!(
            (f.source, f.cause),
            (Source::Line(13), CauseId::CredentialsRejected)
        );
        // curl -i shows no request: the response after a refusal, with no redirect between,
        // is curl's retry, with credentials.
        let shown = "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"\n\nHTTP/1.1 200 OK\n\nok\n";
        assert!(curl_failures(shown).is_empty());
        let refused = curl_failures(&shown.replace("200 OK", "401 Unauthorized"));
        let [f] = &refused[..] else {
            panic!("{refused:?}")
        };
        assert_eq!(
            (f.source, f.cause),
            (Source::Line(4), CauseId::CredentialsRejected)
        );
        // A request that is no retry leaves the refusal standing.
        let other = DIGEST_ANSWERED
            .replace("STATUS", "200 OK")
            .replace("> Authorization", "> X-Other");
        assert_eq!(curl_failures(&other).len(), 1);
        assert_eq!(
            curl_failures(&DIGEST_ANSWERED[..DIGEST_ANSWERED.find("* Issue").unwrap()]).len(),
            1
        );
    }

    /// `curl -v -x proxy:3128 --proxy-user alice:… https://www.example.org/` through Squid: the
    /// tunnel's 407, then the site's answer through the tunnel opened with credentials.
    #[test]
    fn a_proxy_tunnel_opened_on_the_retry_is_no_failure() {
        let tunnel = "> CONNECT www.example.org:443 HTTP/1.1\n> Host: www.example.org:443\n> \n\
            < HTTP/1.1 407 Proxy Authentication Required\n< Server: squid/5.7\n\
            < Proxy-Authenticate: Basic realm=\"Squid proxy-caching web server\"\n< \n\
            > CONNECT www.example.org:443 HTTP/1.1\n> Host: www.example.org:443\n\
            > Proxy-Authorization: Basic YWxpY2U6c2VjcmV0\n> \n\
            < HTTP/1.1 STATUS\n< \n\
            * CONNECT tunnel established, response 200\n* ALPN: server accepted h2\n\
            > GET /docs/ HTTP/2\n> Host: www.example.org\n> \n< HTTP/2 200 \n< \n";
        assert!(curl_failures(&tunnel.replace("STATUS", "200 Connection established")).is_empty());
        let refused = tunnel.replace(
            "STATUS",
            "407 Proxy Authentication Required\n< Proxy-Authenticate: Basic realm=\"Squid\"",
        );
        let refused = &refused[..refused.find("* CONNECT").unwrap()];
        let failures = curl_failures(refused);
        let [f] = &failures[..] else {
            panic!("{failures:?}")
        };
        assert_eq!(
            (f.status, f.url.as_deref(), f.cause),
            (407, Some("https://www.example.org/"), CauseId::ProxyAuth)
        );
    }

    /// A challenge on a success refuses nothing: IIS sends the final Kerberos token of
    /// Negotiate with the 200 (RFC 4559 §5).
    #[test]
    fn a_challenge_on_a_success_is_no_failure() {
        let ok = "HTTP/1.1 200 OK\nServer: Microsoft-IIS/10.0\nWWW-Authenticate: Negotiate oYG3MIG0oAMKAQChCwYJKoZIgvcSAQIC\nPersistent-Auth: true\n\n<html>Team site</html>\n";
        assert!(curl_failures(ok).is_empty());
        let bad = ok.replace("200 OK", "400 Bad Request");
        assert_eq!(
            curl_failures(&bad).len(),
            1,
            "a challenge on an error is one"
        );
    }

    #[test]
    fn a_400_counts_when_it_refuses_a_sign_in_in_its_own_words() {
        let judge = Judge::new();
        // Every real server's 400 among the diagnosis fixtures: token endpoints (Entra, Cognito,
        // IdentityServer), cloud APIs, anti-forgery checks, oversized cookies.
        let mut seen = 0;
        for (name, cause, _) in crate::diagnosis::fixtures::cases() {
            let event = crate::diagnosis::fixtures::load(name);
            if event.status_code == 400 {
                seen += 1;
                assert!(judge.is_auth_failure(&event), "{name} ({cause})");
            }
        }
        assert!(seen >= 20, "{seen} fixtures of 400");
        // What a 400 says of everything else: a form's fields, a query, a payment's parameters.
        for body in [
            r#"{"username":["This field is required."],"email":["Enter a valid email address."]}"#,
            r#"{"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":9}]}]}"#,
            r#"{"error":{"type":"invalid_request_error","code":"parameter_missing","message":"Missing required param: amount.","param":"amount"}}"#,
            r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400}"#,
            "<html><head><title>400 Bad Request</title></head><body><center><h1>400 Bad Request</h1></center><hr><center>nginx</center></body></html>",
            "",
        ] {
            let text = format!(
                "HTTP/1.1 400 Bad Request\nContent-Type: application/json\nDate: Mon, 07 Dec 2026 10:00:00 GMT\n\n{body}\n"
            );
            assert!(curl_failures(&text).is_empty(), "{body}");
        }
        // RFC 6749 §5.2: a refresh token the provider no longer takes, as Entra says it.
        let expired = "HTTP/1.1 400 Bad Request\nContent-Type: application/json; charset=utf-8\nDate: Mon, 20 Mar 2023 16:53:18 GMT\n\n{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh token has expired due to inactivity.\",\"error_codes\":[700082]}\n";
        assert_eq!(curl_failures(expired).len(), 1);
    }

    #[test]
    fn a_single_curl_response_is_no_flow_and_a_chain_is() {
        let run = |hops: Vec<Hop>| {
            let mut judge = Judge::new();
            let mut flows = 0;
            for (i, hop) in hops.into_iter().enumerate() {
                judge.add(
                    Exchange::from_transcript(crate::transcript::Exchange { line: i + 1, hop }),
                    &mut |f| flows += usize::from(matches!(f, Found::Flow(_))),
                );
            }
            judge.finish(&mut |f| flows += usize::from(matches!(f, Found::Flow(_))));
            flows
        };
        let mut lone = hop("main_frame", "GET", "", 302, &[]);
        lone.event.resource_type = None;
        assert_eq!(run(vec![lone]), 0);
        let looping: Vec<Hop> = login_loop(4)
            .into_iter()
            .map(|mut h| {
                h.event.resource_type = None;
                h
            })
            .collect();
        assert!(run(looping) >= 1, "curl -L round a loop is a flow");
    }
}
