//! What the developer's pages show of recorded exchanges: the DevTools panel's live recording
//! of the inspected tab, and a HAR file dropped on the HAR page. Each exchange is a HAR entry
//! read by [`crate::har`], and they are judged as the command line judges a capture
//! ([`Judge`]): every auth failure diagnosed, every sign-in trail judged as a flow.
//!
//! For the developer it keeps more than a report may: the entries themselves, in memory and
//! never stored, to decode a token one carried, to write one as a curl command and to export
//! them, each time with every secret replaced by a named placeholder
//! ([`crate::redact::placeholder`]).

use std::collections::VecDeque;

use serde_json::Value;

use crate::capture::{Exchange, FlowReport, Found, Judge, Source};
use crate::curl::{self, Command, Unwritable};
use crate::date::parse_http_date;
use crate::flow::Hop;
use crate::har::{BODY_LIMIT, Entry};
use crate::jwt::{self, Decoded};
use crate::redact::placeholder::Placeholders;
use crate::redact::secrets::{Carried, credential_header};

/// Entries a live recording keeps: the newest. DevTools hand over every request of the tab;
/// a sign-in is a few dozen of them.
#[cfg(any(test, feature = "panel"))]
pub(crate) const MAX_RECORDED: usize = 2000;

/// One entry kept: what the findings may name.
pub(crate) struct Kept {
    /// Its index in the recording or file.
    pub index: usize,
    /// The entry as recorded, its body cut to what the core reads.
    pub value: Value,
    /// As the judge reads it.
    pub exchange: Exchange,
}

/// How the entries come.
enum Mode {
    /// One by one from DevTools, any time: judged again, all of them, when asked.
    #[cfg(any(test, feature = "panel"))]
    Live,
    /// A file, read once: judged as it is read; only what a finding may name is kept.
    #[cfg(any(test, feature = "har-page"))]
    File {
        judge: Box<Judge>,
        found: Vec<Found>,
        finished: bool,
    },
}

/// The entries of a recording or a file, and what they show.
pub(crate) struct Inspection {
    mode: Mode,
    kept: VecDeque<Kept>,
    /// How many entries were added.
    entries: usize,
}

/// Header lines as shown: name and (redacted) value.
pub(crate) type Headers = Vec<(String, String)>;

/// How many entries were read, and what they showed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Entries read.
    pub entries: usize,
    /// Failed responses.
    pub failures: usize,
    /// Failed sign-ins.
    pub flows: usize,
    /// Failed responses diagnosed with their bodies.
    pub with_bodies: usize,
}

/// Where a token was, in an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenPlace {
    /// A request header: `Authorization: Bearer`, or a service's own (`X-Auth-Token`).
    Header(String),
    /// An ID token: in a form posted to the app (`response_mode=form_post`), in the address
    /// the provider sent the browser back to, or in the token endpoint's answer.
    IdToken,
}

/// A token decoded, with the two clocks its times are read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where it was.
    pub place: TokenPlace,
    /// Its header and claims.
    pub decoded: Decoded,
    /// The server's clock when it answered (`Date`), in seconds since the epoch.
    pub server_time: Option<i64>,
    /// The browser's clock when the request was made, in seconds since the epoch.
    pub local_time: Option<i64>,
}

/// The registered claims a developer meets in access and ID tokens, and the key of what each
/// means: RFC 7519 §4.1, OpenID Connect Core §2 and §5.1, RFC 8693 §4 (`act`, `scope`), RFC
/// 9068 §2.2 (`client_id`), RFC 7800 (`cnf`), and Microsoft Entra's `tid`, `oid`, `scp` and
/// `roles`, which half of the tokens in the wild carry.
pub(crate) const CLAIMS: &[(&str, &str)] = &[
    ("iss", "claim_iss"),
    ("sub", "claim_sub"),
    ("aud", "claim_aud"),
    ("exp", "claim_exp"),
    ("nbf", "claim_nbf"),
    ("iat", "claim_iat"),
    ("jti", "claim_jti"),
    ("azp", "claim_azp"),
    ("client_id", "claim_client_id"),
    ("scope", "claim_scope"),
    ("scp", "claim_scope"),
    ("roles", "claim_roles"),
    ("groups", "claim_groups"),
    ("auth_time", "claim_auth_time"),
    ("acr", "claim_acr"),
    ("amr", "claim_amr"),
    ("sid", "claim_sid"),
    ("nonce", "claim_nonce"),
    ("at_hash", "claim_at_hash"),
    ("c_hash", "claim_c_hash"),
    ("email", "claim_email"),
    ("email_verified", "claim_email_verified"),
    ("name", "claim_name"),
    ("preferred_username", "claim_preferred_username"),
    ("tid", "claim_tid"),
    ("oid", "claim_oid"),
    ("cnf", "claim_cnf"),
    ("act", "claim_act"),
];

/// The JOSE header's parameters (RFC 7515 §4.1), and the key of what each means.
pub(crate) const JOSE_HEADER: &[(&str, &str)] = &[
    ("alg", "jose_alg"),
    ("typ", "jose_typ"),
    ("kid", "jose_kid"),
    ("cty", "jose_cty"),
    ("jku", "jose_jku"),
    ("jwk", "jose_jwk"),
    ("x5u", "jose_x5u"),
    ("x5t", "jose_x5t"),
    ("x5c", "jose_x5c"),
];

/// Every other key the inspector's view uses, with its number of `$n` placeholders (the
/// catalogue test below holds them to `extension/_locales/*/inspector.json`).
#[cfg(test)]
pub(crate) const TEXT_KEYS: &[(&str, usize)] = &[
    ("inspector_body_read_short", 0),
    ("inspector_sign_in", 0),
    ("inspector_nothing_selected", 0),
    ("inspector_kind", 1),
    ("inspector_body_read", 0),
    ("inspector_body_missing", 0),
    ("inspector_copy_curl", 0),
    ("inspector_exchange", 0),
    ("inspector_request_headers", 0),
    ("inspector_response_headers", 0),
    ("inspector_flow_title", 1),
    ("inspector_duration_seconds", 1),
    ("inspector_duration_minutes", 1),
    ("inspector_duration_hours", 1),
    ("inspector_duration_days", 1),
    ("inspector_token_header", 1),
    ("inspector_token_id", 0),
    ("inspector_token_expired", 0),
    ("inspector_token_not_yet", 0),
    ("inspector_token_clocks", 0),
    ("inspector_token_valid", 0),
    ("inspector_token_no_expiry", 0),
    ("inspector_time_server_past", 1),
    ("inspector_time_server_future", 1),
    ("inspector_time_local_past", 1),
    ("inspector_time_local_future", 1),
    ("inspector_token_jose", 0),
    ("inspector_token_claims", 0),
    ("inspector_token_note", 0),
    ("har_requests", 1),
    ("har_reading", 6),
    ("har_read", 4),
    ("har_read_nothing", 2),
    ("har_unreadable", 3),
];

/// Clocks closer than this agree, as the diagnosis has it: `Date` has one-second resolution
/// and the response spent some time on the wire.
const CLOCK_TOLERANCE: i64 = 60;

/// What a token's time claims say, against the server's clock and the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// `exp` has passed by every clock there is.
    Expired,
    /// `nbf` (or `iat`) is still ahead by every clock there is.
    NotYetValid,
    /// Valid by one clock and not by the other: a clock is off.
    ClocksDisagree,
    /// Within its validity by every clock there is.
    Valid,
    /// It says no expiry, or there is no clock to read it against.
    Unknown,
}

/// One time claim against both clocks: seconds from each clock's now to the claim (negative:
/// past).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeClaim {
    /// `exp`, `nbf` or `iat`.
    pub name: &'static str,
    /// The claim, in seconds since the epoch.
    pub at: i64,
    /// `at` minus the server's clock.
    pub by_server: Option<i64>,
    /// `at` minus the browser's clock.
    pub by_local: Option<i64>,
}

impl Token {
    /// The time claims, each against both clocks.
    pub(crate) fn times(&self) -> Vec<TimeClaim> {
        let t = self.decoded.times;
        [("exp", t.exp), ("nbf", t.nbf), ("iat", t.iat)]
            .into_iter()
            .filter_map(|(name, at)| {
                let at = at?;
                Some(TimeClaim {
                    name,
                    at,
                    by_server: self.server_time.map(|now| at - now),
                    by_local: self.local_time.map(|now| at - now),
                })
            })
            .collect()
    }

    /// Whether the token was valid when it was used, by each clock there is.
    pub(crate) fn verdict(&self) -> Verdict {
        let t = self.decoded.times;
        let valid_at = |now: i64| -> Option<bool> {
            let started = t
                .nbf
                .or(t.iat)
                .is_none_or(|start| start <= now + CLOCK_TOLERANCE);
            let ends = t.exp.map(|exp| now < exp);
            match (started, ends) {
                (false, _) => Some(false),
                (true, Some(valid)) => Some(valid),
                (true, None) => None,
            }
        };
        let verdicts: Vec<bool> = [self.server_time, self.local_time]
            .into_iter()
            .flatten()
            .filter_map(valid_at)
            .collect();
        match verdicts.as_slice() {
            [] => Verdict::Unknown,
            v if v.iter().all(|&ok| ok) => Verdict::Valid,
            v if v.iter().any(|&ok| ok) => Verdict::ClocksDisagree,
            _ => {
                let now = self.server_time.or(self.local_time).unwrap_or_default();
                if t.exp.is_some_and(|exp| now >= exp) {
                    Verdict::Expired
                } else {
                    Verdict::NotYetValid
                }
            }
        }
    }
}

/// The entry's response body cut to what the core reads of one: a file's bodies are whole.
fn trimmed(mut value: Value) -> Value {
    if let Some(Value::String(text)) = value.pointer_mut("/response/content/text")
        && let Some((cut, _)) = text.char_indices().nth(2 * BODY_LIMIT)
    {
        // Twice the limit: base64 takes four characters for three bytes.
        text.truncate(cut);
    }
    value
}

impl Inspection {
    #[cfg(any(test, feature = "panel"))]
    /// A live recording (the DevTools panel's).
    pub(crate) fn live() -> Self {
        Inspection {
            mode: Mode::Live,
            kept: VecDeque::new(),
            entries: 0,
        }
    }

    #[cfg(any(test, feature = "har-page"))]
    /// A file (the HAR page's).
    pub(crate) fn file() -> Self {
        Inspection {
            mode: Mode::File {
                judge: Box::new(Judge::new()),
                found: Vec::new(),
                finished: false,
            },
            kept: VecDeque::new(),
            entries: 0,
        }
    }

    #[cfg(any(test, feature = "panel"))]
    /// Adds one recorded entry (its JSON text, as DevTools give it): the error names the field
    /// that cannot be read.
    pub(crate) fn add_json(&mut self, text: &str) -> Result<(), crate::har::HarError> {
        let index = self.entries;
        let value: Value = serde_json::from_str(text).map_err(|e| crate::har::HarError {
            at: format!("entry {index}, column {}", e.column()),
            problem: format!("not JSON: {e}"),
        })?;
        let mut entry = crate::har::entry(index, &value, None)?;
        // DevTools record one tab: whatever its pages, one trail.
        entry.tab = None;
        self.add(entry, value, None);
        Ok(())
    }

    /// Adds an entry read from a file exported by `creator` (or recorded), with its JSON value.
    pub(crate) fn add(&mut self, entry: Entry, value: Value, creator: Option<&str>) {
        self.entries += 1;
        let index = entry.index;
        let exchange = Exchange::from_entry(entry, creator);
        match &mut self.mode {
            #[cfg(any(test, feature = "panel"))]
            Mode::Live => {
                self.kept.push_back(Kept {
                    index,
                    value: trimmed(value),
                    exchange,
                });
                if self.kept.len() > MAX_RECORDED {
                    self.kept.pop_front();
                }
            }
            #[cfg(any(test, feature = "har-page"))]
            Mode::File { judge, found, .. } => {
                if judge.is_auth_failure(&exchange.hop.event)
                    || crate::capture::joins_trail(&exchange.hop)
                {
                    self.kept.push_back(Kept {
                        index,
                        value: trimmed(value),
                        exchange: exchange.clone(),
                    });
                }
                judge.add(exchange, &mut |f| found.push(f));
            }
        }
    }

    #[cfg(any(test, feature = "har-page"))]
    /// A file read to its end: the trails still open are judged.
    pub(crate) fn finish(&mut self) {
        if let Mode::File {
            judge,
            found,
            finished,
        } = &mut self.mode
            && !*finished
        {
            *finished = true;
            let judge = std::mem::take(judge);
            (*judge).finish(&mut |f| found.push(f));
        }
    }

    #[cfg(any(test, feature = "panel"))]
    /// Forgets every entry (the panel's *Clear*).
    pub(crate) fn clear(&mut self) {
        *self = Self::live();
    }

    /// The failures and failed sign-ins, in the order their first entry was recorded. A live
    /// recording is judged again, whole; a file gives what its reading found so far.
    pub(crate) fn findings(&self) -> Vec<Found> {
        let mut found = match &self.mode {
            #[cfg(any(test, feature = "panel"))]
            Mode::Live => {
                let mut found = Vec::new();
                let mut judge = Judge::new();
                for k in &self.kept {
                    judge.add(k.exchange.clone(), &mut |f| found.push(f));
                }
                judge.finish(&mut |f| found.push(f));
                found
            }
            #[cfg(any(test, feature = "har-page"))]
            Mode::File { found, .. } => found.clone(),
        };
        found.sort_by_key(first_entry);
        found
    }

    /// How many entries, failures and failed sign-ins.
    pub(crate) fn counts(&self, findings: &[Found]) -> Counts {
        let mut counts = Counts {
            entries: self.entries,
            ..Counts::default()
        };
        for f in findings {
            match f {
                Found::Failure(report) => {
                    counts.failures += 1;
                    if self
                        .kept(report.source)
                        .is_some_and(|k| k.exchange.hop.event.body_text.is_some())
                    {
                        counts.with_bodies += 1;
                    }
                }
                Found::Flow(_) => counts.flows += 1,
            }
        }
        counts
    }

    /// The entry at `source`, if it is kept.
    pub(crate) fn kept(&self, source: Source) -> Option<&Kept> {
        let Source::Entry(index) = source else {
            return None;
        };
        let at = self.kept.binary_search_by_key(&index, |k| k.index).ok()?;
        self.kept.get(at)
    }

    /// The curl command of the entry at `source`, its secrets as placeholders.
    pub(crate) fn curl(&self, source: Source) -> Result<Command, Unwritable> {
        let kept = self
            .kept(source)
            .ok_or_else(|| Unwritable("the request is no longer recorded".into()))?;
        let request = kept.value.get("request").unwrap_or(&Value::Null);
        curl::command(request, &mut Placeholders::default())
    }

    /// The redacted HAR of every entry a finding names, written by AuthLens `version`.
    pub(crate) fn export(&self, findings: &[Found], version: &str) -> String {
        let mut sources: Vec<usize> = findings
            .iter()
            .flat_map(|f| match f {
                Found::Failure(report) => vec![report.source],
                Found::Flow(report) => report.timeline.iter().map(|s| s.source).collect(),
            })
            .filter_map(|s| match s {
                Source::Entry(i) => Some(i),
                Source::Line(_) => None,
            })
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let values: Vec<&Value> = sources
            .into_iter()
            .filter_map(|i| self.kept(Source::Entry(i)))
            .map(|k| &k.value)
            .collect();
        crate::har_export::redacted_har(&values, version)
    }

    /// The request and response headers of the entry at `source`, redacted as the curl command
    /// and the export redact them.
    pub(crate) fn headers(&self, source: Source) -> Option<(Headers, Headers)> {
        let kept = self.kept(source)?;
        let mut p = Placeholders::default();
        let mut list = |part: &str, request: bool| -> Headers {
            let headers = kept.value.pointer(&format!("/{part}/headers"));
            headers
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|h| {
                    let name = h.get("name")?.as_str()?;
                    let value = h.get("value").and_then(Value::as_str).unwrap_or_default();
                    let value = if request {
                        p.request_header(name, value)
                    } else {
                        p.response_header(name, value)
                    };
                    Some((p.text(name), value))
                })
                .collect()
        };
        let request = list("request", true);
        Some((request, list("response", false)))
    }

    /// The tokens of a failure's request (a bearer token) or of a sign-in's steps (ID tokens),
    /// decoded, each once.
    pub(crate) fn tokens(&self, finding: &Found) -> Vec<Token> {
        let mut out: Vec<Token> = Vec::new();
        let mut push = |place: TokenPlace, raw: &str, hop: &Hop| {
            let Ok(decoded) = jwt::decode(raw.trim()) else {
                return;
            };
            if out.iter().any(|t| t.decoded == decoded) {
                return;
            }
            let event = &hop.event;
            out.push(Token {
                place,
                decoded,
                server_time: event
                    .response_header_values("date")
                    .find_map(parse_http_date),
                local_time: event.time_stamp.map(|ms| (ms / 1000.0) as i64),
            });
        };
        match finding {
            Found::Failure(report) => {
                if let Some(k) = self.kept(report.source) {
                    let hop = &k.exchange.hop;
                    for h in hop.event.request_headers.iter().flatten() {
                        let value = h.value.as_deref().unwrap_or_default();
                        let bearer = value
                            .trim()
                            .split_once(' ')
                            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                            .map(|(_, token)| token);
                        if h.name.eq_ignore_ascii_case("authorization")
                            && let Some(token) = bearer
                        {
                            push(TokenPlace::Header(h.name.clone()), token, hop);
                        } else if credential_header(&h.name) == Some(Carried::Token) {
                            push(TokenPlace::Header(h.name.clone()), value, hop);
                        }
                    }
                }
            }
            Found::Flow(report) => {
                for step in &report.timeline {
                    if let Some(k) = self.kept(step.source) {
                        for raw in id_tokens(&k.exchange.hop) {
                            push(TokenPlace::IdToken, &raw, &k.exchange.hop);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The entry a finding starts at: a failure's own, a failed sign-in's first broken step's.
fn first_entry(found: &Found) -> usize {
    let source = match found {
        Found::Failure(report) => Some(report.source),
        Found::Flow(report) => flow_source(report),
    };
    match source {
        Some(Source::Entry(i) | Source::Line(i)) => i,
        None => usize::MAX,
    }
}

/// Where a failed sign-in broke: its first broken step's entry.
pub(crate) fn flow_source(report: &FlowReport) -> Option<Source> {
    report
        .hops
        .first()
        .or(report.timeline.first())
        .map(|s| s.source)
}

/// The ID tokens a hop carried (OpenID Connect Core §3.1.2.5, §3.1.3.3, §3.2.2.5): in a form
/// posted to the app, in the address the browser was sent to or came with (query or
/// fragment), and in a token endpoint's JSON answer.
fn id_tokens(hop: &Hop) -> Vec<String> {
    let mut out = Vec::new();
    for (name, values) in hop.form_data.iter().flatten() {
        if name == "id_token" {
            out.extend(values.iter().cloned());
        }
    }
    for address in [Some(hop.event.url.as_str()), hop.redirect_url.as_deref()]
        .into_iter()
        .flatten()
    {
        let parts = address.split(['?', '#', '&']).skip(1);
        for pair in parts {
            if let Some(("id_token", value)) = pair.split_once('=') {
                out.push(crate::url::decode(value, true));
            }
        }
    }
    if let Some(body) = &hop.event.body_text
        && let Ok(Value::Object(members)) = serde_json::from_str::<Value>(body)
        && let Some(Value::String(token)) = members.get("id_token")
    {
        out.push(token.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::tests::token;
    use serde_json::json;

    /// A Chrome-recorded fetch answered 401 with a body, its bearer token an expired JWT.
    fn failed_fetch(jwt: &str) -> Value {
        json!({
            "startedDateTime": "2026-12-07T10:00:00.000Z",
            "time": 20,
            "_resourceType": "fetch",
            "request": {
                "method": "GET", "url": "https://api.example.com/orders?page=2", "httpVersion": "http/1.1",
                "headers": [{ "name": "Authorization", "value": format!("Bearer {jwt}") },
                            { "name": "Cookie", "value": "sid=COOKIE-SECRET-1" }],
                "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0
            },
            "response": {
                "status": 401, "statusText": "Unauthorized", "httpVersion": "http/1.1",
                "headers": [{ "name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\", error_description=\"Jwt expired at 2026-12-07T09:00:00Z\"" },
                            { "name": "Date", "value": "Mon, 07 Dec 2026 10:00:01 GMT" }],
                "cookies": [], "content": { "size": 40, "mimeType": "application/json", "text": "{\"error\":\"invalid_token\"}" },
                "redirectURL": "", "headersSize": -1, "bodySize": 40
            },
            "cache": {}, "timings": { "send": 1, "wait": 18, "receive": 1 }
        })
    }

    fn document(url: &str, status: u16) -> Value {
        json!({
            "startedDateTime": "2026-12-07T10:00:00.000Z", "time": 5, "_resourceType": "document",
            "request": { "method": "GET", "url": url, "httpVersion": "http/1.1", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
            "response": { "status": status, "statusText": "", "httpVersion": "http/1.1", "headers": [], "cookies": [],
                          "content": { "size": 0, "mimeType": "text/html" }, "redirectURL": "", "headersSize": -1, "bodySize": 0 },
            "cache": {}, "timings": { "send": 0, "wait": 5, "receive": 0 }
        })
    }

    #[test]
    fn a_live_recording_finds_the_failure_with_its_body_and_token() {
        let jwt = token(
            r#"{"iss":"https://login.example.com/","aud":"api","exp":1796634000,"nonce":"N-SECRET"}"#,
        );
        let mut live = Inspection::live();
        live.add_json(&document("https://app.example.com/", 200).to_string())
            .unwrap();
        live.add_json(&failed_fetch(&jwt).to_string()).unwrap();
        let findings = live.findings();
        let [Found::Failure(report)] = findings.as_slice() else {
            panic!("one failure: {findings:?}");
        };
        assert_eq!((report.status, report.source), (401, Source::Entry(1)));
        assert_eq!(
            live.counts(&findings),
            Counts {
                entries: 2,
                failures: 1,
                flows: 0,
                with_bodies: 1
            }
        );
        let tokens = live.tokens(&findings[0]);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].place, TokenPlace::Header("Authorization".into()));
        assert_eq!(tokens[0].server_time, Some(1_796_637_601));
        assert_eq!(tokens[0].local_time, Some(1_796_637_600));
        assert!(
            tokens[0]
                .decoded
                .claims
                .iter()
                .any(|m| m.name == "nonce" && m.value == jwt::HIDDEN)
        );
        let curl = live.curl(report.source).unwrap();
        assert!(
            curl.text.contains("Bearer $TOKEN") && !curl.text.contains(&jwt),
            "{}",
            curl.text
        );
        let (request, response) = live.headers(report.source).unwrap();
        assert_eq!(
            request,
            [
                ("Authorization".into(), "Bearer $TOKEN".into()),
                ("Cookie".into(), "sid=$COOKIE_sid".into())
            ]
        );
        assert_eq!(
            response[1],
            ("Date".into(), "Mon, 07 Dec 2026 10:00:01 GMT".into())
        );
        let har = live.export(&findings, "0.1.0");
        assert!(
            har.contains("invalid_token") && !har.contains("COOKIE-SECRET") && !har.contains(&jwt)
        );
    }

    #[test]
    fn a_recording_is_bounded_and_cleared() {
        let mut live = Inspection::live();
        for _ in 0..MAX_RECORDED + 5 {
            live.add_json(&document("https://app.example.com/", 200).to_string())
                .unwrap();
        }
        assert_eq!(live.kept.len(), MAX_RECORDED);
        assert_eq!(live.kept.front().map(|k| k.index), Some(5));
        live.clear();
        assert_eq!((live.kept.len(), live.counts(&[]).entries), (0, 0));
    }

    #[test]
    fn an_unreadable_entry_is_named() {
        let mut live = Inspection::live();
        let err = live
            .add_json(r#"{"request":{"method":"GET"},"response":{}}"#)
            .unwrap_err();
        assert_eq!(err.to_string(), "log.entries[0].request.url: missing");
        assert!(
            live.add_json("{oops")
                .unwrap_err()
                .to_string()
                .contains("not JSON")
        );
    }

    #[test]
    fn a_file_keeps_only_what_its_findings_can_name() {
        let jwt = token(r#"{"exp":1}"#);
        let mut file = Inspection::file();
        let mut image = document("https://app.example.com/logo.png", 200);
        image["_resourceType"] = json!("image");
        let entries = [
            document("https://app.example.com/", 200),
            image,
            failed_fetch(&jwt),
        ];
        for (i, value) in entries.into_iter().enumerate() {
            let entry = crate::har::entry(i, &value, Some("Firefox")).unwrap();
            file.add(entry, value, Some("Firefox"));
        }
        file.finish();
        assert_eq!(
            file.kept.iter().map(|k| k.index).collect::<Vec<_>>(),
            [0, 2]
        );
        let findings = file.findings();
        assert_eq!(findings.len(), 1);
        assert_eq!(file.counts(&findings).entries, 3);
    }

    /// Every key the view uses has its text in both languages, with exactly its
    /// placeholders, and `inspector.json` holds nothing else.
    #[test]
    fn every_word_of_the_view_is_in_both_languages() {
        let mut expected: std::collections::BTreeMap<&str, usize> =
            TEXT_KEYS.iter().copied().collect();
        for (_, key) in CLAIMS.iter().chain(JOSE_HEADER) {
            expected.insert(key, 0);
        }
        let placeholders =
            |m: &str| -> usize { (1..=9).take_while(|n| m.contains(&format!("${n}"))).count() };
        for (lang, json) in [
            (
                "en",
                include_str!("../../extension/_locales/en/inspector.json"),
            ),
            (
                "ru",
                include_str!("../../extension/_locales/ru/inspector.json"),
            ),
        ] {
            let messages: std::collections::BTreeMap<String, Value> =
                serde_json::from_str(json).unwrap();
            // A counted message is read in each form of its language (plural.rs checks the
            // forms); `other` stands for them here.
            let counted = |key: &str| crate::plural::COUNTED.iter().any(|(c, _)| *c == key);
            let base = |key: &str| -> String {
                match key.rsplit_once('_') {
                    Some((base, _)) if counted(base) => base.to_owned(),
                    _ => key.to_owned(),
                }
            };
            for (key, &arity) in &expected {
                let stored = if counted(key) {
                    format!("{key}_other")
                } else {
                    (*key).to_owned()
                };
                let message = messages
                    .get(&stored)
                    .and_then(|m| m["message"].as_str())
                    .unwrap_or_else(|| panic!("{lang}/inspector.json lacks {key}"));
                assert_eq!(placeholders(message), arity, "{lang}: {key} = {message:?}");
                assert!(
                    !message.contains(&format!("${}", arity + 1)),
                    "{lang}: {key}"
                );
                if lang == "ru" {
                    assert!(
                        message.chars().any(|c| ('а'..='я').contains(&c)),
                        "ru: {key} = {message}"
                    );
                }
            }
            for key in messages.keys() {
                assert!(
                    expected.contains_key(base(key).as_str()),
                    "{lang}/inspector.json has {key}, which the view does not use"
                );
            }
        }
    }

    #[test]
    fn a_token_is_judged_by_both_clocks() {
        let token_at = |payload: &str, server: Option<i64>, local: Option<i64>| Token {
            place: TokenPlace::IdToken,
            decoded: jwt::decode(&token(payload)).unwrap(),
            server_time: server,
            local_time: local,
        };
        let cases: &[(&str, Option<i64>, Option<i64>, Verdict)] = &[
            (r#"{"exp":1000}"#, Some(2000), Some(2000), Verdict::Expired),
            (
                r#"{"exp":1000}"#,
                Some(500),
                Some(2000),
                Verdict::ClocksDisagree,
            ),
            (r#"{"exp":1000}"#, None, Some(2000), Verdict::Expired),
            (
                r#"{"exp":5000,"nbf":4000}"#,
                Some(2000),
                None,
                Verdict::NotYetValid,
            ),
            (
                r#"{"exp":5000,"iat":2030}"#,
                Some(2000),
                Some(2000),
                Verdict::Valid,
            ),
            (r#"{"exp":5000}"#, Some(2000), Some(2000), Verdict::Valid),
            (r#"{"sub":"a"}"#, Some(2000), Some(2000), Verdict::Unknown),
            (r#"{"exp":1000}"#, None, None, Verdict::Unknown),
        ];
        for &(payload, server, local, want) in cases {
            assert_eq!(
                token_at(payload, server, local).verdict(),
                want,
                "{payload} {server:?} {local:?}"
            );
        }
        let t = token_at(r#"{"iat":900,"exp":1000}"#, Some(1300), Some(1000));
        assert_eq!(
            t.times(),
            [
                TimeClaim {
                    name: "exp",
                    at: 1000,
                    by_server: Some(-300),
                    by_local: Some(0)
                },
                TimeClaim {
                    name: "iat",
                    at: 900,
                    by_server: Some(-400),
                    by_local: Some(-100)
                },
            ]
        );
    }

    #[test]
    fn id_tokens_are_found_where_providers_put_them() {
        let jwt = token(r#"{"sub":"1"}"#);
        let hop = |json: Value| -> Hop { serde_json::from_value(json).unwrap() };
        let cases = [
            json!({ "url": "https://app.example.com/cb", "statusCode": 302, "method": "POST",
                    "formData": { "id_token": [jwt.clone()], "state": ["s"] } }),
            json!({ "url": "https://login.example.com/authorize", "statusCode": 302,
                    "redirectUrl": format!("https://app.example.com/cb#state=s&id_token={jwt}") }),
            json!({ "url": "https://login.example.com/token", "statusCode": 200, "method": "POST",
                    "bodyText": format!(r#"{{"access_token":"a","id_token":"{jwt}"}}"#) }),
        ];
        for case in cases {
            assert_eq!(
                id_tokens(&hop(case.clone())),
                std::slice::from_ref(&jwt),
                "{case}"
            );
        }
    }
}
