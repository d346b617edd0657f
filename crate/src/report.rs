//! The report a visitor can send to the site owner: Markdown, in the visitor's language, with
//! everything an owner needs to find the failure in the logs (URL, method, status, time, the
//! challenges, the cause and its evidence, the browser) and nothing that could hurt the
//! visitor: no credential, token, cookie, password, query value or fragment.
//!
//! It is built from what the extension stores (a [`ReportContext`] and the [`Diagnosis`]),
//! never from the raw request, so secrets are not even in reach; every string still passes
//! through the redaction again.

use serde::Deserialize;

use crate::challenge::Challenge;
use crate::date::iso8601;
use crate::diagnosis::{Cause, Diagnosis};
use crate::event::Event;
use crate::redact;

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

/// Every locale key the report uses besides the diagnosis' own, with its argument count.
#[cfg(test)]
pub(crate) const REPORT_KEYS: &[(&str, usize)] = &[
    ("report_title", 1),
    ("report_request", 0),
    ("report_time", 0),
    ("report_browser", 0),
    ("report_challenges", 0),
    ("report_no_challenges", 0),
    ("report_cause", 0),
    ("report_alternatives", 0),
    ("report_fixes", 0),
    ("report_footer", 0),
];

/// Renders the redacted Markdown report. `text(key, args)` looks a locale message up and
/// substitutes `$1`..`$n` (the extension passes `chrome.i18n.getMessage`).
pub fn report(
    context: &ReportContext,
    diagnosis: &Diagnosis,
    text: &dyn Fn(&str, &[String]) -> String,
) -> String {
    let t = |key: &str, args: &[String]| -> String {
        let escaped: Vec<String> = args
            .iter()
            .map(|a| markdown(&redact::scrub(a, &[])))
            .collect();
        single_line(&text(key, &escaped))
    };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "## {}",
        t("report_title", &[diagnosis.status.to_string()])
    ));
    line(String::new());
    let kind = context
        .resource_type
        .as_deref()
        .map(|k| format!(" ({})", markdown(&redact::scrub(k, &[]))))
        .unwrap_or_default();
    let method = redact::scrub(&context.method, &[]);
    line(format!(
        "- **{}** {}{kind}",
        t("report_request", &[]),
        code(&format!("{method} {}", redact::url(&context.url)))
    ));
    if let Some(ms) = context.time.filter(|t| t.is_finite()) {
        line(format!(
            "- **{}** {}",
            t("report_time", &[]),
            iso8601((ms / 1000.0) as i64)
        ));
    }
    if !context.browser.is_empty() {
        line(format!(
            "- **{}** {}",
            t("report_browser", &[]),
            markdown(&redact::scrub(&context.browser, &[]))
        ));
    }
    if diagnosis.challenges.is_empty() {
        line(format!(
            "- **{}** {}",
            t("report_challenges", &[]),
            t("report_no_challenges", &[])
        ));
    } else {
        line(format!("- **{}**", t("report_challenges", &[])));
        for c in diagnosis.challenges.iter().take(8) {
            line(format!("  - {}", code(&challenge(c))));
        }
    }
    line(format!(
        "- **{}** {}",
        t("report_cause", &[]),
        cause(&t, &diagnosis.cause)
    ));
    line(format!("  - {}", t(&diagnosis.cause.id.key("why"), &[])));
    for e in &diagnosis.cause.evidence {
        line(format!(
            "  - {} ({})",
            t(&e.id.key("evidence"), &e.args),
            code(e.id.as_str())
        ));
    }
    if !diagnosis.alternatives.is_empty() {
        let alternatives: Vec<String> = diagnosis
            .alternatives
            .iter()
            .map(|c| cause(&t, c))
            .collect();
        line(format!(
            "- **{}** {}",
            t("report_alternatives", &[]),
            alternatives.join("; ")
        ));
    }
    line(format!("- **{}**", t("report_fixes", &[])));
    // Owner fixes say "Site owner:" in their own text, so no audience label is needed here.
    for (i, f) in diagnosis.fixes.iter().enumerate() {
        line(format!(
            "  {}. {} ({})",
            i + 1,
            t(&f.id.key("fix"), &[]),
            code(f.id.as_str())
        ));
    }
    line(String::new());
    line(format!("_{}_", t("report_footer", &[])));
    out
}

/// "Title (`id`, 95%)": a whole percentage, as the popup shows it; formatting an `f64` would
/// bring float printing into the wasm module for one number.
fn cause(t: &dyn Fn(&str, &[String]) -> String, c: &Cause) -> String {
    let percent = (c.confidence * 100.0).round() as i64;
    format!(
        "{} ({}, {percent}%)",
        t(&c.id.key("cause"), &[]),
        code(c.id.as_str())
    )
}

/// A challenge as a header value would show it, without token68 data, every value scrubbed.
fn challenge(c: &Challenge) -> String {
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
    use crate::diagnose;
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::tests::secret_laden_event;

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
        let mut event = load("nginx-basic-first-visit");
        event
            .response_headers
            .retain(|h| !h.name.eq_ignore_ascii_case("www-authenticate"));
        event.response_headers.push(crate::Header::new(
            "WWW-Authenticate",
            "Basic realm=\"x` ](http://evil.example) ``\n## Pwned\"",
        ));
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
}
