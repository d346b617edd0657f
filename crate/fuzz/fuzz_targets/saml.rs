//! `diagnose_flow` on a SAML message made of any bytes, carried both ways a browser carries
//! one: posted in a form (base64: the POST binding) and in a query (percent-encoded base64:
//! the Redirect binding, which is inflated first and read as it is when it will not inflate).
//! Whatever the bytes (broken base64, a DEFLATE bomb, XML with DOCTYPEs, deep nesting):
//! - the flow is judged, never a panic, and both hops show as SAML responses (or as sign-outs,
//!   when the bytes are a LogoutRequest or LogoutResponse);
//! - the encoded message never comes back, and a status message shown keeps no `@` word (an
//!   e-mail address, a user principal name).
#![no_main]

use authlens_core::{
    Event, EvidenceId, Flow, Header, Hop, StepKind, base64_encode as base64, diagnose_flow,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = base64(data);
    let hop = |url: String, method: &str, status_code: u16| Hop {
        event: Event {
            url,
            method: method.into(),
            status_code,
            response_headers: vec![Header {
                name: "Date".into(),
                value: Some("Mon, 26 Feb 2024 10:00:00 GMT".into()),
            }],
            time_stamp: Some(1_708_941_600_000.0),
            ..Event::default()
        },
        ..Hop::default()
    };
    let mut posted = hop("https://sp.example/acs".into(), "POST", 500);
    posted.form_data = Some(vec![("SAMLResponse".into(), vec![value.clone()])]);
    let query: String = value
        .chars()
        .map(|c| match c {
            '+' => "%2B".into(),
            '/' => "%2F".into(),
            '=' => "%3D".into(),
            c => c.to_string(),
        })
        .collect();
    let redirected = hop(
        format!("https://sp.example/acs?SAMLResponse={query}"),
        "GET",
        403,
    );
    let flow = Flow {
        hops: vec![posted, redirected],
        ..Flow::default()
    };
    let d = diagnose_flow(&flow).expect("a flow of valid hops");
    assert!(
        d.timeline
            .iter()
            .all(|s| matches!(s.kind, StepKind::SamlResponse | StepKind::Logout)),
        "{:?}",
        d.timeline
    );
    let json = serde_json::to_string(&d).expect("JSON");
    if value.len() >= 8 {
        assert!(!json.contains(&value), "the message came back: {json}");
    }
    for e in d.failures.iter().flat_map(|f| &f.evidence) {
        if e.id == EvidenceId::ErrorDescription {
            assert!(e.args.iter().all(|a| !a.contains('@')), "{e:?}");
        }
    }
});
