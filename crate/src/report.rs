//! The report a visitor can send to the site owner: Markdown, in the visitor's language, with
//! everything an owner needs to find the failure in the logs (URL, method, status, time, the
//! challenges, the cause and its evidence, the browser; for a sign-in flow, its steps and where
//! it broke) and nothing that could hurt the visitor: no credential, token, cookie, password,
//! query value or fragment.
//!
//! It is built from what the extension stores (a [`ReportContext`] and the [`Diagnosis`], or a
//! [`FlowRecord`]), never from the raw requests, so secrets are not even in reach; every string
//! still passes through the redaction again.

use serde::Deserialize;

use crate::challenge::Challenge;
use crate::date::iso8601;
use crate::diagnosis::{Cause, Diagnosis, Fix, FlowFailure, Step};
use crate::event::Event;
use crate::{redact, timeline};

/// The request facts a report shows besides the diagnosis. Deserialises from the failure
/// record the extension stores (`{ url, method, type, time, browser }`; `timeStamp` also
/// accepted for `time`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportContext {
    /// The request URL (redacted again when rendered).
    pub url: String,
    /// The request method.
    pub method: String,
    /// webRequest resource type, e.g. `main_frame`.
    #[serde(default, rename = "type")]
    pub resource_type: Option<String>,
    /// When it failed, in ms since the epoch.
    #[serde(default, alias = "timeStamp")]
    pub time: Option<f64>,
    /// Browser name and version, e.g. `Chrome 156`.
    #[serde(default)]
    pub browser: String,
}

impl ReportContext {
    /// The context of `event`, seen in `browser`.
    pub fn from_event(event: &Event, browser: &str) -> Self {
        ReportContext {
            url: event.url.clone(),
            method: event.method.clone(),
            resource_type: event.resource_type.clone(),
            time: event.time_stamp,
            browser: browser.into(),
        }
    }
}

/// A failed sign-in flow as the extension stores it: `{ id, time, failure, timeline }`, the
/// failure and timeline as [`crate::diagnose_flow`] gave them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FlowRecord {
    /// When it was judged, in ms since the epoch.
    #[serde(default)]
    pub time: Option<f64>,
    /// What went wrong.
    pub failure: FlowFailure,
    /// Every hop of the flow, redacted; `failure.hops` are indices into it.
    #[serde(default)]
    pub timeline: Vec<Step>,
    /// Browser name and version, e.g. `Chrome 156`.
    #[serde(default)]
    pub browser: String,
}

/// Every locale key the report uses besides the diagnosis' own, with its argument count.
#[cfg(test)]
pub(crate) const REPORT_KEYS: &[(&str, usize)] = &[
    ("report_title", 1),
    ("report_flow_title", 1),
    ("report_request", 0),
    ("report_time", 0),
    ("report_browser", 0),
    ("report_challenges", 0),
    ("report_no_challenges", 0),
    ("report_cause", 0),
    ("report_alternatives", 0),
    ("report_steps", 0),
    ("report_step_broken", 0),
    ("report_fixes", 0),
    ("report_footer", 1),
];

/// The report as it is written: Markdown lines, each text looked up and made safe.
struct Doc<'a> {
    out: String,
    text: &'a dyn Fn(&str, &[String]) -> String,
}

impl<'a> Doc<'a> {
    fn new(text: &'a dyn Fn(&str, &[String]) -> String) -> Self {
        Doc {
            out: String::new(),
            text,
        }
    }

    /// The message `key` with `args` scrubbed and escaped, on one line.
    fn t(&self, key: &str, args: &[String]) -> String {
        let escaped: Vec<String> = args
            .iter()
            .map(|a| markdown(&redact::scrub(a, &[])))
            .collect();
        single_line(&(self.text)(key, &escaped))
    }

    fn line(&mut self, s: String) {
        self.out.push_str(&s);
        self.out.push('\n');
    }

    /// `- **Label** value`.
    fn field(&mut self, label: &str, value: String) {
        let label = self.t(label, &[]);
        self.line(format!("- **{label}** {value}"));
    }

    fn when_and_where(&mut self, time: Option<f64>, browser: &str) {
        if let Some(ms) = time.filter(|t| t.is_finite()) {
            self.field("report_time", iso8601((ms / 1000.0) as i64));
        }
        if !browser.is_empty() {
            self.field("report_browser", markdown(&redact::scrub(browser, &[])));
        }
    }

    /// The cause, the sentence that explains it, and its evidence.
    fn cause(&mut self, c: &Cause) {
        let title = self.cause_title(c);
        self.field("report_cause", title);
        self.line(format!("  - {}", self.t(&c.id.key("why"), &[])));
        for e in &c.evidence {
            let args = e.args_in_words(&|key| (self.text)(key, &[]));
            self.line(format!(
                "  - {} ({})",
                self.t(&e.id.key("evidence"), &args),
                code(e.id.as_str())
            ));
        }
    }

    /// "Title (`id`, 95%)": a whole percentage, as the popup shows it; formatting an `f64`
    /// would bring float printing into the wasm module for one number.
    fn cause_title(&self, c: &Cause) -> String {
        let percent = (c.confidence * 100.0).round() as i64;
        format!(
            "{} ({}, {percent}%)",
            self.t(&c.id.key("cause"), &[]),
            code(c.id.as_str())
        )
    }

    fn alternatives(&mut self, alternatives: &[Cause]) {
        if alternatives.is_empty() {
            return;
        }
        let titles: Vec<String> = alternatives.iter().map(|c| self.cause_title(c)).collect();
        self.field("report_alternatives", titles.join("; "));
    }

    fn fixes(&mut self, fixes: &[Fix]) {
        self.line(format!("- **{}**", self.t("report_fixes", &[])));
        // Owner fixes say "Site owner:" in their own text, so no audience label is needed here.
        for (i, f) in fixes.iter().enumerate() {
            self.line(format!(
                "  {}. {} ({})",
                i + 1,
                self.t(&f.id.key("fix"), &[]),
                code(f.id.as_str())
            ));
        }
    }

    fn finish(mut self) -> String {
        self.line(String::new());
        // The owner can tell which AuthLens judged it: Cargo.toml's one version.
        let footer = self.t("report_footer", &[env!("CARGO_PKG_VERSION").to_owned()]);
        self.line(format!("_{footer}_"));
        self.out
    }
}

/// Renders the redacted Markdown report of one failed request. `text(key, args)` looks a
/// locale message up and substitutes `$1`..`$n` (the extension passes `chrome.i18n.getMessage`).
pub fn report(
    context: &ReportContext,
    diagnosis: &Diagnosis,
    text: &dyn Fn(&str, &[String]) -> String,
) -> String {
    let mut doc = Doc::new(text);
    let title = doc.t("report_title", &[diagnosis.status.to_string()]);
    doc.line(format!("## {title}"));
    doc.line(String::new());
    let kind = context
        .resource_type
        .as_deref()
        .map(|k| format!(" ({})", markdown(&redact::scrub(k, &[]))))
        .unwrap_or_default();
    let method = redact::scrub(&context.method, &[]);
    doc.field(
        "report_request",
        format!(
            "{}{kind}",
            code(&format!("{method} {}", redact::url(&context.url)))
        ),
    );
    doc.when_and_where(context.time, &context.browser);
    if diagnosis.challenges.is_empty() {
        let none = doc.t("report_no_challenges", &[]);
        doc.field("report_challenges", none);
    } else {
        doc.line(format!("- **{}**", doc.t("report_challenges", &[])));
        for c in diagnosis.challenges.iter().take(8) {
            doc.line(format!("  - {}", code(&challenge(c))));
        }
    }
    doc.cause(&diagnosis.cause);
    doc.alternatives(&diagnosis.alternatives);
    doc.fixes(&diagnosis.fixes);
    doc.finish()
}

/// Renders the redacted Markdown report of a failed sign-in flow: the cause and its evidence,
/// every step of the flow (method, redacted address, status, what it was) with the steps where
/// it broke marked, and the fixes.
pub fn flow_report(record: &FlowRecord, text: &dyn Fn(&str, &[String]) -> String) -> String {
    let failure = &record.failure;
    let cause = Cause {
        id: failure.cause,
        confidence: failure.confidence,
        evidence: failure.evidence.clone(),
    };
    let mut doc = Doc::new(text);
    let title = doc.t(
        "report_flow_title",
        &[(doc.text)(&failure.cause.key("cause"), &[])],
    );
    doc.line(format!("## {title}"));
    doc.line(String::new());
    doc.when_and_where(record.time, &record.browser);
    doc.cause(&cause);
    doc.alternatives(&failure.alternatives);
    doc.line(format!("- **{}**", doc.t("report_steps", &[])));
    let broken = doc.t("report_step_broken", &[]);
    for (i, step) in record.timeline.iter().enumerate() {
        let status = match step.status {
            0 => String::new(),
            s => format!(" {s}"),
        };
        let words = markdown(&timeline::words(step, &|key| doc.t(key, &[])));
        let mark = if failure.hops.contains(&i) {
            format!(" **{broken}**")
        } else {
            String::new()
        };
        let request = format!(
            "{} {}",
            redact::scrub(&step.method, &[]),
            redact::url(&step.url)
        );
        doc.line(format!(
            "  {}. {}{status}, {words}{mark}",
            i + 1,
            code(&request)
        ));
    }
    doc.fixes(&failure.fixes);
    doc.finish()
}

/// A challenge as a header value would show it, without token68 data, every value scrubbed.
pub(crate) fn challenge(c: &Challenge) -> String {
    let mut s = redact::scrub(&c.scheme, &[]);
    if c.token68.is_some() {
        s.push_str(" …");
    }
    let params: Vec<String> = c
        .params
        .iter()
        .take(12)
        .map(|p| {
            format!(
                "{}=\"{}\"",
                redact::scrub(&p.name, &[]),
                redact::scrub(&p.value, &[]).replace(['"', '\\'], "'")
            )
        })
        .collect();
    if !params.is_empty() {
        s.push(' ');
        s.push_str(&params.join(", "));
    }
    s
}

/// Inline code that no backtick inside can close early.
fn code(s: &str) -> String {
    let s = single_line(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space on each side, which lets a span start or end with a backtick.
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Markdown-significant characters escaped, so server-chosen text stays text.
fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in single_line(s).chars() {
        if "\\`*[]<>#|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn single_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::fixtures::{load, load_with_challenge};
    use crate::diagnosis::tests::secret_laden_event;
    use crate::{CauseId, Flow, diagnose, diagnose_flow};

    /// The extension's English text, with `$n` substituted as `chrome.i18n` does.
    fn english(key: &str, args: &[String]) -> String {
        let messages: serde_json::Value =
            serde_json::from_str(include_str!("../../extension/_locales/en/diagnosis.json"))
                .unwrap();
        let mut message = messages[key]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no {key}"))
            .to_owned();
        for (i, a) in args.iter().enumerate().rev() {
            message = message.replace(&format!("${}", i + 1), a);
        }
        message
    }

    #[test]
    fn a_report_has_what_the_owner_needs() {
        let event = load("spring-jwt-expired");
        let d = diagnose(&event).unwrap();
        let r = report(
            &ReportContext::from_event(&event, "Chrome 156"),
            &d,
            &english,
        );
        for want in [
            "## Access refused: HTTP 401",
            "`GET https://shop.example.com/api/orders`",
            "(xmlhttprequest)",
            "2023-08-09T17:35:02Z",
            "Chrome 156",
            "Bearer error=\"invalid_token\"",
            "Sign-in token expired (`token-expired`, 95%)",
            "The token expired at 2023-08-09T17:28:27Z (UTC).",
            "1. Get a fresh token",
            &format!("_Report made by AuthLens {}.", env!("CARGO_PKG_VERSION")),
        ] {
            assert!(r.contains(want), "missing {want:?} in\n{r}");
        }
    }

    #[test]
    fn no_secret_reaches_the_report() {
        let (secrets, event) = secret_laden_event();
        let d = diagnose(&event).unwrap();
        let r = report(
            &ReportContext::from_event(&event, "Firefox 153"),
            &d,
            &english,
        );
        for secret in &secrets {
            assert!(!r.contains(secret.as_str()), "report leaks {secret}:\n{r}");
        }
        assert!(
            r.contains("https://app.example.com/api/me?email=…&code=…&access_token=…"),
            "{r}"
        );
    }

    #[test]
    fn request_secrets_never_reach_the_diagnosis_or_the_report() {
        let jwt = crate::jwt::tests::token(r#"{"sub":"alice","exp":1700000000}"#);
        let claims = jwt.split('.').nth(1).unwrap();
        let url = "https://app.example.com/api/me";
        /// One way a secret travels: URL, request header and value, the secrets the server echoes
        /// back (in its challenge, its description, a cookie and its body), and parts of them that
        /// must not show either (the core decodes no credentials, so none are echoed).
        type Case<'a> = (&'a str, &'a str, String, Vec<&'a str>, Vec<&'a str>);
        let cases: Vec<Case> = vec![
            (
                url,
                "Authorization",
                "Basic YWxpY2U6aHVudGVyMi1zZWNyZXQ=".into(),
                vec!["YWxpY2U6aHVudGVyMi1zZWNyZXQ="],
                vec!["hunter2-secret"],
            ),
            (
                url,
                "Authorization",
                format!("Bearer {jwt}"),
                vec![&jwt],
                vec![claims],
            ),
            (
                url,
                "Authorization",
                "Bearer\topaque-secret-token".into(),
                vec!["opaque-secret-token"],
                vec![],
            ),
            // A server quoting only the signature of the JWT it refused.
            (
                url,
                "Authorization",
                "Bearer eyJhbGciOiJub25lIn0.e30.SIGNATURE-ONLY-SECRET".into(),
                vec!["SIGNATURE-ONLY-SECRET"],
                vec![],
            ),
            (url, "X-GitHub-OTP", "864209".into(), vec!["864209"], vec![]),
            (url, "npm-otp", "193746".into(), vec!["193746"], vec![]),
            (
                url,
                "Proxy-Authorization",
                "Basic cHJveHk6cHJveHktcGFzcw==".into(),
                vec!["cHJveHk6cHJveHktcGFzcw=="],
                vec!["proxy-pass"],
            ),
            (
                url,
                "Cookie",
                "sid=COOKIE-SECRET-1; theme=dark; csrf= CSRF-SECRET-2 ".into(),
                vec!["COOKIE-SECRET-1", "CSRF-SECRET-2"],
                vec![],
            ),
            (
                "https://app.example.com/api/me?code=QUERY-SECRET-3&access_token=QUERY-SECRET-4",
                "Accept",
                "*/*".into(),
                vec!["QUERY-SECRET-3", "QUERY-SECRET-4"],
                vec![],
            ),
            (
                "https://alice:USERINFO-SECRET-5@app.example.com/api/me",
                "Accept",
                "*/*".into(),
                vec!["USERINFO-SECRET-5"],
                vec![],
            ),
        ];
        for (url, name, value, echoed, hidden) in &cases {
            for status in [401, 403, 407] {
                let echo = echoed.join(" ");
                let challenge = format!(
                    r#"Bearer realm="{echo}", error="invalid_token", error_description="token {echo} refused""#
                );
                let event = Event {
                    url: url.to_string(),
                    method: "GET".into(),
                    status_code: status,
                    resource_type: Some("main_frame".into()),
                    response_headers: vec![
                        crate::Header::new(
                            if status == 407 {
                                "Proxy-Authenticate"
                            } else {
                                "WWW-Authenticate"
                            },
                            &challenge,
                        ),
                        crate::Header::new("Set-Cookie", &format!("sid={echo}")),
                    ],
                    request_headers: Some(vec![crate::Header::new(name, value)]),
                    body_text: Some(format!(r#"{{"error":"invalid token {echo}"}}"#)),
                    ..Event::default()
                };
                let d = diagnose(&event).unwrap();
                let json = serde_json::to_string(&d).unwrap();
                let r = report(
                    &ReportContext::from_event(&event, "Chrome 156"),
                    &d,
                    &english,
                );
                for secret in echoed.iter().chain(hidden) {
                    assert!(
                        !json.contains(secret),
                        "{status} {name}: diagnosis leaks {secret}: {json}"
                    );
                    assert!(
                        !r.contains(secret),
                        "{status} {name}: report leaks {secret}:\n{r}"
                    );
                }
            }
        }
    }

    #[test]
    fn server_text_cannot_forge_markdown() {
        let event = load_with_challenge(
            "nginx-basic-first-visit",
            "Basic realm=\"x` ](http://evil.example) ``\n## Pwned\"",
        );
        let d = diagnose(&event).unwrap();
        let r = report(
            &ReportContext {
                browser: "<img src=x>\n# Big".into(),
                ..ReportContext::from_event(&event, "")
            },
            &d,
            &english,
        );
        assert!(
            !r.lines()
                .any(|l| l.starts_with("## Pwned") || l.starts_with("# Big")),
            "{r}"
        );
        assert!(r.contains("\\<img src=x\\>"), "{r}");
    }

    #[test]
    fn context_reads_the_stored_failure_record() {
        let json = r#"{"url":"https://a.example/x?y=1","method":"GET","type":"main_frame","statusCode":401,"time":1700000000000,"challenges":[],"browser":"Chrome 156"}"#;
        let c: ReportContext = serde_json::from_str(json).unwrap();
        assert_eq!(
            (c.resource_type.as_deref(), c.time, c.browser.as_str()),
            (Some("main_frame"), Some(1.7e12), "Chrome 156")
        );
        let alias: ReportContext =
            serde_json::from_str(r#"{"url":"u","method":"GET","timeStamp":5}"#).unwrap();
        assert_eq!(alias.time, Some(5.0));
    }

    /// A stored flow record as the background writes it.
    fn record(json: serde_json::Value) -> FlowRecord {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_flow_report_has_the_cause_the_steps_and_where_it_broke() {
        let r = flow_report(
            &record(serde_json::json!({
                "id": 3,
                "time": 1_700_000_000_000u64,
                "failure": {
                    "cause": "cookie-rejected",
                    "confidence": 0.9,
                    "evidence": [{ "id": "cookie-refused", "args": ["sid", "samesite-none-insecure"] }],
                    "alternatives": [{ "id": "login-loop", "confidence": 0.6, "evidence": [] }],
                    "fixes": [
                        { "id": "restart-sign-in", "audience": "visitor", "action": "restart-sign-in" },
                        { "id": "fix-cookie-attributes", "audience": "owner" }
                    ],
                    "hops": [2]
                },
                "timeline": [
                    { "url": "https://app.example.com/", "method": "GET", "status": 302, "kind": "page", "frame": "top" },
                    { "url": "https://login.example.net/authorize?client_id=…&state=…", "method": "GET", "status": 302, "kind": "authorization-request", "frame": "top" },
                    { "url": "https://app.example.com/callback?code=…&state=…", "method": "GET", "status": 302, "kind": "authorization-response", "frame": "top" },
                    { "url": "https://login.example.net/check", "method": "GET", "status": 0, "kind": "page", "frame": "frame" }
                ]
            })),
            &english,
        );
        let lines: Vec<&str> = r.lines().collect();
        for want in [
            "## Sign-in failed: Cookie refused by the browser",
            "- **Time (UTC):** 2023-11-14T22:13:20Z",
            "- **Likely cause:** Cookie refused by the browser (`cookie-rejected`, 90%)",
            "  - The browser refused the cookie sid: it is SameSite=None without Secure. (`cookie-refused`)",
            "- **Also possible:** Sign-in loop (`login-loop`, 60%)",
            "  1. `GET https://app.example.com/` 302, page",
            "  2. `GET https://login.example.net/authorize?client_id=…&state=…` 302, sign-in request to the sign-in service",
            "  3. `GET https://app.example.com/callback?code=…&state=…` 302, answer of the sign-in service **← it broke here**",
            "  4. `GET https://login.example.net/check`, page in a frame",
            "  1. Start signing in again from the site's own page, in this tab only; close other tabs of the site that are signing in. (`restart-sign-in`)",
        ] {
            assert!(lines.contains(&want), "missing {want:?} in\n{r}");
        }
        assert_eq!(r.matches("it broke here").count(), 1, "{r}");
    }

    /// A sign-in loop whose every hop carries secrets where real ones travel: OAuth's state,
    /// nonce, PKCE challenge, code and tokens (query, fragment, form_post), a SAML response and
    /// its RelayState, cookie values set and sent, a password posted, user info in a URL and a
    /// token-shaped path segment. The app's cookie is refused (SameSite=None without Secure)
    /// and the provider answers an error once, so the rules find failures in it.
    fn secret_laden_flow() -> (Vec<&'static str>, Flow) {
        let secrets = vec![
            "STATE-SECRET-",
            "NONCE-SECRET-",
            "PKCE-CHALLENGE-SECRET",
            "CODE-SECRET-",
            "ACCESS-TOKEN-SECRET",
            "ID-TOKEN-SECRET",
            "PHNhbWxwOlJlc3BvbnNlIFNFQ1JFVC03Pg",
            "RELAY-STATE-SECRET",
            "SESSION-COOKIE-SECRET",
            "IDP-COOKIE-SECRET",
            "PASSWORD-SECRET",
            "USERINFO-SECRET",
            "MAGICLINKSECRET13MAGICLINKSECRET13MAGIC",
            "alice@example.com",
        ];
        let at = 1_700_000_000_000u64;
        let round = |n: u64| {
            let authorize = format!(
                "https://login.example.net/authorize?client_id=app&response_type=code&state=STATE-SECRET-{n}&nonce=NONCE-SECRET-{n}&code_challenge=PKCE-CHALLENGE-SECRET&login_hint=alice@example.com"
            );
            let callback = format!(
                "https://app.example.com/callback?code=CODE-SECRET-{n}&state=STATE-SECRET-{n}"
            );
            let t = at + n * 2000;
            serde_json::json!([
                { "url": "https://app.example.com/MAGICLINKSECRET13MAGICLINKSECRET13MAGIC", "statusCode": 302,
                  "type": "main_frame", "timeStamp": t, "redirectUrl": authorize },
                { "url": authorize, "statusCode": 302, "type": "main_frame", "timeStamp": t + 500,
                  "requestHeaders": [{ "name": "Cookie", "value": "idp=IDP-COOKIE-SECRET" }], "redirectUrl": callback },
                { "url": callback, "statusCode": 302, "type": "main_frame", "timeStamp": t + 900,
                  "redirectUrl": "https://app.example.com/MAGICLINKSECRET13MAGICLINKSECRET13MAGIC",
                  "responseHeaders": [{ "name": "Set-Cookie", "value": "sid=SESSION-COOKIE-SECRET; Path=/; SameSite=None" }] }
            ])
        };
        let mut hops: Vec<serde_json::Value> = (1..=3)
            .flat_map(|n| round(n).as_array().cloned().unwrap_or_default())
            .collect();
        hops.extend(serde_json::json!([
            { "url": "https://login.example.net/login", "method": "POST", "statusCode": 302, "type": "main_frame",
              "formData": { "username": ["alice@example.com"], "password": ["PASSWORD-SECRET"] },
              "requestHeaders": [{ "name": "Cookie", "value": "idp=IDP-COOKIE-SECRET" }],
              "redirectUrl": "https://app.example.com/callback#access_token=ACCESS-TOKEN-SECRET&id_token=ID-TOKEN-SECRET&state=STATE-SECRET-4" },
            { "url": "https://app.example.com/oidc/form_post", "method": "POST", "statusCode": 400, "type": "main_frame",
              "formData": { "error": ["access_denied"], "id_token": ["ID-TOKEN-SECRET"], "state": ["STATE-SECRET-5"] } },
            { "url": "https://sp.example.org/saml/acs", "method": "POST", "statusCode": 500, "type": "main_frame",
              "formData": { "SAMLResponse": ["PHNhbWxwOlJlc3BvbnNlIFNFQ1JFVC03Pg"], "RelayState": ["RELAY-STATE-SECRET"] } },
            { "url": "https://alice:USERINFO-SECRET@app.example.com/api/me?access_token=ACCESS-TOKEN-SECRET", "statusCode": 302,
              "type": "xmlhttprequest", "redirectUrl": "https://app.example.com/login",
              "requestHeaders": [{ "name": "Authorization", "value": "Bearer ACCESS-TOKEN-SECRET" }] }
        ]).as_array().cloned().unwrap_or_default());
        let flow: Flow = serde_json::from_value(serde_json::json!({ "hops": hops })).unwrap();
        (secrets, flow)
    }

    #[test]
    fn no_secret_of_a_flow_reaches_its_report() {
        let (secrets, flow) = secret_laden_flow();
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.timeline.len(), flow.hops.len());
        assert!(!d.failures.is_empty(), "the rules find the loop");
        // Whatever the rules find, and a failure naming every hop, so that every step is shown
        // both plainly and marked.
        let every_hop = FlowFailure {
            cause: CauseId::LoginLoop,
            confidence: 0.9,
            evidence: Vec::new(),
            alternatives: Vec::new(),
            fixes: Vec::new(),
            hops: (0..flow.hops.len()).collect(),
        };
        for failure in d.failures.iter().cloned().chain([every_hop]) {
            let r = flow_report(
                &FlowRecord {
                    time: Some(1.7e12),
                    failure,
                    timeline: d.timeline.clone(),
                    browser: "Firefox 153".into(),
                },
                &english,
            );
            assert!(
                r.contains(
                    "`GET https://login.example.net/authorize?client_id=…&response_type=…&state=…"
                ),
                "the steps are there:\n{r}"
            );
            for secret in &secrets {
                assert!(!r.contains(secret), "report leaks {secret}:\n{r}");
            }
        }
    }

    #[test]
    fn a_stored_timeline_is_redacted_again() {
        let r = flow_report(
            &record(serde_json::json!({
                "failure": { "cause": "oauth-error", "confidence": 0.95, "evidence": [],
                             "alternatives": [], "fixes": [], "hops": [0] },
                "timeline": [{ "url": "https://u:RAW-PASSWORD@app.example.com/cb?code=RAW-CODE-SECRET#id_token=RAW-ID-TOKEN",
                               "method": "GET", "status": 302, "kind": "authorization-response", "frame": "top" }]
            })),
            &english,
        );
        assert!(r.contains("`GET https://app.example.com/cb?code=…`"), "{r}");
        assert!(!r.contains("RAW-"), "{r}");
    }

    #[test]
    fn a_flow_record_needs_its_failure() {
        let missing = serde_json::from_str::<FlowRecord>(r#"{"timeline":[]}"#).unwrap_err();
        assert!(missing.to_string().contains("failure"), "{missing}");
        let bad_step = serde_json::from_str::<FlowRecord>(
            r#"{"failure":{"cause":"login-loop","confidence":1,"evidence":[],"alternatives":[],"fixes":[],"hops":[]},"timeline":[{"url":"u","method":"GET","status":200,"kind":"teleport","frame":"top"}]}"#,
        )
        .unwrap_err();
        assert!(bad_step.to_string().contains("teleport"), "{bad_step}");
    }
}
