//! `diagnose` and `report` on any exchange (see `authlens_core_fuzz::exchange`):
//! - an invalid event is an error naming a field, never a panic;
//! - a diagnosis is well formed: its status, confidences in [0, 1] with the alternatives
//!   ranked below the cause, evidence with the arguments its text expects, distinct fixes,
//!   and it reads back from JSON unchanged;
//! - privacy: no `Authorization` / `Proxy-Authorization` value or credentials, no value of a
//!   service's own credentials header (`X-Vault-Token`…), and no cookie value, of 8 bytes or more appears in the challenges or findings it returns (which the core
//!   scrubs even when the server echoes them), nor anywhere in its JSON or in the report,
//!   unless that text is public anyway (the URL, the response, the vocabulary of ids).
#![no_main]

use std::sync::OnceLock;

use authlens_core::{
    ActionId, Cause, CauseId, Diagnosis, Event, EvidenceId, FindingId, FixId, ReportContext,
    diagnose, report,
};
use authlens_core_fuzz::exchange::{self, CredentialHeaders, Markers, Texts};
use libfuzzer_sys::fuzz_target;

/// Shorter secrets are too common as substrings to be told apart from public text.
const MIN_SECRET: usize = 8;

/// What JSON and the report put around values (the core's `WRAPPING`).
const WRAPPING: &[char] = &[
    '"', '\'', '`', '[', ']', '{', '}', '(', ')', ',', ':', ';', ' ', '\t',
];

/// The core scrubs the first 256 request secrets it finds (hundreds come only from a hostile
/// request); requests with more are left out of the privacy checks.
const MAX_SECRETS: usize = 200;

const FIELDS: &[&str] = &["url", "method", "statusCode", "timeStamp"];

fuzz_target!(|data: &[u8]| {
    let Some(event) = exchange::event(data) else {
        return;
    };
    let d = match diagnose(&event) {
        Ok(d) => d,
        Err(e) => {
            assert!(FIELDS.contains(&e.field), "{e}");
            assert_eq!(event.validate(), Err(e));
            return;
        }
    };
    well_formed(&event, &d);
    let json = serde_json::to_string(&d).expect("a diagnosis serialises");
    let back: Diagnosis = serde_json::from_str(&json).expect("a diagnosis reads back");
    assert_eq!(back, d);
    let text = render(&event, &d);
    private(&event, &d, &json, &text);
});

fn well_formed(event: &Event, d: &Diagnosis) {
    assert_eq!(d.status, event.status_code);
    let causes: Vec<&Cause> = std::iter::once(&d.cause).chain(&d.alternatives).collect();
    for (i, c) in causes.iter().enumerate() {
        assert!((0.0..=1.0).contains(&c.confidence), "{c:?}");
        assert!(
            i == 0 || c.confidence <= causes[i - 1].confidence,
            "alternatives ranked: {:?}",
            d.alternatives
        );
        assert!(
            !causes[..i].iter().any(|b| b.id == c.id),
            "repeated cause {}",
            c.id
        );
        for e in &c.evidence {
            assert_eq!(e.args.len(), e.id.arity(), "{e:?}");
        }
    }
    assert!(!d.fixes.is_empty());
    for (i, f) in d.fixes.iter().enumerate() {
        assert!(
            !d.fixes[..i].iter().any(|g| g.id == f.id),
            "repeated fix {}",
            f.id
        );
    }
}

/// The report with a stand-in for the locale lookup that keeps keys and arguments apart.
fn render(event: &Event, d: &Diagnosis) -> String {
    let text = |key: &str, args: &[String]| format!("{key}⟨{}⟩", args.join("⟩⟨"));
    report(&ReportContext::from_event(event, "Fuzz 1"), d, &text)
}

/// What the request carried that must not come out (trimmed, as a reader would copy it).
fn secrets(event: &Event) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut count = 0;
    for h in event.request_headers.iter().flatten() {
        let value = h.value.as_deref().unwrap_or_default().trim();
        if ["authorization", "proxy-authorization"]
            .iter()
            .any(|n| h.name.eq_ignore_ascii_case(n))
        {
            out.push(value);
            if let Some((_, credentials)) = value.split_once([' ', '\t']) {
                out.push(credentials.trim());
            }
        } else if is_credential_header(&h.name) {
            out.push(value);
        } else if h.name.eq_ignore_ascii_case("cookie") {
            for pair in value.split(';').filter(|p| !p.trim().is_empty()) {
                out.push(pair.split_once('=').map_or(pair, |(_, v)| v).trim());
                count += 1;
            }
        }
        count += 2;
    }
    // Without the quotes and brackets that JSON and the report add around values (a nameless
    // cookie `["XSRF-T` is not leaked by `["XSRF-TOKEN"]`); too short then, a secret cannot be
    // told apart from public text (the core still removes it whole).
    let mut out: Vec<&str> = out.into_iter().map(|s| s.trim_matches(WRAPPING)).collect();
    out.retain(|s| s.len() >= MIN_SECRET);
    (count <= MAX_SECRETS).then_some(out)
}

fn is_credential_header(name: &str) -> bool {
    CredentialHeaders::ALL
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

fn private(event: &Event, d: &Diagnosis, json: &str, text: &str) {
    let Some(secrets) = secrets(event) else {
        return;
    };
    if secrets.is_empty() {
        return;
    }
    for secret in &secrets {
        for c in &d.challenges {
            let fields = std::iter::once(&c.scheme)
                .chain(&c.token68)
                .chain(c.params.iter().flat_map(|p| [&p.name, &p.value]));
            for field in fields {
                assert!(!field.contains(secret), "challenge keeps {secret:?}: {c:?}");
            }
        }
        for f in &d.findings {
            assert!(
                !f.args.iter().any(|a| a.contains(secret)),
                "finding keeps {secret:?}: {f:?}"
            );
        }
    }
    let mut public: Option<String> = None;
    for secret in &secrets {
        if !json.contains(secret) && !text.contains(secret) {
            continue;
        }
        let public = public.get_or_insert_with(|| public_text(event));
        if public.contains(secret) || vocabulary().contains(secret) {
            continue;
        }
        assert!(!json.contains(secret), "diagnosis leaks {secret:?}: {json}");
        assert!(!text.contains(secret), "report leaks {secret:?}:\n{text}");
    }
}

/// Everything that may show up in a diagnosis without coming from the request's secrets: what
/// the server and the URL say, and the diagnosis and report of the same exchange without them.
fn public_text(event: &Event) -> String {
    let mut out = format!(
        "{}\n{}\n{:?}\n{:?}\n",
        event.url, event.method, event.resource_type, event.initiator
    );
    for h in &event.response_headers {
        out += &format!("{}: {}\n", h.name, h.value.as_deref().unwrap_or_default());
    }
    out += event.body_text.as_deref().unwrap_or_default();
    let mut bare = event.clone();
    if let Some(headers) = &mut bare.request_headers {
        headers.retain(|h| {
            !["authorization", "proxy-authorization", "cookie"]
                .iter()
                .any(|n| h.name.eq_ignore_ascii_case(n))
                && !is_credential_header(&h.name)
        });
    }
    if let Ok(d) = diagnose(&bare) {
        out += &serde_json::to_string(&d).unwrap_or_default();
        out += &render(&bare, &d);
    }
    out
}

/// Every id, locale key and JSON field name a diagnosis or report is made of, and the texts
/// the classifier recognises.
fn vocabulary() -> &'static str {
    static WORDS: OnceLock<String> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<String> = Vec::new();
        let mut add = |name: &str, prefixes: &[&str]| {
            words.push(name.into());
            words.extend(
                prefixes
                    .iter()
                    .map(|p| format!("{p}_{}", name.replace('-', "_"))),
            );
        };
        CauseId::ALL
            .iter()
            .for_each(|id| add(id.as_str(), &["why", "cause"]));
        EvidenceId::ALL
            .iter()
            .for_each(|id| add(id.as_str(), &["evidence"]));
        FixId::ALL.iter().for_each(|id| add(id.as_str(), &["fix"]));
        ActionId::ALL
            .iter()
            .for_each(|id| add(id.as_str(), &["action"]));
        FindingId::ALL
            .iter()
            .for_each(|id| add(id.as_str(), &["finding"]));
        let fields = [
            "status",
            "cause",
            "confidence",
            "evidence",
            "args",
            "alternatives",
            "challenges",
            "scheme",
            "token68",
            "params",
            "findings",
        ];
        fields
            .into_iter()
            .chain([
                "offset", "fixes", "audience", "visitor", "owner", "action", "report_",
            ])
            .for_each(|f| add(f, &[]));
        Markers::ALL.iter().for_each(|m| add(m, &[]));
        // As JSON and the report quote them: a secret `"XSRF-TOK` is then found in `"XSRF-TOKEN"`.
        let quoted: Vec<String> = words
            .iter()
            .flat_map(|w| ['"', '`', '\''].map(|q| format!("{q}{w}{q}")))
            .collect();
        words.extend(quoted);
        words.join("\n")
    })
}
